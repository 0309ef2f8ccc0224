/* cli.h — what the commands of the cifra program share: the options every
 * command takes (--data, --format, --help), error printing in the one
 * format users see ("cifra: FILE:LINE:COL: message"), and the sysexits
 * codes.  Only the command line prints; the library reports through
 * cf_error. */
#ifndef CIFRA_CLI_H
#define CIFRA_CLI_H

#include <getopt.h>
#include <stdbool.h>

#include "cifra/cifra.h"

/* Options every command understands. */
typedef struct cli_common {
	const char *data_dir; /* --data DIR, default "datasets" */
	cf_format format;     /* --format table|csv|json|text */
	bool format_given;    /* --format was on the command line */
} cli_common;

/* Long options shared by all commands, to splice into a command's table:
 * { "data", 1, 0, CLI_OPT_DATA }, { "format", … }, { "help", … }. */
enum { CLI_OPT_DATA = 1000, CLI_OPT_FORMAT, CLI_OPT_HELP, CLI_OPT_FIRST_FREE };
#define CLI_COMMON_LONG_OPTIONS                                                \
	{"data", required_argument, 0, CLI_OPT_DATA},                          \
	    {"format", required_argument, 0, CLI_OPT_FORMAT},                  \
	{                                                                      \
		"help", no_argument, 0, CLI_OPT_HELP                           \
	}

/* The defaults: --data datasets, --format table. */
void cli_common_init(cli_common *c);

/* Handles a getopt_long result that is a common option.  Returns 1 when
 * handled, 0 when opt is not a common option, or -(exit status) on a bad
 * value (already printed).  For CLI_OPT_HELP it prints usage (the command's
 * usage text) and returns -(0x100) so the caller exits 0. */
int cli_common_option(cli_common *c, int opt, const char *arg,
		      const char *usage);
#define CLI_HELP_SHOWN (-0x100)

/* Handles one command-specific option; returns 0, or non-zero after
 * printing a usage error. */
typedef int (*cli_option_fn)(int opt, const char *arg, void *ctx);

/* Parses argv (argv[0] is the command name) with the common options, the
 * extra long options (NULL-terminated table, may be NULL) and "-o ARG"
 * (passed to fn as 'o').  Returns -1 when the command should go on, with
 * positional arguments at argv[optind..]; otherwise the exit status (0
 * after --help). */
int cli_parse(int argc, char **argv, const char *usage,
	      const struct option *extra, cli_option_fn fn, void *ctx,
	      cli_common *c);

/* Prints err as "cifra: FILE:LINE:COL: message" (omitting what is unknown)
 * and returns its sysexits status. */
int cli_fail(const cf_error *err);

/* Prints "cifra: out of memory" and returns 70 (EX_SOFTWARE), for an
 * allocation that failed in the CLI itself (never 71, never silently). */
int cli_nomem(void);

/* Prints "cifra: COMMAND: message" and the usage hint; returns 64. */
int cli_usage_error(const char *command, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Loads the dataset, printing the error; returns 0 or an exit status. */
int cli_load(const cli_common *c, cf_dataset **out);

/* The one analysis of the dataset (analysis.h) for a command: loads the
 * dataset into *ds unless *ds is already set, replaces its claims by those
 * of the file claims (NULL: keep them), and runs cf_analysis_run with opt.
 * Returns 0, or an exit status after printing the error; on error *ds is
 * freed and NULL, *a NULL.  The caller frees *a (cf_analysis_free) before
 * *ds (cf_dataset_free). */
int cli_analyse(const cli_common *c, const char *claims,
		const cf_analysis_options *opt, cf_dataset **ds,
		cf_analysis **a);

/* Writes o to stdout in c->format; returns 0 or an exit status (73 when
 * stdout cannot be written, the message naming <stdout>). */
int cli_emit(const cli_common *c, const cf_output *o);

/* Writes doc (stolen; NULL means out of memory) to stdout as JSON and
 * flushes it; returns 0 or an exit status as cli_emit. */
int cli_emit_json(json_t *doc);

/* Flushes stdout; 0, or 73 after printing "cifra: <stdout>: cannot write
 * output: REASON". */
int cli_flush(void);

/* Number in the human table style: US$ amounts in bn/mn with the given
 * decimals, counts with thousands separators, percent with one decimal. */
void cli_format_amount(double value, cf_unit unit, int decimals, char *buf,
		       size_t size);

/* A qualifier as a person writes it before a number, with its space:
 * "", "about ", "over ", "at least ", "under ", "at most ". */
const char *cli_qualifier_words(cf_qualifier q);

/* The figure's value as written, with its unit and scale ("US$518.4 bn",
 * "17,000", "42.3%"). */
void cli_format_written(const cf_figure *f, char *buf, size_t size);

/* A figure's interval in the scale it was written in ("[518.35, 518.45]"). */
void cli_format_figure_interval(const cf_figure *f, char *buf, size_t size);

/* Commands: each takes argc/argv starting at the command name and returns
 * the process exit status. */
int cmd_list(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_growth(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_plot(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_extract(int argc, char **argv);
int cmd_import(int argc, char **argv);

#endif
