/* bulk_emit.c — rows out: each key's rows put in time order, repeated
 * times merged (--sum) or refused, and formatted as CSV (cifra's one
 * quoting rule, cf_csv_put_field) or TSV into an emitter's buffer. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bulk_impl.h"
#include "cifra/growth.h"

int flush_out(cf_bulk *b, emitter *e, cf_error *err)
{
	if (e->obuf.len &&
	    fwrite(e->obuf.p, 1, e->obuf.len, b->out) != e->obuf.len)
		return cf_error_set(err, CF_EWRITE, NULL, 0, 0,
				    "cannot write the output");
	e->obuf.len = 0;
	return 0;
}

static int out_reserve(cf_bulk *b, emitter *e, size_t n, cf_error *err)
{
	if (e->obuf.len + n <= e->obuf.cap)
		return 0;
	if (e->direct) {
		int rc = flush_out(b, e, err);
		if (rc)
			return rc;
	}
	if (buf_reserve(&e->obuf, n))
		return bulk_nomem(err);
	return 0;
}

/* One field and its separator into d (room: 2n + 3): CSV by cifra's one
 * quoting rule, an empty key field written as missing (the engine cannot
 * tell "" from nothing: both are the empty key); TSV fields cannot hold a
 * tab or newline, so go as they are. */
static char *put_field(const cf_bulk *b, char *d, const char *s, size_t n)
{
	if (b->opt.tsv) {
		memcpy(d, s, n);
		d += n;
	} else {
		d += cf_csv_put_field(d, n ? s : NULL, n);
	}
	*d++ = b->opt.tsv ? '\t' : ',';
	return d;
}

int write_header(cf_bulk *b, cf_error *err)
{
	static const char *const summary[] = {
	    "first_time", "last_time", "n",	  "cagr",
	    "trend",	  "trend_lo",  "trend_hi"};
	const char *names[MAX_KEYS + 8];
	size_t n = 0;
	for (size_t i = 0; i < b->nk; i++)
		names[n++] = b->opt.keys[i];
	if (b->opt.summary) {
		for (size_t i = 0; i < 7; i++)
			names[n++] = summary[i];
	} else {
		names[n++] = b->opt.time ? b->opt.time : "time";
		names[n++] = b->opt.value ? b->opt.value : "value";
		names[n++] = "growth";
	}
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(names[i]);
		int rc = out_reserve(b, &b->em, 2 * len + 3, err);
		if (rc)
			return rc;
		char *e =
		    put_field(b, b->em.obuf.p + b->em.obuf.len, names[i], len);
		b->em.obuf.len = (size_t)(e - b->em.obuf.p);
	}
	b->em.obuf.p[b->em.obuf.len - 1] = '\n';
	return 0;
}

static int cmp_rows(const void *a, const void *c)
{
	const bulk_row *x = a, *y = c;
	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	return (x->line > y->line) - (x->line < y->line);
}

void sort_rows(bulk_row *r, size_t n)
{
	size_t i = 1;
	while (i < n && cmp_rows(&r[i - 1], &r[i]) < 0)
		i++;
	if (i >= n)
		return;
	if (n > 32) {
		qsort(r, n, sizeof *r, cmp_rows);
		return;
	}
	for (; i < n; i++) {
		bulk_row x = r[i];
		size_t j = i;
		for (; j > 0 && cmp_rows(&r[j - 1], &x) > 0; j--)
			r[j] = r[j - 1];
		r[j] = x;
	}
}

static void key_text(const cf_bulk *b, const char *k, size_t klen, char *out,
		     size_t size)
{
	size_t o = 0;
	char *tmp = malloc(klen + 1);
	for (size_t i = 0; tmp && i < b->nk && o + 1 < size; i++) {
		size_t len = next_field(&k, tmp);
		int w = snprintf(out + o, size - o, "%s%.*s", i ? "," : "",
				 (int)(len > 60 ? 60 : len), tmp);
		o += w > 0 ? (size_t)w : 0;
	}
	free(tmp);
}

