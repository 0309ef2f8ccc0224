/* csvio.c — libcsv with positions.
 *
 * libcsv reports no positions, so the reader feeds it one physical line at a
 * time, counts lines itself, and keeps where the raw bytes of the record in
 * progress are (copying them only when the record spans two read chunks).
 * Columns are found only when asked (an error is being reported) by
 * rescanning those raw bytes; the per-record cost is one copy of each field
 * into a reused arena. */
#include "cifra/csvio.h"

#include <csv.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHUNK_SIZE  (256 * 1024)
#define FIELD_BLOCK (64 * 1024)
#define OPTIONS                                                                \
	(CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL | CSV_EMPTY_IS_NULL)

/* libcsv's parser state when no record is in progress (ROW_NOT_BEGUN in
 * libcsv.c; struct csv_parser is public but the constant is not). */
#define PARSER_IDLE 0

struct cf_csv_reader {
	struct csv_parser parser;
	const char *name;
	cf_csv_record_fn fn;
	void *ctx;
	cf_error *err;
	int status;  /* first failure; once set, callbacks do nothing */
	bool blanks; /* libcsv has our space test (see choose_space_test) */

	long line;     /* physical line being fed */
	long rec_line; /* line where the record in progress starts */

	/* Raw bytes of the record in progress, from the start of the line
	 * where it began; raw_skip records already ended inside them (only
	 * when a bare CR ends records in mid-line).  They point into the read
	 * buffer, and are copied into own only when the record outlives the
	 * chunk, so a record within one chunk is never copied. */
	const char *raw;
	size_t raw_len;
	char *own;
	size_t own_cap;
	long raw_line;
	size_t raw_skip;
	size_t line_off; /* where the current line starts in raw */

	/* Fields of the record in progress, packed in one arena; ptrs point
	 * into it and are rebuilt from lens when it moves. */
	char *arena;
	size_t arena_len, arena_cap;
	size_t *lens;
	unsigned char *empty;
	const char **ptrs;
	size_t nfields, fields_cap;

	long index;
	size_t width; /* fields in the header */

	/* A range of a file (cf_csv_read_range): stop at the first line end
	 * at or past stop_after where no record is in progress; pos is the
	 * file offset of the chunk being fed. */
	long long stop_after, pos, stopped_at;
	bool stopped;
};

static int grow(void **buf, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return 0;
	size_t n = *cap ? *cap : 64;
	while (n < need) {
		if (n > SIZE_MAX / 2 / elem)
			return -1;
		n *= 2;
	}
	void *p = realloc(*buf, n * elem);
	if (!p)
		return -1;
	*buf = p;
	*cap = n;
	return 0;
}

static void fail_nomem(cf_csv_reader *r)
{
	if (!r->status)
		r->status = cf_error_set(r->err, CF_ENOMEM, r->name, r->line, 0,
					 "out of memory");
}

static int grow_fields(cf_csv_reader *r, size_t need)
{
	if (need <= r->fields_cap)
		return 0;
	size_t cap = r->fields_cap;
	size_t n = cap;
	if (grow((void **)&r->lens, &n, need, sizeof *r->lens))
		return -1;
	n = cap;
	if (grow((void **)&r->empty, &n, need, sizeof *r->empty))
		return -1;
	n = cap;
	if (grow((void **)&r->ptrs, &n, need, sizeof *r->ptrs))
		return -1;
	r->fields_cap = n;
	return 0;
}

/* Room for one more field of len bytes. */
static int make_room(cf_csv_reader *r, size_t len)
{
	char *old = r->arena;
	if (grow_fields(r, r->nfields + 1) ||
	    grow((void **)&r->arena, &r->arena_cap, r->arena_len + len + 1,
		 1)) {
		fail_nomem(r);
		return -1;
	}
	if (r->arena != old) {
		size_t off = 0;
		for (size_t i = 0; i < r->nfields; i++) {
			r->ptrs[i] = r->arena + off;
			off += r->lens[i] + 1;
		}
	}
	return 0;
}

static void on_field(void *s, size_t len, void *data);

