#!/bin/sh
# A stand-in gnuplot that reads its script, writes its process id to
# $FAKE_GNUPLOT_PID (when set) and then never returns: cifra must kill it
# after CIFRA_GNUPLOT_TIMEOUT seconds, or when it is interrupted.
cat >/dev/null
[ -n "${FAKE_GNUPLOT_PID:-}" ] && echo $$ >"$FAKE_GNUPLOT_PID"
sleep 300 &
[ -n "${FAKE_GNUPLOT_PID:-}" ] && echo $! >>"$FAKE_GNUPLOT_PID"
wait
