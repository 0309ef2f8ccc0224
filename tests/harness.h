/* harness.h — what every cmocka driver in tests/ shares: cmocka itself, and
 * a reader for the data files in tests/data/ that hold inputs and expected
 * results one case per line (as jq's tests do).
 *
 * Data file format: one case per line, fields separated by " | "; blank
 * lines and lines starting with '#' are skipped.  Tests run from the
 * repository root. */
#ifndef CIFRA_TEST_HARNESS_H
#define CIFRA_TEST_HARNESS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define HARNESS_MAX_FIELDS 16

typedef struct harness_case {
	const char *file;
	long line;
	int nfields;
	char *field[HARNESS_MAX_FIELDS];
} harness_case;

/* Calls fn for every case of path; fails the test when the file is missing
 * or holds no case.  Returns the number of cases. */
static inline int
harness_each_case(const char *path,
		  void (*fn)(const harness_case *c, void *ctx), void *ctx)
{
	FILE *fp = fopen(path, "r");
	if (!fp)
		fail_msg("cannot open test data %s", path);
	char buf[4096];
	long line = 0;
	int ncases = 0;
	while (fgets(buf, sizeof buf, fp)) {
		line++;
		buf[strcspn(buf, "\r\n")] = '\0';
		if (buf[0] == '\0' || buf[0] == '#')
			continue;
		harness_case c = {.file = path, .line = line};
		char *p = buf;
		while (p && c.nfields < HARNESS_MAX_FIELDS) {
			char *sep = strstr(p, " | ");
			if (sep)
				*sep = '\0';
			/* trim */
			while (*p == ' ' || *p == '\t')
				p++;
			char *e = p + strlen(p);
			while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
				*--e = '\0';
			c.field[c.nfields++] = p;
			p = sep ? sep + 3 : NULL;
		}
		fn(&c, ctx);
		ncases++;
	}
	fclose(fp);
	if (ncases == 0)
		fail_msg("no test case in %s", path);
	return ncases;
}

/* Relative closeness for doubles, infinities equal to themselves. */
static inline int harness_close(double a, double b, double rel)
{
	if (a == b)
		return 1;
	double d = a > b ? a - b : b - a;
	double m = (a < 0 ? -a : a) > (b < 0 ? -b : b) ? (a < 0 ? -a : a)
						       : (b < 0 ? -b : b);
	return d <= rel * m;
}

#define assert_close(a, b, rel)                                                \
	do {                                                                   \
		double a_ = (a), b_ = (b);                                     \
		if (!harness_close(a_, b_, (rel)))                             \
			fail_msg("%s = %.17g, expected %.17g", #a, a_, b_);    \
	} while (0)

#endif
