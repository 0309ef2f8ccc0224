#include "cifra/claims.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- names */

static const char *const verdict_names[] = {"inconsistent", "undetermined",
					    "unverifiable", "consistent"};

const char *cf_verdict_name(cf_verdict v)
{
	return (unsigned)v < 4 ? verdict_names[v] : "?";
}

int cf_verdict_parse(const char *text, cf_verdict *out, cf_error *err)
{
	for (int i = 0; i < 4; i++)
		if (!strcmp(text, verdict_names[i])) {
			*out = (cf_verdict)i;
			return 0;
		}
	return cf_error_set(err, CF_EUSAGE, NULL, 0, 0,
			    "unknown verdict '%s' (expected inconsistent, "
			    "undetermined, unverifiable or consistent)",
			    text);
}

/* ---- nodes */

static void node_free(cf_node *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->nargs; i++)
		node_free(n->args[i]);
	free(n->args);
	free(n->text);
	free(n->series);
	free(n->source);
	free(n);
}

static cf_node *node_new(cf_node_kind kind, long column)
{
	cf_node *n = calloc(1, sizeof *n);
	if (n) {
		n->kind = kind;
		n->column = column;
		n->depth = 1;
	}
	return n;
}

/* Grows the argument array by doubling (a sum of thousands of terms must
 * not copy it thousands of times). */
static int node_push_arg(cf_node *n, cf_node *arg)
{
	size_t cap = 1;
	while (cap < n->nargs)
		cap *= 2;
	if (n->nargs == 0 || n->nargs == cap) {
		cf_node **a =
		    realloc(n->args, (n->nargs ? cap * 2 : 2) * sizeof *a);
		if (!a)
			return CF_ENOMEM;
		n->args = a;
	}
	n->args[n->nargs++] = arg;
	if (arg->depth + 1 > n->depth)
		n->depth = arg->depth + 1;
	return 0;
}

void cf_claim_free(cf_claim *c)
{
	if (!c)
		return;
	free(c->id);
	free(c->text);
	node_free(c->lhs);
	node_free(c->rhs);
	free(c);
}

/* ---- parser */

typedef struct parser {
	const char *s;
	size_t pos;
	const char *id;
	cf_error *err;
	bool failed;
	int nesting; /* parse_unary calls under way (parentheses, '-') */
} parser;

static void skip_ws(parser *p)
{
	while (p->s[p->pos] == ' ' || p->s[p->pos] == '\t')
		p->pos++;
}

static bool ident_start(char c)
{
	return isalpha((unsigned char)c) || c == '_';
}

static bool ident_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '.';
}

/* What stands at pos, for "found …" in messages. */
static void describe(const char *s, size_t pos, char *buf, size_t size)
{
	if (!s[pos]) {
		snprintf(buf, size, "end of claim");
		return;
	}
	size_t n = 0;
	if (ident_char(s[pos]))
		while (ident_char(s[pos + n]) && n < 24)
			n++;
	else
		/* one character, whole if UTF-8 */
		for (n = 1; ((unsigned char)s[pos + n] & 0xC0) == 0x80; n++)
			;
	snprintf(buf, size, "'%.*s'", (int)n, s + pos);
}

__attribute__((format(printf, 3, 4))) static void *fail_at(parser *p, size_t at,
							   const char *fmt, ...)
{
	if (p->failed)
		return NULL;
	char what[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	long col = 1; /* in characters, as csvio counts them */
	for (size_t i = 0; i < at; i++)
		col += ((unsigned char)p->s[i] & 0xC0) != 0x80;
	cf_error_set(p->err, CF_EDATA, NULL, 0, col, "claim %s: %s", p->id,
		     what);
	p->failed = true;
	return NULL;
}

static void *expected(parser *p, const char *what)
{
	char found[64];
	describe(p->s, p->pos, found, sizeof found);
	return fail_at(p, p->pos, "expected %s, found %s", what, found);
}

static void *oom(parser *p)
{
	if (!p->failed)
		cf_error_set(p->err, CF_ENOMEM, NULL, 0, 0, "out of memory");
	p->failed = true;
	return NULL;
}

/* A tree deeper than CF_CLAIM_MAX_DEPTH would exhaust the stack of the
 * recursive evaluator: refused at the operator that makes it so. */
static cf_node *depth_checked(parser *p, cf_node *n)
{
	if (!n || n->depth <= CF_CLAIM_MAX_DEPTH)
		return n;
	size_t at = (size_t)n->column - 1;
	node_free(n);
	return fail_at(p, at,
		       "expression nested more than %d levels deep (write a "
		       "long sum as sum(a, b, ...))",
		       CF_CLAIM_MAX_DEPTH);
}

static cf_node *parse_expr(parser *p);

/* digits ['.' digits] [e [+-] digits], or '.' digits */
static size_t scan_number(const char *s)
{
	size_t i = 0, digits = 0;
	while (isdigit((unsigned char)s[i]))
		i++, digits++;
	if (s[i] == '.') {
		i++;
		while (isdigit((unsigned char)s[i]))
			i++, digits++;
	}
	if (!digits)
		return 0;
	if (s[i] == 'e' || s[i] == 'E') {
		size_t j = i + 1;
		if (s[j] == '+' || s[j] == '-')
			j++;
		if (isdigit((unsigned char)s[j])) {
			while (isdigit((unsigned char)s[j]))
				j++;
			i = j;
		}
	}
	return i;
}

static cf_node *parse_number(parser *p)
{
	size_t start = p->pos, len = scan_number(p->s + start);
	cf_node *n = node_new(CF_NODE_NUMBER, (long)start + 1);
	if (!n || !(n->text = strndup(p->s + start, len))) {
		free(n);
		return oom(p);
	}
	errno = 0;
	n->number = strtod(n->text, NULL);
	bool underflow = errno == ERANGE && n->number == 0;
	p->pos += len;
	if (p->s[p->pos] == '%') {
		n->percent = true;
		n->number /= 100;
		p->pos++;
	}
	if (!isfinite(n->number) || underflow) {
		node_free(n);
		return fail_at(p, start, "number out of range");
	}
	return n;
}

static char *scan_word(parser *p, bool (*ok)(char))
{
	size_t start = p->pos;
	while (p->s[p->pos] && ok(p->s[p->pos]))
		p->pos++;
	char *w = strndup(p->s + start, p->pos - start);
	return w ? w : oom(p);
}

static bool period_char(char c)
{
	return isdigit((unsigned char)c) || c == '-' || c == '/' || c == '.';
}

static bool source_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '-' || c == '.';
}

