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

finish() {
	[ "$fails" -eq 0 ]
	exit $?
}
