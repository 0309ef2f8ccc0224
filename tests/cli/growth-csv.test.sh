#!/bin/sh
# cifra growth --csv / --tsv: the answer equals SQL's lag() window query
# (sqlite3) on a generated Comtrade-shaped file (150 000 rows, so output is
# formatted in several blocks by two threads), key-partitioned shards run
# with --sorted give exactly the single-process answer, and errors carry the
# documented exit codes.
. tests/cli/lib.sh

KEYS=reporterISO,partnerISO,flowCode,cmdCode
IN=$SCRATCH/trade.csv
scripts/gen-comtrade 150000 7 >"$IN" || fail "gen-comtrade failed"
rows=$(($(wc -l <"$IN") - 1))
[ "$rows" -eq 150000 ] || fail "gen-comtrade wrote $rows rows, not 150000"

growth() {
	"$CIFRA" growth --key $KEYS --time refYear --value primaryValue "$@"
}

# --- 1. equal to sqlite3's lag() (relative 1e-9) ------------------------
run growth --csv "$IN"
expect_rc 0 "growth --csv"
printf '%s\n' "$OUT" >"$SCRATCH/cifra.csv"

sqlite3 -batch "$SCRATCH/db" <<EOF >"$SCRATCH/sqlite.csv" || fail "sqlite3 failed"
.import --csv $IN t
.headers on
.mode csv
SELECT reporterISO, partnerISO, flowCode, cmdCode, refYear,
       NULLIF(primaryValue, ''),
       CAST(NULLIF(primaryValue, '') AS REAL)
         / NULLIF(lag(CAST(NULLIF(primaryValue, '') AS REAL)) OVER w, 0) - 1
         AS growth
FROM t
WINDOW w AS (PARTITION BY reporterISO, partnerISO, flowCode, cmdCode
             ORDER BY CAST(refYear AS INTEGER))
ORDER BY reporterISO, partnerISO, flowCode, cmdCode, CAST(refYear AS INTEGER);
EOF

# Everything before the last comma (keys, time, value) must be the same
# text; the growth the same number within 1e-9 (or both missing).
awk -v out="$SCRATCH/cmp.txt" '
function split_last(s, parts,   i) {
	i = match(s, /,[^,]*$/)
	parts[1] = substr(s, 1, i - 1); parts[2] = substr(s, i + 1)
}
{ sub(/\r$/, "") } # sqlite3 ends CSV lines with CRLF
NR == FNR { a[FNR] = $0; n = FNR; next }
{
	m = FNR
	if (FNR == 1) next # sqlite3 names the computed columns itself
	split_last(a[FNR], x); split_last($0, y)
	if (x[1] != y[1]) { bad++; print "row " FNR ": " a[FNR] " / " $0 > out; next }
	if (x[2] == "" || y[2] == "") {
		if (x[2] != y[2]) { bad++; print "row " FNR ": " a[FNR] " / " $0 > out }
		next
	}
	d = x[2] - y[2]; if (d < 0) d = -d
	s = y[2] < 0 ? -y[2] : y[2]
	if (d > 1e-9 * s) { bad++; print "row " FNR ": " a[FNR] " / " $0 > out }
	if (x[2] != "") ngrowth++
}
END {
	if (m != n) { print "rows: " n " vs " m > out; bad++ }
	if (ngrowth < 130000) { print "only " ngrowth " growth values" > out; bad++ }
	exit bad > 0
}' "$SCRATCH/cifra.csv" "$SCRATCH/sqlite.csv" ||
	fail "cifra differs from sqlite3 lag(): $(head -5 "$SCRATCH/cmp.txt")"

# --- 2. shards: key-partitioned, sorted, --sorted each = one process ----
# sqlite3 splits by a function of the key (cmdCode mod 3) and sorts each
# shard by key bytes and year, as a map-reduce shuffle would.
for i in 0 1 2; do
	sqlite3 -batch "$SCRATCH/db" >"$SCRATCH/shard$i.csv" <<EOF
.headers on
.mode csv
SELECT * FROM t WHERE CAST(cmdCode AS INTEGER) % 3 = $i
ORDER BY reporterISO, partnerISO, flowCode, cmdCode, CAST(refYear AS INTEGER);
EOF
done
: >"$SCRATCH/shards.out"
for i in 0 1 2; do
	# stdin, as a reducer reads it
	growth --csv - --sorted <"$SCRATCH/shard$i.csv" >"$SCRATCH/part$i" ||
		fail "--sorted on shard $i failed"
	tail -n +2 "$SCRATCH/part$i" >>"$SCRATCH/shards.out"
