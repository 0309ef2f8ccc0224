#!/bin/sh
# Fault injection (make check): every allocation of `cifra check` and
# `cifra report` fails in turn, on a small dataset, through the LD_PRELOAD
# wrapper tests/fault/fault.c (as SQLite's malloc tests do).  For N = 1,
# 1 + STRIDE, … until a run no longer reaches allocation N:
#   - the run exits 70 with a "cifra: " message, or does exactly what the
#     run without any failure did (same status, same standard output);
#     never a crash, never another status, never a silently different
#     result;
#   - report: every file left in the output directory is identical to the
#     one the run without failure wrote (nothing half-written), and nothing
#     else is left beside it (no temporary);
#   - a subset of the runs (every VG_EVERY-th failing one) again under
#     valgrind: no memory error, no leak.
# check (table) makes about 500 allocations: every N is tried.  check
# --format json makes more, so N steps by JSON_STRIDE (default 5); report
# runs gnuplot ten times per run, so N steps by REPORT_STRIDE (default 7),
# widened so that report makes at most REPORT_RUNS (150) runs, and then
# every N of its last REPORT_TAIL (100) allocations, those of writing the
# documents, where a swallowed failure shows as a silently different file.
# FAULT_FULL=1 tries every N everywhere.  The strides are printed.
: "${CIFRA:?set CIFRA}" "${FAULT_LIB:?set FAULT_LIB}"
CIFRA=$(cd "$(dirname "$CIFRA")" && pwd)/$(basename "$CIFRA")
FAULT_LIB=$(cd "$(dirname "$FAULT_LIB")" && pwd)/$(basename "$FAULT_LIB")
data=$(pwd)/tests/data/datasets/good
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
VG_EVERY=${VG_EVERY:-40}
# nouserintercepts: valgrind must not replace the wrapper's own malloc
vg="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect --soname-synonyms=somalloc=nouserintercepts"
have_vg=1
command -v valgrind >/dev/null 2>&1 || have_vg=0
failures=0

known=0
# fail MESSAGE: a failure, unless tests/fault/pending.txt lists it as a
# known bug whose owner is fixing it (then it is counted and shown once).
fail() {
	pat=$(grep -v '^#' tests/fault/pending.txt 2>/dev/null | cut -f1 |
		while IFS= read -r p; do
			[ -n "$p" ] && printf '%s\n' "$*" | grep -Eq "$p" &&
				{ printf '%s' "$p"; break; }
		done)
	if [ -n "$pat" ]; then
		known=$((known + 1))
		grep -qxF "$pat" "$tmp/known" 2>/dev/null || {
			echo "$pat" >>"$tmp/known"
			echo "fault: KNOWN (tests/fault/pending.txt): $*"
		}
		return
	fi
	echo "FAILED: fault: $*" >&2
	failures=$((failures + 1))
}

# attempt N ""|valgrind ARGS...: runs the command of the current case in a fresh
# $tmp/run with allocation N failing; sets rc, hit (1 when N was reached).
attempt() {
	fail_n=$1 pre=""
	[ "$2" = valgrind ] && pre=$vg
	shift 2
	rm -rf "$tmp/run"
	mkdir -p "$tmp/run"
	(cd "$tmp/run" && CIFRA_FAULT_N=$fail_n CIFRA_FAULT_REPORT=$tmp/run.fault \
		LD_PRELOAD=$FAULT_LIB $pre "$CIFRA" "$@" >stdout 2>stderr)
	rc=$?
	hit=0
	grep -q '^failed' "$tmp/run.fault" 2>/dev/null && hit=1
	rm -f "$tmp/run.fault"
}

# The files a report run left: "NAME SUM" lines, stdout/stderr aside.
listing() {
	(cd "$tmp/run" && find . -type f ! -name stdout ! -name stderr |
		sort | xargs -r md5sum)
}

