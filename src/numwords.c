#include "cifra/numwords.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cifra/textscan.h"

#define MAX_WORDS 8

/* The words starting at p: each word's span; separators are spaces or one
 * hyphen between letters ("twenty-eight").  Stops at other punctuation. */
typedef struct words {
	cf_span w[MAX_WORDS];
	int n;
} words;

static void gather(const char *p, const char *end, words *ws)
{
	ws->n = 0;
	while (ws->n < MAX_WORDS) {
		cf_span s = cf_ts_word_at(p, end);
		if (!s.n)
			break;
		ws->w[ws->n++] = s;
		const char *q = s.p + s.n;
		const char *r = cf_ts_skip_spaces(q, end);
		if (r == q && q < end && *q == '-' &&
		    cf_ts_is_letter(q + 1, end))
			r = q + 1;
		if (r == q)
			break;
		p = r;
	}
}

/* "w0 w1 … w(k-1)" in lower case, one space between. */
static void key_of(const words *ws, int k, char *buf, size_t size)
{
	size_t len = 0;
	buf[0] = '\0';
	for (int i = 0; i < k; i++) {
		if (i && len + 2 < size) {
			buf[len++] = ' ';
			buf[len] = '\0';
		}
		len =
		    cf_ts_lower_append(buf, size, len, ws->w[i].p, ws->w[i].n);
	}
}

static int cmp_entry(const void *key, const void *elem)
{
	const cf_numword *k = key, *e = elem;
	int c = strcmp(k->lang, e->lang);
	return c ? c : strcmp(k->words, e->words);
}

static const cf_numword *lookup(cf_lang lang, const char *key)
{
	cf_numword k = {.lang = cf_lang_name(lang), .words = key};
	return bsearch(&k, cf_numword_table, cf_numword_table_len, sizeof k,
		       cmp_entry);
}

/* Bytes from the first to the end of word k-1. */
static size_t span_len(const words *ws, int k)
{
	return (size_t)(ws->w[k - 1].p + ws->w[k - 1].n - ws->w[0].p);
}

/* Longest cardinal of the table starting at word `from`: value, words. */
static int group_at(cf_lang lang, const words *ws, int from, int *value)
{
	char key[160];
	words sub = {.n = ws->n - from};
	memcpy(sub.w, ws->w + from, (size_t)sub.n * sizeof sub.w[0]);
	for (int k = sub.n; k >= 1; k--) {
		key_of(&sub, k, key, sizeof key);
		const cf_numword *e = lookup(lang, key);
		if (e && !e->ordinal) {
			*value = e->value;
			return k;
		}
	}
	/* Apocopes and idioms the generated table lacks. */
	static const struct {
		const char *lang, *w;
		int v;
	} extra[] = {{"es", "un", 1},	    {"es", "veintiún", 21},
		     {"es", "ciento", 100}, {"pt", "cento", 100},
		     {"en", "a", 1},	    {"en", "an", 1}};
	key_of(&sub, 1, key, sizeof key);
	for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++)
		if (!strcmp(extra[i].lang, cf_lang_name(lang)) &&
		    !strcmp(extra[i].w, key)) {
			*value = extra[i].v;
			return 1;
		}
	return 0;
}

static bool word_in(const words *ws, int i, const char *const *list)
{
	if (i >= ws->n)
		return false;
	for (; *list; list++)
		if (cf_ts_span_is(ws->w[i], *list))
			return true;
	return false;
}

static const char *const thousand_words[] = {"thousand", "mil", NULL};
static const char *const and_words[] = {"and", "y", "e", NULL};
/* Scale words a bare "a"/"un"/"um" may count ("over a million jobs"). */
static const char *const big_scales[] = {
    "million",	"billion", "trillion", "millón", "millon",  "billón",
    "milhão",	"milhao",  "bilhão",   "bilhao", "trilhão", "hundred",
    "thousand", "dozen",   "docena",   "dúzia",	 "century", "centenar",
    "centena",	"mil",	   NULL};

/* Idioms: "a dozen", "a hundred", "a thousand", "a century". */
static int idiom(const words *ws, int *value)
{
	static const struct {
		const char *w;
		int v;
	} unit_words[] = {{"dozen", 12},    {"docena", 12},
			  {"dúzia", 12},    {"hundred", 100},
			  {"century", 100}, {"centenar", 100},
			  {"centena", 100}, {"thousand", 1000}};
	if (ws->n < 2)
		return 0;
	for (size_t i = 0; i < sizeof unit_words / sizeof unit_words[0]; i++)
		if (cf_ts_span_is(ws->w[1], unit_words[i].w)) {
			*value = unit_words[i].v;
			return 2;
		}
	return 0;
}