/* An error about two rows of one key and time, at the later one's line:
 * "key (K) and time T <what> line L<tail>". */
static int pair_error(const cf_bulk *b, const char *k, size_t klen,
		      const bulk_row *a, const bulk_row *c, const char *what,
		      const char *tail, cf_error *err)
{
	char kt[256] = "";
	key_text(b, k, klen, kt, sizeof kt);
	return cf_error_set(err, CF_EDATA, b->name, (long)c->line, 0,
			    "key (%s) and time %ld %s line %lu%s", kt,
			    (long)c->time, what, (unsigned long)a->line, tail);
}

int duplicate_error(cf_bulk *b, const char *k, size_t klen, const bulk_row *a,
		    const bulk_row *c, cf_error *err)
{
	b->dup_line[0] = a->line;
	b->dup_line[1] = c->line;
	return pair_error(b, k, klen, a, c, "already on",
			  " (--sum adds such values)", err);
}

/* Exact decimal sum when both are plain decimals, else a double kept as
 * the shortest text that reads back the same. */
static int sum_values(cf_bulk *b, uint64_t a, uint64_t c, uint64_t *out)
{
	if ((a | c) & V_MISSING) {
		*out = V_MISSING;
		return 0;
	}
	if (!((a | c) & V_TEXT)) {
		unsigned sa = a & V_SCALE, sc = c & V_SCALE;
		unsigned s = sa > sc ? sa : sc;
		double ma = (double)(a >> 8) * bulk_p10[s - sa];
		double mc = (double)(c >> 8) * bulk_p10[s - sc];
		if (ma < 0x1p52 && mc < 0x1p52) { /* exact in int64 */
			int64_t x = (int64_t)ma, y = (int64_t)mc;
			int64_t z =
			    ((a & V_NEG) ? -x : x) + ((c & V_NEG) ? -y : y);
			uint64_t u = z < 0 ? (uint64_t)-z : (uint64_t)z;
			*out = (u << 8) | s | (z < 0 ? V_NEG : 0);
			return 0;
		}
	}
	double d = row_value(&b->tarena, a) + row_value(&b->tarena, c);
	if (!isfinite(d))
		return -3;
	char t[40];
	int n = snprintf(t, sizeof t, "%.15g", d);
	if (strtod(t, NULL) != d)
		n = snprintf(t, sizeof t, "%.17g", d);
	return parse_other(&b->tarena, t, (size_t)n, out) ? -2 : 0;
}

/* Sorted rows of one key: a repeated time is an error or, with --sum, one
 * row.  Returns the number of rows left. */
int merge_dups(cf_bulk *b, const char *k, size_t klen, bulk_row *r, size_t *n,
	       cf_error *err)
{
	size_t w = 0;
	for (size_t i = 0; i < *n; i++) {
		if (w && r[w - 1].time == r[i].time) {
			if (!b->opt.sum)
				return duplicate_error(b, k, klen, &r[w - 1],
						       &r[i], err);
			int rc = sum_values(b, r[w - 1].v, r[i].v, &r[w - 1].v);
			if (rc == -3)
				return pair_error(b, k, klen, &r[w - 1], &r[i],
						  "summed with",
						  " is beyond binary64's range "
						  "(about 1.8e308)",
						  err);
			if (rc)
				return bulk_nomem(err);
			continue;
		}
		r[w++] = r[i];
	}
	*n = w;
	return 0;
}

/* The key's fields as output (quoted where needed), each with its
 * separator: written once per key, copied onto each of its rows. */
static int key_prefix(cf_bulk *b, emitter *e, const char *k, size_t klen,
		      cf_error *err)
{
	e->prefix.len = 0;
	if (buf_reserve(&e->prefix, 3 * klen + 3))
		return bulk_nomem(err);
	char *tmp = e->prefix.p + 2 * klen + 3; /* unescaped field */
	for (size_t i = 0; i < b->nk; i++) {
		size_t len = next_field(&k, tmp);
		char *end = put_field(b, e->prefix.p + e->prefix.len, tmp, len);
		e->prefix.len = (size_t)(end - e->prefix.p);
	}
	return 0;
}

