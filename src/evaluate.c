/* evaluate.c — claims evaluated on a dataset, with inversion for the
 * figure a claim implies (evaluate.h). */
#include "cifra/evaluate.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------- evaluation */

typedef struct key {
	const char *series;
	cf_period period;
	const char *source; /* @source, or NULL */
} key;

typedef struct missing {
	key k;
	int count;
} missing;

typedef struct ev_ctx {
	const cf_dataset *ds;
	const char *claim_source;
	cf_result *r; /* NULL: evaluate without recording */
	size_t nmissing;
	missing *miss;
	/* open-addressing index of miss (slot = index + 1, 0 empty): a span
	 * of thousands of missing years must not be compared pairwise */
	size_t nslots, *slots;
	bool conflict, div_zero, nomem;
	bool bound; /* a figure that is only a bound (over, under…) entered */
	char *notes; /* conflict notes, "; "-separated */
} ev_ctx;

typedef struct ev {
	cf_interval iv;
	double w; /* as written */
} ev;

static bool key_equal(const key *a, const key *b)
{
	return !strcmp(a->series, b->series) &&
	       cf_period_equal(&a->period, &b->period) &&
	       (a->source == b->source ||
		(a->source && b->source && !strcmp(a->source, b->source)));
}

static void add_note(char **notes, bool *nomem, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void add_note(char **notes, bool *nomem, const char *fmt, ...)
{
	char piece[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(piece, sizeof piece, fmt, ap);
	va_end(ap);
	size_t old = *notes ? strlen(*notes) : 0;
	char *s = realloc(*notes, old + strlen(piece) + 3);
	if (!s) {
		*nomem = true;
		return;
	}
	if (old)
		strcpy(s + old, "; "), old += 2;
	strcpy(s + old, piece);
	*notes = s;
}

static size_t mix(size_t h, size_t v)
{
	return (h ^ v) * 1099511628211u;
}

static size_t key_hash(const key *k)
{
	size_t h = 14695981039346656037u;
	for (const char *c = k->series; *c; c++)
		h = mix(h, (unsigned char)*c);
	h = mix(mix(mix(h, (size_t)k->period.first), (size_t)k->period.last),
		(size_t)k->period.kind);
	for (const char *c = k->source ? k->source : ""; *c; c++)
		h = mix(h, (unsigned char)*c);
	return h;
}

/* The slot of k in x->slots: its entry, or the empty one to fill. */
static size_t *slot_of(const ev_ctx *x, const key *k)
{
	size_t i = key_hash(k) & (x->nslots - 1);
	while (x->slots[i] && !key_equal(&x->miss[x->slots[i] - 1].k, k))
		i = (i + 1) & (x->nslots - 1);
	return &x->slots[i];
}

/* Keeps the index at most half full. */
static int grow_slots(ev_ctx *x)
{
	if (2 * (x->nmissing + 1) <= x->nslots)
		return 0;
	size_t n = x->nslots ? 2 * x->nslots : 16;
	size_t *old = x->slots;
	if (!(x->slots = calloc(n, sizeof *x->slots))) {
		x->slots = old;
		return CF_ENOMEM;
	}
	x->nslots = n;
	free(old);
	for (size_t i = 0; i < x->nmissing; i++)
		*slot_of(x, &x->miss[i].k) = i + 1;
	return 0;
}

static void note_missing(ev_ctx *x, const key *k)
{
	if (x->nslots) {
		size_t *s = slot_of(x, k);
		if (*s) {
			x->miss[*s - 1].count++;
			return;
		}
	}
	missing *m = realloc(x->miss, (x->nmissing + 1) * sizeof *m);
	if (m)
		x->miss = m;
	if (!m || grow_slots(x)) {
		x->nomem = true;
		return;
	}
	x->miss[x->nmissing] = (missing){*k, 1};
	*slot_of(x, k) = x->nmissing + 1;
	x->nmissing++;
}

static void ctx_free(ev_ctx *x)
{
	free(x->miss);
	free(x->slots);
	free(x->notes);
}

cf_interval cf_figure_claim_value(const cf_figure *f)
{
	cf_interval iv = f->interval;
	if (f->unit == CF_UNIT_PERCENT)
		iv.lo /= 100, iv.hi /= 100;
	return iv;
}

double cf_figure_claim_written(const cf_figure *f)
{
	double w = cf_value_point(f->value_text, f->scale);
	return f->unit == CF_UNIT_PERCENT ? w / 100 : w;
}

static bool same_str(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

/* Records the figures v used (all of them for a conflict). */
static void record(ev_ctx *x, const cf_value *v)
{
	if (!x->r)
		return;
	for (size_t i = 0; i < v->nfigures; i++)
		if (cf_value_uses(v, v->figures[i]) &&
		    cf_result_add_figure(x->r, v->figures[i]) < 0)
			x->nomem = true;
}

static void note_conflict(ev_ctx *x, const key *k, const cf_value *v)
{
	char per[CF_PERIOD_TEXT_MAX], list[768] = "";
	size_t len = 0;
	for (size_t i = 0; i < v->nfigures && len < sizeof list; i++) {
		const cf_figure *f = v->figures[i];
		if (!cf_value_uses(v, f))
			continue;
		len += (size_t)snprintf(list + len, sizeof list - len,
					"%s%s \"%s\"", len ? " vs " : "",
					f->source, f->quote ? f->quote : "");
	}
	cf_period_format(&k->period, per, sizeof per);
	if (x->r)
		add_note(&x->notes, &x->nomem,
			 "conflicting figures for %s[%s]: %s: add @source",
			 k->series, per, list);
	x->conflict = true;
}

/* k's value by the dataset's one rule (cf_dataset_value), in claim units:
 * percent figures as fractions. */
static ev resolve(ev_ctx *x, const key *k)
{
	ev r = {cf_interval_all(), NAN};
	cf_value v;
	cf_dataset_value(x->ds, k->series, &k->period, k->source,
			 x->claim_source, &v);
	if (!v.nused) {
		note_missing(x, k);
		return r;
	}
	record(x, &v);
	if (v.conflict) {
		note_conflict(x, k, &v);
		return r;
	}
	double scale = v.figures[0]->unit == CF_UNIT_PERCENT ? 0.01 : 1;
	r.iv = v.interval;
	r.iv.lo *= scale, r.iv.hi *= scale;
	r.w = v.written * scale;
	x->bound |= v.bound;
	return r;
}

static ev eval(ev_ctx *x, const cf_node *n);

static key ref_key(const cf_node *n)
{
	return (key){n->series, n->period, n->source};
}

static bool is_span(const cf_node *n)
{
	return n->kind == CF_NODE_REF && n->period.kind == CF_PERIOD_YEAR_SPAN;
}

static bool expands_span(const cf_node *n)
{
	return (n->kind == CF_NODE_SUM || n->kind == CF_NODE_MIN ||
		n->kind == CF_NODE_MAX) &&
	       n->nargs == 1 && is_span(n->args[0]);
}

static ev fold(cf_node_kind kind, ev a, ev b)
{
	if (kind == CF_NODE_SUM)
		return (ev){cf_interval_add(a.iv, b.iv), a.w + b.w};
	if (kind == CF_NODE_MIN)
		return (ev){cf_interval_min(a.iv, b.iv), fmin(a.w, b.w)};
	return (ev){cf_interval_max(a.iv, b.iv), fmax(a.w, b.w)};
}

/* The value of argument i of an aggregate: a listed term, or one year of
 * the span.  skip: a key to leave out (for inversion), or NULL. */
static size_t aggregate_len(const cf_node *n)
{
	if (!expands_span(n))
		return n->nargs;
	const cf_period *p = &n->args[0]->period;
	return (size_t)(cf_period_last_year(p) - cf_period_first_year(p) + 1);
}

static key span_key(const cf_node *n, size_t i)
{
	const cf_node *ref = n->args[0];
	int year = cf_period_first_year(&ref->period) + (int)i;
	return (key){ref->series, cf_period_year(year), ref->source};
}

static ev aggregate_item(ev_ctx *x, const cf_node *n, size_t i)
{
	if (!expands_span(n))
		return eval(x, n->args[i]);
	key k = span_key(n, i);
	return resolve(x, &k);
}

static ev eval_aggregate(ev_ctx *x, const cf_node *n)
{
	size_t len = aggregate_len(n);
	ev acc = aggregate_item(x, n, 0);
	for (size_t i = 1; i < len; i++)
		acc = fold(n->kind, acc, aggregate_item(x, n, i));
	return acc;
}

static key yoy_base_key(const cf_node *n)
{
	const cf_node *ref = n->args[0];
	return (key){ref->series, cf_period_prev_year(&ref->period),
		     ref->source};
}

static ev eval_div(ev_ctx *x, ev a, ev b)
{
	if (cf_interval_contains(b.iv, 0))
		x->div_zero = true;
	return (ev){cf_interval_div(a.iv, b.iv), a.w / b.w};
}

static ev eval(ev_ctx *x, const cf_node *n)
{
	ev a, b;
	switch (n->kind) {
	case CF_NODE_NUMBER:
		return (ev){cf_interval_point(n->number), n->number};
	case CF_NODE_REF: {
		key k = ref_key(n);
		return resolve(x, &k);
	}
	case CF_NODE_NEG:
		a = eval(x, n->args[0]);
		return (ev){cf_interval_neg(a.iv), -a.w};
	case CF_NODE_YOY: {
		key k = yoy_base_key(n);
		a = resolve(x, &k);
		b = eval(x, n->args[0]);
		ev q = eval_div(x, b, a);
		return (ev){cf_interval_growth(a.iv, b.iv), q.w - 1};
	}
	case CF_NODE_CAGR: {
		a = eval(x, n->args[0]);
		b = eval(x, n->args[1]);
		double years = cf_period_years_between(&n->args[0]->period,
						       &n->args[1]->period);
		if (cf_interval_contains(a.iv, 0))
			x->div_zero = true;
		return (ev){cf_interval_cagr(a.iv, b.iv, years),
			    pow(b.w / a.w, 1 / years) - 1};
	}
	case CF_NODE_MIN:
	case CF_NODE_MAX:
	case CF_NODE_SUM:
		return eval_aggregate(x, n);
	default:
		break;
	}
	a = eval(x, n->args[0]);
	b = eval(x, n->args[1]);
	switch (n->kind) {
	case CF_NODE_ADD:
		return (ev){cf_interval_add(a.iv, b.iv), a.w + b.w};
	case CF_NODE_SUB:
		return (ev){cf_interval_sub(a.iv, b.iv), a.w - b.w};
	case CF_NODE_MUL:
		return (ev){cf_interval_mul(a.iv, b.iv), a.w * b.w};
	default:
		return eval_div(x, a, b);
	}
}

/* A value computed without recording anything (for inversion), but an
 * allocation failure is passed back to x: an implied figure solved from a
 * value cut short by it would silently be (−∞, ∞). */
static cf_interval quiet_eval(ev_ctx *x, const cf_node *n)
{
	ev_ctx q = {.ds = x->ds, .claim_source = x->claim_source};
	ev v = eval(&q, n);
	x->nomem |= q.nomem;
	ctx_free(&q);
	return v.iv;
}

/* ---- units */

#define NO_UNIT (-1) /* a bare number says nothing of its unit */

static int series_unit(const cf_dataset *ds, const char *series)
{
	const cf_series *s = cf_dataset_series(ds, series);
	return s ? (int)s->unit : NO_UNIT;
}

static bool is_amount(int u)
{
	return u == CF_UNIT_USD || u == CF_UNIT_CNY || u == CF_UNIT_COUNT;
}

/* The unit of what n computes, NO_UNIT when it says nothing. */
static int infer_unit(const cf_dataset *ds, const cf_node *n)
{
	int a, b;
	switch (n->kind) {
	case CF_NODE_NUMBER:
		return n->percent ? CF_UNIT_PERCENT : NO_UNIT;
	case CF_NODE_REF:
		return series_unit(ds, n->series);
	case CF_NODE_YOY:
	case CF_NODE_CAGR:
		return CF_UNIT_PERCENT;
	case CF_NODE_MUL:
		a = infer_unit(ds, n->args[0]);
		b = infer_unit(ds, n->args[1]);
		return is_amount(a) ? a : is_amount(b) ? b : a >= 0 ? a : b;
	case CF_NODE_DIV:
		a = infer_unit(ds, n->args[0]);
		b = infer_unit(ds, n->args[1]);
		if (b < 0 || (!is_amount(b) && a != b))
			return a;
		return CF_UNIT_RATIO;
	default:
		for (size_t i = 0; i < n->nargs; i++)
			if ((a = infer_unit(ds, n->args[i])) >= 0)
				return a;
		return NO_UNIT;
	}
}

/* ---- inversion */

/* How often k occurs in n (yoy's implicit base and span years included). */
static int uses(const cf_node *n, const key *k)
{
	if (n->kind == CF_NODE_REF) {
		key r = ref_key(n);
		return key_equal(&r, k);
	}
	if (n->kind == CF_NODE_YOY) {
		key b = yoy_base_key(n);
		return key_equal(&b, k) + uses(n->args[0], k);
	}
	if (expands_span(n)) {
		int c = 0;
		for (size_t i = 0; i < aggregate_len(n); i++) {
			key y = span_key(n, i);
			c += key_equal(&y, k);
		}
		return c;
	}
	int c = 0;
	for (size_t i = 0; i < n->nargs; i++)
		c += uses(n->args[i], k);
	return c;
}

static bool invert(ev_ctx *x, const cf_node *n, const key *k, cf_interval t,
		   cf_interval *out);

static bool invert_sum(ev_ctx *x, const cf_node *n, const key *k, cf_interval t,
		       cf_interval *out)
{
	cf_interval rest = cf_interval_point(0);
	size_t len = aggregate_len(n), hit = len;
	for (size_t i = 0; i < len; i++) {
		bool has;
		if (expands_span(n)) {
			key y = span_key(n, i);
			has = key_equal(&y, k);
		} else {
			has = uses(n->args[i], k) > 0;
		}
		if (has) {
			hit = i;
			continue;
		}
		ev_ctx q = {.ds = x->ds, .claim_source = x->claim_source};
		ev v = aggregate_item(&q, n, i);
		x->nomem |= q.nomem;
		ctx_free(&q);
		rest = cf_interval_add(rest, v.iv);
	}
	if (hit == len)
		return false;
	cf_interval part = cf_interval_sub(t, rest);
	if (expands_span(n)) {
		*out = part;
		return true;
	}
	return invert(x, n->args[hit], k, part, out);
}

static bool invert_yoy(ev_ctx *x, const cf_node *n, const key *k, cf_interval t,
		       cf_interval *out)
{
	cf_interval factor = cf_interval_add(t, cf_interval_point(1));
	key base = yoy_base_key(n);
	if (key_equal(&base, k)) {
		if (cf_interval_contains(factor, 0))
			return false;
		*out = cf_interval_div(quiet_eval(x, n->args[0]), factor);
		return true;
	}
	ev_ctx q = {.ds = x->ds, .claim_source = x->claim_source};
	ev b = resolve(&q, &base);
	x->nomem |= q.nomem;
	ctx_free(&q);
	*out = cf_interval_mul(b.iv, factor);
	return true;
}

static bool invert_cagr(ev_ctx *x, const cf_node *n, const key *k,
			cf_interval t, cf_interval *out)
{
	double years =
	    cf_period_years_between(&n->args[0]->period, &n->args[1]->period);
	cf_interval f =
	    cf_interval_pow(cf_interval_add(t, cf_interval_point(1)), years);
	if (uses(n->args[0], k)) {
		if (cf_interval_contains(f, 0))
			return false;
		*out = cf_interval_div(quiet_eval(x, n->args[1]), f);
	} else {
		*out = cf_interval_mul(quiet_eval(x, n->args[0]), f);
	}
	return true;
}

/* The values of k for which n can lie in t, the other figures ranging over
 * their intervals.  False when k does not enter n monotonically. */
static bool invert(ev_ctx *x, const cf_node *n, const key *k, cf_interval t,
		   cf_interval *out)
{
	if (n->kind == CF_NODE_REF) {
		*out = t;
		return true;
	}
	if (n->kind == CF_NODE_NEG)
		return invert(x, n->args[0], k, cf_interval_neg(t), out);
	if (n->kind == CF_NODE_SUM)
		return invert_sum(x, n, k, t, out);
	if (n->kind == CF_NODE_YOY)
		return invert_yoy(x, n, k, t, out);
	if (n->kind == CF_NODE_CAGR)
		return invert_cagr(x, n, k, t, out);
	if (n->kind < CF_NODE_ADD || n->kind > CF_NODE_DIV)
		return false; /* min, max, numbers */
	bool left = uses(n->args[0], k) > 0;
	const cf_node *in = n->args[left ? 0 : 1];
	cf_interval o = quiet_eval(x, n->args[left ? 1 : 0]);
	cf_interval s;
	switch (n->kind) {
	case CF_NODE_ADD:
		s = cf_interval_sub(t, o);
		break;
	case CF_NODE_SUB:
		s = left ? cf_interval_add(t, o) : cf_interval_sub(o, t);
		break;
	case CF_NODE_MUL:
		if (cf_interval_contains(o, 0))
			return false;
		s = cf_interval_div(t, o);
		break;
	default: /* DIV: a = t * b; b = a / t */
		if (!left && cf_interval_contains(t, 0))
			return false;
		s = left ? cf_interval_mul(t, o) : cf_interval_div(o, t);
		break;
	}
	return invert(x, in, k, s, out);
}

/* ---- verdicts */

static cf_interval widen(cf_interval v, double tol)
{
	if (isfinite(v.lo))
		v.lo -= tol * fabs(v.lo);
	if (isfinite(v.hi))
		v.hi += tol * fabs(v.hi);
	return v;
}

/* The literal number of a stated side: NUMBER or -NUMBER. */
static const cf_node *stated_literal(const cf_node *n, bool *negated)
{
	*negated = false;
	if (n->kind == CF_NODE_NEG && n->args[0]->kind == CF_NODE_NUMBER) {
		*negated = true;
		return n->args[0];
	}
	return n->kind == CF_NODE_NUMBER ? n : NULL;
}

static cf_interval stated_interval(ev_ctx *x, const cf_claim *c, ev *rhs)
{
	bool neg;
	const cf_node *lit = stated_literal(c->rhs, &neg);
	*rhs = eval(x, c->rhs);
	if (lit && c->cmp == CF_CMP_EQ) {
		cf_interval iv;
		if (cf_literal_rounding(lit->text, lit->percent ? 0.01 : 1,
					&iv) == 0)
			return neg ? cf_interval_neg(iv) : iv;
	}
	if (c->cmp == CF_CMP_APPROX)
		return widen(rhs->iv, c->tolerance);
	return rhs->iv;
}

static cf_verdict from_order(int order)
{
	return order > 0   ? CF_VERDICT_CONSISTENT
	       : order < 0 ? CF_VERDICT_INCONSISTENT
			   : CF_VERDICT_UNDETERMINED;
}

static cf_verdict compare(cf_cmp cmp, cf_interval l, cf_interval s)
{
	switch (cmp) {
	case CF_CMP_EQ:
	case CF_CMP_APPROX:
		return cf_interval_meets(l, s) ? CF_VERDICT_CONSISTENT
					       : CF_VERDICT_INCONSISTENT;
	case CF_CMP_LT:
		return from_order(cf_interval_always_less(l, s));
	case CF_CMP_LE:
		return from_order(cf_interval_always_less_equal(l, s));
	case CF_CMP_GT:
		return from_order(cf_interval_always_less(s, l));
	default:
		return from_order(cf_interval_always_less_equal(s, l));
	}
}

/* ---- result */

static char *key_text(const key *k, char *buf, size_t size)
{
	char per[CF_PERIOD_TEXT_MAX];
	cf_period_format(&k->period, per, sizeof per);
	snprintf(buf, size, "%s[%s]%s%s", k->series, per, k->source ? "@" : "",
		 k->source ? k->source : "");
	return buf;
}

/* "missing s[2001, 2002]; missing t[2014]": keys of one series and source
 * grouped, so a span's missing years read as a list. */
static void note_missing_keys(ev_ctx *x, char **notes)
{
	bool *done = calloc(x->nmissing ? x->nmissing : 1, sizeof *done);
	if (!done) {
		x->nomem = true;
		return;
	}
	for (size_t i = 0; i < x->nmissing; i++) {
		if (done[i])
			continue;
		const key *k = &x->miss[i].k;
		char list[512] = "", per[CF_PERIOD_TEXT_MAX];
		size_t len = 0, more = 0;
		for (size_t j = i; j < x->nmissing; j++) {
			const key *o = &x->miss[j].k;
			if (done[j] || strcmp(o->series, k->series) ||
			    !(o->source == k->source ||
			      same_str(o->source, k->source)))
				continue;
			done[j] = true;
			cf_period_format(&o->period, per, sizeof per);
			/* whole periods only, room kept for the count */
			if (more || len + strlen(per) + 2 > sizeof list - 32)
				more++;
			else
				len += (size_t)snprintf(
				    list + len, sizeof list - len, "%s%s",
				    len ? ", " : "", per);
		}
		if (more)
			snprintf(list + len, sizeof list - len, " and %zu more",
				 more);
		add_note(notes, &x->nomem, "missing %s[%s]%s%s", k->series,
			 list, k->source ? "@" : "",
			 k->source ? k->source : "");
	}
	free(done);
}

static int list_missing(ev_ctx *x, cf_result *r)
{
	if (!x->nmissing)
		return 0;
	r->missing = calloc(x->nmissing, sizeof *r->missing);
	if (!r->missing)
		return CF_ENOMEM;
	for (size_t i = 0; i < x->nmissing; i++) {
		char buf[512];
		key_text(&x->miss[i].k, buf, sizeof buf);
		if (!(r->missing[i] = strdup(buf)))
			return CF_ENOMEM;
		r->nmissing++;
	}
	return 0;
}

/* The claim's one missing figure solved from the equation. */
static void find_implied(ev_ctx *x, const cf_claim *c, ev lhs,
			 cf_interval stated, cf_result *r)
{
	if ((c->cmp != CF_CMP_EQ && c->cmp != CF_CMP_APPROX) ||
	    x->nmissing != 1 || x->miss[0].count != 1 || x->conflict)
		return;
	const key *k = &x->miss[0].k;
	cf_interval t, v;
	const cf_node *side = c->lhs;
	if (uses(c->lhs, k)) {
		t = stated;
	} else {
		side = c->rhs;
		/* lhs ∈ rhs ± tol  ⇔  rhs ∈ lhs / (1 ± tol), for positives */
		t = lhs.iv;
		if (c->cmp == CF_CMP_APPROX)
			t = t.lo > 0
				? cf_interval_closed(t.lo / (1 + c->tolerance),
						     t.hi / (1 - c->tolerance))
				: widen(t, c->tolerance / (1 - c->tolerance));
	}
	if (!invert(x, side, k, t, &v) || cf_interval_is_empty(v))
		return;
	int unit = series_unit(x->ds, k->series);
	if (unit < 0) {
		unit = r->nfigures ? (int)r->figures[0]->unit : CF_UNIT_RATIO;
		if (unit == CF_UNIT_PERCENT)
			unit = CF_UNIT_RATIO; /* a level, not a share */
	}
	char text[256], name[256];
	add_note(
	    &x->notes, &x->nomem, "implies %s ∈ %s",
	    key_text(&(key){k->series, k->period, NULL}, name, sizeof name),
	    cf_interval_text(v, (cf_unit)unit, 6, text, sizeof text));
	if (unit == CF_UNIT_PERCENT)
		v.lo *= 100, v.hi *= 100;
	r->has_implied = true;
	r->implied = v;
	r->implied_unit = (cf_unit)unit;
	r->implied_period = k->period;
	if (!(r->implied_series = strdup(k->series)))
		x->nomem = true;
}

static char *dup_or_null(const char *s, bool *nomem)
{
	if (!s)
		return NULL;
	char *d = strdup(s);
	if (!d)
		*nomem = true;
	return d;
}

static void judge(ev_ctx *x, const cf_claim *c, ev lhs, cf_result *r)
{
	if (x->nmissing || x->conflict) {
		r->verdict = CF_VERDICT_UNVERIFIABLE;
		return;
	}
	r->verdict = compare(c->cmp, r->computed, r->stated);
	r->deviation = cf_deviation(r->computed, r->stated);
	if (x->div_zero && r->verdict == CF_VERDICT_CONSISTENT) {
		r->verdict = CF_VERDICT_UNDETERMINED;
		add_note(&x->notes, &x->nomem,
			 "divides by an interval containing 0");
	}
	if (c->cmp == CF_CMP_EQ && r->verdict == CF_VERDICT_CONSISTENT &&
	    !x->bound && isfinite(lhs.w) &&
	    !cf_interval_contains(r->stated, lhs.w)) {
		char w[64];
		r->within_rounding = true;
		add_note(&x->notes, &x->nomem, "as written: %s",
			 cf_value_text(lhs.w, r->unit, w, sizeof w));
	}
	if (r->verdict == CF_VERDICT_CONSISTENT &&
	    cf_result_is_weak(c->cmp, r->computed, r->stated)) {
		char range[128];
		r->weak = true;
		add_note(&x->notes, &x->nomem,
			 "weak: the figures allow anything in %s",
			 cf_interval_text(r->computed, r->unit, 4, range,
					  sizeof range));
	}
}

bool cf_result_is_weak(cf_cmp cmp, cf_interval computed, cf_interval stated)
{
	if (cmp != CF_CMP_EQ && cmp != CF_CMP_APPROX)
		return false;
	if (!cf_interval_is_bounded(computed))
		return true;
	double wc = computed.hi - computed.lo, ws = stated.hi - stated.lo;
	return wc > 10 * ws;
}

int cf_claim_evaluate(const cf_dataset *ds, const cf_claim *c,
		      const char *source, const char *quote, cf_result *out,
		      cf_error *err)
{
	memset(out, 0, sizeof *out);
	out->kind = "claim";
	out->deviation = NAN;
	out->implied = cf_interval_empty();
	ev_ctx x = {.ds = ds, .claim_source = source, .r = out};
	out->id = dup_or_null(c->id, &x.nomem);
	out->text = dup_or_null(c->text, &x.nomem);
	out->source = dup_or_null(source, &x.nomem);
	out->quote = dup_or_null(quote, &x.nomem);
	ev lhs = eval(&x, c->lhs), rhs;
	out->computed = lhs.iv;
	out->stated = stated_interval(&x, c, &rhs);
	int unit = infer_unit(ds, c->lhs);
	if (unit < 0)
		unit = infer_unit(ds, c->rhs);
	out->unit = unit < 0 ? CF_UNIT_RATIO : (cf_unit)unit;
	judge(&x, c, lhs, out);
	char *notes = NULL;
	note_missing_keys(&x, &notes);
	find_implied(&x, c, lhs, out->stated, out);
	if (x.notes) /* missing first, then the rest */
		add_note(&notes, &x.nomem, "%s", x.notes);
	out->note = notes;
	if (out->verdict == CF_VERDICT_UNVERIFIABLE)
		out->computed = x.conflict || x.nmissing ? cf_interval_empty()
							 : out->computed;
	int rc = list_missing(&x, out);
	ctx_free(&x);
	if (rc < 0 || x.nomem) {
		cf_result_clear(out);
		return cf_error_set(err, CF_ENOMEM, NULL, 0, 0,
				    "out of memory");
	}
	return 0;
}

/* ---- driver */

int cf_claims_check(const cf_dataset *ds, cf_results *out, cf_error *err)
{
	for (size_t i = 0; i < ds->nclaims; i++) {
		const cf_claim_row *row = &ds->claims[i];
		cf_claim *c;
		int rc = cf_claim_parse_row(row, &c, err);
		if (rc < 0)
			return rc;
		cf_result *r = cf_results_push(out);
		if (!r) {
			cf_claim_free(c);
			return cf_error_set(err, CF_ENOMEM, NULL, 0, 0,
					    "out of memory");
		}
		rc = cf_claim_evaluate(ds, c, row->source, row->quote, r, err);
		cf_claim_free(c);
		if (rc < 0) {
			out->n--;
			return rc;
		}
	}
	return 0;
}
