#include "cifra/relations.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cifra/lexicon.h"
#include "cifra/textscan.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- names ---- */

/* Two-byte UTF-8 Latin letters to their base letter (à..ÿ, À..Þ). */
static char base_letter(unsigned char b)
{
	static const char map[] = "aaaaaaaceeeeiiii"
				  "dnooooo_ouuuuyts";
	return map[b & 0x1F];
}

char *cf_relations_slug(const char *p, size_t n, size_t max)
{
	char *s = malloc(max + 2);
	if (!s)
		return NULL;
	size_t j = 0;
	bool gap = false;
	for (size_t i = 0; i < n && j < max; i++) {
		unsigned char c = (unsigned char)p[i];
		char out = 0;
		if (c >= 'A' && c <= 'Z')
			out = (char)(c + 32);
		else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			out = (char)c;
		else if (c == 0xC3 && i + 1 < n) {
			unsigned char d = (unsigned char)p[++i];
			out = d >= 0x80 && d <= 0xBF ? base_letter(d) : 0;
			if (out == '_')
				out = 0;
		}
		if (!out) {
			gap = j > 0;
			continue;
		}
		if (gap && j + 1 < max)
			s[j++] = '_';
		gap = false;
		s[j++] = out;
	}
	if (j == 0)
		s[j++] = 'x';
	s[j] = '\0';
	return s;
}

typedef struct subject {
	const char *w, *name;
} subject;

static const subject subjects[] = {
    {"trade", "trade"},
    {"comercio", "trade"},
    {"comércio", "trade"},
    {"intercambio", "trade"},
    {"exports", "exports"},
    {"exportaciones", "exports"},
    {"exportações", "exports"},
    {"shipments", "exports"},
    {"imports", "imports"},
    {"importaciones", "imports"},
    {"importações", "imports"},
    {"investment", "investment"},
    {"inversión", "investment"},
    {"investimento", "investment"},
    {"investiu", "investment"},
    {"loans", "loans"},
    {"loan", "loans"},
    {"lending", "loans"},
    {"préstamos", "loans"},
    {"crédito", "loans"},
    {"empréstimos", "loans"},
    {"reserves", "reserves"},
    {"reservas", "reserves"},
    {"remittances", "remittances"},
    {"remesas", "remittances"},
    {"remessas", "remittances"},
    {"surplus", "surplus"},
    {"superávit", "surplus"},
    {"deficit", "deficit"},
    {"déficit", "deficit"},
    {"gdp", "gdp"},
    {"pib", "gdp"},
    {"inflation", "inflation"},
    {"inflación", "inflation"},
    {"inflação", "inflation"},
    {"sales", "sales"},
    {"ventas", "sales"},
    {"vendas", "sales"},
    {"revenue", "revenue"},
    {"receita", "revenue"},
    {"ingresos", "revenue"},
    {"disbursements", "disbursements"},
    {"desembolsos", "disbursements"},
    {"price", "price"},
    {"precio", "price"},
    {"preço", "price"},
    {"portfolio", "portfolio"},
    {"cartera", "portfolio"},
};

/* The subject word nearest before `to` in [from, to). */
static const char *subject_before(const char *from, const char *to)
{
	const char *found = NULL;
	for (const char *p = from; p < to;) {
		cf_span w = cf_ts_word_at(p, to);
		if (!w.n) {
			p++;
			continue;
		}
		for (size_t i = 0; i < N(subjects); i++)
			if (cf_ts_span_is(w, subjects[i].w))
				found = subjects[i].name;
		p += w.n;
	}
	return found;
}

static const char *kind_suffix(cf_kind k)
{
	return k == CF_KIND_GROWTH     ? ".growth"
	       : k == CF_KIND_SHARE    ? ".share"
	       : k == CF_KIND_MULTIPLE ? ".multiple"
				       : "";
}