static int emit_rows(cf_bulk *b, emitter *e, const bulk_row *r, size_t n,
		     cf_error *err)
{
	char sep = b->opt.tsv ? '\t' : ',';
	double prev = 0;
	bool have_prev = false;
	for (size_t i = 0; i < n; i++) {
		int rc = out_reserve(b, e,
				     e->prefix.len + 80 +
					 value_text_len(&b->tarena, r[i].v),
				     err);
		if (rc)
			return rc;
		char *p = e->obuf.p + e->obuf.len;
		memcpy(p, e->prefix.p, e->prefix.len);
		p = put_int(p + e->prefix.len, r[i].time);
		*p++ = sep;
		p = put_value(&b->tarena, p, r[i].v);
		*p++ = sep;
		bool present = !(r[i].v & V_MISSING);
		double v = present ? row_value(&b->tarena, r[i].v) : 0;
		if (present && have_prev && prev != 0)
			p = cf_bulk_format_double(p, v / prev - 1);
		*p++ = '\n';
		e->obuf.len = (size_t)(p - e->obuf.p);
		prev = v;
		have_prev = present;
	}
	return 0;
}

static char *put_opt_double(char *p, double x, char sep)
{
	if (isfinite(x))
		p = cf_bulk_format_double(p, x);
	*p++ = sep;
	return p;
}

static int emit_summary(cf_bulk *b, emitter *e, const bulk_row *r, size_t n,
			cf_error *err)
{
	if (n > e->xycap) {
		double *x = realloc(e->xs, n * sizeof *x);
		double *y = x ? realloc(e->ys, n * sizeof *y) : NULL;
		if (x)
			e->xs = x;
		if (!y)
			return bulk_nomem(err);
		e->ys = y;
		e->xycap = n;
	}
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (!(r[i].v & V_MISSING)) {
			e->xs[m] = r[i].time;
			e->ys[m++] = row_value(&b->tarena, r[i].v);
		}
	double cagr = NAN;
	cf_trend t = {.rate = NAN, .rate_lo = NAN, .rate_hi = NAN};
	if (m >= 2 && e->xs[m - 1] > e->xs[0] && e->ys[0] != 0)
		cagr = pow(e->ys[m - 1] / e->ys[0],
			   1.0 / (e->xs[m - 1] - e->xs[0])) -
		       1;
	cf_error fit_err;
	if (m >= 3 && cf_trend_fit(e->xs, e->ys, m, &t, &fit_err) != 0)
		t = (cf_trend){.rate = NAN, .rate_lo = NAN, .rate_hi = NAN};
	int rc = out_reserve(b, e, e->prefix.len + 200, err);
	if (rc)
		return rc;
	char sep = b->opt.tsv ? '\t' : ',';
	char *p = e->obuf.p + e->obuf.len;
	memcpy(p, e->prefix.p, e->prefix.len);
	p += e->prefix.len;
	if (m) {
		p = put_int(p, (int64_t)e->xs[0]);
		*p++ = sep;
		p = put_int(p, (int64_t)e->xs[m - 1]);
	} else {
		*p++ = sep;
	}
	*p++ = sep;
	p = put_uint(p, m);
	*p++ = sep;
	p = put_opt_double(p, cagr, sep);
	p = put_opt_double(p, t.rate, sep);
	p = put_opt_double(p, t.rate_lo, sep);
	p = put_opt_double(p, t.rate_hi, '\n');
	e->obuf.len = (size_t)(p - e->obuf.p);
	return 0;
}

int emit_key(cf_bulk *b, emitter *e, const char *k, size_t klen,
	     const bulk_row *r, size_t n, cf_error *err)
{
	int rc = key_prefix(b, e, k, klen, err);
	if (rc)
		return rc;
	return b->opt.summary ? emit_summary(b, e, r, n, err)
			      : emit_rows(b, e, r, n, err);
}

void emitter_free(emitter *e)
{
	free(e->obuf.p);
	free(e->prefix.p);
	free(e->xs);
	free(e->ys);
}
