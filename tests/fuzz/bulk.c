/* Fuzzes the large-file engine (grouped growth).  Byte 0 picks the mode:
 * bit 0 TSV, bit 1 sorted, bit 2 sum, bit 3 summary, bit 4 two key columns
 * (CSV: k,j; TSV: the first field only instead of all but the last two).
 * The rest is the input, read through a stream; the output goes to
 * /dev/null. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>

#include "cifra/cifra.h"
#include "fuzz.h"

static FILE *devnull;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	if (!devnull && !(devnull = fopen("/dev/null", "w")))
		abort();
	uint8_t mode = data[0];
	static const char *const keys[] = {"k", "j"};
	cf_bulk_options opt = {0};
	opt.tsv = mode & 1;
	opt.sorted = mode & 2;
	opt.sum = mode & 4;
	opt.summary = mode & 8;
	opt.keys = keys;
	opt.nkeys = opt.tsv ? ((mode & 16) ? 1 : 0) : ((mode & 16) ? 2 : 1);
	opt.time = "t";
	opt.value = "v";

	cf_error err;
	cf_error_clear(&err);
	cf_bulk *b = NULL;
	int rc = cf_bulk_new(&opt, devnull, &b, &err);
	FUZZ_ASSERT(rc == 0);
	FILE *in = fmemopen((void *)(data + 1), size - 1, "rb");
	if (!in)
		abort();
	rc = cf_bulk_read(b, in, "fuzz", &err);
	if (rc == 0)
		rc = cf_bulk_finish(b, &err);
	if (rc != 0)
		FUZZ_ASSERT(rc < 0 && err.code == rc && err.message[0]);
	fclose(in);
	cf_bulk_free(b);
	return 0;
}