/* The slow path of on_field, out of line and reached by tail calls both
 * ways, so that the fast path needs no stack frame. */
__attribute__((noinline)) static void on_field_grow(void *s, size_t len,
						    cf_csv_reader *r)
{
	if (!make_room(r, len))
		on_field(s, len, r);
}

static void on_field(void *s, size_t len, void *data)
{
	cf_csv_reader *r = data;
	if (r->status)
		return;
	/* this runs once per field of the file: one test for capacity */
	if (r->nfields == r->fields_cap ||
	    r->arena_len + len + 1 > r->arena_cap) {
		on_field_grow(s, len, r);
		return;
	}
	size_t i = r->nfields++;
	char *dst = r->arena + r->arena_len;
	r->ptrs[i] = dst;
	r->lens[i] = len;
	r->empty[i] = s == NULL;
	r->arena_len += len + 1;
	dst[len] = '\0';
	/* last, so that it compiles to a tail call and the function needs no
	 * stack frame */
	if (len)
		memcpy(dst, s, len);
}

static cf_csv_record make_record(cf_csv_reader *r)
{
	return (cf_csv_record){.index = r->index,
			       .line = r->rec_line,
			       .nfields = r->nfields,
			       .fields = r->ptrs,
			       .lengths = r->lens,
			       .empty = r->empty,
			       .reader = r};
}

static int check_width(const cf_csv_record *rec, size_t width, cf_error *err)
{
	size_t at = rec->nfields > width ? width : rec->nfields;
	return cf_csv_field_error(
	    rec, at, err, "%zu field%s, expected %zu (as in the header)",
	    rec->nfields, rec->nfields == 1 ? "" : "s", width);
}

static void on_row(int c, void *data)
{
	(void)c;
	cf_csv_reader *r = data;
	if (r->status)
		return;
	/* A row with no field cannot come from libcsv, but an arena that was
	 * never allocated must not be indexed. */
	if (r->nfields == 0 && grow_fields(r, 1)) {
		fail_nomem(r);
		return;
	}
	cf_csv_record rec = make_record(r);
	int rc = 0;
	if (r->index == 0)
		r->width = r->nfields;
	else if (r->nfields != r->width)
		rc = check_width(&rec, r->width, r->err);
	if (!rc)
		rc = r->fn(&rec, r->ctx, r->err);
	if (rc)
		r->status = rc;
	r->index++;
	r->nfields = 0;
	r->arena_len = 0;
	r->raw_skip++;
	r->rec_line = r->line; /* a further record can only start here */
}

/* Characters (not bytes) in s[0, n): UTF-8 continuation bytes do not
 * count. */
