/* bulk.c — the grouped-growth engine behind `cifra growth --csv`: its
 * public face, the helpers its parts share, and the errors a user needs
 * explained (running out of memory; a key and time repeated in a UN
 * Comtrade file because breakdown rows sit beside the totals).  How the
 * engine works and where its time goes: bulk_impl.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bulk_impl.h"

int bulk_nomem(cf_error *err)
{
	return cf_error_set(err, CF_ENOMEM, NULL, 0, 0, "out of memory");
}

int buf_reserve(buf *b, size_t more)
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

double bulk_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void cf_bulk_timing_get(const cf_bulk *b, cf_bulk_timing *t)
{
	*t = b->timing;
	t->parts = (unsigned)b->nparts;
}

bool run_beside(pthread_t *t, void *(*fn)(void *), void *arg)
{
	if (pthread_create(t, NULL, fn, arg) == 0)
		return true;
	fn(arg);
	return false;
}

/* ---- out of memory: how much, and how to go on --------------------------- */

/* Records in the file (line breaks; an upper bound when fields hold line
 * breaks), counted without memory; -1 when it is not a regular file. */
static long long count_lines(FILE *in)
{
	struct stat st;
	int fd = in ? fileno(in) : -1;
	if (fd < 0 || fstat(fd, &st) || !S_ISREG(st.st_mode))
		return -1;
	char blk[65536];
	long long n = 0, at = 0;
	ssize_t got;
	while ((got = pread(fd, blk, sizeof blk, (off_t)at)) > 0) {
		for (const char *p = blk, *e = blk + got;
		     (p = memchr(p, '\n', (size_t)(e - p))); p++)
			n++;
		at += got;
	}
	return n;
}

/* name quoted for sh: 'it'\''s.csv' (so that the advice can be pasted
 * whatever the file is called); cut when it does not fit. */
static void shell_quote(const char *name, char *out, size_t size)
{
	size_t o = 0;
	out[o++] = '\'';
	for (; *name && o + 6 < size; name++) {
		if (*name == '\'') {
			memcpy(out + o, "'\\''", 4);
			o += 4;
		} else {
			out[o++] = *name;
		}
	}
	out[o++] = '\'';
	out[o] = '\0';
}

/* The sort command that groups the file's rows by key, times ascending. */
static void sort_command(const cf_bulk *b, const char *name, char *out,
			 size_t size)
{
	char file[1024];
	shell_quote(name, file, sizeof file);
	char keys[256] = "";
	size_t o = 0;
	for (size_t i = 0; i < b->nk && o + 16 < sizeof keys; i++)
		o += (size_t)snprintf(keys + o, sizeof keys - o, " -k%zu,%zu",
				      b->kcol[i] + 1, b->kcol[i] + 1);
	int n;
	if (b->opt.tsv)
		n = snprintf(
		    out, size,
		    "LC_ALL=C sort -t \"$(printf '\\t')\"%s -k%zu,%zun "
		    "%s | cifra growth --tsv --sorted",
		    keys, b->tcol + 1, b->tcol + 1, file);
	else
		n = snprintf(
		    out, size,
		    "(head -n 1 %s; tail -n +2 %s | tr -d '\"' | LC_ALL=C "
		    "sort -t,%s -k%zu,%zun) > sorted.csv (if no field "
		    "holds a comma, quote or line break), then growth "
		    "--csv sorted.csv --sorted",
		    file, file, keys, b->tcol + 1, b->tcol + 1);
	if (n < 0 || (size_t)n >= size) /* a very long file name: cut */
		out[size - 1] = '\0';
}