/* prefix.subject[.kind] */
static char *base_name(const char *text, const cf_candidate *c,
		       const char *prefix)
{
	bool counted = c->unit == CF_UNIT_COUNT && !c->currency[0];
	const char *subj =
	    counted ? NULL
		    : subject_before(text + c->sentence, text + c->start);
	if (!subj && !counted) /* "36.058 millones de dólares de inversión" */
		subj = subject_before(text + c->start, text + c->end);
	char *slug = subj ? strdup(subj)
		     : c->measure[0]
			 ? cf_relations_slug(c->measure, strlen(c->measure), 40)
			 : strdup(c->unit == CF_UNIT_PERCENT ? "percent"
				  : c->currency[0]	     ? "amount"
							     : "count");
	if (!slug)
		return NULL;
	size_t n = strlen(prefix) + strlen(slug) + 16;
	char *s = malloc(n);
	if (s)
		snprintf(s, n, "%s.%s%s", prefix, slug, kind_suffix(c->kind));
	free(slug);
	return s;
}

static bool same_value(const cf_candidate *a, const cf_candidate *b)
{
	return !strcmp(a->value_text, b->value_text) && a->scale == b->scale &&
	       a->sign == b->sign;
}

/* Latest and earliest years (1900-2100, standing alone) of the text. */
static void text_years(const char *text, size_t len, int *lo, int *hi)
{
	*lo = *hi = 0;
	const char *end = text + len;
	for (const char *p = text; p + 4 <= end; p++) {
		if (!cf_ts_is_digit(p, end) ||
		    (p > text &&
		     (cf_ts_is_digit(p - 1, end) ||
		      cf_ts_letter_before(text, p) || p[-1] == '-')))
			continue;
		size_t k = 0;
		while (cf_ts_is_digit(p + k, end))
			k++;
		if (k == 4 && !cf_ts_is_letter(p + 4, end)) {
			int y = atoi((char[5]){p[0], p[1], p[2], p[3], 0});
			if (y >= 1900 && y <= 2100) {
				*lo = *lo && *lo < y ? *lo : y;
				*hi = *hi > y ? *hi : y;
			}
		}
		p += k;
	}
}

/* The figures already named, grouped by name: a candidate joins a name of
 * its base whose unit it shares and whose figures of its period state the
 * same value (SPEC §1), else it opens the next one (base_2…).  Only the
 * latest names of a base, and names of few figures, are tried, so that a
 * table of thousands of numbers is named in linear time (it only gets more
 * names than it needs). */
#define NAMES_TRIED 64
#define MEMBERS_MAX 256

typedef struct named {
	char *name;
	const char *base; /* the first member's base string */
	size_t first;	  /* first member; next[] chains the others */
	size_t count;
	int suffix;
} named;

static bool fits(const named *d, const cf_candidate *c, char **periods,
		 const size_t *next, size_t i)
{
	if (d->count >= MEMBERS_MAX)
		return false;
	for (size_t j = d->first; j != (size_t)-1; j = next[j]) {
		if (c[j].unit != c[i].unit ||
		    strcmp(c[j].currency, c[i].currency))
			return false;
		/* two equal amounts in one sentence are two quantities ("a
		 * US$1 billion loan and a US$1 billion loan") */
		if (!strcmp(periods[j], periods[i]) &&
		    (!same_value(&c[j], &c[i]) ||
		     c[j].sentence == c[i].sentence))
			return false;
	}
	return true;
}

typedef struct namer {
	named *d;
	size_t nd;
	size_t *next, *last; /* per candidate; last per name */
	char **bases;	     /* per candidate */
} namer;

/* Name of candidate i (a copy): thresholds take their base as it is. */
static char *assign(namer *m, const cf_candidate *c, char **periods, size_t i)
{
	const char *base = m->bases[i];
	if (c[i].kind == CF_KIND_THRESHOLD)
		return strdup(base);
	int suffix = 1, tried = 0;
	for (size_t k = m->nd; k-- > 0 && tried < NAMES_TRIED;) {
		named *d = &m->d[k];
		if (strcmp(d->base, base))
			continue;
		if (!tried++)
			suffix = d->suffix + 1; /* the latest has the largest */
		if (fits(d, c, periods, m->next, i)) {
			m->next[m->last[k]] = i;
			m->last[k] = i;
			d->count++;
			return strdup(d->name);
		}
	}
	size_t cap = strlen(base) + 16;
	char *name = malloc(cap);
	if (!name)
		return NULL;
	if (suffix == 1)
		snprintf(name, cap, "%s", base);
	else
		snprintf(name, cap, "%s_%d", base, suffix);
	m->d[m->nd] = (named){name, base, i, 1, suffix};
	m->last[m->nd++] = i;
	return strdup(name);
}

