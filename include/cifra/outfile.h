/* outfile.h — the one way cifra writes an output file: all or nothing, and
 * never at the expense of what the name already stands for.
 *
 * cf_outfile_open stages the output in a new temporary file; the caller
 * writes it (through cf_outfile_stream, or by name through
 * cf_outfile_temp_path for a program such as gnuplot); cf_outfile_commit
 * puts it in place, cf_outfile_abort throws it away.  A failed or
 * interrupted command thus never leaves a half-written file.
 *
 * What the target is decides how it is put in place:
 * - absent or a regular file: the temporary is a sibling,
 *   DIR/.NAME.cifra-PID.tmp (PID-N.tmp when that exists), so a user who
 *   finds one knows whose it is; commit renames it over the target (the
 *   same file system, so atomically) and keeps an existing file's mode;
 * - a symbolic link to a regular file: the file it points to is replaced as
 *   above and the link is kept;
 * - a device node, a FIFO, or a link to one: never replaced.  The output is
 *   staged in $TMPDIR (default /tmp) and written through to the target at
 *   commit (/dev/null accepts it, /dev/full fails with CF_EWRITE, a FIFO
 *   passes it to its reader);
 * - a directory, a socket, a dangling link: refused with CF_EWRITE.
 * Every error names the target and says why (strerror).
 *
 * Temporaries and signals: the library keeps no global state, so it cannot
 * know which temporaries to remove when the process is killed.  It reports
 * every temporary it creates and every child process it starts to a
 * caller-owned cf_cleanup (may be NULL): the command line keeps a registry
 * that its SIGINT/SIGTERM/SIGHUP handler empties (unlink, rmdir, kill).
 * Callbacks run in the calling thread, never from a signal handler. */
#ifndef CIFRA_OUTFILE_H
#define CIFRA_OUTFILE_H

#include <stdbool.h>
#include <stdio.h>

#include "cifra/error.h"

typedef struct cf_cleanup {
	void *ctx;
	/* path (a file, or a directory to remove with what it holds) now
	 * exists and is ours; forget it once renamed or removed.  The
	 * callbacks may be NULL. */
	void (*track)(void *ctx, const char *path, bool is_dir);
	void (*untrack)(void *ctx, const char *path);
	/* A child process group (its leader's pid) runs / has ended. */
	void (*child)(void *ctx, long pgid, bool running);
	/* Around a step that must not be cut in the middle (a report's
	 * files renamed into place): on true the owner defers its signals,
	 * on false it lets them in again. */
	void (*hold)(void *ctx, bool on);
} cf_cleanup;

typedef struct cf_outfile cf_outfile;

/* Stages an output for path (see above).  *out is freed by commit or
 * abort.  Errors: CF_EWRITE (a refused target; cannot create the
 * temporary), CF_ENOMEM.  On error nothing is left behind. */
int cf_outfile_open(const char *path, const cf_cleanup *cleanup,
		    cf_outfile **out, cf_error *err);

/* The staging stream (binary, owned by of: do not fclose it). */
FILE *cf_outfile_stream(cf_outfile *of);

/* The temporary's name, for a program that writes the file by name (it
 * then holds an empty file; writing to it truncates and replaces that). */
const char *cf_outfile_temp_path(const cf_outfile *of);

/* The target as given to cf_outfile_open. */
const char *cf_outfile_target(const cf_outfile *of);

/* Flushes, syncs and closes the staging stream, then renames it into place
 * or writes it through; frees of either way.  Errors: CF_EWRITE (a write
 * error on the stream, disk full, rename or write-through failed, naming
 * the target), after which the temporary is removed. */
int cf_outfile_commit(cf_outfile *of, cf_error *err);

/* Removes the temporary and frees of (NULL is fine). */
void cf_outfile_abort(cf_outfile *of);

/* Is there room left where the temporary is?  After a program wrote a
 * short file, tells a full disk (CF_EWRITE, naming the target) from a
 * program that stopped early (0): tries to reserve `bytes` more. */
int cf_outfile_check_space(const cf_outfile *of, long bytes, cf_error *err);

/* Creates a new private directory beside path for building a set of
 * outputs: DIR/.NAME.cifra-PID.tmp (PID-N when taken), tracked with
 * cleanup.  *out is malloc'd.  Errors: CF_EWRITE, CF_ENOMEM. */
int cf_tempdir_create(const char *path, const cf_cleanup *cleanup, char **out,
		      cf_error *err);

/* Removes a directory made by cf_tempdir_create with the files in it (one
 * level) and untracks it. */
void cf_tempdir_remove(const char *dir, const cf_cleanup *cleanup);

#endif