static bool read_cardinal(cf_lang lang, const words *ws, cf_numword_match *m)
{
	int g = 0, k = 0;
	static const char *const articles[] = {"a",  "an",  "un", "una",
					       "um", "uma", NULL};
	if (word_in(ws, 0, articles)) {
		if (!word_in(ws, 1, big_scales))
			return false;
		if (!idiom(ws, &g)) {
			/* "a million": 1, the scale is read by the caller */
			snprintf(m->value_text, sizeof m->value_text, "1");
			m->len = ws->w[0].n;
			return true;
		}
		k = 2;
	} else if (lang != CF_LANG_EN && word_in(ws, 0, thousand_words)) {
		g = 1000; /* "mil" alone */
		k = 1;
	} else if (!(k = group_at(lang, ws, 0, &g)) ||
		   cf_ts_span_is(ws->w[0], "a") ||
		   cf_ts_span_is(ws->w[0], "an")) {
		return false;
	}
	long v = g;
	if (g < 1000 && word_in(ws, k, thousand_words)) {
		v = (long)g * 1000;
		k++;
		int rest = 0, j = k;
		if (word_in(ws, j, and_words))
			j++;
		int used = j < ws->n ? group_at(lang, ws, j, &rest) : 0;
		if (used && rest > 0 && !cf_ts_span_is(ws->w[j], "a")) {
			v += rest;
			k = j + used;
		}
	}
	snprintf(m->value_text, sizeof m->value_text, "%ld", v);
	m->len = span_len(ws, k);
	return true;
}

/* Denominators of fractions by language. */
static int denominator(cf_lang lang, cf_span w)
{
	static const struct {
		cf_lang lang;
		const char *w;
		int d;
	} dens[] = {
	    {CF_LANG_EN, "third", 3},	{CF_LANG_EN, "thirds", 3},
	    {CF_LANG_EN, "quarter", 4}, {CF_LANG_EN, "quarters", 4},
	    {CF_LANG_EN, "fifth", 5},	{CF_LANG_EN, "fifths", 5},
	    {CF_LANG_EN, "tenth", 10},	{CF_LANG_EN, "tenths", 10},
	    {CF_LANG_ES, "tercio", 3},	{CF_LANG_ES, "tercios", 3},
	    {CF_LANG_ES, "cuarto", 4},	{CF_LANG_ES, "cuartos", 4},
	    {CF_LANG_ES, "quinto", 5},	{CF_LANG_ES, "quintos", 5},
	    {CF_LANG_ES, "décimo", 10}, {CF_LANG_ES, "décimos", 10},
	    {CF_LANG_PT, "terço", 3},	{CF_LANG_PT, "terços", 3},
	    {CF_LANG_PT, "quarto", 4},	{CF_LANG_PT, "quartos", 4},
	    {CF_LANG_PT, "quinto", 5},	{CF_LANG_PT, "quintos", 5},
	    {CF_LANG_PT, "décimo", 10}, {CF_LANG_PT, "décimos", 10},
	};
	for (size_t i = 0; i < sizeof dens / sizeof dens[0]; i++)
		if (dens[i].lang == lang && cf_ts_span_is(w, dens[i].w))
			return dens[i].d;
	return 0;
}

static void ratio_text(int num, int den, cf_numword_match *m)
{
	double r = (double)num / den;
	snprintf(m->value_text, sizeof m->value_text, "%.2f", r);
	/* "0.50" -> "0.5" */
	size_t n = strlen(m->value_text);
	while (n > 1 && m->value_text[n - 1] == '0')
		m->value_text[--n] = '\0';
	m->hedged = (double)(long)(r * 100 + 0.5) != r * 100;
	m->kind = CF_NUMWORD_FRACTION;
}

/* "two-thirds", "a quarter", "la mitad", "uno de cada cinco",
 * "one in five". */
