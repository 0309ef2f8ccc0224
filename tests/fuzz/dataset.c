/* Fuzzes the dataset loader.  The input is split at NUL bytes into the
 * files of a dataset directory (sources.csv, trade.csv, claims.csv…, in the
 * order of `files` below); a file with no part is absent.  A dataset that
 * loads is then put through everything `cifra check` does with it. */
#include <string.h>

#include "cifra/cifra.h"
#include "fuzz.h"

static const char *const files[] = {
    "sources.csv",	   "trade.csv",
    "claims.csv",	   "figures.csv",
    "loans.csv",	   "scholarships.csv",
    "reference/trade.csv", "reference/sources.csv"};
#define NFILES (sizeof files / sizeof files[0])

static void check_loaded(cf_dataset *ds)
{
	cf_error err;
	cf_error_clear(&err);
	cf_conflict *conflicts = NULL;
	size_t n = 0;
	if (cf_dataset_conflicts(ds, &conflicts, &n, &err) == 0)
		free(conflicts);
	for (size_t i = 0; i < ds->nseries; i++) {
		FUZZ_ASSERT(cf_dataset_series(ds, ds->series[i].name) ==
			    &ds->series[i]);
		FUZZ_ASSERT(ds->series[i].count > 0);
	}
	cf_results rs = {0};
	if (cf_claims_check(ds, &rs, &err) == 0)
		(void)cf_checks_run(ds, &rs, &err);
	cf_results_free(&rs);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *dir = fuzz_scratch_dir();
	const uint8_t *p = data, *end = data + size;
	for (size_t i = 0; i < NFILES; i++) {
		if (p > end) {
			fuzz_write_file(dir, files[i], NULL, 0);
			continue;
		}
		const uint8_t *nul = memchr(p, '\0', (size_t)(end - p));
		const uint8_t *stop = nul ? nul : end;
		fuzz_write_file(dir, files[i], p, (size_t)(stop - p));
		p = stop + 1;
	}
	cf_dataset *ds = NULL;
	cf_error err;
	cf_error_clear(&err);
	int rc = cf_dataset_load(dir, &ds, &err);
	if (rc == 0) {
		FUZZ_ASSERT(ds != NULL);
		check_loaded(ds);
		cf_dataset_free(ds);
	} else {
		FUZZ_ASSERT(rc < 0 && err.code == rc && err.message[0]);
	}
	return 0;
}
