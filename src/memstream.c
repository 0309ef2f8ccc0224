/* memstream.c — open_memstream's interface on fopencookie, with every
 * failed allocation reported (see memstream.h for why). */
#define _GNU_SOURCE
#include "cifra/memstream.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

typedef struct memstream {
	char **buf;
	size_t *len;
	size_t cap; /* bytes allocated at *buf, the NUL included */
	int failed; /* a write was lost: fclose must say so */
} memstream;

/* Room for `need` more bytes and a NUL; false when out of memory (the
 * buffer is then left as it was). */
static int reserve(memstream *m, size_t need)
{
	size_t want = *m->len + need + 1;
	if (want <= m->cap)
		return 1;
	size_t cap = m->cap ? m->cap : 256;
	while (cap < want)
		cap = cap > SIZE_MAX / 2 ? want : cap * 2;
	char *p = realloc(*m->buf, cap);
	if (!p)
		return 0;
	*m->buf = p;
	m->cap = cap;
	return 1;
}

/* -1 (stdio then sets the error flag) rather than a short count: a short
 * count of 0 would make stdio retry for ever. */
static ssize_t mem_write(void *cookie, const char *data, size_t size)
{
	memstream *m = cookie;
	if (!reserve(m, size)) {
		m->failed = 1;
		errno = ENOMEM;
		return -1;
	}
	memcpy(*m->buf + *m->len, data, size);
	*m->len += size;
	(*m->buf)[*m->len] = '\0';
	return (ssize_t)size;
}

/* Even an empty stream ends as "", as with open_memstream.  -1 when any
 * write was lost, even one whose error flag the caller did not test. */
static int mem_close(void *cookie)
{
	memstream *m = cookie;
	int rc = reserve(m, 0) && !m->failed ? 0 : -1;
	if (*m->buf)
		(*m->buf)[*m->len] = '\0';
	free(m);
	if (rc != 0)
		errno = ENOMEM;
	return rc;
}

FILE *cf_memstream_open(char **buf, size_t *len)
{
	*buf = NULL;
	*len = 0;
	memstream *m = calloc(1, sizeof *m);
	if (!m)
		return NULL;
	m->buf = buf;
	m->len = len;
	cookie_io_functions_t io = {.write = mem_write, .close = mem_close};
	FILE *fp = fopencookie(m, "w", io);
	if (!fp) {
		free(m);
		errno = ENOMEM;
	}
	return fp;
}
