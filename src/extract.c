#include "cifra/extract.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cifra/lexicon.h"
#include "cifra/numwords.h"
#include "cifra/sentence.h"
#include "cifra/textscan.h"

#define MAX_DIGITS 40 /* longer runs of digits are not figures */

typedef struct scan {
	const char *text, *end;
	size_t len;
	cf_lang lang;
	char peso[4]; /* what "pesos" means in this document */
	cf_candidate *out;
	size_t n, cap;
	const char *prev;      /* end of the previous figure's number */
	size_t sent_s, sent_e; /* the last sentence found (a cache) */
} scan;

/* What was read at a number's position, before its context is judged. */
typedef struct reading {
	const char *p, *q; /* the number itself */
	char value[MAX_DIGITS + 8];
	bool words; /* written in words */
	cf_numword_kind word_kind;
	bool raw_year; /* four plain digits */
	bool plus;     /* "20-plus", "20+" */
	bool hedged_fraction;
} reading;

const char *cf_kind_name(cf_kind k)
{
	static const char *const names[] = {"count", "level",	 "growth",
					    "share", "multiple", "threshold"};
	return (unsigned)k < 6 ? names[k] : "count";
}

/* ---- numbers in digits ---- */

/* Reads "17,000" / "518.4" (en) or "1.200" / "157,5" (es, pt) into value
 * (no separators, '.' as decimal point); returns its end or NULL. */
static const char *read_digits(const scan *s, const char *p, char *value,
			       size_t size)
{
	const char *end = s->end, *q = p;
	size_t j = 0;
	bool decimal = false;
	char thousands = s->lang == CF_LANG_EN ? ',' : '.';
	char point = s->lang == CF_LANG_EN ? '.' : ',';
	while (q < end) {
		if (cf_ts_is_digit(q, end)) {
			if (j + 2 >= size)
				return NULL;
			value[j++] = *q++;
			continue;
		}
		bool three =
		    cf_ts_is_digit(q + 1, end) && cf_ts_is_digit(q + 2, end) &&
		    cf_ts_is_digit(q + 3, end) && !cf_ts_is_digit(q + 4, end);
		if (*q == thousands && !decimal && three) {
			q++;
		} else if (!decimal && cf_ts_is_digit(q + 1, end) &&
			   (*q == point ||
			    (s->lang != CF_LANG_EN && *q == '.' && !three))) {
			value[j++] = '.';
			decimal = true;
			q++;
		} else {
			break;
		}
	}
	value[j] = '\0';
	return j ? q : NULL;
}

/* ---- what is not a figure ---- */

static bool all_caps_word_before(const char *text, const char *p)
{
	cf_span w = cf_ts_word_before(text, p);
	if (w.n < 2 || w.n > 6 || w.p + w.n + 1 != p)
		return false;
	for (size_t i = 0; i < w.n; i++)
		if (w.p[i] < 'A' || w.p[i] > 'Z')
			return false;
	return true;
}

/* Glued to letters or signs that make it a name, code, time or formula. */
static bool glued_name(const scan *s, const reading *r)
{
	const char *p = r->p, *q = r->q, *text = s->text, *end = s->end;
	if (p > text && (cf_ts_letter_before(text, p) || p[-1] == '#' ||
			 p[-1] == ':' || p[-1] == '+' || p[-1] == '/'))
		return true; /* FY2008, G20, No.2 handled below, 10:30 */
	if (p - text >= 2 && p[-1] == '-' && cf_ts_letter_before(text, p - 1))
		return true; /* COVID-19 */
	if (p - text >= 2 && (unsigned char)p[-2] == 0xC3 &&
	    (unsigned char)p[-1] == 0x97)
		return true; /* 3×3 */
	if (p - text >= 3 && p[-1] == '.' && cf_ts_letter_before(text, p - 1))
		return true; /* No.2 */
	if (q < end && (*q == ':' || *q == '/') && cf_ts_is_digit(q + 1, end))
		return true;
	if (q < end && (*q == '+' || *q == 'x') && cf_ts_is_digit(q + 1, end))
		return true; /* 1+3+6 */
	if (end - q >= 3 && (unsigned char)q[0] == 0xC3 &&
	    (unsigned char)q[1] == 0x97)
		return true;
	if (end - q >= 2 && (unsigned char)q[0] == 0xC2 &&
	    ((unsigned char)q[1] == 0xBA || (unsigned char)q[1] == 0xAA ||
	     (unsigned char)q[1] == 0xB0))
		return true; /* 4º, 4ª, 30° */
	return false;
}

