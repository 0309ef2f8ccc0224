/* claims.h — the claim language of SPEC §4: parsing a claim, evaluating it
 * on a dataset with interval arithmetic, the verdict, and the figures a claim
 * implies.
 *
 * Grammar (recursive descent, blanks ignored between tokens):
 *
 *   comparison := expr OP expr            OP: == ~= < <= > >=
 *   expr       := term (('+' | '-') term)*
 *   term       := unary (('*' | '/') unary)*
 *   unary      := '-' unary | primary
 *   primary    := NUMBER ['%'] | SERIES '[' PERIOD ']' ['@' SOURCE]
 *               | FUNC '(' expr (',' expr)* ')' | '(' expr ')'
 *   FUNC       := yoy | cagr | min | max | sum
 *
 * Meaning:
 * - A literal is an exact number ("> 300e9" compares with exactly 3e11),
 *   except the stated value: a plain literal (optionally negated) on the
 *   right of "==" stands for its rounding interval ("42.3%" is
 *   [0.4225, 0.4235], "35" is [34.5, 35.5]), on the right of "~=" for the
 *   point widened by the tolerance ("~= 2" at 5% is [1.9, 2.1]).  When the
 *   right side is an expression, it is computed like the left one (and for
 *   "~=" widened by the tolerance).
 * - Units: amounts are in base units (US$, not US$ bn); percentages are
 *   fractions: a figure whose unit is percent enters a claim divided by 100,
 *   so it compares with "42.3%" and with yoy(), which yields a fraction.
 * - SERIES[PERIOD] is the intersection of the intervals of all cited and
 *   reference figures of that series and period.  When they do not meet,
 *   the claim's own source's figures are used if that source has one there;
 *   otherwise the claim is unverifiable ("conflicting figures: add @source").
 *   SERIES[PERIOD]@SRC uses only that source's figures.  Implied figures
 *   (cf_figure.implied) never enter an evaluation: a claim must not be
 *   confirmed by what another claim (or itself) asserted.
 * - yoy(S[P]) is S[P] / S[prev year of P] - 1, the base taken with the same
 *   @source restriction; cagr(A[P], B[Q]) is the compound annual growth over
 *   cf_period_years_between(P, Q) years (which must be positive); min, max,
 *   sum take listed terms, or one S[Y1/Y2] year span meaning the annual
 *   figures of every year of the span (a missing year: unverifiable, the
 *   missing years are named).
 * - Verdicts: for <, <=, >, >= through cf_interval_always_less(_equal):
 *   consistent when the relation holds for every value of the intervals,
 *   inconsistent when for none, undetermined otherwise.  For == and ~=:
 *   consistent when computed and stated intervals meet, inconsistent when
 *   not.  A computation that divided by an interval containing zero never
 *   yields more than undetermined (its result says almost nothing).  A
 *   missing or unresolvable figure makes the claim unverifiable.
 * - A consistent "==" is flagged within_rounding when the left side computed
 *   on the values as written (points) falls outside the stated interval.
 *   Not when a bound (over, at_least, under, at_most) entered: "over 300"
 *   has no written point to redo the arithmetic on.
 * - Weak agreement (SPEC §4): a consistent "==" or "~=" whose computed
 *   interval is unbounded or more than ten times as wide as the stated one
 *   is flagged weak; the verdict stays consistent.
 * - Implied figures: an equation (== or ~=) with exactly one missing figure,
 *   occurring once and entering monotonically (through + - * /, a sum, yoy,
 *   cagr; not min/max), is solved for that figure by inverting the stated
 *   interval through the expression.  The verdict stays unverifiable and the
 *   result carries the implied interval (cf_result.has_implied…).  An
 *   implied figure lives only there: it never enters the dataset, so no
 *   verdict, growth or chart value can be computed from it. */
#ifndef CIFRA_CLAIMS_H
#define CIFRA_CLAIMS_H

#include <stdbool.h>
#include <stddef.h>

#include "cifra/dataset.h"
#include "cifra/error.h"
#include "cifra/figure.h"
#include "cifra/fmt.h"
#include "cifra/interval.h"
#include "cifra/period.h"

/* In order of severity (the order `cifra check` lists them in). */
typedef enum cf_verdict {
	CF_VERDICT_INCONSISTENT,
	CF_VERDICT_UNDETERMINED,
	CF_VERDICT_UNVERIFIABLE,
	CF_VERDICT_CONSISTENT
} cf_verdict;

const char *cf_verdict_name(cf_verdict v);
/* Returns 0 or CF_EUSAGE for an unknown name. */
int cf_verdict_parse(const char *text, cf_verdict *out, cf_error *err);

typedef enum cf_cmp {
	CF_CMP_EQ,
	CF_CMP_APPROX,
	CF_CMP_LT,
	CF_CMP_LE,
	CF_CMP_GT,
	CF_CMP_GE
} cf_cmp;

typedef enum cf_node_kind {
	CF_NODE_NUMBER,
	CF_NODE_REF,
	CF_NODE_NEG,
	CF_NODE_ADD,
	CF_NODE_SUB,
	CF_NODE_MUL,
	CF_NODE_DIV,
	CF_NODE_YOY,
	CF_NODE_CAGR,
	CF_NODE_MIN,
	CF_NODE_MAX,
	CF_NODE_SUM
} cf_node_kind;

