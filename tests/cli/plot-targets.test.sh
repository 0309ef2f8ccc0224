# cifra plot into odd targets and through a misbehaving gnuplot (issue 12
# items 3, 4, 5, 7): a device node, a FIFO or a link is never replaced; a
# truncated chart or a full disk never replaces a good chart; a gnuplot
# that hangs is killed after CIFRA_GNUPLOT_TIMEOUT; an interrupted cifra
# leaves no temporary behind.
. tests/cli/lib.sh
D=tests/data/plot
HERE=$(pwd)
S=$SCRATCH

# no temporary of ours anywhere under a directory
no_temps() { # dir what
	left=$(find "$1" -name '*.cifra-*' 2>/dev/null)
	[ -z "$left" ] || fail "$2: temporaries left: $left"
}

# Is process $1 still running (a zombie waiting for its reaper is not)?
# Waits up to 3 s for it to go.
running() {
	n=0
	while [ $n -lt 30 ]; do
		st=$(ps -o stat= -p "$1" 2>/dev/null)
		case $st in "" | Z*) return 1 ;; esac
		sleep 0.1
		n=$((n + 1))
	done
	return 0
}

# output written through to a device or FIFO is staged in $TMPDIR: a
# private one, to see that nothing is left there
TMPDIR=$S/tmpdir
export TMPDIR
mkdir "$TMPDIR"

# a FIFO: written through to its reader, still a FIFO afterwards
mkfifo "$S/pipe.svg"
cat "$S/pipe.svg" >"$S/from-pipe.svg" &
reader=$!
run "$CIFRA" plot trade --data $D -o "$S/pipe.svg"
expect_rc 0 "plot into a FIFO"
wait $reader
[ -p "$S/pipe.svg" ] || fail "the FIFO was replaced"
xmllint --noout "$S/from-pipe.svg" 2>/dev/null || fail "the FIFO's reader got no whole SVG"

# a symbolic link: the file it points to is replaced, the link kept
echo old >"$S/real.svg"
ln -s real.svg "$S/link.svg"
run "$CIFRA" plot trade --data $D -o "$S/link.svg"
expect_rc 0 "plot into a link"
[ -L "$S/link.svg" ] || fail "the link was replaced"
xmllint --noout "$S/real.svg" 2>/dev/null || fail "the link's target is not the chart"
ln -s nowhere.svg "$S/dangling.svg"
run "$CIFRA" plot trade --data $D -o "$S/dangling.svg"
expect_rc 73 "plot into a dangling link"
expect_err "dangling.svg"
[ -L "$S/dangling.svg" ] || fail "the dangling link was replaced"

# a directory: refused
mkdir "$S/dir.svg"
run "$CIFRA" plot trade --data $D -o "$S/dir.svg"
expect_rc 73 "plot onto a directory"
[ -d "$S/dir.svg" ] || fail "the directory was replaced"

# device nodes (mknod needs root)
if mknod "$S/full.svg" c 1 7 2>/dev/null && mknod "$S/null.png" c 1 3; then
	run "$CIFRA" plot trade --data $D -o "$S/full.svg"
	expect_rc 73 "plot into a full device"
	expect_err "full.svg: cannot write: No space left on device"
	[ -c "$S/full.svg" ] || fail "the device node full.svg was replaced"
	run "$CIFRA" plot trade --data $D -o "$S/null.png"
	expect_rc 0 "plot into a null device"
	[ -c "$S/null.png" ] || fail "the device node null.png was replaced"
else
	echo "  SKIPPED: device-node targets (mknod needs root)"
fi
no_temps "$S" "odd targets"
no_temps "$TMPDIR" "odd targets (TMPDIR)"
[ -z "$(ls -A "$TMPDIR")" ] || fail "TMPDIR holds: $(ls -A "$TMPDIR")"

# a stand-in gnuplot that writes half the chart and exits 0: 69, the old
# chart kept, nothing left
for sfx in svg png; do
	echo old >"$S/keep.$sfx"
	GNUPLOT=$HERE/tests/cli/fake-gnuplot-half.sh \
		run "$CIFRA" plot trade --data $D -o "$S/keep.$sfx"
	expect_rc 69 "half a $sfx"
	expect_err "incomplete"
	[ "$(cat "$S/keep.$sfx")" = old ] || fail "keep.$sfx replaced by half a chart"