/* Directly after an opening quote: a quoted name ("“five major
 * projects”"). */
static bool opens_quote(const char *text, const char *p)
{
	if (p > text && p[-1] == '"')
		return true;
	return p - text >= 3 && (unsigned char)p[-3] == 0xE2 &&
	       (unsigned char)p[-2] == 0x80 &&
	       ((unsigned char)p[-1] == 0x9C || (unsigned char)p[-1] == 0x98);
}

static bool is_date(const scan *s, const reading *r)
{
	if (cf_lex_month_before(s->text, r->p))
		return true; /* May 13 */
	const char *q = cf_ts_skip_spaces(r->q, s->end);
	size_t de = cf_ts_starts(q, s->end, "de");
	if (de)
		q = cf_ts_skip_spaces(q + de, s->end);
	size_t ml;
	return cf_lex_month(q, s->end, &ml) != 0; /* 14 March, 5 de maio */
}

/* "first 11 months", "primeros 11 meses": part of a period. */
static bool period_part(const scan *s, const reading *r)
{
	cf_span w = cf_ts_word_before(s->text, r->p);
	if (!(cf_ts_span_is(w, "first") || cf_ts_span_is(w, "primeros") ||
	      cf_ts_span_is(w, "primeiros") || cf_ts_span_is(w, "last") ||
	      cf_ts_span_is(w, "últimos")))
		return false;
	const char *q = cf_ts_skip_spaces(r->q, s->end);
	return cf_ts_starts(q, s->end, "months") ||
	       cf_ts_starts(q, s->end, "meses");
}

/* "Two years ago", "hace dos años", "há dois anos": a point in time. */
static bool time_ago(const scan *s, const reading *r)
{
	cf_span w = cf_ts_word_before(s->text, r->p);
	if (cf_ts_span_is(w, "hace") || cf_ts_span_is(w, "há"))
		return true;
	const char *q = cf_ts_skip_spaces(r->q, s->end);
	cf_span unit = cf_ts_word_at(q, s->end);
	q = cf_ts_skip_spaces(unit.p + unit.n, s->end);
	return unit.n && cf_ts_starts(q, s->end, "ago");
}

/* A small number in words after a definite article: "the two sides". */
static bool anaphoric(const scan *s, const reading *r)
{
	if (!r->words || r->word_kind != CF_NUMWORD_CARDINAL ||
	    atoi(r->value) > 10)
		return false;
	static const char *const arts[] = {"the", "los", "las",
					   "el",  "os",	 "as"};
	cf_span w = cf_ts_word_before(s->text, r->p);
	for (size_t i = 0; i < sizeof arts / sizeof arts[0]; i++)
		if (cf_ts_span_is(w, arts[i]))
			return true;
	return false;
}

/* "Trump 2.0", "Web 3.0": a decimal right after a capitalised word inside
 * a sentence is a version, part of a name. */
static bool version(const scan *s, const reading *r)
{
	if (r->words || !strchr(r->value, '.'))
		return false;
	cf_span w = cf_ts_word_before(s->text, r->p);
	if (!w.n || w.p[0] < 'A' || w.p[0] > 'Z' ||
	    cf_ts_skip_spaces(w.p + w.n, s->end) != r->p)
		return false;
	const char *b = cf_ts_skip_spaces_back(s->text, w.p);
	return b > s->text && b[-1] != '.' && b[-1] != '\n' &&
	       !cf_lex_currency_before(s->text, r->p, (char[4]){0});
}

