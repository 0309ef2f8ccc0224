/* outfile.c — staged output files: a temporary beside the target, renamed
 * on commit; devices and FIFOs written through, never replaced. */
/* realpath is XSI: glibc declares it with _DEFAULT_SOURCE. */
#define _DEFAULT_SOURCE

#include "cifra/outfile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct cf_outfile {
	char *target; /* as given */
	char *final;  /* what the rename replaces (links resolved); NULL when
			 written through */
	char *tmp;
	FILE *fp;
	mode_t mode; /* of the file replaced, or 0666 & ~umask */
	bool keep_mode;
	const cf_cleanup *cleanup;
};

void cf_cleanup_track(const cf_cleanup *c, const char *path, bool is_dir)
{
	if (c && c->track)
		c->track(c->ctx, path, is_dir);
}

void cf_cleanup_untrack(const cf_cleanup *c, const char *path)
{
	if (c && c->untrack)
		c->untrack(c->ctx, path);
}

void cf_cleanup_hold(const cf_cleanup *c, bool on)
{
	if (c && c->hold)
		c->hold(c->ctx, on);
}

static int oom(cf_error *err)
{
	return cf_error_set(err, CF_ENOMEM, NULL, 0, 0, "out of memory");
}

char *cf_path_join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%s/%s", dir, name);
	return p;
}

/* "DIR/.BASE.cifra-PID[-N].EXT" for "DIR/BASE": EXT is "tmp" for a
 * temporary, "old" for an old file kept aside during a group commit. */
static char *sibling_name(const char *dir, const char *base, int n,
			  const char *ext)
{
	size_t size = strlen(dir) + strlen(base) + 64;
	char *t = malloc(size);
	if (!t)
		return NULL;
	if (n)
		snprintf(t, size, "%s/.%s.cifra-%ld-%d.%s", dir, base,
			 (long)getpid(), n, ext);
	else
		snprintf(t, size, "%s/.%s.cifra-%ld.%s", dir, base,
			 (long)getpid(), ext);
	return t;
}

/* Splits path into a malloc'd directory ("." when none, "/" for "/x") and
 * its last component. */
static char *dir_part(const char *path, const char **base)
{
	const char *slash = strrchr(path, '/');
	*base = slash ? slash + 1 : path;
	if (!slash)
		return strdup(".");
	if (slash == path)
		return strdup("/");
	return strndup(path, (size_t)(slash - path));
}

/* Creates the first free sibling name with O_EXCL: a file (fd set), a
 * directory (is_dir), or a hard link to `linked` (named .old). */
static int create_sibling(const char *dir, const char *base, bool is_dir,
			  const char *linked, char **out, int *fd)
{
	for (int n = 0; n < 100; n++) {
		char *t = sibling_name(dir, base, n, linked ? "old" : "tmp");
		if (!t)
			return CF_ENOMEM;
		int rc =
		    linked ? link(linked, t)
		    : is_dir
			? mkdir(t, 0755)
			: (*fd = open(t, O_WRONLY | O_CREAT | O_EXCL, 0666));
		if (rc >= 0) {
			*out = t;
			return 0;
		}
		free(t);
		if (errno != EEXIST)
			return CF_EWRITE;
	}
	errno = EEXIST;
	return CF_EWRITE;
}

static int refuse(const char *path, const char *why, cf_error *err)
{
	return cf_error_set(err, CF_EWRITE, path, 0, 0,
			    "cannot write: %s (it is kept as it is)", why);
}

