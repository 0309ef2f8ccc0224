/* comtrade.c — UN Comtrade files to total rows (see comtrade.h).
 *
 * A file is read through dsv (the delimiter is guessed: trimmed extracts
 * come with ';'), its header mapped to roles (reporter, partner, flow…)
 * whatever the layout calls them, and every data row either becomes one
 * total row or is counted as a breakdown row and skipped. */
#include "cifra/comtrade.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cifra/comtrade_codes.h"
#include "cifra/comtrade_value.h"
#include "cifra/dsv.h"
#include "cifra/figure.h"
#include "cifra/period.h"

/* ---- header roles ---- */

enum role {
	R_TYPE,
	R_FREQ,
	R_YEAR,
	R_MONTH,
	R_PERIOD,
	R_REP_CODE,
	R_REP_NAME,
	R_PAR_CODE,
	R_PAR_NAME,
	R_FLOW,
	R_PARTNER2,
	R_CLASS,
	R_CMD,
	R_CUSTOMS,
	R_MOT,
	R_MOS,
	R_VALUE,
	R_VALUE_FMT,
	R_LEGACY_VALUE,
	R_IS_REPORTED,
	R_IS_AGGREGATE,
	R_FLAG,
	R_COUNT
};

/* Column names of each role: Comtrade+ API first, then legacy. */
static const char *const role_names[R_COUNT][3] = {
    [R_TYPE] = {"typeCode"},
    [R_FREQ] = {"freqCode"},
    [R_YEAR] = {"refYear", "Year"},
    [R_MONTH] = {"refMonth"},
    [R_PERIOD] = {"period", "Period"},
    [R_REP_CODE] = {"reporterCode", "Reporter Code"},
    [R_REP_NAME] = {"reporterDesc", "Reporter"},
    [R_PAR_CODE] = {"partnerCode", "Partner Code"},
    [R_PAR_NAME] = {"partnerDesc", "Partner"},
    [R_FLOW] = {"flowCode", "Trade Flow Code"},
    [R_PARTNER2] = {"partner2Code", "2nd Partner Code"},
    [R_CLASS] = {"classificationCode", "Classification"},
    [R_CMD] = {"cmdCode", "Commodity Code"},
    [R_CUSTOMS] = {"customsCode", "Customs Proc. Code"},
    [R_MOT] = {"motCode", "Mode of Transport Code"},
    [R_MOS] = {"mosCode"},
    [R_VALUE] = {"primaryValue"},
    [R_VALUE_FMT] = {"primaryValueFormated", "primaryValueFormatted"},
    [R_LEGACY_VALUE] = {"Trade Value (US$)"},
    [R_IS_REPORTED] = {"isReported"},
    [R_IS_AGGREGATE] = {"isAggregate"},
    [R_FLAG] = {"Flag"},
};

#define CODES_MAX 512 /* more than either code list holds */

typedef struct rowmap {
	size_t cap, n;
	size_t *slot; /* row index + 1; 0 = empty */
} rowmap;

typedef struct reading {
	cf_comtrade_import *imp;
	size_t file; /* index of the file being read */
	size_t first_row;
	rowmap map;	     /* every row of the import by series and period */
	int col[R_COUNT];    /* role -> field index, -1 absent */
	int value_col;	     /* the value column in use */
	char value_name[64]; /* as the header writes it */
	/* what the file says about itself, for its title */
	unsigned char flows[5]; /* M X RX RM other, seen */
	int years[2];		/* first, last */
	bool monthly, annual;
	struct vintage {
		char cls[8];
		int first, last;
	} vintages[16];
	size_t nvintages;
	int reps[CODES_MAX], pars[CODES_MAX]; /* distinct codes seen */
	size_t nreps, npars;
	char cmds[3][16];
	size_t ncmds;
} reading;

static int nomem(cf_error *err)
{
	return cf_error_set(err, CF_ENOMEM, NULL, 0, 0, "out of memory");
}

/* A copy of s without the spaces around it. */
static void trimmed(const char *s, char *buf, size_t size)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n >= size)
		n = size - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
}