# fault_case NAME STRIDE MAXRUNS TAIL ARGS...: the fault loop for `cifra
# ARGS`, N stepping by STRIDE, or more when that would take more than
# MAXRUNS runs (FAULT_FULL=1: every N), then every N of the last TAIL
# allocations of the run without failure.
fault_case() {
	name=$1 stride=$2 maxruns=$3 tail=$4
	shift 4
	# the run without failure: its status, output and files
	(cd "$tmp" && rm -rf run && mkdir run && cd run &&
		CIFRA_FAULT_REPORT=$tmp/base.fault LD_PRELOAD=$FAULT_LIB \
			"$CIFRA" "$@" >stdout 2>stderr)
	base_rc=$?
	total=$(sed -n 's/^total //p' "$tmp/base.fault")
	rm -f "$tmp/base.fault"
	cp "$tmp/run/stdout" "$tmp/base.stdout"
	listing >"$tmp/base.files"
	[ -n "$total" ] || { fail "$name: the wrapper did not load"; return; }
	if [ "${FAULT_FULL:-}" = 1 ]; then
		stride=1
	elif [ $((total / stride)) -gt "$maxruns" ]; then
		stride=$(((total + maxruns - 1) / maxruns))
	fi
	echo "fault $name: $total allocations without failure (exit $base_rc);" \
		"failing each in turn, N step $stride"
	n=1 runs=0 nfail=0 vgruns=0
	while :; do
		attempt_args=$n
		run_one "$@"
		[ "$hit" -eq 1 ] || break
		runs=$((runs + 1))
		n=$((n + stride))
		[ "$n" -gt $((total * 2 + 100)) ] && {
			fail "$name: still failing at N=$n, beyond $total allocations"
			break
		}
	done
	tailruns=0
	n=$((total - tail + 1))
	[ "$n" -lt 1 ] && n=1
	while [ "$tail" -gt 0 ] && [ "$stride" -gt 1 ] && [ "$n" -le "$total" ]; do
		if [ $(((n - 1) % stride)) -ne 0 ]; then
			attempt_args=$n
			run_one "$@"
			[ "$hit" -eq 1 ] && runs=$((runs + 1)) tailruns=$((tailruns + 1))
		fi
		n=$((n + 1))
	done
	tailnote=""
	[ "$tailruns" -gt 0 ] && tailnote="; $tailruns of them every N of the last $tail"
	echo "fault $name: $runs runs with a failed allocation ($nfail exited 70," \
		"$((runs - nfail)) did what the clean run did$tailnote)," \
		"$vgruns under valgrind"
}

run_one() {
	attempt "$attempt_args" "" "$@"
	[ "$hit" -eq 1 ] || return
	judge "$@"
	if [ "$rc" -eq 70 ]; then
		nfail=$((nfail + 1))
		if [ "$have_vg" -eq 1 ] && [ $((nfail % VG_EVERY)) -eq 1 ]; then
			attempt "$attempt_args" valgrind "$@"
			vgruns=$((vgruns + 1))
			if [ "$rc" -eq 99 ]; then
				fail "$name N=$attempt_args: valgrind:" \
					"$(grep -m3 '==' "$tmp/run/stderr" | tr '\n' ' ')"
			elif [ "$hit" -ne 1 ]; then
				fail "$name N=$attempt_args: under valgrind" \
					"allocation N was not reached"
			else
				# judged as any run: report's allocations vary by a
				# few from run to run (gnuplot's output is read as it
				# comes), so under valgrind's timing N may be another
				# allocation, whose failure may be absorbed
				judge "$@"
			fi
			hit=1
		fi
	fi
}

# The first line the failing run printed differently ("> …"), else the
# first it left out ("< …").
first_change() {
	diff "$tmp/base.stdout" "$tmp/run/stdout" >"$tmp/diff"
	{ grep -m1 '^>' "$tmp/diff" || grep -m1 '^<' "$tmp/diff"; } | cut -c1-120
}

# judge: the outcome of the attempt just made.
judge() {
	where="$name N=$attempt_args"
	if [ "$rc" -eq 70 ]; then
		grep -q '^cifra: ' "$tmp/run/stderr" ||
			fail "$where: exit 70 without a 'cifra: ' message"
	elif [ "$rc" -eq "$base_rc" ]; then
		cmp -s "$tmp/run/stdout" "$tmp/base.stdout" ||
			fail "$where: exit $rc as without failure, but a different" \
				"output: $(first_change)"
	else
		fail "$where: exit $rc (expected 70 or $base_rc): $(head -c 300 "$tmp/run/stderr")"
	fi
	listing >"$tmp/run.files"
	# every file left is one the clean run wrote, byte for byte
	if ! awk 'NR == FNR { ok[$0] = 1; next } !($0 in ok) { bad = 1; print }
		END { exit bad }' "$tmp/base.files" "$tmp/run.files" >"$tmp/bad"; then
		fail "$where: exit $rc left a partial or stray file: $(tr '\n' ' ' <"$tmp/bad")"
	fi
}

fault_case check 1 1000 0 check --data "$data"
fault_case check-json "${JSON_STRIDE:-5}" 300 100 \
	check --data "$data" --format json
fault_case report "${REPORT_STRIDE:-7}" "${REPORT_RUNS:-150}" \
	"${REPORT_TAIL:-100}" report --data "$data" -o out
[ "$known" -gt 0 ] && echo "fault: $known runs showed known, pending bugs" \
	"(tests/fault/pending.txt)"
if [ "$failures" -ne 0 ]; then
	echo "fault: $failures failures" >&2
	exit 1
fi
echo "fault: every injected allocation failure handled"
