/* extract.h — candidate figures found in an article's plain text, in
 * English, Spanish or Portuguese, in digits or in words.
 *
 * The extractor is a reader's assistant, not an oracle: it finds every
 * number a reader would treat as a figure (amounts, counts, percentages,
 * fractions, multiples) with what surrounds it — currency, scale word or
 * suffix, qualifier ("more than", "casi", "20-plus"), what kind of figure it
 * is (a level, a growth rate, a share, a multiple, a count, a threshold) and
 * its sign (a fall is negative), the period of its sentence and the words
 * that follow (what is counted) — so that a person turns the candidates
 * into dataset rows.  It skips what is not a quantity: years and dates,
 * numbers in names and identifiers ("G20", "Section 301", "COVID-19",
 * "HS code 1201", "decreto 11.428"), ordinals ("10th", "4º"), "the two
 * sides", and "first 11 months" (part of a period).
 *
 * The text is untrusted: it is read only within [text, text+len), need not
 * be NUL-terminated, and must be UTF-8 (see cf_extract_text). */
#ifndef CIFRA_EXTRACT_H
#define CIFRA_EXTRACT_H

#include <stddef.h>

#include "cifra/error.h"
#include "cifra/figure.h"
#include "cifra/lang.h"

typedef enum cf_kind {
	CF_KIND_COUNT,	  /* 17,000 scholarships */
	CF_KIND_LEVEL,	  /* an amount of money: $518.4 billion */
	CF_KIND_GROWTH,	  /* a change: up 42.3%, cayeron un 11,3% */
	CF_KIND_SHARE,	  /* 18% of the total, two-thirds */
	CF_KIND_MULTIPLE, /* doubled, 35 veces, three times */
	CF_KIND_THRESHOLD /* exceeding US$400 billion, superaron los … */
} cf_kind;

/* "count", "level", …: a static string, never NULL ("count" for a value
 * outside the enum). */
const char *cf_kind_name(cf_kind k);

typedef struct cf_candidate {
	char *value_text; /* "518.4", "17000", "0.67": as a dataset value */
	cf_scale scale;
	cf_unit unit;	  /* CF_UNIT_USD/CNY for those currencies; other
			     money has unit CF_UNIT_COUNT and a currency */
	char currency[4]; /* ISO 4217 code of money ("USD", "BRL"), "" */
	cf_qualifier qualifier;
	cf_kind kind;
	int sign;	   /* +1, or -1 for a fall ("fell 3%", "queda") */
	int year;	   /* the year of its sentence, 0 if none */
	char period[24];   /* EDTF period of its sentence ("2021-01/2021-11",
			      "2018/2020", "2024"), "" when none */
	char *measure;	   /* up to three words after the number, lower
			      case; may be "" */
	char *quote;	   /* the words of the text that state the figure */
	long line, column; /* where the number starts (1-based, characters) */
	size_t start, end; /* byte offsets of the quote in the text */
	size_t number;	   /* byte offset where the number itself starts */
	size_t sentence;   /* byte offset where its sentence starts */
} cf_candidate;

/* Scans text (len bytes, UTF-8, need not be NUL-terminated) in language
 * lang.  *out is malloc'd (NULL when *n is 0); free with
 * cf_candidates_free.  Returns 0; CF_EDATA with line and column when the
 * text is not UTF-8 or holds NUL or other control bytes (binary), or when it
 * is empty or only white space; CF_ENOMEM.  Nothing is returned on error. */
int cf_extract_text_lang(const char *text, size_t len, cf_lang lang,
			 cf_candidate **out, size_t *n, cf_error *err);

/* The same with the language guessed from the text (cf_lang_detect). */
int cf_extract_text(const char *text, size_t len, cf_candidate **out, size_t *n,
		    cf_error *err);

/* Frees the n candidates of c and their strings (c may be NULL). */
void cf_candidates_free(cf_candidate *c, size_t n);

#endif