/* After the series name: '[' PERIOD ']' ['@' SOURCE]. */
static cf_node *parse_ref(parser *p, char *series, size_t start)
{
	cf_node *n = node_new(CF_NODE_REF, (long)start + 1);
	if (!n) {
		free(series);
		return oom(p);
	}
	n->series = series;
	skip_ws(p);
	if (p->s[p->pos] != '[') {
		node_free(n);
		return expected(p, "'[' after the series name");
	}
	p->pos++;
	skip_ws(p);
	size_t pstart = p->pos;
	char *ptext = scan_word(p, period_char);
	if (!ptext) {
		node_free(n);
		return NULL;
	}
	skip_ws(p);
	if (p->s[p->pos] != ']') {
		free(ptext);
		node_free(n);
		return expected(p, "']'");
	}
	cf_error perr;
	cf_error_clear(&perr);
	if (cf_period_parse(ptext, &n->period, &perr) < 0) {
		fail_at(p, pstart, "bad period '%s': %s", ptext, perr.message);
		free(ptext);
		node_free(n);
		return NULL;
	}
	free(ptext);
	p->pos++;
	if (p->s[p->pos] == '@') {
		p->pos++;
		if (!source_char(p->s[p->pos])) {
			node_free(n);
			return expected(p, "a source id after '@'");
		}
		if (!(n->source = scan_word(p, source_char))) {
			node_free(n);
			return NULL;
		}
	}
	return n;
}

static const struct {
	const char *name;
	cf_node_kind kind;
} functions[] = {{"yoy", CF_NODE_YOY},
		 {"cagr", CF_NODE_CAGR},
		 {"min", CF_NODE_MIN},
		 {"max", CF_NODE_MAX},
		 {"sum", CF_NODE_SUM}};

static bool is_plain_ref(const cf_node *n)
{
	return n->kind == CF_NODE_REF;
}

static cf_node *check_call(parser *p, cf_node *n, const char *name)
{
	if (n->kind == CF_NODE_YOY &&
	    (n->nargs != 1 || !is_plain_ref(n->args[0])))
		return fail_at(p, (size_t)n->column - 1,
			       "yoy() takes one series[period]");
	if (n->kind == CF_NODE_CAGR) {
		if (n->nargs != 2 || !is_plain_ref(n->args[0]) ||
		    !is_plain_ref(n->args[1]))
			return fail_at(p, (size_t)n->column - 1,
				       "cagr() takes two series[period]");
		if (!(cf_period_years_between(&n->args[0]->period,
					      &n->args[1]->period) > 0))
			return fail_at(p, (size_t)n->column - 1,
				       "cagr(): the second period must end "
				       "after the first");
	}
	(void)name;
	return n;
}

static cf_node *parse_call(parser *p, cf_node_kind kind, const char *name,
			   size_t start)
{
	cf_node *n = node_new(kind, (long)start + 1);
	if (!n)
		return oom(p);
	p->pos++; /* '(' */
	for (;;) {
		cf_node *arg = parse_expr(p);
		if (!arg || node_push_arg(n, arg) < 0) {
			node_free(arg);
			node_free(n);
			return arg ? oom(p) : NULL;
		}
		skip_ws(p);
		if (p->s[p->pos] == ',') {
			p->pos++;
			continue;
		}
		if (p->s[p->pos] == ')') {
			p->pos++;
			break;
		}
		node_free(n);
		return expected(p, "',' or ')'");
	}
	if (!check_call(p, n, name)) {
		node_free(n);
		return NULL;
	}
	return depth_checked(p, n);
}

static cf_node *parse_name(parser *p)
{
	size_t start = p->pos;
	char *name = scan_word(p, ident_char);
	if (!name)
		return NULL;
	skip_ws(p);
	if (p->s[p->pos] != '(')
		return parse_ref(p, name, start);
	for (size_t i = 0; i < sizeof functions / sizeof functions[0]; i++)
		if (!strcmp(name, functions[i].name)) {
			cf_node *n =
			    parse_call(p, functions[i].kind, name, start);
			free(name);
			return n;
		}
	fail_at(p, start,
		"unknown function '%s' (expected yoy, cagr, min, max, sum)",
		name);
	free(name);
	return NULL;
}

static cf_node *parse_primary(parser *p)
{
	skip_ws(p);
	char c = p->s[p->pos];
	if (scan_number(p->s + p->pos))
		return parse_number(p);
	if (ident_start(c))
		return parse_name(p);
	if (c == '(') {
		p->pos++;
		cf_node *n = parse_expr(p);
		if (!n)
			return NULL;
		skip_ws(p);
		if (p->s[p->pos] != ')') {
			node_free(n);
			return expected(p, "')'");
		}
		p->pos++;
		return n;
	}
	return expected(p, "a number, series[period], function or '('");
}

static cf_node *binary(parser *p, cf_node_kind kind, size_t at, cf_node *a,
		       cf_node *b)
{
	cf_node *n = node_new(kind, (long)at + 1);
	if (!n || node_push_arg(n, a) < 0 || node_push_arg(n, b) < 0) {
		if (n && n->nargs == 1)
			n->nargs = 0; /* a freed below */
		free(n ? n->args : NULL);
		free(n);
		node_free(a);
		node_free(b);
		return oom(p);
	}
	return depth_checked(p, n);
}

static cf_node *parse_unary(parser *p);

static cf_node *unary(parser *p)
{
	skip_ws(p);
	if (p->s[p->pos] != '-')
		return parse_primary(p);
	size_t at = p->pos++;
	cf_node *a = parse_unary(p);
	if (!a)
		return NULL;
	cf_node *n = node_new(CF_NODE_NEG, (long)at + 1);
	if (!n || node_push_arg(n, a) < 0) {
		free(n);
		node_free(a);
		return oom(p);
	}
	return depth_checked(p, n);
}