static long utf8_chars(const char *s, size_t n)
{
	long c = 0;
	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

/* A cursor over the raw record that keeps line and column. */
typedef struct scan {
	const char *p, *end;
	long line, col;
} scan;

static void step(scan *s)
{
	unsigned char b = (unsigned char)*s->p++;
	if (b == '\n') {
		s->line++;
		s->col = 1;
	} else if ((b & 0xC0) != 0x80) {
		s->col++;
	}
}

static bool at_term(const scan *s)
{
	return s->p == s->end || *s->p == '\n' || *s->p == '\r';
}

/* Steps over one field; returns false when it ends inside an open quote
 * (whose position is left in *ql, *qc). */
static bool skip_field(scan *s, long *ql, long *qc)
{
	if (s->p < s->end && *s->p == '"') {
		*ql = s->line;
		*qc = s->col;
		step(s);
		for (;;) {
			if (s->p == s->end)
				return false;
			if (*s->p == '"') {
				step(s);
				if (s->p == s->end || *s->p != '"')
					break;
			}
			step(s);
		}
	}
	while (!at_term(s) && *s->p != ',')
		step(s);
	return true;
}

/* Where field `target` of the record starts (past the last field when the
 * record has fewer), by a quote-aware rescan of the raw bytes; or, when
 * the record ends inside a quote, where that quote opens. */
static void rescan(const cf_csv_reader *r, size_t target, long *line, long *col)
{
	scan s = {r->raw, r->raw + r->raw_len, r->raw_line, 1};
	for (size_t rec = 0;; rec++) {
		while (s.p < s.end && (*s.p == '\n' || *s.p == '\r'))
			step(&s);
		for (size_t f = 0;; f++) {
			if (rec == r->raw_skip && f == target)
				goto done;
			long ql = s.line, qc = s.col;
			if (!skip_field(&s, &ql, &qc)) {
				s.line = ql;
				s.col = qc;
				goto done;
			}
			if (s.p < s.end && *s.p == ',') {
				step(&s);
				continue;
			}
			if (rec == r->raw_skip || s.p == s.end)
				goto done;
			break;
		}
	}
done:
	*line = s.line;
	*col = s.col;
}

void cf_csv_field_position(const cf_csv_record *rec, size_t i, long *line,
			   long *column)
{
	rescan(rec->reader, i, line, column);
}

int cf_csv_field_error(const cf_csv_record *rec, size_t i, cf_error *err,
		       const char *fmt, ...)
{
	long line, col;
	cf_csv_field_position(rec, i, &line, &col);
	va_list ap;
	va_start(ap, fmt);
	cf_error_vset(err, CF_EDATA, rec->reader->name, line, col, fmt, ap);
	va_end(ap);
	return CF_EDATA;
}

const char *cf_csv_reader_name(const cf_csv_reader *reader)
{
	return reader->name;
}

/* libcsv stopped at byte raw[at]: a quote inside an unquoted field, or
 * text after a closing quote. */
static int parse_error(cf_csv_reader *r, size_t at)
{
	if (csv_error(&r->parser) == CSV_ENOMEM ||
	    csv_error(&r->parser) == CSV_ETOOBIG) {
		fail_nomem(r);
		return r->status;
	}
	long col = 1 + utf8_chars(r->raw + r->line_off, at - r->line_off);
	const char *what = r->raw[at] == '"'
			       ? "stray quote in an unquoted field"
			       : "text after a closing quote";
	r->status = cf_error_set(r->err, CF_EDATA, r->name, r->line, col,
				 "%s (quote the whole field and double "
				 "embedded quotes)",
				 what);
	return r->status;
}

/* Feeds n bytes of the current line (the rest of it may follow in the
 * next chunk); `starts` says they begin a new physical line. */
static int feed(cf_csv_reader *r, const char *s, size_t n, bool starts)
{
	if (starts) {
		if (r->parser.pstate == PARSER_IDLE) {
			r->raw_len = 0;
			r->raw_line = r->rec_line = r->line;
			r->raw_skip = 0;
		}
		r->line_off = r->raw_len;
	}
	size_t at = r->raw_len;
	if (starts && at == 0) {
		r->raw = s;
	} else if (r->raw == r->own) {
		/* the record began in an earlier chunk */
		if (grow((void **)&r->own, &r->own_cap, at + n, 1)) {
			fail_nomem(r);
			return r->status;
		}
		memcpy(r->own + at, s, n);
		r->raw = r->own;
	}
	r->raw_len += n;
	size_t done = csv_parse(&r->parser, s, n, on_field, on_row, r);
	if (r->status)
		return r->status;
	if (done < n)
		return parse_error(r, at + done);
	return 0;
}

/* The record in progress outlives the read buffer: its bytes move to own. */
static int keep_raw(cf_csv_reader *r)
{
	if (r->raw == r->own)
		return 0;
	if (r->raw_len == 0) {
		r->raw = "";
		return 0;
	}
	if (grow((void **)&r->own, &r->own_cap, r->raw_len, 1)) {
		fail_nomem(r);
		return r->status;
	}
	memcpy(r->own, r->raw, r->raw_len);
	r->raw = r->own;
	return 0;
}

/* Splits a chunk into physical lines; *mid_line carries across chunks. */
static const char *next_of(const char *p, const char *end, int c)
{
	const char *q = memchr(p, c, (size_t)(end - p));
	return q ? q : end;
}

static int space_never(unsigned char c)
{
	(void)c;
	return 0;
}

/* Spaces around unquoted fields are data (RFC 4180): " 518.4" must fail
 * validation, not be trimmed silently, so libcsv is given a space test
 * that never says yes.  Its own test (a NULL function) is inline where
 * ours costs an indirect call per byte; on bytes holding no space and no
 * tab the two agree, so ours is set only for lines that have one. */
static void choose_space_test(cf_csv_reader *r, bool blanks)
{
	if (blanks != r->blanks) {
		csv_set_space_func(&r->parser, blanks ? space_never : NULL);
		r->blanks = blanks;
	}
}

/* A whole line has been fed: in a range, is this where it ends? */
static bool range_ends(cf_csv_reader *r, const char *buf, const char *stop)
{
	if (r->stop_after < 0 || r->parser.pstate != PARSER_IDLE)
		return false;
	long long at = r->pos + (stop - buf);
	if (at < r->stop_after)
		return false;
	r->stopped = true;
	r->stopped_at = at;
	return true;
}

static int feed_chunk(cf_csv_reader *r, const char *buf, size_t n,
		      bool *mid_line)
{
	const char *p = buf, *end = buf + n;
	const char *space = next_of(p, end, ' '), *tab = next_of(p, end, '\t');
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *stop = nl ? nl + 1 : end;
		if (space < p)
			space = next_of(p, end, ' ');
		if (tab < p)
			tab = next_of(p, end, '\t');
		choose_space_test(r, space < stop || tab < stop);
		int rc = feed(r, p, (size_t)(stop - p), !*mid_line);
		if (rc)
			return rc;
		*mid_line = nl == NULL;
		if (nl)
			r->line++;
		if (nl && range_ends(r, buf, stop))
			return 0;
		p = stop;
	}
	return keep_raw(r);
}

