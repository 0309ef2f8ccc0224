#!/bin/sh
# Installs the Debian packages cifra builds, tests and draws with.
# As root: apt-get installs what is missing.  Otherwise: prints the exact
# command to run and fails.  With --check: only says whether all are there.
set -eu

# One package a line, so that additions merge.
PACKAGES="
gcc g++ make pkg-config
libcsv-dev libgsl-dev libjansson-dev libcmocka-dev
libexttextcat-dev libnumbertext-dev
libxml2-dev libxml2-utils
gnuplot-nox valgrind sqlite3 jq
python3 chromium
clang libclang-rt-14-dev
python3-distributed
"

missing=""
for p in $PACKAGES; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done

if [ -z "$missing" ]; then
	exit 0
fi
if [ "${1:-}" = "--check" ]; then
	echo "missing Debian packages:$missing" >&2
	exit 1
fi
if [ "$(id -u)" != 0 ]; then
	echo "cifra needs these Debian packages:$missing" >&2
	echo "run as root:  apt-get update && apt-get install -y$missing" >&2
	exit 1
fi
echo "installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