/* "the first half of 2024": a period, not a fraction. */
static bool half_of_year(const scan *s, const reading *r)
{
	static const char *const ords[] = {"first", "second", "primera",
					   "segunda", "primeira"};
	cf_span w = cf_ts_word_before(s->text, r->p);
	for (size_t i = 0; i < sizeof ords / sizeof ords[0]; i++)
		if (r->words && r->word_kind == CF_NUMWORD_FRACTION &&
		    cf_ts_span_is(w, ords[i]))
			return true;
	return false;
}

/* "unseen in a century": a span of time named, not counted. */
static bool time_span_idiom(const scan *s, const reading *r)
{
	cf_span w = cf_ts_word_before(s->text, r->p);
	return r->words && cf_ts_span_is(w, "in") &&
	       (cf_ts_starts(r->p, s->end, "a century") ||
		cf_ts_starts(r->p, s->end, "a decade"));
}

/* ---- context ---- */

typedef struct context {
	const char *start;   /* of the quote */
	const char *stop;    /* end of the figure (before the measure) */
	const char *qual_at; /* qualifier start, or NULL */
	cf_candidate c;
	bool has_currency, percent, times;
} context;

static void read_suffixes(const scan *s, reading *r, context *x)
{
	const char *q = r->q, *end = s->end;
	size_t n;
	cf_scale sc;
	if ((n = cf_lex_scale(s->lang, q, end, true, x->has_currency, &sc))) {
		x->c.scale = sc;
		q += n;
	}
	if ((n = cf_lex_percent(q, end))) {
		x->percent = true;
		q += n;
	} else {
		const char *t = cf_ts_skip_spaces(q, end);
		if (x->c.scale == CF_SCALE_ONE &&
		    (n = cf_lex_scale(s->lang, t, end, false, x->has_currency,
				      &sc))) {
			x->c.scale = sc;
			q = t + n;
		}
		if ((n = cf_ts_starts(q, end, "-plus")) ||
		    (q < end && *q == '+' && (n = 1))) {
			r->plus = true;
			q += n;
		}
		char code[4];
		bool ratio = r->words && r->word_kind != CF_NUMWORD_CARDINAL;
		if (!ratio &&
		    (n = cf_lex_currency_after(q, end, s->peso, code))) {
			memcpy(x->c.currency, code, 4);
			x->has_currency = true;
			q += n;
		}
		if (!x->has_currency && (n = cf_lex_times(q, end))) {
			x->times = true;
			q += n;
		}
	}
	x->stop = q;
}

/* The previous figure's number or the sentence start, whichever is later:
 * the words of this figure's clause are between it and the quote. */
static const char *window_start(const scan *s, const char *sentence)
{
	return s->prev && s->prev > sentence ? s->prev : sentence;
}

typedef struct classes {
	bool rise, fall, to_last, threshold, multiply, share, yoy, after_fall,
	    after_rise;
} classes;

static void classify_window(const char *from, const char *to, const char *after,
			    const char *end, classes *k)
{
	memset(k, 0, sizeof *k);
	for (const char *p = from; p < to;) {
		cf_span w = cf_ts_word_at(p, to);
		if (!w.n) {
			p++;
			continue;
		}
		size_t n;
		cf_lex_class c = cf_lex_classify(p, to, &n);
		k->rise |= c == CF_LEX_RISE;
		k->fall |= c == CF_LEX_FALL;
		k->threshold |= c == CF_LEX_THRESHOLD;
		k->multiply |= c == CF_LEX_MULTIPLY;
		/* a share word before the number belongs to another figure
		 * ("of the total, while sales fell 6%"): only "a 60% share"
		 * or "18% of the total", after it, count */
		k->to_last =
		    c == CF_LEX_TO || (k->to_last && c == CF_LEX_NONE &&
				       cf_ts_starts(p, to, "by"));
		p += n ? n : w.n;
	}
	/* a few words after: "un 11,3% menos", "year-on-year", "share" */
	const char *p = after;
	for (int words = 0; words < 4 && p < end; words++) {
		p = cf_ts_skip_spaces(p, end);
		if (p < end &&
		    (*p == ',' || *p == ';' || *p == '.' || *p == ')'))
			break;
		size_t n;
		cf_lex_class c = cf_lex_classify(p, end, &n);
		k->yoy |= c == CF_LEX_YOY;
		k->share |= c == CF_LEX_SHARE;
		if (words < 2) {
			k->after_fall |= c == CF_LEX_FALL;
			k->after_rise |= c == CF_LEX_RISE;
		}
		cf_span w = cf_ts_word_at(p, end);
		if (!n && !w.n)
			break;
		p += n ? n : w.n;
	}
}

