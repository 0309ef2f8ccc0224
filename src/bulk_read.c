/* bulk_read.c — records in: CSV through csvio (libcsv), TSV lines for
 * Hadoop Streaming, --where filters, times and values parsed, rows stored.
 *
 * A regular file is read on every core: split into one part per thread at
 * record boundaries, each part parsed by its own libcsv parser into a store
 * of its own (bulk_finish.c merges them).  A record boundary cannot be told
 * from the bytes around a split point (a quoted field may hold a line
 * break), so each part but the first starts speculatively after the first
 * line break at or past its split point, and the part before it reads on
 * past that point to the first line end where no record is in progress:
 * the true boundary.  When the two differ (the split point fell inside a
 * quoted field), the later part is read again from the true boundary.  So
 * the result is always that of one parser reading the whole file, and the
 * first error in file order is the one reported. */
#define _DEFAULT_SOURCE
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bulk_impl.h"

/* Below this, a file is read by one thread (splitting costs more). */
#define PARALLEL_MIN_BYTES ((long long)8 << 20)

int field_error(const cf_bulk *b, const bulk_rec *r, size_t col, cf_error *err,
		const char *fmt, ...)
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

/* ---- key lookups beside the parser (streams) ---------------------------- */

static void *worker_main(void *arg)
{
	bulk_part *pt = arg;
	for (size_t j = 0;; j = (j + 1) % NQ) {
		pthread_mutex_lock(&pt->mu);
		while (!pt->full[j] && !pt->stop)
			pthread_cond_wait(&pt->cv, &pt->mu);
		bool go = pt->full[j];
		pthread_mutex_unlock(&pt->mu);
		if (!go)
			break;
		int rc = run_qbatch(&pt->st, &pt->q[j], &pt->werr);
		pthread_mutex_lock(&pt->mu);
		pt->full[j] = false;
		if (rc) {
			pt->failed = true;
			pt->wrc = rc;
		}
		pthread_cond_broadcast(&pt->cv);
		pthread_mutex_unlock(&pt->mu);
		if (rc)
			break;
	}
	return NULL;
}

static int worker_error(const bulk_part *pt, cf_error *err)
{
	if (err)
		*err = pt->werr;
	return pt->wrc;
}

/* Hands the filled batch over and waits until the next one is free (with
 * no worker thread: processes it at once). */
static int hand_over(bulk_part *pt, cf_error *err)
{
	batch *q = &pt->q[pt->qfill];
	if (!pt->threaded) {
		int rc = run_qbatch(&pt->st, q, err);
		q->n = 0;
		q->bytes.len = 0;
		return rc;
	}
	size_t next = (pt->qfill + 1) % NQ;
	pthread_mutex_lock(&pt->mu);
	pt->full[pt->qfill] = true;
	pthread_cond_broadcast(&pt->cv);
	while (pt->full[next] && !pt->failed)
		pthread_cond_wait(&pt->cv, &pt->mu);
	bool failed = pt->failed;
	pthread_mutex_unlock(&pt->mu);
	if (failed)
		return worker_error(pt, err);
	pt->qfill = next;
	pt->q[next].n = 0;
	pt->q[next].bytes.len = 0;
	return 0;
}

static void start_worker(bulk_part *pt)
{
	pt->stop = pt->failed = false;
	pt->threaded = pthread_create(&pt->worker, NULL, worker_main, pt) == 0;
}

/* Processes what is left and ends the worker; rc is the reader's status. */
static int stop_worker(bulk_part *pt, int rc, cf_error *err)
{
	if (!rc && pt->q[pt->qfill].n)
		rc = hand_over(pt, err);
	if (!pt->threaded)
		return rc;
	pthread_mutex_lock(&pt->mu);
	pt->stop = true;
	pthread_cond_broadcast(&pt->cv);
	pthread_mutex_unlock(&pt->mu);
	pthread_join(pt->worker, NULL);
	pt->threaded = false;
	if (!rc && pt->failed)
		rc = worker_error(pt, err);
	return rc;
}

/* ---- records ------------------------------------------------------------ */

/* The key fields of a record, in --key order. */
void key_fields(const cf_bulk *b, const bulk_rec *r, const char **kf,
		size_t *kl)
{
	for (size_t i = 0; i < b->nk; i++) {
		kf[i] = r->f[b->kcol[i]];
		kl[i] = r->len[b->kcol[i]];
	}
}

