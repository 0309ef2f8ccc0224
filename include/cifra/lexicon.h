/* lexicon.h — the words around a number that say what it is, in English,
 * Spanish and Portuguese: scale words and suffixes, currencies, qualifiers,
 * words of growth and decline, of thresholds, months, and the words that
 * make a number part of a name ("Section 301", "decreto 11.428").
 *
 * Tables only, with lookups that read the text in place (bounded by end,
 * never NUL-terminated), so that the extractor's rules stay short and every
 * word list is in one place. */
#ifndef CIFRA_LEXICON_H
#define CIFRA_LEXICON_H

#include <stdbool.h>
#include <stddef.h>

#include "cifra/figure.h"
#include "cifra/lang.h"

/* A scale word or suffix at p ("billion", "mil millones", "bilhões", "bn",
 * "m"): returns its length and sets *scale, 0 when none.  glued: p directly
 * follows the digits ("$111.5bn"); then only suffixes count, and "m" only
 * when money says so (has_currency). */
size_t cf_lex_scale(cf_lang lang, const char *p, const char *end, bool glued,
		    bool has_currency, cf_scale *scale);

/* A currency written before the number ending just before p ("US$", "R$",
 * "$", "USD", "¥", "€"): returns where it starts and sets code (ISO 4217,
 * 4 bytes), NULL when none. */
const char *cf_lex_currency_before(const char *text, const char *p,
				   char code[4]);
/* A currency named after the number and its scale ("dollars", "de
 * dólares", "yuan", "reais", "pesos"): returns its length, 0 when none.
 * peso is the ISO code "pesos" stands for in this document. */
size_t cf_lex_currency_after(const char *p, const char *end, const char *peso,
			     char code[4]);

/* A percent sign or word at p ("%", "percent", "por ciento", "por cento",
 * "percentage points"): its length, 0 when none. */
size_t cf_lex_percent(const char *p, const char *end);

/* A qualifier phrase ending just before p ("more than", "casi", "cerca
 * de", "mais de"): returns where it starts and sets *q, NULL when none. */
const char *cf_lex_qualifier_before(const char *text, const char *p,
				    cf_qualifier *q);

typedef enum cf_lex_class {
	CF_LEX_NONE,
	CF_LEX_RISE,	   /* rose, grew, crecieron, alta */
	CF_LEX_FALL,	   /* fell, down, cayeron, queda, menos */
	CF_LEX_TO,	   /* to, hasta, para: a level after a change */
	CF_LEX_THRESHOLD,  /* exceeded, superó, ultrapassou */
	CF_LEX_MULTIPLY,   /* multiplied, se multiplicó */
	CF_LEX_SHARE,	   /* share, of the total, del total */
	CF_LEX_YOY,	   /* year-on-year, interanual */
	CF_LEX_FIRST_TIME, /* for the first time, por primera vez */
	CF_LEX_RECORD	   /* record, historic high, récord */
} cf_lex_class;

/* Class of the word or phrase at p, and its length in *len. */
cf_lex_class cf_lex_classify(const char *p, const char *end, size_t *len);

/* "times", "veces", "vezes", "vez", "fold" at p: its length, 0 if none. */
size_t cf_lex_times(const char *p, const char *end);

/* Month name (any of the three languages) at p: 1..12, length in *len;
 * 0 when none.  cf_lex_month_before: the month word ending before p
 * ("May 13", "13 de mayo" is read by the caller from the other side). */
int cf_lex_month(const char *p, const char *end, size_t *len);
int cf_lex_month_before(const char *text, const char *p);

/* The word before p makes the number that follows a name or identifier
 * ("Section", "Article", "HS code", "decreto", "No.", "Route"). */
bool cf_lex_identifier_before(const char *text, const char *p);

/* Does [from, to) hold a verb of state in the present tense ("comprises",
 * "has", "cuenta con", "tem")?  Such a sentence says how things stand when
 * the text was written, not in the year of the sentence before it. */
bool cf_lex_present_state(const char *from, const char *to);

/* Words that end the "what is counted" phrase after a number. */
bool cf_lex_stop_word(const char *p, const char *end);

#endif
