/* extract_out.h — what `cifra extract` does with the candidates: names
 * them, finds the claims, prints figures or claims, or writes a dataset
 * directory that `cifra check --data DIR` loads as it is. */
#ifndef CIFRA_EXTRACT_OUT_H
#define CIFRA_EXTRACT_OUT_H

#include "cli.h"

typedef struct cf_extraction {
	const char *source; /* source id (borrowed) */
	const char *path;   /* the article file (borrowed) */
	cf_lang lang;
	cf_candidate *cands;
	size_t n;
	char **series, **periods; /* per candidate */
	cf_relation *rels;
	size_t nrels;
} cf_extraction;

/* Series names, periods and claims of x's candidates. */
int extraction_name(cf_extraction *x, const char *text, size_t len,
		    cf_error *err);
int extraction_print_figures(const cf_extraction *x, const cli_common *c);
int extraction_print_claims(const cf_extraction *x, const cli_common *c);
/* Writes DIR (which must not exist) whole or not at all: built in a
 * private directory beside it (outfile.h), renamed to DIR when complete;
 * its temporaries are reported to cleanup (may be NULL).  Errors:
 * CF_EWRITE (DIR exists, cannot create or write, naming DIR/NAME),
 * CF_ENOMEM. */
int extraction_write_dir(const cf_extraction *x, const char *dir,
			 const cf_cleanup *cleanup, cf_error *err);
/* One line to stderr: what was written; returns 0. */
int extraction_summary(const cf_extraction *x, const char *dir);
void extraction_free(cf_extraction *x);

#endif
