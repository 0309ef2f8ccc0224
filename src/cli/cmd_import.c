/* cmd_import.c — `cifra import comtrade FILE… -o DIR`: UN Comtrade files as
 * reference figures in a dataset directory (comtrade.h, comtrade_write.h),
 * with a table of what each file held and what was added. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cleanup.h"
#include "cli.h"

static const char usage[] =
    "usage: cifra import comtrade FILE... -o DIR [--format table|csv|json]\n"
    "Reads UN Comtrade files (Comtrade+ API CSV, legacy Comtrade CSV, bulk\n"
    "files, trimmed extracts with ',' or ';') and adds their totals as\n"
    "reference figures (trade.csv rows, one sources.csv row per file) to the\n"
    "reference part of the dataset DIR: DIR/reference/ for -o datasets or a\n"
    "new DIR (a dataset of its own), the directory itself for\n"
    "-o datasets/reference.  Breakdown rows (partner2Code, customsCode,\n"
    "motCode) are skipped, never added.  Series: trade.REP_PAR.FLOW[.hsCODE]\n"
    "with ISO alpha-3 codes in lower case (trade.chn_usa.imports.hs8542;\n"
    "partner World = wld).  Importing a file twice adds nothing; a different\n"
    "value for a series and period imported before is an error.  Nothing is\n"
    "written unless every file is good.\n";

#define NAME_WIDTH 20 /* characters of the file column: the table fits 100 */

static int on_option(int opt, const char *arg, void *ctx)
{
	if (opt != 'o')
		return cli_usage_error("import", "bad option");
	*(const char **)ctx = arg;
	return 0;
}

static int add_count(cf_output *o, size_t col, long n)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%ld", n);
	return cf_output_cell(o, col, buf, NULL, json_integer(n));
}

/* The file name without directory; a long one keeps its start and its
 * end (where names differ: _2019_2021_TOTAL_semicolon.csv) around "…". */
static void short_name(const char *path, char *buf, size_t size)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	size_t n = strlen(base);
	if (n <= NAME_WIDTH)
		snprintf(buf, size, "%s", base);
	else
		snprintf(buf, size, "%.8s…%s", base,
			 base + n - (NAME_WIDTH - 9));
}

static int add_file(cf_output *o, const cf_comtrade_file *f)
{
	int rc = cf_output_row(o);
	char name[64];
	short_name(f->path, name, sizeof name);
	/* the table shows the file name, CSV and JSON the path as given */
	rc =
	    rc ? rc : cf_output_cell(o, 0, name, f->path, json_string(f->path));
	rc = rc ? rc : cf_output_text(o, 1, f->layout);
	long counts[] = {f->records,	f->totals, f->breakdown, f->subflows,
			 f->duplicates, f->added,  f->present};
	for (size_t k = 0; !rc && k < 7; k++)
		rc = add_count(o, 2 + k, counts[k]);
	return rc;
}

static cf_output *summary(const cf_comtrade_import *imp)
{
	static const char *const names[] = {"file",	"layout",    "rows",
					    "totals",	"breakdown", "subflows",
					    "repeated", "added",     "present"};
	/* the source ids are named below the table */
	cf_output *o = cf_output_new(9, names);
	if (!o)
		return NULL;
	for (size_t k = 2; k < 9; k++)
		cf_output_column(o, k, CF_ALIGN_RIGHT, 0);
	for (size_t i = 0; i < imp->nfiles; i++)
		if (add_file(o, &imp->files[i])) {
			cf_output_free(o);
			return NULL;
		}
	return o;
}

/* "54 figures added to PATH, 0 already there." and the sources. */
static void print_totals(const cf_comtrade_import *imp, const char *dir,
			 const char *path, long added, long present)
{
	if (!added) {
		printf("\nnothing added (%ld figure%s already there): %s "
		       "unchanged.\n",
		       present, present == 1 ? "" : "s", dir);
		return;
	}
	printf("\n%ld figure%s added to %s, %ld already there.\n", added,
	       added == 1 ? "" : "s", path, present);
	const char *sep = "sources added to sources.csv: ";
	for (size_t i = 0; i < imp->nfiles; i++)
		if (imp->files[i].added) {
			printf("%s%s", sep, imp->files[i].source_id);
			sep = ", ";
		}
	if (*sep == ',')
		printf("\n");
}

static int run(const cli_common *c, char **files, int nfiles, const char *dir)
{
	cf_error err;
	cf_error_clear(&err);
	cf_comtrade_import *imp = cf_comtrade_import_new();
	if (!imp)
		return cli_nomem();
	int rc = 0;
	for (int i = 0; !rc && i < nfiles; i++)
		rc = cf_comtrade_read(imp, files[i], &err);
	char *where = NULL;
	if (!rc)
		rc = cf_comtrade_write(imp, dir, cli_cleanup(), &where, &err);
	int status = 0;
	if (rc) {
		status = cli_fail(&err);
	} else {
		cf_output *o = summary(imp);
		status = o ? cli_emit(c, o) : cli_nomem();
		cf_output_free(o);
		long added = 0, present = 0;
		for (size_t i = 0; i < imp->nfiles; i++) {
			added += imp->files[i].added;
			present += imp->files[i].present;
		}
		if (!status && c->format == CF_FORMAT_TABLE)
			print_totals(imp, dir, where ? where : dir, added,
				     present);
	}
	free(where);
	cf_comtrade_import_free(imp);
	return status;
}

int cmd_import(int argc, char **argv)
{
	cli_common c;
	cli_common_init(&c);
	const char *dir = NULL;
	int status = cli_parse(argc, argv, usage, NULL, on_option, &dir, &c);
	if (status >= 0)
		return status;
	if (optind >= argc || strcmp(argv[optind], "comtrade") != 0)
		return cli_usage_error(
		    "import", "expected the kind of file: cifra import "
			      "comtrade FILE... -o DIR");
	if (optind + 1 >= argc)
		return cli_usage_error("import", "no FILE to import");
	if (!dir)
		return cli_usage_error("import",
				       "-o DIR is required (a new directory "
				       "or a dataset such as "
				       "datasets/reference)");
	return run(&c, argv + optind + 1, argc - optind - 1, dir);
}
