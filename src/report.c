/* report.c — a report built in a private directory, then swapped in under
 * a lock (see report.h). */
#include "cifra/report.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cifra/outfile.h"
#include "cifra/plot.h"
#include "report_doc.h"

#define NFILES (2 + 2 * CF_CHART_COUNT_)

static const char *const report_files[NFILES + 1] = {"report.md",
						     "report.html",
						     "trade.svg",
						     "trade.png",
						     "growth.svg",
						     "growth.png",
						     "loans.svg",
						     "loans.png",
						     "scholarships.svg",
						     "scholarships.png",
						     "claims.svg",
						     "claims.png",
						     NULL};

static char *join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%s/%s", dir, name);
	return p;
}

static int oom(cf_error *err)
{
	return cf_error_set(err, CF_ENOMEM, NULL, 0, 0, "out of memory");
}

static const cf_cleanup *cleanup_of(const cf_gnuplot_opts *opt)
{
	return opt ? opt->cleanup : NULL;
}

/* A file now complete in the private directory: removed on a signal. */
static void track_file(const cf_gnuplot_opts *opt, const char *path)
{
	const cf_cleanup *c = cleanup_of(opt);
	if (c && c->track)
		c->track(c->ctx, path, false);
}

/* ---- building ----------------------------------------------------------- */

static int render_chart(const cf_analysis *a, const char *tmp, cf_chart c,
			const cf_gnuplot_opts *opt, cf_error *err)
{
	char *body = NULL;
	int rc = cf_chart_script(a, c, NULL, &body, err);
	for (int fmt = 0; fmt < 2 && rc == 0; fmt++) {
		char name[64];
		snprintf(name, sizeof name, "%s.%s", cf_chart_name(c),
			 fmt ? "png" : "svg");
		char *path = join(tmp, name);
		rc = path ? cf_plot_render(body, path, opt, err) : oom(err);
		if (rc == 0)
			track_file(opt, path);
		free(path);
	}
	free(body);
	return rc;
}

static int write_doc(const cf_analysis *a, const char *tmp, bool html,
		     const cf_gnuplot_opts *opt, cf_error *err)
{
	char *text = NULL;
	char *path = join(tmp, html ? "report.html" : "report.md");
	if (!path)
		return oom(err);
	int rc = report_document(a, tmp, html, &text, err);
	cf_outfile *of = NULL;
	if (rc == 0)
		rc = cf_outfile_open(path, cleanup_of(opt), &of, err);
	if (rc == 0) {
		fputs(text, cf_outfile_stream(of));
		rc = cf_outfile_commit(of, err);
	}
	if (rc == 0)
		track_file(opt, path);
	free(text);
	free(path);
	return rc;
}

/* An error about a file in the private directory names the file the user
 * asked for: DIR/NAME, not DIR/.report.cifra-PID.tmp/NAME. */
static void name_target(cf_error *err, const char *tmp, const char *dir)
{
	size_t n = strlen(tmp);
	if (strncmp(err->file, tmp, n) || err->file[n] != '/')
		return;
	char full[2 * CF_ERROR_FILE_MAX];
	snprintf(full, sizeof full, "%s%s%s", dir,
		 dir[0] && dir[strlen(dir) - 1] == '/' ? "" : "/",
		 err->file + n + 1);
	size_t len = strlen(full);
	len = len < sizeof err->file ? len : sizeof err->file - 1;
	memcpy(err->file, full, len);
	err->file[len] = '\0';
}

static int build(const cf_analysis *a, const char *tmp, const char *dir,
		 const cf_gnuplot_opts *opt, cf_error *err)
{
	int rc = 0;
	for (int c = 0; c < CF_CHART_COUNT_ && rc == 0; c++)
		rc = render_chart(a, tmp, (cf_chart)c, opt, err);
	if (rc == 0)
		rc = write_doc(a, tmp, false, opt, err);
	if (rc == 0)
		rc = write_doc(a, tmp, true, opt, err);
	if (rc != 0)
		name_target(err, tmp, dir);
	return rc;
}

/* ---- the swap ----------------------------------------------------------- */

/* An exclusive flock on the directory that holds dir (released when fd is
 * closed): the swap is short, and no lock file is left lying around. */
static int lock_parent(const char *dir, int *fd, cf_error *err)
{
	char *copy = strdup(dir);
	if (!copy)
		return oom(err);
	size_t n = strlen(copy);
	while (n > 1 && copy[n - 1] == '/')
		copy[--n] = '\0';
	char *slash = strrchr(copy, '/');
	const char *parent = !slash ? "." : slash == copy ? "/" : copy;
	if (slash && slash != copy)
		*slash = '\0';
	*fd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc = 0;
	if (*fd < 0 || flock(*fd, LOCK_EX) != 0)
		rc = cf_error_set(err, CF_EWRITE, parent, 0, 0,
				  "cannot lock the directory: %s",
				  strerror(errno));
	free(copy);
	return rc;
}

