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
	cf_cleanup_track(cleanup_of(opt), path, false);
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
		char *path = cf_path_join(tmp, name);
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
	char *path = cf_path_join(tmp, html ? "report.html" : "report.md");
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
		cf_tempdir_name_target(err, tmp, dir);
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

/* Every report file of tmp renamed over its name in dir, all or none
 * (outfile.h: a name taken by a directory fails before any is replaced). */
static int move_in(const char *dir, const char *tmp, const cf_cleanup *c,
		   cf_error *err)
{
	cf_outgroup *g = NULL;
	int rc = cf_outgroup_new(c, &g, err);
	for (size_t i = 0; i < NFILES && rc == 0; i++) {
		char *from = cf_path_join(tmp, report_files[i]);
		char *to = cf_path_join(dir, report_files[i]);
		rc =
		    from && to ? cf_outgroup_adopt(g, from, to, err) : oom(err);
		free(from);
		free(to);
	}
	if (rc != 0) {
		cf_outgroup_abort(g);
		return rc;
	}
	return cf_outgroup_commit(g, NULL, NULL, err);
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
	if (absent) {
		rc = cf_tempdir_commit(tmp, dir, c, err);
		close(fd);
		return rc == 0 ? 1 : rc; /* 1: tmp is dir now */
	}
	if (rc == 0 && !is_dir(dir)) /* else made meanwhile: merge */
		rc = cf_error_set(err, CF_EWRITE, dir, 0, 0,
				  "cannot write the report: %s",
				  strerror(ENOTDIR));
	if (rc == 0)
		rc = move_in(dir, tmp, c, err);
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
	char *inside = is_dir(dir) ? cf_path_join(dir, "report") : NULL;
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
	if (rc == 1) /* renamed as a whole */
		rc = 0;
	else if (tmp)
		cf_tempdir_remove(tmp, cleanup_of(opt));
	free(tmp);
	return rc;
}