static const char *field(const reading *rd, const cf_dsv_record *rec,
			 enum role r)
{
	return rd->col[r] < 0 ? NULL : rec->fields[rd->col[r]];
}

/* ---- layout ---- */

static const char *layout_name(const reading *rd)
{
	if (rd->col[R_LEGACY_VALUE] >= 0)
		return "legacy CSV";
	if (rd->col[R_VALUE_FMT] >= 0 ||
	    (rd->col[R_REP_CODE] < 0 && rd->col[R_REP_NAME] >= 0))
		return "trimmed extract";
	return "Comtrade+ API CSV";
}

static int unknown_layout(const cf_dsv_record *rec, const char *missing,
			  cf_error *err)
{
	char found[256] = "";
	for (size_t i = 0; i < rec->nfields; i++) {
		size_t n = strlen(found);
		if (n + 8 >= sizeof found) {
			snprintf(found + n, sizeof found - n, ", …");
			break;
		}
		snprintf(found + n, sizeof found - n, "%s%s", i ? ", " : "",
			 *rec->fields[i] ? rec->fields[i] : "(unnamed)");
	}
	return cf_error_set(
	    err, CF_EDATA, cf_dsv_name(rec->reader), rec->line, 1,
	    "not a UN Comtrade layout cifra knows: no %s column; found %zu "
	    "columns (%s); expected reporterCode or reporterDesc, partnerCode "
	    "or partnerDesc, flowCode, primaryValue, refYear or period "
	    "(Comtrade+ API or a trimmed extract), or Reporter Code, Partner "
	    "Code, Trade Flow Code, Trade Value (US$), Year (legacy)",
	    missing, rec->nfields, found);
}

/* A column name reduced to lower-case letters and digits, so that the
 * spellings of one column in the wild meet: reporterCode (API),
 * reporter_code (R comtradr), Reporter Code (legacy), cifvalue / cifValue. */
static void squeeze(const char *s, char *out, size_t size)
{
	size_t n = 0;
	for (; *s && n + 1 < size; s++)
		if (isalnum((unsigned char)*s))
			out[n++] = (char)tolower((unsigned char)*s);
	out[n] = '\0';
}

static int header(reading *rd, const cf_dsv_record *rec, cf_error *err)
{
	for (int r = 0; r < R_COUNT; r++)
		rd->col[r] = -1;
	for (size_t i = 0; i < rec->nfields; i++) {
		char name[64], role[64];
		squeeze(rec->fields[i], name, sizeof name);
		for (int r = 0; r < R_COUNT; r++)
			for (int k = 0; k < 3 && role_names[r][k]; k++) {
				squeeze(role_names[r][k], role, sizeof role);
				if (*name && !strcmp(name, role) &&
				    rd->col[r] < 0)
					rd->col[r] = (int)i;
			}
	}
	if (rd->col[R_REP_CODE] < 0 && rd->col[R_REP_NAME] < 0)
		return unknown_layout(rec, "reporter", err);
	if (rd->col[R_PAR_CODE] < 0 && rd->col[R_PAR_NAME] < 0)
		return unknown_layout(rec, "partner", err);
	if (rd->col[R_FLOW] < 0)
		return unknown_layout(rec, "flow", err);
	if (rd->col[R_YEAR] < 0 && rd->col[R_PERIOD] < 0)
		return unknown_layout(rec, "year or period", err);
	enum role v = rd->col[R_VALUE] >= 0	     ? R_VALUE
		      : rd->col[R_LEGACY_VALUE] >= 0 ? R_LEGACY_VALUE
						     : R_VALUE_FMT;
	if (rd->col[v] < 0)
		return unknown_layout(rec, "value", err);
	rd->value_col = rd->col[v];
	trimmed(rec->fields[rd->value_col], rd->value_name,
		sizeof rd->value_name);
	cf_comtrade_file *f = &rd->imp->files[rd->file];
	f->layout = layout_name(rd);
	f->columns = rec->nfields;
	return 0;
}

/* ---- fields ---- */

