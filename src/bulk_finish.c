/* bulk_finish.c — the end of an in-memory run: the parts' keys merged into
 * one set, rows moved into key order by a counting sort on the key's rank
 * (two threads), each key's rows settled (time order, repeated times), and
 * output formatted in blocks by two threads and written in order. */
/* For madvise(MADV_DONTNEED); the rest is POSIX. */
#define _DEFAULT_SOURCE
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "bulk_impl.h"

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

static key_order *order_keys(const bulk_store *st)
{
	key_order *o = malloc((st->nkeys + 1) * sizeof *o);
	for (size_t i = 0; o && i < st->nkeys; i++) {
		const char *k = st->karena.p + st->keyoff[i];
		uint32_t len;
		memcpy(&len, k + 4, 4);
		uint64_t pf = 0;
		for (uint32_t j = 0; j < 8; j++)
			pf =
			    (pf << 8) | (j < len ? (unsigned char)k[8 + j] : 0);
		o[i] = (key_order){pf, k + 8, len, (uint32_t)i};
	}
	if (o)
		qsort(o, st->nkeys, sizeof *o, cmp_order);
	return o;
}

/* ---- the parts merged ---------------------------------------------------- */

/* A chunk of rows of one part, in input order, with what turns its rows
 * into rows of the merged whole. */
typedef struct chunk_ref {
	bulk_store *st;
	size_t c, n;	     /* chunk c of st, n rows */
	const uint32_t *map; /* part's key index → merged one (NULL: same) */
	uint64_t tbase;	     /* added to text offsets */
	uint32_t lbase;	     /* added to line numbers */
} chunk_ref;

typedef struct merged {
	chunk_ref *refs;
	size_t nrefs;
	uint32_t *maps[MAX_PARTS];
} merged;

static void merged_free(merged *m)
{
	free(m->refs);
	for (size_t i = 0; i < MAX_PARTS; i++)
		free(m->maps[i]);
}

/* Each key of a part found in the merged set (parts[0]'s): its index
 * there, or UINT32_MAX when not there yet.  Lookups only, so the parts are
 * shared between two threads. */
typedef struct map_job {
	cf_bulk *b;
	merged *m;
	size_t first; /* parts first, first + 2, … */
	bool failed;
} map_job;

static void *find_keys_job(void *arg)
{
	map_job *j = arg;
	const bulk_store *all = &j->b->parts[0].st;
	for (size_t p = j->first; p < j->b->nparts; p += 2) {
		const bulk_store *st = &j->b->parts[p].st;
		uint32_t *map = malloc((st->nkeys + 1) * sizeof *map);
		j->m->maps[p] = map;
		if (!map) {
			j->failed = true;
			continue;
		}
		for (size_t i = 0; i < st->nkeys; i++) {
			const char *k = st->karena.p + st->keyoff[i];
			uint32_t len;
			memcpy(&len, k + 4, 4);
			if (i + 4 < st->nkeys)
				__builtin_prefetch(st->karena.p +
						   st->keyoff[i + 4]);
			if (store_find(all, k + 8, len, hash_bytes(k + 8, len),
				       &map[i]))
				map[i] = UINT32_MAX;
		}
	}
	return NULL;
}

/* The keys not found added to the merged set, in part order (this one
 * thread writes it); then the part's own key set is freed. */
static int add_missing_keys(bulk_store *all, bulk_store *st, uint32_t *map)
{
	for (size_t i = 0; i < st->nkeys; i++) {
		if (map[i] != UINT32_MAX)
			continue;
		const char *k = st->karena.p + st->keyoff[i];
		uint32_t len;
		memcpy(&len, k + 4, 4);
		if (store_intern(all, k + 8, len, hash_bytes(k + 8, len),
				 &map[i]))
			return -1;
	}
	free(st->table);
	free(st->karena.p);
	free(st->keyoff);
	st->table = NULL;
	st->karena = (buf){0};
	st->keyoff = NULL;
	return 0;
}

static int map_parts(cf_bulk *b, merged *m)
{
	map_job odd = {.b = b, .m = m, .first = 1};
	map_job even = {.b = b, .m = m, .first = 2};
	pthread_t t;
	bool threaded = b->nparts > 2 && run_beside(&t, find_keys_job, &even);
	find_keys_job(&odd);
	if (threaded)
		pthread_join(t, NULL);
	if (odd.failed || even.failed)
		return -1;
	for (size_t p = 1; p < b->nparts; p++)
		if (add_missing_keys(&b->parts[0].st, &b->parts[p].st,
				     m->maps[p]))
			return -1;
	return 0;
}