static int finish(cf_csv_reader *r)
{
	if (csv_fini(&r->parser, on_field, on_row, r) != 0 && !r->status) {
		long line, col;
		rescan(r, SIZE_MAX, &line, &col);
		r->status = cf_error_set(r->err, CF_EDATA, r->name, line, col,
					 "unterminated quoted field");
	}
	if (!r->status && r->index == 0)
		r->status = cf_error_set(r->err, CF_EDATA, r->name, 1, 1,
					 "empty file: no header row");
	return r->status;
}

/* Where the bytes come from: a stream, or a file descriptor read with
 * pread from an offset (so that threads can share one open file). */
typedef struct source {
	FILE *fp;
	int fd;
	long long off;
} source;

static ssize_t source_read(source *s, char *buf, size_t n)
{
	if (s->fp) {
		size_t got = fread(buf, 1, n, s->fp);
		return got == 0 && ferror(s->fp) ? -1 : (ssize_t)got;
	}
	ssize_t got;
	do
		got = pread(s->fd, buf, n, (off_t)s->off);
	while (got < 0 && errno == EINTR);
	if (got > 0)
		s->off += got;
	return got;
}

static int read_all(cf_csv_reader *r, source *src, char *buf)
{
	bool mid_line = false, first = r->pos == 0;
	ssize_t got = 0;
	while (!r->stopped && (got = source_read(src, buf, CHUNK_SIZE)) > 0) {
		const char *p = buf;
		size_t n = (size_t)got;
		if (first && n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
			p += 3;
			n -= 3;
			r->pos += 3;
		}
		first = false;
		int rc = feed_chunk(r, p, n, &mid_line);
		if (rc)
			return rc;
		r->pos += (long long)n;
	}
	if (r->stopped)
		return r->status;
	if (got < 0)
		return r->status =
			   cf_error_set(r->err, CF_ENOINPUT, r->name, 0, 0,
					"cannot read: %s", strerror(errno));
	if (!mid_line)
		r->line--; /* the count ran one past the last newline */
	return finish(r);
}