static void judge_kind(const scan *s, const reading *r, context *x,
		       const char *sentence)
{
	classes k;
	classify_window(window_start(s, sentence), x->start, x->stop, s->end,
			&k);
	size_t n;
	if (x->qual_at &&
	    cf_lex_classify(x->qual_at, s->end, &n) == CF_LEX_THRESHOLD)
		k.threshold = true;
	if (x->qual_at && x->c.qualifier != CF_QUAL_ABOUT) {
		/* "remained above US$300 billion", "se mantuvo por encima" */
		static const char *const stay[] = {
		    "remained", "stayed",  "remains", "stays",
		    "kept",	"mantuvo", "manteve"};
		cf_span w = cf_ts_word_before(s->text, x->qual_at);
		for (size_t i = 0; i < sizeof stay / sizeof stay[0]; i++)
			k.threshold |= cf_ts_span_is(w, stay[i]);
	}
	cf_candidate *c = &x->c;
	bool change = k.rise || k.fall || k.yoy || k.after_fall || k.after_rise;
	bool falling = (k.fall && !k.to_last) || k.after_fall;
	if (r->words && r->word_kind == CF_NUMWORD_MULTIPLE) {
		c->kind = CF_KIND_MULTIPLE;
		c->unit = CF_UNIT_RATIO;
	} else if (x->times) {
		static const char *const next[] = {
		    "as",	"the",	  "that",   "its",  "their",   "what",
		    "larger",	"bigger", "higher", "more", "greater", "más",
		    "mais",	"el",	  "la",	    "lo",   "o",       "a",
		    "superior", "maior",  "mayor"};
		const char *after = cf_ts_skip_spaces(x->stop, s->end);
		bool mult = k.multiply || k.rise || k.fall ||
			    cf_lex_classify(after, s->end, &n) != CF_LEX_NONE;
		for (size_t i = 0; i < sizeof next / sizeof next[0]; i++)
			mult |= cf_ts_starts(after, s->end, next[i]) > 0;
		c->kind = mult ? CF_KIND_MULTIPLE : CF_KIND_COUNT;
		c->unit = mult ? CF_UNIT_RATIO : CF_UNIT_COUNT;
	} else if (r->words && r->word_kind == CF_NUMWORD_FRACTION) {
		c->unit = CF_UNIT_RATIO;
		c->kind = (k.rise || k.fall) && !k.share ? CF_KIND_GROWTH
							 : CF_KIND_SHARE;
		if (c->qualifier == CF_QUAL_EXACT)
			c->qualifier = CF_QUAL_ABOUT;
		c->sign = c->kind == CF_KIND_GROWTH && falling ? -1 : 1;
	} else if (x->percent) {
		c->unit = CF_UNIT_PERCENT;
		c->kind = change && !k.share ? CF_KIND_GROWTH : CF_KIND_SHARE;
		c->sign = falling ? -1 : 1;
	} else if (x->has_currency) {
		c->kind = k.threshold ? CF_KIND_THRESHOLD : CF_KIND_LEVEL;
		cf_span w = cf_ts_word_before(s->text, x->start);
		size_t m;
		c->sign =
		    (cf_lex_classify(w.p, w.p + w.n, &m) == CF_LEX_FALL) ||
			    k.after_fall
			? -1
			: 1;
	} else {
		c->kind = k.threshold ? CF_KIND_THRESHOLD : CF_KIND_COUNT;
	}
	if (!strcmp(c->currency, "USD"))
		c->unit = CF_UNIT_USD;
	else if (!strcmp(c->currency, "CNY"))
		c->unit = CF_UNIT_CNY;
}

/* Up to three lower-case words after p (what is counted), stopping at
 * punctuation and at words that start a new phrase.  *buf is malloc'd to
 * the size the words need. */
