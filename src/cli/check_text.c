/* check_text.c — `cifra check` for people (check_text.h). */
#include "check_text.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define LABEL_INDENT 12 /* "  computed  " */
#define MIN_WIDTH    40

size_t check_text_width(void)
{
	const char *env = getenv("COLUMNS");
	if (env && *env) {
		char *end;
		long n = strtol(env, &end, 10);
		if (!*end && n >= MIN_WIDTH && n <= 1000)
			return (size_t)n;
	}
	struct winsize ws;
	if (isatty(STDOUT_FILENO) &&
	    ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
	    ws.ws_col >= MIN_WIDTH)
		return ws.ws_col;
	return 80;
}

bool check_text_colour(void)
{
	const char *no = getenv("NO_COLOR");
	return isatty(STDOUT_FILENO) && !(no && *no);
}

/* ---------------------------------------------------------------- wrapping */

/* Columns taken by n bytes of UTF-8 (one per code point). */
static size_t cols(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

/* Bytes of the first `want` code points of s (at most n bytes). */
static size_t bytes_for(const char *s, size_t n, size_t want)
{
	size_t i = 0, c = 0;
	while (i < n && c < want) {
		i++;
		while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
		c++;
	}
	return i;
}

/* The next word: up to a blank outside brackets, so an interval such as
 * "[288.897, 289.107]" stays on one line; a bracketed run wider than room
 * (a span's list of missing years) breaks at its blanks like plain text. */
static size_t word_len(const char *p, size_t room)
{
	int depth = 0;
	size_t i = 0;
	for (; p[i] && (p[i] != ' ' || depth > 0); i++) {
		if (p[i] == '[' || p[i] == '(')
			depth++;
		else if ((p[i] == ']' || p[i] == ')') && depth > 0)
			depth--;
	}
	if (cols(p, i) > room)
		return strcspn(p, " ");
	/* the scale after an interval or number belongs to it: "… bn" */
	static const char *const scales[] = {" bn", " mn", " tn"};
	for (size_t k = 0; k < 3; k++)
		if (!strncmp(p + i, scales[k], 3) &&
		    (!p[i + 3] || p[i + 3] == ' ' || p[i + 3] == ',' ||
		     p[i + 3] == ';' || p[i + 3] == ')'))
			return i + 3;
	return i;
}

/* Where to cut a word too wide for a line, at most b bytes in: after the
 * last '(', '[', ',', '/' or a '.' that is no decimal point, so no number
 * is cut; at b when there is none. */
static size_t break_at(const char *p, size_t b)
{
	for (size_t i = b; i > 1; i--) {
		char c = p[i - 1];
		if (c == '(' || c == '[' || c == ',' || c == '/' ||
		    (c == '.' && !isdigit((unsigned char)p[i])))
			return i;
	}
	return b;
}

void check_text_wrap(FILE *fp, const char *text, size_t col, size_t indent,
		     size_t width)
{
	bool fresh = true; /* nothing written on this line after the indent */
	const char *p = text;
	while (*p == ' ')
		p++;
	while (*p) {
		size_t len = word_len(p, width - indent), w = cols(p, len);
		if (!fresh && col + 1 + w > width) {
			fprintf(fp, "\n%*s", (int)indent, "");
			col = indent;
			fresh = true;
		}
		if (!fresh) {
			fputc(' ', fp);
			col++;
		}
		/* a word wider than a whole line (never a number: they are
		 * short) is cut at the edge */
		while (col + w > width && len) {
			size_t b = break_at(p, bytes_for(p, len, width - col));
			fprintf(fp, "%.*s\n%*s", (int)b, p, (int)indent, "");
			p += b, len -= b;
			w = cols(p, len);
			col = indent;
		}
		fprintf(fp, "%.*s", (int)len, p);
		col += w;
		fresh = false;
		p += len;
		while (*p == ' ')
			p++;
	}
	fputc('\n', fp);
}

/* "  label     text…" with the text wrapped under itself. */
static void labelled(FILE *fp, const char *label, const char *text,
		     size_t width)
{
	fprintf(fp, "  %-*s", LABEL_INDENT - 2, label);
	check_text_wrap(fp, text, LABEL_INDENT, LABEL_INDENT, width);
}

/* ---------------------------------------------------------------- blocks */

static const char *verdict_colour(const cf_result *r)
{
	if (r->weak)
		return "\033[33m";
	switch (r->verdict) {
	case CF_VERDICT_INCONSISTENT:
		return "\033[1;31m";
	case CF_VERDICT_UNDETERMINED:
		return "\033[33m";
	case CF_VERDICT_UNVERIFIABLE:
		return "\033[35m";
	default:
		return "\033[32m";
	}
}

static bool is_problem(const cf_result *r)
{
	return r->verdict != CF_VERDICT_CONSISTENT || r->weak;
}

static bool is_claim(const cf_result *r)
{
	return !strcmp(r->kind, "claim");
}

static void header(FILE *fp, const cf_result *r, const check_text_opts *o)
{
	char verdict[96], kind[64], plain[512];
	cf_result_verdict_text(r, verdict, sizeof verdict);
	snprintf(kind, sizeof kind, "%s%s",
		 is_claim(r) ? "" : "cross-check: ", r->kind);
	snprintf(plain, sizeof plain, "%s  %s  %s", r->id ? r->id : "", verdict,
		 kind);
	if (cols(plain, strlen(plain)) > o->width)
		check_text_wrap(fp, plain, 0, 2, o->width);
	else if (!o->colour)
		fprintf(fp, "%s\n", plain);
	else
		fprintf(fp, "%s  %s%s\033[0m  %s\n", r->id ? r->id : "",
			verdict_colour(r), verdict, kind);
}

/* "US$ [288.897, 289.107] bn", "[42.25, 42.35]%", "– (no value)". */
static void value_text(const cf_result *r, cf_interval iv, char *buf,
		       size_t size)
{
	char t[160];
	if (cf_interval_is_empty(iv)) {
		snprintf(buf, size, "– (%s)",
			 r->verdict == CF_VERDICT_UNVERIFIABLE
			     ? "cannot be computed, see the note"
			     : "no value");
		return;
	}
	cf_interval_text(iv, r->unit, 6, t, sizeof t);
	const char *u = cf_unit_text(r->unit);
	snprintf(buf, size, "%s%s%s", u, *u ? " " : "", t);
}

/* Each "; "-separated part of the note on its own lines. */
static void notes(FILE *fp, const char *note, size_t width)
{
	char *copy = strdup(note);
	if (!copy) {
		labelled(fp, "note", note, width);
		return;
	}
	const char *label = "note";
	for (char *p = copy, *next; p; p = next) {
		next = strstr(p, "; ");
		if (next)
			*next = '\0', next += 2;
		labelled(fp, label, p, width);
		label = "";
	}
	free(copy);
}

static void block(FILE *fp, const cf_result *r, const check_text_opts *o)
{
	char buf[1024];
	header(fp, r, o);
	if (r->source) {
		snprintf(buf, sizeof buf, "%s%s%s%s", r->source,
			 r->quote ? " \"" : "", r->quote ? r->quote : "",
			 r->quote ? "\"" : "");
		labelled(fp, "source", buf, o->width);
	}
	if (r->text)
		labelled(fp, is_claim(r) ? "claim" : "compares", r->text,
			 o->width);
	value_text(r, r->computed, buf, sizeof buf);
	labelled(fp, "computed", buf, o->width);
	value_text(r, r->stated, buf, sizeof buf);
	labelled(fp, is_claim(r) ? "stated" : "against", buf, o->width);
	if (r->deviation == r->deviation) { /* not NaN */
		char d[64];
		cf_percent_text(r->deviation, 1, true, d, sizeof d);
		bool half = !cf_interval_is_bounded(r->computed) ||
			    !cf_interval_is_bounded(r->stated);
		snprintf(buf, sizeof buf, "%s (between %s)", d,
			 half ? "the finite ends: an interval is unbounded"
			      : "midpoints");
		labelled(fp, "deviation", buf, o->width);
	}
	if (r->note)
		notes(fp, r->note, o->width);
	fputc('\n', fp);
}

/* ---------------------------------------------------------------- counts */

typedef struct tally {
	size_t claims[4], checks[4], weak;
} tally;

static void append(char *buf, size_t size, const char *fmt, size_t n,
		   const char *what, bool *first)
{
	size_t len = strlen(buf);
	snprintf(buf + len, size - len, "%s", *first ? "" : ", ");
	len = strlen(buf);
	snprintf(buf + len, size - len, fmt, n, what);
	*first = false;
}

static void counts(char *buf, size_t size, const size_t *by, size_t weak)
{
	bool first = true;
	for (int v = 0; v < 4; v++)
		if (by[v])
			append(buf, size, "%zu %s", by[v],
			       cf_verdict_name((cf_verdict)v), &first);
	if (weak) {
		size_t len = strlen(buf);
		snprintf(buf + len, size - len, " (%zu weak)", weak);
	}
}

static void summary(FILE *fp, const cf_result *const *rs, size_t n,
		    size_t width)
{
	tally t = {0};
	size_t nclaims = 0;
	for (size_t i = 0; i < n; i++) {
		bool claim = is_claim(rs[i]);
		nclaims += claim;
		(claim ? t.claims : t.checks)[rs[i]->verdict]++;
		t.weak += rs[i]->weak;
	}
	char line[1024];
	snprintf(line, sizeof line, "%zu claim%s%s", nclaims,
		 nclaims == 1 ? "" : "s", nclaims ? ": " : "");
	counts(line, sizeof line, t.claims, t.weak);
	size_t len = strlen(line);
	snprintf(line + len, sizeof line - len, ". %zu cross-check%s%s",
		 n - nclaims, n - nclaims == 1 ? "" : "s",
		 n - nclaims ? ": " : "");
	counts(line, sizeof line, t.checks, 0);
	len = strlen(line);
	snprintf(line + len, sizeof line - len, ".");
	check_text_wrap(fp, line, 0, 0, width);
}

/* "Agreeing: 14 claims, 47 parts, 6 delivery…": kinds in order of first
 * appearance. */
static void agreeing(FILE *fp, const cf_result *const *rs, size_t n,
		     const check_text_opts *o)
{
	const char *kinds[16];
	size_t count[16], nk = 0, total = 0;
	for (size_t i = 0; i < n; i++) {
		if (is_problem(rs[i]))
			continue;
		size_t k = 0;
		while (k < nk && strcmp(kinds[k], rs[i]->kind))
			k++;
		if (k == nk && nk < 16)
			kinds[nk] = rs[i]->kind, count[nk++] = 0;
		if (k < nk)
			count[k]++, total++;
	}
	if (!total)
		return;
	char line[1024] = "Agreeing: ";
	bool first = true, checks = false;
	for (size_t k = 0; k < nk; k++)
		if (!strcmp(kinds[k], "claim"))
			append(line, sizeof line, "%zu %s", count[k],
			       count[k] == 1 ? "claim" : "claims", &first);
	for (size_t k = 0; k < nk; k++) {
		if (!strcmp(kinds[k], "claim"))
			continue;
		if (!checks) { /* "cross-checks " once, before the first */
			size_t len = strlen(line);
			snprintf(line + len, sizeof line - len, "%s",
				 first ? "cross-checks " : "; cross-checks ");
			first = checks = true;
		}
		append(line, sizeof line, "%zu %s", count[k], kinds[k], &first);
	}
	size_t len = strlen(line);
	snprintf(line + len, sizeof line - len, "%s",
		 o->all ? "." : " (cifra check --all lists them).");
	check_text_wrap(fp, line, 0, 0, o->width);
}

int check_text_write(const cf_result *const *rs, size_t n,
		     const check_text_opts *o, FILE *fp)
{
	summary(fp, rs, n, o->width);
	fputc('\n', fp);
	size_t shown = 0;
	for (size_t i = 0; i < n; i++) {
		const cf_result *r = rs[i];
		bool want = o->has_only ? r->verdict == o->only : is_problem(r);
		if (want) {
			block(fp, r, o);
			shown++;
		}
	}
	if (!o->has_only && !shown)
		fputs("No problems: every claim and cross-check agrees.\n\n",
		      fp);
	if (!o->has_only) {
		agreeing(fp, rs, n, o);
		if (o->all) {
			fputc('\n', fp);
			for (size_t i = 0; i < n; i++)
				if (!is_problem(rs[i]))
					block(fp, rs[i], o);
		}
	}
	return fflush(fp) == 0 && !ferror(fp) ? 0 : CF_EWRITE;
}
