/* Fuzzes the value, literal, scale, unit and qualifier parsers of figure.h.
 * Byte 0 picks the scale and qualifier; the rest is the text. */
#include <math.h>

#include "cifra/cifra.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	cf_scale scale = (cf_scale)(data[0] % 5);
	cf_qualifier q = (cf_qualifier)((data[0] / 5) % 6);
	char *text = fuzz_strndup(data + 1, size - 1);
	cf_error err;
	cf_error_clear(&err);

	cf_interval iv;
	int rc = cf_value_interval(text, scale, q, &iv, &err);
	bool valid = cf_decimal_valid(text);
	double point = cf_value_point(text, scale);
	if (rc == 0) {
		FUZZ_ASSERT(valid);
		FUZZ_ASSERT(!isnan(iv.lo) && !isnan(iv.hi));
		FUZZ_ASSERT(iv.lo <= iv.hi);
		/* the written value lies in its interval (at its open end for
		 * over/under) */
		FUZZ_ASSERT(!isnan(point));
		FUZZ_ASSERT(iv.lo <= point && point <= iv.hi);
		if (q == CF_QUAL_EXACT || q == CF_QUAL_ABOUT)
			FUZZ_ASSERT(!iv.lo_open && !iv.hi_open);
	} else {
		FUZZ_ASSERT(rc == CF_EDATA && err.message[0]);
		FUZZ_ASSERT(!valid || strlen(text) > 64);
		FUZZ_ASSERT(isnan(point) || strlen(text) > 64);
	}

	static const double multipliers[] = {1.0, 0.01, 1e9, 2.5};
	cf_interval lit;
	if (cf_literal_rounding(text, multipliers[data[0] % 4], &lit) == 0) {
		FUZZ_ASSERT(isfinite(lit.lo) && isfinite(lit.hi));
		FUZZ_ASSERT(lit.lo <= lit.hi);
	}

	cf_scale s;
	cf_unit u;
	cf_qualifier qq;
	if (cf_scale_parse(text, &s, &err) == 0)
		FUZZ_ASSERT(strcmp(cf_scale_name(s), text) == 0);
	if (cf_unit_parse(text, &u, &err) == 0)
		FUZZ_ASSERT(strcmp(cf_unit_name(u), text) == 0);
	if (cf_qualifier_parse(text, &qq, &err) == 0)
		FUZZ_ASSERT(strcmp(cf_qualifier_name(qq), "?") != 0);
	free(text);
	return 0;
}
