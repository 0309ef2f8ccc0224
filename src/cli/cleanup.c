/* cleanup.c — the registry of temporaries and children, and the signal
 * handler that empties it. */
#include "cleanup.h"

#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#define MAX_ENTRIES 256

typedef struct entry {
	char *path; /* NULL: a free slot */
	bool dir;
} entry;

/* The signals whose handler empties the registry.  SIGPIPE too: the reader
 * of a FIFO written through (outfile.h) may go away, and the staged copy in
 * $TMPDIR must not stay. */
static const int handled[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
#define NHANDLED (sizeof handled / sizeof *handled)

/* Written only with the handled signals blocked, read by the handler. */
static entry entries[MAX_ENTRIES];
static volatile sig_atomic_t children[8];

static void handled_set(sigset_t *set)
{
	sigemptyset(set);
	for (size_t i = 0; i < NHANDLED; i++)
		sigaddset(set, handled[i]);
}

static void block(sigset_t *old)
{
	sigset_t set;
	handled_set(&set);
	sigprocmask(SIG_BLOCK, &set, old);
}

static void unblock(const sigset_t *old)
{
	sigprocmask(SIG_SETMASK, old, NULL);
}

static void on_track(void *ctx, const char *path, bool is_dir)
{
	(void)ctx;
	char *copy = strdup(path);
	if (!copy)
		return; /* out of memory: the file is just not cleaned */
	sigset_t old;
	block(&old);
	for (size_t i = 0; i < MAX_ENTRIES; i++)
		if (!entries[i].path) {
			entries[i] = (entry){copy, is_dir};
			copy = NULL;
			break;
		}
	unblock(&old);
	free(copy);
}

static void on_untrack(void *ctx, const char *path)
{
	(void)ctx;
	char *gone = NULL;
	sigset_t old;
	block(&old);
	for (size_t i = MAX_ENTRIES; i-- > 0;)
		if (entries[i].path && !strcmp(entries[i].path, path)) {
			gone = entries[i].path;
			entries[i].path = NULL;
			break;
		}
	unblock(&old);
	free(gone);
}

static void on_child(void *ctx, long pgid, bool running)
{
	(void)ctx;
	sigset_t old;
	block(&old);
	for (size_t i = 0; i < sizeof children / sizeof *children; i++)
		if (running ? children[i] == 0 : children[i] == pgid) {
			children[i] = running ? (sig_atomic_t)pgid : 0;
			break;
		}
	unblock(&old);
}

/* Signals are held (blocked) while the library asks; nested calls keep
 * them held until the outermost ends. */
static sigset_t held_mask;
static int held_depth;

static void on_hold(void *ctx, bool on)
{
	(void)ctx;
	if (on && held_depth++ == 0)
		block(&held_mask);
	else if (!on && held_depth > 0 && --held_depth == 0)
		unblock(&held_mask);
}

/* Only async-signal-safe calls: kill, unlink, rmdir, signal, raise. */
static void on_signal(int sig)
{
	for (size_t i = 0; i < sizeof children / sizeof *children; i++)
		if (children[i] > 0)
			kill(-(pid_t)children[i], SIGKILL);
	for (size_t i = MAX_ENTRIES; i-- > 0;)
		if (entries[i].path && !entries[i].dir)
			unlink(entries[i].path);
	for (size_t i = MAX_ENTRIES; i-- > 0;)
		if (entries[i].path && entries[i].dir)
			rmdir(entries[i].path);
	signal(sig, SIG_DFL);
	raise(sig);
}

const cf_cleanup *cli_cleanup(void)
{
	static const cf_cleanup registry = {NULL, on_track, on_untrack,
					    on_child, on_hold};
	static bool installed;
	if (!installed) {
		struct sigaction sa = {.sa_handler = on_signal};
		handled_set(&sa.sa_mask);
		for (size_t i = 0; i < NHANDLED; i++) {
			struct sigaction prev;
			/* a signal ignored by whoever started us stays so */
			if (sigaction(handled[i], NULL, &prev) == 0 &&
			    prev.sa_handler == SIG_IGN)
				continue;
			sigaction(handled[i], &sa, NULL);
		}
		installed = true;
	}
	return &registry;
}

int cli_gnuplot_timeout(double *out)
{
	const char *t = getenv("CIFRA_GNUPLOT_TIMEOUT");
	*out = 60;
	if (!t || !*t)
		return 0;
	char *end;
	double v = strtod(t, &end);
	if (*end || !isfinite(v) || v <= 0) {
		fprintf(stderr,
			"cifra: CIFRA_GNUPLOT_TIMEOUT='%s': expected a "
			"positive number of seconds\n",
			t);
		return EX_USAGE;
	}
	*out = v;
	return 0;
}
