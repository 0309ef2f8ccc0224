/* dataset.c — loads a dataset directory all-or-nothing through csvio.
 *
 * Every file is validated row by row inside the csvio callback, so each
 * error can name the exact field (file, line, column).  Lookups that run
 * once per row (figure ids, source ids, series units) go through small hash
 * maps so a large dataset does not load in quadratic time. */
#include "cifra/dataset.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cifra/csvio.h"
#include "strmap.h"

/* ---- schemas: the columns each file may have ---- */

#define MAX_COLS 16

typedef struct schema {
	size_t n;
	const char *names[MAX_COLS];
	bool required[MAX_COLS];
} schema;

/* Figure columns: the common ones in this order, then the table's typed
 * columns (attr[0..]). */
enum {
	F_ID,
	F_SERIES,
	F_PERIOD,
	F_VALUE,
	F_SCALE,
	F_UNIT,
	F_QUALIFIER,
	F_SOURCE,
	F_QUOTE,
	F_ATTR
};

enum { S_ID, S_KIND, S_TITLE, S_AUTHOR, S_PUBLISHER, S_PUBLISHED, S_FILE };
enum { C_ID, C_CLAIM, C_TOLERANCE, C_SOURCE, C_QUOTE };

static schema figure_schema(cf_table t)
{
	schema s = {.names = {"id", "series", "period", "value", "scale",
			      "unit", "qualifier", "source", "quote"},
		    .required = {true, true, true, true, true, true, false,
				 true, false}};
	s.n = F_ATTR;
	for (const char *const *c = cf_table_columns(t); *c; c++)
		s.names[s.n++] = *c;
	return s;
}

static const schema source_schema = {
    7,
    {"id", "kind", "title", "author", "publisher", "published", "file"},
    {true}};

static const schema claim_schema = {
    5, {"id", "claim", "tolerance", "source", "quote"}, {true, true}};

/* ---- loader state ---- */

typedef enum file_kind { K_SOURCES, K_FIGURES, K_CLAIMS } file_kind;

typedef struct loader {
	cf_dataset *ds;
	size_t cap_figures, cap_sources;
	cf_strmap figure_ids, source_ids, series_first;
	long *source_lines; /* line of each source in its file */
	/* claims being read (moved into ds only when the file is good) */
	cf_claim_row *claims;
	size_t nclaims, cap_claims;
	cf_strmap claim_ids;
	/* the file being read */
	const char *path;
	file_kind kind;
	cf_table table;
	bool reference;
	schema sch;
	int map[MAX_COLS]; /* schema column -> record field, -1 absent */
} loader;

static int nomem(cf_error *err)
{
	return cf_error_set(err, CF_ENOMEM, NULL, 0, 0, "out of memory");
}

/* A field by schema column: NULL when the file lacks that column. */
static const char *col(const loader *L, const cf_csv_record *rec, int k)
{
	return L->map[k] < 0 ? NULL : rec->fields[L->map[k]];
}

static bool has(const loader *L, const cf_csv_record *rec, int k)
{
	const char *s = col(L, rec, k);
	return s && *s;
}

static int col_error(const loader *L, const cf_csv_record *rec, int k,
		     cf_error *err, const char *msg)
{
	size_t i = L->map[k] < 0 ? 0 : (size_t)L->map[k];
	return cf_csv_field_error(rec, i, err, "%s", msg);
}

/* Copy of an optional string: NULL when absent or empty. */
static int dup_opt(const char *s, char **out)
{
	*out = NULL;
	if (!s || !*s)
		return 0;
	*out = strdup(s);
	return *out ? 0 : CF_ENOMEM;
}

static int unknown_column(const loader *L, const cf_csv_record *rec, size_t i,
			  cf_error *err)
{
	char known[256] = "";
	for (size_t k = 0; k < L->sch.n; k++) {
		size_t n = strlen(known);
		snprintf(known + n, sizeof known - n, "%s%s", k ? ", " : "",
			 L->sch.names[k]);
	}
	return cf_csv_field_error(rec, i, err,
				  "unknown column '%s' (this file takes %s)",
				  rec->fields[i], known);
}

