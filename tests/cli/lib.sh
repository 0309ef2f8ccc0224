# Helpers for CLI tests: sourced by each tests/cli/*.test.sh.
# Each test runs in its own scratch directory, removed on exit.
set -u
SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT
TESTNAME=$(basename "$0" .test.sh)
fails=0

fail() {
	echo "  $TESTNAME: $*" >&2
	fails=$((fails + 1))
}

# run CMD...: runs it, keeps stdout in $OUT, stderr in $ERR, status in $RC.
run() {
	"$@" >"$SCRATCH/out" 2>"$SCRATCH/err"
	RC=$?
	OUT=$(cat "$SCRATCH/out")
	ERR=$(cat "$SCRATCH/err")
}

expect_rc() {
	[ "$RC" -eq "$1" ] || fail "${2:-}: exit $RC, expected $1 (stderr: $ERR)"
}

expect_out() { # substring
	case "$OUT" in *"$1"*) ;; *) fail "stdout lacks '$1': $OUT" ;; esac
}

expect_err() { # substring
	case "$ERR" in *"$1"*) ;; *) fail "stderr lacks '$1': $ERR" ;; esac
}

# signals_caught SIG...: the ones of SIG (TERM, HUP, INT) that this shell
# does not ignore.  An ignored signal stays ignored in cifra (as `nohup`
# users expect), so a test run under nohup cannot send it: skipped, said.
signals_caught() {
	ign=$(sed -n 's/^SigIgn:[[:space:]]*//p' /proc/$$/status 2>/dev/null)
	for sig in "$@"; do
		case $sig in HUP) n=1 ;; INT) n=2 ;; TERM) n=15 ;; *) n=0 ;; esac
		if [ -n "$ign" ] && [ "$n" -gt 0 ] &&
			[ $(((0x$ign >> (n - 1)) & 1)) -eq 1 ]; then
			echo "  SKIPPED: SIG$sig (ignored where the tests run, e.g. nohup)" >&2
		else
			printf '%s ' "$sig"
		fi
	done
}

finish() {
	[ "$fails" -eq 0 ]
	exit $?
}
