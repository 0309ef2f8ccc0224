/* plot.c — the chart names and the dispatch to one file per chart
 * (chart_*.c, sharing chart.c). */
#include "cifra/plot.h"

#include <stdio.h>
#include <string.h>

#include "chart.h"

static const char *const chart_names[CF_CHART_COUNT_] = {
    "trade", "growth", "loans", "scholarships", "claims"};

const char *cf_chart_name(cf_chart c)
{
	return c < CF_CHART_COUNT_ ? chart_names[c] : "?";
}

int cf_chart_parse(const char *name, cf_chart *out, cf_error *err)
{
	for (int c = 0; c < CF_CHART_COUNT_; c++)
		if (!strcmp(name, chart_names[c])) {
			*out = (cf_chart)c;
			return 0;
		}
	return cf_error_set(err, CF_ENOTFOUND, NULL, 0, 0,
			    "no chart '%s' (charts: trade, growth, loans, "
			    "scholarships, claims)",
			    name);
}

void cf_source_text(const cf_dataset *ds, const char *id, char *buf,
		    size_t size)
{
	const cf_source *src = id ? cf_dataset_source(ds, id) : NULL;
	if (!src) {
		snprintf(buf, size, "%s", id ? id : "no source");
		return;
	}
	const char *t = src->title && *src->title ? src->title : src->id;
	int n = snprintf(buf, size, "%s", t);
	if (src->publisher && *src->publisher && n >= 0 && (size_t)n < size)
		n += snprintf(buf + n, size - n, " — %s", src->publisher);
	if (src->published && *src->published && n >= 0 && (size_t)n < size)
		snprintf(buf + n, size - n, ", %s", src->published);
}

static const char *const empty_notes[CF_CHART_COUNT_] = {
    "no figures to draw in this series",
    "no year-on-year growth: the series needs two consecutive years",
    "no annual loan figures in the dataset",
    "no scholarship figures in the dataset",
    "no claims in the dataset",
};

static int chart_series(const cf_analysis *a, const char *name,
			const cf_series **out, cf_error *err)
{
	*out = name ? cf_dataset_series(a->ds, name) : a->main_series;
	if (!*out && name)
		return cf_error_set(err, CF_ENOTFOUND, NULL, 0, 0,
				    "no series '%s' (cifra list shows them)",
				    name);
	return 0;
}

static int chart_body(chart *ch, cf_chart c, const char *series, cf_error *err)
{
	const cf_series *s = NULL;
	int rc = 0;
	switch (c) {
	case CF_CHART_TRADE:
	case CF_CHART_GROWTH:
		rc = chart_series(ch->a, series, &s, err);
		if (rc == 0 && !s)
			chart_titles(ch, "Trade", "year", "US$ bn");
		else if (rc == 0 && c == CF_CHART_TRADE)
			rc = chart_trade(ch, s);
		else if (rc == 0)
			rc = chart_growth(ch, s, err);
		return rc;
	case CF_CHART_LOANS:
		return chart_loans(ch, err);
	case CF_CHART_SCHOLARSHIPS:
		return chart_scholarships(ch, err);
	case CF_CHART_CLAIMS:
		return chart_claims(ch, err);
	default:
		return cf_error_set(err, CF_ENOTFOUND, NULL, 0, 0,
				    "no such chart");
	}
}

int cf_chart_script(const cf_analysis *a, cf_chart c, const char *series,
		    char **out, cf_error *err)
{
	chart ch;
	*out = NULL;
	int rc = chart_open(&ch, a, err);
	if (rc == 0)
		rc = chart_body(&ch, c, series, err);
	if (rc != 0) {
		chart_discard(&ch);
		return rc;
	}
	return chart_close(&ch, c < CF_CHART_COUNT_ ? empty_notes[c] : "", out,
			   err);
}