static int add_unsorted(bulk_part *pt, const bulk_rec *r, bulk_row row,
			cf_error *err)
{
	const cf_bulk *b = pt->b;
	const char *kf[MAX_KEYS];
	size_t kl[MAX_KEYS];
	key_fields(b, r, kf, kl);
	size_t max = encoded_max(kl, b->nk);
	if (max > UINT32_MAX / 4)
		return field_error(b, r, b->kcol[0], err, "key too long");
	batch *q = &pt->q[pt->qfill];
	if (buf_reserve(&q->bytes, max))
		return bulk_nomem(err);
	pending *p = &q->pd[q->n++];
	p->off = (uint32_t)q->bytes.len;
	p->len = (uint32_t)encode_key(q->bytes.p + p->off, kf, kl, b->nk);
	q->bytes.len += p->len;
	p->row = row;
	return q->n == QBATCH ? hand_over(pt, err) : 0;
}

/* --where COL=VALUE: the field, spaces at either end aside (Comtrade
 * writes motCode "0 "), equals one of the values given for its column;
 * filters on different columns must all hold. */
static bool wanted(const cf_bulk *b, const bulk_rec *r)
{
	const cf_bulk_options *o = &b->opt;
	for (size_t i = 0; i < o->nwhere; i++) {
		const char *f = r->f[b->wcol[i]];
		size_t n = r->len[b->wcol[i]];
		while (n && f[0] == ' ')
			f++, n--;
		while (n && f[n - 1] == ' ')
			n--;
		bool ok = false;
		/* the values given for this column (the same name repeated) */
		for (size_t j = 0; j < o->nwhere && !ok; j++)
			ok = b->wcol[j] == b->wcol[i] &&
			     strlen(o->where_values[j]) == n &&
			     !memcmp(o->where_values[j], f, n);
		if (!ok)
			return false;
	}
	return true;
}

static long total_rows(const cf_bulk *b)
{
	long n = 0;
	for (size_t i = 0; i < b->nparts; i++)
		n += atomic_load_explicit(&b->parts[i].rows,
					  memory_order_relaxed);
	return n;
}

static int add_record(bulk_part *pt, const bulk_rec *r, cf_error *err)
{
	cf_bulk *b = pt->b;
	if (b->opt.nwhere && !wanted(b, r))
		return 0;
	bulk_row row = {.line = r->line > UINT32_MAX ? UINT32_MAX
						     : (uint32_t)r->line};
	if (parse_time(r->f[b->tcol], r->len[b->tcol], &row.time))
		return field_error(b, r, b->tcol, err,
				   "time '%.40s' is not an integer",
				   r->f[b->tcol]);
	buf *tarena = b->opt.sorted ? &b->tarena : &pt->st.tarena;
	int rc = parse_value(tarena, r->f[b->vcol], r->len[b->vcol], &row.v);
	if (rc == -2)
		return bulk_nomem(err);
	if (rc == -3)
		return field_error(b, r, b->vcol, err,
				   "value '%.40s' is beyond binary64's range "
				   "(about 2.2e-308 to 1.8e308)",
				   r->f[b->vcol]);
	if (rc)
		return field_error(b, r, b->vcol, err,
				   "value '%.40s' is not a number",
				   r->f[b->vcol]);
	long n = atomic_fetch_add_explicit(&pt->rows, 1, memory_order_relaxed);
	if ((n + 1) % PROGRESS_EVERY == 0 && b->opt.progress && pt == b->parts)
		b->opt.progress(b->opt.progress_ctx, total_rows(b));
	return b->opt.sorted ? sorted_add(b, r, row, err)
			     : add_unsorted(pt, r, row, err);
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
	for (size_t i = 0; !rc && i < b->opt.nwhere; i++)
		rc =
		    find_column(b, rec, b->opt.where_cols[i], &b->wcol[i], err);
	b->ncols = rec->nfields;
	if (!rc && !b->header_done)
		rc = write_header(b, err);
	b->header_done = true;
	return rc;
}

static int on_csv_record(const cf_csv_record *rec, void *ctx, cf_error *err)
{
	bulk_part *pt = ctx;
	if (rec->index == 0)
		return on_header(pt->b, rec, err);
	bulk_rec r = {.f = rec->fields,
		      .len = rec->lengths,
		      .line = rec->line,
		      .csv = rec};
	return add_record(pt, &r, err);
}