done
tail -n +2 "$SCRATCH/cifra.csv" | LC_ALL=C sort >"$SCRATCH/one.sorted"
LC_ALL=C sort "$SCRATCH/shards.out" >"$SCRATCH/shards.sorted"
[ -s "$SCRATCH/one.sorted" ] || fail "empty single-process output"
cmp -s "$SCRATCH/one.sorted" "$SCRATCH/shards.sorted" ||
	fail "shards with --sorted differ from the single process"

# The same through the Hadoop Streaming form: TSV shards, --tsv --sorted.
for i in 0 1 2; do
	sqlite3 -batch "$SCRATCH/db" >"$SCRATCH/shard$i.tsv" <<EOF
.mode tabs
SELECT reporterISO, partnerISO, flowCode, cmdCode, refYear, primaryValue
FROM t WHERE CAST(cmdCode AS INTEGER) % 3 = $i
ORDER BY reporterISO, partnerISO, flowCode, cmdCode, CAST(refYear AS INTEGER);
EOF
	cat "$SCRATCH/shard$i.tsv" >>"$SCRATCH/all.tsv"
done
"$CIFRA" growth --tsv <"$SCRATCH/all.tsv" >"$SCRATCH/tsv.one" ||
	fail "--tsv failed"
: >"$SCRATCH/tsv.shards"
for i in 0 1 2; do
	"$CIFRA" growth --tsv --sorted <"$SCRATCH/shard$i.tsv" \
		>>"$SCRATCH/tsv.shards" || fail "--tsv --sorted on shard $i"
done
[ "$(wc -l <"$SCRATCH/tsv.one")" -eq 150000 ] || fail "--tsv: not 150000 rows"
LC_ALL=C sort "$SCRATCH/tsv.one" >"$SCRATCH/a"
LC_ALL=C sort "$SCRATCH/tsv.shards" >"$SCRATCH/b"
cmp -s "$SCRATCH/a" "$SCRATCH/b" || fail "--tsv shards differ"

# --sorted on unsorted input is caught, naming the line.
run growth --csv "$IN" --sorted
expect_rc 65 "--sorted on unsorted input"
expect_err "$IN:"
expect_err "--sorted"

# --- 3. errors, exit codes, no half-written output ---------------------
printf 'k,t,v\na,2000,1\na,2001,1x5\n' >"$SCRATCH/bad.csv"
run "$CIFRA" growth --csv "$SCRATCH/bad.csv" --key k --time t --value v \
	--out "$SCRATCH/res.csv"
expect_rc 65 "bad number"
expect_err "bad.csv:3:8:"
[ ! -e "$SCRATCH/res.csv" ] || fail "output left behind after an error"
[ -z "$(ls -A "$SCRATCH" | grep 'res.csv')" ] || fail "temporary left behind"

printf 'k,t,v\na,2000,1\na,2000,2\n' >"$SCRATCH/dup.csv"
run "$CIFRA" growth --csv "$SCRATCH/dup.csv" --key k --time t --value v
expect_rc 65 "duplicate"
expect_err "dup.csv:3:"
expect_err "line 2"
run "$CIFRA" growth --csv "$SCRATCH/dup.csv" --key k --time t --value v --sum
expect_rc 0 "--sum"
expect_out "a,2000,3,"

run "$CIFRA" growth --csv "$SCRATCH/dup.csv" --key k,nosuch --time t --value v
expect_rc 64 "unknown column"
expect_err "nosuch"

run "$CIFRA" growth --csv "$SCRATCH/missing.csv" --key k --time t --value v
expect_rc 66 "missing input"

run "$CIFRA" growth --csv "$SCRATCH/dup.csv" --key k --time t
expect_rc 64 "no --value"

# --out writes the file only when complete; nothing on stdout.
run growth --csv "$IN" --out "$SCRATCH/res.csv"
expect_rc 0 "--out"
[ -z "$OUT" ] || fail "--out also wrote stdout"
cmp -s "$SCRATCH/res.csv" "$SCRATCH/cifra.csv" || fail "--out differs"

# No progress line when stderr is not a terminal.
run growth --csv "$IN" --summary
expect_rc 0 "--summary"
[ -z "$ERR" ] || fail "stderr not empty: $ERR"
expect_out "reporterISO,partnerISO,flowCode,cmdCode,first_time,last_time,n,cagr,trend,trend_lo,trend_hi"

# --- 4. several threads, one answer --------------------------------------
for t in 1 3; do
	growth --csv "$IN" --threads $t >"$SCRATCH/threads$t.csv" ||
		fail "--threads $t failed"
	cmp -s "$SCRATCH/threads$t.csv" "$SCRATCH/cifra.csv" ||
		fail "--threads $t differs from the default"
done