/* Decides where the rename goes: of->final (NULL: write through). */
static int resolve_target(cf_outfile *of, cf_error *err)
{
	struct stat lst, st;
	of->mode = 0666;
	if (lstat(of->target, &lst) != 0) {
		if (errno != ENOENT)
			return cf_error_set(err, CF_EWRITE, of->target, 0, 0,
					    "cannot write: %s",
					    strerror(errno));
		of->final = strdup(of->target);
		return of->final ? 0 : oom(err);
	}
	if (S_ISLNK(lst.st_mode) && stat(of->target, &st) != 0)
		return refuse(of->target, "a symbolic link to nothing", err);
	if (!S_ISLNK(lst.st_mode))
		st = lst;
	if (S_ISDIR(st.st_mode))
		return refuse(of->target, "a directory", err);
	if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) || S_ISFIFO(st.st_mode))
		return 0; /* written through */
	if (!S_ISREG(st.st_mode))
		return refuse(of->target, "not a regular file", err);
	of->mode = st.st_mode & 07777;
	of->keep_mode = true;
	of->final = S_ISLNK(lst.st_mode) ? realpath(of->target, NULL)
					 : strdup(of->target);
	return of->final ? 0 : oom(err);
}

static int make_temp(cf_outfile *of, cf_error *err)
{
	const char *base;
	char *dir;
	if (of->final) {
		dir = dir_part(of->final, &base);
	} else {
		const char *t = getenv("TMPDIR");
		free(dir_part(of->target, &base)); /* only base, in target */
		dir = strdup(t && *t ? t : "/tmp");
	}
	if (!dir)
		return oom(err);
	int fd = -1;
	int rc = create_sibling(dir, base, false, NULL, &of->tmp, &fd);
	free(dir);
	if (rc == CF_ENOMEM)
		return oom(err);
	if (rc != 0)
		return cf_error_set(err, CF_EWRITE, of->target, 0, 0,
				    "cannot create a temporary file beside "
				    "it: %s",
				    strerror(errno));
	cf_cleanup_track(of->cleanup, of->tmp, false);
	of->fp = fdopen(fd, "wb");
	if (!of->fp) {
		close(fd);
		return oom(err);
	}
	return 0;
}

int cf_outfile_open(const char *path, const cf_cleanup *cleanup,
		    cf_outfile **out, cf_error *err)
{
	*out = NULL;
	cf_outfile *of = calloc(1, sizeof *of);
	if (!of || !(of->target = strdup(path))) {
		free(of);
		return oom(err);
	}
	of->cleanup = cleanup;
	int rc = resolve_target(of, err);
	if (rc == 0)
		rc = make_temp(of, err);
	if (rc != 0) {
		cf_outfile_abort(of);
		return rc;
	}
	*out = of;
	return 0;
}

FILE *cf_outfile_stream(cf_outfile *of)
{
	return of->fp;
}

const char *cf_outfile_temp_path(const cf_outfile *of)
{
	return of->tmp;
}

const char *cf_outfile_target(const cf_outfile *of)
{
	return of->target;
}

static void outfile_free(cf_outfile *of)
{
	free(of->target);
	free(of->final);
	free(of->tmp);
	free(of);
}

void cf_outfile_abort(cf_outfile *of)
{
	if (!of)
		return;
	if (of->fp)
		fclose(of->fp);
	if (of->tmp) {
		unlink(of->tmp);
		cf_cleanup_untrack(of->cleanup, of->tmp);
	}
	outfile_free(of);
}