/* A whole number as Comtrade files write codes: "156", "156.0", " 0 ". */
static bool parse_code(const char *s, long *out)
{
	char buf[32];
	trimmed(s, buf, sizeof buf);
	if (!*buf)
		return false;
	char *end;
	errno = 0;
	double d = strtod(buf, &end);
	if (*end || errno || d != (double)(long)d || d < 0 || d > 1e9)
		return false;
	*out = (long)d;
	return true;
}

/* Total when the column is absent or empty, or its value is `total`. */
static bool is_total(const reading *rd, const cf_dsv_record *rec, enum role r,
		     const char *total)
{
	const char *s = field(rd, rec, r);
	char buf[32];
	if (!s)
		return true;
	trimmed(s, buf, sizeof buf);
	if (!*buf)
		return true;
	long code;
	if (!strcmp(total, "0"))
		return parse_code(buf, &code) && code == 0;
	return !strcmp(buf, total);
}

static bool is_breakdown(const reading *rd, const cf_dsv_record *rec)
{
	return !is_total(rd, rec, R_PARTNER2, "0") ||
	       !is_total(rd, rec, R_CUSTOMS, "C00") ||
	       !is_total(rd, rec, R_MOT, "0") || !is_total(rd, rec, R_MOS, "0");
}

/* flowCode -> flow word; "" for the other sub-flows (skipped); NULL when
 * unknown. */
static const char *flow_word(const char *code, int *slot)
{
	static const struct {
		const char *code, *word;
		int slot;
	} flows[] = {{"M", "imports", 0},     {"1", "imports", 0},
		     {"X", "exports", 1},     {"2", "exports", 1},
		     {"RX", "re_exports", 2}, {"3", "re_exports", 2},
		     {"RM", "re_imports", 3}, {"4", "re_imports", 3}};
	static const char *const subflows[] = {
	    "MIP", "MOP", "XIP", "XOP", "MIF", "XIF", "DX", "FM", "MTP", "XTP"};
	for (size_t i = 0; i < sizeof flows / sizeof flows[0]; i++)
		if (!strcmp(code, flows[i].code)) {
			*slot = flows[i].slot;
			return flows[i].word;
		}
	for (size_t i = 0; i < sizeof subflows / sizeof subflows[0]; i++)
		if (!strcmp(code, subflows[i])) {
			*slot = 4;
			return "";
		}
	return NULL;
}

/* "2015", "201503", or refYear (+ refMonth for monthly rows). */
static int read_period(const reading *rd, const cf_dsv_record *rec, char *out,
		       size_t size, cf_error *err)
{
	char p[32] = "", y[8] = "", m[4] = "", freq[8] = "";
	if (field(rd, rec, R_PERIOD))
		trimmed(field(rd, rec, R_PERIOD), p, sizeof p);
	if (field(rd, rec, R_YEAR))
		trimmed(field(rd, rec, R_YEAR), y, sizeof y);
	if (field(rd, rec, R_MONTH))
		trimmed(field(rd, rec, R_MONTH), m, sizeof m);
	if (field(rd, rec, R_FREQ))
		trimmed(field(rd, rec, R_FREQ), freq, sizeof freq);
	int col = rd->col[R_PERIOD];
	if (strlen(p) == 4)
		snprintf(out, size, "%.4s", p);
	else if (strlen(p) == 6)
		snprintf(out, size, "%.4s-%.2s", p, p + 4);
	else if (*p || !*y) {
		col = *p ? col : rd->col[R_YEAR];
		return cf_dsv_field_error(rec, (size_t)col, err,
					  "bad period '%s' (expected YYYY or "
					  "YYYYMM)",
					  *p ? p : y);
	} else if (!strcmp(freq, "M")) {
		snprintf(out, size, "%s-%s%s", y, strlen(m) == 1 ? "0" : "", m);
		col =
		    rd->col[R_MONTH] >= 0 ? rd->col[R_MONTH] : rd->col[R_YEAR];
	} else {
		snprintf(out, size, "%s", y);
		col = rd->col[R_YEAR];
	}
	cf_period per;
	cf_error sub;
	if (cf_period_parse(out, &per, &sub))
		return cf_dsv_field_error(rec, (size_t)col, err,
					  "bad period '%s': %s", out,
					  sub.message);
	return 0;
}

