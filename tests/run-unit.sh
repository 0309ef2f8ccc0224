#!/bin/sh
# Runs every unit-test binary given; with VALGRIND=1 under valgrind.
# Prints one closing line "N passed, N failed" and fails if any failed.
passed=0
failed=0
for t in "$@"; do
	if [ "${VALGRIND:-}" = 1 ]; then
		set -- valgrind -q --error-exitcode=99 --leak-check=full \
			--errors-for-leak-kinds=definite,indirect "$t"
	else
		set -- "$t"
	fi
	if "$@"; then
		passed=$((passed + 1))
	else
		echo "FAILED: $t" >&2
		failed=$((failed + 1))
	fi
done
label=unit
[ "${VALGRIND:-}" = 1 ] && label=valgrind
echo "$label: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
