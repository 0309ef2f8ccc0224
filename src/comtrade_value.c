/* comtrade_value.c — written trade values to plain decimals (see
 * comtrade_value.h). */
#include "cifra/comtrade_value.h"

#include <stdlib.h>
#include <string.h>

#include "cifra/figure.h"

/* "85,517,209,220.0" -> "85517209220.0": commas only between groups of
 * three digits before the decimal point. */
static bool strip_thousands(const char *s, char *out, size_t size)
{
	size_t n = 0, digits = 0;
	bool grouped = false, point = false;
	for (const char *p = s; *p; p++) {
		if (*p == ',' && !point) {
			if (digits == 0 || (grouped && digits != 3) ||
			    (!grouped && digits > 3))
				return false;
			grouped = true;
			digits = 0;
			continue;
		}
		if (*p == '.')
			point = true;
		else if (!point)
			digits++;
		if (n + 1 >= size)
			return false;
		out[n++] = *p;
	}
	out[n] = '\0';
	return !grouped || (digits == 3);
}

/* 1.2345E+10 -> "12345000000": the decimal digits shifted exactly. */
static bool expand_exponent(const char *s, char *out, size_t size)
{
	const char *e = strpbrk(s, "eE");
	if (!e)
		return false;
	char mant[64];
	size_t mlen = (size_t)(e - s);
	if (mlen == 0 || mlen >= sizeof mant)
		return false;
	memcpy(mant, s, mlen);
	mant[mlen] = '\0';
	char *end;
	long exp = strtol(e + 1, &end, 10);
	if (*end || !cf_decimal_valid(mant) || exp < -30 || exp > 30 ||
	    mant[0] == '-')
		return false;
	char digits[64];
	size_t nd = 0;
	long point = -1;
	for (const char *p = mant; *p; p++)
		if (*p == '.')
			point = (long)nd;
		else
			digits[nd++] = *p;
	if (point < 0)
		point = (long)nd;
	point += exp;
	size_t n = 0;
	for (long i = 0; i < (point > 0 ? point : 0) && n + 2 < size; i++)
		out[n++] = i < (long)nd ? digits[i] : '0';
	if (n == 0)
		out[n++] = '0';
	if (point < (long)nd) {
		out[n++] = '.';
		for (long i = point; i < (long)nd && n + 1 < size; i++)
			out[n++] = i < 0 ? '0' : digits[i];
	}
	out[n] = '\0';
	return n + 1 < size;
}

/* Integer and fraction digits without leading / trailing zeros. */
static void decimal_parts(const char *s, const char **ip, size_t *ilen,
			  const char **fp, size_t *flen)
{
	while (*s == '0')
		s++;
	const char *dot = strchr(s, '.');
	*ip = s;
	*ilen = dot ? (size_t)(dot - s) : strlen(s);
	*fp = dot ? dot + 1 : "";
	*flen = strlen(*fp);
	while (*flen && (*fp)[*flen - 1] == '0')
		(*flen)--;
}

int cf_decimal_compare(const char *a, const char *b)
{
	const char *ai, *af, *bi, *bf;
	size_t ail, afl, bil, bfl;
	decimal_parts(a, &ai, &ail, &af, &afl);
	decimal_parts(b, &bi, &bil, &bf, &bfl);
	if (ail != bil)
		return ail < bil ? -1 : 1;
	int c = strncmp(ai, bi, ail);
	if (c)
		return c < 0 ? -1 : 1;
	size_t n = afl < bfl ? afl : bfl;
	c = strncmp(af, bf, n);
	if (c)
		return c < 0 ? -1 : 1;
	return (afl > bfl) - (afl < bfl);
}

bool cf_comtrade_value_text(const char *raw, char *out, size_t size)
{
	if (strip_thousands(raw, out, size) && cf_decimal_valid(out))
		return true;
	return expand_exponent(raw, out, size) && cf_decimal_valid(out);
}
