#!/bin/sh
# A stand-in gnuplot that fails half-way: it reads the script up to its
# `set output` line, writes a partial file there and exits 1.  With
# FAKE_GNUPLOT_COUNT (a counter file) and FAKE_GNUPLOT_PASS=N, the first N
# runs go to the real gnuplot, so a report fails after some charts exist.
if [ -n "${FAKE_GNUPLOT_COUNT:-}" ]; then
	n=$(cat "$FAKE_GNUPLOT_COUNT" 2>/dev/null || echo 0)
	n=$((n + 1))
	echo "$n" >"$FAKE_GNUPLOT_COUNT"
	[ "$n" -le "${FAKE_GNUPLOT_PASS:-0}" ] && exec gnuplot
fi
out=
while IFS= read -r line; do
	case $line in
	"set output '"*)
		out=${line#"set output '"}
		out=${out%"'"}
		break
		;;
	esac
done
[ -n "$out" ] && printf '<svg partial' >"$out"
echo "fake gnuplot: failing half-way" >&2
exit 1
