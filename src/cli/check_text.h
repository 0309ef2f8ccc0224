/* check_text.h — `cifra check` for people (--format text, the default on a
 * terminal): a summary line counting claims and cross-checks by verdict,
 * then one short block per problem (inconsistent, undetermined,
 * unverifiable, weak) with id, verdict, source and quote, the claim, the
 * computed and stated values in full, the deviation and the notes, wrapped
 * to the terminal's width; agreeing results counted by kind (listed with
 * --all).  No line is wider than `width` unless a single word is, and a
 * number is never cut. */
#ifndef CIFRA_CHECK_TEXT_H
#define CIFRA_CHECK_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "cifra/claims.h"

typedef struct check_text_opts {
	size_t width; /* columns, at least 40 */
	bool colour;  /* ANSI colours for the verdicts */
	bool all;     /* list the agreeing results too */
	bool has_only;
	cf_verdict only; /* with has_only: list only this verdict */
} check_text_opts;

/* Writes rs[0..n) (most severe first) to fp.  Returns 0, or CF_EWRITE
 * when fp reports an error. */
int check_text_write(const cf_result *const *rs, size_t n,
		     const check_text_opts *o, FILE *fp);

/* Writes text wrapped to width, the cursor being at column col: words
 * separated by one blank, continuation lines indented by `indent`
 * columns, an interval in brackets kept on one line when it fits; ends
 * the line. */
void check_text_wrap(FILE *fp, const char *text, size_t col, size_t indent,
		     size_t width);

/* The width to wrap stdout at: $COLUMNS when it is a number >= 40, else the
 * terminal's width when stdout is one, else 80. */
size_t check_text_width(void);

/* Colour on stdout: only on a terminal, never when NO_COLOR is set (to
 * anything but ""; https://no-color.org). */
bool check_text_colour(void);

#endif
