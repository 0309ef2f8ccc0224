#!/bin/sh
# A gnuplot that draws the first $FAKE_GNUPLOT_AFTER charts with the real
# gnuplot, then hangs like fake-gnuplot-sleep.sh: a report interrupted
# half-way through.  The calls are counted in $FAKE_GNUPLOT_COUNT.
n=$(cat "$FAKE_GNUPLOT_COUNT" 2>/dev/null || echo 0)
echo $((n + 1)) >"$FAKE_GNUPLOT_COUNT"
[ "$n" -lt "${FAKE_GNUPLOT_AFTER:-0}" ] && exec gnuplot "$@"
exec sh "$(dirname "$0")/fake-gnuplot-sleep.sh"
