/* numwords.h — numbers written in words in English, Spanish and Portuguese.
 *
 * Cardinals below a thousand come from a table generated at build time from
 * libnumbertext's spelling rules (tools/gen_numwords.cc: it spells 0..999
 * and the ordinals 1..99, the library reads them back); thousands are
 * composed here ("dos mil quinientos", "três mil", "twenty-eight thousand").
 * Idioms ("a dozen", "a hundred", "un"), fractions ("two-thirds", "la
 * mitad", "dois quintos", "uno de cada cinco") and multiples ("doubled",
 * "triplicó", "o dobro") are small tables in numwords.c, each with tests.
 * Scale words after the number (million, milhões) are not read here: the
 * extractor reads them the same way after digits and after words. */
#ifndef CIFRA_NUMWORDS_H
#define CIFRA_NUMWORDS_H

#include <stdbool.h>
#include <stddef.h>

#include "cifra/figure.h"
#include "cifra/lang.h"

/* One row of the generated table (lower case, hyphens as spaces). */
typedef struct cf_numword {
	const char *lang;
	const char *words;
	int value;
	int ordinal; /* 1 for "fourth", "cuarta"... */
} cf_numword;

extern const cf_numword cf_numword_table[];
extern const size_t cf_numword_table_len;

typedef enum cf_numword_kind {
	CF_NUMWORD_CARDINAL, /* "twenty-eight", "a dozen", "dos mil" */
	CF_NUMWORD_FRACTION, /* "two-thirds", "la mitad": a ratio */
	CF_NUMWORD_MULTIPLE  /* "doubled", "o dobro": a ratio */
} cf_numword_kind;

typedef struct cf_numword_match {
	char value_text[24]; /* "28", "0.67", "2" */
	cf_numword_kind kind;
	bool hedged; /* a rounded fraction ("a third" = 0.33) */
	size_t len;  /* bytes of text the words take */
} cf_numword_match;

/* Reads the number written in words that starts at p (a word start) and
 * ends before end; the longest reading wins.  Returns true and fills *m, or
 * false when no number starts at p.  Reads no byte at or past end. */
bool cf_numwords_read(cf_lang lang, const char *p, const char *end,
		      cf_numword_match *m);

/* The word at p is an ordinal ("fourth", "segundo", "terceira") or a
 * cardinal below a thousand, value in *value: for rules that read
 * "for the third consecutive year" or "por tercer año". */
bool cf_numwords_ordinal(cf_lang lang, const char *p, const char *end,
			 int *value, size_t *len);

#endif
