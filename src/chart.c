/* chart.c — what every chart script shares: the builder (style, titles,
 * labels, plot items, data blocks, the source note and caption under the
 * plot, the margins) and the label placer. */
#include "chart.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Okabe–Ito: told apart by readers with any common colour blindness. */
static const char *const palette[NPALETTE] = {"#0072B2", "#E69F00", "#009E73",
					      "#D55E00", "#CC79A7", "#56B4E9",
					      "#F0E442", "#000000"};

/* The frame of every chart, in screen fractions (fixed, so the placer
 * knows where the plot area is): room on the left for the y tics and
 * label, at the top for the title and the key. */
#define LEFT	0.10
#define RIGHT	0.965
#define TITLE_H 0.075 /* the title's band at the top */
#define KEY_ROW 0.036 /* one row of the key, above the plot */
#define NOTE_H	0.028 /* one line of source or caption under the plot */
#define AXIS_H	0.115 /* x tics and x label */

/* Estimates in pixels for the placer: a 9-point character is at most this
 * wide in either terminal (SVG Arial, PNG Sans), a line this high. */
#define CHAR_W 6.0
#define LINE_H 13.0

int chart_open(chart *ch, const cf_analysis *a, cf_error *err)
{
	memset(ch, 0, sizeof *ch);
	ch->a = a;
	ch->ds = a->ds;
	ch->out = cf_memstream_open(&ch->out_buf, &ch->out_len);
	ch->items = cf_memstream_open(&ch->items_buf, &ch->items_len);
	ch->labels = cf_memstream_open(&ch->labels_buf, &ch->labels_len);
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
	      "set grid ytics lc rgb '#dddddd' lw 1 dt 1\n",
	      ch->out);
	return 0;
}

void chart_discard(chart *ch)
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

void chart_source(chart *ch, const char *id)
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
void chart_titles(chart *ch, const char *title, const char *xlabel,
		  const char *ylabel)
{
	/* a label, not `set title`: gnuplot puts a title just above the
	 * plot, where the key goes */
	chart_label(ch, title, "screen", 0.5, 1.0 - TITLE_H / 2,
		    "center font ',14' front");
	fputs("set xlabel ", ch->out);
	cf_gnuplot_quote(ch->out, xlabel);
	fputs(" offset 0,0.4\nset ylabel ", ch->out);
	cf_gnuplot_quote(ch->out, ylabel);
	fputs(" offset 1.5,0\n", ch->out);
}

void chart_label(chart *ch, const char *text, const char *coords, double x,
		 double y, const char *style)
{
	fprintf(ch->labels, "set label %d ", ++ch->nlabels);
	cf_gnuplot_quote(ch->labels, text);
	fprintf(ch->labels, " at %s %.10g, %s %.10g %s\n", coords, x, coords, y,
		style);
}

void chart_item(chart *ch, const char *spec, const char *title)
{
	fprintf(ch->items, "%s%s", ch->nitems++ ? ", \\\n     " : "plot ",
		spec);
	if (title) {
		size_t n = utf8_chars(title);
		ch->key_chars = n > ch->key_chars ? n : ch->key_chars;
		fputs(" title ", ch->items);
		cf_gnuplot_quote(ch->items, title);
	} else {
		fputs(" notitle", ch->items);
	}
}

void chart_caption(chart *ch, const char *text)
{
	size_t n = strlen(ch->caption);
	snprintf(ch->caption + n, sizeof ch->caption - n, "%s%s", n ? " " : "",
		 text);
}

void block_begin(chart *ch, const char *name)
{
	fprintf(ch->out, "$%s << EOD\n", name);
}

void block_end(chart *ch)
{
	fputs("EOD\n", ch->out);
}

void clip_utf8(char *s, size_t max)
{
	if (strlen(s) <= max)
		return;
	size_t n = max - 3;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	memcpy(s + n, "…", sizeof "…");
}

size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* Characters of an 8-point note that fit across the image. */
#define NOTE_CHARS 150

/* Breaks text into lines of at most max characters at spaces; returns
 * the number of lines, each copied into lines[i] (up to n). */
static size_t wrap(const char *text, size_t max, char lines[][NOTE_CHARS * 4],
		   size_t n)
{
	size_t count = 0;
	const char *p = text;
	while (*p && count < n) {
		while (*p == ' ')
			p++;
		const char *end = p, *cut = NULL;
		size_t chars = 0;
		while (*end && chars < max) {
			if (*end == ' ')
				cut = end;
			chars += ((unsigned char)*end & 0xC0) != 0x80;
			end++;
		}
		if (*end && cut)
			end = cut;
		size_t len = (size_t)(end - p);
		if (len >= NOTE_CHARS * 4)
			len = NOTE_CHARS * 4 - 1;
		memcpy(lines[count], p, len);
		lines[count][len] = '\0';
		count++;
		p = end;
	}
	return count;
}

