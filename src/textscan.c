#include "cifra/textscan.h"

#include <string.h>

bool cf_ts_is_letter(const char *p, const char *end)
{
	if (p >= end)
		return false;
	unsigned char c = (unsigned char)*p;
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
		return true;
	if (c < 0x80)
		return false;
	if (c == 0xE2 || c == 0xC2)
		return false; /* starts U+2000.. punctuation or U+0080..00BF */
	/* Other lead bytes start letters; a continuation byte is only met
	 * inside a character whose lead byte was already judged. */
	return true;
}

/* Where the character ending just before p starts (never before text). */
static const char *prev_char(const char *text, const char *p)
{
	const char *q = p - 1;
	while (q > text && ((unsigned char)*q & 0xC0) == 0x80 && p - q < 4)
		q--;
	return q;
}

bool cf_ts_is_digit(const char *p, const char *end)
{
	return p < end && *p >= '0' && *p <= '9';
}

int cf_ts_space_len(const char *p, const char *end)
{
	if (p >= end)
		return 0;
	if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		return 1;
	if (end - p >= 2 && (unsigned char)p[0] == 0xC2 &&
	    (unsigned char)p[1] == 0xA0)
		return 2;
	if (end - p >= 3 && (unsigned char)p[0] == 0xE2 &&
	    (unsigned char)p[1] == 0x80 &&
	    ((unsigned char)p[2] == 0xAF || (unsigned char)p[2] == 0x89))
		return 3; /* narrow no-break space, thin space */
	return 0;
}

int cf_ts_space_len_before(const char *text, const char *p)
{
	if (p <= text)
		return 0;
	char c = p[-1];
	if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
		return 1;
	if (p - text >= 2 && (unsigned char)p[-2] == 0xC2 &&
	    (unsigned char)p[-1] == 0xA0)
		return 2;
	if (p - text >= 3 && (unsigned char)p[-3] == 0xE2 &&
	    (unsigned char)p[-2] == 0x80 &&
	    ((unsigned char)p[-1] == 0xAF || (unsigned char)p[-1] == 0x89))
		return 3;
	return 0;
}

bool cf_ts_letter_before(const char *text, const char *p)
{
	return p > text && cf_ts_is_letter(prev_char(text, p), p);
}

const char *cf_ts_skip_spaces(const char *p, const char *end)
{
	int n;
	while ((n = cf_ts_space_len(p, end)))
		p += n;
	return p;
}

const char *cf_ts_skip_spaces_back(const char *text, const char *p)
{
	int n;
	while ((n = cf_ts_space_len_before(text, p)))
		p -= n;
	return p;
}

/* Letters, and an apostrophe between letters ("China's" is one word). */
static bool in_word(const char *q, const char *end)
{
	if (cf_ts_is_letter(q, end))
		return true;
	return q < end && *q == '\'' && cf_ts_is_letter(q + 1, end);
}

cf_span cf_ts_word_at(const char *p, const char *end)
{
	const char *q = p;
	if (p < end && ((unsigned char)*p & 0xC0) == 0x80)
		return (cf_span){p, 0}; /* inside a character: no word */
	while (q < end && in_word(q, end))
		q++;
	return (cf_span){p, (size_t)(q - p)};
}

cf_span cf_ts_word_before(const char *text, const char *p)
{
	const char *e = cf_ts_skip_spaces_back(text, p);
	const char *s = e;
	while (s > text && cf_ts_is_letter(prev_char(text, s), e))
		s = prev_char(text, s);
	return (cf_span){s, (size_t)(e - s)};
}

/* Lower case of a Latin letter at p: returns its bytes in out (1 or 2). */
static int fold(const char *p, const char *end, unsigned char out[2])
{
	unsigned char c = (unsigned char)*p;
	if (c >= 'A' && c <= 'Z') {
		out[0] = (unsigned char)(c + 32);
		return 1;
	}
	if (c == 0xC3 && end - p >= 2) {
		unsigned char d = (unsigned char)p[1];
		out[0] = c;
		out[1] = (unsigned char)(d >= 0x80 && d <= 0x9E && d != 0x97
					     ? d + 0x20
					     : d);
		return 2;
	}
	out[0] = c;
	return 1;
}