static int read_value(const reading *rd, const cf_dsv_record *rec, char *out,
		      size_t size, cf_error *err)
{
	char raw[64];
	trimmed(rec->fields[rd->value_col], raw, sizeof raw);
	size_t col = (size_t)rd->value_col;
	if (!*raw)
		return cf_dsv_field_error(rec, col, err, "empty %s",
					  rd->value_name);
	if (!cf_comtrade_value_text(raw, out, size))
		return cf_dsv_field_error(
		    rec, col, err, "%s '%s' is not a number", rd->value_name,
		    rec->fields[rd->value_col]);
	if (out[0] == '-')
		return cf_dsv_field_error(rec, col, err,
					  "negative trade value '%s'", raw);
	return 0;
}

/* Reporter or partner by code (or by name in trimmed extracts). */
static int read_party(const reading *rd, const cf_dsv_record *rec,
		      cf_comtrade_role role, const cf_comtrade_code **out,
		      cf_error *err)
{
	enum role rc = role == CF_COMTRADE_REPORTER ? R_REP_CODE : R_PAR_CODE;
	enum role rn = role == CF_COMTRADE_REPORTER ? R_REP_NAME : R_PAR_NAME;
	const char *what =
	    role == CF_COMTRADE_REPORTER ? "reporter" : "partner";
	if (rd->col[rc] >= 0) {
		long code = -1;
		const char *s = field(rd, rec, rc);
		if (parse_code(s, &code))
			*out = cf_comtrade_code_find(role, (int)code);
		if (code < 0 || !*out)
			return cf_dsv_field_error(
			    rec, (size_t)rd->col[rc], err,
			    "unknown %s code '%s' (not in UN Comtrade's %s "
			    "list)",
			    what, s, what);
		return 0;
	}
	const char *name = field(rd, rec, rn);
	*out = cf_comtrade_code_by_name(role, name);
	if (!*out)
		return cf_dsv_field_error(
		    rec, (size_t)rd->col[rn], err,
		    "unknown %s '%s' (not a name in UN Comtrade's %s list "
		    "nor one of the aliases in the README)",
		    what, name, what);
	return 0;
}

/* The commodity part of the series: "" for TOTAL, else ".hs8542"… */
static int read_commodity(const reading *rd, const cf_dsv_record *rec,
			  char *cls, char *cmd, char *suffix, size_t size,
			  cf_error *err)
{
	cls[0] = cmd[0] = suffix[0] = '\0';
	if (field(rd, rec, R_CLASS))
		trimmed(field(rd, rec, R_CLASS), cls, 8);
	if (field(rd, rec, R_CMD))
		trimmed(field(rd, rec, R_CMD), cmd, 16);
	if (!*cmd || !strcmp(cmd, "TOTAL"))
		return 0;
	const char *prefix = cls[0] == 'H' ? "hs"
			     : cls[0] == 'S' && isdigit((unsigned char)cls[1])
				 ? "sitc"
			     : cls[0] == 'B' ? "bec"
					     : "cmd";
	size_t n = (size_t)snprintf(suffix, size, ".%s", prefix);
	for (const char *p = cmd; *p; p++) {
		if (!isalnum((unsigned char)*p) || n + 1 >= size)
			return cf_dsv_field_error(
			    rec, (size_t)rd->col[R_CMD], err,
			    "bad commodity code '%s'", cmd);
		suffix[n++] = (char)tolower((unsigned char)*p);
	}
	suffix[n] = '\0';
	return 0;
}

/* ---- what the file says about itself ---- */

static void note_code(int *list, size_t *n, int code)
{
	for (size_t i = 0; i < *n; i++)
		if (list[i] == code)
			return;
	if (*n < CODES_MAX)
		list[(*n)++] = code;
}

