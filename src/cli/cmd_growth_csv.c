/* cmd_growth_csv.c — `cifra growth --csv FILE --key COLS --time COL --value
 * COL`: grouped growth over a large foreign CSV (bulk.h does the work), with
 * a progress line when stderr is a terminal and an output file that appears
 * only when complete. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "cifra/bulk.h"
#include "cifra/outfile.h"
#include "cleanup.h"
#include "cli.h"
#include "growth_csv.h"

static const char usage[] =
    "usage: cifra growth --csv FILE --key COLS --time COL --value COL\n"
    "                    [--where COL=VALUE]... [--out FILE] [--summary]\n"
    "                    [--sorted] [--sum] [--threads N]\n"
    "       cifra growth --tsv[=FILE] [--key COLS] [--sorted] [--summary] "
    "[--sum]\n"
    "Year-on-year growth of VALUE for every KEY, as SQL's\n"
    "  value / lag(value) OVER (PARTITION BY key ORDER BY time) - 1\n"
    "(missing when either value is missing or the previous one is 0).\n"
    "  --csv FILE   input CSV with a header row (- or absent: stdin)\n"
    "  --key COLS   key columns, comma-separated names\n"
    "  --time COL   integer time column (a year); --value COL the value\n"
    "  --where COL=VALUE  keep only rows where COL is VALUE (repeatable:\n"
    "               values of one column: any; different columns: all)\n"
    "  --out FILE   write there (only once complete) instead of stdout\n"
    "  --summary    one row per key: first_time,last_time,n,cagr,trend,"
    "trend_lo,trend_hi\n"
    "  --sorted     input has each key's rows together, time ascending:\n"
    "               stream in constant memory (checked)\n"
    "  --sum        add the values of a repeated key and time\n"
    "  --threads N  threads reading a file (default: one per core)\n"
    "  --tsv        Hadoop Streaming: key…<TAB>time<TAB>value lines, no "
    "header,\n"
    "               TSV out (stdin, or --tsv=FILE)\n"
    "See docs/large-files.md.\n";

enum {
	OPT_CSV = CLI_OPT_FIRST_FREE,
	OPT_TSV,
	OPT_KEY,
	OPT_TIME,
	OPT_VALUE,
	OPT_OUT,
	OPT_SUMMARY,
	OPT_SORTED,
	OPT_SUM,
	OPT_WHERE,
	OPT_THREADS
};

#define MAX_FILTERS 64

typedef struct args {
	const char *in, *out;
	char *keybuf;
	const char *keys[64];
	char *wherebuf[MAX_FILTERS];
	const char *wcols[MAX_FILTERS], *wvals[MAX_FILTERS];
	cf_bulk_options opt;
} args;

/* ---- progress on a terminal -------------------------------------------- */

typedef struct progress {
	FILE *in;
	double start, last;
	long long size; /* 0: unknown (a pipe) */
	int shown;
} progress;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void on_progress(void *ctx, long rows)
{
	progress *p = ctx;
	double t = now();
	if (t - p->last < 0.25)
		return;
	p->last = t;
	double el = t - p->start;
	long long pos = p->size ? (long long)ftello(p->in) : -1;
	fprintf(stderr, "\rcifra: %ld rows", rows);
	if (pos > 0 && el > 0) {
		fprintf(stderr, "  %.1f MB/s  %.1f s  ETA %.0f s",
			pos / el / 1e6, el,
			pos < p->size ? (p->size - pos) * el / pos : 0.0);
	} else {
		fprintf(stderr, "  %.0f rows/s  %.1f s",
			rows / (el > 0 ? el : 1), el);
	}
	fputs("\033[K", stderr);
	p->shown = 1;
}

/* ---- arguments ------------------------------------------------------------
 */

static int split_keys(args *a, const char *list)
{
	free(a->keybuf);
	a->keybuf = strdup(list);
	if (!a->keybuf)
		return -1;
	a->opt.nkeys = 0;
	for (char *s = a->keybuf, *tok; (tok = strsep(&s, ","));) {
		if (a->opt.nkeys == 64 || !*tok)
			return -1;
		a->keys[a->opt.nkeys++] = tok;
	}
	a->opt.keys = a->keys;
	return 0;
}

/* COL=VALUE (the first '=' ends the name; VALUE may be empty). */
static int add_where(args *a, const char *arg)
{
	size_t n = a->opt.nwhere;
	const char *eq = strchr(arg, '=');
	if (n == MAX_FILTERS || !eq || eq == arg)
		return -1;
	if (!(a->wherebuf[n] = strdup(arg)))
		return -1;
	a->wherebuf[n][eq - arg] = '\0';
	a->wcols[n] = a->wherebuf[n];
	a->wvals[n] = a->wherebuf[n] + (eq - arg) + 1;
	a->opt.where_cols = a->wcols;
	a->opt.where_values = a->wvals;
	a->opt.nwhere = n + 1;
	return 0;
}

static void free_args(args *a)
{
	free(a->keybuf);
	for (size_t i = 0; i < a->opt.nwhere; i++)
		free(a->wherebuf[i]);
}