static int explain_nomem(const cf_bulk *b, cf_error *err)
{
	long long rows = 0, keybytes = 0;
	for (size_t i = 0; i < b->nparts; i++) {
		rows += atomic_load(&b->parts[i].rows);
		keybytes += (long long)b->parts[i].st.karena.len;
	}
	/* rows in the file: its lines, less the header */
	long long lines = count_lines(b->in) - !b->opt.tsv;
	/* per row: 20 bytes while reading, 16 more while put in key order */
	long long need = (lines > rows ? lines : rows) * 36 + keybytes;
	char what[160] = "";
	if (lines > 0 && lines >= rows)
		snprintf(what, sizeof what,
			 "; all %lld rows need about %lld MB", lines,
			 need / 1000000 + 1);
	char cmd[400];
	const char *file = b->in == stdin || !b->name ? "FILE" : b->name;
	sort_command(b, file, cmd, sizeof cmd);
	return cf_error_set(
	    err, CF_ENOMEM, b->name, 0, 0,
	    "out of memory with %lld rows held (about %lld MB)%s. --sorted "
	    "holds one key at a time; sort by key and time first: %s "
	    "(docs/large-files.md)",
	    rows, (rows * 20 + keybytes) / 1000000 + 1, what, cmd);
}

/* ---- a repeated key and time in a Comtrade file ------------------------- */

/* Comtrade columns that break a total down, and the value of the total. */
static const struct {
	const char *col, *total;
} breakdowns[] = {
    {"partner2Code", "0"},
    {"customsCode", "C00"},
    {"motCode", "0"},
    {"mosCode", "0"},
    {"2nd Partner Code", "0"},
    {"Customs Proc. Code", "C00"},
    {"Mode of Transport Code", "0"},
};
#define NBREAK (sizeof breakdowns / sizeof breakdowns[0])

typedef struct dup_scan {
	const cf_bulk *b;
	size_t col[NBREAK]; /* column of each breakdown (SIZE_MAX: none) */
	char val[2][NBREAK][48];
	int found;
} dup_scan;

static int on_dup_record(const cf_csv_record *rec, void *ctx, cf_error *err)
{
	(void)err;
	dup_scan *d = ctx;
	if (rec->index == 0) {
		for (size_t j = 0; j < NBREAK; j++) {
			d->col[j] = SIZE_MAX;
			for (size_t i = 0; i < rec->nfields; i++)
				if (!strcmp(rec->fields[i], breakdowns[j].col))
					d->col[j] = i;
		}
		return 0;
	}
	for (int w = 0; w < 2; w++)
		if ((unsigned long)rec->line == d->b->dup_line[w]) {
			for (size_t j = 0; j < NBREAK; j++)
				if (d->col[j] != SIZE_MAX)
					snprintf(d->val[w][j], 48, "%s",
						 rec->fields[d->col[j]]);
			d->found |= 1 << w;
		}
	/* stop once both lines are seen */
	return d->found == 3 ? CF_ENOTFOUND : 0;
}

/* Appends to err's message which breakdown columns differ between the
 * two lines and the --where filters that keep the totals. */
static int explain_duplicate(cf_bulk *b, int rc, cf_error *err)
{
	dup_scan d = {.b = b};
	cf_error e2;
	if (!b->in || fseeko(b->in, 0, SEEK_SET) != 0)
		return rc;
	cf_csv_read_stream(b->in, b->name, on_dup_record, &d, &e2);
	if (d.found != 3)
		return rc;
	char diff[200] = "", where[200] = "";
	size_t o = 0, w = 0;
	for (size_t j = 0; j < NBREAK; j++) {
		if (d.col[j] == SIZE_MAX || !strcmp(d.val[0][j], d.val[1][j]))
			continue;
		o += (size_t)snprintf(
		    diff + o, sizeof diff - o, "%s%s ('%.20s' and '%.20s')",
		    o ? ", " : "", breakdowns[j].col, d.val[0][j], d.val[1][j]);
		w += (size_t)snprintf(where + w, sizeof where - w,
				      " --where '%s=%s'", breakdowns[j].col,
				      breakdowns[j].total);
		if (o >= sizeof diff || w >= sizeof where)
			break;
	}
	if (!o)
		return rc;
	/* the message up to "(--sum adds such values)" is kept */
	char *cut = strstr(err->message, " (--sum");
	if (cut)
		*cut = '\0';
	size_t len = strlen(err->message);
	snprintf(err->message + len, sizeof err->message - len,
		 "; the lines differ in %s: a Comtrade total and its "
		 "breakdown, which --sum would count twice; keep the "
		 "totals with%s",
		 diff, where);
	return rc;
}

