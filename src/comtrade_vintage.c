/* comtrade_vintage.c — HS vintages of imported commodity series (see
 * comtrade_vintage.h). */
#include "cifra/comtrade_vintage.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The years one vintage covers in a series. */
typedef struct span {
	char cls[8];
	int first, last;
} span;

static int by_first(const void *a, const void *b)
{
	const span *x = a, *y = b;
	return (x->first > y->first) - (x->first < y->first);
}

/* The HS vintage ("H4") and commodity code a Comtrade quote names. */
static bool quote_vintage(const char *quote, char *cls, char *cmd)
{
	if (!quote)
		return false;
	const char *p = quote;
	while ((p = strstr(p, " H")) != NULL) {
		if (isdigit((unsigned char)p[2]) && p[3] == ' ') {
			snprintf(cls, 3, "%.2s", p + 1);
			sscanf(p + 4, "%15s", cmd);
			return true;
		}
		p += 2;
	}
	return false;
}

int cf_comtrade_vintage_note(const cf_series *s, char *buf, size_t size)
{
	span v[16];
	size_t n = 0;
	bool commodity = false;
	buf[0] = '\0';
	for (size_t i = 0; i < s->count; i++) {
		const cf_figure *f = s->figures[i];
		char cls[4], cmd[16] = "";
		if (f->implied || !quote_vintage(f->quote, cls, cmd))
			continue;
		commodity |= strcmp(cmd, "TOTAL") != 0;
		int y = cf_period_first_year(&f->period);
		size_t k = 0;
		while (k < n && strcmp(v[k].cls, cls))
			k++;
		if (k == n && n < 16) {
			snprintf(v[n].cls, sizeof v[n].cls, "%s", cls);
			v[n].first = v[n].last = y;
			n++;
		} else if (k < n) {
			v[k].first = y < v[k].first ? y : v[k].first;
			v[k].last = y > v[k].last ? y : v[k].last;
		}
	}
	if (n < 2 || !commodity)
		return n < 2 ? (int)n : 1;
	qsort(v, n, sizeof v[0], by_first);
	size_t len = (size_t)snprintf(buf, size, "HS vintages:");
	for (size_t k = 0; k < n && len < size; k++)
		len += (size_t)snprintf(buf + len, size - len, "%s %s %d-%d",
					k ? "," : "", v[k].cls, v[k].first,
					v[k].last);
	if (len < size)
		snprintf(buf + len, size - len, " (codes can change scope)");
	return (int)n;
}

/* The HS vintage of the series' figures at period p ("" when none). */
static void vintage_at(const cf_series *s, const cf_period *p, char *cls,
		       bool *commodity)
{
	cls[0] = '\0';
	for (size_t i = 0; i < s->count && !cls[0]; i++) {
		char cmd[16] = "";
		if (!s->figures[i]->implied &&
		    cf_period_equal(&s->figures[i]->period, p) &&
		    quote_vintage(s->figures[i]->quote, cls, cmd))
			*commodity = strcmp(cmd, "TOTAL") != 0;
	}
}

int cf_comtrade_vintage_change(const cf_series *s, const cf_period *base,
			       const cf_period *period, char *buf, size_t size)
{
	char a[4], b[4];
	bool ca = false, cb = false;
	vintage_at(s, base, a, &ca);
	vintage_at(s, period, b, &cb);
	buf[0] = '\0';
	if (!*a || !*b || !ca || !cb || !strcmp(a, b))
		return 0;
	snprintf(buf, size, "HS %s -> %s", a, b);
	return 1;
}
