/* Fuzzes the CSV reader: cf_csv_read_stream on the input as a stream, with a
 * callback that looks at every field, its position, and rejects a record
 * now and then (so the error paths run too). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>

#include "cifra/cifra.h"
#include "fuzz.h"

static int on_record(const cf_csv_record *rec, void *ctx, cf_error *err)
{
	size_t *bytes = ctx;
	for (size_t i = 0; i <= rec->nfields; i++) {
		long line, column;
		cf_csv_field_position(rec, i, &line, &column);
		FUZZ_ASSERT(line >= rec->line && column >= 1);
		if (i == rec->nfields)
			break;
		FUZZ_ASSERT(strlen(rec->fields[i]) <= rec->lengths[i]);
		FUZZ_ASSERT(!rec->empty[i] || rec->lengths[i] == 0);
		*bytes += rec->lengths[i];
	}
	/* a field reading "!" rejects its record, like a loader would */
	for (size_t i = 0; i < rec->nfields; i++)
		if (strcmp(rec->fields[i], "!") == 0)
			return cf_csv_field_error(rec, i, err, "field %zu", i);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0; /* fmemopen refuses an empty buffer */
	FILE *fp = fmemopen((void *)data, size, "rb");
	if (!fp)
		return 0;
	cf_error err;
	cf_error_clear(&err);
	size_t bytes = 0;
	int rc = cf_csv_read_stream(fp, "fuzz.csv", on_record, &bytes, &err);
	FUZZ_ASSERT(rc <= 0);
	if (rc != 0) {
		FUZZ_ASSERT(err.code == rc);
		FUZZ_ASSERT(strlen(err.message) > 0);
	}
	fclose(fp);
	return 0;
}