static bool read_fraction(cf_lang lang, const words *ws, cf_numword_match *m)
{
	static const char *const halves[] = {"half", "mitad", "metade", NULL};
	static const char *const ones[] = {"a",	  "one", "un",	"uno",
					   "una", "um",	 "uma", NULL};
	static const char *const the[] = {"la", "a", NULL};
	int i =
	    word_in(ws, 0, the) && word_in(ws, 1, halves) && lang != CF_LANG_EN
		? 1
		: 0;
	if (word_in(ws, i, halves)) {
		ratio_text(1, 2, m);
		m->len = span_len(ws, i + 1);
		return true;
	}
	int num = 0, k = 0;
	if (word_in(ws, 0, ones))
		num = 1, k = 1;
	else if (!(k = group_at(lang, ws, 0, &num)) || num < 1 || num > 9)
		return false;
	if (k < ws->n) {
		int den = denominator(lang, ws->w[k]);
		if (den > num) {
			ratio_text(num, den, m);
			m->len = span_len(ws, k + 1);
			return true;
		}
	}
	/* "uno de cada cinco", "um em cada cinco", "one in five" */
	static const char *const links[] = {"de cada", "en cada", "em cada",
					    "in every", NULL};
	int j = k;
	if (j + 1 < ws->n) {
		char pair[64];
		words sub = {.n = 2, .w = {ws->w[j], ws->w[j + 1]}};
		key_of(&sub, 2, pair, sizeof pair);
		for (const char *const *l = links; *l; l++)
			if (!strcmp(pair, *l))
				j += 2;
	}
	if (j == k && lang == CF_LANG_EN && j < ws->n &&
	    cf_ts_span_is(ws->w[j], "in"))
		j++;
	int den = 0,
	    used = j > k && j < ws->n ? group_at(lang, ws, j, &den) : 0;
	if (!used || den <= num || den > 100)
		return false;
	ratio_text(num, den, m);
	m->len = span_len(ws, j + used);
	return true;
}

/* "doubled", "tripled", "o dobro", "triplicó": a multiple as a word. */
static bool read_multiple(cf_lang lang, const words *ws, cf_numword_match *m)
{
	static const struct {
		cf_lang lang;
		const char *w;
		int v;
	} mult[] = {
	    {CF_LANG_EN, "doubled", 2},	    {CF_LANG_EN, "doubling", 2},
	    {CF_LANG_EN, "twice", 2},	    {CF_LANG_EN, "twofold", 2},
	    {CF_LANG_EN, "tripled", 3},	    {CF_LANG_EN, "tripling", 3},
	    {CF_LANG_EN, "threefold", 3},   {CF_LANG_EN, "quadrupled", 4},
	    {CF_LANG_EN, "fourfold", 4},    {CF_LANG_EN, "double", 2},
	    {CF_LANG_EN, "triple", 3},	    {CF_LANG_ES, "doble", 2},
	    {CF_LANG_ES, "duplicó", 2},	    {CF_LANG_ES, "duplicaron", 2},
	    {CF_LANG_ES, "duplicado", 2},   {CF_LANG_ES, "triple", 3},
	    {CF_LANG_ES, "triplicó", 3},    {CF_LANG_ES, "triplicaron", 3},
	    {CF_LANG_ES, "cuadruplicó", 4}, {CF_LANG_PT, "dobro", 2},
	    {CF_LANG_PT, "dobrou", 2},	    {CF_LANG_PT, "dobraram", 2},
	    {CF_LANG_PT, "duplicou", 2},    {CF_LANG_PT, "duplicaram", 2},
	    {CF_LANG_PT, "triplo", 3},	    {CF_LANG_PT, "triplicou", 3},
	    {CF_LANG_PT, "triplicaram", 3}, {CF_LANG_PT, "quadruplicou", 4},
	};
	for (size_t i = 0; i < sizeof mult / sizeof mult[0]; i++) {
		if (mult[i].lang != lang || !cf_ts_span_is(ws->w[0], mult[i].w))
			continue;
		/* "double"/"triple" as an adjective ("double standard") is no
		 * multiple: only before "the", "its"… or at a phrase end. */
		static const char *const next_ok[] = {
		    "the",  "its", "their", "that", "what",
		    "from", "in",  "since", "over", "de",
		    "del",  "do",  "da",    "que",  NULL};
		bool adjective = !strcmp(mult[i].w, "double") ||
				 !strcmp(mult[i].w, "triple");
		if (adjective && ws->n > 1 && !word_in(ws, 1, next_ok))
			return false;
		snprintf(m->value_text, sizeof m->value_text, "%d", mult[i].v);
		m->kind = CF_NUMWORD_MULTIPLE;
		m->len = ws->w[0].n;
		return true;
	}
	return false;
}

bool cf_numwords_read(cf_lang lang, const char *p, const char *end,
		      cf_numword_match *m)
{
	memset(m, 0, sizeof *m);
	words ws;
	gather(p, end, &ws);
	if (!ws.n)
		return false;
	if (read_fraction(lang, &ws, m) || read_multiple(lang, &ws, m))
		return true;
	memset(m, 0, sizeof *m);
	return read_cardinal(lang, &ws, m);
}

bool cf_numwords_ordinal(cf_lang lang, const char *p, const char *end,
			 int *value, size_t *len)
{
	cf_span w = cf_ts_word_at(p, end);
	char key[64];
	if (!w.n || w.n >= sizeof key)
		return false;
	size_t n = cf_ts_lower_append(key, sizeof key, 0, w.p, w.n);
	if (n != w.n)
		return false;
	const cf_numword *e = lookup(lang, key);
	if (!e)
		return false;
	*value = e->value;
	*len = w.n;
	return true;
}