int cf_relations_name(const char *text, size_t len, const cf_candidate *c,
		      size_t n, const char *prefix, char ***series,
		      char ***periods, cf_error *err)
{
	int lo, hi;
	text_years(text, len, &lo, &hi);
	char fallback[8] = "";
	if (hi)
		snprintf(fallback, sizeof fallback, "%d", hi);
	size_t k = n ? n : 1;
	char **s = calloc(k, sizeof *s), **p = calloc(k, sizeof *p);
	namer m = {calloc(k, sizeof *m.d), 0, malloc(k * sizeof *m.next),
		   malloc(k * sizeof *m.last), calloc(k, sizeof *m.bases)};
	bool oom = !s || !p || !m.d || !m.next || !m.last || !m.bases;
	for (size_t i = 0; i < n && !oom; i++) {
		m.next[i] = (size_t)-1;
		p[i] = strdup(c[i].period[0] ? c[i].period : fallback);
		m.bases[i] = base_name(text, &c[i], prefix);
		oom = !p[i] || !m.bases[i] || !(s[i] = assign(&m, c, p, i));
	}
	for (size_t i = 0; m.d && i < m.nd; i++)
		free(m.d[i].name);
	for (size_t i = 0; m.bases && i < n; i++)
		free(m.bases[i]);
	free(m.d);
	free(m.next);
	free(m.last);
	free(m.bases);
	if (oom) {
		cf_relations_names_free(s, p, n);
		return cf_error_set(err, CF_ENOMEM, NULL, 0, 0,
				    "out of memory");
	}
	*series = s;
	*periods = p;
	return 0;
}

void cf_relations_names_free(char **series, char **periods, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (series)
			free(series[i]);
		if (periods)
			free(periods[i]);
	}
	free(series);
	free(periods);
}

/* ---- claims ---- */

typedef struct finder {
	const char *text;
	size_t len;
	const cf_candidate *c;
	size_t n;
	char *const *series, *const *periods;
	int first_year;
	cf_relation *out;
	size_t nout, cap;
	int rc;
} finder;

/* The quote of a claim: the words from a to b when short, else both
 * figures' quotes joined by " … " (SPEC §1: a few words, never sentences). */
static char *claim_quote(const finder *f, const cf_candidate *a,
			 const cf_candidate *b)
{
	const cf_candidate *x = a->start <= b->start ? a : b;
	const cf_candidate *y = x == a ? b : a;
	size_t e = x->end > y->end ? x->end : y->end;
	size_t words = 0;
	for (size_t i = x->start; i < e; i++)
		words += f->text[i] == ' ';
	if (words <= 10)
		return strndup(f->text + x->start, e - x->start);
	size_t n = strlen(x->quote) + strlen(y->quote) + 8;
	char *q = malloc(n);
	if (q)
		snprintf(q, n, "%s … %s", x->quote, y->quote);
	return q;
}

static void add(finder *f, char *claim, const char *tol, char *quote, size_t at)
{
	if (f->rc || !claim || !quote) {
		free(claim);
		free(quote);
		f->rc = CF_ENOMEM;
		return;
	}
	for (size_t i = 0; i < f->nout; i++)
		if (!strcmp(f->out[i].claim, claim)) {
			free(claim);
			free(quote);
			return; /* stated twice */
		}
	if (f->nout == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 16;
		cf_relation *o = realloc(f->out, cap * sizeof *o);
		if (!o) {
			free(claim);
			free(quote);
			f->rc = CF_ENOMEM;
			return;
		}
		f->out = o;
		f->cap = cap;
	}
	char *t = tol ? strdup(tol) : NULL;
	if (tol && !t) {
		free(claim);
		free(quote);
		f->rc = CF_ENOMEM;
		return;
	}
	f->out[f->nout++] = (cf_relation){claim, t, quote, at};
}

