# cifra import comtrade: a 47-column API file through import, list, show and
# growth; importing twice; a revision; bad files leave the target as it was;
# the real extracts of ../shared (skipped visibly without them).
. tests/cli/lib.sh
F=tests/data/comtrade
D=$SCRATCH/ds

run "$CIFRA" import comtrade "$F/api_chn_usa_hs8542.csv" -o "$D"
expect_rc 0 "import into a new directory"
# a new directory: a dataset whose reference part holds the figures
expect_out "15 figures added to $D/reference/trade.csv, 0 already there."
[ "$(cat "$D/sources.csv")" = "id,kind,title,author,publisher,published,file" ] ||
	fail "the new dataset's sources.csv is not a bare header"
# 33 rows: 15 totals, 18 breakdown rows (partner2Code, motCode, customsCode)
rm -r "$D"
run "$CIFRA" import comtrade "$F/api_chn_usa_hs8542.csv" -o "$D" --format csv
expect_out "$F/api_chn_usa_hs8542.csv,Comtrade+ API CSV,33,15,18,0,0,15,0"

run "$CIFRA" list --data "$D" --format csv
expect_rc 0 "list"
expect_out "trade.chn_usa.imports.hs8542,USD,15,2010,2024,"

# every annual total exactly once (the values make-fixtures.py wrote)
run "$CIFRA" show trade.chn_usa.imports.hs8542 --data "$D" --format csv
expect_rc 0 "show"
expect_out ",reference,ct_c928baf44b,"
got=$(printf '%s\n' "$OUT" | sed 1d | cut -d, -f2,3 | tr '\n' ' ')
want="2010,4871302566.0 2011,5213877412.0 2012,5902334105.0 2013,6344091278.0 \
2014,6087215533.0 2015,6209871046.0 2016,5788902317.0 2017,6541120998.0 \
2018,7412953804.0 2019,6034481129.0 2020,7126590455.0 2021,9048873312.0 \
2022,8230516677.0 2023,6871294420.0 2024,7512008861.0 "
[ "$got" = "$want" ] || fail "show: $got"

# every YoY: v(t)/v(t-1) - 1 computed with python3 from the values above,
# compared on 13 significant digits
run "$CIFRA" growth trade.chn_usa.imports.hs8542 --data "$D" --format csv
expect_rc 0 "growth"
for pair in 2011:0.07032510121441 2012:0.1320431300159 2013:0.07484448781470 \
	2014:-0.04049054998480 2015:0.02014969115764 2016:-0.06779025295076 \
	2017:0.1299415052817 2018:0.1332849226098 2019:-0.1859545751190 \
	2020:0.1809781657534 2021:0.2697338747242 2022:-0.09043740660118 \
	2023:-0.1651442200218 2024:0.09324508627298; do
	y=${pair%%:*}
	g=$(printf '%s\n' "$OUT" | awk -F, -v y="$y" '$1 == "yoy" && $2 == y { print $5 }')
	case "$g" in "${pair#*:}"*) ;; *) fail "yoy $y: $g, expected ${pair#*:}" ;; esac
done

# the same file again adds nothing and changes no byte
cp -r "$D" "$SCRATCH/before"
run "$CIFRA" import comtrade "$F/api_chn_usa_hs8542.csv" -o "$D"
expect_rc 0 "import twice"
expect_out "nothing added (15 figures already there): $D unchanged."
diff -r "$SCRATCH/before" "$D" >/dev/null || fail "importing twice changed $D"

# a revision of one value is refused, naming both, and changes nothing
# (2020 is on line 30: 2015, 2016 and 2017 take 6, 8 and 7 lines)
sed 's/7126590455\.0,,7126590455\.0/7126590466.0,,7126590466.0/' \
	"$F/api_chn_usa_hs8542.csv" >"$SCRATCH/revised.csv"
run "$CIFRA" import comtrade "$SCRATCH/revised.csv" -o "$D"
expect_rc 65 "a revision"
expect_err "cifra: $SCRATCH/revised.csv:30:144: trade.chn_usa.imports.hs8542 2020: value 7126590466.0 differs from 7126590455.0 already imported at $D/reference/trade.csv:12"
diff -r "$SCRATCH/before" "$D" >/dev/null || fail "a refused revision changed $D"

# bad files: file:line:col, exit 65, nothing written (errors.test has all)
for f in bad_layout:1:1 bad_value:3:143 bad_reporter:3:27 bad_width:3:162; do
	name=${f%%:*}
	run "$CIFRA" import comtrade "$F/$name.csv" -o "$SCRATCH/new"
	expect_rc 65 "$name"
	expect_err "cifra: $F/$name.csv:${f#*:}: "
	[ ! -e "$SCRATCH/new" ] || fail "$name created the target directory"
done
# all files or none: a good file before a bad one adds nothing either
run "$CIFRA" import comtrade "$F/trimmed_comma.csv" "$F/bad_value.csv" -o "$D"
expect_rc 65 "good then bad"
diff -r "$SCRATCH/before" "$D" >/dev/null || fail "a failed import changed $D"

# a failure after the files are renamed in (the result does not load: an
# id the import adds is taken in the dataset's own trade.csv) puts both
# files back, and leaves no temporary or old copy behind
C=$SCRATCH/clash
mkdir -p "$C/reference"
printf '%s\n' "id,kind,title,author,publisher,published,file" \
	"a1,article,An article,,,2024,a1.txt" >"$C/sources.csv"
