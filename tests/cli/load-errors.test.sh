# cifra list on every bad dataset in tests/data/loader-errors.test: exit 65
# and "cifra: FILE:LINE:COL: message" on stderr, pointing where the table
# says.  A missing sources.csv is missing input (66).
. tests/cli/lib.sh

table=tests/data/loader-errors.test
n=0
while IFS= read -r case_line; do
	case "$case_line" in '' | '#'*) continue ;; esac
	# fields are separated by " | "
	rest=$case_line
	dir=${rest%% | *}; rest=${rest#* | }
	file=${rest%% | *}; rest=${rest#* | }
	line=${rest%% | *}; rest=${rest#* | }
	col=${rest%% | *}; msg=${rest#* | }
	data=tests/data/datasets/$dir
	run "$CIFRA" list --data "$data"
	expect_rc 65 "$dir"
	want="cifra: $data/$file:$line:$col: "
	first=$(printf '%s\n' "$ERR" | head -n 1)
	case "$first" in
	"$want"*"$msg"*) ;;
	*) fail "$dir: stderr '$first', expected '$want…$msg…'" ;;
	esac
	[ -z "$OUT" ] || fail "$dir: printed a table for a bad dataset: $OUT"
	n=$((n + 1))
done <"$table"
[ "$n" -ge 12 ] || fail "only $n cases read from $table"

run "$CIFRA" list --data tests/data/datasets/no-sources
expect_rc 66 "no sources.csv"
expect_err "cifra: tests/data/datasets/no-sources/sources.csv"

run "$CIFRA" list --data tests/data/datasets/good
expect_rc 0 "good dataset"
expect_out "trade.china_lac.total"

finish