static int on_option(int opt, const char *arg, void *ctx)
{
	args *a = ctx;
	char *end;
	long n;
	switch (opt) {
	case OPT_CSV:
		a->in = arg;
		return 0;
	case OPT_TSV:
		a->opt.tsv = true;
		if (arg)
			a->in = arg;
		return 0;
	case OPT_KEY:
		if (split_keys(a, arg))
			return cli_usage_error("growth", "bad --key list '%s'",
					       arg);
		return 0;
	case OPT_TIME:
		a->opt.time = arg;
		return 0;
	case OPT_VALUE:
		a->opt.value = arg;
		return 0;
	case 'o':
	case OPT_OUT:
		a->out = arg;
		return 0;
	case OPT_SUMMARY:
		a->opt.summary = true;
		return 0;
	case OPT_SORTED:
		a->opt.sorted = true;
		return 0;
	case OPT_SUM:
		a->opt.sum = true;
		return 0;
	case OPT_WHERE:
		if (add_where(a, arg))
			return cli_usage_error(
			    "growth",
			    "bad --where '%s' (COL=VALUE, at most %d)", arg,
			    MAX_FILTERS);
		return 0;
	case OPT_THREADS:
		n = strtol(arg, &end, 10);
		if (*end || end == arg || n < 1 || n > 16)
			return cli_usage_error("growth",
					       "--threads takes 1 to 16, not "
					       "'%s'",
					       arg);
		a->opt.threads = (unsigned)n;
		return 0;
	default:
		return cli_usage_error("growth", "bad option");
	}
}

static int parse_args(int argc, char **argv, args *a)
{
	static const struct option longs[] = {
	    {"csv", required_argument, 0, OPT_CSV},
	    {"tsv", optional_argument, 0, OPT_TSV},
	    {"key", required_argument, 0, OPT_KEY},
	    {"time", required_argument, 0, OPT_TIME},
	    {"value", required_argument, 0, OPT_VALUE},
	    {"out", required_argument, 0, OPT_OUT},
	    {"summary", no_argument, 0, OPT_SUMMARY},
	    {"sorted", no_argument, 0, OPT_SORTED},
	    {"sum", no_argument, 0, OPT_SUM},
	    {"where", required_argument, 0, OPT_WHERE},
	    {"threads", required_argument, 0, OPT_THREADS},
	    {0, 0, 0, 0}};
	cli_common c;
	cli_common_init(&c);
	int status = cli_parse(argc, argv, usage, longs, on_option, a, &c);
	if (status >= 0)
		return status == 0 ? CLI_HELP_SHOWN : status;
	if (optind < argc)
		return cli_usage_error("growth", "unexpected argument '%s'",
				       argv[optind]);
	if (!a->opt.tsv && (!a->opt.nkeys || !a->opt.time || !a->opt.value))
		return cli_usage_error("growth",
				       "--csv needs --key, --time and --value");
	if (a->opt.tsv && a->opt.nwhere)
		return cli_usage_error("growth",
				       "--where needs --csv (TSV has no column "
				       "names)");
	return 0;
}

/* ---- input and output files ---------------------------------------------- */

static int open_in(const char *path, FILE **fp, const char **name,
		   cf_error *err)
{
	if (!path || !strcmp(path, "-")) {
		*fp = stdin;
		*name = "<stdin>";
		return 0;
	}
	*name = path;
	*fp = fopen(path, "rb");
	if (!*fp)
		return cf_error_set(err, CF_ENOINPUT, path, 0, 0,
				    "cannot open: %s", strerror(errno));
	return 0;
}

/* CIFRA_TIMING=1: where the time went, on stderr. */
static void print_timing(const cf_bulk *b)
{
	cf_bulk_timing t;
	cf_bulk_timing_get(b, &t);
	fprintf(stderr,
		"cifra: timing: read %.3f s (%u part%s), merge %.3f s, "
		"gather %.3f s, settle %.3f s, emit %.3f s\n",
		t.read, t.parts, t.parts == 1 ? "" : "s", t.merge, t.gather,
		t.settle, t.emit);
}

static int run(args *a, cf_error *err)
{
	FILE *in;
	const char *name;
	int rc = open_in(a->in, &in, &name, err);
	if (rc)
		return rc;
	progress pr = {.in = in, .start = now()};
	struct stat st;
	if (isatty(STDERR_FILENO)) {
		if (fstat(fileno(in), &st) == 0 && S_ISREG(st.st_mode))
			pr.size = st.st_size;
		a->opt.progress = on_progress;
		a->opt.progress_ctx = &pr;
	}
	/* --out: staged and put in place whole (outfile.h: a device or FIFO
	 * is written through, never replaced; a signal removes the temporary)
	 */
	cf_outfile *of = NULL;
	if (a->out && strcmp(a->out, "-") != 0)
		rc = cf_outfile_open(a->out, cli_cleanup(), &of, err);
	cf_bulk *b = NULL;
	if (!rc)
		rc = cf_bulk_new(&a->opt, of ? cf_outfile_stream(of) : stdout,
				 &b, err);
	if (!rc)
		rc = cf_bulk_read(b, in, name, err);
	if (!rc)
		rc = cf_bulk_finish(b, err);
	if (b && getenv("CIFRA_TIMING"))
		print_timing(b);
	cf_bulk_free(b);
	if (of && !rc)
		rc = cf_outfile_commit(of, err);
	else if (of)
		cf_outfile_abort(of);
	if (in != stdin)
		fclose(in);
	if (pr.shown)
		fputs("\r\033[K", stderr);
	return rc;
}

int cmd_growth_csv(int argc, char **argv)
{
	args a = {0};
	int rc = parse_args(argc, argv, &a);
	if (rc) {
		free_args(&a);
		return rc == CLI_HELP_SHOWN ? 0 : rc;
	}
	cf_error err;
	cf_error_clear(&err);
	rc = run(&a, &err);
	free_args(&a);
	return rc ? cli_fail(&err) : 0;
}
