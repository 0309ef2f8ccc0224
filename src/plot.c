/* plot.c — gnuplot scripts for the charts, and the pipe that runs them.
 *
 * Layout of this file: escaping (one function), the pipe and the temporary
 * output file, then the shared pieces of a chart script (style, source note,
 * data blocks, plot items), then one function per chart. */

/* mkstemps (a temporary file with the target's suffix) is a BSD/GNU
 * extension that glibc declares only with _DEFAULT_SOURCE. */
#define _DEFAULT_SOURCE

#include "cifra/plot.h"

#include "cifra/analysis.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cifra/claims.h"
#include "cifra/growth.h"

static const char *const chart_names[CF_CHART_COUNT_] = {
    "trade", "growth", "loans", "scholarships", "claims"};

const char *cf_chart_name(cf_chart c)
{
	return c < CF_CHART_COUNT_ ? chart_names[c] : "?";
}

int cf_chart_parse(const char *name, cf_chart *out, cf_error *err)
{
	for (int c = 0; c < CF_CHART_COUNT_; c++)
		if (!strcmp(name, chart_names[c])) {
			*out = (cf_chart)c;
			return 0;
		}
	return cf_error_set(err, CF_ENOTFOUND, NULL, 0, 0,
			    "no chart '%s' (charts: trade, growth, loans, "
			    "scholarships, claims)",
			    name);
}

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
	FILE *mem = open_memstream(&buf, &len);
	if (!mem)
		return NULL;
	int rc = cf_gnuplot_quote(mem, s);
	if (fclose(mem) != 0 || rc != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* ---- the pipe ---------------------------------------------------------- */

#define GNUPLOT_MISSING                                                        \
	"gnuplot not found (install it: apt-get install gnuplot-nox, "         \
	"or set GNUPLOT to its path)"

int cf_plot_available(cf_error *err)
{
	/* command -v finds the program the way popen's shell will, without
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

/* The last non-blank line of gnuplot's stderr (its error message), or "". */
static void last_line(FILE *fp, char *buf, size_t size)
{
	char line[512];
	buf[0] = '\0';
	while (fp && fgets(line, sizeof line, fp)) {
		line[strcspn(line, "\r\n")] = '\0';
		const char *p = line;
		while (isspace((unsigned char)*p))
			p++;
		if (*p) {
			size_t n = strlen(p) < size ? strlen(p) : size - 1;
			memcpy(buf, p, n);
			buf[n] = '\0';
		}
	}
}

static int pipe_status(int st, FILE *errfp, cf_error *err)
{
	char msg[256];
	last_line(errfp, msg, sizeof msg);
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
	return 0;
}

static int write_script(FILE *p, const char *script)
{
	size_t n = strlen(script);
	if (fwrite(script, 1, n, p) != n || fflush(p) != 0)
		return CF_EPLOT;
	return 0;
}

int cf_plot_pipe(const char *script, cf_error *err)
{
	char errpath[] = "/tmp/cifra-gnuplot-XXXXXX";
	int efd = mkstemp(errpath);
	if (efd < 0)
		return cf_error_set(err, CF_EPLOT, NULL, 0, 0,
				    "cannot create a file for gnuplot's "
				    "messages: %s",
				    strerror(errno));
	/* Constant but for errpath, which mkstemp made from the template
	 * above: no file name or title from data ever reaches the shell. */
	char cmd[96];
	snprintf(cmd, sizeof cmd,
		 "exec \"${GNUPLOT:-gnuplot}\" >/dev/null 2>'%s'", errpath);
	struct sigaction ign = {.sa_handler = SIG_IGN}, old;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGPIPE, &ign, &old);
	int rc = 0;
	FILE *p = popen(cmd, "w");
	if (!p) {
		rc = cf_error_set(err, CF_EPLOT, NULL, 0, 0,
				  "cannot start gnuplot: %s", strerror(errno));
	} else {
		int wrc = write_script(p, script);
		int st = pclose(p);
		FILE *errfp = fdopen(efd, "r");
		if (errfp)
			efd = -1;
		rc = pipe_status(st, errfp, err);
		if (errfp)
			fclose(errfp);
		if (rc == 0 && wrc != 0)
			rc = cf_error_set(err, CF_EPLOT, NULL, 0, 0,
					  "gnuplot stopped reading its script");
	}
	sigaction(SIGPIPE, &old, NULL);
	if (efd >= 0)
		close(efd);
	unlink(errpath);
	return rc;
}

/* ---- the output file --------------------------------------------------- */

int cf_plot_script(const char *body, cf_plot_format format, const char *output,
		   char **out, cf_error *err)
{
	size_t len = 0;
	*out = NULL;
	FILE *mem = open_memstream(out, &len);
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

/* "DIR/.BASE-XXXXXX.SFX" for path "DIR/BASE.SFX" ("./" when no DIR), so
 * the rename stays within one file system and gnuplot never sees a name
 * starting with '|' (which it would run as a command). */
static char *temp_template(const char *path, const char *sfx)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	int dirlen = slash ? (int)(slash - path) : 1;
	const char *dir = slash ? path : ".";
	if (slash == path)
		dirlen = 0; /* "/x.svg" */
	size_t size = strlen(path) + 32;
	char *t = malloc(size);
	if (t)
		snprintf(t, size, "%.*s/.%.*s-XXXXXX%s", dirlen, dir,
			 (int)(sfx - base), base, sfx);
	return t;
}

static bool has_control(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return true;
	return false;
}

static int make_temp(const char *path, char **tmp, cf_error *err)
{
	const char *sfx = suffix_of(path);
	if (has_control(path))
		return cf_error_set(err, CF_EUSAGE, NULL, 0, 0,
				    "output file name holds control "
				    "characters");
	*tmp = temp_template(path, sfx);
	if (!*tmp)
		return cf_error_set(err, CF_ENOMEM, NULL, 0, 0,
				    "out of memory");
	int fd = mkstemps(*tmp, (int)strlen(sfx));
	if (fd < 0) {
		int e = errno;
		free(*tmp);
		*tmp = NULL;
		return cf_error_set(err, CF_EWRITE, path, 0, 0,
				    "cannot create a file beside it: %s",
				    strerror(e));
	}
	/* mkstemp makes 0600; a chart is for sharing. */
	fchmod(fd, 0644);
	close(fd);
	return 0;
}

static int check_written(const char *tmp, const char *path, cf_error *err)
{
	struct stat st;
	if (stat(tmp, &st) != 0 || st.st_size == 0)
		return cf_error_set(err, CF_EPLOT, path, 0, 0,
				    "gnuplot wrote nothing");
	return 0;
}

int cf_plot_render_temp(const char *body, const char *path, char **tmp_path,
			cf_error *err)
{
	cf_plot_format fmt;
	*tmp_path = NULL;
	int rc = cf_plot_format_of(path, &fmt, err);
	char *tmp = NULL, *script = NULL;
	if (rc == 0)
		rc = make_temp(path, &tmp, err);
	if (rc == 0)
		rc = cf_plot_script(body, fmt, tmp, &script, err);
	if (rc == 0)
		rc = cf_plot_pipe(script, err);
	if (rc == 0)
		rc = check_written(tmp, path, err);
	free(script);
	if (rc != 0 && tmp) {
		unlink(tmp);
		free(tmp);
		return rc;
	}
	*tmp_path = tmp;
	return rc;
}

int cf_plot_render(const char *body, const char *path, cf_error *err)
{
	char *tmp = NULL;
	int rc = cf_plot_render_temp(body, path, &tmp, err);
	if (rc != 0)
		return rc;
	if (rename(tmp, path) != 0) {
		rc = cf_error_set(err, CF_EWRITE, path, 0, 0,
				  "cannot write: %s", strerror(errno));
		unlink(tmp);
	}
	free(tmp);
	return rc;
}

/* ---- the pieces every chart shares ------------------------------------- */

/* Okabe–Ito: told apart by readers with any common colour blindness. */
static const char *const palette[] = {"#0072B2", "#E69F00", "#009E73",
				      "#D55E00", "#CC79A7", "#56B4E9",
				      "#F0E442", "#000000"};
#define NPALETTE (sizeof palette / sizeof palette[0])

#define MAX_SOURCE_LINES 4

typedef struct chart {
	const cf_dataset *ds;
	FILE *out; /* the body, in order */
	char *out_buf;
	size_t out_len;
	FILE *labels; /* set label commands, after the data blocks */
	char *labels_buf;
	size_t labels_len;
	FILE *items; /* the plot command's items, written last */
	char *items_buf;
	size_t items_len;
	int nitems;
	int nlabels;
	const char **sources; /* ids, distinct, in order of first use */
	size_t nsources;
	bool failed; /* out of memory on the way */
} chart;

static int chart_open(chart *ch, const cf_dataset *ds, cf_error *err)
{
	memset(ch, 0, sizeof *ch);
	ch->ds = ds;
	ch->out = open_memstream(&ch->out_buf, &ch->out_len);
	ch->items = open_memstream(&ch->items_buf, &ch->items_len);
	ch->labels = open_memstream(&ch->labels_buf, &ch->labels_len);
	if (!ch->out || !ch->items || !ch->labels)
		return cf_error_set(err, CF_ENOMEM, NULL, 0, 0,
				    "out of memory");
	fputs("set encoding utf8\n", ch->out);
	for (size_t i = 0; i < NPALETTE; i++)
		fprintf(ch->out, "set linetype %zu lc rgb '%s' lw 2\n", i + 1,
			palette[i]);
	fputs("set linetype cycle 8\n"
	      "set border 3 lc rgb '#444444'\n"
	      "set tics nomirror out\n"
	      "set grid ytics lc rgb '#dddddd' lw 1 dt 1\n"
	      "set key top left Left reverse noautotitle box lc rgb '#cccccc' "
	      "opaque samplen 2 spacing 1.1 font ',10'\n"
	      "set title font ',14'\n"
	      "set tmargin 3\n"
	      "set rmargin 4\n",
	      ch->out);
	return 0;
}

static void chart_discard(chart *ch)
{
	if (ch->out)
		fclose(ch->out);
	if (ch->items)
		fclose(ch->items);
	if (ch->labels)
		fclose(ch->labels);
	free(ch->labels_buf);
	free(ch->out_buf);
	free(ch->items_buf);
	free(ch->sources);
	memset(ch, 0, sizeof *ch);
}

static void chart_source(chart *ch, const char *id)
{
	if (!id)
		return;
	for (size_t i = 0; i < ch->nsources; i++)
		if (!strcmp(ch->sources[i], id))
			return;
	const char **grown =
	    realloc(ch->sources, (ch->nsources + 1) * sizeof *grown);
	if (!grown) {
		ch->failed = true;
		return;
	}
	ch->sources = grown;
	ch->sources[ch->nsources++] = id;
}

/* `set title`, axis labels: all quoted, since a series name or attribute
 * may hold anything the dataset allowed. */
static void chart_titles(chart *ch, const char *title, const char *xlabel,
			 const char *ylabel)
{
	fputs("set title ", ch->out);
	cf_gnuplot_quote(ch->out, title);
	fputs("\nset xlabel ", ch->out);
	cf_gnuplot_quote(ch->out, xlabel);
	fputs("\nset ylabel ", ch->out);
	cf_gnuplot_quote(ch->out, ylabel);
	fputc('\n', ch->out);
}

/* A label at x, y in the given coordinate system ("first", "graph",
 * "screen"); style is ours (alignment, offset, font). */
static void chart_label(chart *ch, const char *text, const char *coords,
			double x, double y, const char *style)
{
	fprintf(ch->labels, "set label %d ", ++ch->nlabels);
	cf_gnuplot_quote(ch->labels, text);
	fprintf(ch->labels, " at %s %.10g, %s %.10g %s\n", coords, x, coords, y,
		style);
}

/* One item of the plot command: spec is ours, title from anywhere. */
static void chart_item(chart *ch, const char *spec, const char *title)
{
	fprintf(ch->items, "%s%s", ch->nitems++ ? ", \\\n     " : "plot ",
		spec);
	if (title) {
		fputs(" title ", ch->items);
		cf_gnuplot_quote(ch->items, title);
	} else {
		fputs(" notitle", ch->items);
	}
}

static void block_begin(chart *ch, const char *name)
{
	fprintf(ch->out, "$%s << EOD\n", name);
}

static void block_end(chart *ch)
{
	fputs("EOD\n", ch->out);
}

/* Cuts s to at most max bytes on a UTF-8 character boundary, adding "…". */
static void clip_utf8(char *s, size_t max)
{
	if (strlen(s) <= max)
		return;
	size_t n = max - 3;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	memcpy(s + n, "…", sizeof "…");
}

static void describe_source(const cf_source *src, const char *id, char *buf,
			    size_t size)
{
	if (!src) {
		snprintf(buf, size, "%s", id);
		return;
	}
	const char *t = src->title && *src->title ? src->title : src->id;
	int n = snprintf(buf, size, "%s", t);
	if (src->publisher && *src->publisher && n >= 0 && (size_t)n < size)
		n += snprintf(buf + n, size - n, " — %s", src->publisher);
	if (src->published && *src->published && n >= 0 && (size_t)n < size)
		snprintf(buf + n, size - n, ", %s", src->published);
}

/* The sources of what the chart shows, one line each under the plot. */
static void chart_source_note(chart *ch)
{
	size_t lines =
	    ch->nsources < MAX_SOURCE_LINES ? ch->nsources : MAX_SOURCE_LINES;
	fprintf(ch->out, "set bmargin %zu\n", 4 + lines);
	for (size_t i = 0; i < lines; i++) {
		char text[600], desc[512];
		const char *id = ch->sources[i];
		if (i + 1 == lines && ch->nsources > lines)
			snprintf(desc, sizeof desc, "and %zu more sources",
				 ch->nsources - lines + 1);
		else
			describe_source(cf_dataset_source(ch->ds, id), id, desc,
					sizeof desc);
		snprintf(text, sizeof text, "%s%s", i ? "" : "Sources: ", desc);
		if (i == 0 && ch->nsources == 1)
			snprintf(text, sizeof text, "Source: %s", desc);
		clip_utf8(text, 170);
		double y = 0.012 + 0.032 * (double)(lines - 1 - i);
		chart_label(ch, text, "screen", i ? 0.035 : 0.01, y,
			    "left font ',8' tc rgb '#555555' front");
	}
}

/* An empty chart still renders: it says what is missing. */
static void chart_placeholder(chart *ch, const char *what)
{
	chart_label(ch, what, "graph", 0.5, 0.5, "center font ',12'");
	fputs("set xrange [0:1]\nset yrange [0:1]\nunset xtics\nunset ytics\n"
	      "unset grid\nunset key\n",
	      ch->out);
	chart_item(ch, "NaN", NULL);
}

static int chart_close(chart *ch, const char *empty, char **out, cf_error *err)
{
	if (ch->nitems == 0)
		chart_placeholder(ch, empty);
	chart_source_note(ch);
	bool bad = ch->failed || ferror(ch->out) || ferror(ch->items) ||
		   ferror(ch->labels);
	bad |= fclose(ch->items) != 0;
	bad |= fclose(ch->labels) != 0;
	ch->items = ch->labels = NULL;
	if (!bad)
		fprintf(ch->out, "%s%s\n", ch->labels_buf, ch->items_buf);
	bad |= fclose(ch->out) != 0;
	ch->out = NULL;
	if (bad) {
		chart_discard(ch);
		return cf_error_set(err, CF_ENOMEM, NULL, 0, 0,
				    "out of memory");
	}
	*out = ch->out_buf;
	ch->out_buf = NULL;
	chart_discard(ch);
	return 0;
}

/* ---- label placement --------------------------------------------------- */

/* Labels must not sit on each other or on the marks.  gnuplot does not
 * place labels, so this estimates where things land in pixels (the plot
 * area is about PLOT_W x PLOT_H with the margins set in chart_open) and
 * moves each new label up (or down) a line until it is clear. */
#define PLOT_W 790.0
#define CHAR_W 5.6 /* average width of a 9-point character */
#define LINE_H 13.0

typedef struct box {
	double l, r, b, t;
} box;

typedef struct placer {
	double x0, x1, y0, y1;
	bool logy;
	double h; /* plot height in px */
	box *boxes;
	size_t n;
	bool failed;
} placer;

static void placer_init(placer *pl, double x0, double x1, double y0, double y1,
			bool logy, size_t source_lines)
{
	memset(pl, 0, sizeof *pl);
	pl->x0 = x0;
	pl->x1 = x1;
	pl->logy = logy;
	pl->y0 = logy ? log10(y0) : y0;
	pl->y1 = logy ? log10(y1) : y1;
	pl->h = CF_PLOT_HEIGHT - 45.0 - (4.0 + (double)source_lines) * 15.0;
}

static double px_x(const placer *pl, double x)
{
	return (x - pl->x0) / (pl->x1 - pl->x0) * PLOT_W;
}

static double px_y(const placer *pl, double y)
{
	double v = pl->logy ? log10(y) : y;
	return (v - pl->y0) / (pl->y1 - pl->y0) * pl->h;
}

static double data_y(const placer *pl, double py)
{
	double v = pl->y0 + py / pl->h * (pl->y1 - pl->y0);
	return pl->logy ? pow(10, v) : v;
}

static void placer_add(placer *pl, box b)
{
	box *g = realloc(pl->boxes, (pl->n + 1) * sizeof *g);
	if (!g) {
		pl->failed = true;
		return;
	}
	pl->boxes = g;
	g[pl->n++] = b;
}

/* An obstacle: a mark at x, y (and its bar from ylo to yhi). */
static void placer_mark(placer *pl, double x, double ylo, double yhi)
{
	double px = px_x(pl, x);
	double b = isfinite(ylo) ? px_y(pl, ylo) : 0;
	double t = isfinite(yhi) ? px_y(pl, yhi) : pl->h;
	placer_add(pl, (box){px - 6, px + 6, b - 6, t + 6});
}

static bool placer_clear(const placer *pl, box b)
{
	for (size_t i = 0; i < pl->n; i++) {
		const box *o = &pl->boxes[i];
		if (b.l < o->r && o->l < b.r && b.b < o->t && o->b < b.t)
			return false;
	}
	return true;
}

static size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* Where to put text near (x, y): centred above it, or (left) starting just
 * right of it; returns the y (data units) of the label's middle. */
static double placer_put(placer *pl, double x, double y, const char *text,
			 bool left)
{
	double w = (double)utf8_chars(text) * CHAR_W;
	double px = px_x(pl, x), py = px_y(pl, y);
	double l = left ? px + 8 : px - w / 2;
	box b = {0};
	for (int k = 0; k < 24; k++) {
		/* above: 0, 1, 2… lines up; beside: 0, +1, -1, +2… */
		double dy = left ? LINE_H * ((k + 1) / 2) * (k % 2 ? 1 : -1)
				 : 9 + LINE_H * k;
		b = (box){l, l + w, py + dy - LINE_H / 2 + (left ? 0 : 6),
			  py + dy + LINE_H / 2 + (left ? 0 : 6)};
		if (placer_clear(pl, b) && b.t < pl->h + 20 && b.b > -5)
			break;
	}
	placer_add(pl, b);
	return data_y(pl, (b.b + b.t) / 2);
}

static void placer_free(placer *pl)
{
	free(pl->boxes);
}

/* Axis words and divisor for a unit: amounts in billions. */
static const char *unit_axis(cf_unit u, double *div)
{
	*div = 1;
	switch (u) {
	case CF_UNIT_USD:
		*div = 1e9;
		return "US$ bn";
	case CF_UNIT_CNY:
		*div = 1e9;
		return "CN¥ bn";
	case CF_UNIT_PERCENT:
		return "%";
	case CF_UNIT_RATIO:
		return "ratio";
	default:
		return "count";
	}
}

/* Tic step that keeps year labels apart at 900 px. */
static void year_axis(chart *ch, double lo, double hi)
{
	double span = hi - lo;
	int step = span <= 14 ? 1 : span <= 30 ? 2 : span <= 60 ? 5 : 10;
	fprintf(ch->out,
		"set xrange [%.10g:%.10g]\nset xtics %d format '%%.0f'\n"
		"set mxtics 1\n",
		lo - 0.8, hi + 0.8, step);
}

const cf_series *cf_plot_default_series(const cf_dataset *ds)
{
	return cf_analysis_main_series(ds);
}

/* ---- trade: a series over time ----------------------------------------- */

typedef enum mark_kind {
	MARK_SKIP,	   /* multi-year span, cumulative, unbounded */
	MARK_REF,	   /* reference statistics: the line */
	MARK_YEAR,	   /* cited, a full year */
	MARK_PART,	   /* cited, part of a year (year-to-date…) */
	MARK_IMPLIED_YEAR, /* solved from a claim: hollow */
	MARK_IMPLIED_PART,
	MARK_LOWER, /* over / at least: an arrow up from the bound */
	MARK_UPPER, /* under / at most: an arrow down from the bound */
	MARK_COUNT_
} mark_kind;

/* Point styles: filled circle, filled triangle, and their hollow forms. */
static const char *const mark_specs[MARK_COUNT_] = {
    [MARK_REF] = "using 1:2 with linespoints lt 1 lw 2 pt 7 ps 0.5",
    [MARK_YEAR] = "using 1:2:3:4 with yerrorbars lt 2 pt 7 ps 1.4",
    [MARK_PART] = "using 1:2:3:4 with yerrorbars lt 4 pt 9 ps 1.6",
    [MARK_IMPLIED_YEAR] = "using 1:2:3:4 with yerrorbars lt 3 pt 6 ps 1.6",
    [MARK_IMPLIED_PART] = "using 1:2:3:4 with yerrorbars lt 3 pt 8 ps 1.6",
    [MARK_LOWER] = "using 1:2:3:4 with vectors lt 5 lw 2 head filled",
    [MARK_UPPER] = "using 1:2:3:4 with vectors lt 5 lw 2 head filled",
};

static const char *const mark_titles[MARK_COUNT_] = {
    [MARK_REF] = "reference statistics",
    [MARK_YEAR] = "cited, full year",
    [MARK_PART] = "cited, part of a year",
    [MARK_IMPLIED_YEAR] = "implied by a claim",
    [MARK_IMPLIED_PART] = "implied by a claim, part of a year",
    [MARK_LOWER] = "lower bound (over, at least)",
    [MARK_UPPER] = "upper bound (under, at most)",
};

static mark_kind mark_of(const cf_figure *f)
{
	bool year = cf_period_is_year(&f->period);
	bool part = cf_period_is_sub_year(&f->period);
	if (f->reference)
		return year ? MARK_REF : MARK_SKIP;
	if (!year && !part)
		return MARK_SKIP;
	cf_interval v = f->interval;
	if (cf_interval_is_empty(v))
		return MARK_SKIP;
	if (isfinite(v.lo) && isfinite(v.hi)) {
		if (f->implied)
			return year ? MARK_IMPLIED_YEAR : MARK_IMPLIED_PART;
		return year ? MARK_YEAR : MARK_PART;
	}
	if (isfinite(v.lo))
		return MARK_LOWER;
	if (isfinite(v.hi))
		return MARK_UPPER;
	return MARK_SKIP;
}

/* Part-year marks sit a little right of their year's full-year mark. */
static double mark_x(const cf_figure *f)
{
	double x = cf_period_last_year(&f->period);
	return cf_period_is_year(&f->period) ? x : x + 0.3;
}

typedef struct trade_scale {
	double div;  /* base units per axis unit */
	double ymax; /* top of what is drawn, axis units */
	double xmin, xmax;
	double arrow; /* length of a bound's arrow, axis units */
} trade_scale;

static void trade_measure(const cf_series *s, trade_scale *sc)
{
	sc->ymax = 0;
	sc->xmin = INFINITY;
	sc->xmax = -INFINITY;
	for (size_t i = 0; i < s->count; i++) {
		const cf_figure *f = s->figures[i];
		mark_kind k = mark_of(f);
		if (k == MARK_SKIP)
			continue;
		double x = mark_x(f);
		sc->xmin = fmin(sc->xmin, x);
		sc->xmax = fmax(sc->xmax, x);
		double top =
		    isfinite(f->interval.hi) ? f->interval.hi : f->interval.lo;
		sc->ymax = fmax(sc->ymax, top / sc->div);
	}
	sc->arrow = sc->ymax > 0 ? sc->ymax * 0.12 : 1;
	if (!(sc->ymax > 0))
		sc->ymax = 1;
}

/* One block per kind of mark; the reference line breaks (blank line) where
 * a year is missing, so it never joins across a gap. */
static int trade_block(chart *ch, const cf_series *s, mark_kind k,
		       const trade_scale *sc)
{
	int rows = 0;
	double prev = NAN;
	for (size_t i = 0; i < s->count; i++) {
		const cf_figure *f = s->figures[i];
		if (mark_of(f) != k)
			continue;
		double x = mark_x(f);
		if (k == MARK_REF && x == prev)
			continue; /* one reference value per year */
		if (!rows++)
			fprintf(ch->out, "$mark%d << EOD\n", (int)k);
		if (k == MARK_REF && isfinite(prev) && x != prev + 1)
			fputc('\n', ch->out);
		prev = x;
		cf_interval v = f->interval;
		double d = sc->div;
		if (k == MARK_LOWER)
			fprintf(ch->out, "%g %.10g 0 %.10g\n", x, v.lo / d,
				sc->arrow);
		else if (k == MARK_UPPER)
			fprintf(ch->out, "%g %.10g 0 %.10g\n", x, v.hi / d,
				-sc->arrow);
		else
			fprintf(ch->out, "%g %.10g %.10g %.10g\n", x,
				cf_interval_mid(v) / d, v.lo / d, v.hi / d);
		chart_source(ch, f->source);
	}
	if (rows)
		block_end(ch);
	return rows;
}

/* A mark's label in the axis' units: the value as written rescaled
 * (451591 million on a US$ bn axis reads 451.591), an implied figure its
 * midpoint to six digits. */
static void figure_label_text(const cf_figure *f, double div, char *buf,
			      size_t size)
{
	char per[CF_PERIOD_TEXT_MAX], num[40];
	const char *q = f->qualifier == CF_QUAL_EXACT
			    ? ""
			    : cf_qualifier_name(f->qualifier);
	if (f->implied)
		q = "implied";
	if (f->implied || !f->value_text)
		snprintf(num, sizeof num, "%.6g",
			 cf_interval_mid(f->interval) / div);
	else
		snprintf(num, sizeof num, "%.10g",
			 cf_value_point(f->value_text, f->scale) / div);
	snprintf(buf, size, "%s%s%s%s%s%s", q, *q ? " " : "", num,
		 cf_period_is_year(&f->period) ? "" : " (",
		 cf_period_is_year(&f->period)
		     ? ""
		     : cf_period_format(&f->period, per, sizeof per),
		 cf_period_is_year(&f->period) ? "" : ")");
	for (char *p = buf; *p; p++)
		if (*p == '_')
			*p = ' '; /* at_least -> at least */
}

static bool label_repeats(const cf_series *s, size_t i, double div,
			  const char *text)
{
	char other[96];
	for (size_t j = 0; j < i; j++) {
		const cf_figure *g = s->figures[j];
		mark_kind gk = mark_of(g);
		if (gk == MARK_SKIP || gk == MARK_REF ||
		    mark_x(g) != mark_x(s->figures[i]))
			continue;
		figure_label_text(g, div, other, sizeof other);
		if (!strcmp(text, other))
			return true;
	}
	return false;
}

/* The vertical extent of a mark: its bar, or its arrow. */
static void mark_extent(const cf_figure *f, const trade_scale *sc, double *lo,
			double *hi)
{
	mark_kind k = mark_of(f);
	*lo = k == MARK_UPPER ? f->interval.hi / sc->div - sc->arrow
			      : f->interval.lo / sc->div;
	*hi = k == MARK_LOWER ? f->interval.lo / sc->div + sc->arrow
			      : f->interval.hi / sc->div;
	if (k == MARK_REF)
		*lo = *hi = cf_interval_mid(f->interval) / sc->div;
}

/* A label above each mark, clear of the other marks and labels; the same
 * text twice at one x (two sources agreeing) is written once. */
static void trade_labels(chart *ch, const cf_series *s, const trade_scale *sc)
{
	placer pl;
	size_t lines =
	    ch->nsources < MAX_SOURCE_LINES ? ch->nsources : MAX_SOURCE_LINES;
	placer_init(&pl, sc->xmin - 0.8, sc->xmax + 0.8, 0, sc->ymax * 1.25,
		    false, lines);
	placer_add(&pl,
		   (box){0, 280, pl.h - ch->nitems * 16.0 - 12, pl.h + 30});
	double lo, hi;
	for (size_t i = 0; i < s->count; i++) {
		if (mark_of(s->figures[i]) == MARK_SKIP)
			continue;
		mark_extent(s->figures[i], sc, &lo, &hi);
		placer_mark(&pl, mark_x(s->figures[i]), lo, hi);
	}
	for (size_t i = 0; i < s->count; i++) {
		const cf_figure *f = s->figures[i];
		mark_kind k = mark_of(f);
		char text[96];
		if (k == MARK_SKIP || k == MARK_REF)
			continue;
		figure_label_text(f, sc->div, text, sizeof text);
		if (label_repeats(s, i, sc->div, text))
			continue;
		mark_extent(f, sc, &lo, &hi);
		double y = placer_put(&pl, mark_x(f), hi, text, false);
		chart_label(ch, text, "first", mark_x(f), y,
			    "center font ',9' front");
	}
	ch->failed |= pl.failed;
	placer_free(&pl);
}

static int trade_skipped(const cf_series *s)
{
	int n = 0;
	for (size_t i = 0; i < s->count; i++)
		n += mark_of(s->figures[i]) == MARK_SKIP;
	return n;
}

static int chart_trade(chart *ch, const cf_series *s)
{
	trade_scale sc;
	const char *ylabel = unit_axis(s->unit, &sc.div);
	trade_measure(s, &sc);
	chart_titles(ch, s->name, "year", ylabel);
	for (int k = MARK_REF; k < MARK_COUNT_; k++) {
		char spec[128];
		snprintf(spec, sizeof spec, "$mark%d %s", k, mark_specs[k]);
		if (trade_block(ch, s, (mark_kind)k, &sc))
			chart_item(ch, spec, mark_titles[k]);
	}
	if (ch->nitems == 0)
		return 0;
	trade_labels(ch, s, &sc);
	int skipped = trade_skipped(s);
	if (skipped) {
		char note[96];
		snprintf(note, sizeof note,
			 "%d figure%s over spans of years or to date not drawn",
			 skipped, skipped == 1 ? "" : "s");
		chart_label(ch, note, "graph", 0.99, 0.03,
			    "right font ',8' tc rgb '#555555'");
	}
	year_axis(ch, sc.xmin, sc.xmax);
	fprintf(ch->out, "set yrange [0:%.10g]\n", sc.ymax * 1.25);
	return 0;
}

/* ---- growth: YoY bars, CAGR and trend ---------------------------------- */

typedef struct yrange {
	double lo, hi;
} yrange;

static void yrange_add(yrange *r, double v)
{
	if (isfinite(v)) {
		r->lo = fmin(r->lo, v);
		r->hi = fmax(r->hi, v);
	}
}

static bool yoy_drawn(const cf_yoy *y, bool part)
{
	if (!y->has_base || !isfinite(y->growth.lo) || !isfinite(y->growth.hi))
		return false;
	return part ? cf_period_is_sub_year(&y->period)
		    : cf_period_is_year(&y->period);
}

/* Annual YoY as bars with their interval; part-year YoY as points beside
 * them (never compared with a full year: growth.h pairs like with like). */
static int growth_yoy(chart *ch, const cf_growth *g, bool part, yrange *r,
		      double *xlo, double *xhi)
{
	int rows = 0;
	for (size_t i = 0; i < g->nyoy; i++) {
		const cf_yoy *y = &g->yoy[i];
		if (!yoy_drawn(y, part))
			continue;
		if (!rows++)
			block_begin(ch, part ? "yoypart" : "yoy");
		double x = cf_period_last_year(&y->period) + (part ? 0.3 : 0);
		double v = isfinite(y->written) ? y->written
						: cf_interval_mid(y->growth);
		fprintf(ch->out, "%g %.10g %.10g %.10g 0.6\n", x, v * 100,
			y->growth.lo * 100, y->growth.hi * 100);
		yrange_add(r, y->growth.lo * 100);
		yrange_add(r, y->growth.hi * 100);
		*xlo = fmin(*xlo, x);
		*xhi = fmax(*xhi, x);
		char text[32];
		snprintf(text, sizeof text, "%+.1f%%", v * 100);
		chart_label(ch, text, "first", x,
			    v >= 0 ? y->growth.hi * 100 : y->growth.lo * 100,
			    v >= 0 ? "center offset 0,0.7 font ',8' front"
				   : "center offset 0,-0.8 font ',8' front");
	}
	if (rows)
		block_end(ch);
	return rows;
}

static void growth_cagr(chart *ch, const cf_growth *g, yrange *r)
{
	if (!g->has_cagr || !isfinite(cf_interval_mid(g->cagr)))
		return;
	double v = isfinite(g->cagr_written) ? g->cagr_written
					     : cf_interval_mid(g->cagr);
	int a = cf_period_last_year(&g->cagr_from);
	int b = cf_period_last_year(&g->cagr_to);
	block_begin(ch, "cagr");
	fprintf(ch->out, "%d %.10g\n%d %.10g\n", a, v * 100, b, v * 100);
	block_end(ch);
	yrange_add(r, v * 100);
	char title[160];
	snprintf(title, sizeof title,
		 "CAGR %d-%d: %.1f%% per year [%.2f, %.2f]", a, b, v * 100,
		 g->cagr.lo * 100, g->cagr.hi * 100);
	chart_item(ch, "$cagr using 1:2 with lines lt 4 lw 2 dt 2", title);
}

static void growth_trend(chart *ch, const cf_growth *g, yrange *r)
{
	if (!g->has_trend || !isfinite(g->trend.rate))
		return;
	const cf_trend *t = &g->trend;
	bool band = isfinite(t->rate_lo) && isfinite(t->rate_hi);
	block_begin(ch, "trend");
	for (int i = 0; i < 2; i++)
		fprintf(ch->out, "%d %.10g %.10g %.10g\n",
			i ? t->last_year : t->first_year, t->rate * 100,
			(band ? t->rate_lo : t->rate) * 100,
			(band ? t->rate_hi : t->rate) * 100);
	block_end(ch);
	char title[160];
	if (band) {
		snprintf(title, sizeof title, "trend 95%% CI [%.1f%%, %.1f%%]",
			 t->rate_lo * 100, t->rate_hi * 100);
		chart_item(ch,
			   "$trend using 1:3:4 with filledcurves lt 3 "
			   "fs transparent solid 0.2 noborder",
			   title);
		yrange_add(r, t->rate_lo * 100);
		yrange_add(r, t->rate_hi * 100);
	}
	snprintf(title, sizeof title,
		 "trend (log-linear fit %d-%d): %.1f%% per year", t->first_year,
		 t->last_year, t->rate * 100);
	chart_item(ch, "$trend using 1:2 with lines lt 3 lw 2", title);
	yrange_add(r, t->rate * 100);
}

static int chart_growth(chart *ch, const cf_series *s, cf_error *err)
{
	cf_growth *g = NULL;
	int rc = cf_growth_compute(s, NULL, NULL, &g, err);
	if (rc != 0)
		return rc;
	char title[256];
	snprintf(title, sizeof title, "%s: growth", s->name);
	chart_titles(ch, title, "year", "% per year");
	yrange r = {0, 0};
	double xlo = INFINITY, xhi = -INFINITY;
	fputs("set style fill solid 0.55 border\nset xzeroaxis lt -1 lw 1\n",
	      ch->out);
	if (growth_yoy(ch, g, false, &r, &xlo, &xhi))
		chart_item(ch, "$yoy using 1:2:3:4:5 with boxerrorbars lt 1",
			   "year-on-year growth (annual)");
	if (growth_yoy(ch, g, true, &r, &xlo, &xhi))
		chart_item(ch,
			   "$yoypart using 1:2:3:4 with yerrorbars lt 2 pt 9 "
			   "ps 1.4",
			   "year-on-year growth, part of a year");
	if (ch->nitems) {
		growth_cagr(ch, g, &r);
		growth_trend(ch, g, &r);
		for (size_t i = 0; i < s->count; i++)
			chart_source(ch, s->figures[i]->source);
		year_axis(ch, xlo, xhi);
		double pad = (r.hi - r.lo) * 0.12 + 1;
		fprintf(ch->out, "set yrange [%.10g:%.10g]\n", r.lo - pad,
			r.hi + pad * 2.5);
	}
	cf_growth_free(g);
	return 0;
}

/* ---- clustered bars: loans, scholarships -------------------------------- */

typedef struct bar {
	double year;
	size_t group;
	double value;			 /* axis units */
	char period[CF_PERIOD_TEXT_MAX]; /* "" for a plain year */
	double largest;			 /* the largest figure added */
	int merged;			 /* figures added into it */
} bar;

typedef struct bars {
	bar *v;
	size_t n;
	const char **groups; /* borrowed from the dataset */
	size_t ngroups;
	int skipped;
	bool failed;
} bars;

static size_t bars_group(bars *b, const char *name)
{
	for (size_t i = 0; i < b->ngroups; i++)
		if (!strcmp(b->groups[i], name))
			return i;
	const char **g = realloc(b->groups, (b->ngroups + 1) * sizeof *g);
	if (!g) {
		b->failed = true;
		return 0;
	}
	b->groups = g;
	g[b->ngroups] = name;
	return b->ngroups++;
}

/* Figures of one group in one year add up (two loans to one borrower),
 * except where they are a total and its parts (a year's loans and the
 * loans themselves): see bars_finish. */
static void bars_add(bars *b, const char *group, const cf_period *p,
		     double value)
{
	size_t gi = bars_group(b, group);
	double year = cf_period_last_year(p);
	char per[CF_PERIOD_TEXT_MAX] = "";
	if (!cf_period_is_year(p))
		cf_period_format(p, per, sizeof per);
	for (size_t i = 0; i < b->n && !b->failed; i++)
		if (b->v[i].group == gi && b->v[i].year == year) {
			b->v[i].value += value;
			if (value > b->v[i].largest)
				b->v[i].largest = value;
			if (strcmp(b->v[i].period, per))
				b->v[i].period[0] = '\0';
			b->v[i].merged++;
			return;
		}
	bar *v = b->failed ? NULL : realloc(b->v, (b->n + 1) * sizeof *v);
	if (!v) {
		b->failed = true;
		return;
	}
	b->v = v;
	v[b->n] = (bar){.year = year,
			.group = gi,
			.value = value,
			.largest = value,
			.merged = 1};
	snprintf(v[b->n].period, sizeof v[b->n].period, "%s", per);
	b->n++;
}

/* When the largest of three or more figures equals the sum of the others,
 * it is their total: the bar shows it once instead of twice. */
static void bars_finish(bars *b)
{
	for (size_t i = 0; i < b->n; i++) {
		bar *v = &b->v[i];
		double rest = v->value - v->largest;
		if (v->merged >= 3 &&
		    fabs(v->largest - rest) <= 1e-9 * v->largest)
			v->value = v->largest;
	}
}

static void bars_free(bars *b)
{
	free(b->v);
	free(b->groups);
}

static void bar_label(const bar *v, cf_unit unit, char *buf, size_t size)
{
	if (unit == CF_UNIT_USD || unit == CF_UNIT_CNY)
		snprintf(buf, size, "%.3g", v->value);
	else
		snprintf(buf, size, "%.0f", v->value);
	if (v->period[0]) {
		size_t n = strlen(buf);
		snprintf(buf + n, size - n, " (%s)", v->period);
	}
}

static bool bars_in_group(const bars *b, size_t gi)
{
	for (size_t i = 0; i < b->n; i++)
		if (b->v[i].group == gi)
			return true;
	return false;
}

static double bar_x(const bars *b, const bar *v)
{
	double w = 0.8 / (double)b->ngroups;
	return v->year + w * ((double)v->group - (b->ngroups - 1) / 2.0);
}

/* Value labels over the bars, moved up where they would collide. */
static void bars_labels(chart *ch, const bars *b, cf_unit unit, double xlo,
			double xhi, double ytop)
{
	placer pl;
	size_t lines =
	    ch->nsources < MAX_SOURCE_LINES ? ch->nsources : MAX_SOURCE_LINES;
	placer_init(&pl, xlo - 0.8, xhi + 0.8, 0, ytop, false, lines);
	placer_add(&pl,
		   (box){0, 240, pl.h - ch->nitems * 16.0 - 12, pl.h + 30});
	for (size_t i = 0; i < b->n; i++)
		placer_mark(&pl, bar_x(b, &b->v[i]), 0, b->v[i].value);
	for (size_t i = 0; i < b->n; i++) {
		char text[96];
		bar_label(&b->v[i], unit, text, sizeof text);
		double x = bar_x(b, &b->v[i]);
		double y = placer_put(&pl, x, b->v[i].value, text, false);
		chart_label(ch, text, "first", x, y, "center font ',8' front");
	}
	ch->failed |= pl.failed;
	placer_free(&pl);
}

/* Bars of a year side by side, one colour per group. */
static void bars_draw(chart *ch, const bars *b, cf_unit unit)
{
	double xlo = INFINITY, xhi = -INFINITY, top = 0;
	for (size_t i = 0; i < b->n; i++) {
		xlo = fmin(xlo, b->v[i].year);
		xhi = fmax(xhi, b->v[i].year);
		top = fmax(top, b->v[i].value);
	}
	fprintf(ch->out,
		"set boxwidth %.10g absolute\n"
		"set style fill solid 0.8 noborder\n",
		0.8 / (double)b->ngroups);
	for (size_t gi = 0; gi < b->ngroups; gi++) {
		if (!bars_in_group(b, gi))
			continue;
		fprintf(ch->out, "$bars%zu << EOD\n", gi);
		for (size_t i = 0; i < b->n; i++)
			if (b->v[i].group == gi)
				fprintf(ch->out, "%.10g %.10g\n",
					bar_x(b, &b->v[i]), b->v[i].value);
		block_end(ch);
		char spec[96];
		snprintf(spec, sizeof spec,
			 "$bars%zu using 1:2 with boxes lt %zu", gi,
			 gi % NPALETTE + 1);
		chart_item(ch, spec, b->groups[gi]);
	}
	double ytop = (top > 0 ? top : 1) * 1.25;
	year_axis(ch, xlo, xhi);
	fprintf(ch->out, "set yrange [0:%.10g]\n", ytop);
	bars_labels(ch, b, unit, xlo, xhi, ytop);
}

static void bars_note(chart *ch, const bars *b, const char *what)
{
	if (!b->skipped)
		return;
	char note[128];
	snprintf(note, sizeof note, "%d %s not drawn", b->skipped, what);
	chart_label(ch, note, "graph", 0.99, 0.97,
		    "right font ',8' tc rgb '#555555'");
}

static double point_value(const cf_point *p)
{
	return isfinite(p->written) ? p->written : cf_interval_mid(p->value);
}

/* A loan of 2011-06 is a loan of 2011; one over 2014/2015 or "to date"
 * belongs to no single year. */
static bool within_one_year(const cf_period *p)
{
	return p->kind != CF_PERIOD_TO_DATE &&
	       cf_period_first_year(p) == cf_period_last_year(p);
}

/* Adds the points of series s that lie within one calendar year to b under
 * group; the others are counted as skipped.  Returns 0 or an error. */
static int bars_series(bars *b, chart *ch, const cf_series *s,
		       const char *group, double div, cf_error *err)
{
	cf_point *pts = NULL;
	size_t n = 0;
	int rc = cf_series_points(s, &pts, &n, err);
	if (rc != 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		double v = point_value(&pts[i]);
		if (pts[i].conflict || !isfinite(v) ||
		    !within_one_year(&pts[i].period)) {
			b->skipped++;
			continue;
		}
		bars_add(b, group, &pts[i].period, v / div);
	}
	for (size_t i = 0; i < s->count; i++)
		chart_source(ch, s->figures[i]->source);
	free(pts);
	return b->failed
		   ? cf_error_set(err, CF_ENOMEM, NULL, 0, 0, "out of memory")
		   : 0;
}

static const char *series_attr(const cf_series *s, const char *col)
{
	const char *v = s->count ? cf_figure_attr(s->figures[0], col) : NULL;
	return v && *v ? v : "unspecified";
}

static int chart_loans(chart *ch, cf_error *err)
{
	bars b = {0};
	int rc = 0;
	chart_titles(ch, "Loans by year and borrower", "year", "US$ bn");
	for (size_t i = 0; i < ch->ds->nseries && rc == 0; i++) {
		const cf_series *s = &ch->ds->series[i];
		if (!s->count || s->figures[0]->table != CF_TABLE_LOANS)
			continue;
		if (s->unit != CF_UNIT_USD) {
			b.skipped += (int)s->count;
			continue;
		}
		rc = bars_series(&b, ch, s, series_attr(s, "borrower"), 1e9,
				 err);
	}
	if (rc == 0 && b.n) {
		bars_finish(&b);
		bars_draw(ch, &b, CF_UNIT_USD);
		bars_note(ch, &b,
			  "figures over spans of years, to date or in "
			  "other currencies");
	}
	bars_free(&b);
	return rc;
}

/* ---- scholarships: each figure across its period ----------------------- */

/* A period as a span of fractional years: 2015/2019 is [2015, 2020). */
static void period_span(const cf_period *p, double *lo, double *hi)
{
	*hi = (double)(p->last + 1) / 12.0;
	*lo = p->kind == CF_PERIOD_TO_DATE ? *hi : (double)p->first / 12.0;
}

typedef struct spans {
	double ymin, ymax, xmin, xmax;
	bool log;
	placer pl;
} spans;

static void span_label(chart *ch, spans *sp, const cf_series *s,
		       const cf_point *p, double x)
{
	char text[160], per[CF_PERIOD_TEXT_MAX];
	double v = point_value(p);
	snprintf(text, sizeof text, "%s %.0f (%s)", series_attr(s, "program"),
		 v, cf_period_format(&p->period, per, sizeof per));
	for (char *c = text; *c; c++)
		if (*c == '_')
			*c = ' ';
	double y = placer_put(&sp->pl, x, v, text, true);
	chart_label(ch, text, "first", x, y,
		    "left offset 0.8,0 font ',8' front");
}

static bool status_is(const cf_series *s, const char *status)
{
	return !strcmp(series_attr(s, "status"), status);
}

/* Rows "xmid y xlo xhi" of the figures of one status; to-date figures
 * (no start) are a point at their end. */
static int spans_block(chart *ch, spans *sp, const char *status, cf_error *err)
{
	int rows = 0;
	for (size_t i = 0; i < ch->ds->nseries; i++) {
		const cf_series *s = &ch->ds->series[i];
		if (!s->count ||
		    s->figures[0]->table != CF_TABLE_SCHOLARSHIPS ||
		    !status_is(s, status))
			continue;
		cf_point *pts = NULL;
		size_t n = 0;
		int rc = cf_series_points(s, &pts, &n, err);
		if (rc != 0)
			return rc;
		for (size_t j = 0; j < n; j++) {
			double lo, hi, v = point_value(&pts[j]);
			if (pts[j].conflict || !(v > 0))
				continue;
			period_span(&pts[j].period, &lo, &hi);
			if (!rows++)
				fprintf(ch->out, "$%s << EOD\n", status);
			fprintf(ch->out, "%.10g %.10g %.10g %.10g\n",
				(lo + hi) / 2, v, lo, hi);
			span_label(ch, sp, s, &pts[j], hi);
		}
		for (size_t j = 0; j < s->count; j++)
			chart_source(ch, s->figures[j]->source);
		free(pts);
	}
	if (rows)
		block_end(ch);
	return rows;
}

/* Range of what is drawn; counts spread over decades get a log axis so
 * that 300 and 500 do not sit on top of each other. */
static void spans_measure(const cf_dataset *ds, spans *sp)
{
	sp->ymin = INFINITY;
	sp->ymax = 0;
	sp->xmin = INFINITY;
	sp->xmax = -INFINITY;
	for (size_t i = 0; i < ds->nfigures; i++) {
		const cf_figure *f = ds->figures[i];
		double v = cf_interval_mid(f->interval), lo, hi;
		if (f->table != CF_TABLE_SCHOLARSHIPS || !(v > 0))
			continue;
		period_span(&f->period, &lo, &hi);
		sp->ymin = fmin(sp->ymin, v);
		sp->ymax = fmax(sp->ymax, v);
		sp->xmin = fmin(sp->xmin, lo);
		sp->xmax = fmax(sp->xmax, hi);
	}
	sp->log = sp->ymax > 20 * sp->ymin;
}

static double spans_ylo(const spans *sp)
{
	return sp->log ? sp->ymin / 2 : 0;
}

static double spans_yhi(const spans *sp)
{
	return sp->log ? sp->ymax * 2.5 : sp->ymax * 1.25;
}

/* Every segment is an obstacle for the labels. */
static void spans_marks(chart *ch, spans *sp)
{
	size_t lines = MAX_SOURCE_LINES; /* not known yet: the most */
	placer_init(&sp->pl, floor(sp->xmin) - 0.8, ceil(sp->xmax) + 4.8,
		    spans_ylo(sp), spans_yhi(sp), sp->log, lines);
	placer_add(&sp->pl, (box){0, 300, sp->pl.h - 45, sp->pl.h + 30});
	for (size_t i = 0; i < ch->ds->nfigures; i++) {
		const cf_figure *f = ch->ds->figures[i];
		double v = cf_interval_mid(f->interval), lo, hi;
		if (f->table != CF_TABLE_SCHOLARSHIPS || !(v > 0))
			continue;
		period_span(&f->period, &lo, &hi);
		double py = px_y(&sp->pl, v);
		placer_add(&sp->pl,
			   (box){px_x(&sp->pl, lo) - 6, px_x(&sp->pl, hi) + 6,
				 py - 5, py + 5});
	}
}

static int chart_scholarships(chart *ch, cf_error *err)
{
	spans sp = {0};
	spans_measure(ch->ds, &sp);
	spans_marks(ch, &sp);
	chart_titles(ch,
		     "Scholarships and training places: provided and pledged",
		     "year",
		     sp.log ? "scholarships / places (log scale)"
			    : "scholarships / places");
	int rc = spans_block(ch, &sp, "provided", err);
	if (rc > 0)
		chart_item(ch,
			   "$provided using 1:2:3:4 with xerrorbars lt 1 lw 3 "
			   "pt 7 ps 1.2",
			   "provided (to date: a point at its end)");
	int rc2 = rc < 0 ? rc : spans_block(ch, &sp, "pledged", err);
	if (rc2 > 0)
		chart_item(ch,
			   "$pledged using 1:2:3:4 with xerrorbars lt 2 lw 3 "
			   "pt 4 ps 1.2",
			   "pledged, over the period it covers");
	bool failed = sp.pl.failed;
	placer_free(&sp.pl);
	if (rc < 0 || rc2 < 0)
		return rc < 0 ? rc : rc2;
	if (failed)
		return cf_error_set(err, CF_ENOMEM, NULL, 0, 0,
				    "out of memory");
	if (ch->nitems) {
		/* room on the right for the labels */
		year_axis(ch, floor(sp.xmin), ceil(sp.xmax) + 4);
		fprintf(ch->out, "%sset yrange [%.10g:%.10g]\n",
			sp.log ? "set logscale y\n" : "", spans_ylo(&sp),
			spans_yhi(&sp));
	}
	return 0;
}

/* ---- claims: stated vs recomputed -------------------------------------- */

static const char *const verdict_colour[] = {
    [CF_VERDICT_INCONSISTENT] = "#D55E00",
    [CF_VERDICT_UNDETERMINED] = "#E69F00",
    [CF_VERDICT_UNVERIFIABLE] = "#000000",
    [CF_VERDICT_CONSISTENT] = "#009E73",
};

/* Deviation from the stated midpoint in percent, clipped to the axis. */
static double rel(double v, double mid, double lim)
{
	double d = (v - mid) / fabs(mid) * 100;
	return d < -lim ? -lim : d > lim ? lim : d;
}

static bool claim_drawable(const cf_result *r)
{
	double m = cf_interval_mid(r->stated);
	return isfinite(m) && m != 0;
}

/* Axis half-width: the widest finite end, at most 100%. */
static double claims_limit(const cf_results *rs)
{
	double lim = 1;
	for (size_t i = 0; i < rs->n; i++) {
		const cf_result *r = &rs->items[i];
		double m = cf_interval_mid(r->stated);
		if (!claim_drawable(r))
			continue;
		double e[4] = {r->stated.lo, r->stated.hi, r->computed.lo,
			       r->computed.hi};
		for (int k = 0; k < 4; k++)
			if (isfinite(e[k]))
				lim = fmax(lim, fabs((e[k] - m) / m * 100));
	}
	return fmin(lim * 1.1, 100);
}

static void claims_rows(chart *ch, const cf_results *rs, double lim,
			bool stated, int verdict)
{
	int rows = 0;
	for (size_t i = 0; i < rs->n; i++) {
		const cf_result *r = &rs->items[i];
		cf_interval v = stated ? r->stated : r->computed;
		if (!claim_drawable(r) ||
		    (!stated && (int)r->verdict != verdict) ||
		    cf_interval_is_empty(v) ||
		    (!isfinite(v.lo) && !isfinite(v.hi)))
			continue;
		double m = cf_interval_mid(r->stated);
		double lo = rel(v.lo, m, lim), hi = rel(v.hi, m, lim);
		double mid = isfinite(cf_interval_mid(v))
				 ? rel(cf_interval_mid(v), m, lim)
				 : (lo + hi) / 2;
		double y = (double)(rs->n - i) + (stated ? 0.17 : -0.17);
		if (!rows++)
			fprintf(ch->out, "$%s%d << EOD\n",
				stated ? "stated" : "computed", verdict);
		fprintf(ch->out, "%.10g %.10g %.10g %.10g\n", mid, y, lo, hi);
	}
	if (rows) {
		block_end(ch);
		char spec[160];
		if (stated)
			snprintf(spec, sizeof spec,
				 "$stated%d using 1:2:3:4 with xerrorbars "
				 "lc rgb '#999999' lw 4 pt 3 ps 0.8",
				 verdict);
		else
			snprintf(spec, sizeof spec,
				 "$computed%d using 1:2:3:4 with xerrorbars "
				 "lc rgb '%s' lw 3 pt 7 ps 1",
				 verdict, verdict_colour[verdict]);
		chart_item(ch, spec,
			   stated ? "stated (as rounded or with tolerance)"
				  : cf_verdict_name((cf_verdict)verdict));
	}
}

/* Arrows at the axis edge where an interval runs past it (an open bound
 * or a deviation over the limit). */
static void claims_arrows(chart *ch, const cf_results *rs, double lim)
{
	int rows = 0;
	for (size_t i = 0; i < rs->n; i++) {
		const cf_result *r = &rs->items[i];
		if (!claim_drawable(r) || cf_interval_is_empty(r->computed))
			continue;
		double m = cf_interval_mid(r->stated),
		       y = (double)(rs->n - i) - 0.17;
		double ends[2] = {r->computed.lo, r->computed.hi};
		for (int k = 0; k < 2; k++) {
			double d = (ends[k] - m) / fabs(m) * 100;
			if (isfinite(d) && fabs(d) <= lim)
				continue;
			if (!rows++)
				block_begin(ch, "beyond");
			double x = k ? lim * 0.94 : -lim * 0.94;
			fprintf(ch->out, "%.10g %.10g %.10g 0\n", x, y,
				k ? lim * 0.05 : -lim * 0.05);
		}
	}
	if (rows) {
		block_end(ch);
		chart_item(
		    ch,
		    "$beyond using 1:2:3:4 with vectors lc rgb '#555555' "
		    "lw 2 head filled",
		    "runs past the axis");
	}
}

/* y tics: the claim ids, quoted (they are data). */
static void claims_axis(chart *ch, const cf_results *rs, double lim)
{
	for (size_t i = 0; i < rs->n; i++)
		if (rs->items[i].verdict == CF_VERDICT_UNVERIFIABLE)
			chart_label(ch, "unverifiable", "first", lim * 0.05,
				    (double)(rs->n - i) - 0.17,
				    "left font ',8'");
	fputs("set ytics (", ch->out);
	for (size_t i = 0; i < rs->n; i++) {
		fprintf(ch->out, "%s", i ? ", " : "");
		cf_gnuplot_quote(ch->out, rs->items[i].id);
		fprintf(ch->out, " %zu", rs->n - i);
	}
	fprintf(
	    ch->out,
	    ") font ',8'\nset yrange [0.4:%zu.6]\nset xrange [%.10g:%.10g]\n"
	    "set grid xtics ytics\nset rmargin 36\n"
	    "set key at screen 0.995, graph 1 right top\n"
	    "set xtics format '%%+.0f%%%%'\n",
	    rs->n, -lim, lim);
}

static int claims_evaluate(const cf_dataset *ds, cf_results *rs, cf_error *err)
{
	for (size_t i = 0; i < ds->nclaims; i++) {
		cf_claim *c = NULL;
		int rc = cf_claim_parse_row(&ds->claims[i], &c, err);
		cf_result *r = rc == 0 ? cf_results_push(rs) : NULL;
		if (rc == 0 && !r)
			rc = cf_error_set(err, CF_ENOMEM, NULL, 0, 0,
					  "out of memory");
		if (rc == 0)
			rc = cf_claim_evaluate(ds, c, ds->claims[i].source,
					       ds->claims[i].quote, r, err);
		cf_claim_free(c);
		if (rc != 0)
			return rc;
	}
	return 0;
}

static int chart_claims(chart *ch, cf_error *err)
{
	cf_results rs = {0};
	int rc = claims_evaluate(ch->ds, &rs, err);
	chart_titles(ch, "Claims: stated and recomputed values",
		     "deviation from the stated value (% of it)", "claim");
	if (rc == 0 && rs.n) {
		double lim = claims_limit(&rs);
		claims_rows(ch, &rs, lim, true, 0);
		for (int v = CF_VERDICT_INCONSISTENT;
		     v <= CF_VERDICT_CONSISTENT; v++)
			claims_rows(ch, &rs, lim, false, v);
		claims_arrows(ch, &rs, lim);
		claims_axis(ch, &rs, lim);
		/* the dataset's strings: rs is freed before the note is
		 * written */
		for (size_t i = 0; i < ch->ds->nclaims; i++)
			chart_source(ch, ch->ds->claims[i].source);
	}
	cf_results_free(&rs);
	return rc;
}

/* ---- dispatch ---------------------------------------------------------- */

static const char *const empty_notes[CF_CHART_COUNT_] = {
    "no figures to draw in this series",
    "no year-on-year growth: the series needs two consecutive years",
    "no annual loan figures in the dataset",
    "no scholarship figures in the dataset",
    "no claims in the dataset",
};

static int chart_series(const cf_dataset *ds, const char *name,
			const cf_series **out, cf_error *err)
{
	*out = name ? cf_dataset_series(ds, name) : cf_plot_default_series(ds);
	if (!*out && name)
		return cf_error_set(err, CF_ENOTFOUND, NULL, 0, 0,
				    "no series '%s' (cifra list shows them)",
				    name);
	return 0;
}

static int chart_body(chart *ch, cf_chart c, const char *series, cf_error *err)
{
	const cf_series *s = NULL;
	int rc = 0;
	switch (c) {
	case CF_CHART_TRADE:
	case CF_CHART_GROWTH:
		rc = chart_series(ch->ds, series, &s, err);
		if (rc == 0 && !s)
			chart_titles(ch, "Trade", "year", "US$ bn");
		else if (rc == 0 && c == CF_CHART_TRADE)
			rc = chart_trade(ch, s);
		else if (rc == 0)
			rc = chart_growth(ch, s, err);
		return rc;
	case CF_CHART_LOANS:
		return chart_loans(ch, err);
	case CF_CHART_SCHOLARSHIPS:
		return chart_scholarships(ch, err);
	case CF_CHART_CLAIMS:
		return chart_claims(ch, err);
	default:
		return cf_error_set(err, CF_ENOTFOUND, NULL, 0, 0,
				    "no such chart");
	}
}

int cf_chart_script(const cf_dataset *ds, cf_chart c, const char *series,
		    char **out, cf_error *err)
{
	chart ch;
	*out = NULL;
	int rc = chart_open(&ch, ds, err);
	if (rc == 0)
		rc = chart_body(&ch, c, series, err);
	if (rc != 0) {
		chart_discard(&ch);
		return rc;
	}
	return chart_close(&ch, c < CF_CHART_COUNT_ ? empty_notes[c] : "", out,
			   err);
}