/* Every recursion of the parser (parentheses, calls, '-') passes here: its
 * depth is bounded before the stack is. */
static cf_node *parse_unary(parser *p)
{
	if (p->nesting >= CF_CLAIM_MAX_DEPTH) {
		skip_ws(p);
		return fail_at(p, p->pos,
			       "expression nested more than %d levels deep",
			       CF_CLAIM_MAX_DEPTH);
	}
	p->nesting++;
	cf_node *n = unary(p);
	p->nesting--;
	return n;
}

static cf_node *parse_term(parser *p)
{
	cf_node *a = parse_unary(p);
	while (a) {
		skip_ws(p);
		char c = p->s[p->pos];
		if (c != '*' && c != '/')
			return a;
		size_t at = p->pos++;
		cf_node *b = parse_unary(p);
		if (!b) {
			node_free(a);
			return NULL;
		}
		a = binary(p, c == '*' ? CF_NODE_MUL : CF_NODE_DIV, at, a, b);
	}
	return a;
}

static cf_node *parse_expr(parser *p)
{
	cf_node *a = parse_term(p);
	while (a) {
		skip_ws(p);
		char c = p->s[p->pos];
		if (c != '+' && c != '-')
			return a;
		size_t at = p->pos++;
		cf_node *b = parse_term(p);
		if (!b) {
			node_free(a);
			return NULL;
		}
		a = binary(p, c == '+' ? CF_NODE_ADD : CF_NODE_SUB, at, a, b);
	}
	return a;
}

static bool parse_cmp(parser *p, cf_cmp *out)
{
	static const struct {
		const char *text;
		cf_cmp cmp;
	} ops[] = {{"==", CF_CMP_EQ}, {"~=", CF_CMP_APPROX}, {"<=", CF_CMP_LE},
		   {">=", CF_CMP_GE}, {"<", CF_CMP_LT},	     {">", CF_CMP_GT}};
	skip_ws(p);
	for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
		size_t len = strlen(ops[i].text);
		if (!strncmp(p->s + p->pos, ops[i].text, len)) {
			p->pos += len;
			*out = ops[i].cmp;
			return true;
		}
	}
	expected(p, "a comparison (== ~= < <= > >=)");
	return false;
}

static int parse_tolerance(const char *id, const char *text, double *out,
			   cf_error *err)
{
	*out = 0.05;
	if (!text || !*text)
		return 0;
	char *end;
	double t = strtod(text, &end);
	bool percent = *end == '%';
	if (percent)
		end++, t /= 100;
	while (*end == ' ')
		end++;
	if (end == text || *end || !isfinite(t) || t < 0 ||
	    (!percent && t >= 1))
		return cf_error_set(err, CF_EDATA, NULL, 0, 0,
				    "claim %s: bad tolerance '%s' (expected "
				    "a percentage like 5%% or a fraction "
				    "like 0.05)",
				    id, text);
	*out = t;
	return 0;
}

int cf_claim_parse(const char *id, const char *text, const char *tolerance,
		   cf_claim **out, cf_error *err)
{
	*out = NULL;
	cf_claim *c = calloc(1, sizeof *c);
	if (!c || !(c->id = strdup(id ? id : "?")) ||
	    !(c->text = strdup(text))) {
		cf_claim_free(c);
		return cf_error_set(err, CF_ENOMEM, NULL, 0, 0,
				    "out of memory");
	}
	int rc = parse_tolerance(c->id, tolerance, &c->tolerance, err);
	if (rc < 0) {
		cf_claim_free(c);
		return rc;
	}
	parser p = {.s = text, .id = c->id, .err = err};
	c->lhs = parse_expr(&p);
	if (c->lhs && parse_cmp(&p, &c->cmp))
		c->rhs = parse_expr(&p);
	if (c->rhs) {
		skip_ws(&p);
		if (p.s[p.pos])
			expected(&p, "end of claim");
	}
	if (p.failed) {
		cf_claim_free(c);
		return err ? err->code : CF_EDATA;
	}
	*out = c;
	return 0;
}

/* Whether the CSV field at line:column of file starts with a quote: then
 * the claim's text begins one column later, and each '"' in it was written
 * twice.  (The row keeps where the field starts, not how it was written.) */
static bool field_quoted(const char *file, long line, long column)
{
	FILE *fp = file ? fopen(file, "rb") : NULL;
	if (!fp)
		return false;
	long l = 1, col = 1;
	int c;
	bool quoted = false;
	while ((c = getc(fp)) != EOF) {
		if (l == line && col == column) {
			quoted = c == '"';
			break;
		}
		if (c == '\n')
			l++, col = 1;
		else if ((c & 0xC0) != 0x80)
			col++;
		if (l > line)
			break;
	}
	fclose(fp);
	return quoted;
}

int cf_claim_parse_row(const cf_claim_row *row, cf_claim **out, cf_error *err)
{
	int rc = cf_claim_parse(row->id, row->claim ? row->claim : "",
				row->tolerance, out, err);
	if (rc < 0 && err) {
		snprintf(err->file, sizeof err->file, "%s",
			 row->file ? row->file : "");
		err->line = row->line;
		if (err->column > 0 && row->claim_column > 0) {
			long extra = 0;
			if (field_quoted(row->file, row->line,
					 row->claim_column)) {
				extra = 1;
				for (long i = 0, ch = 1;
				     row->claim[i] && ch < err->column; i++) {
					extra += row->claim[i] == '"';
					ch += ((unsigned char)row->claim[i] &
					       0xC0) != 0x80;
				}
			}
			err->column += row->claim_column - 1 + extra;
		}
	}
	return rc;
}

/* ---- results */

cf_result *cf_results_push(cf_results *rs)
{
	if (rs->n == rs->cap) {
		size_t cap = rs->cap ? rs->cap * 2 : 16;
		cf_result *items = realloc(rs->items, cap * sizeof *items);
		if (!items)
			return NULL;
		rs->items = items;
		rs->cap = cap;
	}
	cf_result *r = &rs->items[rs->n++];
	memset(r, 0, sizeof *r);
	r->deviation = NAN;
	r->computed = r->stated = cf_interval_empty();
	r->implied = cf_interval_empty();
	r->unit = CF_UNIT_RATIO;
	return r;
}

