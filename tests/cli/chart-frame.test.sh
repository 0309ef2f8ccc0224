# Every chart fits its image (issue 10 item 4): rendered to PNG, no chart
# has ink in its outer 2-pixel frame, on the shipped datasets, on the plot
# fixture and on a dataset of long names and labels.
. tests/cli/lib.sh
S=$SCRATCH
if ! command -v python3 >/dev/null; then
	echo "  SKIPPED: chart frames (python3 not installed)"
	exit 0
fi
check() { # png what
	msg=$(python3 tests/cli/png_frame.py "$1" 2) || fail "$2: $msg"
}

# the checker sees ink where there is some
printf "set terminal pngcairo size 200,100 background rgb 'white'\nset output '%s'\nunset border\nunset tics\nset label 'x' at screen 0.001, screen 0.5\nplot x notitle lc rgb 'white'\n" \
	"$S/inked.png" | gnuplot
python3 tests/cli/png_frame.py "$S/inked.png" 2 >/dev/null
[ $? -eq 1 ] || fail "the frame check misses ink at the left edge"

L=$S/long
mkdir "$L"
cat >"$L/sources.csv" <<'CSV'
id,kind,title,author,publisher,published,file
l1,web,A very long title of a source document that goes on and on about loans and scholarships and trade between two regions of the world,,An Equally Long Publisher Name For Testing,2024-05-01,l1.txt
l2,web,Second source with a long title as well to fill the note lines under the chart,,Publisher Two,2023,l2.txt
CSV
cat >"$L/scholarships.csv" <<'CSV'
id,series,period,value,scale,unit,qualifier,provider,recipient,program,status,source,quote
s1,scholarships.x_y.a.pledged,2025/2027,3500,1,count,exact,x,y,a_programme_with_a_very_long_name_indeed_for_teachers_of_languages,pledged,l1,3500
s2,scholarships.x_y.b.provided,../2025,17000,1,count,exact,x,y,another_programme_whose_name_does_not_fit,provided,l2,17000
s3,scholarships.x_y.c.pledged,2030/2031,12,1,count,exact,x,y,short,pledged,l2,12
CSV
cat >"$L/loans.csv" <<'CSV'
id,series,period,value,scale,unit,qualifier,lender,borrower,instrument,purpose,status,source,quote
n1,loans.x_a.one,2010,25,billion,USD,exact,x,a_borrower_with_a_long_name,loan,,approved,l1,25 bn
n2,loans.x_b.two,2024,0.3,billion,USD,exact,x,b,loan,,approved,l2,0.3 bn
CSV
cat >"$L/trade.csv" <<'CSV'
id,series,period,value,scale,unit,qualifier,reporter,partner,flow,source,quote
t1,trade.x_y.total,2019,100,billion,USD,over,x,y,total,l1,over 100
t2,trade.x_y.total,2020,123.456789,billion,USD,exact,x,y,total,l1,123.456789
t3,trade.x_y.total,2021,150,billion,USD,about,x,y,total,l2,about 150
t4,trade.x_y.total,2021-01/2021-11,140,billion,USD,exact,x,y,total,l2,140
CSV
for data in datasets tests/data/plot "$L"; do
	for c in trade growth loans scholarships claims; do
		out=$S/$(basename "$data")-$c.png
		run "$CIFRA" plot $c --data "$data" -o "$out"
		expect_rc 0 "plot $c --data $data"
		check "$out" "$c chart of $data"
	done
done
finish
