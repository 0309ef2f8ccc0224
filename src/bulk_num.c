/* bulk_num.c — numbers in and out of the grouped-growth engine: times and
 * values parsed into a row's compact form, values written back as the text
 * that was read, growth formatted like printf("%.15g") but much faster. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bulk_impl.h"

const double bulk_p10[23] = {1e0,  1e1,	 1e2,  1e3,  1e4,  1e5,	 1e6,  1e7,
			     1e8,  1e9,	 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
			     1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

int parse_time(const char *s, size_t n, int32_t *out)
{
	const char *p = s, *e = s + n;
	bool neg = p < e && *p == '-';
	if (neg)
		p++;
	if (p == e || e - p > 10)
		return -1;
	int64_t t = 0;
	for (; p < e; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		t = t * 10 + (*p - '0');
	}
	if (neg)
		t = -t;
	if (t < INT32_MIN || t > INT32_MAX)
		return -1;
	*out = (int32_t)t;
	return 0;
}

/* Any other number strtod reads fully and finitely: kept as text. */
int parse_other(buf *tarena, const char *s, size_t n, uint64_t *out)
{
	if (strspn(s, "0123456789+-.eE") != n || n > 1000)
		return -1;
	char *end;
	errno = 0;
	double d = strtod(s, &end);
	if (end != s + n)
		return -1;
	/* 1e-400 reads as 0 and 1e999 as inf: refused, never changed */
	if (errno == ERANGE)
		return -3;
	if (!isfinite(d))
		return -1;
	uint32_t len = (uint32_t)n;
	if (buf_reserve(tarena, sizeof d + sizeof len + n))
		return -2;
	char *p = tarena->p + tarena->len;
	memcpy(p, &d, sizeof d);
	memcpy(p + sizeof d, &len, sizeof len);
	memcpy(p + sizeof d + sizeof len, s, n);
	*out = ((uint64_t)tarena->len << 8) | V_TEXT;
	tarena->len += sizeof d + sizeof len + n;
	return 0;
}

/* A plain decimal whose text can be rebuilt from mantissa and scale (no
 * '+', no superfluous leading zero, digits on both sides of a point) and
 * whose double is mantissa / 10^scale exactly rounded. */
int parse_value(buf *tarena, const char *s, size_t n, uint64_t *out)
{
	if (n == 0) {
		*out = V_MISSING;
		return 0;
	}
	const char *p = s, *e = s + n;
	bool neg = *p == '-';
	p += neg;
	const char *ip = p;
	uint64_t m = 0;
	while (p < e && (unsigned)(*p - '0') < 10 && p - ip < 18)
		m = m * 10 + (uint64_t)(*p++ - '0');
	size_t nint = (size_t)(p - ip), scale = 0;
	if (p < e && *p == '.') {
		const char *fp = ++p;
		while (p < e && (unsigned)(*p - '0') < 10 && nint + scale < 17)
			m = m * 10 + (uint64_t)(*p++ - '0'), scale++;
		if (p == fp)
			return parse_other(tarena, s, n, out);
	}
	if (p != e || nint == 0 || (nint > 1 && *ip == '0') || scale > 22 ||
	    m >= MANT_LIMIT)
		return parse_other(tarena, s, n, out);
	*out = (m << 8) | scale | (neg ? V_NEG : 0);
	return 0;
}

double row_value(const buf *tarena, uint64_t v)
{
	if (v & V_TEXT) {
		double d;
		memcpy(&d, tarena->p + (v >> 8), sizeof d);
		return d;
	}
	double d = (double)(v >> 8) / bulk_p10[v & V_SCALE];
	return (v & V_NEG) ? -d : d;
}

/* "00" "01" … "99": two digits per division (output formatting was a
 * tenth of the time on 10 M rows). */
static const char pairs[201] = "00010203040506070809"
			       "10111213141516171819"
			       "20212223242526272829"
			       "30313233343536373839"
			       "40414243444546474849"
			       "50515253545556575859"
			       "60616263646566676869"
			       "70717273747576777879"
			       "80818283848586878889"
			       "90919293949596979899";

/* The decimal digits of u written backwards ending just before end (the
 * first digit at end - n); returns n. */
static int digits_back(char *end, uint64_t u)
{
	char *p = end;
	while (u >= 100) {
		uint64_t q = u / 100;
		p -= 2;
		memcpy(p, pairs + 2 * (u - q * 100), 2);
		u = q;
	}
	if (u >= 10) {
		p -= 2;
		memcpy(p, pairs + 2 * u, 2);
	} else {
		*--p = (char)('0' + u);
	}
	return (int)(end - p);
}

char *put_uint(char *p, uint64_t u)
{
	char tmp[24];
	int n = digits_back(tmp + sizeof tmp, u);
	memcpy(p, tmp + sizeof tmp - n, (size_t)n);
	return p + n;
}

