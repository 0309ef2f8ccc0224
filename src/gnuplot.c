/* gnuplot.c — quoting, the gnuplot process (with a timeout), and checking
 * that the chart it wrote is whole. */
#include "cifra/gnuplot.h"
#include "cifra/memstream.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <libxml/parser.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *suffix_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(path, '.');
	return dot && (!slash || dot > slash) ? dot : NULL;
}

int cf_plot_format_of(const char *path, cf_plot_format *out, cf_error *err)
{
	const char *sfx = suffix_of(path);
	if (sfx && !strcasecmp(sfx, ".svg"))
		*out = CF_PLOT_SVG;
	else if (sfx && !strcasecmp(sfx, ".png"))
		*out = CF_PLOT_PNG;
	else
		return cf_error_set(err, CF_EUSAGE, path, 0, 0,
				    "output must end in .svg or .png");
	return 0;
}

/* ---- escaping ---------------------------------------------------------- */

int cf_gnuplot_quote(FILE *out, const char *s)
{
	putc('\'', out);
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p;
	     p++) {
		if (*p == '\'')
			fputs("''", out);
		else if (*p < 0x20 || *p == 0x7f)
			putc(' ', out); /* a newline would end the command */
		else
			putc(*p, out);
	}
	putc('\'', out);
	return ferror(out) ? CF_EWRITE : 0;
}

