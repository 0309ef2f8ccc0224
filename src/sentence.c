#include "cifra/sentence.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cifra/lexicon.h"
#include "cifra/numwords.h"
#include "cifra/textscan.h"

static bool abbreviation(const char *text, const char *dot)
{
	cf_span w = cf_ts_word_before(text, dot);
	if (w.n == 1 && *w.p >= 'A' && *w.p <= 'Z')
		return true; /* "U.S.", initials */
	static const char *const abbr[] = {"no", "mr",	"mrs", "dr",  "st",
					   "vs", "jr",	"sr",  "sra", "etc",
					   "nº", "núm", "art", "inc", "co"};
	for (size_t i = 0; i < sizeof abbr / sizeof abbr[0]; i++)
		if (cf_ts_span_is(w, abbr[i]))
			return true;
	return false;
}

static bool ends_at(const char *text, size_t len, size_t i)
{
	char c = text[i];
	if (c == '\n')
		return true;
	if (c != '.' && c != '!' && c != '?')
		return false;
	if (i + 1 < len && !cf_ts_space_len(text + i + 1, text + len))
		return false;
	return c != '.' || !abbreviation(text, text + i);
}

/* A "sentence" without an end for this many bytes (a table, a list) is
 * cut there, so that scanning a text stays linear in its length. */
#define MAX_SENTENCE 2000

size_t cf_sentence_start(const char *text, size_t len, size_t pos)
{
	if (pos > len)
		pos = len;
	size_t i = pos;
	while (i > 0 && pos - i < MAX_SENTENCE && !ends_at(text, len, i - 1))
		i--;
	return i;
}

size_t cf_sentence_end(const char *text, size_t len, size_t pos)
{
	size_t i = pos;
	while (i < len && i - pos < MAX_SENTENCE && !ends_at(text, len, i))
		i++;
	return i < len ? i + 1 : len;
}

typedef struct year_at {
	int y;
	size_t at;
	bool fiscal; /* "FY2008" */
	bool base;   /* "since 2001" */
} year_at;

#define MAX_YEARS 16

/* Words that make the year after them a base of comparison, not the
 * period of the sentence's figures. */
static const char *const bases[] = {
    "since",	"desde",     "than in",	   "than",	"compared with",
    "que en",	"que em",    "período de", "relação a", "relación a",
    "frente a", "frente al", "ante",	   "sobre"};

/* Four-digit years 1900–2100 of the sentence, in order. */
static int years_of(const char *text, size_t s, size_t e, year_at *ys)
{
	int n = 0;
	const char *end = text + e;
	for (size_t i = s; i + 4 <= e && n < MAX_YEARS; i++) {
		const char *q = text + i;
		if (!cf_ts_is_digit(q, end) ||
		    (i > s && cf_ts_is_digit(q - 1, end)))
			continue;
		size_t k = 0;
		while (cf_ts_is_digit(q + k, end))
			k++;
		bool fiscal = i >= s + 2 && !memcmp(q - 2, "FY", 2);
		bool glued =
		    (i > s && !fiscal &&
		     (cf_ts_letter_before(text + s, q) || q[-1] == '$' ||
		      q[-1] == '-' || q[-1] == '.' || q[-1] == ',')) ||
		    cf_ts_is_letter(q + k, end) ||
		    (q + k < end && (q[k] == '.' || q[k] == ',') &&
		     cf_ts_is_digit(q + k + 1, end));
		if (k == 4 && !glued) {
			int y = (q[0] - '0') * 1000 + (q[1] - '0') * 100 +
				(q[2] - '0') * 10 + (q[3] - '0');
			bool base = false;
			for (size_t b = 0; b < sizeof bases / sizeof bases[0];
			     b++)
				base |= cf_ts_ends_before(text + s, q,
							  bases[b]) != NULL;
			if (y >= 1900 && y <= 2100)
				ys[n++] = (year_at){y, i, fiscal, base};
		}
		i += k;
	}
	return n;
}