done
no_temps "$S" "half a chart"

# a full disk: a small tmpfs (mount needs root)
mkdir "$S/small"
if mount -t tmpfs -o size=96k tmpfs "$S/small" 2>/dev/null; then
	run "$CIFRA" plot growth --data $D -o "$S/small/good.png"
	expect_rc 0 "a chart on the small tmpfs"
	dd if=/dev/zero of="$S/small/filler" bs=1k count=200 2>/dev/null
	run "$CIFRA" plot growth --data $D -o "$S/small/good.png"
	expect_rc 73 "a chart on a full tmpfs"
	expect_err "good.png: cannot write: No space left on device"
	head -c 8 "$S/small/good.png" | grep -q PNG || fail "the good chart was lost"
	run "$CIFRA" plot growth --data $D -o "$S/small/new.svg"
	expect_rc 73 "a new chart on a full tmpfs"
	[ -e "$S/small/new.svg" ] && fail "a cut chart was left on the full disk"
	no_temps "$S/small" "full disk"
	umount "$S/small"
else
	echo "  SKIPPED: full-disk test (mounting a tmpfs needs root)"
fi

# a gnuplot that never returns: killed after the timeout, 69
rm -f "$S/pids"
start=$(date +%s)
CIFRA_GNUPLOT_TIMEOUT=2 FAKE_GNUPLOT_PID=$S/pids \
	GNUPLOT=$HERE/tests/cli/fake-gnuplot-sleep.sh \
	run "$CIFRA" plot trade --data $D -o "$S/slow.svg"
took=$(($(date +%s) - start))
expect_rc 69 "a hanging gnuplot"
expect_err "did not finish within 2 s"
[ "$took" -le 10 ] || fail "a hanging gnuplot held cifra for $took s"
for p in $(cat "$S/pids" 2>/dev/null); do
	running "$p" && fail "gnuplot's process $p still runs"
done
[ -e "$S/slow.svg" ] && fail "slow.svg left behind"
no_temps "$S" "timeout"
CIFRA_GNUPLOT_TIMEOUT=soon run "$CIFRA" plot trade --data $D -o "$S/x.svg"
expect_rc 64 "a timeout that is not a number"

# interrupted: SIGTERM, SIGHUP leave no temporary, kill gnuplot (SIGINT
# below: a background job of a script starts with SIGINT ignored, and
# cifra leaves an ignored signal ignored, as nohup users expect)
for sig in $(signals_caught TERM HUP); do
	rm -f "$S/pids"
	mkdir -p "$S/sig"
	FAKE_GNUPLOT_PID=$S/pids GNUPLOT=$HERE/tests/cli/fake-gnuplot-sleep.sh \
		"$CIFRA" report --data $D -o "$S/sig/rep" >/dev/null 2>&1 &
	pid=$!
	n=0
	while [ ! -s "$S/pids" ] && [ $n -lt 100 ]; do
		sleep 0.1
		n=$((n + 1))
	done
	kill -$sig $pid
	{ wait $pid; } 2>/dev/null
	rc=$?
	[ $rc -gt 128 ] || fail "SIG$sig: exit $rc"
	sleep 0.2
	for p in $(cat "$S/pids" 2>/dev/null); do
		running "$p" && fail "SIG$sig: gnuplot $p still runs"
	done
	[ -z "$(ls -A "$S/sig")" ] || fail "SIG$sig left: $(ls -A "$S/sig")"
done
# timeout -s INT, as a user's Ctrl-C, during a plot and during a report
for cmd in "plot trade -o $S/sig/t.svg" "report -o $S/sig/rep"; do
	rm -f "$S/pids"
	# shellcheck disable=SC2086
	FAKE_GNUPLOT_PID=$S/pids GNUPLOT=$HERE/tests/cli/fake-gnuplot-sleep.sh \
		run timeout -s INT 1 "$CIFRA" $cmd --data $D
	expect_rc 124 "timeout -s INT $cmd"
	for p in $(cat "$S/pids" 2>/dev/null); do
		running "$p" && fail "SIGINT: gnuplot $p still runs"
	done
	[ -z "$(ls -A "$S/sig")" ] || fail "SIGINT left: $(ls -A "$S/sig")"
done
finish