/* The deepest expression a claim may hold (nested parentheses, '-' signs,
 * calls, or a chain of binary operators such as a + b + c …): the parser
 * and the evaluator recurse, and a claim of 100 000 '(' must be an error
 * (CF_EDATA naming the claim and the column), not a stack overflow. */
#define CF_CLAIM_MAX_DEPTH 256

typedef struct cf_node {
	cf_node_kind kind;
	int depth;     /* 1 for a leaf, else 1 + the deepest argument */
	long column;   /* 1-based column in the expression */
	double number; /* NUMBER: the value ('%' applied) */
	char *text;    /* NUMBER: the digits as written, without '%' */
	bool percent;  /* NUMBER: written with '%' */
	char *series;  /* REF */
	cf_period period;
	char *source; /* REF: after '@', NULL when absent */
	size_t nargs; /* operators: 1 or 2; functions: their arguments */
	struct cf_node **args;
} cf_node;

typedef struct cf_claim {
	char *id;
	char *text;
	cf_cmp cmp;
	cf_node *lhs, *rhs;
	double tolerance; /* fraction, for ~= (default 0.05) */
} cf_claim;

/* Parses text.  tolerance: "5%", "0.05" or NULL/"" for the default.  On a
 * syntax error returns CF_EDATA, err->column is the 1-based column in text
 * and the message reads "claim ID: expected ']', found '+'"; also for a
 * number out of range (1e400, and 1e-400, which is not 0) and an
 * expression deeper than CF_CLAIM_MAX_DEPTH.  CF_ENOMEM.  *out is the
 * caller's (cf_claim_free); NULL on error. */
int cf_claim_parse(const char *id, const char *text, const char *tolerance,
		   cf_claim **out, cf_error *err);
/* The same for a claims.csv row: the error names the row's file, line and
 * the column in the file (row->claim_column + offset in the claim). */
int cf_claim_parse_row(const cf_claim_row *row, cf_claim **out, cf_error *err);
void cf_claim_free(cf_claim *c);

/* What a claim or a cross-check (checks.h) concluded.  Intervals are in
 * claim units (percent as fractions, see above). */
typedef struct cf_result {
	char *id;
	const char *kind; /* "claim", "conflict", "subperiod", "cumulative",
			     "parts", "delivery" (static) */
	char *text;	  /* the claim, or what the cross-check compares */
	cf_verdict verdict;
	bool within_rounding;
	/* A consistent == / ~= claim whose figures cannot pin the value
	 * down (cf_result_is_weak): the note gives the range they allow. */
	bool weak;
	cf_interval computed, stated;
	double deviation; /* (mid computed - mid stated) / |mid stated|, or
			     NaN */
	cf_unit unit;	  /* of the computed value, for display (PERCENT:
			     fractions shown as %) */
	char *source;	  /* the claim's source; NULL for cross-checks */
	char *quote;
	size_t nfigures;
	const cf_figure **figures; /* that entered, borrowed from the dataset */
	size_t nmissing;
	char **missing; /* "series[period]" (with "@src" when restricted) */
	bool has_implied;
	char *implied_series;
	cf_period implied_period;
	cf_interval implied; /* in the series' own unit (percent as percent) */
	cf_unit implied_unit;
	char *note; /* for people: missing figures, implied figure,
		       conflicts; NULL when nothing to say */
} cf_result;

typedef struct cf_results {
	size_t n, cap;
	cf_result *items;
} cf_results;

/* Evaluates one parsed claim against ds.  source/quote: the claim row's
 * (source may be NULL).  Fills *out (cf_result_clear it). */
int cf_claim_evaluate(const cf_dataset *ds, const cf_claim *c,
		      const char *source, const char *quote, cf_result *out,
		      cf_error *err);

/* Parses and evaluates every claim row of ds in file order, appending one
 * result per claim to out.  ds is only read.  The first claim that does not
 * parse stops it with CF_EDATA (file, line and column of the claim);
 * CF_ENOMEM.  On error the results already appended stay in out (the caller
 * frees out either way). */
int cf_claims_check(const cf_dataset *ds, cf_results *out, cf_error *err);

/* A new zeroed result at the end of rs (NULL on ENOMEM). */
cf_result *cf_results_push(cf_results *rs);
/* Adds a figure to r's list unless already there.  0 or CF_ENOMEM. */
int cf_result_add_figure(cf_result *r, const cf_figure *f);
/* Most severe first, ties by id. */
void cf_results_sort(cf_results *rs);
void cf_result_clear(cf_result *r);
void cf_results_free(cf_results *rs); /* frees the items, not rs */

/* A figure's interval / value as written in claim units: percent figures
 * as fractions (42.3 percent is 0.423), everything else as it is. */
cf_interval cf_figure_claim_value(const cf_figure *f);
double cf_figure_claim_written(const cf_figure *f);

/* Whether a consistent comparison cmp of computed with stated agrees only
 * weakly: cmp is == or ~= and computed is unbounded or more than ten times
 * as wide as stated. */
bool cf_result_is_weak(cf_cmp cmp, cf_interval computed, cf_interval stated);

/* Deviation between midpoints as defined above. */
double cf_deviation(cf_interval computed, cf_interval stated);

/* "consistent", "consistent (within rounding)", "consistent (weak)"…:
 * the verdict with its flags, as every output shows it.  Returns buf. */
char *cf_result_verdict_text(const cf_result *r, char *buf, size_t size);

#endif
