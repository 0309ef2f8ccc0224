/* bulk_sorted.c — --sorted: the input promises each key's rows together
 * and in ascending time, so each key is written as soon as the next one
 * begins, holding only its rows and, per key already seen, a fingerprint
 * and the line where it began (to reject a key that comes back). */
#include <stdlib.h>
#include <string.h>

#include "bulk_impl.h"

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

int flush_current(cf_bulk *b, cf_error *err)
{
	if (!b->cur.len)
		return 0;
	size_t n = b->ncrow;
	int rc = merge_dups(b, b->cur.p, b->cur.len, b->crow, &n, err);
	if (!rc)
		rc = emit_key(b, &b->em, b->cur.p, b->cur.len, b->crow, n, err);
	if (!rc && seen_add(b, b->cur_hash, b->cur_line))
		rc = bulk_nomem(err);
	b->cur.len = 0;
	b->tarena.len = 0;
	b->ncrow = 0;
	return rc;
}

int sorted_add(cf_bulk *b, const bulk_rec *r, bulk_row row, cf_error *err)
{
	const char *kf[MAX_KEYS];
	size_t kl[MAX_KEYS];
	key_fields(b, r, kf, kl);
	b->scratch.len = 0;
	if (buf_reserve(&b->scratch, encoded_max(kl, b->nk)))
		return bulk_nomem(err);
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
			return bulk_nomem(err);
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
			return bulk_nomem(err);
		b->crow = c;
		b->capcrow = n;
	}
	b->crow[b->ncrow++] = row;
	return 0;
}