/* Runs a reader over src and frees it. */
static int run_reader(cf_csv_reader *r, source *src)
{
	if (csv_init(&r->parser, OPTIONS) != 0)
		return cf_error_set(r->err, CF_ENOMEM, r->name, 0, 0,
				    "out of memory");
	/* libcsv grows a field's buffer by this much at a time (128 bytes by
	 * default: a 1 MiB field took 8192 reallocations) */
	csv_set_blk_size(&r->parser, FIELD_BLOCK);
	r->blanks = false;
	choose_space_test(r, true);
	char *buf = malloc(CHUNK_SIZE);
	int rc = buf ? read_all(r, src, buf)
		     : cf_error_set(r->err, CF_ENOMEM, r->name, 0, 0,
				    "out of memory");
	free(buf);
	csv_free(&r->parser);
	free(r->own);
	free(r->arena);
	free(r->lens);
	free(r->empty);
	free(r->ptrs);
	return rc;
}

int cf_csv_read_stream(FILE *fp, const char *name, cf_csv_record_fn fn,
		       void *ctx, cf_error *err)
{
	cf_csv_reader r = {.name = name ? name : "-",
			   .fn = fn,
			   .ctx = ctx,
			   .err = err,
			   .line = 1,
			   .rec_line = 1,
			   .raw = "",
			   .raw_line = 1,
			   .stop_after = -1};
	source src = {.fp = fp};
	return run_reader(&r, &src);
}

int cf_csv_read_range(cf_csv_range *rg, const char *name, cf_csv_record_fn fn,
		      void *ctx, cf_error *err)
{
	cf_csv_reader r = {.name = name ? name : "-",
			   .fn = fn,
			   .ctx = ctx,
			   .err = err,
			   .line = rg->first_line,
			   .rec_line = rg->first_line,
			   .raw = "",
			   .raw_line = rg->first_line,
			   .index = rg->first_index,
			   .width = rg->width,
			   .stop_after = rg->stop_after,
			   .pos = rg->start};
	source src = {.fd = rg->fd, .off = rg->start};
	int rc = run_reader(&r, &src);
	rg->end = r.stopped ? r.stopped_at : -1;
	rg->lines = r.line - rg->first_line;
	rg->next_index = r.index;
	rg->width = r.width;
	return rc;
}

int cf_csv_read_file(const char *path, cf_csv_record_fn fn, void *ctx,
		     cf_error *err)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return cf_error_set(
		    err, errno == ENOMEM ? CF_ENOMEM : CF_ENOINPUT, path, 0, 0,
		    "cannot open: %s", strerror(errno));
	int rc = cf_csv_read_stream(fp, path, fn, ctx, err);
	fclose(fp);
	return rc;
}

/* Quoting only where RFC 4180 needs it (a comma, a quote, a line break) or
 * where a reader might trim (a space at either end) keeps output readable
 * and diffable; "" is an empty value, told apart from a missing one. */
bool cf_csv_needs_quotes(const char *s, size_t len)
{
	if (len == 0 || s[0] == ' ' || s[len - 1] == ' ')
		return true;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == ',' || c == '"' || c == '\n' || c == '\r')
			return true;
	}
	return false;
}

size_t cf_csv_put_field(char *dst, const char *s, size_t len)
{
	if (!s)
		return 0;
	if (!cf_csv_needs_quotes(s, len)) {
		memcpy(dst, s, len);
		return len;
	}
	/* libcsv does the quoting: surrounding quotes, inner ones doubled */
	return csv_write(dst, 2 * len + 2, s, len);
}

int cf_csv_write_record(FILE *fp, const char *const *fields, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i && putc(',', fp) == EOF)
			return CF_EWRITE;
		/* NULL is a missing value: written as nothing, unquoted,
		 * which the reader gives back as empty. */
		if (!fields[i])
			continue;
		size_t len = strlen(fields[i]);
		int rc = cf_csv_needs_quotes(fields[i], len)
			     ? csv_fwrite(fp, fields[i], len)
			     : (fwrite(fields[i], 1, len, fp) == len ? 0 : EOF);
		if (rc != 0)
			return CF_EWRITE;
	}
	if (putc('\n', fp) == EOF || ferror(fp))
		return CF_EWRITE;
	return 0;
}