static void note_row(reading *rd, int rep, int par, int flow_slot,
		     const char *cls, const char *cmd, const char *period)
{
	int year = atoi(period);
	if (!rd->years[0] || year < rd->years[0])
		rd->years[0] = year;
	if (year > rd->years[1])
		rd->years[1] = year;
	if (strchr(period, '-'))
		rd->monthly = true;
	else
		rd->annual = true;
	rd->flows[flow_slot] = 1;
	note_code(rd->reps, &rd->nreps, rep);
	note_code(rd->pars, &rd->npars, par);
	size_t i = 0;
	while (i < rd->ncmds && strcmp(rd->cmds[i], cmd))
		i++;
	if (i == rd->ncmds && i < 3)
		snprintf(rd->cmds[rd->ncmds++], sizeof rd->cmds[0], "%s",
			 *cmd ? cmd : "TOTAL");
	if (!*cls)
		return;
	for (i = 0; i < rd->nvintages; i++) {
		struct vintage *v = &rd->vintages[i];
		if (!strcmp(v->cls, cls)) {
			v->first = year < v->first ? year : v->first;
			v->last = year > v->last ? year : v->last;
			return;
		}
	}
	if (rd->nvintages < 16) {
		struct vintage *v = &rd->vintages[rd->nvintages++];
		snprintf(v->cls, sizeof v->cls, "%s", cls);
		v->first = v->last = year;
	}
}

static int by_first_year(const void *a, const void *b)
{
	const struct vintage *x = a, *y = b;
	return (x->first > y->first) - (x->first < y->first);
}

/* Appends ", "-separated names of up to three codes and "+N more". */
static void add_parties(char *buf, size_t size, const char *label,
			cf_comtrade_role role, const int *codes, size_t n)
{
	size_t len = strlen(buf);
	len += (size_t)snprintf(buf + len, size - len, "; %s%s ", label,
				n > 1 ? "s" : "");
	for (size_t i = 0; i < n && i < 3 && len < size; i++) {
		const cf_comtrade_code *c =
		    cf_comtrade_code_find(role, codes[i]);
		len += (size_t)snprintf(buf + len, size - len, "%s%s (%d)",
					i ? ", " : "", c ? c->name : "?",
					codes[i]);
	}
	if (n > 3 && len < size)
		snprintf(buf + len, size - len, " and %zu more", n - 3);
}

static char *make_title(reading *rd)
{
	static const char *const flow_names[] = {"M imports", "X exports",
						 "RX re-exports",
						 "RM re-imports", "other"};
	char buf[768];
	const cf_comtrade_file *f = &rd->imp->files[rd->file];
	snprintf(buf, sizeof buf, "UN %s%s (%zu columns)",
		 strncmp(f->layout, "Comtrade", 8) ? "Comtrade " : "",
		 f->layout, f->columns);
	size_t len;
	if (f->totals) {
		add_parties(buf, sizeof buf, "reporter", CF_COMTRADE_REPORTER,
			    rd->reps, rd->nreps);
		add_parties(buf, sizeof buf, "partner", CF_COMTRADE_PARTNER,
			    rd->pars, rd->npars);
		len = strlen(buf);
		len += (size_t)snprintf(buf + len, sizeof buf - len, "; flow");
		for (int i = 0; i < 5 && len < sizeof buf; i++)
			if (rd->flows[i])
				len += (size_t)snprintf(buf + len,
							sizeof buf - len, " %s",
							flow_names[i]);
		len +=
		    (size_t)snprintf(buf + len, sizeof buf - len, "; cmdCode");
		for (size_t i = 0; i < rd->ncmds && len < sizeof buf; i++)
			len += (size_t)snprintf(buf + len, sizeof buf - len,
						" %s", rd->cmds[i]);
		qsort(rd->vintages, rd->nvintages, sizeof rd->vintages[0],
		      by_first_year);
		if (rd->nvintages && len < sizeof buf)
			len += (size_t)snprintf(buf + len, sizeof buf - len,
						"; classification");
		for (size_t i = 0; i < rd->nvintages && len < sizeof buf; i++)
			len += (size_t)snprintf(
			    buf + len, sizeof buf - len, " %s %d-%d",
			    rd->vintages[i].cls, rd->vintages[i].first,
			    rd->vintages[i].last);
		if (len < sizeof buf)
			len += (size_t)snprintf(
			    buf + len, sizeof buf - len, "; %s %d",
			    rd->monthly && rd->annual ? "annual and monthly"
			    : rd->monthly	      ? "monthly"
						      : "annual",
			    rd->years[0]);
		if (len < sizeof buf && rd->years[1] != rd->years[0])
			snprintf(buf + len, sizeof buf - len, "-%d",
				 rd->years[1]);
	}
	return strdup(buf);
}