/* A NUL inside a field would cut it short unseen ("5\0x" read as 5). */
static int check_nul(const cf_csv_record *rec, cf_error *err)
{
	for (size_t i = 0; i < rec->nfields; i++)
		if (strlen(rec->fields[i]) != rec->lengths[i])
			return cf_csv_field_error(rec, i, err,
						  "NUL byte inside a field");
	return 0;
}

/* Bytes of the well-formed UTF-8 character at s (n bytes left): 0 for a
 * stray continuation byte, an overlong form, a surrogate or a code point
 * past U+10FFFF. */
static size_t utf8_char(const unsigned char *s, size_t n)
{
	if (s[0] < 0x80)
		return 1;
	size_t len = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 ? 2 : 0;
	if (!len || len > n || s[0] > 0xF4)
		return 0;
	for (size_t i = 1; i < len; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	if ((s[0] == 0xE0 && s[1] < 0xA0) || (s[0] == 0xED && s[1] > 0x9F) ||
	    (s[0] == 0xF0 && s[1] < 0x90) || (s[0] == 0xF4 && s[1] > 0x8F))
		return 0;
	return len;
}

/* Text that is not UTF-8 would be dropped or mangled downstream (JSON
 * refuses it): rejected where it is, never half-kept. */
static int check_utf8(const cf_csv_record *rec, cf_error *err)
{
	for (size_t i = 0; i < rec->nfields; i++) {
		const unsigned char *s = (const unsigned char *)rec->fields[i];
		size_t n = rec->lengths[i], chars = 0;
		for (size_t j = 0; j < n; chars++) {
			size_t k = utf8_char(s + j, n - j);
			if (!k)
				return cf_csv_field_error(
				    rec, i, err,
				    "invalid UTF-8: byte 0x%02X at character "
				    "%zu of the field (files must be UTF-8)",
				    s[j], chars + 1);
			j += k;
		}
	}
	return 0;
}

static int header(loader *L, const cf_csv_record *rec, cf_error *err)
{
	for (size_t k = 0; k < MAX_COLS; k++)
		L->map[k] = -1;
	for (size_t i = 0; i < rec->nfields; i++) {
		size_t k = 0;
		while (k < L->sch.n && strcmp(L->sch.names[k], rec->fields[i]))
			k++;
		if (k == L->sch.n)
			return unknown_column(L, rec, i, err);
		if (L->map[k] >= 0)
			return cf_csv_field_error(rec, i, err,
						  "duplicate column '%s'",
						  rec->fields[i]);
		L->map[k] = (int)i;
	}
	for (size_t k = 0; k < L->sch.n; k++)
		if (L->sch.required[k] && L->map[k] < 0)
			return cf_error_set(err, CF_EDATA, L->path, rec->line,
					    1, "missing required column '%s'",
					    L->sch.names[k]);
	return 0;
}

/* Required columns must also be filled in on every row. */
static int check_required(const loader *L, const cf_csv_record *rec,
			  cf_error *err)
{
	for (size_t k = 0; k < L->sch.n; k++) {
		if (L->sch.required[k] && !has(L, rec, (int)k)) {
			char msg[64];
			snprintf(msg, sizeof msg, "missing %s",
				 L->sch.names[k]);
			return col_error(L, rec, (int)k, err, msg);
		}
	}
	return 0;
}

/* ---- sources ---- */

static char *join(const char *dir, const char *sub, const char *name)
{
	size_t n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	size_t len = n + strlen(sub) + strlen(name) + 2;
	char *p = malloc(len);
	if (p)
		snprintf(p, len, "%.*s/%s%s", (int)n, dir, sub, name);
	return p;
}

static int source_row(loader *L, const cf_csv_record *rec, cf_error *err)
{
	cf_dataset *ds = L->ds;
	const char *id = col(L, rec, S_ID);
	size_t first;
	if (cf_strmap_get(&L->source_ids, id, &first)) {
		char *path = join(
		    ds->dir, ds->sources[first].reference ? "reference/" : "",
		    "sources.csv");
		char msg[CF_ERROR_MSG_MAX];
		snprintf(msg, sizeof msg,
			 "duplicate source id '%s' (first at %s:%ld)", id,
			 path ? path : "sources.csv", L->source_lines[first]);
		free(path);
		return col_error(L, rec, S_ID, err, msg);
	}
	if (ds->nsources == L->cap_sources) {
		size_t n = L->cap_sources ? L->cap_sources * 2 : 16;
		cf_source *s = realloc(ds->sources, n * sizeof *s);
		if (!s)
			return nomem(err);
		ds->sources = s;
		long *l = realloc(L->source_lines, n * sizeof *l);
		if (!l)
			return nomem(err);
		L->source_lines = l;
		L->cap_sources = n;
	}
	cf_source *s = &ds->sources[ds->nsources];
	*s = (cf_source){.reference = L->reference};
	char **dst[] = {&s->id,	       &s->kind,      &s->title, &s->author,
			&s->publisher, &s->published, &s->file};
	int rc = 0;
	for (int k = S_ID; k <= S_FILE && !rc; k++)
		rc = dup_opt(col(L, rec, k), dst[k]);
	L->source_lines[ds->nsources] = rec->line;
	ds->nsources++; /* counted even on failure, so it is freed */
	if (rc || cf_strmap_put(&L->source_ids, s->id, ds->nsources - 1))
		return nomem(err);
	return 0;
}

/* ---- figures ---- */

/* Dotted lower-case identifier: [a-z0-9_]+(\.[a-z0-9_]+)* */
static bool series_valid(const char *s)
{
	bool need_char = true;
	for (; *s; s++) {
		if ((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '_')
			need_char = false;
		else if (*s == '.' && !need_char)
			need_char = true;
		else
			return false;
	}
	return !need_char;
}

static bool one_of(const char *s, const char *const *names)
{
	for (; *names; names++)
		if (strcmp(s, *names) == 0)
			return true;
	return false;
}

/* flow and status take a closed set of words. */
static int check_attr(const loader *L, const cf_csv_record *rec, int k,
		      cf_error *err)
{
	static const char *const flows[] = {"exports", "imports", "total",
					    NULL};
	static const char *const loan_status[] = {"approved", "pledged",
						  "disbursed", NULL};
	static const char *const grant_status[] = {"provided", "pledged", NULL};
	const char *name = L->sch.names[k];
	const char *v = col(L, rec, k);
	const char *const *allowed = NULL;
	const char *expect = "";
	if (strcmp(name, "flow") == 0) {
		allowed = flows;
		expect = "exports, imports or total";
	} else if (strcmp(name, "status") == 0 && L->table == CF_TABLE_LOANS) {
		allowed = loan_status;
		expect = "approved, pledged or disbursed";
	} else if (strcmp(name, "status") == 0) {
		allowed = grant_status;
		expect = "provided or pledged";
	}
	if (!allowed || !v || !*v || one_of(v, allowed))
		return 0;
	return cf_csv_field_error(rec, (size_t)L->map[k], err,
				  "unknown %s '%s' (expected %s)", name, v,
				  expect);
}

/* A figure.h parser's failure (rc, message in sub) moved to column k. */
static int at_col(const loader *L, const cf_csv_record *rec, int k, int rc,
		  const cf_error *sub, cf_error *err)
{
	return rc ? col_error(L, rec, k, err, sub->message) : 0;
}

/* Every check on one figure row that needs no allocation. */
static int check_figure(loader *L, const cf_csv_record *rec, cf_figure *f,
			cf_error *err)
{
	char msg[CF_ERROR_MSG_MAX];
	int rc = check_required(L, rec, err);
	if (rc)
		return rc;
	if (!series_valid(col(L, rec, F_SERIES))) {
		snprintf(msg, sizeof msg,
			 "bad series name '%s' (expected dotted lower-case "
			 "words such as trade.china_lac.total)",
			 col(L, rec, F_SERIES));
		return col_error(L, rec, F_SERIES, err, msg);
	}
	cf_error sub;
	cf_error_clear(&sub);
	if ((rc = at_col(
		 L, rec, F_PERIOD,
		 cf_period_parse(col(L, rec, F_PERIOD), &f->period, &sub), &sub,
		 err)))
		return rc;
	if (!cf_decimal_valid(col(L, rec, F_VALUE))) {
		snprintf(msg, sizeof msg, "bad number '%s'",
			 col(L, rec, F_VALUE));
		return col_error(L, rec, F_VALUE, err, msg);
	}
	const char *qual =
	    has(L, rec, F_QUALIFIER) ? col(L, rec, F_QUALIFIER) : "exact";
	if ((rc = at_col(L, rec, F_SCALE,
			 cf_scale_parse(col(L, rec, F_SCALE), &f->scale, &sub),
			 &sub, err)) ||
	    (rc = at_col(L, rec, F_UNIT,
			 cf_unit_parse(col(L, rec, F_UNIT), &f->unit, &sub),
			 &sub, err)) ||
	    (rc = at_col(L, rec, F_QUALIFIER,
			 cf_qualifier_parse(qual, &f->qualifier, &sub), &sub,
			 err)) ||
	    (rc = at_col(L, rec, F_VALUE,
			 cf_value_interval(col(L, rec, F_VALUE), f->scale,
					   f->qualifier, &f->interval, &sub),
			 &sub, err)))
		return rc;
	size_t i;
	if (!cf_strmap_get(&L->source_ids, col(L, rec, F_SOURCE), &i)) {
		snprintf(msg, sizeof msg, "unknown source '%s'",
			 col(L, rec, F_SOURCE));
		return col_error(L, rec, F_SOURCE, err, msg);
	}
	for (int k = F_ATTR; k < (int)L->sch.n; k++)
		if ((rc = check_attr(L, rec, k, err)))
			return rc;
	return 0;
}

/* Ids unique across all files; one unit per series. */
static int check_unique(loader *L, const cf_csv_record *rec, const cf_figure *f,
			cf_error *err)
{
	char msg[CF_ERROR_MSG_MAX];
	size_t i;
	if (cf_strmap_get(&L->figure_ids, f->id, &i)) {
		const cf_figure *g = L->ds->figures[i];
		snprintf(msg, sizeof msg, "duplicate id '%s' (first at %s:%ld)",
			 f->id, g->file, g->line);
		return col_error(L, rec, F_ID, err, msg);
	}
	if (cf_strmap_get(&L->series_first, f->series, &i) &&
	    L->ds->figures[i]->unit != f->unit) {
		const cf_figure *g = L->ds->figures[i];
		snprintf(msg, sizeof msg,
			 "series %s mixes units %s and %s (first at %s:%ld)",
			 f->series, cf_unit_name(g->unit),
			 cf_unit_name(f->unit), g->file, g->line);
		return col_error(L, rec, F_UNIT, err, msg);
	}
	return 0;
}

static void figure_free(cf_figure *f)
{
	if (!f)
		return;
	free(f->id);
	free(f->series);
	free(f->value_text);
	free(f->source);
	free(f->quote);
	for (int i = 0; i < 5; i++)
		free(f->attr[i]);
	free(f->file);
	free(f);
}

static int fill_strings(loader *L, const cf_csv_record *rec, cf_figure *f)
{
	int rc = dup_opt(col(L, rec, F_ID), &f->id) ||
		 dup_opt(col(L, rec, F_SERIES), &f->series) ||
		 dup_opt(col(L, rec, F_VALUE), &f->value_text) ||
		 dup_opt(col(L, rec, F_SOURCE), &f->source) ||
		 dup_opt(col(L, rec, F_QUOTE), &f->quote) ||
		 dup_opt(L->path, &f->file);
	for (int k = F_ATTR; k < (int)L->sch.n && !rc; k++)
		rc = dup_opt(col(L, rec, k), &f->attr[k - F_ATTR]);
	return rc;
}

static int push_figure(cf_dataset *ds, size_t *cap, cf_figure *f)
{
	if (ds->nfigures == *cap) {
		size_t n = *cap ? *cap * 2 : 64;
		cf_figure **p = realloc(ds->figures, n * sizeof *p);
		if (!p)
			return CF_ENOMEM;
		ds->figures = p;
		*cap = n;
	}
	ds->figures[ds->nfigures++] = f;
	return 0;
}

static int figure_row(loader *L, const cf_csv_record *rec, cf_error *err)
{
	cf_figure *f = calloc(1, sizeof *f);
	if (!f)
		return nomem(err);
	f->table = L->table;
	f->reference = L->reference;
	f->line = rec->line;
	int rc = check_figure(L, rec, f, err);
	if (!rc && fill_strings(L, rec, f))
		rc = nomem(err);
	if (!rc)
		rc = check_unique(L, rec, f, err);
	if (rc) {
		figure_free(f);
		return rc;
	}
	if (push_figure(L->ds, &L->cap_figures, f)) {
		figure_free(f);
		return nomem(err);
	}
	size_t i = L->ds->nfigures - 1, first;
	if (cf_strmap_put(&L->figure_ids, f->id, i))
		return nomem(err);
	if (!cf_strmap_get(&L->series_first, f->series, &first) &&
	    cf_strmap_put(&L->series_first, f->series, i))
		return nomem(err);
	return 0;
}

/* ---- claims ---- */

/* "5%" or "0.05": a non-negative decimal, optionally a percentage. */
static bool tolerance_valid(const char *s)
{
	char buf[64];
	size_t n = strlen(s);
	if (n == 0 || n >= sizeof buf || s[0] == '-')
		return false;
	memcpy(buf, s, n + 1);
	if (buf[n - 1] == '%')
		buf[n - 1] = '\0';
	return cf_decimal_valid(buf);
}

static void claim_free(cf_claim_row *c)
{
	free(c->id);
	free(c->claim);
	free(c->tolerance);
	free(c->source);
	free(c->quote);
	free(c->file);
}

static int check_claim(loader *L, const cf_csv_record *rec, cf_error *err)
{
	char msg[CF_ERROR_MSG_MAX];
	int rc = check_required(L, rec, err);
	if (rc)
		return rc;
	size_t i;
	const char *id = col(L, rec, C_ID);
	if (cf_strmap_get(&L->claim_ids, id, &i)) {
		snprintf(msg, sizeof msg,
			 "duplicate claim id '%s' (first at line %ld)", id,
			 L->claims[i].line);
		return col_error(L, rec, C_ID, err, msg);
	}
	const char *tol = col(L, rec, C_TOLERANCE);
	if (tol && *tol && !tolerance_valid(tol)) {
		snprintf(msg, sizeof msg,
			 "bad tolerance '%s' (expected e.g. 5%% or 0.05)", tol);
		return col_error(L, rec, C_TOLERANCE, err, msg);
	}
	const char *src = col(L, rec, C_SOURCE);
	if (src && *src && !cf_strmap_get(&L->source_ids, src, &i)) {
		snprintf(msg, sizeof msg, "unknown source '%s'", src);
		return col_error(L, rec, C_SOURCE, err, msg);
	}
	return 0;
}

static int claim_row(loader *L, const cf_csv_record *rec, cf_error *err)
{
	int rc = check_claim(L, rec, err);
	if (rc)
		return rc;
	if (L->nclaims == L->cap_claims) {
		size_t n = L->cap_claims ? L->cap_claims * 2 : 16;
		cf_claim_row *p = realloc(L->claims, n * sizeof *p);
		if (!p)
			return nomem(err);
		L->claims = p;
		L->cap_claims = n;
	}
	cf_claim_row *c = &L->claims[L->nclaims++];
	*c = (cf_claim_row){.line = rec->line};
	long line;
	cf_csv_field_position(rec, (size_t)L->map[C_CLAIM], &line,
			      &c->claim_column);
	if (dup_opt(col(L, rec, C_ID), &c->id) ||
	    dup_opt(col(L, rec, C_CLAIM), &c->claim) ||
	    dup_opt(col(L, rec, C_TOLERANCE), &c->tolerance) ||
	    dup_opt(col(L, rec, C_SOURCE), &c->source) ||
	    dup_opt(col(L, rec, C_QUOTE), &c->quote) ||
	    dup_opt(L->path, &c->file) ||
	    cf_strmap_put(&L->claim_ids, c->id, L->nclaims - 1))
		return nomem(err);
	return 0;
}

/* ---- files ---- */

static int on_record(const cf_csv_record *rec, void *ctx, cf_error *err)
{
	loader *L = ctx;
	int rc = check_nul(rec, err);
	if (!rc)
		rc = check_utf8(rec, err);
	if (rc)
		return rc;
	if (rec->index == 0)
		return header(L, rec, err);
	switch (L->kind) {
	case K_SOURCES:
		rc = check_required(L, rec, err);
		return rc ? rc : source_row(L, rec, err);
	case K_FIGURES:
		return figure_row(L, rec, err);
	default:
		return claim_row(L, rec, err);
	}
}

static bool exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 || errno != ENOENT;
}

/* Reads DIR/SUB NAME; an absent optional file is an empty table. */
static int read_file(loader *L, const char *sub, const char *name,
		     bool required, cf_error *err)
{
	char *path = join(L->ds->dir, sub, name);
	if (!path)
		return nomem(err);
	int rc = 0;
	if (!exists(path)) {
		if (required)
			rc = cf_error_set(err, CF_ENOINPUT, path, 0, 0,
					  "cannot open required %s: %s", name,
					  strerror(ENOENT));
	} else {
		L->path = path;
		L->reference = *sub != '\0';
		rc = cf_csv_read_file(path, on_record, L, err);
	}
	free(path);
	return rc;
}

static int read_tables(loader *L, const char *sub, cf_error *err)
{
	L->kind = K_FIGURES;
	for (int t = 0; t < CF_TABLE_COUNT_; t++) {
		char name[64];
		snprintf(name, sizeof name, "%s.csv",
			 cf_table_name((cf_table)t));
		L->table = (cf_table)t;
		L->sch = figure_schema((cf_table)t);
		int rc = read_file(L, sub, name, false, err);
		if (rc)
			return rc;
	}
	return 0;
}

static void free_claims(cf_claim_row *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		claim_free(&c[i]);
	free(c);
}

static void loader_free(loader *L)
{
	cf_strmap_free(&L->figure_ids);
	cf_strmap_free(&L->source_ids);
	cf_strmap_free(&L->series_first);
	cf_strmap_free(&L->claim_ids);
	free(L->source_lines);
	free_claims(L->claims, L->nclaims);
}

/* ---- series index ---- */

typedef struct ordered {
	cf_figure *f;
	size_t order;
} ordered;

static int cmp_ordered(const void *pa, const void *pb)
{
	const ordered *a = pa, *b = pb;
	int c = strcmp(a->f->series, b->f->series);
	if (!c)
		c = cf_period_compare(&a->f->period, &b->f->period);
	if (!c)
		c = (a->order > b->order) - (a->order < b->order);
	return c;
}

static void free_index(cf_dataset *ds)
{
	if (ds->nseries)
		free(ds->series[0].figures); /* one block for all series */
	free(ds->series);
	ds->series = NULL;
	ds->nseries = 0;
}

/* Series names are borrowed from their first figure; all series share one
 * block of figure pointers. */
static int build_index(cf_dataset *ds, cf_error *err)
{
	free_index(ds);
	if (!ds->nfigures)
		return 0;
	ordered *o = malloc(ds->nfigures * sizeof *o);
	cf_figure **block = malloc(ds->nfigures * sizeof *block);
	cf_series *series = malloc(ds->nfigures * sizeof *series);
	if (!o || !block || !series) {
		free(o);
		free(block);
		free(series);
		return nomem(err);
	}
	for (size_t i = 0; i < ds->nfigures; i++)
		o[i] = (ordered){ds->figures[i], i};
	qsort(o, ds->nfigures, sizeof *o, cmp_ordered);
	size_t n = 0;
	for (size_t i = 0; i < ds->nfigures; i++) {
		block[i] = o[i].f;
		if (i == 0 || strcmp(o[i].f->series, o[i - 1].f->series)) {
			series[n++] = (cf_series){.name = o[i].f->series,
						  .unit = o[i].f->unit,
						  .figures = &block[i]};
		}
		series[n - 1].count++;
	}
	free(o);
	ds->series = series;
	ds->nseries = n;
	return 0;
}

/* ---- public ---- */

void cf_dataset_free(cf_dataset *ds)
{
	if (!ds)
		return;
	free_index(ds);
	for (size_t i = 0; i < ds->nfigures; i++)
		figure_free(ds->figures[i]);
	free(ds->figures);
	for (size_t i = 0; i < ds->nsources; i++) {
		cf_source *s = &ds->sources[i];
		free(s->id);
		free(s->kind);
		free(s->title);
		free(s->author);
		free(s->publisher);
		free(s->published);
		free(s->file);
	}
	free(ds->sources);
	free_claims(ds->claims, ds->nclaims);
	free(ds->dir);
	free(ds);
}

static int load_all(loader *L, cf_error *err)
{
	int rc;
	L->kind = K_SOURCES;
	L->sch = source_schema;
	if ((rc = read_file(L, "", "sources.csv", true, err)) ||
	    (rc = read_file(L, "reference/", "sources.csv", false, err)) ||
	    (rc = read_tables(L, "", err)) ||
	    (rc = read_tables(L, "reference/", err)))
		return rc;
	L->kind = K_CLAIMS;
	L->sch = claim_schema;
	if ((rc = read_file(L, "", "claims.csv", false, err)))
		return rc;
	L->ds->claims = L->claims;
	L->ds->nclaims = L->nclaims;
	L->claims = NULL;
	L->nclaims = 0;
	return build_index(L->ds, err);
}

int cf_dataset_load(const char *dir, cf_dataset **out, cf_error *err)
{
	*out = NULL;
	cf_dataset *ds = calloc(1, sizeof *ds);
	if (!ds || !(ds->dir = strdup(dir))) {
		free(ds);
		return nomem(err);
	}
	loader L = {.ds = ds};
	int rc = load_all(&L, err);
	loader_free(&L);
	if (rc) {
		cf_dataset_free(ds);
		return rc;
	}
	*out = ds;
	return 0;
}

int cf_dataset_load_claims(cf_dataset *ds, const char *path, cf_error *err)
{
	loader L = {
	    .ds = ds, .kind = K_CLAIMS, .sch = claim_schema, .path = path};
	int rc = 0;
	for (size_t i = 0; i < ds->nsources && !rc; i++)
		if (cf_strmap_put(&L.source_ids, ds->sources[i].id, i))
			rc = nomem(err);
	if (!rc)
		rc = cf_csv_read_file(path, on_record, &L, err);
	if (!rc) {
		free_claims(ds->claims, ds->nclaims);
		ds->claims = L.claims;
		ds->nclaims = L.nclaims;
		L.claims = NULL;
		L.nclaims = 0;
	}
	loader_free(&L);
	return rc;
}

const cf_source *cf_dataset_source(const cf_dataset *ds, const char *id)
{
	for (size_t i = 0; i < ds->nsources; i++)
		if (strcmp(ds->sources[i].id, id) == 0)
			return &ds->sources[i];
	return NULL;
}

const cf_series *cf_dataset_series(const cf_dataset *ds, const char *name)
{
	size_t lo = 0, hi = ds->nseries;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(ds->series[mid].name, name);
		if (c == 0)
			return &ds->series[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}