static uint32_t line_base(long base)
{
	return base < 1		       ? 0
	       : base - 1 > UINT32_MAX ? UINT32_MAX
				       : (uint32_t)(base - 1);
}

/* Keys of every part into parts[0]'s store, text arenas into b->tarena,
 * and the list of all chunks in input order. */
static int merge_parts(cf_bulk *b, merged *m)
{
	bulk_store *all = &b->parts[0].st;
	size_t nrefs = 0;
	for (size_t p = 0; p < b->nparts; p++)
		nrefs += b->parts[p].st.nchunks;
	m->refs = malloc((nrefs + 1) * sizeof *m->refs);
	if (!m->refs)
		return -1;
	free(b->tarena.p);
	b->tarena = all->tarena;
	all->tarena = (buf){0};
	if (map_parts(b, m))
		return -1;
	for (size_t p = 0; p < b->nparts; p++) {
		bulk_part *pt = &b->parts[p];
		uint64_t tbase = b->tarena.len;
		if (p > 0 && pt->st.tarena.len) {
			if (buf_reserve(&b->tarena, pt->st.tarena.len))
				return -1;
			memcpy(b->tarena.p + tbase, pt->st.tarena.p,
			       pt->st.tarena.len);
			b->tarena.len += pt->st.tarena.len;
		}
		for (size_t c = 0; c < pt->st.nchunks; c++)
			m->refs[m->nrefs++] =
			    (chunk_ref){.st = &pt->st,
					.c = c,
					.n = store_chunk_rows(&pt->st, c),
					.map = m->maps[p],
					.tbase = p ? tbase : 0,
					.lbase = line_base(pt->line_base)};
	}
	return 0;
}

/* ---- rows into key order ------------------------------------------------ */

/* Rows moved from their chunks into one array in output order: a counting
 * sort by the rank of their key.  Two threads share it: the helper sorts the
 * keys while this thread counts each key's rows in the first and second
 * halves of the chunks; then each thread moves one half, to disjoint places
 * (a key's rows from the first half before those from the second, so input
 * order is kept), freeing chunks as they empty. */
typedef struct gather_part {
	cf_bulk *b;
	const merged *m;
	key_order *o;  /* the helper's first job: order_keys */
	size_t c0, c1; /* then: move chunks c0 … c1 - 1 */
	const uint32_t *rank;
	size_t *cur; /* where the next row of each rank goes */
	bulk_row *rows;
} gather_part;

static void move_rows(gather_part *g)
{
	for (size_t c = g->c0; c < g->c1; c++) {
		const chunk_ref *f = &g->m->refs[c];
		const uint32_t *k = f->st->kchunk[f->c], *map = f->map;
		bulk_row *r = f->st->rchunk[f->c];
		for (size_t i = 0; i < f->n; i++) {
			/* where a row a few ahead goes: a cache miss each */
			if (i + 8 < f->n) {
				uint32_t ak = map ? map[k[i + 8]] : k[i + 8];
				__builtin_prefetch(
				    &g->rows[g->cur[g->rank[ak]]], 1);
			}
			bulk_row x = r[i];
			if (x.v & V_TEXT)
				x.v += f->tbase << 8;
			x.line = x.line > UINT32_MAX - f->lbase
				     ? UINT32_MAX
				     : x.line + f->lbase;
			uint32_t key = map ? map[k[i]] : k[i];
			g->rows[g->cur[g->rank[key]]++] = x;
		}
		free(f->st->rchunk[f->c]);
		free(f->st->kchunk[f->c]);
		f->st->rchunk[f->c] = NULL;
		f->st->kchunk[f->c] = NULL;
	}
}

static void *sort_keys_job(void *arg)
{
	gather_part *g = arg;
	g->o = order_keys(&g->b->parts[0].st);
	return NULL;
}

static void *move_rows_job(void *arg)
{
	move_rows(arg);
	return NULL;
}

static void count_halves(const merged *m, size_t half, uint32_t *cnt1,
			 uint32_t *cnt2)
{
	for (size_t c = 0; c < m->nrefs; c++) {
		const chunk_ref *f = &m->refs[c];
		uint32_t *cnt = c < half ? cnt1 : cnt2;
		const uint32_t *k = f->st->kchunk[f->c];
		if (f->map)
			for (size_t i = 0; i < f->n; i++)
				cnt[f->map[k[i]]]++;
		else
			for (size_t i = 0; i < f->n; i++)
				cnt[k[i]]++;
	}
}

