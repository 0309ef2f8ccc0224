/* fault.c — makes one allocation fail, for the fault-injection test
 * (tests/fault/run.sh), the way SQLite's malloc tests do.
 *
 * Loaded with LD_PRELOAD into the cifra command, it counts every malloc,
 * calloc, realloc, strdup and strndup of the process, libraries included
 * (GSL, jansson and libcsv allocate through malloc too: that is the point),
 * and makes allocation number CIFRA_FAULT_N return NULL with errno ENOMEM.
 * CIFRA_FAULT_N unset or 0: nothing fails, the allocations are only
 * counted.  CIFRA_FAULT_REPORT names a file that receives "failed N" when
 * the failure was injected and "total N" at exit.
 *
 * Only a program named CIFRA_FAULT_EXE (default "cifra") is affected: the
 * valgrind launcher, /bin/sh and gnuplot that also load the wrapper only
 * pass their allocations through.  The real allocator is reached through
 * glibc's __libc_malloc family (no dlsym, which itself allocates), which is
 * what valgrind replaces too, so the test can run under valgrind's leak
 * check. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t size);

static long fail_at;
static long count;
static char report_path[512];

static void report(const char *what, long n)
{
	if (!report_path[0])
		return;
	int fd = open(report_path, O_WRONLY | O_CREAT | O_APPEND, 0600);
	if (fd < 0)
		return;
	char line[64];
	int len = snprintf(line, sizeof line, "%s %ld\n", what, n);
	if (write(fd, line, (size_t)len) != len)
		(void)0; /* nothing to do: the test sees the line missing */
	close(fd);
}

/* Whether this process is the program under test. */
static int is_target(void)
{
	char exe[512];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return 0;
	exe[n] = '\0';
	const char *base = strrchr(exe, '/');
	const char *want = getenv("CIFRA_FAULT_EXE");
	return strcmp(base ? base + 1 : exe, want ? want : "cifra") == 0;
}

__attribute__((constructor)) static void fault_init(void)
{
	if (!is_target())
		return;
	const char *n = getenv("CIFRA_FAULT_N");
	const char *r = getenv("CIFRA_FAULT_REPORT");
	if (r)
		snprintf(report_path, sizeof report_path, "%s", r);
	count = 0;
	fail_at = n ? atol(n) : 0;
}

__attribute__((destructor)) static void fault_fini(void)
{
	report("total", count);
}

/* True when this allocation is the one to fail. */
static int should_fail(void)
{
	long n = __atomic_add_fetch(&count, 1, __ATOMIC_RELAXED);
	if (fail_at <= 0 || n != fail_at)
		return 0;
	report("failed", n);
	errno = ENOMEM;
	return 1;
}

void *malloc(size_t size)
{
	return should_fail() ? NULL : __libc_malloc(size);
}

void *calloc(size_t n, size_t size)
{
	return should_fail() ? NULL : __libc_calloc(n, size);
}

void *realloc(void *p, size_t size)
{
	return should_fail() ? NULL : __libc_realloc(p, size);
}

char *strdup(const char *s)
{
	size_t len = strlen(s) + 1;
	char *d = malloc(len);
	return d ? memcpy(d, s, len) : NULL;
}

char *strndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *d = malloc(len + 1);
	if (!d)
		return NULL;
	memcpy(d, s, len);
	d[len] = '\0';
	return d;
}
