/* bulk.c — the grouped-growth engine behind `cifra growth --csv`.
 *
 * Where the time goes (NOTES.md, and perf on 10 M rows): CSV parsing, one
 * cache miss or two per row to find its key, moving rows into key order,
 * and output formatting.  So:
 * - a value is kept as its decimal mantissa and scale, from which both its
 *   text, exactly as read, and its double (one correctly rounded division,
 *   the double strtod gives) come back: a row is 16 bytes with its time and
 *   line, plus its key's index;
 * - keys are encoded once into an order-preserving byte string, and looked
 *   up in batches with prefetching by a worker thread while the reading
 *   thread parses;
 * - at the end, rows are moved into key order by a counting sort on the
 *   key's rank, and two threads format blocks of output with a hand-written
 *   number formatter, written in order.
 * With --sorted, none of that: one key's rows at a time. */
/* For madvise(MADV_HUGEPAGE) on Linux; nothing else here needs more than
 * POSIX. */
#define _DEFAULT_SOURCE
#include "cifra/bulk.h"

#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "cifra/csvio.h"
#include "cifra/growth.h"

#define MAX_KEYS       64
#define MAX_TSV_FIELDS (MAX_KEYS + 2)
#define PROGRESS_EVERY 65536
#define OBUF_SIZE      (1 << 20)

/* The low byte of a row's value word; the magnitude sits above it. */
#define V_SCALE	   0x1fu /* digits after the point (≤ 22) */
#define V_NEG	   0x20u /* negative */
#define V_MISSING  0x40u /* empty field */
#define V_TEXT	   0x80u /* magnitude is an offset into the text arena */
#define MANT_LIMIT (UINT64_C(1) << 53)

typedef struct bulk_row {
	uint64_t v;
	int32_t time;
	uint32_t line; /* for naming both lines of a duplicate */
} bulk_row;

typedef struct buf {
	char *p;
	size_t len, cap;
} buf;

/* One input record, CSV or TSV, as the engine sees it. */
typedef struct bulk_rec {
	const char *const *f;
	const size_t *len;
	long line;
	const cf_csv_record *csv; /* NULL for TSV */
	const char *tsv_line;	  /* TSV: the line, for columns */
} bulk_rec;

/* A record waiting in a batch for its key to be looked up. */
typedef struct pending {
	uint64_t hash;
	uint32_t off, len; /* encoded key in the batch's bytes */
	size_t slot;
	bulk_row row;
} pending;

#define BATCH	   64	      /* keys looked up together */
#define QBATCH	   8192	      /* records handed to the worker at once */
#define NQ	   8	      /* hand-over batches in flight */
#define CHUNK_ROWS (1u << 19) /* 2 MB of key indices: a huge page */

/* Records read, waiting for the worker thread to look their keys up. */
typedef struct batch {
	pending *pd;
	size_t n;
	buf bytes; /* their encoded keys */
} batch;

/* Where output rows are formatted: each thread has its own.  A direct one
 * writes its buffer out whenever it fills; another grows it until the
 * block it formats is written by the main thread. */
typedef struct emitter {
	buf obuf, prefix;
	double *xs, *ys; /* summary: present points of one key */
	size_t xycap;
	bool direct;
} emitter;

struct cf_bulk {
	cf_bulk_options opt;
	FILE *out;
	const char *name;
	size_t nk;
	size_t kcol[MAX_KEYS], tcol, vcol;
	bool header_done;
	long rows;
	buf tarena; /* values that are not plain decimals */

	/* The worker's fields sit apart from the reader's so that the two
	 * cores do not pass cache lines back and forth. */
	char pad1[128];

	/* Unsorted: key entries in karena ([uint32 index][uint32 len][bytes]),
	 * found through an open-addressing table of words holding the low 32
	 * bits of the key's hash (so the table grows without reading a key
	 * again: the slot index is made of those bits) and offset + 1; rows
	 * appended to chunks with their key's index. */
	buf karena;
	uint32_t *keyoff;
	size_t nkeys, capkeys;
	uint64_t *table;
	size_t tmask;

	bulk_row **rchunk;
	uint32_t **kchunk;
	size_t nchunks, capchunks;
	size_t nrows;
	int wrc;
	cf_error werr;
	char pad2[128];

	/* The reading thread parses and fills q[qfill]; a worker thread looks
	 * the keys up and stores the rows, so the two halves overlap. */
	batch q[NQ];
	size_t qfill;
	bool full[NQ], stop, failed, threaded, sync_ok;
	pthread_t worker;
	pthread_mutex_t mu;
	pthread_cond_t cv;

	/* Sorted: the current key and its rows; fingerprints of finished keys
	 * with the line where each began. */
	buf cur, scratch;
	bulk_row *crow;
	size_t ncrow, capcrow;
	long cur_line;
	uint64_t cur_hash;
	uint64_t *seen;
	uint32_t *seen_line;
	size_t nseen, seen_mask;

	emitter em, em2; /* the main thread's, and the helper's */
};