static const char *measure_after(const scan *s, const char *p, char **buf)
{
	const char *end = s->end, *last_end = p;
	cf_span words[3];
	int nw = 0;
	size_t need = 1;
	for (int i = 0; i < 3; i++) {
		const char *w = cf_ts_skip_spaces(p, end);
		if (memchr(p, '\n', (size_t)(w - p)))
			break; /* a measure never runs onto the next line */
		if (i == 0 && w == p && w < end && *w == '-')
			w++; /* "240-hour" */
		size_t of = i == 0 ? cf_ts_starts(w, end, "of") : 0;
		if (!of && i == 0)
			of = cf_ts_starts(w, end, "de");
		if (of)
			w = cf_ts_skip_spaces(w + of, end);
		if (cf_lex_stop_word(w, end))
			break;
		const char *e = w;
		while (e < end && (cf_ts_is_letter(e, end) ||
				   (*e == '-' && cf_ts_is_letter(e + 1, end))))
			e++;
		if (e == w)
			break;
		words[nw++] = (cf_span){w, (size_t)(e - w)};
		need += (size_t)(e - w) * 2 + 1; /* folding may grow a byte */
		p = last_end = e;
	}
	*buf = malloc(need);
	if (!*buf)
		return NULL;
	size_t len = 0;
	(*buf)[0] = '\0';
	for (int i = 0; i < nw; i++) {
		if (i) {
			(*buf)[len++] = ' ';
			(*buf)[len] = '\0';
		}
		len =
		    cf_ts_lower_append(*buf, need, len, words[i].p, words[i].n);
	}
	return last_end;
}

static int push(scan *s, const cf_candidate *c)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 32;
		cf_candidate *o = realloc(s->out, cap * sizeof *o);
		if (!o)
			return CF_ENOMEM;
		s->out = o;
		s->cap = cap;
	}
	s->out[s->n++] = *c;
	return 0;
}

/* Reads the number at p, in digits or in words; false when none. */
static bool read_number(const scan *s, const char *p, reading *r)
{
	memset(r, 0, sizeof *r);
	r->p = p;
	if (cf_ts_is_digit(p, s->end)) {
		r->q = read_digits(s, p, r->value, sizeof r->value);
		if (!r->q)
			return false;
		r->raw_year = r->q - p == 4 && !strchr(r->value, '.');
		return true;
	}
	cf_numword_match m;
	if (!cf_numwords_read(s->lang, p, s->end, &m))
		return false;
	r->q = p + m.len;
	r->words = true;
	r->word_kind = m.kind;
	r->hedged_fraction = m.hedged;
	snprintf(r->value, sizeof r->value, "%s", m.value_text);
	return true;
}

/* The rules that make a number no figure, before its suffixes are read. */
static bool not_a_figure(const scan *s, const reading *r)
{
	if (!r->words && glued_name(s, r))
		return true;
	if (r->words && r->p > s->text && r->p[-1] == '-')
		return true; /* "one-size-fits-all" read from "size" on */
	if (r->words && (cf_ts_starts(r->q, s->end, "-way") ||
			 cf_ts_starts(r->q, s->end, "-fold")))
		return true; /* "two-way trade" */
	return opens_quote(s->text, r->p) || period_part(s, r) ||
	       time_ago(s, r) || anaphoric(s, r) || version(s, r) ||
	       time_span_idiom(s, r) || half_of_year(s, r);
}

/* The rules that need the suffixes: a plain number standing alone. */
static bool plain_not_figure(const scan *s, const reading *r, const context *x)
{
	bool plain = !x->has_currency && !x->percent && !x->times &&
		     x->c.scale == CF_SCALE_ONE && !r->plus;
	if (!plain)
		return false;
	if (r->raw_year && x->c.qualifier == CF_QUAL_EXACT) {
		int y = atoi(r->value);
		if (y >= 1800 && y <= 2100)
			return true;
	}
	if (r->words && r->word_kind == CF_NUMWORD_CARDINAL &&
	    (!strcmp(r->value, "1") || !strcmp(r->value, "0")))
		return true; /* "one of", "un", "um", "zero-sum" */
	if (r->words)
		return false;
	if (is_date(s, r) || cf_lex_identifier_before(s->text, r->p))
		return true;
	if (all_caps_word_before(s->text, r->p))
		return true; /* "ECU 911" */
	if (r->q < s->end && cf_ts_is_letter(r->q, s->end))
		return true; /* 10th, 5G, 1N */
	return false;
}