int cf_result_add_figure(cf_result *r, const cf_figure *f)
{
	for (size_t i = 0; i < r->nfigures; i++)
		if (r->figures[i] == f)
			return 0;
	const cf_figure **a =
	    realloc(r->figures, (r->nfigures + 1) * sizeof *a);
	if (!a)
		return CF_ENOMEM;
	r->figures = a;
	r->figures[r->nfigures++] = f;
	return 0;
}

void cf_result_clear(cf_result *r)
{
	free(r->id);
	free(r->text);
	free(r->source);
	free(r->quote);
	free(r->figures);
	for (size_t i = 0; i < r->nmissing; i++)
		free(r->missing[i]);
	free(r->missing);
	free(r->implied_series);
	free(r->note);
	memset(r, 0, sizeof *r);
}

void cf_results_free(cf_results *rs)
{
	for (size_t i = 0; i < rs->n; i++)
		cf_result_clear(&rs->items[i]);
	free(rs->items);
	memset(rs, 0, sizeof *rs);
}

static int result_cmp(const void *a, const void *b)
{
	const cf_result *x = a, *y = b;
	if (x->verdict != y->verdict)
		return x->verdict < y->verdict ? -1 : 1;
	return strcmp(x->id ? x->id : "", y->id ? y->id : "");
}

void cf_results_sort(cf_results *rs)
{
	if (rs->n > 1)
		qsort(rs->items, rs->n, sizeof *rs->items, result_cmp);
}

char *cf_result_verdict_text(const cf_result *r, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s%s", cf_verdict_name(r->verdict),
		 r->within_rounding ? " (within rounding)" : "",
		 r->weak ? " (weak)" : "");
	return buf;
}

double cf_deviation(cf_interval computed, cf_interval stated)
{
	double c = cf_interval_mid(computed), s = cf_interval_mid(stated);
	double d = (c - s) / fabs(s);
	return isfinite(d) ? d : NAN;
}

/* ------------------------------------------------------------- evaluation */

typedef struct key {
	const char *series;
	cf_period period;
	const char *source; /* @source, or NULL */
} key;

typedef struct missing {
	key k;
	int count;
} missing;

typedef struct ev_ctx {
	const cf_dataset *ds;
	const char *claim_source;
	cf_result *r; /* NULL: evaluate without recording */
	size_t nmissing;
	missing *miss;
	/* open-addressing index of miss (slot = index + 1, 0 empty): a span
	 * of thousands of missing years must not be compared pairwise */
	size_t nslots, *slots;
	bool conflict, div_zero, nomem;
	bool bound; /* a figure that is only a bound (over, under…) entered */
	char *notes; /* conflict notes, "; "-separated */
} ev_ctx;

typedef struct ev {
	cf_interval iv;
	double w; /* as written */
} ev;

static bool key_equal(const key *a, const key *b)
{
	return !strcmp(a->series, b->series) &&
	       cf_period_equal(&a->period, &b->period) &&
	       (a->source == b->source ||
		(a->source && b->source && !strcmp(a->source, b->source)));
}

