/* fuzz.h — helpers shared by the libFuzzer harnesses (tests/fuzz/NAME.c).
 *
 * Each harness drives one stable public entry point of libcifra with
 * arbitrary bytes.  A harness may also abort() on a broken invariant of the
 * public contract (a parsed period that does not format back to its text),
 * so that libFuzzer reports it like a crash. */
#ifndef CIFRA_FUZZ_H
#define CIFRA_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A NUL-terminated copy of the input (malloc'd; abort on ENOMEM, which
 * libFuzzer's -rss_limit_mb reports anyway). */
static inline char *fuzz_strndup(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* Fails the run with a message: a broken invariant. */
#define FUZZ_ASSERT(cond)                                                      \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "%s:%d: invariant broken: %s\n",       \
				__FILE__, __LINE__, #cond);                    \
			abort();                                               \
		}                                                              \
	} while (0)

/* Creates a scratch directory once per process (removed at exit).  Returns
 * its path. */
const char *fuzz_scratch_dir(void);

/* Writes size bytes to dir/name (replacing it); name may hold one '/'
 * level whose directory is created.  A NULL data removes the file. */
void fuzz_write_file(const char *dir, const char *name, const uint8_t *data,
		     size_t size);

#endif
