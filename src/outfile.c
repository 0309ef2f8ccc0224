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

static void track(const cf_cleanup *c, const char *path, bool dir)
{
	if (c && c->track)
		c->track(c->ctx, path, dir);
}

static void untrack(const cf_cleanup *c, const char *path)
{
	if (c && c->untrack)
		c->untrack(c->ctx, path);
}

static int oom(cf_error *err)
{
	return cf_error_set(err, CF_ENOMEM, NULL, 0, 0, "out of memory");
}

/* "DIR/.BASE.cifra-PID[-N].tmp" for "DIR/BASE"; dir_of: "." when none. */
static char *sibling_name(const char *dir, const char *base, int n)
{
	size_t size = strlen(dir) + strlen(base) + 64;
	char *t = malloc(size);
	if (!t)
		return NULL;
	if (n)
		snprintf(t, size, "%s/.%s.cifra-%ld-%d.tmp", dir, base,
			 (long)getpid(), n);
	else
		snprintf(t, size, "%s/.%s.cifra-%ld.tmp", dir, base,
			 (long)getpid());
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

/* Creates the first free sibling name with O_EXCL (mkdir for dirs). */
static int create_sibling(const char *dir, const char *base, bool is_dir,
			  char **out, int *fd)
{
	for (int n = 0; n < 100; n++) {
		char *t = sibling_name(dir, base, n);
		if (!t)
			return CF_ENOMEM;
		int rc =
		    is_dir ? mkdir(t, 0755)
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
	int rc = create_sibling(dir, base, false, &of->tmp, &fd);
	free(dir);
	if (rc == CF_ENOMEM)
		return oom(err);
	if (rc != 0)
		return cf_error_set(err, CF_EWRITE, of->target, 0, 0,
				    "cannot create a temporary file beside "
				    "it: %s",
				    strerror(errno));
	track(of->cleanup, of->tmp, false);
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
		untrack(of->cleanup, of->tmp);
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
		untrack(of->cleanup, of->tmp);
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
		rc = create_sibling(dir, b, true, out, NULL);
	int e = errno;
	free(dir);
	free(b);
	if (rc == CF_ENOMEM)
		return oom(err);
	if (rc != 0)
		return cf_error_set(err, CF_EWRITE, path, 0, 0,
				    "cannot create a directory beside it: %s",
				    strerror(e));
	track(cleanup, *out, true);
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
			untrack(cleanup, p);
			free(p);
		}
	}
	if (d)
		closedir(d);
	rmdir(dir);
	untrack(cleanup, dir);
}