/* ---- TSV (Hadoop Streaming) -------------------------------------------- */

static int tsv_line(bulk_part *pt, char *s, size_t n, long line, cf_error *err)
{
	cf_bulk *b = pt->b;
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
	if (!b->nk) {
		/* the first line tells the number of keys: at least one */
		if (nf < 3)
			return cf_error_set(
			    err, CF_EDATA, b->name, line, 0,
			    "%zu field%s: a line needs key fields, a time and "
			    "a value (3 fields at least)",
			    nf, nf == 1 ? "" : "s");
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
	return add_record(pt, &r, err);
}

static int read_tsv_lines(bulk_part *pt, FILE *in, cf_error *err)
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
				rc = bulk_nomem(err);
				break;
			}
			memcpy(line.p + line.len, chunk + i, n);
			line.len += n;
			i += n + (nl != NULL);
			if (nl) {
				rc = tsv_line(pt, line.p, line.len, ++lineno,
					      err);
				line.len = 0;
			}
		}
	}
	if (!rc && ferror(in))
		rc = cf_error_set(err, CF_ENOINPUT, pt->b->name, 0, 0,
				  "read error");
	if (!rc && line.len)
		rc = tsv_line(pt, line.p, line.len, ++lineno, err);
	free(line.p);
	return rc;
}

int bulk_read_tsv(cf_bulk *b, FILE *in, cf_error *err)
{
	bulk_part *pt = &b->parts[0];
	if (b->opt.sorted)
		return read_tsv_lines(pt, in, err);
	start_worker(pt);
	return stop_worker(pt, read_tsv_lines(pt, in, err), err);
}

/* ---- a file split across cores ----------------------------------------- */

/* Offset just past the first line break at or after from (from - 1, so
 * that a split point at a line's start keeps that line), or size. */
static long long line_start_after(int fd, long long from, long long size)
{
	char blk[4096];
	for (long long at = from > 0 ? from - 1 : 0; at < size;) {
		ssize_t n = pread(fd, blk, sizeof blk, (off_t)at);
		if (n <= 0)
			break;
		const char *nl = memchr(blk, '\n', (size_t)n);
		if (nl)
			return at + (nl - blk) + 1;
		at += n;
	}
	return size;
}

static void *read_part_job(void *arg)
{
	bulk_part *pt = arg;
	cf_error_clear(&pt->err);
	pt->rc = cf_csv_read_range(&pt->rg, pt->b->name, on_csv_record, pt,
				   &pt->err);
	/* Batches are looked up here; fewer than QBATCH are left over. */
	if (!pt->rc && pt->q[0].n)
		pt->rc = hand_over(pt, &pt->err);
	return NULL;
}

/* Part k is read again from start: it began at a line break inside a
 * quoted field. */
static void reread_part(bulk_part *pt, long long start)
{
	store_free(&pt->st);
	atomic_store(&pt->rows, 0);
	pt->q[0].n = 0;
	pt->q[0].bytes.len = 0;
	pt->rg.start = start;
	if (store_init(&pt->st)) {
		pt->rc = bulk_nomem(&pt->err);
		return;
	}
	read_part_job(pt);
}

/* A part's error, its line moved from the part's count to the file's. */
static int part_error(const bulk_part *pt, cf_error *err)
{
	*err = pt->err;
	if (err->line > 0 && pt->line_base > 1)
		err->line += pt->line_base - 1;
	return pt->rc;
}

/* Checks each part began where the one before it ended, reading again
 * those that did not; sets line bases; returns the first error. */
static int settle_parts(cf_bulk *b, long long size, cf_error *err)
{
	long next_line = b->parts[0].rg.first_line;
	for (size_t k = 0; k < b->nparts; k++) {
		bulk_part *pt = &b->parts[k];
		if (k > 0) {
			long long end = b->parts[k - 1].rg.end;
			if (end < 0 || end >= size) { /* nothing left */
				for (size_t j = k; j < b->nparts; j++) {
					store_free(&b->parts[j].st);
					atomic_store(&b->parts[j].rows, 0);
				}
				break;
			}
			if (end != pt->rg.start)
				reread_part(pt, end);
			pt->line_base = next_line;
		}
		if (pt->rc)
			return part_error(pt, err);
		next_line += pt->rg.lines;
	}
	return 0;
}