static int explain(cf_bulk *b, int rc, cf_error *err)
{
	if (rc == CF_ENOMEM)
		return explain_nomem(b, err);
	if (rc == CF_EDATA && b->dup_line[1] && !b->opt.tsv)
		return explain_duplicate(b, rc, err);
	return rc;
}

/* ---- the public face ---------------------------------------------------- */

static int init_part0(cf_bulk *b)
{
	bulk_part *pt = &b->parts[0];
	pt->b = b;
	if (!b->opt.sorted && store_init(&pt->st))
		return -1;
	for (size_t i = 0; !b->opt.sorted && i < NQ; i++)
		if (!(pt->q[i].pd = malloc(QBATCH * sizeof *pt->q[i].pd)))
			return -1;
	if (pthread_mutex_init(&pt->mu, NULL))
		return -1;
	if (pthread_cond_init(&pt->cv, NULL)) {
		pthread_mutex_destroy(&pt->mu);
		return -1;
	}
	pt->sync_ok = true;
	return 0;
}

static int check_options(const cf_bulk_options *opt, cf_error *err)
{
	if (opt->nkeys > MAX_KEYS)
		return cf_error_set(err, CF_EUSAGE, NULL, 0, 0,
				    "at most %d key columns", MAX_KEYS);
	if (opt->nwhere > MAX_WHERE)
		return cf_error_set(err, CF_EUSAGE, NULL, 0, 0,
				    "at most %d --where filters", MAX_WHERE);
	if (opt->nwhere && opt->tsv)
		return cf_error_set(err, CF_EUSAGE, NULL, 0, 0,
				    "--where needs CSV with a header (TSV "
				    "input has no column names)");
	if (!opt->tsv && (!opt->nkeys || !opt->time || !opt->value))
		return cf_error_set(err, CF_EUSAGE, NULL, 0, 0,
				    "key, time and value columns are needed");
	return 0;
}

int cf_bulk_new(const cf_bulk_options *opt, FILE *out, cf_bulk **bp,
		cf_error *err)
{
	*bp = NULL;
	int rc = check_options(opt, err);
	if (rc)
		return rc;
	cf_bulk *b = calloc(1, sizeof *b);
	if (!b || !(b->em.obuf.p = malloc(OBUF_SIZE)) ||
	    !(b->parts = calloc(MAX_PARTS, sizeof *b->parts)))
		goto oom;
	b->nparts = 1;
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
	if (init_part0(b))
		goto oom;
	*bp = b;
	return 0;
oom:
	cf_bulk_free(b);
	return bulk_nomem(err);
}

int cf_bulk_read(cf_bulk *b, FILE *in, const char *name, cf_error *err)
{
	b->name = name;
	b->in = in;
	b->caller = pthread_self();
	double t0 = bulk_now();
	int rc =
	    b->opt.tsv ? bulk_read_tsv(b, in, err) : bulk_read_csv(b, in, err);
	b->timing.read = bulk_now() - t0;
	return explain(b, rc, err);
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
	return explain(b, rc, err);
}

void cf_bulk_free(cf_bulk *b)
{
	if (!b)
		return;
	for (size_t k = 0; b->parts && k < MAX_PARTS; k++) {
		bulk_part *pt = &b->parts[k];
		store_free(&pt->st);
		for (size_t i = 0; i < NQ; i++) {
			free(pt->q[i].pd);
			free(pt->q[i].bytes.p);
		}
		if (pt->sync_ok) {
			pthread_cond_destroy(&pt->cv);
			pthread_mutex_destroy(&pt->mu);
		}
	}
	free(b->parts);
	free(b->tarena.p);
	free(b->cur.p);
	free(b->scratch.p);
	free(b->crow);
	free(b->seen);
	free(b->seen_line);
	emitter_free(&b->em);
	emitter_free(&b->em2);
	free(b);
}