char *cf_gnuplot_quoted(const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = cf_memstream_open(&buf, &len);
	if (!mem)
		return NULL;
	int rc = cf_gnuplot_quote(mem, s);
	if (fclose(mem) != 0 || rc != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* ---- the script -------------------------------------------------------- */

int cf_plot_script(const char *body, cf_plot_format format, const char *output,
		   char **out, cf_error *err)
{
	size_t len = 0;
	*out = NULL;
	FILE *mem = cf_memstream_open(out, &len);
	if (!mem)
		return cf_error_set(err, CF_ENOMEM, NULL, 0, 0,
				    "out of memory");
	if (format == CF_PLOT_SVG)
		fprintf(mem,
			"set terminal svg size %d,%d noenhanced "
			"font 'Arial,12' background rgb 'white'\n",
			CF_PLOT_WIDTH, CF_PLOT_HEIGHT);
	else
		fprintf(mem,
			"set terminal pngcairo size %d,%d noenhanced "
			"font 'Sans,10' background rgb 'white'\n",
			CF_PLOT_WIDTH, CF_PLOT_HEIGHT);
	fputs("set output ", mem);
	cf_gnuplot_quote(mem, output);
	fprintf(mem, "\n%s", body);
	fputs("unset output\n", mem);
	bool bad = ferror(mem);
	if (fclose(mem) != 0 || bad) {
		free(*out);
		*out = NULL;
		return cf_error_set(err, CF_ENOMEM, NULL, 0, 0,
				    "out of memory");
	}
	return 0;
}

/* ---- the process ------------------------------------------------------- */

#define GNUPLOT_MISSING                                                        \
	"gnuplot not found (install it: apt-get install gnuplot-nox, "         \
	"or set GNUPLOT to its path)"

int cf_plot_available(cf_error *err)
{
	/* command -v finds the program the way the shell will, without
	 * running it (a stand-in gnuplot may fail on any input). */
	FILE *p =
	    popen("command -v \"${GNUPLOT:-gnuplot}\" >/dev/null 2>&1", "r");
	if (!p)
		return cf_error_set(err, CF_EPLOT, NULL, 0, 0,
				    "cannot start a shell: %s",
				    strerror(errno));
	int st = pclose(p);
	if (st == -1 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
		return cf_error_set(err, CF_EPLOT, NULL, 0, 0, GNUPLOT_MISSING);
	return 0;
}

typedef struct proc {
	pid_t pid;
	int in;	 /* socket to gnuplot's stdin (-1 once closed) */
	int err; /* pipe from its stderr (-1 once at EOF) */
	const char *script;
	size_t left;
	bool stopped_reading;
	char msg[1024]; /* the tail of its stderr */
	size_t msglen;
	double deadline;
	const cf_cleanup *cleanup;
} proc;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* The child: its own process group, the script on stdin (a socket, so the
 * parent writes with MSG_NOSIGNAL and never sees SIGPIPE), stdout to
 * /dev/null, stderr to the pipe.  Only async-signal-safe calls. */
static void child(int in, int errw)
{
	setpgid(0, 0);
	int null = open("/dev/null", O_WRONLY);
	if (dup2(in, 0) < 0 || dup2(errw, 2) < 0 || null < 0 ||
	    dup2(null, 1) < 0)
		_exit(126);
	execl("/bin/sh", "sh", "-c", "exec \"${GNUPLOT:-gnuplot}\"",
	      (char *)NULL);
	_exit(127);
}

/* fork, pipe and socketpair fail with ENOMEM (or EAGAIN for fork) when
 * memory runs out: that is CF_ENOMEM, not gnuplot's fault. */
static int spawn_error(cf_error *err, int e)
{
	return cf_error_set(err, e == ENOMEM ? CF_ENOMEM : CF_EPLOT, NULL, 0, 0,
			    "cannot start gnuplot: %s", strerror(e));
}

static int spawn(proc *p, cf_error *err)
{
	int sv[2], ep[2];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
		return spawn_error(err, errno);
	if (pipe(ep) != 0) {
		int e = errno;
		close(sv[0]);
		close(sv[1]);
		return spawn_error(err, e);
	}
	fcntl(ep[0], F_SETFD, FD_CLOEXEC);
	fcntl(ep[1], F_SETFD, FD_CLOEXEC);
	p->pid = fork();
	if (p->pid == 0)
		child(sv[1], ep[1]);
	int e = errno;
	close(sv[1]);
	close(ep[1]);
	p->in = sv[0];
	p->err = ep[0];
	if (p->pid < 0) {
		close_fd(&p->in);
		close_fd(&p->err);
		return spawn_error(err, e);
	}
	setpgid(p->pid, p->pid); /* also here: whichever runs first */
	if (p->cleanup && p->cleanup->child)
		p->cleanup->child(p->cleanup->ctx, (long)p->pid, true);
	fcntl(p->in, F_SETFL, O_NONBLOCK);
	shutdown(p->in, SHUT_RD);
	return 0;
}

static void feed(proc *p)
{
	ssize_t n = send(p->in, p->script, p->left, MSG_NOSIGNAL);
	if (n > 0) {
		p->script += n;
		p->left -= (size_t)n;
	} else if (n < 0 && errno != EAGAIN && errno != EINTR) {
		p->stopped_reading = true;
		p->left = 0;
	}
	if (!p->left)
		close_fd(&p->in);
}

static void drain(proc *p)
{
	char buf[512];
	ssize_t n = read(p->err, buf, sizeof buf);
	if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN)) {
		close_fd(&p->err);
		return;
	}
	if (n < 0)
		return;
	/* msg holds twice buf: drop the oldest bytes to make room */
	size_t cap = sizeof p->msg - 1;
	if (p->msglen + (size_t)n > cap) {
		size_t drop = p->msglen + (size_t)n - cap;
		memmove(p->msg, p->msg + drop, p->msglen - drop);
		p->msglen -= drop;
	}
	memcpy(p->msg + p->msglen, buf, (size_t)n);
	p->msglen += (size_t)n;
	p->msg[p->msglen] = '\0';
}

/* Feeds the script and reads stderr until both are done or time is up.
 * Returns false on timeout. */
static bool converse(proc *p)
{
	if (!p->left)
		close_fd(&p->in);
	while (p->in >= 0 || p->err >= 0) {
		double left = p->deadline - now();
		if (left <= 0)
			return false;
		struct pollfd fds[2];
		nfds_t n = 0;
		if (p->in >= 0)
			fds[n++] = (struct pollfd){p->in, POLLOUT, 0};
		if (p->err >= 0)
			fds[n++] = (struct pollfd){p->err, POLLIN, 0};
		int ms = left > 1000 ? 1000 : (int)(left * 1000) + 1;
		if (poll(fds, n, ms) <= 0)
			continue;
		for (nfds_t i = 0; i < n; i++) {
			if (!fds[i].revents)
				continue;
			if (fds[i].fd == p->in)
				feed(p);
			else
				drain(p);
		}
	}
	return true;
}

static bool reap(proc *p, int *status)
{
	for (;;) {
		pid_t r = waitpid(p->pid, status, WNOHANG);
		if (r == p->pid)
			return true;
		if (r < 0 && errno != EINTR)
			return *status = -1, true;
		if (now() >= p->deadline)
			return false;
		struct timespec ts = {0, 10 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
}

/* The last non-blank line of what gnuplot wrote on stderr. */
static void last_line(const char *text, char *buf, size_t size)
{
	buf[0] = '\0';
	const char *p = text;
	while (*p) {
		size_t n = strcspn(p, "\r\n");
		const char *s = p;
		while (s < p + n && isspace((unsigned char)*s))
			s++;
		if (s < p + n) {
			size_t k = (size_t)(p + n - s);
			k = k < size ? k : size - 1;
			memcpy(buf, s, k);
			buf[k] = '\0';
		}
		p += n;
		while (*p == '\r' || *p == '\n')
			p++;
	}
}

static int exit_status(const proc *p, int st, cf_error *err)
{
	char msg[256];
	last_line(p->msg, msg, sizeof msg);
	if (st == -1)
		return cf_error_set(err, CF_EPLOT, NULL, 0, 0,
				    "cannot wait for gnuplot: %s",
				    strerror(errno));
	if (!WIFEXITED(st))
		return cf_error_set(err, CF_EPLOT, NULL, 0, 0,
				    "gnuplot killed by signal %d",
				    WIFSIGNALED(st) ? WTERMSIG(st) : 0);
	if (WEXITSTATUS(st) == 127 || WEXITSTATUS(st) == 126)
		return cf_error_set(err, CF_EPLOT, NULL, 0, 0, GNUPLOT_MISSING);
	if (WEXITSTATUS(st) != 0)
		return cf_error_set(err, CF_EPLOT, NULL, 0, 0,
				    "gnuplot failed (exit %d)%s%s",
				    WEXITSTATUS(st), msg[0] ? ": " : "", msg);
	if (p->stopped_reading)
		return cf_error_set(err, CF_EPLOT, NULL, 0, 0,
				    "gnuplot stopped reading its script");
	return 0;
}

int cf_gnuplot_run(const char *script, const cf_gnuplot_opts *opt,
		   cf_error *err)
{
	double timeout =
	    opt && opt->timeout > 0 ? opt->timeout : CF_GNUPLOT_TIMEOUT_DEFAULT;
	proc p = {.in = -1,
		  .err = -1,
		  .script = script,
		  .left = strlen(script),
		  .deadline = now() + timeout,
		  .cleanup = opt ? opt->cleanup : NULL};
	int rc = spawn(&p, err);
	if (rc != 0)
		return rc;
	int st = 0;
	bool done = converse(&p) && reap(&p, &st);
	close_fd(&p.in);
	close_fd(&p.err);
	if (!done) {
		kill(-p.pid, SIGKILL);
		kill(p.pid, SIGKILL);
		while (waitpid(p.pid, &st, 0) < 0 && errno == EINTR)
			;
	}
	if (p.cleanup && p.cleanup->child)
		p.cleanup->child(p.cleanup->ctx, (long)p.pid, false);
	if (!done)
		return cf_error_set(err, CF_EPLOT, NULL, 0, 0,
				    "gnuplot did not finish within %g s "
				    "(CIFRA_GNUPLOT_TIMEOUT): killed",
				    timeout);
	return exit_status(&p, st, err);
}

/* ---- is the chart whole? ----------------------------------------------- */

/* libxml2 must not print: the caller reports what went wrong.  The
 * handler only notes whether memory ran out, in the flag the parser
 * context's _private points to: later errors (the parse goes on after a
 * node could not be built and fails as "extra content") overwrite the
 * context's errNo and last error. */
static void xml_note(void *data, xmlErrorPtr e)
{
	xmlParserCtxtPtr ctxt = e && e->ctxt ? e->ctxt : data;
	if (e && e->code == XML_ERR_NO_MEMORY && ctxt && ctxt->_private)
		*(bool *)ctxt->_private = true;
}

/* Errors raised with no parser context (building a tree node, a buffer)
 * go to libxml2's generic handler, which prints: silenced for the parse. */
static void xml_silent(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static bool xml_nomem(const xmlError *e)
{
	return e && e->code == XML_ERR_NO_MEMORY;
}

/* The file into *text (malloc'd, size *len): 1, 0 when it cannot be read,
 * -1 when out of memory.  Read with open/read: fopen allocates too, and its
 * failure would not say why. */
static int slurp(const char *path, char **text, size_t *len)
{
	*text = NULL;
	*len = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0 || st.st_size <= 0) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	size_t size = (size_t)st.st_size;
	char *buf = malloc(size);
	if (!buf) {
		close(fd);
		return -1;
	}
	size_t got = 0;
	while (got < size) {
		ssize_t n = read(fd, buf + got, size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	*text = buf;
	*len = got;
	return 1;
}

/* gnuplot ends every SVG with "</svg>" and a newline: a file cut short (a
 * full disk) is told apart without libxml2. */
static bool ends_svg(const char *text, size_t len)
{
	while (len && isspace((unsigned char)text[len - 1]))
		len--;
	return len >= 6 && !memcmp(text + len - 6, "</svg>", 6);
}

/* 1 when the file parses with an <svg> root, 0 when it does not, -1 when
 * libxml2 ran out of memory (then nothing is known about the file: it may
 * even return a document that lacks the nodes it could not build).
 * libxml2 2.9 does not always say so: a failed allocation may surface as
 * no error at all, or an "empty document" from a text that is not empty;
 * both are taken as out of memory.  Errors raised without a parser context
 * (tree, buffers) go to libxml2's generic handler and its last error of the
 * thread, hence the reset and the checks after; the generic handler
 * (libxml2's thread-local state) is restored after the parse. */
static int svg_parses(const char *text, size_t len)
{
	xmlGenericErrorFunc generic = xmlGenericError;
	void *generic_ctx = xmlGenericErrorContext;
	xmlSetGenericErrorFunc(NULL, xml_silent);
	xmlResetLastError();
	int ok = -1;
	xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
	if (ctxt) {
		bool nomem = false;
		ctxt->_private = &nomem;
		ctxt->sax->serror = xml_note;
		xmlDocPtr doc = xmlCtxtReadMemory(
		    ctxt, text, (int)len, "chart.svg", NULL,
		    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
		xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
		ok = root && root->name &&
		     !strcmp((const char *)root->name, "svg");
		int code = ctxt->errNo;
		if (nomem || code == XML_ERR_NO_MEMORY ||
		    xml_nomem(xmlGetLastError()) ||
		    (!ok &&
		     (code == XML_ERR_OK || code == XML_ERR_DOCUMENT_EMPTY)))
			ok = -1;
		xmlFreeDoc(doc);
		xmlFreeParserCtxt(ctxt);
	}
	xmlSetGenericErrorFunc(generic_ctx, generic);
	return ok;
}

static int svg_whole(const char *path)
{
	char *text;
	size_t len;
	int ok = slurp(path, &text, &len);
	if (ok > 0 && len > INT_MAX)
		ok = 0; /* no chart is that large */
	if (ok > 0)
		ok = ends_svg(text, len) ? svg_parses(text, len) : 0;
	free(text);
	return ok;
}

static uint32_t be32(const unsigned char *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	       (uint32_t)b[2] << 8 | b[3];
}

/* The signature, then chunk after chunk (length, type, data, CRC) ending
 * exactly with IEND at the end of the file.  1, 0, or -1 when the file
 * cannot be opened for want of memory. */
static int png_whole(const char *path)
{
	static const unsigned char sig[8] = {0x89, 'P',	 'N',  'G',
					     '\r', '\n', 0x1a, '\n'};
	FILE *fp = fopen(path, "rb");
	unsigned char b[8];
	if (!fp)
		return errno == ENOMEM ? -1 : 0;
	int ok = fread(b, 1, 8, fp) == 8 && !memcmp(b, sig, 8);
	while (ok) {
		if (fread(b, 1, 8, fp) != 8) {
			ok = 0;
			break;
		}
		uint32_t len = be32(b);
		bool iend = !memcmp(b + 4, "IEND", 4);
		if (fseek(fp, (long)len + 4, SEEK_CUR) != 0) {
			ok = 0;
			break;
		}
		long pos = ftell(fp);
		if (fseek(fp, 0, SEEK_END) != 0 || ftell(fp) < pos)
			ok = 0;
		else if (iend)
			break;
		fseek(fp, pos, SEEK_SET);
	}
	long end = ftell(fp);
	if (ok && (fseek(fp, 0, SEEK_END) != 0 || ftell(fp) != end))
		ok = 0; /* bytes after IEND */
	fclose(fp);
	return ok;
}

int cf_chart_file_check(const char *path, cf_plot_format fmt, const char *name,
			cf_error *err)
{
	struct stat st;
	if (stat(path, &st) != 0 || st.st_size == 0)
		return cf_error_set(err, CF_EPLOT, name, 0, 0,
				    "gnuplot wrote nothing");
	int ok = fmt == CF_PLOT_SVG ? svg_whole(path) : png_whole(path);
	if (ok < 0)
		return cf_error_set(err, CF_ENOMEM, name, 0, 0,
				    "out of memory");
	if (!ok)
		return cf_error_set(err, CF_EPLOT, name, 0, 0,
				    "gnuplot wrote an incomplete %s (%lld "
				    "bytes)",
				    fmt == CF_PLOT_SVG ? "SVG" : "PNG",
				    (long long)st.st_size);
	return 0;
}

/* ---- render ------------------------------------------------------------ */

static bool has_control(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return true;
	return false;
}

/* Room for a chart: a short file on a full disk is a write failure. */
#define CHART_ROOM (256 * 1024)

int cf_plot_render(const char *body, const char *path,
		   const cf_gnuplot_opts *opt, cf_error *err)
{
	cf_plot_format fmt;
	int rc = cf_plot_format_of(path, &fmt, err);
	if (rc == 0 && has_control(path))
		rc = cf_error_set(err, CF_EUSAGE, NULL, 0, 0,
				  "output file name holds control "
				  "characters");
	cf_outfile *of = NULL;
	if (rc == 0)
		rc = cf_outfile_open(path, opt ? opt->cleanup : NULL, &of, err);
	char *script = NULL;
	if (rc == 0)
		rc = cf_plot_script(body, fmt, cf_outfile_temp_path(of),
				    &script, err);
	if (rc == 0)
		rc = cf_gnuplot_run(script, opt, err);
	free(script);
	if (rc == 0 && (rc = cf_chart_file_check(cf_outfile_temp_path(of), fmt,
						 path, err)) != 0) {
		cf_error full;
		if (rc == CF_EPLOT &&
		    cf_outfile_check_space(of, CHART_ROOM, &full) != 0)
			rc = cf_error_set(err, CF_EWRITE, path, 0, 0, "%s",
					  full.message);
	}
	if (rc == 0)
		return cf_outfile_commit(of, err);
	cf_outfile_abort(of);
	return rc;
}
