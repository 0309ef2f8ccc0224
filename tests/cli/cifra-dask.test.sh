#!/bin/sh
# scripts/cifra-dask on a local Dask cluster of 2 worker processes gives,
# byte for byte, the output of one `cifra growth --csv` process: on a
# generated 1 M-row Comtrade-shaped file, and on a file where the split
# points fall inside a quoted field holding line breaks; its errors name
# the input's lines and columns as cifra's do.
. tests/cli/lib.sh

DASK=scripts/cifra-dask
if ! /usr/bin/python3 -c 'import distributed' 2>/dev/null; then
	fail "python3-distributed is not installed (scripts/install-deps.sh)"
	finish
fi
dask() { "$DASK" --cifra "$CIFRA" --workers 2 "$@"; }
KEYS=reporterISO,partnerISO,flowCode,cmdCode

# --- 1. 1 M rows ------------------------------------------------------------
IN=$SCRATCH/trade.csv
scripts/gen-comtrade 1000000 3 >"$IN" || fail "gen-comtrade failed"
"$CIFRA" growth --csv "$IN" --key $KEYS --time refYear --value primaryValue \
	--out "$SCRATCH/one.csv" || fail "cifra failed"
run dask --csv "$IN" --key $KEYS --time refYear --value primaryValue \
	--out "$SCRATCH/dask.csv"
expect_rc 0 "cifra-dask on 1 M rows"
[ -z "$ERR" ] || fail "cifra-dask wrote to stderr: $ERR"
[ "$(wc -l <"$SCRATCH/one.csv")" -eq 1000001 ] || fail "cifra: not 1000001 lines"
cmp -s "$SCRATCH/one.csv" "$SCRATCH/dask.csv" ||
	fail "cifra-dask differs from cifra growth --csv"
ls -a "$SCRATCH" | grep -q '^\.cifra-dask' && fail "temporaries left behind"

# --summary through the same path
"$CIFRA" growth --csv "$IN" --key $KEYS --time refYear --value primaryValue \
	--summary >"$SCRATCH/one.sum" || fail "cifra --summary failed"
run dask --csv "$IN" --key $KEYS --time refYear --value primaryValue --summary
expect_rc 0 "cifra-dask --summary"
printf '%s\n' "$OUT" | cmp -s - "$SCRATCH/one.sum" || fail "--summary differs"

# --- 2. split points inside a quoted field holding line breaks --------------
# Four ranges (two per worker) over the rows; the quoted key "big…" takes
# the middle 80% of the file, so three split points fall inside it, on
# lines that look like records ("k1,1999,5").
Q=$SCRATCH/quoted.csv
{
	echo "k,t,v"
	i=0
	while [ $i -lt 200 ]; do
		echo "k$((i % 7)),$((2000 + i / 7)),$((i + 1))"
		i=$((i + 1))
	done
	printf '"big\n'
	i=0
	while [ $i -lt 2000 ]; do
		printf 'k1,1999,5\n"",x\n'
		i=$((i + 1))
	done
	printf 'end",2000,3\n"q,""1""",2000,4\n"q,""1""",2001,6\n'
} >"$Q"
"$CIFRA" growth --csv "$Q" --key k --time t --value v >"$SCRATCH/q.one" ||
	fail "cifra on the quoted file failed"
run dask --csv "$Q" --key k --time t --value v
expect_rc 0 "cifra-dask on the quoted file"
printf '%s\n' "$OUT" | cmp -s - "$SCRATCH/q.one" ||
	fail "cifra-dask differs on a split inside a quoted field"
grep -q '^k1,1999,5,' "$SCRATCH/q.one" && fail "a line inside quotes read as a record"

# --- 3. errors: the input's line and column, cifra's exit code --------------
printf 'k,t,v\n"a",2000,1\nb,2000,1\n"b","2001",x\n' >"$SCRATCH/bad.csv"
run dask --csv "$SCRATCH/bad.csv" --key k --time t --value v
expect_rc 65 "bad value"
expect_err "bad.csv:4:12: value 'x' is not a number"
printf 'k,t,v\n"multi\nline",2000,1\na,2000,1\n"multi\nline",2000,2\n' >"$SCRATCH/dup.csv"
run dask --csv "$SCRATCH/dup.csv" --key k --time t --value v
expect_rc 65 "duplicate"
expect_err "dup.csv:5: key (multi"
expect_err "already on line 2"
run dask --csv "$SCRATCH/nosuch.csv" --key k --time t --value v
expect_rc 66 "missing input"
run dask --csv "$Q" --key nosuch --time t --value v
expect_rc 64 "unknown column"
expect_err "no column 'nosuch'"

# --- 4. a cluster started apart: --scheduler ADDRESS -------------------------
# workers first (they leave the scheduler gracefully), then the scheduler
pids=""
stop_cluster() {
	for p in $pids; do
		kill "$p" 2>/dev/null
		i=0
		while kill -0 "$p" 2>/dev/null && [ $i -lt 50 ]; do
			sleep 0.2
			i=$((i + 1))
		done
		kill -9 "$p" 2>/dev/null
	done
	rm -rf "$SCRATCH"
}
trap stop_cluster EXIT
dask-scheduler --port 0 --dashboard-address :0 --no-show \
	--scheduler-file "$SCRATCH/sched.json" >"$SCRATCH/sched.log" 2>&1 &
pids="$!"
i=0
while [ ! -s "$SCRATCH/sched.json" ] && [ $i -lt 100 ]; do
	sleep 0.2
	i=$((i + 1))
done
addr=$(/usr/bin/python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["address"])' \
	"$SCRATCH/sched.json" 2>/dev/null)
if [ -n "$addr" ]; then
	dask-worker "$addr" --nworkers 2 --nthreads 1 --no-dashboard \
		--death-timeout 30 \
		>"$SCRATCH/workers.log" 2>&1 &
	pids="$! $pids"
	run "$DASK" --cifra "$CIFRA" --scheduler "$addr" --csv "$Q" --key k \
		--time t --value v --out "$SCRATCH/q.sched"
	expect_rc 0 "cifra-dask --scheduler"
	cmp -s "$SCRATCH/q.sched" "$SCRATCH/q.one" ||
		fail "--scheduler output differs from cifra growth --csv"
else
	fail "dask-scheduler did not start: $(cat "$SCRATCH/sched.log")"
fi

finish
