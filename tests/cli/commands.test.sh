# list, show and growth on a small dataset (tests/data/cli/growth) whose
# figures were chosen so every result can be computed by hand:
#   2019 100, 2020 110, 2021 121 (US$ bn, exact) -> 10% a year exactly;
#   2020-01/2020-06 50 and 2021-01/2021-06 60 -> a year-to-date pair, +20%;
#   2022 "over 130" -> a lower bound, (130 bn, +inf).
. tests/cli/lib.sh
D=tests/data/cli/growth

# jq_eq EXPR VALUE: the JSON in $OUT gives VALUE (numbers within 1e-12 rel).
jq_eq() {
	got=$(printf '%s' "$OUT" | jq -r "$1")
	awk -v g="$got" -v e="$2" 'BEGIN {
		if (g == e) exit 0
		if (g + 0 == g && e + 0 == e) { d = g - e; if (d < 0) d = -d
			m = e < 0 ? -e : e; exit !(d <= 1e-12 * m) }
		exit 1 }' || fail "$1 = $got, expected $2"
}

run "$CIFRA" list --data "$D"
expect_rc 0 list
expect_out "trade.a_b.total  USD         6  2019   2022  s2,s1"

run "$CIFRA" list --data "$D" --format json
jq_eq '.[0].series' trade.a_b.total
jq_eq '.[0].figures' 6
jq_eq '.[0].sources | join(",")' s2,s1

run "$CIFRA" list --data "$D" --format csv
expect_out "series,unit,figures,first,last,sources"
expect_out 'trade.a_b.total,USD,6,2019,2022,"s2,s1"'

# show: intervals are half a unit of the last written digit either side.
run "$CIFRA" show trade.a_b.total --data "$D"
expect_rc 0 show
expect_out "t1  2019                  US\$100 bn   [99.5, 100.5]  exact      cited   s2      US\$100 billion"
expect_out "(130, ∞)  over"
run "$CIFRA" show trade.a_b.total --data "$D" --format json
jq_eq '.figures[0].interval.lo' 99500000000
jq_eq '.figures[0].interval.hi' 100500000000
jq_eq '.figures[5].interval.lo_open' true
jq_eq '.figures[5].interval.hi' null
jq_eq '.figures[4].quote' 'US$121 billion, a record'
jq_eq '.figures[4].attributes.reporter' a

# A claim's implied value is listed apart, as a result of that claim, never
# among the figures; growth never uses it.  tests/data/checks/implied: c1
# "yoy(x[2021-01/2021-11]) == 42.3%" on 411.25 bn implies the base
# [411.245/1.4235, 411.255/1.4225] bn = [288.897, 289.107] bn.
I=tests/data/checks/implied
run "$CIFRA" show trade.x.total --data "$I"
expect_rc 0 "show implied"
expect_out "implied by claims (results of those claims, not figures):"
expect_out "2020-01/2020-11  [288.897, 289.107] bn  c1 "
[ "$(printf '%s\n' "$OUT" | grep -c '^x21ytd ')" -eq 1 ] || fail "show: figure row"
run "$CIFRA" show trade.x.total --data "$I" --format json
jq_eq '.figures | length' 1
jq_eq '.implied[0].claim' c1
jq_eq '.implied[0].period' 2020-01/2020-11
jq_eq '.implied[0].interval.lo' 288897084650.50928
run "$CIFRA" show trade.x.total --data "$I" --format csv
case "$OUT" in *c1*) fail "show csv: implied value among the figures" ;; esac
run "$CIFRA" growth trade.x.total --data "$I" --format json
jq_eq '.points | length' 1
jq_eq '.yoy[0].base' null

run "$CIFRA" show no.such.series --data "$D"
expect_rc 65 "unknown series"
expect_err "no series 'no.such.series'"

# growth, by hand:
#   2020: [109.5/100.5 - 1, 110.5/99.5 - 1] = [0.0895522388, 0.1105527638]
#   2021-01/2021-06 against 2020-01/2020-06 (same shape, never the year):
#         [59.5/50.5 - 1, 60.5/49.5 - 1] = [0.1782178218, 0.2222222222]
#   2022: (130/121.5 - 1, +inf) = (0.0699588477, +inf); a bound is not a
#         value, so there is no growth "as written" (null)
#   CAGR 2019 -> 2022 over 3 years: low (130/100.5)^(1/3) - 1 = 0.0895799347,
#         high +inf, none as written
#   trend over 2019..2021 (2022 is a half line, no point value): exactly 10%,
#         doubling ln 2 / ln 1.1 = 7.2725408973 years
run "$CIFRA" growth trade.a_b.total --data "$D" --format json
expect_rc 0 growth
jq_eq '.yoy[] | select(.period=="2019") | .base' null
jq_eq '.yoy[] | select(.period=="2020") | .growth.lo' 0.08955223880597019
jq_eq '.yoy[] | select(.period=="2020") | .growth.hi' 0.11055276381909551
jq_eq '.yoy[] | select(.period=="2020") | .growth_written' 0.1
jq_eq '.yoy[] | select(.period=="2021-01/2021-06") | .base' 2020-01/2020-06
jq_eq '.yoy[] | select(.period=="2021-01/2021-06") | .growth.lo' 0.17821782178217815
jq_eq '.yoy[] | select(.period=="2021-01/2021-06") | .growth.hi' 0.22222222222222232
jq_eq '.yoy[] | select(.period=="2022") | .growth.lo' 0.06995884773662553
jq_eq '.yoy[] | select(.period=="2022") | .growth.hi' null
jq_eq '.yoy[] | select(.period=="2022") | .growth_written' null
jq_eq '.cagr.years' 3
jq_eq '.cagr.growth_written' null
jq_eq '.cagr.growth.lo' 0.08957993473481363
jq_eq '.cagr.growth.hi' null
jq_eq '.trend.points' 3
jq_eq '.trend.rate' 0.1
jq_eq '.trend.doubling_years' 7.272540897341713

