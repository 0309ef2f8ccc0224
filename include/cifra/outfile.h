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

/* The callbacks of c (NULL, or a NULL callback, is fine): for the
 * temporaries a caller makes itself, e.g. files completed inside a
 * cf_tempdir_create directory (so a signal removes them before the
 * directory). */
void cf_cleanup_track(const cf_cleanup *c, const char *path, bool is_dir);
void cf_cleanup_untrack(const cf_cleanup *c, const char *path);
void cf_cleanup_hold(const cf_cleanup *c, bool on);

/* "DIR/NAME", malloc'd (NULL when out of memory). */
char *cf_path_join(const char *dir, const char *name);

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

/* An error about a file inside the private directory tmp names the file
 * the user asked for, PATH/NAME, not PATH's .NAME.cifra-PID.tmp/NAME; other
 * errors are left alone. */
void cf_tempdir_name_target(cf_error *err, const char *tmp, const char *path);

/* Renames the private directory tmp (cf_tempdir_create) to path, which
 * must not exist, and untracks tmp and the files tracked inside it.  The
 * way to create a new directory of outputs whole or not at all.  Errors:
 * CF_EWRITE (path exists: "already exists"; the rename failed), after
 * which tmp is untouched: the caller removes it (cf_tempdir_remove). */
int cf_tempdir_commit(const char *tmp, const char *path,
		      const cf_cleanup *cleanup, cf_error *err);

/* ---- a group of outputs committed together ----
 *
 * Several files that must change together (a dataset's sources.csv and
 * trade.csv, a report's documents and charts) are a cf_outgroup: each is
 * staged like a cf_outfile (or adopted, already complete, from a private
 * directory); cf_outgroup_commit then, with the owner's signals held
 * (cf_cleanup.hold), keeps every existing target aside as a hard link
 * (DIR/.NAME.cifra-PID.old), renames every new file into place, runs the
 * caller's check, and on any failure puts every old file back and removes
 * the new ones: the targets are either all new or all as they were.
 * Targets are absent or regular files (a symbolic link to one: the file it
 * points to is replaced); a device, FIFO, directory or dangling link is
 * refused (CF_EWRITE) when it is added, before anything is replaced. */
typedef struct cf_outgroup cf_outgroup;

/* A new empty group; *out is freed by commit or abort.  cleanup as for
 * cf_outfile_open (may be NULL).  Errors: CF_ENOMEM. */
int cf_outgroup_new(const cf_cleanup *cleanup, cf_outgroup **out,
		    cf_error *err);

/* Stages path in g (see cf_outfile_open).  *of belongs to g: write to its
 * stream, never commit or abort it.  Errors: CF_EWRITE (a refused target,
 * no temporary), CF_ENOMEM; g is unchanged then and may still be used. */
int cf_outgroup_open(cf_outgroup *g, const char *path, cf_outfile **of,
		     cf_error *err);

/* Adds the complete file `from` (on to's file system, e.g. in a
 * cf_tempdir_create directory beside it) to be renamed over `to`.  from
 * stays the caller's until commit moves it (and untracks it, if the
 * caller tracked it); the caller removes it after an abort or a failed
 * commit.  Errors as cf_outgroup_open. */
int cf_outgroup_adopt(cf_outgroup *g, const char *from, const char *to,
		      cf_error *err);

/* Run by commit once every file is in place; non-zero (a CF_E… code, with
 * err filled) puts the old files back. */
typedef int (*cf_outgroup_check)(void *ctx, cf_error *err);

/* Commits g as described above and frees it either way; check may be
 * NULL.  Errors: CF_EWRITE (a stream's write error, an old file that
 * cannot be kept aside, a rename, naming the target), or check's code;
 * on error every target is as it was and the group's temporaries are
 * removed. */
int cf_outgroup_commit(cf_outgroup *g, cf_outgroup_check check, void *ctx,
		       cf_error *err);

/* Removes the group's temporaries and frees g (NULL is fine); no target
 * is touched. */
void cf_outgroup_abort(cf_outgroup *g);

#endif