static int write_all(int fd, const char *buf, size_t n)
{
	while (n) {
		ssize_t w = write(fd, buf, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		buf += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Copies the staged file into the device or FIFO. */
static int write_through(cf_outfile *of, cf_error *err)
{
	int in = open(of->tmp, O_RDONLY);
	int out = in >= 0 ? open(of->target, O_WRONLY) : -1;
	int rc = out >= 0 ? 0 : -1;
	char buf[65536];
	ssize_t n;
	while (rc == 0 && (n = read(in, buf, sizeof buf)) != 0)
		rc = n < 0 ? (errno == EINTR ? 0 : -1)
			   : write_all(out, buf, (size_t)n);
	int e = errno;
	if (out >= 0 && close(out) != 0 && rc == 0) {
		rc = -1;
		e = errno;
	}
	if (in >= 0)
		close(in);
	if (rc != 0)
		return cf_error_set(err, CF_EWRITE, of->target, 0, 0,
				    "cannot write: %s", strerror(e));
	return 0;
}

static int close_stream(cf_outfile *of, cf_error *err)
{
	FILE *fp = of->fp;
	of->fp = NULL;
	int bad = fflush(fp) != 0 || ferror(fp);
	int e = errno;
	if (!bad && fsync(fileno(fp)) != 0 && errno != EINVAL) {
		bad = 1;
		e = errno;
	}
	if (!bad && of->keep_mode)
		fchmod(fileno(fp), of->mode);
	if (fclose(fp) != 0 && !bad) {
		bad = 1;
		e = errno;
	}
	if (bad)
		return cf_error_set(err, CF_EWRITE, of->target, 0, 0,
				    "cannot write: %s",
				    e ? strerror(e) : "write error");
	return 0;
}

int cf_outfile_commit(cf_outfile *of, cf_error *err)
{
	int rc = close_stream(of, err);
	if (rc == 0 && !of->final)
		rc = write_through(of, err);
	else if (rc == 0 && rename(of->tmp, of->final) != 0)
		rc = cf_error_set(err, CF_EWRITE, of->target, 0, 0,
				  "cannot write: %s", strerror(errno));
	else if (rc == 0) {
		cf_cleanup_untrack(of->cleanup, of->tmp);
		free(of->tmp);
		of->tmp = NULL;
	}
	cf_outfile_abort(of);
	return rc;
}

int cf_outfile_check_space(const cf_outfile *of, long bytes, cf_error *err)
{
	int fd = open(of->tmp, O_WRONLY);
	if (fd < 0)
		return cf_error_set(err, CF_EWRITE, of->target, 0, 0,
				    "cannot write: %s", strerror(errno));
	struct stat st;
	int rc = fstat(fd, &st) == 0
		     ? posix_fallocate(fd, st.st_size, bytes > 0 ? bytes : 1)
		     : errno;
	close(fd);
	if (rc == ENOSPC || rc == EDQUOT || rc == EFBIG)
		return cf_error_set(err, CF_EWRITE, of->target, 0, 0,
				    "cannot write: %s", strerror(rc));
	return 0;
}

int cf_tempdir_create(const char *path, const cf_cleanup *cleanup, char **out,
		      cf_error *err)
{
	const char *base;
	char *dir = dir_part(path, &base);
	*out = NULL;
	if (!dir)
		return oom(err);
	/* "plots/" names plots */
	char *b = strdup(base);
	int rc = b ? 0 : CF_ENOMEM;
	if (rc == 0 && !*b) {
		free(b);
		free(dir);
		char *trimmed = strdup(path);
		if (!trimmed)
			return oom(err);
		trimmed[strlen(trimmed) - 1] = '\0';
		rc = cf_tempdir_create(trimmed, cleanup, out, err);
		free(trimmed);
		return rc;
	}
	if (rc == 0)
		rc = create_sibling(dir, b, true, NULL, out, NULL);
	int e = errno;
	free(dir);
	free(b);
	if (rc == CF_ENOMEM)
		return oom(err);
	if (rc != 0)
		return cf_error_set(err, CF_EWRITE, path, 0, 0,
				    "cannot create a directory beside it: %s",
				    strerror(e));
	cf_cleanup_track(cleanup, *out, true);
	return 0;
}

void cf_tempdir_remove(const char *dir, const cf_cleanup *cleanup)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		size_t n = strlen(dir) + strlen(e->d_name) + 2;
		char *p = malloc(n);
		if (p) {
			snprintf(p, n, "%s/%s", dir, e->d_name);
			unlink(p);
			cf_cleanup_untrack(cleanup, p);
			free(p);
		}
	}
	if (d)
		closedir(d);
	rmdir(dir);
	cf_cleanup_untrack(cleanup, dir);
}

int cf_tempdir_commit(const char *tmp, const char *path,
		      const cf_cleanup *cleanup, cf_error *err)
{
	struct stat st;
	if (lstat(path, &st) == 0)
		return cf_error_set(err, CF_EWRITE, path, 0, 0,
				    "already exists: give a new directory");
	if (rename(tmp, path) != 0)
		return cf_error_set(err, CF_EWRITE, path, 0, 0,
				    "cannot create: %s", strerror(errno));
	/* what was tracked inside tmp now lives in path: forget it */
	DIR *d = opendir(path);
	struct dirent *e;
	while (cleanup && cleanup->untrack && d && (e = readdir(d))) {
		size_t n = strlen(tmp) + strlen(e->d_name) + 2;
		char *p = malloc(n);
		if (p) {
			snprintf(p, n, "%s/%s", tmp, e->d_name);
			cf_cleanup_untrack(cleanup, p);
			free(p);
		}
	}
	if (d)
		closedir(d);
	cf_cleanup_untrack(cleanup, tmp);
	return 0;
}

/* ---- a group of files committed together -------------------------------- */

typedef struct member {
	cf_outfile *of; /* staged by the group; NULL when adopted */
	char *from;	/* the new file: of->tmp (borrowed) or adopted */
	char *to;	/* what it replaces, links resolved */
	char *target;	/* as given, for errors */
	char *aside;	/* a hard link to the old file, while committing */
	bool in;	/* renamed into place */
} member;

struct cf_outgroup {
	const cf_cleanup *cleanup;
	member *m;
	size_t n, cap;
};

int cf_outgroup_new(const cf_cleanup *cleanup, cf_outgroup **out, cf_error *err)
{
	*out = calloc(1, sizeof **out);
	if (!*out)
		return oom(err);
	(*out)->cleanup = cleanup;
	return 0;
}

static member *grow(cf_outgroup *g)
{
	if (g->n == g->cap) {
		size_t cap = g->cap ? 2 * g->cap : 8;
		member *m = realloc(g->m, cap * sizeof *m);
		if (!m)
			return NULL;
		g->m = m;
		g->cap = cap;
	}
	member *m = &g->m[g->n];
	*m = (member){0};
	return m;
}

/* A group replaces files by renaming: a target written through (a device,
 * a FIFO) cannot take part. */
static int group_target(const char *path, char **final, cf_error *err)
{
	cf_outfile probe = {.target = (char *)path};
	int rc = resolve_target(&probe, err);
	if (rc == 0 && !probe.final)
		rc = refuse(path, "not a regular file", err);
	*final = probe.final;
	return rc;
}

int cf_outgroup_open(cf_outgroup *g, const char *path, cf_outfile **of,
		     cf_error *err)
{
	*of = NULL;
	member *m = grow(g);
	if (!m)
		return oom(err);
	cf_outfile *f = NULL;
	int rc = cf_outfile_open(path, g->cleanup, &f, err);
	if (rc == 0 && !f->final)
		rc = refuse(path, "not a regular file", err);
	if (rc == 0 && !(m->to = strdup(f->final)))
		rc = oom(err);
	if (rc != 0) {
		cf_outfile_abort(f);
		free(m->to);
		return rc;
	}
	m->of = f;
	m->from = f->tmp;
	m->target = f->target;
	g->n++;
	*of = f;
	return 0;
}

int cf_outgroup_adopt(cf_outgroup *g, const char *from, const char *to,
		      cf_error *err)
{
	member *m = grow(g);
	if (!m)
		return oom(err);
	int rc = group_target(to, &m->to, err);
	if (rc == 0 && (!(m->from = strdup(from)) || !(m->target = strdup(to))))
		rc = oom(err);
	if (rc != 0) {
		free(m->to);
		free(m->from);
		return rc;
	}
	g->n++;
	return 0;
}

/* Keeps every existing target aside (a hard link beside it), so that it
 * can be put back until the whole group is in. */
static int keep_aside(cf_outgroup *g, cf_error *err)
{
	for (size_t i = 0; i < g->n; i++) {
		member *m = &g->m[i];
		struct stat st;
		if (lstat(m->to, &st) != 0)
			continue; /* new: nothing to keep */
		const char *base;
		char *dir = dir_part(m->to, &base);
		int rc = dir ? create_sibling(dir, base, false, m->to,
					      &m->aside, NULL)
			     : CF_ENOMEM;
		int e = errno;
		free(dir);
		if (rc == CF_ENOMEM)
			return oom(err);
		if (rc != 0)
			return cf_error_set(err, CF_EWRITE, m->target, 0, 0,
					    "cannot keep the old file aside: "
					    "%s",
					    strerror(e));
		cf_cleanup_track(g->cleanup, m->aside, false);
	}
	return 0;
}

static int move_in(cf_outgroup *g, cf_error *err)
{
	for (size_t i = 0; i < g->n; i++) {
		member *m = &g->m[i];
		if (rename(m->from, m->to) != 0)
			return cf_error_set(err, CF_EWRITE, m->target, 0, 0,
					    "cannot write: %s",
					    strerror(errno));
		m->in = true;
		cf_cleanup_untrack(g->cleanup, m->from);
		if (m->of) { /* the temporary is the target now */
			free(m->of->tmp);
			m->of->tmp = NULL;
		}
	}
	return 0;
}

/* Puts the old files back (a new file is removed), newest first. */
static void undo(cf_outgroup *g)
{
	for (size_t i = g->n; i-- > 0;) {
		member *m = &g->m[i];
		if (m->in && m->aside) {
			/* if even this fails, the old file stays under its
			 * .old name rather than being lost */
			rename(m->aside, m->to);
			cf_cleanup_untrack(g->cleanup, m->aside);
			free(m->aside);
			m->aside = NULL;
		} else if (m->in) {
			unlink(m->to);
		}
	}
}

static void drop_asides(cf_outgroup *g)
{
	for (size_t i = 0; i < g->n; i++)
		if (g->m[i].aside) {
			unlink(g->m[i].aside);
			cf_cleanup_untrack(g->cleanup, g->m[i].aside);
		}
}

int cf_outgroup_commit(cf_outgroup *g, cf_outgroup_check check, void *ctx,
		       cf_error *err)
{
	int rc = 0;
	for (size_t i = 0; i < g->n && rc == 0; i++)
		if (g->m[i].of)
			rc = close_stream(g->m[i].of, err);
	cf_cleanup_hold(g->cleanup, true); /* all the renames or none */
	if (rc == 0)
		rc = keep_aside(g, err);
	if (rc == 0)
		rc = move_in(g, err);
	if (rc == 0 && check)
		rc = check(ctx, err);
	if (rc != 0)
		undo(g);
	drop_asides(g);
	cf_cleanup_hold(g->cleanup, false);
	cf_outgroup_abort(g);
	return rc;
}

void cf_outgroup_abort(cf_outgroup *g)
{
	if (!g)
		return;
	for (size_t i = 0; i < g->n; i++) {
		member *m = &g->m[i];
		free(m->to);
		free(m->aside);
		if (m->of) {
			cf_outfile_abort(m->of);
		} else {
			free(m->from);
			free(m->target);
		}
	}
	free(g->m);
	free(g);
}

void cf_tempdir_name_target(cf_error *err, const char *tmp, const char *path)
{
	size_t n = strlen(tmp);
	if (strncmp(err->file, tmp, n) || err->file[n] != '/')
		return;
	char full[2 * CF_ERROR_FILE_MAX];
	snprintf(full, sizeof full, "%s%s%s", path,
		 path[0] && path[strlen(path) - 1] == '/' ? "" : "/",
		 err->file + n + 1);
	size_t len = strlen(full);
	len = len < sizeof err->file ? len : sizeof err->file - 1;
	memcpy(err->file, full, len);
	err->file[len] = '\0';
}
