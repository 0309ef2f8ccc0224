/* Fuzzes the claim parser and evaluator on a small fixed dataset.  The
 * input is the claim, then optionally a line break and the tolerance. */
#include <string.h>

#include "cifra/cifra.h"
#include "fuzz.h"

static const char sources[] = "id,kind,title\n"
			      "s1,article,One\n"
			      "s2,article,Two\n"
			      "ref,statistics,Reference\n";

static const char trade[] =
    "id,series,period,value,scale,unit,qualifier,source,quote,reporter,"
    "partner,flow\n"
    "t1,trade.a.total,2014,263.6,billion,USD,exact,s1,,China,LAC,total\n"
    "t2,trade.a.total,2020,315,billion,USD,about,s1,,China,LAC,total\n"
    "t3,trade.a.total,2021,450,billion,USD,exact,s1,,China,LAC,total\n"
    "t4,trade.a.total,2021,451.6,billion,USD,exact,s2,,China,LAC,total\n"
    "t5,trade.a.total,2024,518.4,billion,USD,exact,s1,,China,LAC,total\n"
    "t6,trade.a.total,2021-01/2021-11,411.25,billion,USD,exact,s1,,China,"
    "LAC,total\n"
    "t7,trade.a.total,2022,300,billion,USD,over,s2,,China,LAC,total\n"
    "t8,trade.a.total,2023,0,billion,USD,exact,s2,,China,LAC,total\n"
    "t9,trade.a.exports,2024,240,billion,USD,under,s1,,China,LAC,exports\n"
    "r1,trade.a.total,2024,518.45,billion,USD,exact,ref,,China,LAC,total\n";

static const char figures[] =
    "id,series,period,value,scale,unit,qualifier,source,quote,measure,"
    "entity\n"
    "f1,trade.a.yoy,2021-01/2021-11,42.3,1,percent,exact,s1,,,\n"
    "f2,bri.countries,../2025,22,1,count,at_least,s1,,countries,BRI\n"
    "f3,bri.countries,2019/2020,-5,1,count,at_most,s2,,countries,BRI\n";

static cf_dataset *ds;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	const char *dir = fuzz_scratch_dir();
	fuzz_write_file(dir, "sources.csv", (const uint8_t *)sources,
			strlen(sources));
	fuzz_write_file(dir, "trade.csv", (const uint8_t *)trade,
			strlen(trade));
	fuzz_write_file(dir, "figures.csv", (const uint8_t *)figures,
			strlen(figures));
	cf_error err;
	cf_error_clear(&err);
	if (cf_dataset_load(dir, &ds, &err) != 0) {
		fprintf(stderr, "fuzz claims: fixed dataset: %s\n",
			err.message);
		abort();
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_strndup(data, size);
	char *tolerance = strchr(text, '\n');
	if (tolerance)
		*tolerance++ = '\0';
	cf_error err;
	cf_error_clear(&err);
	cf_claim *c = NULL;
	int rc = cf_claim_parse("fz", text, tolerance, &c, &err);
	if (rc == 0) {
		cf_result r;
		memset(&r, 0, sizeof r);
		if (cf_claim_evaluate(ds, c, "s1", "q", &r, &err) == 0) {
			char buf[256];
			cf_interval_text(r.computed, r.unit, 4, buf,
					 sizeof buf);
			cf_interval_text(r.stated, r.unit, 4, buf, sizeof buf);
			if (r.has_implied)
				cf_interval_text(r.implied, r.implied_unit, 4,
						 buf, sizeof buf);
			(void)cf_deviation(r.computed, r.stated);
		}
		cf_result_clear(&r);
		cf_claim_free(c);
	} else {
		FUZZ_ASSERT(rc == CF_EDATA && err.message[0]);
		/* a bad tolerance is not in the claim: no column */
		FUZZ_ASSERT(err.column >= 1 || tolerance);
	}
	free(text);
	return 0;
}