static int emit(scan *s, const reading *r, context *x, long line, long col,
		size_t sentence)
{
	cf_candidate *c = &x->c;
	char *measure = NULL;
	const char *stop = measure_after(s, x->stop, &measure);
	if (!stop)
		return CF_ENOMEM;
	c->value_text = strdup(r->value);
	c->measure = measure;
	c->quote = strndup(x->start, (size_t)(stop - x->start));
	c->line = line;
	c->column = col;
	c->start = (size_t)(x->start - s->text);
	c->end = (size_t)(stop - s->text);
	c->number = (size_t)(r->p - s->text);
	c->sentence = sentence;
	if (!c->value_text || !c->quote || push(s, c)) {
		free(c->value_text);
		free(c->measure);
		free(c->quote);
		return CF_ENOMEM;
	}
	s->prev = r->q;
	return 0;
}

/* A sentence without a year of its own continues the period of the
 * paragraph so far: "In 2023, exports rose 16.5%. Imports fell 8.2%." --
 * unless it says how things stand ("It comprises over 4,300 cameras" after
 * "was financed … in 2012"): that is the text's own time (the caller's
 * fallback), not the year before. */
static void inherit_period(const scan *s, const char *p, cf_candidate *c)
{
	if (c->period[0] || !s->n)
		return;
	if (s->out[s->n - 1].sentence != c->sentence &&
	    cf_lex_present_state(s->text + c->sentence, p))
		return;
	const cf_candidate *last = &s->out[s->n - 1];
	const char *from = s->text + last->number;
	if (!last->period[0] || memchr(from, '\n', (size_t)(p - from)))
		return;
	memcpy(c->period, last->period, sizeof c->period);
	c->year = last->year;
}

/* Examines the number at p; returns where scanning goes on. */
static const char *candidate_at(scan *s, const char *p, long line, long col,
				int *rc)
{
	reading r;
	if (!read_number(s, p, &r))
		return p + 1;
	if (not_a_figure(s, &r))
		return r.q;
	context x = {.start = p};
	x.c.scale = CF_SCALE_ONE;
	x.c.unit = CF_UNIT_COUNT;
	x.c.qualifier = CF_QUAL_EXACT;
	x.c.sign = 1;
	const char *cur;
	char code[4];
	if (!r.words && (cur = cf_lex_currency_before(s->text, p, code))) {
		memcpy(x.c.currency, code, 4);
		x.has_currency = true;
		x.start = cur;
	}
	const char *before = x.start;
	cf_span art = cf_ts_word_before(s->text, before);
	if (r.words && r.word_kind != CF_NUMWORD_CARDINAL &&
	    (cf_ts_span_is(art, "el") || cf_ts_span_is(art, "o") ||
	     cf_ts_span_is(art, "la") || cf_ts_span_is(art, "a") ||
	     cf_ts_span_is(art, "the")))
		before = art.p; /* "casi el doble", "quase o dobro" */
	if ((cur = cf_lex_qualifier_before(s->text, before, &x.c.qualifier))) {
		x.qual_at = cur;
		x.start = cur;
	}
	read_suffixes(s, &r, &x);
	if (r.plus)
		x.c.qualifier = CF_QUAL_OVER;
	if (plain_not_figure(s, &r, &x))
		return r.q;
	size_t off = (size_t)(p - s->text);
	if (off < s->sent_s || off >= s->sent_e) {
		s->sent_s = cf_sentence_start(s->text, s->len, off);
		s->sent_e = cf_sentence_end(s->text, s->len, off);
	}
	size_t sent = s->sent_s, send = s->sent_e;
	x.c.sentence = sent;
	cf_sentence_period(s->text, sent, send, off, x.c.period,
			   sizeof x.c.period, &x.c.year);
	inherit_period(s, p, &x.c);
	judge_kind(s, &r, &x, s->text + sent);
	*rc = emit(s, &r, &x, line, col, sent);
	return x.stop > r.q ? x.stop : r.q;
}

