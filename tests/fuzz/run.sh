#!/bin/sh
# Builds and runs the libFuzzer harnesses of tests/fuzz/.
#
#   run.sh smoke NAME...     (make check) for each harness: replay
#       tests/fuzz/regress/NAME/* (a crash fails), report which of
#       tests/fuzz/pending/NAME/* still crash (known bugs whose owners are
#       fixing them: reported, never fatal), then fuzz SMOKE_SECONDS (default
#       4) from the seed corpus tests/fuzz/corpus/NAME.  A crash found there
#       fails, unless the harness still has pending reproducers (then it is
#       most likely one of them: reported as KNOWN, the input kept).
#   run.sh campaign NAME...  (make fuzz) each harness FUZZ_SECONDS (default
#       60) in turn, one at a time, or until FUZZ_RUNS executions when that
#       comes first; new inputs go to build/fuzz/corpus/NAME, crashes to
#       build/fuzz/crashes/NAME; prints executions and crashes.  Scratch
#       files of the harnesses go to a directory of the run (on /dev/shm
#       when there is one) removed at the end, also when a job was killed.
#
# Skips visibly (and succeeds) when clang cannot build a libFuzzer program.
set -u
mode=${1:?usage: run.sh smoke|campaign NAME...}
shift
FUZZ_CC=${FUZZ_CC:-clang}
MAKE=${MAKE:-make}
top=tests/fuzz
out=build/fuzz
rss="-rss_limit_mb=2048 -timeout=20"

probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
printf '%s\n' '#include <stddef.h>' '#include <stdint.h>' \
	'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)' \
	'{ (void)d; (void)n; return 0; }' >"$probe/p.c"
if ! "$FUZZ_CC" -fsanitize=fuzzer,address,undefined -o "$probe/p" \
	"$probe/p.c" >/dev/null 2>&1; then
	echo "fuzz: SKIPPED: $FUZZ_CC cannot build libFuzzer programs" \
		"(install clang and libclang-rt-14-dev: scripts/install-deps.sh)"
	exit 0
fi
$MAKE --no-print-directory -s fuzz-build >"$probe/build.log" 2>&1 || {
	cat "$probe/build.log" >&2
	echo "fuzz: the harnesses do not build" >&2
	exit 1
}

# files DIR: the regular files in DIR, one per line (none when absent).
files() {
	[ -d "$1" ] && find "$1" -maxdepth 1 -type f | sort
}

failed=0
smoke() {
	name=$1
	bin=$out/fuzz-$name
	regress=$(files "$top/regress/$name")
	if [ -n "$regress" ]; then
		# shellcheck disable=SC2086
		if "$bin" $rss $regress >"$probe/log" 2>&1; then
			echo "fuzz $name: $(echo "$regress" | wc -l) regression inputs pass"
		else
			echo "FAILED: fuzz $name: a regression input crashes:" >&2
			grep -E 'ERROR|SUMMARY|invariant|Running:' "$probe/log" | tail -5 >&2
			failed=$((failed + 1))
			return
		fi
	fi
	pending=$(files "$top/pending/$name")
	still=0
	for f in $pending; do
		"$bin" $rss "$f" >/dev/null 2>&1 || still=$((still + 1))
	done
	[ -n "$pending" ] && echo "fuzz $name: $still of $(echo "$pending" | wc -l)" \
		"pending reproducers still crash (tests/fuzz/pending/$name, known bugs)"
	work=$probe/corpus-$name
	mkdir -p "$work" "$out/crashes/$name"
	# shellcheck disable=SC2086
	"$bin" $rss -seed=1 -max_total_time="${SMOKE_SECONDS:-4}" \
		-artifact_prefix="$out/crashes/$name/" -print_final_stats=1 \
		"$work" "$top/corpus/$name" >"$probe/log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$probe/log")
	if [ "$rc" -eq 0 ]; then
		echo "fuzz $name: ${execs:-?} executions, no crash"
		return
	fi
	artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$probe/log")
	if [ -n "$pending" ]; then
		echo "fuzz $name: KNOWN: crashed with pending reproducers" \
			"outstanding; input kept in ${artifact:-$out/crashes/$name}:"
		grep -E 'SUMMARY|invariant' "$probe/log" | head -2 | sed 's/^/    /'
		return
	fi
	echo "FAILED: fuzz $name: a crash (input in ${artifact:-?}):" >&2
	grep -E 'ERROR|SUMMARY|invariant|#[0-9] ' "$probe/log" | head -12 >&2
	failed=$((failed + 1))
}

campaign() {
	name=$1
	bin=$out/fuzz-$name
	mkdir -p "$out/corpus/$name" "$out/crashes/$name"
	shm=/dev/shm
	[ -d "$shm" ] && [ -w "$shm" ] || shm=${TMPDIR:-/tmp}
	scratch=$(mktemp -d "$shm/cifra-fuzz-campaign-XXXXXX")
	# -fork=1 with -ignore_crashes: a known crash does not end the run, so
	# the executions count and every distinct crash is kept.
	# shellcheck disable=SC2086
	TMPDIR=$scratch "$bin" $rss -max_total_time="${FUZZ_SECONDS:-60}" \
		-runs="${FUZZ_RUNS:--1}" -fork=1 \
		-ignore_crashes=1 -ignore_ooms=1 -ignore_timeouts=1 \
		-artifact_prefix="$out/crashes/$name/" \
		"$out/corpus/$name" "$top/corpus/$name" >"$out/$name.log" 2>&1
	rm -rf "$scratch"
	execs=$(sed -n 's/^#\([0-9]*\): cov.*/\1/p' "$out/$name.log" | tail -1)
	secs=$(sed -n 's/.*time: \([0-9]*\)s job.*/\1/p' "$out/$name.log" | tail -1)
	crashes=$(files "$out/crashes/$name")
	echo "fuzz $name: ${execs:-?} executions in ${secs:-?} s," \
		"$(echo "$crashes" | grep -c .) crash inputs in $out/crashes/$name"
	[ -z "$crashes" ] && return
	# one line per distinct sanitizer summary, with a count and an input
	for f in $crashes; do
		"$bin" $rss "$f" 2>&1 | grep -m1 -E 'SUMMARY|invariant|deadly' |
			sed "s|\$| @ $f|"
	done | sort | awk -F' @ ' '{n[$1]++; ex[$1]=$2}
		END {for (k in n) printf "    %d x %s\n        e.g. %s\n", n[k], k, ex[k]}'
	failed=$((failed + 1))
}

for name in "$@"; do
	"$mode" "$name"
done
if [ "$failed" -ne 0 ]; then
	echo "fuzz: $failed harness(es) failed" >&2
	exit 1
fi
echo "fuzz: $# harnesses passed ($mode)"
