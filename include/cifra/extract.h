/* extract.h — candidate figures found in an article's plain text.
 *
 * The extractor is a reader's assistant, not an oracle: it finds every
 * number a reader would treat as a figure (amounts, counts, percentages)
 * with what surrounds it — currency, scale word, qualifier ("more than",
 * "nearly", "20-plus"), the year of its sentence and the words that follow
 * (what is counted) — so that a person turns the candidates into dataset
 * rows.  It skips what is not a quantity: years standing alone, days of a
 * month, ordinals ("10th"), numbers glued to letters ("FY2008"). */
#ifndef CIFRA_EXTRACT_H
#define CIFRA_EXTRACT_H

#include <stddef.h>

#include "cifra/error.h"
#include "cifra/figure.h"

typedef struct cf_candidate {
	char *value_text; /* digits as written, thousands separators removed */
	cf_scale scale;
	cf_unit unit;
	cf_qualifier qualifier;
	int year;	   /* a year named in the same sentence, 0 if none */
	char *measure;	   /* up to three words after the number ("government
			      scholarships"), lower case; may be "" */
	char *quote;	   /* the words of the text that state the figure */
	long line, column; /* where the number starts (1-based, characters) */
} cf_candidate;

/* Scans text (UTF-8).  *out is malloc'd; free with cf_candidates_free. */
int cf_extract_text(const char *text, size_t len, cf_candidate **out, size_t *n,
		    cf_error *err);
void cf_candidates_free(cf_candidate *c, size_t n);

#endif
