# make install PREFIX=… DESTDIR=… puts the binary, the static library, the
# headers and cifra.pc where they belong, and a program builds against the
# installed library through pkg-config; make uninstall removes them.
. tests/cli/lib.sh
P=/opt/cifra-test
# The sanitizer pass runs this under a make with BUILD/SANITIZE set, which a
# nested make would inherit: install the plain build, as a user would.
unset MAKEFLAGS MFLAGS MAKELEVEL BUILD SANITIZE CFLAGS
D=$SCRATCH/root
run make -s --no-print-directory install PREFIX=$P DESTDIR="$D"
expect_rc 0 "make install"
for f in bin/cifra lib/libcifra.a include/cifra/cifra.h include/cifra/period.h \
	lib/pkgconfig/cifra.pc; do
	[ -f "$D$P/$f" ] || fail "missing $P/$f"
done
run "$D$P/bin/cifra" --version
expect_out "cifra "

# A program built against the installed copy (pkg-config --static pulls in
# libcsv, GSL and jansson).  The .pc file names $P; point it at $D$P.
sed "s|^prefix=.*|prefix=$D$P|" "$D$P/lib/pkgconfig/cifra.pc" >"$SCRATCH/cifra.pc"
cat >"$SCRATCH/use.c" <<'C'
#include <cifra/cifra.h>
#include <stdio.h>
int main(void)
{
	cf_period p;
	cf_error err;
	if (cf_period_parse("2021-01/2021-11", &p, &err) != 0)
		return 1;
	cf_period q = cf_period_prev_year(&p);
	char buf[CF_PERIOD_TEXT_MAX];
	puts(cf_period_format(&q, buf, sizeof buf));
	return 0;
}
C
flags=$(PKG_CONFIG_PATH=$SCRATCH pkg-config --cflags --libs --static cifra)
run cc -std=c11 -o "$SCRATCH/use" "$SCRATCH/use.c" $flags
expect_rc 0 "build against the installed library"
run "$SCRATCH/use"
expect_out "2020-01/2020-11"

run make -s --no-print-directory uninstall PREFIX=$P DESTDIR="$D"
[ ! -e "$D$P/bin/cifra" ] || fail "uninstall left bin/cifra"
[ ! -e "$D$P/include/cifra" ] || fail "uninstall left the headers"
finish
