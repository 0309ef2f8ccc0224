# report.md on a small fixed dataset (tests/data/plot/golden) against a
# golden file checked by hand once (the values, worked out independently:
# 200 exact is [199.5, 200.5]; "about 240" is [235, 245]; the YoY of 2021
# is [249.5/200.5 - 1, 250.5/199.5 - 1] = [24.44, 25.56]%; the CAGR
# 2020-2022 is (240/200)^(1/2) - 1 = 9.54% within [sqrt(235/200.5) - 1,
# sqrt(245/199.5) - 1] = [8.26, 10.82]%; the log-linear trend on ln 200,
# ln 250, ln 240 has slope 0.091161 (+9.54% a year), standard error
# 0.076200, t(0.975, 1 df) = 12.706, so a 95% CI of [-58.40, +188.46]%, and
# a doubling time of ln 2 / 0.091161 = 7.6 years).  Any change to the
# report shows up here as a diff to review.
. tests/cli/lib.sh
G=tests/data/plot/golden
run "$CIFRA" report --data $G -o "$SCRATCH/rep"
expect_rc 0 "report of the golden dataset"
diff -u $G/report.md.expected "$SCRATCH/rep/report.md" >"$SCRATCH/diff" ||
	fail "report.md differs from $G/report.md.expected:
$(cat "$SCRATCH/diff")"
finish
