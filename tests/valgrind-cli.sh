#!/bin/sh
# The command line under valgrind on the shipped datasets: every command
# path that allocates (load, claims, growth, charts' scripts, extract, a
# failed load) must end with no error and no leak.
: "${CIFRA:?set CIFRA}"
vg="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
passed=0
failed=0
check() { # expected-status command...
	want=$1
	shift
	$vg "$@" >"$out/stdout" 2>"$out/stderr"
	rc=$?
	if [ "$rc" -eq "$want" ]; then
		passed=$((passed + 1))
	else
		echo "valgrind-cli: '$*' exited $rc, expected $want" >&2
		sed 's/^/  /' "$out/stderr" | head -20 >&2
		failed=$((failed + 1))
	fi
}
check 0 "$CIFRA" list --format json
check 0 "$CIFRA" show trade.china_lac.total
check 0 "$CIFRA" growth trade.china_lac.total --format csv
check 0 "$CIFRA" check --format json
for c in trade growth loans scholarships claims; do
	check 0 "$CIFRA" plot "$c" --script
done
article=../shared/articles/003_fc0a9f7a3101aafc.txt
if [ -r "$article" ]; then
	check 0 "$CIFRA" extract "$article"
else
	echo "valgrind-cli: SKIPPED extract on the corpus: $article not found (no ../shared beside the clone)"
fi
check 65 "$CIFRA" list --data tests/data/datasets/bad-number
check 65 "$CIFRA" show no.such.series
echo "valgrind-cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
