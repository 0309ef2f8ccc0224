# Faults that cifra already handles and must keep handling: a reader that
# stops early (SIGPIPE), a missing data directory, a read-only output
# directory.  (The faults still being fixed have their tests with the fixes.)
. tests/cli/lib.sh

# ---- a pipe closed early: `cifra show … | head -1` -------------------------
# 4000 figures: the output is far larger than a pipe's buffer, so cifra is
# still writing when head exits.  Killed by SIGPIPE (141) or done (0), never
# a crash and never a message on stderr.
big=$SCRATCH/big
mkdir "$big"
printf 'id,kind,title\ns1,article,One\n' >"$big/sources.csv"
awk 'BEGIN {
	print "id,series,period,value,scale,unit,qualifier,source,quote,reporter,partner,flow"
	for (i = 0; i < 4000; i++)
		printf "t%d,trade.big.total,%d,%d.5,billion,USD,exact,s1,quote %d,China,LAC,total\n",
			i, 1000 + i, i, i
}' >"$big/trade.csv"
for format in table csv json; do
	first=$({ "$CIFRA" show trade.big.total --data "$big" --format "$format" \
		2>"$SCRATCH/pipe.err"; echo $? >"$SCRATCH/pipe.rc"; } | head -1)
	rc=$(cat "$SCRATCH/pipe.rc")
	case $rc in
	0 | 141) ;;
	*) fail "show --format $format | head -1: exit $rc" ;;
	esac
	[ -s "$SCRATCH/pipe.err" ] &&
		fail "show --format $format | head -1 wrote to stderr: $(cat "$SCRATCH/pipe.err")"
	[ -n "$first" ] || fail "show --format $format | head -1: no first line"
done
# the same output in full is large (so the test above did close the pipe
# early)
bytes=$("$CIFRA" show trade.big.total --data "$big" | wc -c)
[ "$bytes" -gt 200000 ] || fail "the big show output is only $bytes bytes"

# ---- a data directory that does not exist -----------------------------------
run "$CIFRA" list --data "$SCRATCH/nonexistent"
expect_rc 66 "list --data nonexistent"
expect_err "$SCRATCH/nonexistent/sources.csv"

# ---- a read-only output directory ------------------------------------------
# Not writable for a normal user through its mode; root ignores modes, so
# as root a read-only tmpfs is mounted there (skipped where that is not
# allowed).
ro=$SCRATCH/ro
mkdir "$ro"
mounted=0
if [ "$(id -u)" = 0 ]; then
	if mount -t tmpfs -o ro,size=64k tmpfs "$ro" 2>/dev/null; then
		mounted=1
		trap 'umount "$ro"; rm -rf "$SCRATCH"' EXIT
	else
		echo "faults: SKIPPED read-only directory: running as root and" \
			"cannot mount a read-only tmpfs"
		finish
	fi
else
	chmod 555 "$ro"
fi

run "$CIFRA" plot trade --data datasets -o "$ro/trade.svg"
expect_rc 73 "plot -o into a read-only directory"
expect_err "$ro/trade.svg"

run "$CIFRA" report --data datasets -o "$ro/report"
expect_rc 73 "report -o a new directory inside a read-only one"
expect_err "$ro/report"

run "$CIFRA" growth --csv tests/data/bulk/basic.csv --key reporter,partner \
	--time year --value value --out "$ro/growth.csv"
expect_rc 73 "growth --csv --out into a read-only directory"
expect_err "$ro/growth.csv"

# nothing was written there
left=$(ls -A "$ro")
[ -z "$left" ] || fail "files left in the read-only directory: $left"
[ "$mounted" = 1 ] || chmod 755 "$ro"
finish