printf '%s\n' "id,series,period,value,scale,unit,qualifier,reporter,partner,flow,source,quote" \
	"ct_c928baf44b_5,trade.x.total,2022,171.5,billion,USD,exact,chn,bra,total,a1,q" >"$C/trade.csv"
printf '%s\n' "id,kind,title,author,publisher,published,file" \
	"r1,statistics,Old,,,2024,r1.csv" >"$C/reference/sources.csv"
cp -r "$C" "$SCRATCH/clash-before"
run "$CIFRA" import comtrade "$F/api_chn_usa_hs8542.csv" -o "$C"
expect_rc 65 "an import whose result does not load"
expect_err "duplicate id 'ct_c928baf44b_5'"
diff -r "$SCRATCH/clash-before" "$C" >/dev/null || fail "a rolled-back import changed $C"
left=$(find "$SCRATCH" -name '*.cifra-*')
[ -z "$left" ] || fail "temporaries left: $left"

run "$CIFRA" import comtrade "$F/api_chn_usa_hs8542.csv"
expect_rc 64 "no -o"
run "$CIFRA" import "$F/api_chn_usa_hs8542.csv" -o "$D"
expect_rc 64 "no kind"
expect_err "expected the kind of file"
run "$CIFRA" import comtrade "$F/nothing-here.csv" -o "$D"
expect_rc 66 "missing file"

# into a copy of the shipped datasets: reference figures beside the others,
# whether -o names datasets/reference or the dataset itself
cp -r datasets "$SCRATCH/shipped"
cp -r datasets "$SCRATCH/shipped2"
run "$CIFRA" import comtrade "$F/trimmed_semicolon.csv" -o "$SCRATCH/shipped/reference"
expect_rc 0 "append to datasets/reference"
expect_out "8 figures added to $SCRATCH/shipped/reference/trade.csv"
run "$CIFRA" import comtrade "$F/trimmed_semicolon.csv" -o "$SCRATCH/shipped2"
expect_rc 0 "append to datasets"
expect_out "8 figures added to $SCRATCH/shipped2/reference/trade.csv"
diff -r "$SCRATCH/shipped" "$SCRATCH/shipped2" >/dev/null ||
	fail "-o datasets and -o datasets/reference differ"
run "$CIFRA" show trade.chn_bra.imports --data "$SCRATCH/shipped" --format csv
expect_rc 0 "show after append"
expect_out "2022,109522043335.0,"
expect_out ",reference,ct_746dda6cac,"

# the automatic cross-checks run on imported figures: an article's total
# against imported exports + imports (61969970590 + 109522043335 =
# 171492013925, inside 171.5 bn's [171.45, 171.55] bn), an article's
# "about 62 bn" ([61.5, 62.5] bn) against the imported 59105409511.0
A5=$SCRATCH/article
mkdir "$A5"
printf '%s\n' "id,kind,title,author,publisher,published,file" \
	"a1,article,An article,,,2024,a1.txt" >"$A5/sources.csv"
printf '%s\n' "id,series,period,value,scale,unit,qualifier,reporter,partner,flow,source,quote" \
	"t1,trade.chn_bra.total,2022,171.5,billion,USD,exact,chn,bra,total,a1,trade of \$171.5 billion" \
	"t2,trade.chn_bra.exports,2023,62,billion,USD,about,chn,bra,exports,a1,about \$62 billion" >"$A5/trade.csv"
run "$CIFRA" import comtrade "$F/trimmed_comma.csv" -o "$A5"
expect_rc 0 "import beside an article's figures"
expect_out "8 figures added to $A5/reference/trade.csv"
run "$CIFRA" check --data "$A5" --format csv
expect_rc 1 "the article's 62 bn is not the statistics' 59.1 bn"
expect_out "t2/ct_fa2bf4613a_7,conflict,inconsistent,"
expect_out "ct_fa2bf4613a_3+ct_fa2bf4613a_2/t1,parts,consistent,"

# the real extracts: China's trade with Brazil, 2021 as the site states it
# against the extract, a real revision that cifra check reports
A=../shared/reference/comtrade/cipf_dados_comtrade_2020_2021_TOTAL.csv
B=../shared/reference/comtrade/cipf_dados_comtrade_2019_2021_TOTAL_semicolon.csv
if [ -r "$A" ] && [ -r "$B" ]; then
	cp -r datasets "$SCRATCH/real"
	run "$CIFRA" import comtrade "$A" "$B" -o "$SCRATCH/real/reference"
	expect_rc 0 "real extracts"
	expect_out "54 figures added"
	run "$CIFRA" show trade.chn_bra.imports --data "$SCRATCH/real" --format csv
	expect_out "2020,85517209220.0,"
	expect_out "2019,79962547047.0,"
	run "$CIFRA" check --data "$SCRATCH/real" --format csv
	expect_rc 1 "the 2021 revision is a conflict"
	expect_out 'rt124/ct_9045caecb5_23,conflict,inconsistent'
else
	echo "SKIPPED: import of the real extracts: ../shared/reference/comtrade not found (no ../shared beside the clone)"
fi
finish