/* Bytes of text at p matching the lower-case phrase w (a space in w matches
 * a run of spaces or one hyphen), 0 when it does not match. */
static size_t match_phrase(const char *p, const char *end, const char *w)
{
	const char *q = p;
	while (*w) {
		if (*w == ' ') {
			int sp = cf_ts_space_len(q, end);
			if (!sp && q < end && *q == '-')
				sp = 1;
			if (!sp)
				return 0;
			q = cf_ts_skip_spaces(q + sp, end);
			w++;
			continue;
		}
		if (q >= end)
			return 0;
		unsigned char f[2];
		int n = fold(q, end, f);
		if ((unsigned char)w[0] != f[0] ||
		    (n == 2 && (unsigned char)w[1] != f[1]))
			return 0;
		q += n;
		w += n;
	}
	return (size_t)(q - p);
}

bool cf_ts_span_is(cf_span s, const char *w)
{
	return s.n && match_phrase(s.p, s.p + s.n, w) == s.n;
}

size_t cf_ts_starts(const char *p, const char *end, const char *w)
{
	size_t n = match_phrase(p, end, w);
	if (!n || in_word(p + n, end))
		return 0;
	return n;
}

const char *cf_ts_ends_before(const char *text, const char *p, const char *w)
{
	/* Walk back as many words as w has, then match forward. */
	size_t words = 1;
	for (const char *c = w; *c; c++)
		words += *c == ' ';
	const char *e = cf_ts_skip_spaces_back(text, p), *s = e;
	for (size_t i = 0; i < words; i++) {
		if (i) {
			const char *t = cf_ts_skip_spaces_back(text, s);
			if (t == s && s > text && s[-1] == '-')
				t = s - 1;
			if (t == s)
				return NULL;
			s = t;
		}
		const char *t = s;
		while (t > text && cf_ts_is_letter(prev_char(text, t), e))
			t = prev_char(text, t);
		if (t == s)
			return NULL;
		s = t;
	}
	return match_phrase(s, e, w) == (size_t)(e - s) ? s : NULL;
}

size_t cf_ts_lower_append(char *buf, size_t size, size_t len, const char *p,
			  size_t n)
{
	const char *end = p + n;
	while (p < end) {
		unsigned char f[2];
		int k = fold(p, end, f);
		if (len + (size_t)k + 1 > size)
			break;
		for (int i = 0; i < k; i++)
			buf[len++] = (char)f[i];
		p += k;
	}
	/* never leave half a character */
	while (len > 0 && ((unsigned char)buf[len - 1] & 0xC0) == 0xC0)
		len--;
	if (size)
		buf[len < size ? len : size - 1] = '\0';
	return len;
}

/* Length of the UTF-8 sequence at p, 0 when invalid. */
static int utf8_len(const unsigned char *p, const unsigned char *end)
{
	unsigned char c = p[0];
	int n = c < 0x80		 ? 1
		: c >= 0xC2 && c <= 0xDF ? 2
		: c >= 0xE0 && c <= 0xEF ? 3
		: c >= 0xF0 && c <= 0xF4 ? 4
					 : 0;
	if (!n || end - p < n)
		return 0;
	for (int i = 1; i < n; i++)
		if ((p[i] & 0xC0) != 0x80)
			return 0;
	if ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] > 0x9F) ||
	    (c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] > 0x8F))
		return 0; /* overlong, surrogate, beyond U+10FFFF */
	return n;
}

int cf_ts_check_text(const char *text, size_t len, long *line, long *column)
{
	const unsigned char *p = (const unsigned char *)text, *end = p + len;
	long ln = 1, col = 1;
	while (p < end) {
		int n = utf8_len(p, end);
		bool control = n == 1 && (*p < 0x20 || *p == 0x7F) &&
			       *p != '\t' && *p != '\n' && *p != '\r' &&
			       *p != '\f';
		if (!n || control) {
			*line = ln;
			*column = col;
			return 1;
		}
		if (*p == '\n') {
			ln++;
			col = 1;
		} else {
			col++;
		}
		p += n;
	}
	return 0;
}