/* Does a number (digits or a word) start at p? */
static bool number_starts(const scan *s, const char *p)
{
	const char *text = s->text;
	if (cf_ts_is_digit(p, s->end))
		return p == text ||
		       !(cf_ts_is_digit(p - 1, p) ||
			 ((p[-1] == '.' || p[-1] == ',') && p - text >= 2 &&
			  cf_ts_is_digit(p - 2, p)));
	return cf_ts_is_letter(p, s->end) &&
	       ((unsigned char)*p & 0xC0) != 0x80 &&
	       !cf_ts_letter_before(text, p);
}

/* Which peso a Spanish text means: the country it names most. */
static void choose_peso(scan *s)
{
	static const struct {
		const char *country, *code;
	} pesos[] = {{"méxico", "MXN"},	   {"mexico", "MXN"},
		     {"argentina", "ARS"}, {"chile", "CLP"},
		     {"colombia", "COP"},  {"uruguay", "UYU"}};
	int best = 0;
	s->peso[0] = '\0';
	for (size_t i = 0; i < sizeof pesos / sizeof pesos[0]; i++) {
		int count = 0;
		for (const char *p = s->text; p < s->end; p++)
			count += cf_ts_starts(p, s->end, pesos[i].country) > 0;
		if (count > best) {
			best = count;
			memcpy(s->peso, pesos[i].code, 4);
		}
	}
}

static int check_input(const char *text, size_t len, cf_error *err)
{
	long line = 0, col = 0;
	if (cf_ts_check_text(text, len, &line, &col))
		return cf_error_set(err, CF_EDATA, NULL, line, col,
				    "not a text: invalid UTF-8 or a control "
				    "byte (binary data?)");
	const char *p = cf_ts_skip_spaces(text, text + len);
	if (p == text + len)
		return cf_error_set(err, CF_EDATA, NULL, 0, 0,
				    "empty text: nothing to extract");
	return 0;
}

int cf_extract_text_lang(const char *text, size_t len, cf_lang lang,
			 cf_candidate **out, size_t *n, cf_error *err)
{
	*out = NULL;
	*n = 0;
	int rc = check_input(text, len, err);
	if (rc)
		return rc;
	scan s = {.text = text, .end = text + len, .len = len, .lang = lang};
	choose_peso(&s);
	long line = 1, col = 1;
	const char *p = text, *end = text + len;
	while (p < end && rc == 0) {
		const char *next = number_starts(&s, p)
				       ? candidate_at(&s, p, line, col, &rc)
				       : p + 1;
		if (next == p)
			next = p + 1;
		if (cf_ts_is_letter(p, end) && next == p + 1)
			next = p + cf_ts_word_at(p, end).n;
		if (next <= p)
			next = p + 1;
		for (; p < next && p < end; p++) {
			if (*p == '\n') {
				line++;
				col = 1;
			} else if (((unsigned char)*p & 0xC0) != 0x80) {
				col++;
			}
		}
	}
	if (rc) {
		cf_candidates_free(s.out, s.n);
		return cf_error_set(err, rc, NULL, 0, 0, "out of memory");
	}
	*out = s.out;
	*n = s.n;
	return 0;
}

int cf_extract_text(const char *text, size_t len, cf_candidate **out, size_t *n,
		    cf_error *err)
{
	*out = NULL;
	*n = 0;
	int rc = check_input(text, len, err);
	if (rc)
		return rc;
	cf_lang lang;
	int confident;
	if ((rc = cf_lang_detect(text, len, &lang, &confident, err)))
		return rc;
	return cf_extract_text_lang(text, len, lang, out, n, err);
}

void cf_candidates_free(cf_candidate *c, size_t n)
{
	for (size_t i = 0; c && i < n; i++) {
		free(c[i].value_text);
		free(c[i].measure);
		free(c[i].quote);
	}
	free(c);
}