static char *fmt(const char *format, ...) __attribute__((format(printf, 1, 2)));
static char *fmt(const char *format, ...)
{
	va_list ap;
	va_start(ap, format);
	int n = vsnprintf(NULL, 0, format, ap);
	va_end(ap);
	char *s = n >= 0 ? malloc((size_t)n + 1) : NULL;
	if (s) {
		va_start(ap, format);
		vsnprintf(s, (size_t)n + 1, format, ap);
		va_end(ap);
	}
	return s;
}

/* The figure's value as a claim literal in base units: "400e9", "-3.1%". */
static void literal(const cf_candidate *c, char *buf, size_t size)
{
	static const char *const exp[] = {"", "e3", "e6", "e9", "e12"};
	snprintf(buf, size, "%s%s%s%s", c->sign < 0 ? "-" : "", c->value_text,
		 c->unit == CF_UNIT_PERCENT ? "%" : exp[c->scale], "");
}

static bool plain_year(const char *p, int *y)
{
	if (strlen(p) != 4)
		return false;
	for (int i = 0; i < 4; i++)
		if (p[i] < '0' || p[i] > '9')
			return false;
	*y = atoi(p);
	return true;
}

/* A period shifted back by k years: "2024" -> "2014",
 * "2021-01/2021-11" -> "2020-01/2020-11"; NULL when not of those shapes. */
static char *shift_back(const char *p, int k)
{
	int y, y2, m1, m2;
	char tail;
	if (plain_year(p, &y))
		return fmt("%d", y - k);
	if (sscanf(p, "%4d-%2d/%4d-%2d%c", &y, &m1, &y2, &m2, &tail) == 4 &&
	    strlen(p) == 15)
		return fmt("%d-%02d/%d-%02d", y - k, m1, y2 - k, m2);
	return NULL;
}

/* yoy needs a year or a month span within one year. */
static bool yoy_period(const char *p)
{
	int y;
	char *s = shift_back(p, 1);
	free(s);
	return s != NULL || plain_year(p, &y);
}

/* "two years", "18 meses", "três dias": a duration, never a level. */
static bool time_unit(const cf_candidate *c)
{
	static const char *const units[] = {"year",   "month", "day", "week",
					    "hour",   "año",   "mes", "día",
					    "semana", "ano",   "dia", "hora"};
	for (size_t i = 0; i < N(units); i++)
		if (!strncmp(c->measure, units[i], strlen(units[i])))
			return true;
	return false;
}

/* The level nearest to candidate i in its sentence. */
static const cf_candidate *level_near(const finder *f, size_t i, size_t *li)
{
	const cf_candidate *best = NULL;
	size_t bd = (size_t)-1;
	for (size_t j = 0; j < f->n; j++) {
		const cf_candidate *c = &f->c[j];
		if (c->sentence != f->c[i].sentence || j == i ||
		    (c->kind != CF_KIND_LEVEL && c->kind != CF_KIND_COUNT) ||
		    c->sign < 0)
			continue;
		if (c->kind == CF_KIND_COUNT &&
		    (f->c[i].kind != CF_KIND_MULTIPLE || time_unit(c)))
			continue;
		size_t d = c->number > f->c[i].number
			       ? c->number - f->c[i].number
			       : f->c[i].number - c->number;
		if (d < bd) {
			bd = d;
			best = c;
			*li = j;
		}
	}
	return best;
}

static bool sentence_has(const finder *f, const cf_candidate *c,
			 cf_lex_class want)
{
	const char *p = f->text + c->sentence, *end = f->text + f->len;
	for (; p < end && *p != '\n'; p++) {
		if (p > f->text + c->number + 400)
			break;
		size_t n;
		if ((p == f->text || !cf_ts_letter_before(f->text, p)) &&
		    cf_lex_classify(p, end, &n) == want)
			return true;
		if ((*p == '.' || *p == '!' || *p == '?') && p + 1 < end &&
		    p[1] == ' ' && (size_t)(p - f->text) > c->end)
			break;
	}
	return false;
}