#define MAX_CAPTION_LINES 3

static void sources_text(const chart *ch, char *buf, size_t size);

size_t chart_source_lines(const chart *ch)
{
	char lines[MAX_SOURCE_LINES][NOTE_CHARS * 4];
	char text[NOTE_CHARS * MAX_SOURCE_LINES * 4];
	sources_text(ch, text, sizeof text);
	size_t n =
	    ch->nsources ? wrap(text, NOTE_CHARS, lines, MAX_SOURCE_LINES) : 0;
	return n + wrap(ch->caption, NOTE_CHARS, lines, MAX_CAPTION_LINES);
}

static double bottom_of(const chart *ch)
{
	return AXIS_H + NOTE_H * (double)chart_source_lines(ch) + 0.01;
}

/* Rows the key takes above the plot: two columns when the entries fit
 * half the width. */
static int key_rows(const chart *ch)
{
	bool two = ch->key_chars * CHAR_W * 1.1 + 40 <
		   (RIGHT - LEFT) * CF_PLOT_WIDTH / 2;
	return two ? (ch->nitems + 1) / 2 : ch->nitems;
}

static double top_of(const chart *ch)
{
	return 1.0 - TITLE_H - KEY_ROW * key_rows(ch) - 0.015;
}

/* One note line under the plot, at line i from the bottom. */
static void note_line(chart *ch, const char *text, size_t i, bool indent)
{
	chart_label(ch, text, "screen", indent ? 0.035 : 0.012,
		    0.024 + NOTE_H * (double)i,
		    "left font ',8' tc rgb '#444444' front");
}

/* "Sources: A — publisher, date; B …; and N more", at most
 * MAX_SOURCE_LINES lines once wrapped. */
static void sources_text(const chart *ch, char *buf, size_t size)
{
	size_t limit = NOTE_CHARS * MAX_SOURCE_LINES - 30;
	snprintf(buf, size, "%s", ch->nsources == 1 ? "Source:" : "Sources:");
	for (size_t i = 0; i < ch->nsources; i++) {
		char desc[512];
		cf_source_text(ch->ds, ch->sources[i], desc, sizeof desc);
		clip_utf8(desc, NOTE_CHARS - 20);
		size_t n = strlen(buf);
		if (utf8_chars(buf) + utf8_chars(desc) + 2 > limit) {
			snprintf(buf + n, size - n, " and %zu more",
				 ch->nsources - i);
			return;
		}
		snprintf(buf + n, size - n, "%s %s", i ? ";" : "", desc);
	}
}

/* The caption, then the sources of what the chart shows, under the plot. */
static void chart_notes(chart *ch)
{
	char cap[MAX_CAPTION_LINES][NOTE_CHARS * 4];
	char src[MAX_SOURCE_LINES][NOTE_CHARS * 4];
	char text[NOTE_CHARS * MAX_SOURCE_LINES * 4];
	sources_text(ch, text, sizeof text);
	size_t ncap = wrap(ch->caption, NOTE_CHARS, cap, MAX_CAPTION_LINES);
	size_t nsrc =
	    ch->nsources ? wrap(text, NOTE_CHARS, src, MAX_SOURCE_LINES) : 0;
	size_t row = ncap + nsrc;
	for (size_t i = 0; i < ncap; i++)
		note_line(ch, cap[i], --row, i > 0);
	for (size_t i = 0; i < nsrc; i++)
		note_line(ch, src[i], --row, i > 0);
}

/* The frame: fixed margins, the key in a band of its own above the plot
 * (never on the data). */
static void chart_frame(chart *ch)
{
	double top = top_of(ch);
	fprintf(ch->out,
		"set lmargin at screen %.4f\nset rmargin at screen %.4f\n"
		"set bmargin at screen %.4f\nset tmargin at screen %.4f\n",
		LEFT, ch->nitems ? RIGHT : RIGHT, bottom_of(ch), top);
	fprintf(ch->out,
		"set key at screen %.4f, screen %.4f left top vertical "
		"Left reverse maxrows %d width 2 noautotitle "
		"samplen 2 spacing 1.0 font ',9' nobox\n",
		LEFT, 1.0 - TITLE_H, key_rows(ch) ? key_rows(ch) : 1);
}

/* An empty chart still renders: it says what is missing. */
static void chart_placeholder(chart *ch, const char *what)
{
	chart_label(ch, what, "graph", 0.5, 0.5, "center font ',12'");
	fputs("set xrange [0:1]\nset yrange [0:1]\nunset xtics\nunset ytics\n"
	      "unset grid\n",
	      ch->out);
	chart_item(ch, "NaN", NULL);
	ch->nitems = 0; /* no key */
}

