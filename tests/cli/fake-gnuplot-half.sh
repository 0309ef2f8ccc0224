#!/bin/sh
# A stand-in gnuplot that writes only the first half of the chart and
# exits 0, as gnuplot does on a nearly full disk: cifra must not take its
# word for it.  It draws the real chart into a scratch file, then copies
# half of it to the output named in the script.
script=$(cat)
out=$(printf '%s\n' "$script" | sed -n "s/^set output '\(.*\)'\$/\1/p" | head -1)
tmp=$(mktemp)
printf '%s\n' "$script" | sed "s|^set output '.*'\$|set output '$tmp'|" | gnuplot 2>/dev/null
size=$(wc -c <"$tmp")
head -c $((size / 2)) "$tmp" >"$out"
rm -f "$tmp"
exit 0