# --- 5. --where, and a Comtrade total beside its breakdown ---------------
cat >"$SCRATCH/ct.csv" <<'EOF'
refYear,reporterCode,flowCode,partnerCode,partner2Code,cmdCode,customsCode,motCode,primaryValue
2014,156,M,842,0,8542,C00,0 ,100.0
2015,156,M,842,0,8542,C00,0,102.0
2015,156,M,842,4,8542,C00,0,30.0
EOF
CT="--key reporterCode,partnerCode,flowCode,cmdCode --time refYear --value primaryValue"
run "$CIFRA" growth --csv "$SCRATCH/ct.csv" $CT
expect_rc 65 "Comtrade breakdown"
expect_err "ct.csv:4:"
expect_err "partner2Code ('0' and '4')"
expect_err "--where 'partner2Code=0'"
# following the advice: 102/100 - 1 = 0.02 (motCode "0 " is a total too)
run "$CIFRA" growth --csv "$SCRATCH/ct.csv" $CT --where partner2Code=0 \
	--where motCode=0
expect_rc 0 "--where"
[ "$OUT" = "reporterCode,partnerCode,flowCode,cmdCode,refYear,primaryValue,growth
156,842,M,8542,2014,100.0,
156,842,M,8542,2015,102.0,0.02" ] || fail "--where output: $OUT"
run "$CIFRA" growth --csv "$SCRATCH/ct.csv" $CT --where nosuch=1
expect_rc 64 "--where unknown column"
expect_err "nosuch"
run "$CIFRA" growth --csv "$SCRATCH/ct.csv" $CT --where partner2Code
expect_rc 64 "--where without ="

# --- 6. TSV lines of two fields: an error, never a crash -----------------
for input in '0\t' '2000\t1\n2000\t1\nk\t2001\t2\n' '2000\t1\nk\t2001\t2\n'; do
	for sorted in "" --sorted; do
		printf "$input" >"$SCRATCH/two.tsv"
		run "$CIFRA" growth --tsv="$SCRATCH/two.tsv" $sorted
		expect_rc 65 "TSV $input $sorted"
		expect_err "two.tsv:1: 2 fields"
		[ -z "$OUT" ] || fail "TSV $input: output $OUT"
	done
done

# --- 7. a field of 8 MiB (libcsv's buffer grew 128 bytes at a time) -----
{
	echo "k,t,v"
	printf '"'
	head -c 8388608 /dev/zero | tr '\0' x
	printf '",2000,1\n'
} >"$SCRATCH/long.csv"
run timeout 60 "$CIFRA" growth --csv "$SCRATCH/long.csv" --key k --time t \
	--value v --summary
expect_rc 0 "8 MiB field"

# --- 8. past memory: a clear message, exit 70, no output; the advice works
# The limit: what cifra needs to start (its shared libraries, ICU's data
# among them, take tens of MB of address space) plus the least that makes
# this file run out of memory, found by steps of 5 MB.
grep -v '""' "$IN" >"$SCRATCH/it's clean.csv" # no field holds a quote or comma; a name the advice must quote
start=30000
while [ $start -le 300000 ] &&
	! (ulimit -v $start && "$CIFRA" --version) >/dev/null 2>&1; do
	start=$((start + 5000))
done
oom() { # limit: the plain run under it, into a new file
	rm -f "$SCRATCH/oom.csv"
	run sh -c "ulimit -v $1; exec \"\$0\" growth --csv \"\$1\" \
		--key $KEYS --time refYear --value primaryValue --out \"\$2\"" \
		"$CIFRA" "$SCRATCH/it's clean.csv" "$SCRATCH/oom.csv"
}
limit=""
if [ $start -le 300000 ]; then
	try=$((start + 5000))
	while [ $try -le $((start + 60000)) ]; do
		oom $try
		[ "$RC" -eq 70 ] || break
		limit=$try
		try=$((try + 5000))
	done
fi
if [ $start -gt 300000 ]; then
	echo "  SKIPPED: out-of-memory test (cifra does not start under ulimit -v 300000, e.g. ASan)"
elif [ -z "$limit" ]; then
	fail "out of memory: no limit above the $start KB cifra starts with made it run out (first: exit $RC, $ERR)"
else
	oom $limit
	expect_rc 70 "out of memory (ulimit -v $limit)"
	expect_err "out of memory with"
	expect_err "rows need about"
	expect_err "--sorted"
	[ ! -e "$SCRATCH/oom.csv" ] || fail "output left behind after OOM"
	ls -A "$SCRATCH" | grep -q 'oom.csv' && fail "temporary left behind"
	cmd=$(printf '%s\n' "$ERR" | sed -n 's/.*first: \((head.*sorted\.csv\) (if.*/\1/p')
	[ -n "$cmd" ] || fail "no sort command in: $ERR"
	(cd "$SCRATCH" && sh -c "$cmd") || fail "the advised sort failed: $cmd"
	run sh -c "ulimit -v $limit; exec \"\$0\" growth --csv \"\$1\" --sorted \
		--key $KEYS --time refYear --value primaryValue" \
		"$CIFRA" "$SCRATCH/sorted.csv"
	expect_rc 0 "--sorted after the advised sort, same memory limit"
	printf '%s\n' "$OUT" | LC_ALL=C sort >"$SCRATCH/adv.sorted"
	growth --csv "$SCRATCH/it's clean.csv" | LC_ALL=C sort >"$SCRATCH/clean.sorted"
	cmp -s "$SCRATCH/adv.sorted" "$SCRATCH/clean.sorted" ||
		fail "--sorted after the advised sort differs"
	echo "  out of memory under ulimit -v $limit KB (cifra starts with $start)"
fi

# --- 9. --out: odd targets and signals (outfile.h, as every output) -------
# A device node, a FIFO or a link is never replaced; an interrupted run
# leaves neither the output nor its temporary.
T=$SCRATCH/targets
mkdir "$T"
printf 'k,t,v\na,2000,1\na,2001,2\n' >"$T/in.csv"
G="growth --csv $T/in.csv --key k --time t --value v"
if mknod "$T/full" c 1 7 2>/dev/null; then
	run "$CIFRA" $G --out "$T/full"
	expect_rc 73 "--out a full device"
	expect_err "full: cannot write: No space left on device"
	[ -c "$T/full" ] || fail "the device node was replaced by a file"
else
	echo "  SKIPPED: --out a device node (mknod needs root)"
fi
mkfifo "$T/pipe"
cat "$T/pipe" >"$T/from-pipe" &
reader=$!
run "$CIFRA" $G --out "$T/pipe"
expect_rc 0 "--out a FIFO"
wait $reader
[ -p "$T/pipe" ] || fail "the FIFO was replaced"
[ "$(cat "$T/from-pipe")" = "k,t,v,growth
a,2000,1,
a,2001,2,1" ] || fail "the FIFO's reader got: $(cat "$T/from-pipe")"
echo old >"$T/real.csv"
ln -s real.csv "$T/link.csv"
run "$CIFRA" $G --out "$T/link.csv"
expect_rc 0 "--out a link"
[ -L "$T/link.csv" ] || fail "the link was replaced"
grep -q '^a,2001,2,1$' "$T/real.csv" || fail "the link's file was not written"
rm -f "$T/from-pipe" "$T/real.csv" "$T/link.csv"
# a FIFO whose reader goes away: SIGPIPE as for any writer, and the copy
# staged in TMPDIR for writing through is removed
mkdir "$T/tmpdir"
head -c 100 "$T/pipe" >/dev/null &
TMPDIR=$T/tmpdir run growth --csv "$IN" --out "$T/pipe"
expect_rc 141 "--out a FIFO whose reader leaves"
[ -z "$(ls -A "$T/tmpdir")" ] || fail "SIGPIPE left: $(ls -A "$T/tmpdir")"
rmdir "$T/tmpdir"
# An input that never ends (a FIFO kept open) holds cifra in its read,
# its temporary made: SIGTERM and SIGHUP, then SIGINT as timeout sends it.
slow_input() {
	rm -f "$T/slow.csv"
	mkfifo "$T/slow.csv"
	{ printf 'k,t,v\na,2000,1\n'; sleep 30; } >"$T/slow.csv" &
	feeder=$!
}
for sig in $(signals_caught TERM HUP); do
	slow_input
	"$CIFRA" growth --csv "$T/slow.csv" --key k --time t --value v \
		--out "$T/res.csv" 2>/dev/null &
	pid=$!
	n=0
	until ls -A "$T" | grep -q '^\.res\.csv\.cifra-' || [ $n -ge 100 ]; do
		sleep 0.1
		n=$((n + 1))
	done
	[ $n -lt 100 ] || fail "SIG$sig: no temporary seen"
	kill -$sig $pid
	{ wait $pid; } 2>/dev/null
	rc=$?
	kill $feeder 2>/dev/null
	[ $rc -gt 128 ] || fail "SIG$sig: exit $rc"
	left=$(ls -A "$T" | grep -v '^in\.csv$\|^full$\|^pipe$\|^slow\.csv$')
	[ -z "$left" ] || fail "SIG$sig left: $left"
done
slow_input
run timeout -s INT 1 "$CIFRA" growth --csv "$T/slow.csv" --key k --time t \
	--value v --out "$T/res.csv"
kill $feeder 2>/dev/null
expect_rc 124 "timeout -s INT"
left=$(ls -A "$T" | grep -v '^in\.csv$\|^full$\|^pipe$\|^slow\.csv$')
[ -z "$left" ] || fail "SIGINT left: $left"

finish
