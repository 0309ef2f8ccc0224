/* claims.h — the claim language of SPEC §4: a claim parsed into a tree.
 * What a claim means, and how it is evaluated on a dataset, is in
 * evaluate.h (included at the end, so including this header gives the
 * whole claim API); results.h holds what evaluation concludes.
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
 * Ownership: cf_claim_parse allocates the claim and its tree; the caller
 * frees it with cf_claim_free.  Nothing here reads a dataset. */
#ifndef CIFRA_CLAIMS_H
#define CIFRA_CLAIMS_H

#include <stdbool.h>
#include <stddef.h>

#include "cifra/dataset.h"
#include "cifra/error.h"
#include "cifra/fmt.h"
#include "cifra/period.h"
#include "cifra/results.h"

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

#include "cifra/evaluate.h"

#endif
