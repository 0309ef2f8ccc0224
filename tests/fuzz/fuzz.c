/* fuzz.c — scratch files for the harnesses that need a dataset directory. */
#define _POSIX_C_SOURCE 200809L
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char scratch[256];

static void remove_scratch(void)
{
	char cmd[300];
	if (!scratch[0])
		return;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", scratch);
	if (system(cmd) != 0)
		fprintf(stderr, "fuzz: could not remove %s\n", scratch);
}

const char *fuzz_scratch_dir(void)
{
	if (scratch[0])
		return scratch;
	const char *tmp = getenv("TMPDIR");
	snprintf(scratch, sizeof scratch, "%s/cifra-fuzz-XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(scratch)) {
		perror("fuzz: mkdtemp");
		abort();
	}
	atexit(remove_scratch);
	return scratch;
}

void fuzz_write_file(const char *dir, const char *name, const uint8_t *data,
		     size_t size)
{
	char path[512];
	const char *slash = strchr(name, '/');
	if (slash) {
		snprintf(path, sizeof path, "%s/%.*s", dir, (int)(slash - name),
			 name);
		mkdir(path, 0700);
	}
	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (!data) {
		unlink(path);
		return;
	}
	FILE *fp = fopen(path, "wb");
	if (!fp || fwrite(data, 1, size, fp) != size || fclose(fp) != 0) {
		perror(path);
		abort();
	}
}
