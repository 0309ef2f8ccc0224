#!/bin/sh
# cifra extract on text written for this test: exit codes for bad input
# (issue 12), --lang, --claims, and the two-command workflow
# `extract -o DIR` then `check --data DIR` (issue 8).
. tests/cli/lib.sh

# Bad input: a clear error naming the file and position, exit 65.
printf 'abc\n12 \377 units\n' >"$SCRATCH/latin1.txt"
run "$CIFRA" extract "$SCRATCH/latin1.txt"
expect_rc 65 "not UTF-8"
expect_err "latin1.txt:2:4:"
printf '' >"$SCRATCH/empty.txt"
run "$CIFRA" extract "$SCRATCH/empty.txt"
expect_rc 65 "empty"
expect_err "empty text"
printf '\177ELF\002\001\001\000\000' >"$SCRATCH/bin.txt"
run "$CIFRA" extract "$SCRATCH/bin.txt"
expect_rc 65 "binary"
run "$CIFRA" extract "$SCRATCH/none.txt"
expect_rc 66 "missing file"
printf 'Trade was 5 billion.\n' >"$SCRATCH/ok.txt"
run "$CIFRA" extract "$SCRATCH/ok.txt" --lang fr
expect_rc 64 "unknown language"

# --lang decides what "1.200" and "12,6%" mean.
printf 'Vendieron 1.200 toneladas, un 12,6%% más.\n' >"$SCRATCH/es.txt"
run "$CIFRA" extract "$SCRATCH/es.txt" --lang es
expect_rc 0 "es"
expect_out ",1200,1,count,exact,count,"
expect_out ",12.6,1,percent,exact,growth,"
run "$CIFRA" extract "$SCRATCH/es.txt" --lang en
expect_out ",1.200,1,count,"

# The workflow: a text that states a level, its growth, a threshold crossed
# for the first time and a multiple over a decade.
cat >"$SCRATCH/note.txt" <<'TXT'
Regional trade report

In 2023, exports climbed 25% to $150 billion, exceeding $140 billion for the first time.
Exports in 2023 were also double the value of a decade earlier.
TXT
run "$CIFRA" extract "$SCRATCH/note.txt" --claims --source n1
expect_rc 0 "--claims"
expect_out "yoy(figures.n1.exports[2023]) == 25%"
expect_out "figures.n1.exports[2023] > 140e9"
expect_out "figures.n1.exports[2023] / figures.n1.exports[2013] ~= 2"
run "$CIFRA" extract "$SCRATCH/note.txt" --source n1 -o "$SCRATCH/ds"
expect_rc 0 "-o DIR"
[ -f "$SCRATCH/ds/sources.csv" ] && [ -f "$SCRATCH/ds/figures.csv" ] &&
	[ -f "$SCRATCH/ds/claims.csv" ] || fail "-o DIR: files missing"
run "$CIFRA" check --data "$SCRATCH/ds" --format csv
expect_rc 0 "check on the extracted dataset"
# 150 > 140: consistent; yoy implies 2022 = 150/1.25 = 120 bn; the
# multiple implies 2013 = 75 bn: both unverifiable with their implied value.
expect_out "consistent"
expect_out "unverifiable"
expect_out "implies figures.n1.exports[2022]"
# An existing DIR is never replaced, and nothing half-written is left.
run "$CIFRA" extract "$SCRATCH/note.txt" -o "$SCRATCH/ds"
expect_rc 73 "existing DIR"
expect_err "already exists"
# A DIR that cannot be created (no parent): 73, and no private directory
# (.NAME.cifra-PID.tmp) or file of it left anywhere.
run "$CIFRA" extract "$SCRATCH/note.txt" -o "$SCRATCH/no/such/ds"
expect_rc 73 "DIR without a parent"
expect_err "$SCRATCH/no/such/ds"
left=$(find "$SCRATCH" -name '*.cifra-*')
[ -z "$left" ] || fail "temporaries left: $left"
# --format table: a person's view in about 100 columns; the shared series
# prefix and the source said once above it; the figure as written.
run "$CIFRA" extract "$SCRATCH/note.txt" --source n1 --format table
expect_rc 0 "--format table"
expect_out "figures from n1, series figures.n1.NAME"
expect_out "id    series"
expect_out "25%"
expect_out "150 billion USD"
expect_out "over 140 billion USD"
expect_out "2×"
wide=$(printf '%s\n' "$OUT" | awk '{ if (length($0) > w) w = length($0) } END { print w }')
[ "$wide" -le 100 ] || fail "--format table is $wide columns wide"
printf '%s\n' "$OUT" | grep -q 'figures\.n1\.exports' && fail "series prefix repeated on rows"
printf 'At least 40 ships called in 2023.\n' >"$SCRATCH/q.txt"
run "$CIFRA" extract "$SCRATCH/q.txt" --format table
expect_out "at least 40"

finish
