/* bulk_store.c — keys and rows of one part of the input: keys encoded
 * into order-preserving byte strings, interned in an open-addressing table,
 * looked up in batches with prefetching; rows appended to chunks. */
#include <stdlib.h>
#include <string.h>

#include "bulk_impl.h"

/* A key's fields as one byte string whose memcmp order is the field-by-field
 * byte order of the fields and which differs for different fields: each
 * field followed by 00 01, a 00 byte inside a field written 00 02. */
size_t encode_key(char *d, const char *const *f, const size_t *l, size_t n)
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

size_t encoded_max(const size_t *l, size_t n)
{
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		m += 2 * l[i] + 2;
	return m;
}

/* The field at *k of an encoded key, unescaped into tmp (as long as the
 * encoding at most); moves *k past it.  Returns its length. */
size_t next_field(const char **k, char *tmp)
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

uint64_t hash_bytes(const char *s, size_t n)
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

static int grow_table(bulk_store *b)
{
	size_t n = b->table ? (b->tmask + 1) * 2 : 4096;
	uint64_t *t = calloc(n, sizeof *t);
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

static int new_key(bulk_store *b, const pending *p, const char *bytes,
		   size_t slot, uint32_t *idx)
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

static int push_row(bulk_store *b, bulk_row row, uint32_t key)
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
		b->rchunk[c] = malloc(CHUNK_ROWS * sizeof **b->rchunk);
		b->kchunk[c] = malloc(CHUNK_ROWS * sizeof **b->kchunk);
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
static int run_batch(bulk_store *b, pending *pd, size_t n, const char *bytes,
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
					return bulk_nomem(err);
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
			return bulk_nomem(err);
		if (2 * b->nkeys > b->tmask && grow_table(b))
			return bulk_nomem(err);
	}
	return 0;
}

int run_qbatch(bulk_store *b, batch *q, cf_error *err)
{
	int rc = 0;
	for (size_t i = 0; !rc && i < q->n; i += BATCH)
		rc =
		    run_batch(b, q->pd + i, q->n - i < BATCH ? q->n - i : BATCH,
			      q->bytes.p, err);
	return rc;
}

int store_init(bulk_store *st)
{
	*st = (bulk_store){0};
	return grow_table(st);
}

void store_free(bulk_store *st)
{
	for (size_t c = 0; c < st->nchunks; c++) {
		free(st->rchunk[c]);
		free(st->kchunk[c]);
	}
	free(st->rchunk);
	free(st->kchunk);
	free(st->keyoff);
	free(st->table);
	free(st->karena.p);
	free(st->tarena.p);
	*st = (bulk_store){0};
}

size_t store_chunk_rows(const bulk_store *st, size_t c)
{
	return c + 1 < st->nchunks ? CHUNK_ROWS : st->nrows - c * CHUNK_ROWS;
}

int store_find(const bulk_store *st, const char *k, uint32_t len, uint64_t hash,
	       uint32_t *idx)
{
	uint64_t fp = hash << 32;
	for (size_t j = hash & st->tmask; st->table[j];
	     j = (j + 1) & st->tmask) {
		uint64_t s = st->table[j];
		const char *e = st->karena.p + (uint32_t)s - 1;
		uint32_t elen;
		memcpy(&elen, e + 4, 4);
		if ((s & 0xffffffff00000000u) == fp && elen == len &&
		    !memcmp(e + 8, k, len)) {
			memcpy(idx, e, 4);
			return 0;
		}
	}
	return -1;
}

int store_intern(bulk_store *st, const char *k, uint32_t len, uint64_t hash,
		 uint32_t *idx)
{
	uint64_t fp = hash << 32;
	for (size_t j = hash & st->tmask;; j = (j + 1) & st->tmask) {
		uint64_t s = st->table[j];
		if (!s) {
			pending p = {.hash = hash, .off = 0, .len = len};
			if (new_key(st, &p, k, j, idx))
				return -1;
			break;
		}
		const char *e = st->karena.p + (uint32_t)s - 1;
		uint32_t elen;
		memcpy(&elen, e + 4, 4);
		if ((s & 0xffffffff00000000u) == fp && elen == len &&
		    !memcmp(e + 8, k, len)) {
			memcpy(idx, e, 4);
			break;
		}
	}
	if (2 * st->nkeys > st->tmask && grow_table(st))
		return -1;
	return 0;
}