static void add_note(char **notes, bool *nomem, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void add_note(char **notes, bool *nomem, const char *fmt, ...)
{
	char piece[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(piece, sizeof piece, fmt, ap);
	va_end(ap);
	size_t old = *notes ? strlen(*notes) : 0;
	char *s = realloc(*notes, old + strlen(piece) + 3);
	if (!s) {
		*nomem = true;
		return;
	}
	if (old)
		strcpy(s + old, "; "), old += 2;
	strcpy(s + old, piece);
	*notes = s;
}

static size_t mix(size_t h, size_t v)
{
	return (h ^ v) * 1099511628211u;
}

static size_t key_hash(const key *k)
{
	size_t h = 14695981039346656037u;
	for (const char *c = k->series; *c; c++)
		h = mix(h, (unsigned char)*c);
	h = mix(mix(mix(h, (size_t)k->period.first), (size_t)k->period.last),
		(size_t)k->period.kind);
	for (const char *c = k->source ? k->source : ""; *c; c++)
		h = mix(h, (unsigned char)*c);
	return h;
}

/* The slot of k in x->slots: its entry, or the empty one to fill. */
static size_t *slot_of(const ev_ctx *x, const key *k)
{
	size_t i = key_hash(k) & (x->nslots - 1);
	while (x->slots[i] && !key_equal(&x->miss[x->slots[i] - 1].k, k))
		i = (i + 1) & (x->nslots - 1);
	return &x->slots[i];
}

/* Keeps the index at most half full. */
static int grow_slots(ev_ctx *x)
{
	if (2 * (x->nmissing + 1) <= x->nslots)
		return 0;
	size_t n = x->nslots ? 2 * x->nslots : 16;
	size_t *old = x->slots;
	if (!(x->slots = calloc(n, sizeof *x->slots))) {
		x->slots = old;
		return CF_ENOMEM;
	}
	x->nslots = n;
	free(old);
	for (size_t i = 0; i < x->nmissing; i++)
		*slot_of(x, &x->miss[i].k) = i + 1;
	return 0;
}

static void note_missing(ev_ctx *x, const key *k)
{
	if (x->nslots) {
		size_t *s = slot_of(x, k);
		if (*s) {
			x->miss[*s - 1].count++;
			return;
		}
	}
	missing *m = realloc(x->miss, (x->nmissing + 1) * sizeof *m);
	if (!m || grow_slots(x)) {
		if (m)
			x->miss = m;
		x->nomem = true;
		return;
	}
	x->miss = m;
	x->miss[x->nmissing] = (missing){*k, 1};
	*slot_of(x, k) = x->nmissing + 1;
	x->nmissing++;
}

static void ctx_free(ev_ctx *x)
{
	free(x->miss);
	free(x->slots);
	free(x->notes);
}

cf_interval cf_figure_claim_value(const cf_figure *f)
{
	cf_interval iv = f->interval;
	if (f->unit == CF_UNIT_PERCENT)
		iv.lo /= 100, iv.hi /= 100;
	return iv;
}

double cf_figure_claim_written(const cf_figure *f)
{
	double w = cf_value_point(f->value_text, f->scale);
	return f->unit == CF_UNIT_PERCENT ? w / 100 : w;
}

static bool same_str(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

/* Records the figures v used (all of them for a conflict). */
static void record(ev_ctx *x, const cf_value *v)
{
	if (!x->r)
		return;
	for (size_t i = 0; i < v->nfigures; i++)
		if (cf_value_uses(v, v->figures[i]) &&
		    cf_result_add_figure(x->r, v->figures[i]) < 0)
			x->nomem = true;
}

static void note_conflict(ev_ctx *x, const key *k, const cf_value *v)
{
	char per[CF_PERIOD_TEXT_MAX], list[768] = "";
	size_t len = 0;
	for (size_t i = 0; i < v->nfigures && len < sizeof list; i++) {
		const cf_figure *f = v->figures[i];
		if (!cf_value_uses(v, f))
			continue;
		len += (size_t)snprintf(list + len, sizeof list - len,
					"%s%s \"%s\"", len ? " vs " : "",
					f->source, f->quote ? f->quote : "");
	}
	cf_period_format(&k->period, per, sizeof per);
	if (x->r)
		add_note(&x->notes, &x->nomem,
			 "conflicting figures for %s[%s]: %s: add @source",
			 k->series, per, list);
	x->conflict = true;
}

/* k's value by the dataset's one rule (cf_dataset_value), in claim units:
 * percent figures as fractions. */
static ev resolve(ev_ctx *x, const key *k)
{
	ev r = {cf_interval_all(), NAN};
	cf_value v;
	cf_dataset_value(x->ds, k->series, &k->period, k->source,
			 x->claim_source, &v);
	if (!v.nused) {
		note_missing(x, k);
		return r;
	}
	record(x, &v);
	if (v.conflict) {
		note_conflict(x, k, &v);
		return r;
	}
	double scale = v.figures[0]->unit == CF_UNIT_PERCENT ? 0.01 : 1;
	r.iv = v.interval;
	r.iv.lo *= scale, r.iv.hi *= scale;
	r.w = v.written * scale;
	x->bound |= v.bound;
	return r;
}

static ev eval(ev_ctx *x, const cf_node *n);

static key ref_key(const cf_node *n)
{
	return (key){n->series, n->period, n->source};
}

static bool is_span(const cf_node *n)
{
	return n->kind == CF_NODE_REF && n->period.kind == CF_PERIOD_YEAR_SPAN;
}

static bool expands_span(const cf_node *n)
{
	return (n->kind == CF_NODE_SUM || n->kind == CF_NODE_MIN ||
		n->kind == CF_NODE_MAX) &&
	       n->nargs == 1 && is_span(n->args[0]);
}

static ev fold(cf_node_kind kind, ev a, ev b)
{
	if (kind == CF_NODE_SUM)
		return (ev){cf_interval_add(a.iv, b.iv), a.w + b.w};
	if (kind == CF_NODE_MIN)
		return (ev){cf_interval_min(a.iv, b.iv), fmin(a.w, b.w)};
	return (ev){cf_interval_max(a.iv, b.iv), fmax(a.w, b.w)};
}

/* The value of argument i of an aggregate: a listed term, or one year of
 * the span.  skip: a key to leave out (for inversion), or NULL. */
static size_t aggregate_len(const cf_node *n)
{
	if (!expands_span(n))
		return n->nargs;
	const cf_period *p = &n->args[0]->period;
	return (size_t)(cf_period_last_year(p) - cf_period_first_year(p) + 1);
}

static key span_key(const cf_node *n, size_t i)
{
	const cf_node *ref = n->args[0];
	int year = cf_period_first_year(&ref->period) + (int)i;
	return (key){ref->series, cf_period_year(year), ref->source};
}

static ev aggregate_item(ev_ctx *x, const cf_node *n, size_t i)
{
	if (!expands_span(n))
		return eval(x, n->args[i]);
	key k = span_key(n, i);
	return resolve(x, &k);
}

static ev eval_aggregate(ev_ctx *x, const cf_node *n)
{
	size_t len = aggregate_len(n);
	ev acc = aggregate_item(x, n, 0);
	for (size_t i = 1; i < len; i++)
		acc = fold(n->kind, acc, aggregate_item(x, n, i));
	return acc;
}

static key yoy_base_key(const cf_node *n)
{
	const cf_node *ref = n->args[0];
	return (key){ref->series, cf_period_prev_year(&ref->period),
		     ref->source};
}

static ev eval_div(ev_ctx *x, ev a, ev b)
{
	if (cf_interval_contains(b.iv, 0))
		x->div_zero = true;
	return (ev){cf_interval_div(a.iv, b.iv), a.w / b.w};
}

static ev eval(ev_ctx *x, const cf_node *n)
{
	ev a, b;
	switch (n->kind) {
	case CF_NODE_NUMBER:
		return (ev){cf_interval_point(n->number), n->number};
	case CF_NODE_REF: {
		key k = ref_key(n);
		return resolve(x, &k);
	}
	case CF_NODE_NEG:
		a = eval(x, n->args[0]);
		return (ev){cf_interval_neg(a.iv), -a.w};
	case CF_NODE_YOY: {
		key k = yoy_base_key(n);
		a = resolve(x, &k);
		b = eval(x, n->args[0]);
		ev q = eval_div(x, b, a);
		return (ev){cf_interval_growth(a.iv, b.iv), q.w - 1};
	}
	case CF_NODE_CAGR: {
		a = eval(x, n->args[0]);
		b = eval(x, n->args[1]);
		double years = cf_period_years_between(&n->args[0]->period,
						       &n->args[1]->period);
		if (cf_interval_contains(a.iv, 0))
			x->div_zero = true;
		return (ev){cf_interval_cagr(a.iv, b.iv, years),
			    pow(b.w / a.w, 1 / years) - 1};
	}
	case CF_NODE_MIN:
	case CF_NODE_MAX:
	case CF_NODE_SUM:
		return eval_aggregate(x, n);
	default:
		break;
	}
	a = eval(x, n->args[0]);
	b = eval(x, n->args[1]);
	switch (n->kind) {
	case CF_NODE_ADD:
		return (ev){cf_interval_add(a.iv, b.iv), a.w + b.w};
	case CF_NODE_SUB:
		return (ev){cf_interval_sub(a.iv, b.iv), a.w - b.w};
	case CF_NODE_MUL:
		return (ev){cf_interval_mul(a.iv, b.iv), a.w * b.w};
	default:
		return eval_div(x, a, b);
	}
}

/* A value computed without recording anything (for inversion). */
static cf_interval quiet_eval(const ev_ctx *x, const cf_node *n)
{
	ev_ctx q = {.ds = x->ds, .claim_source = x->claim_source};
	ev v = eval(&q, n);
	ctx_free(&q);
	return v.iv;
}

/* ---- units */

static int series_unit(const cf_dataset *ds, const char *series)
{
	const cf_series *s = cf_dataset_series(ds, series);
	return s ? (int)s->unit : -1;
}

static bool is_amount(int u)
{
	return u == CF_UNIT_USD || u == CF_UNIT_CNY || u == CF_UNIT_COUNT;
}

/* The unit of what n computes, -1 when it says nothing (a bare number). */
static int infer_unit(const cf_dataset *ds, const cf_node *n)
{
	int a, b;
	switch (n->kind) {
	case CF_NODE_NUMBER:
		return n->percent ? CF_UNIT_PERCENT : -1;
	case CF_NODE_REF:
		return series_unit(ds, n->series);
	case CF_NODE_YOY:
	case CF_NODE_CAGR:
		return CF_UNIT_PERCENT;
	case CF_NODE_MUL:
		a = infer_unit(ds, n->args[0]);
		b = infer_unit(ds, n->args[1]);
		return is_amount(a) ? a : is_amount(b) ? b : a >= 0 ? a : b;
	case CF_NODE_DIV:
		a = infer_unit(ds, n->args[0]);
		b = infer_unit(ds, n->args[1]);
		if (b < 0 || (!is_amount(b) && a != b))
			return a;
		return CF_UNIT_RATIO;
	default:
		for (size_t i = 0; i < n->nargs; i++)
			if ((a = infer_unit(ds, n->args[i])) >= 0)
				return a;
		return -1;
	}
}

/* ---- inversion */

/* How often k occurs in n (yoy's implicit base and span years included). */
static int uses(const cf_node *n, const key *k)
{
	if (n->kind == CF_NODE_REF) {
		key r = ref_key(n);
		return key_equal(&r, k);
	}
	if (n->kind == CF_NODE_YOY) {
		key b = yoy_base_key(n);
		return key_equal(&b, k) + uses(n->args[0], k);
	}
	if (expands_span(n)) {
		int c = 0;
		for (size_t i = 0; i < aggregate_len(n); i++) {
			key y = span_key(n, i);
			c += key_equal(&y, k);
		}
		return c;
	}
	int c = 0;
	for (size_t i = 0; i < n->nargs; i++)
		c += uses(n->args[i], k);
	return c;
}

static bool invert(const ev_ctx *x, const cf_node *n, const key *k,
		   cf_interval t, cf_interval *out);

static bool invert_sum(const ev_ctx *x, const cf_node *n, const key *k,
		       cf_interval t, cf_interval *out)
{
	cf_interval rest = cf_interval_point(0);
	size_t len = aggregate_len(n), hit = len;
	for (size_t i = 0; i < len; i++) {
		bool has;
		if (expands_span(n)) {
			key y = span_key(n, i);
			has = key_equal(&y, k);
		} else {
			has = uses(n->args[i], k) > 0;
		}
		if (has) {
			hit = i;
			continue;
		}
		ev_ctx q = {.ds = x->ds, .claim_source = x->claim_source};
		ev v = aggregate_item(&q, n, i);
		ctx_free(&q);
		rest = cf_interval_add(rest, v.iv);
	}
	if (hit == len)
		return false;
	cf_interval part = cf_interval_sub(t, rest);
	if (expands_span(n)) {
		*out = part;
		return true;
	}
	return invert(x, n->args[hit], k, part, out);
}

static bool invert_yoy(const ev_ctx *x, const cf_node *n, const key *k,
		       cf_interval t, cf_interval *out)
{
	cf_interval factor = cf_interval_add(t, cf_interval_point(1));
	key base = yoy_base_key(n);
	if (key_equal(&base, k)) {
		if (cf_interval_contains(factor, 0))
			return false;
		*out = cf_interval_div(quiet_eval(x, n->args[0]), factor);
		return true;
	}
	ev_ctx q = {.ds = x->ds, .claim_source = x->claim_source};
	ev b = resolve(&q, &base);
	ctx_free(&q);
	*out = cf_interval_mul(b.iv, factor);
	return true;
}

static bool invert_cagr(const ev_ctx *x, const cf_node *n, const key *k,
			cf_interval t, cf_interval *out)
{
	double years =
	    cf_period_years_between(&n->args[0]->period, &n->args[1]->period);
	cf_interval f =
	    cf_interval_pow(cf_interval_add(t, cf_interval_point(1)), years);
	if (uses(n->args[0], k)) {
		if (cf_interval_contains(f, 0))
			return false;
		*out = cf_interval_div(quiet_eval(x, n->args[1]), f);
	} else {
		*out = cf_interval_mul(quiet_eval(x, n->args[0]), f);
	}
	return true;
}

/* The values of k for which n can lie in t, the other figures ranging over
 * their intervals.  False when k does not enter n monotonically. */
static bool invert(const ev_ctx *x, const cf_node *n, const key *k,
		   cf_interval t, cf_interval *out)
{
	if (n->kind == CF_NODE_REF) {
		*out = t;
		return true;
	}
	if (n->kind == CF_NODE_NEG)
		return invert(x, n->args[0], k, cf_interval_neg(t), out);
	if (n->kind == CF_NODE_SUM)
		return invert_sum(x, n, k, t, out);
	if (n->kind == CF_NODE_YOY)
		return invert_yoy(x, n, k, t, out);
	if (n->kind == CF_NODE_CAGR)
		return invert_cagr(x, n, k, t, out);
	if (n->kind < CF_NODE_ADD || n->kind > CF_NODE_DIV)
		return false; /* min, max, numbers */
	bool left = uses(n->args[0], k) > 0;
	const cf_node *in = n->args[left ? 0 : 1];
	cf_interval o = quiet_eval(x, n->args[left ? 1 : 0]);
	cf_interval s;
	switch (n->kind) {
	case CF_NODE_ADD:
		s = cf_interval_sub(t, o);
		break;
	case CF_NODE_SUB:
		s = left ? cf_interval_add(t, o) : cf_interval_sub(o, t);
		break;
	case CF_NODE_MUL:
		if (cf_interval_contains(o, 0))
			return false;
		s = cf_interval_div(t, o);
		break;
	default: /* DIV: a = t * b; b = a / t */
		if (!left && cf_interval_contains(t, 0))
			return false;
		s = left ? cf_interval_mul(t, o) : cf_interval_div(o, t);
		break;
	}
	return invert(x, in, k, s, out);
}

/* ---- verdicts */

static cf_interval widen(cf_interval v, double tol)
{
	if (isfinite(v.lo))
		v.lo -= tol * fabs(v.lo);
	if (isfinite(v.hi))
		v.hi += tol * fabs(v.hi);
	return v;
}

/* The literal number of a stated side: NUMBER or -NUMBER. */
static const cf_node *stated_literal(const cf_node *n, bool *negated)
{
	*negated = false;
	if (n->kind == CF_NODE_NEG && n->args[0]->kind == CF_NODE_NUMBER) {
		*negated = true;
		return n->args[0];
	}
	return n->kind == CF_NODE_NUMBER ? n : NULL;
}

static cf_interval stated_interval(ev_ctx *x, const cf_claim *c, ev *rhs)
{
	bool neg;
	const cf_node *lit = stated_literal(c->rhs, &neg);
	*rhs = eval(x, c->rhs);
	if (lit && c->cmp == CF_CMP_EQ) {
		cf_interval iv;
		if (cf_literal_rounding(lit->text, lit->percent ? 0.01 : 1,
					&iv) == 0)
			return neg ? cf_interval_neg(iv) : iv;
	}
	if (c->cmp == CF_CMP_APPROX)
		return widen(rhs->iv, c->tolerance);
	return rhs->iv;
}

static cf_verdict from_order(int order)
{
	return order > 0   ? CF_VERDICT_CONSISTENT
	       : order < 0 ? CF_VERDICT_INCONSISTENT
			   : CF_VERDICT_UNDETERMINED;
}

static cf_verdict compare(cf_cmp cmp, cf_interval l, cf_interval s)
{
	switch (cmp) {
	case CF_CMP_EQ:
	case CF_CMP_APPROX:
		return cf_interval_meets(l, s) ? CF_VERDICT_CONSISTENT
					       : CF_VERDICT_INCONSISTENT;
	case CF_CMP_LT:
		return from_order(cf_interval_always_less(l, s));
	case CF_CMP_LE:
		return from_order(cf_interval_always_less_equal(l, s));
	case CF_CMP_GT:
		return from_order(cf_interval_always_less(s, l));
	default:
		return from_order(cf_interval_always_less_equal(s, l));
	}
}

/* ---- result */

static char *key_text(const key *k, char *buf, size_t size)
{
	char per[CF_PERIOD_TEXT_MAX];
	cf_period_format(&k->period, per, sizeof per);
	snprintf(buf, size, "%s[%s]%s%s", k->series, per, k->source ? "@" : "",
		 k->source ? k->source : "");
	return buf;
}

/* "missing s[2001, 2002]; missing t[2014]": keys of one series and source
 * grouped, so a span's missing years read as a list. */
static void note_missing_keys(ev_ctx *x, char **notes)
{
	bool *done = calloc(x->nmissing ? x->nmissing : 1, sizeof *done);
	if (!done) {
		x->nomem = true;
		return;
	}
	for (size_t i = 0; i < x->nmissing; i++) {
		if (done[i])
			continue;
		const key *k = &x->miss[i].k;
		char list[512] = "", per[CF_PERIOD_TEXT_MAX];
		size_t len = 0, more = 0;
		for (size_t j = i; j < x->nmissing; j++) {
			const key *o = &x->miss[j].k;
			if (done[j] || strcmp(o->series, k->series) ||
			    !(o->source == k->source ||
			      same_str(o->source, k->source)))
				continue;
			done[j] = true;
			cf_period_format(&o->period, per, sizeof per);
			/* whole periods only, room kept for the count */
			if (more || len + strlen(per) + 2 > sizeof list - 32)
				more++;
			else
				len += (size_t)snprintf(
				    list + len, sizeof list - len, "%s%s",
				    len ? ", " : "", per);
		}
		if (more)
			snprintf(list + len, sizeof list - len, " and %zu more",
				 more);
		add_note(notes, &x->nomem, "missing %s[%s]%s%s", k->series,
			 list, k->source ? "@" : "",
			 k->source ? k->source : "");
	}
	free(done);
}

static int list_missing(ev_ctx *x, cf_result *r)
{
	if (!x->nmissing)
		return 0;
	r->missing = calloc(x->nmissing, sizeof *r->missing);
	if (!r->missing)
		return CF_ENOMEM;
	for (size_t i = 0; i < x->nmissing; i++) {
		char buf[512];
		key_text(&x->miss[i].k, buf, sizeof buf);
		if (!(r->missing[i] = strdup(buf)))
			return CF_ENOMEM;
		r->nmissing++;
	}
	return 0;
}

/* The claim's one missing figure solved from the equation. */
static void find_implied(ev_ctx *x, const cf_claim *c, ev lhs,
			 cf_interval stated, cf_result *r)
{
	if ((c->cmp != CF_CMP_EQ && c->cmp != CF_CMP_APPROX) ||
	    x->nmissing != 1 || x->miss[0].count != 1 || x->conflict)
		return;
	const key *k = &x->miss[0].k;
	cf_interval t, v;
	const cf_node *side = c->lhs;
	if (uses(c->lhs, k)) {
		t = stated;
	} else {
		side = c->rhs;
		/* lhs ∈ rhs ± tol  ⇔  rhs ∈ lhs / (1 ± tol), for positives */
		t = lhs.iv;
		if (c->cmp == CF_CMP_APPROX)
			t = t.lo > 0
				? cf_interval_closed(t.lo / (1 + c->tolerance),
						     t.hi / (1 - c->tolerance))
				: widen(t, c->tolerance / (1 - c->tolerance));
	}
	if (!invert(x, side, k, t, &v) || cf_interval_is_empty(v))
		return;
	int unit = series_unit(x->ds, k->series);
	if (unit < 0) {
		unit = r->nfigures ? (int)r->figures[0]->unit : CF_UNIT_RATIO;
		if (unit == CF_UNIT_PERCENT)
			unit = CF_UNIT_RATIO; /* a level, not a share */
	}
	char text[256], name[256];
	add_note(
	    &x->notes, &x->nomem, "implies %s ∈ %s",
	    key_text(&(key){k->series, k->period, NULL}, name, sizeof name),
	    cf_interval_text(v, (cf_unit)unit, 6, text, sizeof text));
	if (unit == CF_UNIT_PERCENT)
		v.lo *= 100, v.hi *= 100;
	r->has_implied = true;
	r->implied = v;
	r->implied_unit = (cf_unit)unit;
	r->implied_period = k->period;
	if (!(r->implied_series = strdup(k->series)))
		x->nomem = true;
}

static char *dup_or_null(const char *s, bool *nomem)
{
	if (!s)
		return NULL;
	char *d = strdup(s);
	if (!d)
		*nomem = true;
	return d;
}

static void judge(ev_ctx *x, const cf_claim *c, ev lhs, cf_result *r)
{
	if (x->nmissing || x->conflict) {
		r->verdict = CF_VERDICT_UNVERIFIABLE;
		return;
	}
	r->verdict = compare(c->cmp, r->computed, r->stated);
	r->deviation = cf_deviation(r->computed, r->stated);
	if (x->div_zero && r->verdict == CF_VERDICT_CONSISTENT) {
		r->verdict = CF_VERDICT_UNDETERMINED;
		add_note(&x->notes, &x->nomem,
			 "divides by an interval containing 0");
	}
	if (c->cmp == CF_CMP_EQ && r->verdict == CF_VERDICT_CONSISTENT &&
	    !x->bound && isfinite(lhs.w) &&
	    !cf_interval_contains(r->stated, lhs.w)) {
		char w[64];
		r->within_rounding = true;
		add_note(&x->notes, &x->nomem, "as written: %s",
			 cf_value_text(lhs.w, r->unit, w, sizeof w));
	}
	if (r->verdict == CF_VERDICT_CONSISTENT &&
	    cf_result_is_weak(c->cmp, r->computed, r->stated)) {
		char range[128];
		r->weak = true;
		add_note(&x->notes, &x->nomem,
			 "weak: the figures allow anything in %s",
			 cf_interval_text(r->computed, r->unit, 4, range,
					  sizeof range));
	}
}

bool cf_result_is_weak(cf_cmp cmp, cf_interval computed, cf_interval stated)
{
	if (cmp != CF_CMP_EQ && cmp != CF_CMP_APPROX)
		return false;
	if (!cf_interval_is_bounded(computed))
		return true;
	double wc = computed.hi - computed.lo, ws = stated.hi - stated.lo;
	return wc > 10 * ws;
}

int cf_claim_evaluate(const cf_dataset *ds, const cf_claim *c,
		      const char *source, const char *quote, cf_result *out,
		      cf_error *err)
{
	memset(out, 0, sizeof *out);
	out->kind = "claim";
	out->deviation = NAN;
	out->implied = cf_interval_empty();
	ev_ctx x = {.ds = ds, .claim_source = source, .r = out};
	out->id = dup_or_null(c->id, &x.nomem);
	out->text = dup_or_null(c->text, &x.nomem);
	out->source = dup_or_null(source, &x.nomem);
	out->quote = dup_or_null(quote, &x.nomem);
	ev lhs = eval(&x, c->lhs), rhs;
	out->computed = lhs.iv;
	out->stated = stated_interval(&x, c, &rhs);
	int unit = infer_unit(ds, c->lhs);
	if (unit < 0)
		unit = infer_unit(ds, c->rhs);
	out->unit = unit < 0 ? CF_UNIT_RATIO : (cf_unit)unit;
	judge(&x, c, lhs, out);
	char *notes = NULL;
	note_missing_keys(&x, &notes);
	find_implied(&x, c, lhs, out->stated, out);
	if (x.notes) /* missing first, then the rest */
		add_note(&notes, &x.nomem, "%s", x.notes);
	out->note = notes;
	if (out->verdict == CF_VERDICT_UNVERIFIABLE)
		out->computed = x.conflict || x.nmissing ? cf_interval_empty()
							 : out->computed;
	int rc = list_missing(&x, out);
	ctx_free(&x);
	if (rc < 0 || x.nomem) {
		cf_result_clear(out);
		return cf_error_set(err, CF_ENOMEM, NULL, 0, 0,
				    "out of memory");
	}
	return 0;
}

/* ---- driver */

int cf_claims_check(const cf_dataset *ds, cf_results *out, cf_error *err)
{
	for (size_t i = 0; i < ds->nclaims; i++) {
		const cf_claim_row *row = &ds->claims[i];
		cf_claim *c;
		int rc = cf_claim_parse_row(row, &c, err);
		if (rc < 0)
			return rc;
		cf_result *r = cf_results_push(out);
		if (!r) {
			cf_claim_free(c);
			return cf_error_set(err, CF_ENOMEM, NULL, 0, 0,
					    "out of memory");
		}
		rc = cf_claim_evaluate(ds, c, row->source, row->quote, r, err);
		cf_claim_free(c);
		if (rc < 0) {
			out->n--;
			return rc;
		}
	}
	return 0;
}