/* ---- rows ---- */

static char *make_quote(const reading *rd, const cf_dsv_record *rec,
			const char *period, const char *flow, const char *cls,
			const char *cmd)
{
	char buf[256], flag[32];
	int n = snprintf(buf, sizeof buf, "%s %s%s%s %s %s %s", period, flow,
			 *cls ? " " : "", cls, *cmd ? cmd : "TOTAL",
			 rd->value_name, rec->fields[rd->value_col]);
	const char *s;
	if ((s = field(rd, rec, R_IS_REPORTED))) {
		trimmed(s, flag, sizeof flag);
		if (!strcasecmp(flag, "False"))
			n += snprintf(buf + n, sizeof buf - (size_t)n,
				      " [isReported False]");
	}
	if ((s = field(rd, rec, R_IS_AGGREGATE)) && n < (int)sizeof buf) {
		trimmed(s, flag, sizeof flag);
		if (!strcasecmp(flag, "True"))
			n += snprintf(buf + n, sizeof buf - (size_t)n,
				      " [isAggregate True]");
	}
	if ((s = field(rd, rec, R_FLAG)) && n < (int)sizeof buf) {
		trimmed(s, flag, sizeof flag);
		if (*flag && strcmp(flag, "0"))
			snprintf(buf + n, sizeof buf - (size_t)n, " [Flag %s]",
				 flag);
	}
	return strdup(buf);
}

static void row_free(cf_comtrade_row *r)
{
	free(r->series);
	free(r->value);
	free(r->quote);
}

/* ---- rows by series and period (an API download holds up to 250 000
 * rows: no quadratic search) ---- */