/* Parts handed out to the reading threads, first come first served: a
 * thread slowed down (the machine is shared) takes fewer. */
typedef struct part_queue {
	cf_bulk *b;
	atomic_size_t next;
	size_t n;
} part_queue;

static void *part_worker(void *arg)
{
	part_queue *q = arg;
	size_t k;
	while ((k = atomic_fetch_add(&q->next, 1)) < q->n)
		read_part_job(&q->b->parts[k]);
	return NULL;
}

/* The file in n parts read by nthreads threads (this one included). */
static int read_parallel(cf_bulk *b, int fd, long long size, size_t n,
			 size_t nthreads, cf_error *err)
{
	bulk_part *p0 = &b->parts[0];
	/* the header first (the other parts need its columns) */
	p0->rg = (cf_csv_range){
	    .fd = fd, .start = 0, .stop_after = 1, .first_line = 1};
	int rc = cf_csv_read_range(&p0->rg, b->name, on_csv_record, p0, err);
	if (rc || p0->rg.end < 0)
		return rc ? rc : stop_worker(p0, 0, err);
	long long from = p0->rg.end;
	size_t width = p0->rg.width;
	long long raw[MAX_PARTS + 1];
	for (size_t k = 0; k <= n; k++)
		raw[k] = from + (size - from) * (long long)k / (long long)n;
	p0->rg = (cf_csv_range){.fd = fd,
				.start = from,
				.stop_after = n > 1 ? raw[1] : -1,
				.first_line = 1 + p0->rg.lines,
				.first_index = p0->rg.next_index,
				.width = width};
	p0->line_base = 1;
	for (size_t k = 1; k < n; k++)
		b->parts[k].rg =
		    (cf_csv_range){.fd = fd,
				   .start = line_start_after(fd, raw[k], size),
				   .stop_after = k + 1 < n ? raw[k + 1] : -1,
				   .first_line = 1,
				   .first_index = 1,
				   .width = width};
	part_queue q = {.b = b, .n = n};
	atomic_init(&q.next, 1); /* part 0 is this thread's */
	pthread_t t[MAX_PARTS];
	bool started[MAX_PARTS] = {false};
	for (size_t i = 1; i < nthreads && i < n; i++)
		started[i] = pthread_create(&t[i], NULL, part_worker, &q) == 0;
	read_part_job(p0);
	part_worker(&q);
	for (size_t i = 1; i < nthreads && i < n; i++)
		if (started[i])
			pthread_join(t[i], NULL);
	return settle_parts(b, size, err);
}

/* Threads to read a file with: 1 for streams, small files and --sorted. */
static size_t threads_for(const cf_bulk *b, FILE *in, long long *size)
{
	struct stat st;
	int fd = fileno(in);
	if (b->opt.sorted || fd < 0 || fstat(fd, &st) || !S_ISREG(st.st_mode) ||
	    st.st_size == 0 || ftello(in) != 0)
		return 1;
	*size = st.st_size;
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	size_t n = b->opt.threads ? (size_t)b->opt.threads
				  : (cores > 0 ? (size_t)cores : 1);
	if (!b->opt.threads && st.st_size < PARALLEL_MIN_BYTES)
		return 1;
	return n > MAX_PARTS / 2 ? MAX_PARTS / 2 : n;
}

int bulk_read_csv(cf_bulk *b, FILE *in, cf_error *err)
{
	long long size = 0;
	size_t nthreads = threads_for(b, in, &size);
	if (nthreads > 1) {
		/* two parts a thread, handed out as threads come free */
		size_t n = 2 * nthreads;
		for (size_t k = 1; k < n; k++) {
			bulk_part *pt = &b->parts[k];
			pt->b = b;
			if (store_init(&pt->st) ||
			    !(pt->q[0].pd =
				  malloc(QBATCH * sizeof *pt->q[0].pd)))
				return bulk_nomem(err);
			b->nparts = k + 1;
		}
		return read_parallel(b, fileno(in), size, n, nthreads, err);
	}
	bulk_part *pt = &b->parts[0];
	if (b->opt.sorted)
		return cf_csv_read_stream(in, b->name, on_csv_record, pt, err);
	start_worker(pt);
	int rc = cf_csv_read_stream(in, b->name, on_csv_record, pt, err);
	return stop_worker(pt, rc, err);
}