int chart_close(chart *ch, const char *empty, char **out, cf_error *err)
{
	if (ch->nitems == 0)
		chart_placeholder(ch, empty);
	chart_frame(ch);
	chart_notes(ch);
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

/* ---- helpers ----------------------------------------------------------- */

const char *unit_axis(cf_unit u, double *div)
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

void year_axis(chart *ch, double lo, double hi)
{
	double span = hi - lo;
	int step = span <= 14 ? 1 : span <= 30 ? 2 : span <= 60 ? 5 : 10;
	fprintf(ch->out,
		"set xrange [%.10g:%.10g]\nset xtics %d format '%%.0f'\n"
		"set mxtics 1\n",
		lo - 0.8, hi + 0.8, step);
}

double point_value(const cf_point *p)
{
	return isfinite(p->written) ? p->written : cf_interval_mid(p->value);
}

const char *series_attr(const cf_series *s, const char *col)
{
	const char *v = s->count ? cf_figure_attr(s->figures[0], col) : NULL;
	return v && *v ? v : "unspecified";
}

/* ---- label placement --------------------------------------------------- */

void placer_init(placer *pl, const chart *ch, double x0, double x1, double y0,
		 double y1, bool logy)
{
	memset(pl, 0, sizeof *pl);
	pl->x0 = x0;
	pl->x1 = x1;
	pl->logy = logy;
	pl->y0 = logy ? log10(y0) : y0;
	pl->y1 = logy ? log10(y1) : y1;
	pl->w = (RIGHT - LEFT) * CF_PLOT_WIDTH;
	pl->h = (top_of(ch) - bottom_of(ch)) * CF_PLOT_HEIGHT;
}

double px_x(const placer *pl, double x)
{
	return (x - pl->x0) / (pl->x1 - pl->x0) * pl->w;
}

double px_y(const placer *pl, double y)
{
	double v = pl->logy ? log10(y) : y;
	return (v - pl->y0) / (pl->y1 - pl->y0) * pl->h;
}

static double data_x(const placer *pl, double px)
{
	return pl->x0 + px / pl->w * (pl->x1 - pl->x0);
}

static double data_y(const placer *pl, double py)
{
	double v = pl->y0 + py / pl->h * (pl->y1 - pl->y0);
	return pl->logy ? pow(10, v) : v;
}

void placer_add(placer *pl, box b)
{
	box *g = realloc(pl->boxes, (pl->n + 1) * sizeof *g);
	if (!g) {
		pl->failed = true;
		return;
	}
	pl->boxes = g;
	g[pl->n++] = b;
}

void placer_mark(placer *pl, double x, double ylo, double yhi)
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

/* Keeps [l, l + w] inside the plot's width (labels may not leave the
 * image; the plot area is inside it with margins to spare). */
static double clamp_left(const placer *pl, double l, double w)
{
	if (l + w > pl->w)
		l = pl->w - w;
	return l < 0 ? 0 : l;
}

double placer_put(placer *pl, double *x, double y, const char *text,
		  bool beside)
{
	double w = (double)utf8_chars(text) * CHAR_W;
	double px = px_x(pl, *x), py = px_y(pl, y);
	double l = clamp_left(pl, beside ? px + 8 : px - w / 2, w);
	box b = {0};
	for (int k = 0; k < 24; k++) {
		/* above: 0, 1, 2… lines up; beside: 0, +1, -1, +2… */
		double dy = beside ? LINE_H * ((k + 1) / 2) * (k % 2 ? 1 : -1)
				   : 9 + LINE_H * k;
		b = (box){l, l + w, py + dy - LINE_H / 2 + (beside ? 0 : 6),
			  py + dy + LINE_H / 2 + (beside ? 0 : 6)};
		if (placer_clear(pl, b) && b.t < pl->h && b.b > 0)
			break;
	}
	if (b.t > pl->h) { /* nowhere free: at least inside */
		b.b -= b.t - pl->h;
		b.t = pl->h;
	}
	placer_add(pl, b);
	/* the anchor: the box's left end (beside) or its centre */
	*x = data_x(pl, beside ? b.l : (b.l + b.r) / 2);
	return data_y(pl, (b.b + b.t) / 2);
}

void placer_free(placer *pl)
{
	free(pl->boxes);
}

int chart_points(const cf_series *s, cf_point **pts, size_t *n, cf_error *err)
{
	cf_series own = *s;
	own.figures = malloc((s->count ? s->count : 1) * sizeof *own.figures);
	if (!own.figures)
		return cf_error_set(err, CF_ENOMEM, NULL, 0, 0,
				    "out of memory");
	own.count = 0;
	for (size_t i = 0; i < s->count; i++)
		if (!s->figures[i]->implied)
			own.figures[own.count++] = s->figures[i];
	int rc = cf_series_points(&own, pts, n, err);
	free(own.figures);
	return rc;
}