/* "first 11 months of 2021", "primeros 11 meses", "primer semestre". */
static int first_months(const char *text, size_t s, size_t e)
{
	const char *end = text + e;
	for (const char *q = text + s; q < end; q++) {
		char c =
		    (char)(*q | 0x20); /* every phrase starts with f or p */
		if ((c != 'f' && c != 'p') || cf_ts_letter_before(text + s, q))
			continue;
		size_t n = cf_ts_starts(q, end, "first");
		if (!n)
			n = cf_ts_starts(q, end, "primeros");
		if (!n)
			n = cf_ts_starts(q, end, "primeiros");
		if (n) {
			const char *r = cf_ts_skip_spaces(q + n, end);
			int m = 0;
			while (cf_ts_is_digit(r, end) && m < 100)
				m = m * 10 + (*r++ - '0');
			cf_numword_match w;
			for (int l = 0; !m && l < 3; l++)
				if (cf_numwords_read((cf_lang)l, r, end, &w) &&
				    w.kind == CF_NUMWORD_CARDINAL) {
					m = atoi(w.value_text);
					r += w.len;
				}
			r = cf_ts_skip_spaces(r, end);
			if (m >= 1 && m <= 12 &&
			    (cf_ts_starts(r, end, "months") ||
			     cf_ts_starts(r, end, "meses")))
				return m;
		}
		static const struct {
			const char *w;
			int m;
		} halves[] = {
		    {"first half", 6},	      {"primer semestre", 6},
		    {"primeiro semestre", 6}, {"first quarter", 3},
		    {"primer trimestre", 3},  {"primeiro trimestre", 3}};
		for (size_t i = 0; i < sizeof halves / sizeof halves[0]; i++)
			if (cf_ts_starts(q, end, halves[i].w))
				return halves[i].m;
	}
	return 0;
}

/* "from 2018 to 2020", "between 2018 and 2020", "entre 2018 y 2020". */
static bool range_between(const char *text, size_t s, const year_at *a,
			  const year_at *b)
{
	const char *end = text + b->at, *q = text + a->at + 4;
	q = cf_ts_skip_spaces(q, end);
	static const char *const links[] = {"to", "and", "a",
					    "y",  "e",	 "through"};
	bool linked = false;
	for (size_t i = 0; i < sizeof links / sizeof links[0]; i++)
		if (cf_ts_starts(q, end, links[i]) &&
		    cf_ts_skip_spaces(q + strlen(links[i]), end) +
			    (a->fiscal ? 2 : 0) ==
			end)
			linked = true;
	if (q < end && (*q == '-' || (unsigned char)*q == 0xE2))
		linked = true; /* "2018-2020", "2018–2020" */
	const char *from = text + a->at - (a->fiscal ? 2 : 0);
	return linked && (cf_ts_ends_before(text + s, from, "from") ||
			  cf_ts_ends_before(text + s, from, "between") ||
			  cf_ts_ends_before(text + s, from, "entre") ||
			  cf_ts_ends_before(text + s, from, "de"));
}

void cf_sentence_period(const char *text, size_t s, size_t e, size_t at,
			char *period, size_t size, int *year)
{
	year_at ys[MAX_YEARS];
	int n = years_of(text, s, e, ys);
	period[0] = '\0';
	*year = 0;
	for (int i = 0; i + 1 < n; i++)
		if (range_between(text, s, &ys[i], &ys[i + 1])) {
			*year = ys[i + 1].y;
			if (ys[i].fiscal)
				snprintf(period, size, "%d-10/%d-09",
					 ys[i].y - 1, ys[i + 1].y);
			else
				snprintf(period, size, "%d/%d", ys[i].y,
					 ys[i + 1].y);
			return;
		}
	/* the year nearest before the figure, else the first after */
	const year_at *best = NULL;
	for (int i = 0; i < n; i++)
		if (!ys[i].base && ys[i].at < at)
			best = &ys[i];
	for (int i = 0; i < n && !best; i++)
		if (!ys[i].base)
			best = &ys[i];
	if (!best && n == 1 && !ys[0].fiscal &&
	    !cf_ts_ends_before(text + s, text + ys[0].at, "since") &&
	    !cf_ts_ends_before(text + s, text + ys[0].at, "desde")) {
		/* "un 22,5% menos que en igual período de 2023": 2024 */
		*year = ys[0].y + 1;
		int months = first_months(text, s, e);
		if (months)
			snprintf(period, size, "%d-01/%d-%02d", *year, *year,
				 months);
		else
			snprintf(period, size, "%d", *year);
		return;
	}
	if (!best)
		return;
	*year = best->y;
	int months = first_months(text, s, e);
	size_t ml = 0;
	int month = 0;
	if (best->fiscal) {
		snprintf(period, size, "%d-10/%d-09", best->y - 1, best->y);
	} else if (months) {
		snprintf(period, size, "%d-01/%d-%02d", best->y, best->y,
			 months);
	} else if ((month = cf_lex_month_before(text + s, text + best->at))) {
		snprintf(period, size, "%d-%02d", best->y, month);
	} else {
		const char *de = text + best->at;
		cf_span prev = cf_ts_word_before(text + s, de);
		if (cf_ts_span_is(prev, "de")) {
			cf_span m = cf_ts_word_before(text + s, prev.p);
			if (m.n && (month = cf_lex_month(m.p, m.p + m.n, &ml)))
				snprintf(period, size, "%d-%02d", best->y,
					 month);
		}
		if (!period[0])
			snprintf(period, size, "%d", best->y);
	}
}