static void growth_claim(finder *f, size_t i)
{
	const cf_candidate *g = &f->c[i];
	size_t li;
	const cf_candidate *l = level_near(f, i, &li);
	if (!l || l->kind != CF_KIND_LEVEL || !l->period[0] ||
	    !yoy_period(f->periods[li]))
		return;
	char lit[64];
	literal(g, lit, sizeof lit);
	add(f, fmt("yoy(%s[%s]) == %s", f->series[li], f->periods[li], lit),
	    NULL, claim_quote(f, g, l), l->start);
}

/* Base year of a change stated over time: "since 2001", "a decade
 * earlier", "over two years" (k years back from the period). */
static int years_back(const finder *f, const cf_candidate *m, int year)
{
	const char *s = f->text + m->sentence, *end = f->text + f->len;
	for (const char *p = s; p < end && *p != '\n'; p++) {
		if ((size_t)(p - f->text) > m->end + 200)
			break;
		static const char *const decade[] = {
		    "a decade earlier", "a decade ago",	   "ten years earlier",
		    "ten years ago",	"hace una década", "hace diez años",
		    "há uma década",	"há dez anos",	   "uma década antes"};
		for (size_t i = 0; i < N(decade); i++)
			if (cf_ts_starts(p, end, decade[i]))
				return 10;
		size_t n = cf_ts_starts(p, end, "since");
		if (!n)
			n = cf_ts_starts(p, end, "desde");
		if (n) {
			const char *q = cf_ts_skip_spaces(p + n, end);
			int y = 0, k = 0;
			while (k < 4 && cf_ts_is_digit(q + k, end))
				y = y * 10 + (q[k++] - '0');
			if (k == 4 && year > y)
				return year - y;
		}
	}
	/* a year a few words after the multiple: "the triple of 2010" */
	const char *q = f->text + m->end;
	for (int words = 0; words < 6 && q < end; words++) {
		q = cf_ts_skip_spaces(q, end);
		int y = 0, k = 0;
		while (k < 4 && cf_ts_is_digit(q + k, end))
			y = y * 10 + (q[k++] - '0');
		if (k == 4 && !cf_ts_is_digit(q + 4, end) && year > y &&
		    year - y <= 100)
			return year - y;
		cf_span w = cf_ts_word_at(q, end);
		if (!w.n)
			break;
		q += w.n;
	}
	/* "over two years", "en 18 meses" is no year count: only years */
	for (size_t j = 0; j < f->n; j++) {
		const cf_candidate *c = &f->c[j];
		if (c->sentence == m->sentence && c->kind == CF_KIND_COUNT &&
		    (!strncmp(c->measure, "year", 4) ||
		     !strncmp(c->measure, "años", 5) ||
		     !strncmp(c->measure, "anos", 4)) &&
		    !strchr(c->value_text, '.'))
			return atoi(c->value_text);
	}
	return 0;
}

/* A level of the series the multiple i speaks of ("Exports in 2023 were
 * double…" refers to the exports level stated elsewhere). */
static const cf_candidate *level_of_subject(const finder *f, size_t i,
					    size_t *li)
{
	const char *name = f->series[i];
	size_t n = strlen(name), k = strlen(".multiple");
	if (n <= k || strcmp(name + n - k, ".multiple"))
		return NULL;
	for (size_t j = 0; j < f->n; j++)
		if (f->c[j].kind == CF_KIND_LEVEL &&
		    !strncmp(f->series[j], name, n - k) &&
		    f->series[j][n - k] == '\0' &&
		    !strcmp(f->periods[j], f->periods[i])) {
			*li = j;
			return &f->c[j];
		}
	return NULL;
}

static void multiple_claim(finder *f, size_t i)
{
	const cf_candidate *m = &f->c[i];
	size_t li;
	const cf_candidate *l = level_near(f, i, &li);
	bool here = l != NULL;
	if (!l && !(l = level_of_subject(f, i, &li)))
		return;
	if (!l->period[0])
		return; /* a claim needs the period the text states */
	int y;
	const char *p = f->periods[li];
	if (!plain_year(p, &y) && !yoy_period(p))
		return;
	if (!plain_year(p, &y))
		y = atoi(p);
	int k = years_back(f, m, y);
	char *base = k > 0 && k <= 100 ? shift_back(p, k) : NULL;
	if (!base)
		return;
	add(f,
	    fmt("%s[%s] / %s[%s] ~= %s", f->series[li], p, f->series[li], base,
		m->value_text),
	    "5%", here ? claim_quote(f, m, l) : strdup(m->quote), m->start);
	free(base);
}