static const double p10[23] = {1e0,  1e1,  1e2,	 1e3,  1e4,  1e5,  1e6,	 1e7,
			       1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
			       1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* Large arrays go in transparent huge pages where the system offers them:
 * on 10 M rows, first-touch page faults took a fifth of the time (measured
 * on this project's machine), and 2 MB pages cut their number 512-fold. */
static void *big_alloc(size_t size)
{
#ifdef MADV_HUGEPAGE
	const size_t huge = (size_t)2 << 20;
	if (size >= huge) {
		size_t n = (size + huge - 1) / huge * huge;
		void *p = aligned_alloc(huge, n);
		if (p)
			madvise(p, n, MADV_HUGEPAGE);
		return p;
	}
#endif
	return malloc(size);
}

static void *big_calloc(size_t n, size_t size)
{
	void *p = n <= SIZE_MAX / size ? big_alloc(n * size) : NULL;
	if (p)
		memset(p, 0, n * size);
	return p;
}

static int nomem(cf_error *err)
{
	return cf_error_set(err, CF_ENOMEM, NULL, 0, 0, "out of memory");
}

static int buf_reserve(buf *b, size_t more)
{
	if (b->len + more <= b->cap)
		return 0;
	size_t n = b->cap ? b->cap : 4096;
	while (n < b->len + more)
		n *= 2;
	char *p = realloc(b->p, n);
	if (!p)
		return -1;
	b->p = p;
	b->cap = n;
	return 0;
}

/* ---- errors at a field ------------------------------------------------ */

static int field_error(const cf_bulk *b, const bulk_rec *r, size_t col,
		       cf_error *err, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static int field_error(const cf_bulk *b, const bulk_rec *r, size_t col,
		       cf_error *err, const char *fmt, ...)
{
	char msg[CF_ERROR_MSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (r->csv)
		return cf_csv_field_error(r->csv, col, err, "%s", msg);
	/* TSV: fields are NUL-separated in place, so the column is the byte
	 * offset from the start of the line. */
	long column = (long)(r->f[col] - r->tsv_line) + 1;
	return cf_error_set(err, CF_EDATA, b->name, r->line, column, "%s", msg);
}

/* ---- numbers in --------------------------------------------------------- */

static int parse_time(const char *s, size_t n, int32_t *out)
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
static int parse_other(cf_bulk *b, const char *s, size_t n, uint64_t *out)
{
	if (strspn(s, "0123456789+-.eE") != n || n > 1000)
		return -1;
	char *end;
	double d = strtod(s, &end);
	if (end != s + n || !isfinite(d))
		return -1;
	uint32_t len = (uint32_t)n;
	if (buf_reserve(&b->tarena, sizeof d + sizeof len + n))
		return -2;
	char *p = b->tarena.p + b->tarena.len;
	memcpy(p, &d, sizeof d);
	memcpy(p + sizeof d, &len, sizeof len);
	memcpy(p + sizeof d + sizeof len, s, n);
	*out = ((uint64_t)b->tarena.len << 8) | V_TEXT;
	b->tarena.len += sizeof d + sizeof len + n;
	return 0;
}

/* A plain decimal whose text can be rebuilt from mantissa and scale (no
 * '+', no superfluous leading zero, digits on both sides of a point) and
 * whose double is mantissa / 10^scale exactly rounded. */
static int parse_value(cf_bulk *b, const char *s, size_t n, uint64_t *out)
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
			return parse_other(b, s, n, out);
	}
	if (p != e || nint == 0 || (nint > 1 && *ip == '0') || scale > 22 ||
	    m >= MANT_LIMIT)
		return parse_other(b, s, n, out);
	*out = (m << 8) | scale | (neg ? V_NEG : 0);
	return 0;
}

static double row_value(const cf_bulk *b, uint64_t v)
{
	if (v & V_TEXT) {
		double d;
		memcpy(&d, b->tarena.p + (v >> 8), sizeof d);
		return d;
	}
	double d = (double)(v >> 8) / p10[v & V_SCALE];
	return (v & V_NEG) ? -d : d;
}

/* ---- numbers out ------------------------------------------------------ */

static char *put_uint(char *p, uint64_t u)
{
	char tmp[24];
	int n = 0;
	do
		tmp[n++] = (char)('0' + u % 10);
	while (u /= 10);
	while (n)
		*p++ = tmp[--n];
	return p;
}

static char *put_int(char *p, int64_t i)
{
	if (i < 0) {
		*p++ = '-';
		return put_uint(p, (uint64_t)(-(i + 1)) + 1);
	}
	return put_uint(p, (uint64_t)i);
}

static size_t value_text_len(const cf_bulk *b, uint64_t v)
{
	if (!(v & V_TEXT))
		return 24;
	uint32_t len;
	memcpy(&len, b->tarena.p + (v >> 8) + sizeof(double), sizeof len);
	return len;
}

/* The value's text, exactly as it was read. */
static char *put_value(const cf_bulk *b, char *p, uint64_t v)
{
	if (v & V_MISSING)
		return p;
	if (v & V_TEXT) {
		const char *t = b->tarena.p + (v >> 8) + sizeof(double);
		uint32_t len;
		memcpy(&len, t, sizeof len);
		memcpy(p, t + sizeof len, len);
		return p + len;
	}
	char d[24];
	int n = 0;
	uint64_t m = v >> 8;
	unsigned scale = v & V_SCALE;
	do
		d[n++] = (char)('0' + m % 10);
	while (m /= 10);
	while ((unsigned)n <= scale)
		d[n++] = '0';
	if (v & V_NEG)
		*p++ = '-';
	while ((unsigned)n > scale)
		*p++ = d[--n];
	if (scale) {
		*p++ = '.';
		while (n)
			*p++ = d[--n];
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
	double p = p10[k < 0 ? -k : k], s, rem;
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
	int e2;
	frexp(x, &e2); /* x in [2^(e2-1), 2^e2): e is this or one more */
	int e = (int)floor((e2 - 1) * 0.30102999566398120);
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
	for (int i = 14; i >= 0; i--, m /= 10)
		d[i] = (char)('0' + m % 10);
	int nd = 15;
	while (nd > 1 && d[nd - 1] == '0')
		nd--;
	return put_digits(p, d, nd, e);
}

/* ---- output buffer ---------------------------------------------------- */

static int flush_out(cf_bulk *b, emitter *e, cf_error *err)
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
		return nomem(err);
	return 0;
}

static bool needs_quotes(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
			return true;
	return false;
}

/* One field and its separator into d (room: 2n + 3). RFC 4180 quoting only
 * where needed; TSV fields cannot hold a tab or newline, so go as they are. */
static char *put_field(const cf_bulk *b, char *d, const char *s, size_t n)
{
	if (!b->opt.tsv && needs_quotes(s, n)) {
		*d++ = '"';
		for (size_t i = 0; i < n; i++) {
			if (s[i] == '"')
				*d++ = '"';
			*d++ = s[i];
		}
		*d++ = '"';
	} else {
		memcpy(d, s, n);
		d += n;
	}
	*d++ = b->opt.tsv ? '\t' : ',';
	return d;
}

static int write_header(cf_bulk *b, cf_error *err)
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

/* ---- keys --------------------------------------------------------------- */

/* A key's fields as one byte string whose memcmp order is the field-by-field
 * byte order of the fields and which differs for different fields: each
 * field followed by 00 01, a 00 byte inside a field written 00 02. */
static size_t encode_key(char *d, const char *const *f, const size_t *l,
			 size_t n)
{
	char *s = d;
	for (size_t i = 0; i < n; i++) {
		const char *z = l[i] ? memchr(f[i], 0, l[i]) : NULL;
		if (!z) {
			memcpy(d, f[i], l[i]);
			d += l[i];
		} else {
			for (size_t j = 0; j < l[i]; j++) {
				*d++ = f[i][j];
				if (!f[i][j])
					*d++ = 2;
			}
		}
		*d++ = 0;
		*d++ = 1;
	}
	return (size_t)(d - s);
}

static size_t encoded_max(const size_t *l, size_t n)
{
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		m += 2 * l[i] + 2;
	return m;
}

/* The field at *k of an encoded key, unescaped into tmp (as long as the
 * encoding at most); moves *k past it.  Returns its length. */
static size_t next_field(const char **k, char *tmp)
{
	const char *s = *k;
	size_t n = 0;
	for (;; s++) {
		if (s[0] == 0 && s[1] == 1)
			break;
		tmp[n++] = s[0];
		if (s[0] == 0)
			s++;
	}
	*k = s + 2;
	return n;
}

static uint64_t hash_bytes(const char *s, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15u ^ n;
	size_t j = 0;
	for (; j + 8 <= n; j += 8) {
		uint64_t w;
		memcpy(&w, s + j, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdu;
		h ^= h >> 32;
	}
	uint64_t w = 0;
	for (; j < n; j++)
		w = (w << 8) | (unsigned char)s[j];
	h = (h ^ w) * 0xc4ceb9fe1a85ec53u;
	h ^= h >> 29;
	h *= 0xff51afd7ed558ccdu;
	return h ^ (h >> 32);
}

static int grow_table(cf_bulk *b)
{
	size_t n = b->table ? (b->tmask + 1) * 2 : 4096;
	uint64_t *t = big_calloc(n, sizeof *t);
	if (!t)
		return -1;
	for (size_t i = 0; b->table && i <= b->tmask; i++) {
		if (!b->table[i])
			continue;
		size_t j = (size_t)(b->table[i] >> 32) & (n - 1);
		while (t[j])
			j = (j + 1) & (n - 1);
		t[j] = b->table[i];
	}
	free(b->table);
	b->table = t;
	b->tmask = n - 1;
	return 0;
}

static int new_key(cf_bulk *b, const pending *p, const char *bytes, size_t slot,
		   uint32_t *idx)
{
	if (b->nkeys == b->capkeys) {
		size_t n = b->capkeys ? b->capkeys * 2 : 4096;
		uint32_t *k = realloc(b->keyoff, n * sizeof *k);
		if (!k)
			return -1;
		b->keyoff = k;
		b->capkeys = n;
	}
	if (b->karena.len + 8 + p->len >= UINT32_MAX ||
	    b->nkeys >= UINT32_MAX - 1 || buf_reserve(&b->karena, 8 + p->len))
		return -1;
	uint32_t off = (uint32_t)b->karena.len, i = (uint32_t)b->nkeys;
	memcpy(b->karena.p + off, &i, 4);
	memcpy(b->karena.p + off + 4, &p->len, 4);
	memcpy(b->karena.p + off + 8, bytes + p->off, p->len);
	b->karena.len += 8 + p->len;
	b->table[slot] = (p->hash << 32) | (off + 1u);
	b->keyoff[b->nkeys++] = off;
	*idx = i;
	return 0;
}

static int push_row(cf_bulk *b, bulk_row row, uint32_t key)
{
	size_t c = b->nrows / CHUNK_ROWS, i = b->nrows % CHUNK_ROWS;
	if (c == b->nchunks) {
		if (c == b->capchunks) {
			size_t n = b->capchunks ? 2 * b->capchunks : 64;
			bulk_row **r = realloc(b->rchunk, n * sizeof *r);
			if (r)
				b->rchunk = r;
			uint32_t **k = realloc(b->kchunk, n * sizeof *k);
			if (k)
				b->kchunk = k;
			if (!r || !k)
				return -1;
			b->capchunks = n;
		}
		b->rchunk[c] = big_alloc(CHUNK_ROWS * sizeof **b->rchunk);
		b->kchunk[c] = big_alloc(CHUNK_ROWS * sizeof **b->kchunk);
		b->nchunks++;
		if (!b->rchunk[c] || !b->kchunk[c])
			return -1;
	}
	b->rchunk[c][i] = row;
	b->kchunk[c][i] = key;
	b->nrows++;
	return 0;
}

/* The keys of a batch are looked up in three passes so that the cache
 * misses of different records overlap (one table slot and one key entry
 * each, the dominant cost on files with many keys): hash and prefetch the
 * slots, find the first candidate and prefetch its key, then decide. */
static int run_batch(cf_bulk *b, pending *pd, size_t n, const char *bytes,
		     cf_error *err)
{
	for (size_t i = 0; i < n; i++) {
		pd[i].hash = hash_bytes(bytes + pd[i].off, pd[i].len);
		__builtin_prefetch(&b->table[pd[i].hash & b->tmask]);
	}
	for (size_t i = 0; i < n; i++) {
		size_t j = pd[i].hash & b->tmask;
		uint64_t fp = pd[i].hash << 32;
		while (b->table[j] && (b->table[j] & 0xffffffff00000000u) != fp)
			j = (j + 1) & b->tmask;
		pd[i].slot = j;
		if (b->table[j])
			__builtin_prefetch(b->karena.p + (uint32_t)b->table[j] -
					   1);
	}
	size_t mask = b->tmask;
	for (size_t i = 0; i < n; i++) {
		pending *p = &pd[i];
		uint64_t fp = p->hash << 32;
		size_t j = mask == b->tmask ? p->slot : p->hash & b->tmask;
		uint32_t idx = 0;
		for (;; j = (j + 1) & b->tmask) {
			uint64_t s = b->table[j];
			if (!s) {
				if (new_key(b, p, bytes, j, &idx))
					return nomem(err);
				break;
			}
			const char *k = b->karena.p + (uint32_t)s - 1;
			uint32_t len;
			memcpy(&len, k + 4, 4);
			if ((s & 0xffffffff00000000u) == fp && len == p->len &&
			    !memcmp(k + 8, bytes + p->off, len)) {
				memcpy(&idx, k, 4);
				break;
			}
		}
		if (push_row(b, p->row, idx))
			return nomem(err);
		if (2 * b->nkeys > b->tmask && grow_table(b))
			return nomem(err);
	}
	return 0;
}

static int run_qbatch(cf_bulk *b, batch *q, cf_error *err)
{
	int rc = 0;
	for (size_t i = 0; !rc && i < q->n; i += BATCH)
		rc =
		    run_batch(b, q->pd + i, q->n - i < BATCH ? q->n - i : BATCH,
			      q->bytes.p, err);
	return rc;
}

static void *worker_main(void *arg)
{
	cf_bulk *b = arg;
	for (size_t j = 0;; j = (j + 1) % NQ) {
		pthread_mutex_lock(&b->mu);
		while (!b->full[j] && !b->stop)
			pthread_cond_wait(&b->cv, &b->mu);
		bool go = b->full[j];
		pthread_mutex_unlock(&b->mu);
		if (!go)
			break;
		int rc = run_qbatch(b, &b->q[j], &b->werr);
		pthread_mutex_lock(&b->mu);
		b->full[j] = false;
		if (rc) {
			b->failed = true;
			b->wrc = rc;
		}
		pthread_cond_broadcast(&b->cv);
		pthread_mutex_unlock(&b->mu);
		if (rc)
			break;
	}
	return NULL;
}

static int worker_error(const cf_bulk *b, cf_error *err)
{
	if (err)
		*err = b->werr;
	return b->wrc;
}

/* Hands the filled batch over and waits until the next one is free (with
 * no worker thread: processes it at once). */
static int hand_over(cf_bulk *b, cf_error *err)
{
	batch *q = &b->q[b->qfill];
	if (!b->threaded) {
		int rc = run_qbatch(b, q, err);
		q->n = 0;
		q->bytes.len = 0;
		return rc;
	}
	size_t next = (b->qfill + 1) % NQ;
	pthread_mutex_lock(&b->mu);
	b->full[b->qfill] = true;
	pthread_cond_broadcast(&b->cv);
	while (b->full[next] && !b->failed)
		pthread_cond_wait(&b->cv, &b->mu);
	bool failed = b->failed;
	pthread_mutex_unlock(&b->mu);
	if (failed)
		return worker_error(b, err);
	b->qfill = next;
	b->q[next].n = 0;
	b->q[next].bytes.len = 0;
	return 0;
}

static void start_worker(cf_bulk *b)
{
	b->stop = b->failed = false;
	b->threaded = pthread_create(&b->worker, NULL, worker_main, b) == 0;
}

/* Processes what is left and ends the worker; rc is the reader's status. */
static int stop_worker(cf_bulk *b, int rc, cf_error *err)
{
	if (!rc && b->q[b->qfill].n)
		rc = hand_over(b, err);
	if (!b->threaded)
		return rc;
	pthread_mutex_lock(&b->mu);
	b->stop = true;
	pthread_cond_broadcast(&b->cv);
	pthread_mutex_unlock(&b->mu);
	pthread_join(b->worker, NULL);
	b->threaded = false;
	if (!rc && b->failed)
		rc = worker_error(b, err);
	return rc;
}

/* The key fields of a record, in --key order. */
static void key_fields(const cf_bulk *b, const bulk_rec *r, const char **kf,
		       size_t *kl)
{
	for (size_t i = 0; i < b->nk; i++) {
		kf[i] = r->f[b->kcol[i]];
		kl[i] = r->len[b->kcol[i]];
	}
}

static int add_unsorted(cf_bulk *b, const bulk_rec *r, bulk_row row,
			cf_error *err)
{
	const char *kf[MAX_KEYS];
	size_t kl[MAX_KEYS];
	key_fields(b, r, kf, kl);
	size_t max = encoded_max(kl, b->nk);
	if (max > UINT32_MAX / 4)
		return field_error(b, r, b->kcol[0], err, "key too long");
	batch *q = &b->q[b->qfill];
	if (buf_reserve(&q->bytes, max))
		return nomem(err);
	pending *p = &q->pd[q->n++];
	p->off = (uint32_t)q->bytes.len;
	p->len = (uint32_t)encode_key(q->bytes.p + p->off, kf, kl, b->nk);
	q->bytes.len += p->len;
	p->row = row;
	return q->n == QBATCH ? hand_over(b, err) : 0;
}

/* ---- per key: order, duplicates, emission ------------------------------ */

static int cmp_rows(const void *a, const void *c)
{
	const bulk_row *x = a, *y = c;
	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	return (x->line > y->line) - (x->line < y->line);
}

static void sort_rows(bulk_row *r, size_t n)
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

static int duplicate_error(const cf_bulk *b, const char *k, size_t klen,
			   const bulk_row *a, const bulk_row *c, cf_error *err)
{
	char kt[256] = "";
	key_text(b, k, klen, kt, sizeof kt);
	return cf_error_set(err, CF_EDATA, b->name, (long)c->line, 0,
			    "key (%s) and time %ld already on line %lu "
			    "(--sum adds such values)",
			    kt, (long)c->time, (unsigned long)a->line);
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
		double ma = (double)(a >> 8) * p10[s - sa];
		double mc = (double)(c >> 8) * p10[s - sc];
		if (ma < 0x1p52 && mc < 0x1p52) { /* exact in int64 */
			int64_t x = (int64_t)ma, y = (int64_t)mc;
			int64_t z =
			    ((a & V_NEG) ? -x : x) + ((c & V_NEG) ? -y : y);
			uint64_t u = z < 0 ? (uint64_t)-z : (uint64_t)z;
			*out = (u << 8) | s | (z < 0 ? V_NEG : 0);
			return 0;
		}
	}
	double d = row_value(b, a) + row_value(b, c);
	if (!isfinite(d)) {
		*out = V_MISSING;
		return 0;
	}
	char t[40];
	int n = snprintf(t, sizeof t, "%.15g", d);
	if (strtod(t, NULL) != d)
		n = snprintf(t, sizeof t, "%.17g", d);
	return parse_other(b, t, (size_t)n, out) ? -1 : 0;
}

/* Sorted rows of one key: a repeated time is an error or, with --sum, one
 * row.  Returns the number of rows left. */
static int merge_dups(cf_bulk *b, const char *k, size_t klen, bulk_row *r,
		      size_t *n, cf_error *err)
{
	size_t w = 0;
	for (size_t i = 0; i < *n; i++) {
		if (w && r[w - 1].time == r[i].time) {
			if (!b->opt.sum)
				return duplicate_error(b, k, klen, &r[w - 1],
						       &r[i], err);
			if (sum_values(b, r[w - 1].v, r[i].v, &r[w - 1].v))
				return nomem(err);
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
		return nomem(err);
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
		int rc = out_reserve(
		    b, e, e->prefix.len + 80 + value_text_len(b, r[i].v), err);
		if (rc)
			return rc;
		char *p = e->obuf.p + e->obuf.len;
		memcpy(p, e->prefix.p, e->prefix.len);
		p = put_int(p + e->prefix.len, r[i].time);
		*p++ = sep;
		p = put_value(b, p, r[i].v);
		*p++ = sep;
		bool present = !(r[i].v & V_MISSING);
		double v = present ? row_value(b, r[i].v) : 0;
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
			return nomem(err);
		e->ys = y;
		e->xycap = n;
	}
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (!(r[i].v & V_MISSING)) {
			e->xs[m] = r[i].time;
			e->ys[m++] = row_value(b, r[i].v);
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

static int emit_key(cf_bulk *b, emitter *e, const char *k, size_t klen,
		    const bulk_row *r, size_t n, cf_error *err)
{
	int rc = key_prefix(b, e, k, klen, err);
	if (rc)
		return rc;
	return b->opt.summary ? emit_summary(b, e, r, n, err)
			      : emit_rows(b, e, r, n, err);
}

/* ---- sorted (streaming) mode ------------------------------------------- */

static int seen_grow(cf_bulk *b)
{
	size_t n = b->seen ? (b->seen_mask + 1) * 2 : 1024;
	uint64_t *s = calloc(n, sizeof *s);
	uint32_t *l = s ? calloc(n, sizeof *l) : NULL;
	if (!l) {
		free(s);
		return -1;
	}
	for (size_t i = 0; b->seen && i <= b->seen_mask; i++) {
		if (!b->seen[i])
			continue;
		size_t j = b->seen[i] & (n - 1);
		while (s[j])
			j = (j + 1) & (n - 1);
		s[j] = b->seen[i];
		l[j] = b->seen_line[i];
	}
	free(b->seen);
	free(b->seen_line);
	b->seen = s;
	b->seen_line = l;
	b->seen_mask = n - 1;
	return 0;
}

static int seen_add(cf_bulk *b, uint64_t h, long line)
{
	if (2 * (b->nseen + 1) > b->seen_mask + 1 && seen_grow(b))
		return -1;
	h |= 1; /* 0 marks an empty slot */
	size_t j = h & b->seen_mask;
	while (b->seen[j])
		j = (j + 1) & b->seen_mask;
	b->seen[j] = h;
	b->seen_line[j] = line > UINT32_MAX ? UINT32_MAX : (uint32_t)line;
	b->nseen++;
	return 0;
}

static long seen_find(const cf_bulk *b, uint64_t h)
{
	if (!b->seen)
		return 0;
	h |= 1;
	for (size_t j = h & b->seen_mask; b->seen[j];
	     j = (j + 1) & b->seen_mask)
		if (b->seen[j] == h)
			return b->seen_line[j];
	return 0;
}

static int flush_current(cf_bulk *b, cf_error *err)
{
	if (!b->cur.len)
		return 0;
	size_t n = b->ncrow;
	int rc = merge_dups(b, b->cur.p, b->cur.len, b->crow, &n, err);
	if (!rc)
		rc = emit_key(b, &b->em, b->cur.p, b->cur.len, b->crow, n, err);
	if (!rc && seen_add(b, b->cur_hash, b->cur_line))
		rc = nomem(err);
	b->cur.len = 0;
	b->tarena.len = 0;
	b->ncrow = 0;
	return rc;
}

static int sorted_add(cf_bulk *b, const bulk_rec *r, bulk_row row,
		      cf_error *err)
{
	const char *kf[MAX_KEYS];
	size_t kl[MAX_KEYS];
	key_fields(b, r, kf, kl);
	b->scratch.len = 0;
	if (buf_reserve(&b->scratch, encoded_max(kl, b->nk)))
		return nomem(err);
	size_t len = encode_key(b->scratch.p, kf, kl, b->nk);
	if (len != b->cur.len || memcmp(b->cur.p, b->scratch.p, len)) {
		uint64_t h = hash_bytes(b->scratch.p, len);
		long first = seen_find(b, h);
		if (first)
			return field_error(b, r, b->kcol[0], err,
					   "--sorted: this key's rows began on "
					   "line %ld and another key came "
					   "between",
					   first);
		int rc = flush_current(b, err);
		if (rc)
			return rc;
		if (buf_reserve(&b->cur, len))
			return nomem(err);
		memcpy(b->cur.p, b->scratch.p, len);
		b->cur.len = len;
		b->cur_hash = h;
		b->cur_line = r->line;
	} else {
		const bulk_row *last = &b->crow[b->ncrow - 1];
		if (row.time < last->time)
			return field_error(
			    b, r, b->tcol, err,
			    "--sorted: time %ld comes after %ld (line %lu)",
			    (long)row.time, (long)last->time,
			    (unsigned long)last->line);
		if (row.time == last->time && !b->opt.sum)
			return duplicate_error(b, b->cur.p, b->cur.len, last,
					       &row, err);
	}
	if (b->ncrow == b->capcrow) {
		size_t n = b->capcrow ? 2 * b->capcrow : 64;
		bulk_row *c = realloc(b->crow, n * sizeof *c);
		if (!c)
			return nomem(err);
		b->crow = c;
		b->capcrow = n;
	}
	b->crow[b->ncrow++] = row;
	return 0;
}

/* ---- records ------------------------------------------------------------ */

static int add_record(cf_bulk *b, const bulk_rec *r, cf_error *err)
{
	bulk_row row = {.line = r->line > UINT32_MAX ? UINT32_MAX
						     : (uint32_t)r->line};
	if (parse_time(r->f[b->tcol], r->len[b->tcol], &row.time))
		return field_error(b, r, b->tcol, err,
				   "time '%.40s' is not an integer",
				   r->f[b->tcol]);
	int rc = parse_value(b, r->f[b->vcol], r->len[b->vcol], &row.v);
	if (rc == -2)
		return nomem(err);
	if (rc)
		return field_error(b, r, b->vcol, err,
				   "value '%.40s' is not a number",
				   r->f[b->vcol]);
	if (++b->rows % PROGRESS_EVERY == 0 && b->opt.progress)
		b->opt.progress(b->opt.progress_ctx, b->rows);
	return b->opt.sorted ? sorted_add(b, r, row, err)
			     : add_unsorted(b, r, row, err);
}

static int find_column(const cf_bulk *b, const cf_csv_record *rec,
		       const char *name, size_t *col, cf_error *err)
{
	for (size_t i = 0; i < rec->nfields; i++)
		if (!strcmp(rec->fields[i], name)) {
			*col = i;
			return 0;
		}
	return cf_error_set(err, CF_EUSAGE, b->name, rec->line, 0,
			    "no column '%s' in the header", name);
}

static int on_header(cf_bulk *b, const cf_csv_record *rec, cf_error *err)
{
	int rc = 0;
	for (size_t i = 0; !rc && i < b->nk; i++)
		rc = find_column(b, rec, b->opt.keys[i], &b->kcol[i], err);
	if (!rc)
		rc = find_column(b, rec, b->opt.time, &b->tcol, err);
	if (!rc)
		rc = find_column(b, rec, b->opt.value, &b->vcol, err);
	if (!rc && !b->header_done)
		rc = write_header(b, err);
	b->header_done = true;
	return rc;
}

static int on_csv_record(const cf_csv_record *rec, void *ctx, cf_error *err)
{
	cf_bulk *b = ctx;
	if (rec->index == 0)
		return on_header(b, rec, err);
	bulk_rec r = {.f = rec->fields,
		      .len = rec->lengths,
		      .line = rec->line,
		      .csv = rec};
	return add_record(b, &r, err);
}

/* ---- TSV (Hadoop Streaming) -------------------------------------------- */

static int tsv_line(cf_bulk *b, char *s, size_t n, long line, cf_error *err)
{
	if (n && s[n - 1] == '\r')
		n--;
	s[n] = '\0';
	const char *f[MAX_TSV_FIELDS];
	size_t len[MAX_TSV_FIELDS], nf = 0;
	for (char *p = s;; nf++) {
		char *tab = memchr(p, '\t', (size_t)(s + n - p));
		if (nf == MAX_TSV_FIELDS)
			return cf_error_set(err, CF_EDATA, b->name, line, 0,
					    "more than %d fields",
					    MAX_TSV_FIELDS);
		f[nf] = p;
		len[nf] = (size_t)((tab ? tab : s + n) - p);
		if (!tab) {
			nf++;
			break;
		}
		*tab = '\0';
		p = tab + 1;
	}
	if (!b->nk && nf >= 3) {
		b->nk = nf - 2;
		for (size_t i = 0; i < b->nk; i++)
			b->kcol[i] = i;
		b->tcol = nf - 2;
		b->vcol = nf - 1;
	}
	if (nf != b->nk + 2)
		return cf_error_set(err, CF_EDATA, b->name, line, 0,
				    "%zu fields where key%s, time and value "
				    "make %zu",
				    nf, b->nk == 1 ? "" : "s", b->nk + 2);
	bulk_rec r = {.f = f, .len = len, .line = line, .tsv_line = s};
	return add_record(b, &r, err);
}

static int read_tsv(cf_bulk *b, FILE *in, cf_error *err)
{
	buf line = {0};
	long lineno = 0;
	int rc = 0;
	char chunk[1 << 16];
	size_t got;
	while (!rc && (got = fread(chunk, 1, sizeof chunk, in)) > 0) {
		for (size_t i = 0; !rc && i < got;) {
			char *nl = memchr(chunk + i, '\n', got - i);
			size_t n =
			    (size_t)((nl ? nl : chunk + got) - (chunk + i));
			if (buf_reserve(&line, n + 1)) {
				rc = nomem(err);
				break;
			}
			memcpy(line.p + line.len, chunk + i, n);
			line.len += n;
			i += n + (nl != NULL);
			if (nl) {
				rc = tsv_line(b, line.p, line.len, ++lineno,
					      err);
				line.len = 0;
			}
		}
	}
	if (!rc && ferror(in))
		rc =
		    cf_error_set(err, CF_ENOINPUT, b->name, 0, 0, "read error");
	if (!rc && line.len)
		rc = tsv_line(b, line.p, line.len, ++lineno, err);
	free(line.p);
	return rc;
}

/* ---- the public face ---------------------------------------------------- */

int cf_bulk_new(const cf_bulk_options *opt, FILE *out, cf_bulk **bp,
		cf_error *err)
{
	*bp = NULL;
	if (opt->nkeys > MAX_KEYS)
		return cf_error_set(err, CF_EUSAGE, NULL, 0, 0,
				    "at most %d key columns", MAX_KEYS);
	if (!opt->tsv && (!opt->nkeys || !opt->time || !opt->value))
		return cf_error_set(err, CF_EUSAGE, NULL, 0, 0,
				    "key, time and value columns are needed");
	cf_bulk *b = calloc(1, sizeof *b);
	if (!b || !(b->em.obuf.p = malloc(OBUF_SIZE)))
		goto oom;
	b->em.obuf.cap = OBUF_SIZE;
	b->em.direct = true;
	b->opt = *opt;
	b->out = out;
	b->nk = opt->nkeys;
	if (opt->tsv && b->nk) {
		for (size_t i = 0; i < b->nk; i++)
			b->kcol[i] = i;
		b->tcol = b->nk;
		b->vcol = b->nk + 1;
	}
	if (!opt->sorted && grow_table(b))
		goto oom;
	for (size_t i = 0; !opt->sorted && i < NQ; i++)
		if (!(b->q[i].pd = malloc(QBATCH * sizeof *b->q[i].pd)))
			goto oom;
	if (pthread_mutex_init(&b->mu, NULL))
		goto oom;
	if (pthread_cond_init(&b->cv, NULL)) {
		pthread_mutex_destroy(&b->mu);
		goto oom;
	}
	b->sync_ok = true;
	*bp = b;
	return 0;
oom:
	cf_bulk_free(b);
	return nomem(err);
}

int cf_bulk_read(cf_bulk *b, FILE *in, const char *name, cf_error *err)
{
	b->name = name;
	if (!b->opt.sorted)
		start_worker(b);
	int rc = b->opt.tsv
		     ? read_tsv(b, in, err)
		     : cf_csv_read_stream(in, name, on_csv_record, b, err);
	return b->opt.sorted ? rc : stop_worker(b, rc, err);
}

typedef struct key_order {
	uint64_t prefix; /* first 8 bytes, big-endian: most comparisons */
	const char *enc;
	uint32_t len, index;
} key_order;

static int cmp_order(const void *a, const void *c)
{
	const key_order *x = a, *y = c;
	if (x->prefix != y->prefix)
		return x->prefix < y->prefix ? -1 : 1;
	int r = memcmp(x->enc, y->enc, x->len < y->len ? x->len : y->len);
	return r ? r : (x->len > y->len) - (x->len < y->len);
}

static key_order *order_keys(const cf_bulk *b)
{
	key_order *o = malloc((b->nkeys + 1) * sizeof *o);
	for (size_t i = 0; o && i < b->nkeys; i++) {
		const char *k = b->karena.p + b->keyoff[i];
		uint32_t len;
		memcpy(&len, k + 4, 4);
		uint64_t pf = 0;
		for (uint32_t j = 0; j < 8; j++)
			pf =
			    (pf << 8) | (j < len ? (unsigned char)k[8 + j] : 0);
		o[i] = (key_order){pf, k + 8, len, (uint32_t)i};
	}
	if (o)
		qsort(o, b->nkeys, sizeof *o, cmp_order);
	return o;
}

/* Rows moved from their chunks into one array in output order: a counting
 * sort by the rank of their key.  Two threads share it: the helper sorts the
 * keys while this thread counts each key's rows in the first and second
 * halves of the chunks; then each thread moves one half, to disjoint places
 * (a key's rows from the first half before those from the second, so input
 * order is kept), freeing chunks as they empty. */
typedef struct gather_part {
	cf_bulk *b;
	key_order *o;  /* the helper's first job: order_keys */
	size_t c0, c1; /* then: move chunks c0 … c1 - 1 */
	const uint32_t *rank;
	size_t *cur; /* where the next row of each rank goes */
	bulk_row *rows;
} gather_part;

static void move_rows(gather_part *g)
{
	cf_bulk *b = g->b;
	for (size_t c = g->c0; c < g->c1; c++) {
		size_t n =
		    c + 1 < b->nchunks ? CHUNK_ROWS : b->nrows - c * CHUNK_ROWS;
		const uint32_t *k = b->kchunk[c];
		const bulk_row *r = b->rchunk[c];
		for (size_t i = 0; i < n; i++)
			g->rows[g->cur[g->rank[k[i]]]++] = r[i];
		free(b->rchunk[c]);
		free(b->kchunk[c]);
		b->rchunk[c] = NULL;
		b->kchunk[c] = NULL;
	}
}

static void *sort_keys_job(void *arg)
{
	gather_part *g = arg;
	g->o = order_keys(g->b);
	return NULL;
}

static void *move_rows_job(void *arg)
{
	move_rows(arg);
	return NULL;
}

/* Runs fn(arg) in a new thread, or here if none can be had; *t is set
 * when a thread was started. */
static bool run_beside(pthread_t *t, void *(*fn)(void *), void *arg)
{
	if (pthread_create(t, NULL, fn, arg) == 0)
		return true;
	fn(arg);
	return false;
}

static void count_halves(const cf_bulk *b, size_t half, uint32_t *cnt1,
			 uint32_t *cnt2)
{
	for (size_t c = 0; c < b->nchunks; c++) {
		size_t n =
		    c + 1 < b->nchunks ? CHUNK_ROWS : b->nrows - c * CHUNK_ROWS;
		uint32_t *cnt = c < half ? cnt1 : cnt2;
		const uint32_t *k = b->kchunk[c];
		for (size_t i = 0; i < n; i++)
			cnt[k[i]]++;
	}
}

static bulk_row *gather_rows(cf_bulk *b, key_order **op, size_t **begp)
{
	size_t nk = b->nkeys, half = b->nchunks / 2;
	gather_part g1 = {.b = b, .c0 = 0, .c1 = half};
	gather_part g2 = {.b = b, .c0 = half, .c1 = b->nchunks};
	pthread_t t;
	bool threaded = run_beside(&t, sort_keys_job, &g2);
	uint32_t *cnt1 = big_calloc(nk + 1, sizeof *cnt1);
	uint32_t *cnt2 = big_calloc(nk + 1, sizeof *cnt2);
	uint32_t *rank = big_alloc((nk + 1) * sizeof *rank);
	size_t *beg = big_alloc((nk + 1) * sizeof *beg);
	size_t *cur1 = big_alloc((nk + 1) * sizeof *cur1);
	size_t *cur2 = big_alloc((nk + 1) * sizeof *cur2);
	bulk_row *rows = big_alloc((b->nrows + 1) * sizeof *rows);
	bool ok = cnt1 && cnt2 && rank && beg && cur1 && cur2 && rows;
	if (ok)
		count_halves(b, half, cnt1, cnt2);
	if (threaded)
		pthread_join(t, NULL);
	key_order *o = *op = g2.o;
	ok = ok && o;
	if (ok) {
		beg[0] = 0;
		for (size_t i = 0; i < nk; i++) {
			uint32_t k = o[i].index;
			rank[k] = (uint32_t)i;
			cur1[i] = beg[i];
			cur2[i] = beg[i] + cnt1[k];
			beg[i + 1] = cur2[i] + cnt2[k];
		}
		g1.rank = g2.rank = rank;
		g1.rows = g2.rows = rows;
		g1.cur = cur1;
		g2.cur = cur2;
		threaded = run_beside(&t, move_rows_job, &g2);
		move_rows(&g1);
		if (threaded)
			pthread_join(t, NULL);
	}
	free(cnt1);
	free(cnt2);
	free(rank);
	free(cur1);
	free(cur2);
	if (!ok) {
		free(beg);
		free(rows);
		return NULL;
	}
	*begp = beg;
	return rows;
}

/* Output is formatted in blocks of about BLOCK_ROWS rows, the even ones by
 * the main thread and the odd ones by a helper, and written in order by the
 * main thread: formatting is the larger part of the work once rows are in
 * order. */
#define BLOCK_ROWS 65536

typedef struct emit_job {
	cf_bulk *b;
	const key_order *o;
	const bulk_row *rows;
	const size_t *beg, *cnt;
	size_t *bstart, nblocks; /* block i: keys bstart[i] … bstart[i+1] */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	long done; /* last block the helper has formatted */
	bool helper_free, stop, failed;
} emit_job;

static int emit_block(emit_job *j, emitter *e, size_t blk, cf_error *err)
{
	int rc = 0;
	for (size_t i = j->bstart[blk]; !rc && i < j->bstart[blk + 1]; i++)
		rc = emit_key(j->b, e, j->o[i].enc, j->o[i].len,
			      j->rows + j->beg[i], j->cnt[i], err);
	return rc;
}

static void *emit_helper(void *arg)
{
	emit_job *j = arg;
	cf_error err;
	for (size_t blk = 1; blk < j->nblocks; blk += 2) {
		pthread_mutex_lock(&j->mu);
		while (!j->helper_free && !j->stop)
			pthread_cond_wait(&j->cv, &j->mu);
		bool stop = j->stop;
		j->helper_free = false;
		pthread_mutex_unlock(&j->mu);
		if (stop)
			break;
		int rc = emit_block(j, &j->b->em2, blk, &err);
		pthread_mutex_lock(&j->mu);
		j->failed = rc != 0;
		j->done = (long)blk;
		pthread_cond_broadcast(&j->cv);
		pthread_mutex_unlock(&j->mu);
		if (rc)
			break;
	}
	return NULL;
}

/* Writes the helper's block blk once it is formatted. */
static int write_helper_block(emit_job *j, size_t blk, cf_error *err)
{
	pthread_mutex_lock(&j->mu);
	while (j->done < (long)blk && !j->failed)
		pthread_cond_wait(&j->cv, &j->mu);
	bool failed = j->failed;
	pthread_mutex_unlock(&j->mu);
	if (failed)
		return nomem(err);
	int rc = flush_out(j->b, &j->b->em2, err);
	pthread_mutex_lock(&j->mu);
	j->helper_free = true;
	pthread_cond_broadcast(&j->cv);
	pthread_mutex_unlock(&j->mu);
	return rc;
}

static int emit_blocks(emit_job *j, cf_error *err)
{
	pthread_t helper;
	bool threaded = j->nblocks > 1 && !pthread_mutex_init(&j->mu, NULL);
	if (threaded && pthread_cond_init(&j->cv, NULL)) {
		pthread_mutex_destroy(&j->mu);
		threaded = false;
	}
	if (threaded && pthread_create(&helper, NULL, emit_helper, j)) {
		pthread_cond_destroy(&j->cv);
		pthread_mutex_destroy(&j->mu);
		threaded = false;
	}
	int rc = 0;
	for (size_t blk = 0; !rc && blk < j->nblocks; blk++) {
		if (threaded && blk % 2)
			rc = write_helper_block(j, blk, err);
		else if (!(rc = emit_block(j, &j->b->em, blk, err)))
			rc = flush_out(j->b, &j->b->em, err); /* before blk+1 */
	}
	if (threaded) {
		pthread_mutex_lock(&j->mu);
		j->stop = true;
		pthread_cond_broadcast(&j->cv);
		pthread_mutex_unlock(&j->mu);
		pthread_join(helper, NULL);
		pthread_cond_destroy(&j->cv);
		pthread_mutex_destroy(&j->mu);
	}
	return rc;
}

/* Each key's rows in time order, repeated times merged or refused (before
 * any output, and before threads share the rows); cnt gets what is left. */
static int settle_keys(cf_bulk *b, const key_order *o, bulk_row *rows,
		       const size_t *beg, size_t *cnt, cf_error *err)
{
	for (size_t i = 0; i < b->nkeys; i++) {
		size_t n = beg[i + 1] - beg[i];
		sort_rows(rows + beg[i], n);
		int rc =
		    merge_dups(b, o[i].enc, o[i].len, rows + beg[i], &n, err);
		if (rc)
			return rc;
		cnt[i] = n;
	}
	return 0;
}

static size_t *block_starts(const size_t *cnt, size_t nkeys, size_t *nblocks)
{
	size_t *bs = malloc((nkeys / 2 + 2) * sizeof *bs), nb = 0, rows = 0;
	for (size_t i = 0; bs && i < nkeys; i++) {
		if (i == 0 || rows >= BLOCK_ROWS) {
			bs[nb++] = i;
			rows = 0;
		}
		rows += cnt[i] + 1;
	}
	if (bs)
		bs[nb] = nkeys;
	*nblocks = nb;
	return bs;
}

static int finish_unsorted(cf_bulk *b, cf_error *err)
{
	int rc = 0;
	key_order *o = NULL;
	size_t *beg = NULL;
	bulk_row *rows = gather_rows(b, &o, &beg);
	size_t *cnt = rows ? malloc((b->nkeys + 1) * sizeof *cnt) : NULL;
	if (!cnt)
		rc = nomem(err);
	if (!rc)
		rc = settle_keys(b, o, rows, beg, cnt, err);
	emit_job j = {.b = b,
		      .o = o,
		      .rows = rows,
		      .beg = beg,
		      .cnt = cnt,
		      .done = -1,
		      .helper_free = true};
	if (!rc && !(j.bstart = block_starts(cnt, b->nkeys, &j.nblocks)))
		rc = nomem(err);
	if (!rc)
		rc = emit_blocks(&j, err);
	free(j.bstart);
	free(cnt);
	free(rows);
	free(beg);
	free(o);
	return rc;
}

int cf_bulk_finish(cf_bulk *b, cf_error *err)
{
	int rc = 0;
	if (!b->header_done && !b->opt.tsv)
		rc =
		    cf_error_set(err, CF_EDATA, b->name, 0, 0, "no header row");
	if (!rc)
		rc = b->opt.sorted ? flush_current(b, err)
				   : finish_unsorted(b, err);
	if (!rc)
		rc = flush_out(b, &b->em, err);
	if (!rc && fflush(b->out) != 0)
		rc = cf_error_set(err, CF_EWRITE, NULL, 0, 0,
				  "cannot write the output");
	return rc;
}

long cf_bulk_rows(const cf_bulk *b)
{
	return b->rows;
}

void cf_bulk_free(cf_bulk *b)
{
	if (!b)
		return;
	for (size_t c = 0; c < b->nchunks; c++) {
		free(b->rchunk[c]);
		free(b->kchunk[c]);
	}
	free(b->rchunk);
	free(b->kchunk);
	free(b->keyoff);
	free(b->table);
	free(b->karena.p);
	free(b->tarena.p);
	for (size_t i = 0; i < NQ; i++) {
		free(b->q[i].pd);
		free(b->q[i].bytes.p);
	}
	if (b->sync_ok) {
		pthread_cond_destroy(&b->cv);
		pthread_mutex_destroy(&b->mu);
	}
	free(b->cur.p);
	free(b->scratch.p);
	free(b->crow);
	free(b->seen);
	free(b->seen_line);
	emitter *em[2] = {&b->em, &b->em2};
	for (int i = 0; i < 2; i++) {
		free(em[i]->obuf.p);
		free(em[i]->prefix.p);
		free(em[i]->xs);
		free(em[i]->ys);
	}
	free(b);
}
