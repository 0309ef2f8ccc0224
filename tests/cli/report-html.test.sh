# report.html in a browser (issue 10 item 3): headless Chromium at 1280
# and 375 px: no horizontal scrolling, the verdict filter (CSS only)
# works, no script in the page.  Screenshots go to $CIFRA_SHOTS (default:
# the scratch directory) for a person to look at.
. tests/cli/lib.sh
if ! command -v chromium >/dev/null || ! command -v python3 >/dev/null; then
	echo "  SKIPPED: report.html in a browser (chromium or python3 missing; scripts/install-deps.sh installs them)"
	exit 0
fi
SHOTS=${CIFRA_SHOTS:-$SCRATCH}
mkdir -p "$SHOTS"
for data in datasets tests/data/plot; do
	run "$CIFRA" report --data $data -o "$SCRATCH/rep"
	expect_rc 0 "report --data $data"
	H=$SCRATCH/rep/report.html
	# every claim's quote is on the page (escaped as the page escapes)
	missing=$(python3 - "$data/claims.csv" "$H" <<'PY'
import csv, sys
page = open(sys.argv[2], encoding="utf-8").read()
def esc(s):
    return (s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#39;"))
for row in csv.DictReader(open(sys.argv[1], encoding="utf-8")):
    if row["quote"] and esc(row["quote"]) not in page:
        print(row["id"])
PY
)
	[ -z "$missing" ] || fail "report.html of $data lacks the quotes of: $missing"
	grep -q 'id="show-inconsistent"' "$H" || fail "no verdict filter"
	grep -q '@media print' "$H" || fail "no print stylesheet"
	out=$(python3 tests/cli/report_browser.py "$H" "$SHOTS" 1280 375 2>&1) ||
		fail "report.html of $data in chromium: $out"
done
finish