static void threshold_claim(finder *f, size_t i)
{
	const cf_candidate *t = &f->c[i];
	char lit[64];
	literal(t, lit, sizeof lit);
	const char *op =
	    t->qualifier == CF_QUAL_UNDER || t->qualifier == CF_QUAL_AT_MOST
		? "<"
		: ">";
	int y1, y2;
	char tail;
	const char *p = f->periods[i];
	if (sscanf(p, "%4d/%4d%c", &y1, &y2, &tail) == 2 && y2 > y1 &&
	    y2 - y1 < 30) {
		/* "for three consecutive years": every year of the span */
		size_t cap = (size_t)(y2 - y1 + 1) * (strlen(f->series[i]) + 9);
		char *terms = malloc(cap + 1), *w = terms;
		if (!terms) {
			f->rc = CF_ENOMEM;
			return;
		}
		for (int y = y1; y <= y2; y++)
			w += sprintf(w, "%s%s[%d]", y > y1 ? ", " : "",
				     f->series[i], y);
		const cf_candidate *years = t;
		for (size_t j = 0; j < f->n; j++)
			if (f->c[j].sentence == t->sentence &&
			    strstr(f->c[j].measure, "consecutive"))
				years = &f->c[j];
		add(f,
		    fmt("%s(%s) %s %s", *op == '>' ? "min" : "max", terms, op,
			lit),
		    NULL, claim_quote(f, t, years), t->start);
		free(terms);
		return;
	}
	size_t li;
	const cf_candidate *l = level_near(f, i, &li);
	if (!l || l->kind != CF_KIND_LEVEL || !l->period[0])
		return;
	add(f, fmt("%s[%s] %s %s", f->series[li], f->periods[li], op, lit),
	    NULL, claim_quote(f, t, l), l->start);
}

static void record_claim(finder *f, size_t i)
{
	const cf_candidate *l = &f->c[i];
	int y;
	if (!l->period[0] || !plain_year(f->periods[i], &y) ||
	    !sentence_has(f, l, CF_LEX_RECORD))
		return;
	int y0 = f->first_year && f->first_year < y ? f->first_year : y - 10;
	if (y - y0 > 30)
		y0 = y - 30;
	add(f,
	    fmt("%s[%d] == max(%s[%d/%d])", f->series[i], y, f->series[i], y0,
		y),
	    NULL, strdup(l->quote), l->start);
}

int cf_relations_find(const char *text, size_t len, const cf_candidate *c,
		      size_t n, char *const *series, char *const *periods,
		      cf_relation **out, size_t *nout, cf_error *err)
{
	finder f = {.text = text,
		    .len = len,
		    .c = c,
		    .n = n,
		    .series = series,
		    .periods = periods};
	int hi;
	text_years(text, len, &f.first_year, &hi);
	for (size_t i = 0; i < n && !f.rc; i++) {
		switch (c[i].kind) {
		case CF_KIND_GROWTH:
			if (c[i].unit == CF_UNIT_PERCENT)
				growth_claim(&f, i);
			break;
		case CF_KIND_MULTIPLE:
			multiple_claim(&f, i);
			break;
		case CF_KIND_THRESHOLD:
			threshold_claim(&f, i);
			break;
		case CF_KIND_LEVEL:
			record_claim(&f, i);
			break;
		default:
			break;
		}
	}
	if (f.rc) {
		cf_relations_free(f.out, f.nout);
		return cf_error_set(err, f.rc, NULL, 0, 0, "out of memory");
	}
	*out = f.out;
	*nout = f.nout;
	return 0;
}

void cf_relations_free(cf_relation *r, size_t n)
{
	for (size_t i = 0; r && i < n; i++) {
		free(r[i].claim);
		free(r[i].tolerance);
		free(r[i].quote);
	}
	free(r);
}
