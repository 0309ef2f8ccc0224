/* textfile.c — a whole file into memory (see textfile.h). */
#include "cifra/textfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Grows buf so that at least 64 KiB (and the final NUL) fit after n. */
static int grow(char **buf, size_t n, size_t *cap)
{
	if (*cap - n > 65536)
		return 0;
	size_t c = *cap ? *cap * 2 : 65537;
	char *b = realloc(*buf, c);
	if (!b)
		return -1;
	*buf = b;
	*cap = c;
	return 0;
}

int cf_file_read(const char *path, char **text, size_t *len, cf_error *err)
{
	*text = NULL;
	*len = 0;
	FILE *fp = fopen(path, "rb");
	if (!fp) /* fopen allocates: its ENOMEM is ours, not the file's */
		return cf_error_set(
		    err, errno == ENOMEM ? CF_ENOMEM : CF_ENOINPUT, path, 0, 0,
		    "cannot open: %s", strerror(errno));
	char *buf = NULL;
	size_t n = 0, cap = 0, got;
	do {
		if (grow(&buf, n, &cap) != 0) {
			free(buf);
			fclose(fp);
			return cf_error_set(err, CF_ENOMEM, path, 0, 0,
					    "out of memory");
		}
		got = fread(buf + n, 1, cap - n - 1, fp);
		n += got;
	} while (got > 0);
	int bad = ferror(fp), e = errno;
	fclose(fp);
	if (bad) {
		free(buf);
		return cf_error_set(err, CF_ENOINPUT, path, 0, 0,
				    "cannot read: %s", strerror(e));
	}
	buf[n] = '\0';
	*text = buf;
	*len = n;
	return 0;
}
