/* textscan.h — bounded reading of words in UTF-8 text, shared by the
 * extractor's modules (numwords, lexicon, extract, relations).
 *
 * Every function takes the end of the text and never reads at or past it:
 * the extractor parses untrusted, not NUL-terminated buffers.  Letters are
 * ASCII letters and the bytes of non-ASCII characters, except those starting
 * general punctuation (U+2000..U+206F: dashes, curly quotes) and Latin-1
 * punctuation (U+0080..U+00BF: no-break space, ¥, «»), which separate words.
 * Case folding is ASCII plus the accented Latin-1 capitals (Á → á), enough
 * for English, Spanish and Portuguese words. */
#ifndef CIFRA_TEXTSCAN_H
#define CIFRA_TEXTSCAN_H

#include <stdbool.h>
#include <stddef.h>

typedef struct cf_span {
	const char *p;
	size_t n;
} cf_span;

/* Is the byte at p (before end) part of a word? */
bool cf_ts_is_letter(const char *p, const char *end);
bool cf_ts_is_digit(const char *p, const char *end);
/* Is the character ending just before p (not before text) a letter? */
bool cf_ts_letter_before(const char *text, const char *p);

/* Bytes of white space at p (space, tab, CR, LF, no-break space, thin
 * space), 0 if none; and the same for the space ending just before p. */
int cf_ts_space_len(const char *p, const char *end);
int cf_ts_space_len_before(const char *text, const char *p);
const char *cf_ts_skip_spaces(const char *p, const char *end);
const char *cf_ts_skip_spaces_back(const char *text, const char *p);

/* The word (letters and in-word apostrophes) starting at p, or ending just
 * before p after spaces are skipped; empty span when there is none. */
cf_span cf_ts_word_at(const char *p, const char *end);
cf_span cf_ts_word_before(const char *text, const char *p);

/* Case-insensitive equality of a span with a lower-case word or phrase
 * ("more than": one space in w matches any run of spaces or a hyphen). */
bool cf_ts_span_is(cf_span s, const char *w);
/* Text at p starts with the lower-case phrase w followed by a non-letter;
 * returns its length in bytes (0 when it does not). */
size_t cf_ts_starts(const char *p, const char *end, const char *w);
/* The phrase w ends just before p (spaces before p skipped); returns where
 * it starts, or NULL. */
const char *cf_ts_ends_before(const char *text, const char *p, const char *w);

/* Appends the lower-case form of [p, p+n) to buf (size bytes, always
 * NUL-terminated, truncated at a character boundary); returns the new
 * length. */
size_t cf_ts_lower_append(char *buf, size_t size, size_t len, const char *p,
			  size_t n);

/* Checks that [text, text+len) is UTF-8 without NUL or control bytes other
 * than tab, CR, LF, FF.  Returns 0, or 1 and the 1-based line and column
 * (in characters) of the first bad byte. */
int cf_ts_check_text(const char *text, size_t len, long *line, long *column);

#endif
