#include "cifra/extract.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A span of the text being scanned. */
typedef struct span {
	const char *p;
	size_t n;
} span;

typedef struct scan {
	const char *text;
	size_t len;
	cf_candidate *out;
	size_t n, cap;
} scan;

/* ASCII letters and the bytes of non-ASCII letters; 0xE2 starts the
 * general-punctuation block (dashes, quotes, ellipsis), which separates
 * words, and so does 0xC2, which starts Latin-1 punctuation and the
 * no-break space. */
static bool is_alpha(int c)
{
	return isalpha(c) || (c >= 0x80 && c != 0xE2 && c != 0xC2);
}

static bool word_is(const char *p, const char *end, const char *w)
{
	size_t n = strlen(w);
	return (size_t)(end - p) >= n && !strncasecmp(p, w, n) &&
	       (p + n == end || !is_alpha((unsigned char)p[n]));
}

/* Bytes of white space at p: space, tab, or a UTF-8 no-break space. */
static int space_len(const char *p, const char *end)
{
	if (p < end && (*p == ' ' || *p == '\t'))
		return 1;
	if (end - p >= 2 && (unsigned char)p[0] == 0xC2 &&
	    (unsigned char)p[1] == 0xA0)
		return 2;
	return 0;
}

/* The same for the white space ending just before p. */
static int space_len_before(const char *text, const char *p)
{
	if (p > text && (p[-1] == ' ' || p[-1] == '\t'))
		return 1;
	if (p - text >= 2 && (unsigned char)p[-2] == 0xC2 &&
	    (unsigned char)p[-1] == 0xA0)
		return 2;
	return 0;
}

static const char *skip_spaces(const char *p, const char *end)
{
	int n;
	while ((n = space_len(p, end)))
		p += n;
	return p;
}

static const char *skip_spaces_back(const char *text, const char *p)
{
	int n;
	while ((n = space_len_before(text, p)))
		p -= n;
	return p;
}

/* The word that ends just before p (spaces skipped), or an empty span. */
static span word_before(const char *text, const char *p)
{
	p = skip_spaces_back(text, p);
	const char *e = p;
	while (p > text && is_alpha((unsigned char)p[-1]) &&
	       !space_len_before(text, p))
		p--;
	return (span){p, (size_t)(e - p)};
}

static bool span_is(span s, const char *w)
{
	return s.n == strlen(w) && !strncasecmp(s.p, w, s.n);
}

/* Reads "17,000" / "518.4" / "2"; returns its end or NULL. */
static const char *read_number(const char *p, const char *end, char *digits,
			       size_t size)
{
	size_t j = 0;
	const char *q = p;
	digits[0] = '\0';
	while (q < end && j + 1 < size) {
		if (isdigit((unsigned char)*q)) {
			digits[j++] = *q++;
		} else if (*q == ',' && q + 3 < end &&
			   isdigit((unsigned char)q[1]) &&
			   isdigit((unsigned char)q[2]) &&
			   isdigit((unsigned char)q[3]) &&
			   (q + 4 == end || !isdigit((unsigned char)q[4]))) {
			q++; /* thousands separator */
		} else if (*q == '.' && q + 1 < end &&
			   isdigit((unsigned char)q[1]) &&
			   !strchr(digits, '.')) {
			digits[j++] = *q++;
		} else {
			break;
		}
		digits[j] = '\0';
	}
	digits[j] = '\0';
	return j ? q : NULL;
}

