/* claims.c — the claim parser (claims.h): recursive descent with a depth
 * limit, errors at a column. */
#include "cifra/claims.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
