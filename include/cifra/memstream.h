/* memstream.h — a memory stream that reports running out of memory.
 *
 * glibc's open_memstream cannot be trusted when an allocation fails: a
 * write that cannot grow the buffer returns EOF but never sets the stream's
 * error flag (libio/strops.c _IO_str_overflow), so ferror() stays false and
 * characters are silently dropped; and when the final realloc in fclose
 * fails, fclose still returns 0 with the caller's buffer set to NULL.
 * cf_memstream_open has the same interface built on fopencookie, with a
 * buffer that reports every failure: a write that cannot grow the buffer
 * sets the stream's error flag (so ferror() is true), and fclose returns
 * EOF when any write or the final flush failed, even if the caller never
 * tested ferror().
 *
 * Ownership: after fflush or fclose, *buf is a NUL-terminated string of
 * *len bytes (or NULL while nothing was written), owned by the caller, who
 * frees it with free() after fclose, whatever fclose returned.  Before
 * fclose, *buf is invalidated by every write. */
#ifndef CIFRA_MEMSTREAM_H
#define CIFRA_MEMSTREAM_H

#include <stddef.h>
#include <stdio.h>

/* A write-only stream into *buf / *len (both set to NULL / 0 here).
 * NULL with errno ENOMEM when the stream itself cannot be allocated. */
FILE *cf_memstream_open(char **buf, size_t *len);

#endif