/* Every report name in dir is absent or a regular file. */
static int check_names(const char *dir, cf_error *err)
{
	for (size_t i = 0; i < NFILES; i++) {
		char *p = join(dir, report_files[i]);
		struct stat st;
		if (!p)
			return oom(err);
		int bad = lstat(p, &st) == 0 && !S_ISREG(st.st_mode);
		int rc = bad ? cf_error_set(err, CF_EWRITE, p, 0, 0,
					    "cannot write: not a regular "
					    "file (it is kept as it is)")
			     : 0;
		free(p);
		if (rc)
			return rc;
	}
	return 0;
}

typedef struct swap {
	const char *dir, *tmp;
	bool had[NFILES]; /* an old file was kept aside */
	size_t done;	  /* files renamed into dir */
} swap;

static char *aside_name(const swap *s, size_t i)
{
	char name[80];
	snprintf(name, sizeof name, ".old.%s", report_files[i]);
	return join(s->tmp, name);
}

/* Hard links keep the old files until every new one is in. */
static int keep_old(swap *s, cf_error *err)
{
	for (size_t i = 0; i < NFILES; i++) {
		char *cur = join(s->dir, report_files[i]);
		char *aside = aside_name(s, i);
		int rc = cur && aside ? 0 : oom(err);
		if (rc == 0 && link(cur, aside) == 0)
			s->had[i] = true;
		else if (rc == 0 && errno != ENOENT)
			rc = cf_error_set(err, CF_EWRITE, cur, 0, 0,
					  "cannot keep the old file aside: %s",
					  strerror(errno));
		free(cur);
		free(aside);
		if (rc)
			return rc;
	}
	return 0;
}

static void undo(swap *s)
{
	for (size_t i = 0; i < s->done; i++) {
		char *cur = join(s->dir, report_files[i]);
		char *aside = aside_name(s, i);
		if (cur && aside) {
			if (s->had[i])
				rename(aside, cur);
			else
				unlink(cur);
		}
		free(cur);
		free(aside);
	}
}

static int move_in(swap *s, cf_error *err)
{
	int rc = keep_old(s, err);
	for (size_t i = 0; i < NFILES && rc == 0; i++) {
		char *from = join(s->tmp, report_files[i]);
		char *to = join(s->dir, report_files[i]);
		if (!from || !to)
			rc = oom(err);
		else if (rename(from, to) != 0)
			rc = cf_error_set(err, CF_EWRITE, to, 0, 0,
					  "cannot write: %s", strerror(errno));
		else
			s->done++;
		free(from);
		free(to);
	}
	if (rc != 0)
		undo(s);
	return rc;
}

static bool is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int swap_in(const char *dir, const char *tmp, const cf_cleanup *c,
		   cf_error *err)
{
	int fd = -1;
	int rc = lock_parent(dir, &fd, err);
	struct stat st;
	bool absent = rc == 0 && lstat(dir, &st) != 0 && errno == ENOENT;
	if (absent && rename(tmp, dir) == 0) {
		close(fd);
		return 1; /* tmp is dir now */
	}
	int e = absent ? errno : ENOTDIR;
	if (rc == 0 && !is_dir(dir)) /* else made meanwhile: merge */
		rc = cf_error_set(err, CF_EWRITE, dir, 0, 0,
				  "cannot write the report: %s", strerror(e));
	if (rc == 0)
		rc = check_names(dir, err);
	swap s = {dir, tmp, {false}, 0};
	bool held = rc == 0 && c && c->hold;
	if (held)
		c->hold(c->ctx, true); /* all the renames or none */
	if (rc == 0)
		rc = move_in(&s, err);
	if (held)
		c->hold(c->ctx, false);
	if (fd >= 0)
		close(fd);
	return rc;
}

int cf_report_write(const cf_analysis *a, const char *dir,
		    const cf_gnuplot_opts *opt, cf_error *err)
{
	int rc = cf_plot_available(err);
	if (rc != 0)
		return rc;
	char *inside = is_dir(dir) ? join(dir, "report") : NULL;
	if (is_dir(dir) && !inside)
		return oom(err);
	char *tmp = NULL;
	rc = cf_tempdir_create(inside ? inside : dir, cleanup_of(opt), &tmp,
			       err);
	free(inside);
	if (rc == 0)
		rc = build(a, tmp, dir, opt, err);
	if (rc == 0)
		rc = swap_in(dir, tmp, cleanup_of(opt), err);
	const cf_cleanup *c = cleanup_of(opt);
	for (size_t i = 0; tmp && c && c->untrack && i < NFILES; i++) {
		char *p = join(tmp, report_files[i]);
		if (p)
			c->untrack(c->ctx, p);
		free(p);
	}
	if (rc == 1) { /* renamed as a whole */
		if (c && c->untrack)
			c->untrack(c->ctx, tmp);
		rc = 0;
	} else if (tmp) {
		cf_tempdir_remove(tmp, c);
	}
	free(tmp);
	return rc;
}
