# cifra report is all or nothing and never a mix of two runs (issue 12
# items 6 and 9): a report file name taken by a directory fails before
# anything is replaced; two reports into one new directory both succeed;
# two concurrent reports of different data leave one whole report.
. tests/cli/lib.sh
D=tests/data/plot
S=$SCRATCH

# one target name is a directory: 73, naming it, nothing replaced
mkdir -p "$S/occupied/trade.png"
echo old >"$S/occupied/trade.svg"
echo mine >"$S/occupied/notes.txt"
run "$CIFRA" report --data $D -o "$S/occupied"
expect_rc 73 "report with trade.png a directory"
expect_err "occupied/trade.png"
[ "$(cat "$S/occupied/trade.svg")" = old ] || fail "trade.svg replaced"
[ "$(ls -A "$S/occupied" | tr '\n' ' ')" = "notes.txt trade.png trade.svg " ] ||
	fail "left: $(ls -A "$S/occupied")"

# a chart cut short: 69, naming the file asked for, nothing left
mkdir "$S/cut"
GNUPLOT=$(pwd)/tests/cli/fake-gnuplot-half.sh run "$CIFRA" report --data $D -o "$S/cut"
expect_rc 69 "report with a chart cut short"
expect_err "$S/cut/trade.svg: gnuplot wrote an incomplete SVG"
[ -z "$(ls -A "$S/cut")" ] || fail "a cut report left: $(ls -A "$S/cut")"

# into an existing directory: the report's files replaced, others kept
run "$CIFRA" report --data $D -o "$S/occupied-not"
expect_rc 0 "report into a new directory"
echo mine >"$S/occupied-not/notes.txt"
run "$CIFRA" report --data $D -o "$S/occupied-not/"
expect_rc 0 "report into an existing directory"
[ "$(ls -A "$S/occupied-not" | wc -l)" -eq 13 ] ||
	fail "existing directory: $(ls -A "$S/occupied-not")"
[ "$(cat "$S/occupied-not/notes.txt")" = mine ] || fail "notes.txt touched"

# two reports into the same new directory, five times: both succeed
i=0
while [ $i -lt 5 ]; do
	"$CIFRA" report --data $D -o "$S/same$i" >/dev/null 2>"$S/e1" &
	p1=$!
	"$CIFRA" report --data $D -o "$S/same$i" >/dev/null 2>"$S/e2"
	r2=$?
	wait $p1
	r1=$?
	[ $r1 -eq 0 ] && [ $r2 -eq 0 ] ||
		fail "concurrent reports into a new dir: $r1 $r2: $(cat "$S/e1" "$S/e2")"
	[ "$(ls -A "$S/same$i" | wc -l)" -eq 12 ] ||
		fail "same$i holds: $(ls -A "$S/same$i")"
	i=$((i + 1))
done

# two datasets reported concurrently into one directory: in the end the
# charts and the documents come from the same run
B=$S/other
mkdir "$B"
cat >"$B/sources.csv" <<'CSV'
id,kind,title,author,publisher,published,file
o1,web,Other,,Other Press,2024,o1.txt
CSV
cat >"$B/trade.csv" <<'CSV'
id,series,period,value,scale,unit,qualifier,reporter,partner,flow,source,quote
x1,trade.other_pair.total,2020,5,billion,USD,exact,o,p,total,o1,5 bn
x2,trade.other_pair.total,2021,6,billion,USD,exact,o,p,total,o1,6 bn
CSV
i=0
while [ $i -lt 4 ]; do
	"$CIFRA" report --data $D -o "$S/mix" >/dev/null 2>&1 &
	p1=$!
	"$CIFRA" report --data "$B" -o "$S/mix" >/dev/null 2>&1
	wait $p1
	if grep -q "Other Press" "$S/mix/report.md"; then want=other_pair; else want=a_b; fi
	for f in trade.svg growth.svg; do
		grep -q "trade.$want.total" "$S/mix/$f" ||
			fail "mixed report: report.md of trade.$want, $f not"
	done
	i=$((i + 1))
done

# interrupted half-way (five charts drawn, the sixth hangs) while replacing
# an existing report with another dataset's: the report stays as it was,
# and nothing of the run (private directory, temporaries) is left
"$CIFRA" report --data $D -o "$S/half" >/dev/null 2>&1 || fail "report into half"
cp -r "$S/half" "$S/half-before"
rm -f "$S/pids" "$S/count"
FAKE_GNUPLOT_COUNT=$S/count FAKE_GNUPLOT_AFTER=5 FAKE_GNUPLOT_PID=$S/pids \
	GNUPLOT=$(pwd)/tests/cli/fake-gnuplot-late.sh \
	"$CIFRA" report --data "$B" -o "$S/half" >/dev/null 2>&1 &
pid=$!
n=0
while [ ! -s "$S/pids" ] && [ $n -lt 200 ]; do
	sleep 0.1
	n=$((n + 1))
done
[ "$(cat "$S/count")" = 6 ] || fail "half-way: $(cat "$S/count") gnuplot calls"
kill -TERM $pid
{ wait $pid; } 2>/dev/null
[ $? -gt 128 ] || fail "half-way: not killed by SIGTERM"
diff -r "$S/half-before" "$S/half" >/dev/null || fail "an interrupted report changed half"
[ "$(ls -A "$S" | grep -c cifra-)" -eq 0 ] || fail "left: $(ls -A "$S")"

left=$(find "$S" -name '*.cifra-*')
[ -z "$left" ] || fail "temporaries left: $left"
finish