static bulk_row *gather_rows(cf_bulk *b, const merged *m, key_order **op,
			     size_t **begp)
{
	size_t nk = b->parts[0].st.nkeys, half = m->nrefs / 2, nrows = 0;
	for (size_t c = 0; c < m->nrefs; c++)
		nrows += m->refs[c].n;
	gather_part g1 = {.b = b, .m = m, .c0 = 0, .c1 = half};
	gather_part g2 = {.b = b, .m = m, .c0 = half, .c1 = m->nrefs};
	pthread_t t;
	bool threaded = run_beside(&t, sort_keys_job, &g2);
	uint32_t *cnt1 = calloc(nk + 1, sizeof *cnt1);
	uint32_t *cnt2 = calloc(nk + 1, sizeof *cnt2);
	uint32_t *rank = malloc((nk + 1) * sizeof *rank);
	size_t *beg = malloc((nk + 1) * sizeof *beg);
	size_t *cur1 = malloc((nk + 1) * sizeof *cur1);
	size_t *cur2 = malloc((nk + 1) * sizeof *cur2);
	bulk_row *rows = malloc((nrows + 1) * sizeof *rows);
	bool ok = cnt1 && cnt2 && rank && beg && cur1 && cur2 && rows;
	if (ok)
		count_halves(m, half, cnt1, cnt2);
	/* While the helper sorts the keys (the longer job), the rows' array
	 * is touched page by page: first touches of fresh pages (the kernel
	 * zeroes them) were most of the time of the moves.  Plain pages, not
	 * transparent huge ones: on this project's virtual machine a huge
	 * page's first touch took milliseconds (memory the guest had never
	 * touched), 160 MB 0.5 s against 0.1 s. */
	for (size_t off = 0; ok && off < (nrows + 1) * sizeof *rows;
	     off += 4096)
		((volatile char *)rows)[off] = 0;
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

/* ---- output in blocks --------------------------------------------------- */

/* Output is formatted in blocks of about BLOCK_ROWS rows, the even ones by
 * the main thread and the odd ones by a helper, each thread writing its own
 * blocks when their turn comes: formatting and writing (the kernel copying
 * into the page cache took a fifth of the time on 10 M rows) are both
 * shared, and the output is in order. */
#define BLOCK_ROWS 65536

typedef struct emit_job {
	cf_bulk *b;
	const key_order *o;
	const bulk_row *rows;
	const size_t *beg, *cnt;
	size_t *bstart, nblocks; /* block i: keys bstart[i] … bstart[i+1] */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	size_t next;	    /* the block to be written next */
	uintptr_t released; /* rows' pages given back up to here */
	bool failed;
	int hrc; /* the helper's outcome */
	cf_error herr;
} emit_job;

/* A thread stopped because the other one failed (its error is reported). */
#define OTHER_FAILED 1

static int emit_block(emit_job *j, emitter *e, size_t blk, cf_error *err)
{
	int rc = 0;
	size_t end = j->bstart[blk + 1];
	for (size_t i = j->bstart[blk]; !rc && i < end; i++) {
		/* keys in sorted order lie anywhere in the key arena: fetch
		 * a few ahead (a cache miss each otherwise) */
		if (i + 4 < end)
			__builtin_prefetch(j->o[i + 4].enc);
		rc = emit_key(j->b, e, j->o[i].enc, j->o[i].len,
			      j->rows + j->beg[i], j->cnt[i], err);
	}
	return rc;
}

static void set_failed(emit_job *j)
{
	pthread_mutex_lock(&j->mu);
	j->failed = true;
	pthread_cond_broadcast(&j->cv);
	pthread_mutex_unlock(&j->mu);
}

/* Writes e's formatted block blk once the blocks before it are written. */
/* The rows of the blocks written so far are not read again: their pages go
 * back to the kernel, which takes them for the output's page cache.  Fresh
 * pages were what writing cost most on this project's virtual machine
 * (their first touch); pages just given back are cheap.  Only whole pages
 * below the next block's first row; called in turn, so by one thread. */
static void release_rows(emit_job *j, size_t blk)
{
#ifdef MADV_DONTNEED
	long pg = sysconf(_SC_PAGESIZE);
	if (pg <= 0)
		return;
	uintptr_t page = (uintptr_t)pg;
	uintptr_t lo = (uintptr_t)j->rows;
	uintptr_t hi = (uintptr_t)(j->rows + j->beg[j->bstart[blk + 1]]);
	lo = (lo + page - 1) / page * page;
	if (j->released > lo)
		lo = j->released;
	hi = hi / page * page;
	if (hi > lo && madvise((void *)lo, hi - lo, MADV_DONTNEED) == 0)
		j->released = hi;
#else
	(void)j;
	(void)blk;
#endif
}

static int write_in_turn(emit_job *j, emitter *e, size_t blk, cf_error *err)
{
	pthread_mutex_lock(&j->mu);
	while (j->next != blk && !j->failed)
		pthread_cond_wait(&j->cv, &j->mu);
	bool failed = j->failed;
	pthread_mutex_unlock(&j->mu);
	if (failed)
		return OTHER_FAILED;
	int rc = flush_out(j->b, e, err);
	if (!rc)
		release_rows(j, blk);
	pthread_mutex_lock(&j->mu);
	if (rc)
		j->failed = true;
	else
		j->next++;
	pthread_cond_broadcast(&j->cv);
	pthread_mutex_unlock(&j->mu);
	return rc;
}

static int run_blocks(emit_job *j, emitter *e, size_t first, size_t step,
		      cf_error *err)
{
	int rc = 0;
	for (size_t blk = first; !rc && blk < j->nblocks; blk += step) {
		rc = emit_block(j, e, blk, err);
		if (rc)
			set_failed(j);
		else
			rc = write_in_turn(j, e, blk, err);
	}
	return rc;
}

static void *emit_helper(void *arg)
{
	emit_job *j = arg;
	j->hrc = run_blocks(j, &j->b->em2, 1, 2, &j->herr);
	return NULL;
}

static int emit_blocks(emit_job *j, cf_error *err)
{
	if (pthread_mutex_init(&j->mu, NULL))
		return bulk_nomem(err);
	if (pthread_cond_init(&j->cv, NULL)) {
		pthread_mutex_destroy(&j->mu);
		return bulk_nomem(err);
	}
	/* blocks are written whole, in turn: nothing before its turn */
	j->b->em.direct = false;
	pthread_t helper;
	bool threaded =
	    j->nblocks > 1 && !pthread_create(&helper, NULL, emit_helper, j);
	int rc = run_blocks(j, &j->b->em, 0, threaded ? 2 : 1, err);
	if (threaded) {
		pthread_join(helper, NULL);
		if ((!rc || rc == OTHER_FAILED) && j->hrc &&
		    j->hrc != OTHER_FAILED) {
			*err = j->herr;
			rc = j->hrc;
		}
	}
	j->b->em.direct = true;
	pthread_cond_destroy(&j->cv);
	pthread_mutex_destroy(&j->mu);
	return rc;
}

/* Each key's rows in time order, repeated times merged or refused (before
 * any output, and before threads share the rows); cnt gets what is left. */
static int settle_keys(cf_bulk *b, const key_order *o, bulk_row *rows,
		       const size_t *beg, size_t *cnt, cf_error *err)
{
	for (size_t i = 0; i < b->parts[0].st.nkeys; i++) {
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

int finish_unsorted(cf_bulk *b, cf_error *err)
{
	int rc = 0;
	key_order *o = NULL;
	size_t *beg = NULL;
	merged m = {0};
	bulk_row *rows = NULL;
	double t0 = bulk_now(), t1;
	if (merge_parts(b, &m))
		rc = bulk_nomem(err);
	t1 = bulk_now();
	b->timing.merge = t1 - t0;
	if (!rc)
		rows = gather_rows(b, &m, &o, &beg);
	b->timing.gather = (t0 = bulk_now()) - t1;
	merged_free(&m);
	size_t nkeys = b->parts[0].st.nkeys; /* all of them, once merged */
	size_t *cnt = rows ? malloc((nkeys + 1) * sizeof *cnt) : NULL;
	if (!rc && !cnt)
		rc = bulk_nomem(err);
	if (!rc)
		rc = settle_keys(b, o, rows, beg, cnt, err);
	b->timing.settle = (t1 = bulk_now()) - t0;
	emit_job j = {.b = b, .o = o, .rows = rows, .beg = beg, .cnt = cnt};
	if (!rc && !(j.bstart = block_starts(cnt, nkeys, &j.nblocks)))
		rc = bulk_nomem(err);
	if (!rc)
		rc = emit_blocks(&j, err);
	b->timing.emit = bulk_now() - t1;
	free(j.bstart);
	free(cnt);
	free(rows);
	free(beg);
	free(o);
	return rc;
}