static size_t row_hash(const char *series, const char *period)
{
	size_t h = 14695981039346656037u;
	for (const char *s = series; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	for (const char *s = period; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

/* The slot of series/period: its row, or the empty slot where it goes. */
static size_t row_slot(const rowmap *m, const cf_comtrade_import *imp,
		       const char *series, const char *period)
{
	size_t i = row_hash(series, period) & (m->cap - 1);
	while (m->slot[i]) {
		const cf_comtrade_row *r = &imp->rows[m->slot[i] - 1];
		if (!strcmp(r->period, period) && !strcmp(r->series, series))
			break;
		i = (i + 1) & (m->cap - 1);
	}
	return i;
}

/* An earlier row of this import with the same series and period. */
static const cf_comtrade_row *find_row(const reading *rd, const char *series,
				       const char *period)
{
	if (!rd->map.cap)
		return NULL;
	size_t i = row_slot(&rd->map, rd->imp, series, period);
	return rd->map.slot[i] ? &rd->imp->rows[rd->map.slot[i] - 1] : NULL;
}

/* Indexes rows[i]; -1 when out of memory. */
static int map_row(reading *rd, size_t i)
{
	rowmap *m = &rd->map;
	if ((m->n + 1) * 2 > m->cap) {
		rowmap big = {.cap = m->cap ? m->cap * 2 : 1024};
		if (!(big.slot = calloc(big.cap, sizeof *big.slot)))
			return -1;
		for (size_t k = 0; k < m->cap; k++)
			if (m->slot[k]) {
				const cf_comtrade_row *r =
				    &rd->imp->rows[m->slot[k] - 1];
				big.slot[row_slot(&big, rd->imp, r->series,
						  r->period)] = m->slot[k];
				big.n++;
			}
		free(m->slot);
		*m = big;
	}
	const cf_comtrade_row *r = &rd->imp->rows[i];
	m->slot[row_slot(m, rd->imp, r->series, r->period)] = i + 1;
	m->n++;
	return 0;
}

static int push_row(cf_comtrade_import *imp, cf_comtrade_row *row,
		    cf_error *err)
{
	if (!row->series || !row->value || !row->quote) {
		row_free(row);
		return nomem(err);
	}
	if (imp->nrows == imp->cap_rows) {
		size_t cap = imp->cap_rows ? imp->cap_rows * 2 : 16;
		cf_comtrade_row *p = realloc(imp->rows, cap * sizeof *p);
		if (!p) {
			row_free(row);
			return nomem(err);
		}
		imp->rows = p;
		imp->cap_rows = cap;
	}
	imp->rows[imp->nrows++] = *row;
	return 0;
}

/* The same series and period twice: one value kept, two values an error. */
static int repeated(reading *rd, const cf_dsv_record *rec,
		    const cf_comtrade_row *row, const cf_comtrade_row *old,
		    cf_error *err)
{
	if (cf_decimal_compare(old->value, row->value) == 0) {
		rd->imp->files[rd->file].duplicates++;
		return 1;
	}
	char why[160] = "two total rows for one reporter, partner, flow, "
			"commodity and period";
	if (old->reporter_code != row->reporter_code ||
	    old->partner_code != row->partner_code)
		snprintf(why, sizeof why,
			 "reporter/partner codes %d/%d and %d/%d have the same "
			 "ISO codes in UN Comtrade's lists",
			 old->reporter_code, old->partner_code,
			 row->reporter_code, row->partner_code);
	return cf_dsv_field_error(rec, (size_t)rd->value_col, err,
				  "%s %s: value %s differs from %s at %s:%ld "
				  "(%s)",
				  row->series, row->period, row->value,
				  old->value, rd->imp->files[old->file].path,
				  old->line, why);
}

/* Whether a row is a total to keep (0), a breakdown or sub-flow row to
 * count and skip (1), or bad (< 0).  *word and *slot: its flow. */
static int classify(reading *rd, const cf_dsv_record *rec, char *flow,
		    const char **word, int *slot, cf_error *err)
{
	cf_comtrade_file *f = &rd->imp->files[rd->file];
	char type[32] = "";
	if (field(rd, rec, R_TYPE))
		trimmed(field(rd, rec, R_TYPE), type, sizeof type);
	if (*type && strcmp(type, "C"))
		return cf_dsv_field_error(
		    rec, (size_t)rd->col[R_TYPE], err,
		    "typeCode '%s': only goods (C) are imported", type);
	trimmed(field(rd, rec, R_FLOW), flow, 8);
	*slot = 4;
	if (!(*word = flow_word(flow, slot)))
		return cf_dsv_field_error(
		    rec, (size_t)rd->col[R_FLOW], err,
		    "unknown flow code '%s' (expected M, X, RM, RX or 1-4)",
		    flow);
	if (is_breakdown(rd, rec)) {
		f->breakdown++;
		return 1;
	}
	if (!**word) {
		f->subflows++;
		return 1;
	}
	return 0;
}

static int data_row(reading *rd, const cf_dsv_record *rec, cf_error *err)
{
	cf_comtrade_file *f = &rd->imp->files[rd->file];
	f->records++;
	char flow[8];
	const char *word = NULL;
	int slot = 4;
	int rc = classify(rd, rec, flow, &word, &slot, err);
	if (rc)
		return rc > 0 ? 0 : rc;
	const cf_comtrade_code *rep, *par;
	cf_comtrade_row row = {.file = rd->file, .line = rec->line};
	char value[96], cls[8], cmd[16], suffix[24];
	if ((rc = read_party(rd, rec, CF_COMTRADE_REPORTER, &rep, err)) ||
	    (rc = read_party(rd, rec, CF_COMTRADE_PARTNER, &par, err)) ||
	    (rc = read_period(rd, rec, row.period, sizeof row.period, err)) ||
	    (rc = read_value(rd, rec, value, sizeof value, err)) ||
	    (rc =
		 read_commodity(rd, rec, cls, cmd, suffix, sizeof suffix, err)))
		return rc;
	cf_comtrade_series_name(rep, row.reporter, sizeof row.reporter);
	row.reporter_code = rep->code;
	row.partner_code = par->code;
	cf_comtrade_series_name(par, row.partner, sizeof row.partner);
	row.flow = slot < 2 ? word : NULL;
	long l;
	cf_dsv_field_position(rec, (size_t)rd->value_col, &l,
			      &row.value_column);
	char series[128];
	snprintf(series, sizeof series, "trade.%s_%s.%s%s", row.reporter,
		 row.partner, word, suffix);
	note_row(rd, rep->code, par->code, slot, cls, cmd, row.period);
	f->totals++;
	const cf_comtrade_row *old = find_row(rd, series, row.period);
	row.series = series;
	row.value = value;
	if (old)
		return (rc = repeated(rd, rec, &row, old, err)) > 0 ? 0 : rc;
	row.series = strdup(series);
	row.value = strdup(value);
	row.quote = make_quote(rd, rec, row.period, flow, cls, cmd);
	if ((rc = push_row(rd->imp, &row, err)))
		return rc;
	return map_row(rd, rd->imp->nrows - 1) ? nomem(err) : 0;
}

static int on_record(const cf_dsv_record *rec, void *ctx, cf_error *err)
{
	reading *rd = ctx;
	return rec->index == 0 ? header(rd, rec, err) : data_row(rd, rec, err);
}

/* ---- files ---- */

/* FNV-1a of the file's bytes: the same file always gets the same source
 * id, so importing it twice is recognised. */
static int content_id(const char *path, char *out, size_t size, cf_error *err)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return cf_error_set(err, CF_ENOINPUT, path, 0, 0,
				    "cannot open: %s", strerror(errno));
	uint64_t h = 14695981039346656037u;
	unsigned char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
		for (size_t i = 0; i < n; i++)
			h = (h ^ buf[i]) * 1099511628211u;
	int bad = ferror(fp);
	fclose(fp);
	if (bad)
		return cf_error_set(err, CF_ENOINPUT, path, 0, 0,
				    "cannot read: %s", strerror(errno));
	snprintf(out, size, "ct_%010llx",
		 (unsigned long long)(h & 0xFFFFFFFFFFull));
	return 0;
}

cf_comtrade_import *cf_comtrade_import_new(void)
{
	return calloc(1, sizeof(cf_comtrade_import));
}

void cf_comtrade_import_free(cf_comtrade_import *imp)
{
	if (!imp)
		return;
	for (size_t i = 0; i < imp->nrows; i++)
		row_free(&imp->rows[i]);
	for (size_t i = 0; i < imp->nfiles; i++) {
		free(imp->files[i].path);
		free(imp->files[i].title);
	}
	free(imp->rows);
	free(imp->files);
	free(imp);
}

/* Drops what a failed file added. */
static void undo_file(cf_comtrade_import *imp, size_t first_row)
{
	while (imp->nrows > first_row)
		row_free(&imp->rows[--imp->nrows]);
	cf_comtrade_file *f = &imp->files[--imp->nfiles];
	free(f->path);
	free(f->title);
}

int cf_comtrade_read(cf_comtrade_import *imp, const char *path, cf_error *err)
{
	cf_comtrade_file *files =
	    realloc(imp->files, (imp->nfiles + 1) * sizeof *files);
	if (!files)
		return nomem(err);
	imp->files = files;
	cf_comtrade_file *f = &files[imp->nfiles++];
	*f = (cf_comtrade_file){.path = strdup(path)};
	reading rd = {
	    .imp = imp, .file = imp->nfiles - 1, .first_row = imp->nrows};
	int rc = f->path ? 0 : nomem(err);
	for (size_t i = 0; !rc && i < imp->nrows; i++)
		if (map_row(&rd, i))
			rc = nomem(err);
	if (!rc)
		rc = content_id(path, f->source_id, sizeof f->source_id, err);
	if (!rc)
		rc = cf_dsv_read_file(path, on_record, &rd, err);
	if (!rc && !(f->title = make_title(&rd)))
		rc = nomem(err);
	free(rd.map.slot);
	if (rc)
		undo_file(imp, rd.first_row);
	return rc;
}
