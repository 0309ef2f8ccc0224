#!/bin/sh
# Runs every tests/cli/*.test.sh against the built binary ($CIFRA).
# Each script exits 0 on success; it may use the helpers in lib.sh.
: "${CIFRA:?set CIFRA to the cifra binary}"
CIFRA=$(cd "$(dirname "$CIFRA")" && pwd)/$(basename "$CIFRA")
export CIFRA
passed=0
failed=0
for t in tests/cli/*.test.sh; do
	[ -e "$t" ] || continue
	if sh "$t"; then
		passed=$((passed + 1))
	else
		echo "FAILED: $t" >&2
		failed=$((failed + 1))
	fi
done
echo "cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