char *put_int(char *p, int64_t i)
{
	if (i < 0) {
		*p++ = '-';
		return put_uint(p, (uint64_t)(-(i + 1)) + 1);
	}
	return put_uint(p, (uint64_t)i);
}

size_t value_text_len(const buf *tarena, uint64_t v)
{
	if (!(v & V_TEXT))
		return 24;
	uint32_t len;
	memcpy(&len, tarena->p + (v >> 8) + sizeof(double), sizeof len);
	return len;
}

/* The value's text, exactly as it was read. */
char *put_value(const buf *tarena, char *p, uint64_t v)
{
	if (v & V_MISSING)
		return p;
	if (v & V_TEXT) {
		const char *t = tarena->p + (v >> 8) + sizeof(double);
		uint32_t len;
		memcpy(&len, t, sizeof len);
		memcpy(p, t + sizeof len, len);
		return p + len;
	}
	/* digits right-aligned in d, with leading zeros up to one digit
	 * before the point */
	char d[48];
	unsigned scale = v & V_SCALE;
	int n = digits_back(d + sizeof d, v >> 8);
	while ((unsigned)n <= scale)
		d[sizeof d - ++n] = '0';
	const char *q = d + sizeof d - n;
	if (v & V_NEG)
		*p++ = '-';
	size_t nint = (size_t)n - scale;
	memcpy(p, q, nint);
	p += nint;
	if (scale) {
		*p++ = '.';
		memcpy(p, q + nint, scale);
		p += scale;
	}
	return p;
}

static char *put_digits(char *p, const char *d, int nd, int e)
{
	if (e < -4 || e >= 15) {
		*p++ = d[0];
		if (nd > 1) {
			*p++ = '.';
			memcpy(p, d + 1, (size_t)nd - 1);
			p += nd - 1;
		}
		*p++ = 'e';
		*p++ = e < 0 ? '-' : '+';
		int ae = e < 0 ? -e : e;
		if (ae < 10)
			*p++ = '0';
		return put_uint(p, (uint64_t)ae);
	}
	if (e < 0) {
		*p++ = '0';
		*p++ = '.';
		for (int i = -1; i > e; i--)
			*p++ = '0';
		memcpy(p, d, (size_t)nd);
		return p + nd;
	}
	for (int i = 0; i <= e; i++)
		*p++ = i < nd ? d[i] : '0';
	if (nd > e + 1) {
		*p++ = '.';
		memcpy(p, d + e + 1, (size_t)(nd - e - 1));
		p += nd - e - 1;
	}
	return p;
}

/* x · 10^k (|k| ≤ 22, so 10^k is exact) rounded to an integer, ties to
 * even as printf does: fma gives the exact remainder of the product or the
 * quotient, so the rounding is decided on the exact value. */
static uint64_t scale_round(double x, int k)
{
	double p = bulk_p10[k < 0 ? -k : k], s, rem;
	if (k >= 0) {
		s = x * p;
		rem = fma(x, p, -s);
	} else {
		s = x / p;
		rem = fma(-s, p, x) / p;
	}
	double r = rint(s);
	double d = (s - r) + rem;
	bool odd = (uint64_t)r & 1; /* r < 2^53: exact */
	if (d > 0.5 || (d == 0.5 && odd))
		r += 1;
	else if (d < -0.5 || (d == -0.5 && odd))
		r -= 1;
	return (uint64_t)r;
}

char *cf_bulk_format_double(char *p, double x)
{
	if (x == 0) {
		*p++ = '0';
		return p;
	}
	if (!isfinite(x) || fabs(x) < 1e-7 || fabs(x) >= 1e36)
		return p + snprintf(p, 32, "%.15g", x);
	if (x < 0) {
		*p++ = '-';
		x = -x;
	}
	/* x in [2^k, 2^(k+1)) (a normal number: |x| ≥ 1e-7), so its decimal
	 * exponent e is floor(k·log10 2) or one more; 78913 / 2^18 is log10 2
	 * closely enough for |k| < 1650 */
	uint64_t bits;
	memcpy(&bits, &x, sizeof bits);
	int k = (int)((bits >> 52) & 0x7ff) - 1023;
	int e =
	    k >= 0 ? (k * 78913) >> 18 : -((-k * 78913 + (1 << 18) - 1) >> 18);
	uint64_t m = 0;
	for (int tries = 0; tries < 3; tries++) {
		m = scale_round(x, 14 - e); /* 15 significant digits */
		if (m >= UINT64_C(1000000000000000))
			e++;
		else if (m < UINT64_C(100000000000000))
			e--;
		else
			break;
	}
	if (m >= UINT64_C(1000000000000000)) /* rounded up to a power of 10 */
		m /= 10;
	char d[16];
	digits_back(d + 15, m); /* m has 15 digits */
	int nd = 15;
	while (nd > 1 && d[nd - 1] == '0')
		nd--;
	return put_digits(p, d, nd, e);
}
