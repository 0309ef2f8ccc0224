/* Fuzzes the extractor on a copy of exactly the input's bytes, with no NUL
 * after them: cf_extract_text is given a length and must not read past it
 * (the command line hands it a file's bytes as read). */
#include <string.h>

#include "cifra/cifra.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size ? size : 1);
	if (!text)
		abort();
	memcpy(text, data, size);
	cf_candidate *c = NULL;
	size_t n = 0;
	cf_error err;
	cf_error_clear(&err);
	int rc = cf_extract_text(text, size, &c, &n, &err);
	if (rc == 0) {
		for (size_t i = 0; i < n; i++) {
			FUZZ_ASSERT(c[i].value_text && c[i].quote);
			FUZZ_ASSERT(c[i].line >= 1 && c[i].column >= 1);
			FUZZ_ASSERT(strlen(c[i].quote) <= size);
		}
		cf_candidates_free(c, n);
	}
	free(text);
	return 0;
}
