/* relations.h — from an article's candidate figures to a dataset that
 * `cifra check` evaluates: series names for the figures, and the relations
 * the text asserts between them as claims in the SPEC §4 language.
 *
 * Series are named <prefix>.<subject>[.<kind>]: the subject is the trade or
 * finance word nearest before the figure in its sentence ("exports",
 * "comercio", "investimento" → exports, trade, investment) or, for counts,
 * the words counted ("government_scholarships"); growth rates, shares and
 * multiples get a .growth/.share/.multiple suffix.  Two figures of one
 * series and period state one quantity (SPEC §1), so a name is made unique
 * (_2, _3…) unless the values agree.
 *
 * Claims found (each with the few words that state it as quote):
 *   a growth with its level   "climbed 52% to $111.5bn"   yoy(S[P]) == 52%
 *   a multiple over time      "double … a decade earlier" S[P] / S[P-10] ~= 2
 *   a threshold, first time   "exceeding $400bn for the first time"
 *                                                          S[P] > 400e9
 *   N consecutive years       "above $300bn for three consecutive years"
 *                                                 min(S[Y1], …, S[Y2]) > 300e9
 *   a record                  "a historic high of $518.4bn"
 *                                                 S[P] == max(S[Y0/P])
 * where Y0 is the earliest year the article names (at most 30 years back). */
#ifndef CIFRA_RELATIONS_H
#define CIFRA_RELATIONS_H

#include <stddef.h>

#include "cifra/error.h"
#include "cifra/extract.h"

typedef struct cf_relation {
	char *claim;	 /* SPEC §4 expression */
	char *tolerance; /* "5%" for ~=, else NULL */
	char *quote;
	size_t at; /* byte offset of the first figure it uses */
} cf_relation;

/* Series name and period of every candidate.  (*series)[i] and
 * (*periods)[i] are malloc'd strings (free with cf_relations_names_free);
 * a candidate without a period of its own gets the latest year the text
 * names (or "" when it names none).  prefix: a dotted lower-case
 * identifier.  Returns 0 or CF_ENOMEM. */
int cf_relations_name(const char *text, size_t len, const cf_candidate *c,
		      size_t n, const char *prefix, char ***series,
		      char ***periods, cf_error *err);
void cf_relations_names_free(char **series, char **periods, size_t n);

/* The claims the text asserts between its candidates (named as above).
 * *out is malloc'd; free with cf_relations_free.  Returns 0 or CF_ENOMEM. */
int cf_relations_find(const char *text, size_t len, const cf_candidate *c,
		      size_t n, char *const *series, char *const *periods,
		      cf_relation **out, size_t *nout, cf_error *err);
void cf_relations_free(cf_relation *r, size_t n);

/* A dotted lower-case identifier from any text: ASCII letters and digits
 * kept (accents dropped: "exportações" → "exportacoes"), other runs become
 * one '_'; at most max bytes; "x" when nothing is left.  Malloc'd. */
char *cf_relations_slug(const char *p, size_t n, size_t max);

#endif
