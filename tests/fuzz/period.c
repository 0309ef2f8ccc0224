/* Fuzzes the period parser: whatever cf_period_parse accepts must format
 * back to the same text (the header's promise) and behave as a range. */
#include <string.h>

#include "cifra/cifra.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_strndup(data, size);
	cf_error err;
	cf_error_clear(&err);
	cf_period p;
	int rc = cf_period_parse(text, &p, &err);
	if (rc == 0) {
		char buf[CF_PERIOD_TEXT_MAX];
		cf_period_format(&p, buf, sizeof buf);
		FUZZ_ASSERT(strcmp(buf, text) == 0);
		FUZZ_ASSERT(p.kind == CF_PERIOD_TO_DATE || p.first <= p.last);
		FUZZ_ASSERT(cf_period_contains(&p, &p));
		FUZZ_ASSERT(cf_period_compare(&p, &p) == 0);
		cf_period q = cf_period_prev_year(&p);
		FUZZ_ASSERT(cf_period_compare(&q, &p) < 0);
		FUZZ_ASSERT(cf_period_years_between(&q, &p) == 1.0);
		FUZZ_ASSERT(cf_period_first_year(&p) <=
			    cf_period_last_year(&p));
		double mid = cf_period_mid_year(&p);
		FUZZ_ASSERT(mid >= cf_period_first_year(&p) &&
			    mid <= cf_period_last_year(&p) + 1);
		(void)cf_period_years(&p);
		(void)cf_period_is_sub_year(&p);
	} else {
		FUZZ_ASSERT(rc == CF_EDATA && err.message[0]);
	}
	free(text);
	return 0;
}
