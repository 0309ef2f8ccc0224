# The loans chart adds a borrower's loans of one year, but draws a total
# and its parts once: 1.3 = 0.8 + 0.5 is a bar of 1.3, not 2.6, while two
# separate loans of 1 make a bar of 2.
. tests/cli/lib.sh
D=$SCRATCH/ds
mkdir -p "$D"
cat >"$D/sources.csv" <<'CSV'
id,kind,title,author,publisher,published,file
s1,web,Loans page,,Bank,2024,https://example.org
CSV
cat >"$D/loans.csv" <<'CSV'
id,series,period,value,scale,unit,qualifier,lender,borrower,instrument,purpose,status,source,quote
l1,loans.x_b.annual,2023,1.3,billion,USD,exact,x,b,annual_loans,,approved,s1,1.3 bn
l2,loans.x_b.long,2023,0.8,billion,USD,exact,x,b,loan,,approved,s1,0.8 bn
l3,loans.x_b.short,2023,0.5,billion,USD,exact,x,b,loan,,approved,s1,0.5 bn
l4,loans.x_c.one,2021,1,billion,USD,exact,x,c,loan,,pledged,s1,1 bn
l5,loans.x_c.two,2021,1,billion,USD,exact,x,c,loan,,pledged,s1,1 bn
CSV
run "$CIFRA" plot loans --script --data "$D"
expect_rc 0 "loans --script"
# One block per borrower; bars sit a little off the year (clustered).
rows=$(printf '%s\n' "$OUT" | awk '/<< EOD/ {on = 1; next} /^EOD/ {on = 0} on {print $2}' | sort | tr '\n' ' ')
[ "$rows" = "1.3 2 " ] || fail "bar heights '$rows', expected '1.3 2 '"
finish