# the whole JSON against its golden file (checked by hand: see
# tests/data/golden/README.md)
"$CIFRA" growth trade.a_b.total --data "$D" --format json >"$SCRATCH/g.json"
diff -u tests/data/golden/growth-a_b.json "$SCRATCH/g.json" >"$SCRATCH/diff" ||
	fail "growth --format json differs from its golden file: $(cat "$SCRATCH/diff")"

# The table fits the width ($COLUMNS; 100 when not a terminal); the note
# column gives way: whole at 130, cut at 110 (the cut notes in full below),
# left out at 100 and 80 (every note below, one line per text, wrapped).
widest() { printf '%s\n' "$OUT" | while IFS= read -r l; do
	printf '%s\n' "$l" | wc -m; done | sort -n | tail -1; }
COLUMNS=130 run "$CIFRA" growth trade.a_b.total --data "$D"
expect_out "yoy      2020             2019                  US\$110 bn   10.0%   9.0%  11.1%"
expect_out "yoy      2022             2021             over US\$130 bn       –   7.0%      ∞"
expect_out "2019                                   US\$100 bn       –                no figure for the year before"
expect_out "3 points, 95% CI; doubles in 7.3 y [7.3, 7.3]"
case "$OUT" in *notes:*) fail "notes listed though none was cut: $OUT" ;; esac
COLUMNS=110 run "$CIFRA" growth trade.a_b.total --data "$D"
expect_out "3 points, 95% CI; doubles in…"
expect_out "notes:
trend 2019/2021: 3 points, 95% CI; doubles in 7.3 y [7.3, 7.3]"
[ "$(widest)" -le 111 ] || fail "COLUMNS=110: $(widest) characters wide" # wc -m counts the newline
for w in 100 80; do
	COLUMNS=$w run "$CIFRA" growth trade.a_b.total --data "$D"
	expect_out "notes:
2019, 2020-01/2020-06: no figure for the year before
cagr 2019/2022: per year over 3 years
trend 2019/2021: 3 points, 95% CI; doubles in 7.3 y [7.3, 7.3]"
	[ "$(widest)" -le $((w + 1)) ] || fail "COLUMNS=$w: $(widest) characters wide"
	case "$OUT" in *"  note"*) fail "COLUMNS=$w: the note column is shown" ;; esac
done

# CSV carries the value in base units and the growth as a fraction, both at
# full precision: 110e9 and 110/100 - 1, whose lower end is 109.5/100.5 - 1.
run "$CIFRA" growth trade.a_b.total --data "$D" --format csv
expect_out "measure,period,base,value,growth,low,high,note"
expect_out "yoy,2020,2019,110000000000,0.10000000000000009,0.08955223880597019,"

# --from/--to restrict the range: 2020..2021 leaves CAGR 2020 -> 2021 = 10%.
run "$CIFRA" growth trade.a_b.total --data "$D" --from 2020 --to 2021 --format json
jq_eq '.cagr.from' 2020
jq_eq '.cagr.to' 2021
jq_eq '.cagr.growth_written' 0.1

run "$CIFRA" growth trade.a_b.total --data "$D" --from 20x0
expect_rc 64 "bad --from"

run "$CIFRA" growth --data "$D"
expect_rc 64 "no series"

run "$CIFRA"
expect_rc 64 "no command"
expect_err "usage: cifra COMMAND"
run "$CIFRA" --version
expect_rc 0 version
expect_out "cifra 0."
run "$CIFRA" list --help
expect_rc 0 "list --help"
expect_out "usage: cifra list"
run "$CIFRA" list --format xml --data "$D"
expect_rc 64 "bad format"
# A stdout that cannot be written (a full disk) is exit 73, never 0, and the
# message names it; JSON is flushed and checked like the tables.
if [ -w /dev/full ]; then
	for args in "growth trade.a_b.total --format json" \
		"show trade.a_b.total --format json" "check --format json" \
		"show trade.a_b.total" "list --format csv" "check"; do
		# shellcheck disable=SC2086
		"$CIFRA" $args --data "$D" >/dev/full 2>"$SCRATCH/err"
		rc=$?
		[ "$rc" -eq 73 ] || fail "$args >/dev/full: exit $rc, expected 73"
		grep -q "<stdout>: cannot write" "$SCRATCH/err" ||
			fail "$args >/dev/full: $(cat "$SCRATCH/err")"
	done
else
	echo "SKIPPED: /dev/full is not writable here"
fi

run "$CIFRA" list --data /nonexistent/dir
expect_rc 66 "missing dataset"
expect_err "/nonexistent/dir/sources.csv"
# A bad option: one message of cifra's naming it as written (getopt's own
# line is not printed besides), exit 64.
for case in "--bogus|unknown option '--bogus'" "-x|unknown option '-x'" \
	"--data|option '--data' needs a value" \
	"--all=yes|option '--all' takes no value"; do
	arg=${case%%|*}
	run "$CIFRA" check $arg
	expect_rc 64 "check $arg"
	[ "$(printf '%s\n' "$ERR" | head -1)" = "cifra: check: ${case#*|}" ] ||
		fail "check $arg: $ERR"
	[ "$(printf '%s\n' "$ERR" | wc -l)" -eq 2 ] || fail "check $arg: $ERR"
done

finish