static const char *const months[] = {
    "January", "February", "March",	"April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

static bool after_month(const char *text, const char *p)
{
	span w = word_before(text, p);
	for (size_t i = 0; i < 12; i++)
		if (span_is(w, months[i]))
			return true;
	return false;
}

/* Currency written before the number: "$", "US$", "US $", "USD", "RMB",
 * "¥".  Returns where the currency starts (for the quote) or NULL. */
static const char *currency_before(const char *text, const char *p,
				   cf_unit *unit)
{
	const char *q = skip_spaces_back(text, p);
	if (q > text && q[-1] == '$') {
		*unit = CF_UNIT_USD;
		const char *dollar = --q;
		q = skip_spaces_back(text, q);
		if (q - text >= 2 && !strncmp(q - 2, "US", 2) &&
		    (q - text == 2 || !is_alpha((unsigned char)q[-3])))
			return q - 2;
		return dollar;
	}
	if (q - text >= 2 && !strncmp(q - 2, "\xc2\xa5", 2)) {
		*unit = CF_UNIT_CNY;
		return q - 2;
	}
	span w = word_before(text, p);
	if (span_is(w, "USD")) {
		*unit = CF_UNIT_USD;
		return w.p;
	}
	if (span_is(w, "RMB") || span_is(w, "CNY")) {
		*unit = CF_UNIT_CNY;
		return w.p;
	}
	return NULL;
}

typedef struct qualifier_word {
	const char *words; /* one or two words */
	cf_qualifier q;
} qualifier_word;

static const qualifier_word qualifiers[] = {
    {"more than", CF_QUAL_OVER},    {"over", CF_QUAL_OVER},
    {"above", CF_QUAL_OVER},	    {"exceeding", CF_QUAL_OVER},
    {"at least", CF_QUAL_AT_LEAST}, {"nearly", CF_QUAL_ABOUT},
    {"almost", CF_QUAL_ABOUT},	    {"about", CF_QUAL_ABOUT},
    {"around", CF_QUAL_ABOUT},	    {"approximately", CF_QUAL_ABOUT},
    {"roughly", CF_QUAL_ABOUT},	    {"some", CF_QUAL_ABOUT},
    {"less than", CF_QUAL_UNDER},   {"fewer than", CF_QUAL_UNDER},
    {"under", CF_QUAL_UNDER},	    {"below", CF_QUAL_UNDER},
    {"up to", CF_QUAL_AT_MOST},	    {"at most", CF_QUAL_AT_MOST},
};

/* A qualifier ending just before p; returns where it starts or NULL. */
static const char *qualifier_before(const char *text, const char *p,
				    cf_qualifier *q)
{
	span last = word_before(text, p);
	span prev = word_before(text, last.p);
	for (size_t i = 0; i < sizeof qualifiers / sizeof qualifiers[0]; i++) {
		const char *w = qualifiers[i].words, *sp = strchr(w, ' ');
		if (!sp && span_is(last, w)) {
			*q = qualifiers[i].q;
			return last.p;
		}
		if (sp && last.n == strlen(sp + 1) &&
		    !strncasecmp(last.p, sp + 1, last.n) &&
		    prev.n == (size_t)(sp - w) &&
		    !strncasecmp(prev.p, w, prev.n)) {
			*q = qualifiers[i].q;
			return prev.p;
		}
	}
	return NULL;
}

static const char *const scale_words[] = {
    "thousand", "million", "billion", "trillion", "mn", "bn", "tn"};
static const cf_scale scale_values[] = {
    CF_SCALE_THOUSAND, CF_SCALE_MILLION, CF_SCALE_BILLION, CF_SCALE_TRILLION,
    CF_SCALE_MILLION,  CF_SCALE_BILLION, CF_SCALE_TRILLION};

/* Scale word, percent sign and "-plus" after the number; returns the end
 * of what belongs to the figure. */
static const char *suffix_after(const char *p, const char *end, cf_candidate *c)
{
	if (p < end && *p == '%') {
		c->unit = CF_UNIT_PERCENT;
		return p + 1;
	}
	const char *q = skip_spaces(p, end);
	if (word_is(q, end, "percent") || word_is(q, end, "per cent")) {
		c->unit = CF_UNIT_PERCENT;
		return q + (word_is(q, end, "percent") ? 7 : 8);
	}
	for (size_t i = 0; i < sizeof scale_words / sizeof scale_words[0]; i++)
		if (word_is(q, end, scale_words[i])) {
			c->scale = scale_values[i];
			p = q + strlen(scale_words[i]);
			break;
		}
	if (word_is(p, end, "-plus")) {
		c->qualifier = CF_QUAL_OVER;
		return p + 5;
	}
	if (p < end && *p == '+') {
		c->qualifier = CF_QUAL_OVER;
		return p + 1;
	}
	const char *y = skip_spaces(p, end);
	if (word_is(y, end, "yuan")) {
		c->unit = CF_UNIT_CNY;
		return y + 4;
	}
	return p;
}

static bool stop_word(const char *w, const char *end)
{
	static const char *const stops[] = {
	    "in",  "of",   "for", "to",	  "from", "by",	  "and",  "or", "with",
	    "at",  "on",   "the", "a",	  "an",	  "was",  "were", "is", "are",
	    "has", "have", "up",  "down", "than", "that", "which"};
	for (size_t i = 0; i < sizeof stops / sizeof stops[0]; i++)
		if (word_is(w, end, stops[i]))
			return true;
	return false;
}

/* Up to three lower-case words after p (what is counted), stopping at
 * punctuation and at words that start a new phrase. */
static const char *measure_after(const char *p, const char *end, char *buf,
				 size_t size)
{
	size_t j = 0;
	int words = 0;
	const char *last_end = p;
	if (p < end && *p == '-')
		p++; /* "240-hour" */
	while (words < 3) {
		const char *w = skip_spaces(p, end);
		if (words == 0 && word_is(w, end, "of"))
			w = skip_spaces(w + 2, end);
		if (stop_word(w, end))
			break;
		const char *e = w;
		while (e < end &&
		       (is_alpha((unsigned char)*e) || *e == '-' || *e == '\''))
			e++;
		if (e == w)
			break;
		for (const char *c = w; c < e && j + 2 < size; c++)
			buf[j++] = (char)tolower((unsigned char)*c);
		buf[j++] = ' ';
		words++;
		p = last_end = e;
	}
	buf[j ? j - 1 : 0] = '\0';
	return last_end;
}

/* First year 1900–2100 named in the sentence around p. */
static int sentence_year(const char *text, size_t len, const char *p)
{
	const char *s = p, *e = p, *end = text + len;
	while (s > text && !(s[-1] == '\n' ||
			     (s[-1] == ' ' && s - 1 > text && s[-2] == '.')))
		s--;
	while (e < end && *e != '\n' &&
	       !(*e == '.' && (e + 1 == end || e[1] == ' ')))
		e++;
	for (const char *q = s; q + 4 <= e; q++) {
		if ((q > s &&
		     (isalnum((unsigned char)q[-1]) || q[-1] == '$')) ||
		    !isdigit((unsigned char)q[0]))
			continue;
		int n = 0;
		while (q + n < e && isdigit((unsigned char)q[n]))
			n++;
		int y = atoi(q);
		if (n == 4 && y >= 1900 && y <= 2100 &&
		    (q + 4 == e || !is_alpha((unsigned char)q[4])))
			return y;
		q += n;
	}
	return 0;
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

static bool is_year_alone(const char *digits, const cf_candidate *c)
{
	int v = atoi(digits);
	return strlen(digits) == 4 && v >= 1800 && v <= 2100 &&
	       c->unit == CF_UNIT_COUNT && c->scale == CF_SCALE_ONE &&
	       c->qualifier == CF_QUAL_EXACT;
}

/* Examines the number at p; returns where scanning goes on. */
static const char *candidate_at(scan *s, const char *p, long line, long col,
				int *rc)
{
	const char *end = s->text + s->len;
	char digits[64], measure[128];
	const char *q = read_number(p, end, digits, sizeof digits);
	if (!q)
		return p + 1;
	/* Glued to letters ("FY2008", "5G", "10th"): not a figure. */
	if ((p > s->text && is_alpha((unsigned char)p[-1])) ||
	    (p - s->text >= 2 && p[-1] == '-' &&
	     is_alpha((unsigned char)p[-2])) ||
	    (q < end && is_alpha((unsigned char)*q)))
		return q;
	cf_candidate c = {.scale = CF_SCALE_ONE,
			  .unit = CF_UNIT_COUNT,
			  .qualifier = CF_QUAL_EXACT,
			  .line = line,
			  .column = col};
	const char *start = p, *cur;
	if ((cur = currency_before(s->text, p, &c.unit)))
		start = cur;
	if ((cur = qualifier_before(s->text, start, &c.qualifier)))
		start = cur;
	const char *stop = suffix_after(q, end, &c);
	if (is_year_alone(digits, &c) ||
	    (after_month(s->text, p) && c.unit == CF_UNIT_COUNT))
		return q;
	stop = measure_after(stop, end, measure, sizeof measure);
	c.year = sentence_year(s->text, s->len, p);
	c.value_text = strdup(digits);
	c.measure = strdup(measure);
	c.quote = strndup(start, (size_t)(stop - start));
	if (!c.value_text || !c.measure || !c.quote || (*rc = push(s, &c))) {
		free(c.value_text);
		free(c.measure);
		free(c.quote);
		*rc = CF_ENOMEM;
	}
	return q;
}

int cf_extract_text(const char *text, size_t len, cf_candidate **out, size_t *n,
		    cf_error *err)
{
	scan s = {.text = text, .len = len};
	long line = 1, col = 1;
	int rc = 0;
	const char *p = text, *end = text + len;
	while (p < end && rc == 0) {
		bool starts = isdigit((unsigned char)*p) &&
			      (p == text || !(isdigit((unsigned char)p[-1]) ||
					      p[-1] == '.' || p[-1] == ','));
		const char *next =
		    starts ? candidate_at(&s, p, line, col, &rc) : p + 1;
		for (; p < next; p++) {
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

void cf_candidates_free(cf_candidate *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(c[i].value_text);
		free(c[i].measure);
		free(c[i].quote);
	}
	free(c);
}
