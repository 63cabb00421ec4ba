/* The platform operators' dashboard (dashboard.h): the sampler's rows read
 * in one read transaction (core/dashboard.h), drawn as SVG (charts/) with
 * their figures as tables, and what this guichetd sees now (core/ops.h). */

#include "operator/pages/dashboard.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "charts/chart.h"
#include "core/dashboard.h"
#include "core/ops.h"
#include "core/sampler.h"
#include "forms/labels.h"
#include "http/query.h"
#include "http/request.h"
#include "http/server.h"
#include "i18n/i18n.h"
#include "operator/window.h"
#include "site/page.h"
#include "site/site.h"
#include "util/clock.h"

#define MAX_POINTS GX_OP_WINDOW_POINTS_MAX   /* the most buckets a chart has */

enum naming { BY_ORG, BY_REGISTER, BY_KEY };

/* A chart: where its figures come from and how they read. */
struct chart_spec {
	const char *id;
	const char *heading_key;
	enum gx_chart_kind kind;
	const char *unit_key;     /* NULL: none */
	int decimals;             /* in the table */
	double y_at_least;
	enum naming naming;
	const char *key_names[3]; /* BY_KEY: the catalog keys naming the lines, in order */
};

enum { SUB_HOUR, SUB_DAY, P50, P99, ERRORS, AVAILABILITY, BATCHES, QUEUE, OUTBOX, TLOG_SIZE, COSIGN_AGE, DISK, NCHARTS };

static const struct chart_spec specs[NCHARTS] = {
	[SUB_HOUR] = {"submissions-hour", "op.sub_hour", GX_CHART_BARS, NULL, 0, 1, BY_ORG, {NULL}},
	[SUB_DAY] = {"submissions-day", "op.sub_day", GX_CHART_BARS, NULL, 0, 1, BY_ORG, {NULL}},
	[P50] = {"prefill-p50", "op.p50", GX_CHART_LINES, "op.unit_ms", 1, 1, BY_REGISTER, {NULL}},
	[P99] = {"prefill-p99", "op.p99", GX_CHART_LINES, "op.unit_ms", 1, 1, BY_REGISTER, {NULL}},
	[ERRORS] = {"prefill-errors", "op.errors", GX_CHART_LINES, "op.unit_pct", 1, 1, BY_REGISTER, {NULL}},
	[AVAILABILITY] = {"availability", "op.availability", GX_CHART_LINES, "op.unit_pct", 1, 100, BY_REGISTER, {NULL}},
	[BATCHES] = {"commit-batches", "op.batches", GX_CHART_LINES, NULL, 1, 1, BY_KEY,
		     {"op.series_batch_mean", "op.series_batch_max"}},
	[QUEUE] = {"commit-queue", "op.queue", GX_CHART_LINES, NULL, 0, 1, BY_KEY, {"op.series_queue_max"}},
	[OUTBOX] = {"outbox", "op.outbox", GX_CHART_LINES, NULL, 0, 1, BY_KEY,
		    {"op.series_outbox_backlog", "op.series_outbox_sent", "op.series_outbox_failures"}},
	[TLOG_SIZE] = {"translog-size", "op.translog_size", GX_CHART_LINES, NULL, 0, 1, BY_KEY, {"op.series_translog_size"}},
	[COSIGN_AGE] = {"cosign-age", "op.cosign_age", GX_CHART_LINES, "op.unit_s", 0, 1, BY_KEY,
			{"op.series_cosign_age"}},
	[DISK] = {"disk", "op.disk", GX_CHART_LINES, "op.unit_mib", 1, 1, BY_KEY, {"op.series_store"}},
};

/* --- the figures, read in one transaction ---------------------------------------------- */

struct figures {
	struct gx_dash_window w[NCHARTS];
	struct gx_dash_table t[NCHARTS];
};

static void figures_clear(struct figures *f)
{
	for (int i = 0; i < NCHARTS; i++)
		gx_dash_table_clear(&f->t[i]);
}

/* Group commit: the mean batch (writes over transactions) and the largest, as two lines. */
static enum gx_db_status read_batches(struct gx_store_conn *db, const struct gx_dash_window *w,
				      struct gx_dash_table *out)
{
	struct gx_dash_table batches = {0}, items = {0}, largest = {0};
	memset(out, 0, sizeof(*out));
	out->npoints = w->npoints;
	enum gx_db_status st;
	if ((st = gx_dash_read(db, GX_SERIES_COMMIT_ITEMS, GX_DASH_SUM, 1, w, &items)) < 0 ||
	    (st = gx_dash_read(db, GX_SERIES_COMMIT_BATCHES, GX_DASH_SUM, 1, w, &batches)) < 0 ||
	    (st = gx_dash_read(db, GX_SERIES_COMMIT_BATCH_MAX, GX_DASH_MAX, 1, w, &largest)) < 0)
		goto done;
	const struct gx_dash_line *b = gx_dash_line(&batches, ""), *i = gx_dash_line(&items, "");
	struct gx_dash_line *m = (struct gx_dash_line *)gx_dash_line(&largest, "");
	if (b == NULL || i == NULL || m == NULL)
		goto done;  /* no sample in the window */
	double *mean = malloc(w->npoints * sizeof(double));
	if (mean == NULL) {
		st = GX_DB_HARD_ERROR;
		goto done;
	}
	for (size_t p = 0; p < w->npoints; p++)
		mean[p] = b->values[p] > 0 ? i->values[p] / b->values[p] : NAN;
	out->lines[0] = (struct gx_dash_line){"mean", mean};
	out->lines[1] = (struct gx_dash_line){"max", m->values};
	m->values = NULL;  /* out's now */
	out->nlines = 2;
done:
	gx_dash_table_clear(&items);
	gx_dash_table_clear(&batches);
	gx_dash_table_clear(&largest);
	return st;
}

/* Series of one line each (label ""), as the lines of one table, in order:
 * a line for each series, all there as soon as one has a value. */
struct one_line {
	const char *series;
	enum gx_dash_agg agg;
};

static enum gx_db_status read_lines(struct gx_store_conn *db, const struct gx_dash_window *w,
				    const struct one_line *lines, size_t n, struct gx_dash_table *out)
{
	memset(out, 0, sizeof(*out));
	out->npoints = w->npoints;
	bool any = false;
	for (size_t k = 0; k < n; k++) {
		struct gx_dash_table t;
		enum gx_db_status st = gx_dash_read(db, lines[k].series, lines[k].agg, 1, w, &t);
		if (st < 0) {
			gx_dash_table_clear(out);
			return st;
		}
		struct gx_dash_line *l = (struct gx_dash_line *)gx_dash_line(&t, "");
		double *values = l != NULL ? l->values : malloc(w->npoints * sizeof(double));
		if (l != NULL)
			l->values = NULL;  /* out's now */
		gx_dash_table_clear(&t);
		if (values == NULL) {
			gx_dash_table_clear(out);
			return GX_DB_HARD_ERROR;
		}
		if (l == NULL)  /* no sample: a count is 0, anything else none */
			for (size_t p = 0; p < w->npoints; p++)
				values[p] = lines[k].agg == GX_DASH_SUM ? 0 : NAN;
		any |= l != NULL;
		out->lines[out->nlines] = (struct gx_dash_line){.values = values};
		snprintf(out->lines[out->nlines].label, sizeof(out->lines[0].label), "%zu", k);
		out->nlines++;
	}
	if (!any)
		gx_dash_table_clear(out);  /* nothing in the window: no chart */
	out->npoints = w->npoints;
	return GX_DB_ONE_RESULT;
}

static enum gx_db_status read_figures(struct gx_store_conn *db, void *arg)
{
	struct figures *f = arg;
	figures_clear(f);  /* the runner may run this again */
	struct {
		int chart;
		const char *series;
		enum gx_dash_agg agg;
		double scale;
	} reads[] = {
		{SUB_HOUR, GX_SERIES_SUBMISSIONS, GX_DASH_SUM, 1},
		{SUB_DAY, GX_SERIES_SUBMISSIONS, GX_DASH_SUM, 1},
		{P50, GX_SERIES_PREFILL_P50, GX_DASH_MAX, 0.001},
		{P99, GX_SERIES_PREFILL_P99, GX_DASH_MAX, 0.001},
		{AVAILABILITY, GX_SERIES_REGISTER_UP, GX_DASH_MEAN, 100},
		{QUEUE, GX_SERIES_COMMIT_QUEUE_MAX, GX_DASH_MAX, 1},
		{TLOG_SIZE, GX_SERIES_TRANSLOG_SIZE, GX_DASH_MAX, 1},
		{COSIGN_AGE, GX_SERIES_TRANSLOG_COSIGN_AGE, GX_DASH_MAX, 1},
		{DISK, GX_SERIES_STORE_BYTES, GX_DASH_MAX, 1.0 / (1024 * 1024)},
	};
	enum gx_db_status st;
	for (size_t k = 0; k < sizeof(reads) / sizeof(reads[0]); k++) {
		int c = reads[k].chart;
		if ((st = gx_dash_read(db, reads[k].series, reads[k].agg, reads[k].scale, &f->w[c], &f->t[c])) < 0)
			goto fail;
	}
	if ((st = gx_dash_read_ratio(db, GX_SERIES_PREFILL_ERRORS, GX_SERIES_PREFILL_CALLS, &f->w[ERRORS],
				     &f->t[ERRORS])) < 0 ||
	    (st = read_batches(db, &f->w[BATCHES], &f->t[BATCHES])) < 0)
		goto fail;
	static const struct one_line outbox[] = {{GX_SERIES_OUTBOX_BACKLOG, GX_DASH_MAX},
						 {GX_SERIES_OUTBOX_SENT, GX_DASH_SUM},
						 {GX_SERIES_OUTBOX_FAILURES, GX_DASH_SUM}};
	if ((st = read_lines(db, &f->w[OUTBOX], outbox, 3, &f->t[OUTBOX])) < 0)
		goto fail;
	return GX_DB_ONE_RESULT;
fail:
	figures_clear(f);
	return st;
}

/* --- charts and tables --------------------------------------------------------------------- */

static const char *text(enum gx_lang lang, const char *key)
{
	const char *t = gx_i18n_get(gx_site.i18n, lang, key);
	return t != NULL ? t : key;
}

static const char *line_name(const struct chart_spec *s, size_t i, const char *label, enum gx_lang lang)
{
	switch (s->naming) {
	case BY_ORG:
		return gx_proc_organisation_title(label, lang);
	case BY_REGISTER:
		return gx_register_title(label, lang);
	case BY_KEY:
		return text(lang, s->key_names[i < 3 && s->key_names[i] != NULL ? i : 0]);
	}
	return label;
}

static void time_text(long long at_s, const char *format, char *out, size_t size)
{
	time_t t = (time_t)at_s;
	struct tm tm;
	gmtime_r(&t, &tm);
	if (strftime(out, size, format, &tm) == 0 && size > 0)
		out[0] = '\0';
}

static json_t *table_rows(const struct gx_dash_table *t, const struct gx_dash_window *w, int decimals)
{
	json_t *rows = json_array();
	for (size_t p = 0; p < t->npoints; p++) {
		char when[32];
		time_text(w->from_s + w->bucket_s * (long long)p, "%Y-%m-%d %H:%M", when, sizeof(when));
		json_t *cells = json_array();
		for (size_t i = 0; i < t->nlines; i++) {
			char v[32];
			double x = t->lines[i].values[p];
			if (isnan(x))
				snprintf(v, sizeof(v), "–");
			else
				snprintf(v, sizeof(v), "%.*f", decimals, x);
			json_array_append_new(cells, json_string(v));
		}
		json_array_append_new(rows, json_pack("{s:s, s:o}", "time", when, "cells", cells));
	}
	return rows;
}

/* One chart's template data: its heading, the SVG, its table. */
static json_t *chart_data(const struct chart_spec *s, const struct gx_dash_table *t, const struct gx_dash_window *w,
			  const char *x_format, enum gx_lang lang)
{
	json_t *c = json_pack("{s:s, s:s, s:b}", "id", s->id, "heading", text(lang, s->heading_key), "has_data",
			      t->nlines > 0);
	if (c != NULL && t->npoints > MAX_POINTS) {
		json_decref(c);
		return NULL;
	}
	if (c == NULL || t->nlines == 0)
		return c;
	char labels[MAX_POINTS][20];
	const char *xl[MAX_POINTS];
	struct gx_chart_series series[GX_DASH_MAX_LINES];
	json_t *columns = json_array();
	size_t n = t->nlines < GX_CHART_MAX_SERIES ? t->nlines : GX_CHART_MAX_SERIES;
	for (size_t i = 0; i < n; i++) {
		series[i] = (struct gx_chart_series){line_name(s, i, t->lines[i].label, lang), t->lines[i].values};
		json_array_append_new(columns, json_string(series[i].name));
	}
	for (size_t p = 0; p < t->npoints; p++) {
		time_text(w->from_s + w->bucket_s * (long long)p, x_format, labels[p], sizeof(labels[p]));
		xl[p] = labels[p];
	}
	char id[80];
	snprintf(id, sizeof(id), "%s-chart", s->id);
	struct gx_chart chart = {.kind = s->kind, .id = id, .title = text(lang, s->heading_key),
				 .desc = text(lang, s->kind == GX_CHART_BARS ? "op.desc_bars" : "op.desc_lines"),
				 .npoints = t->npoints, .x_labels = xl, .nseries = n, .series = series,
				 .unit = s->unit_key != NULL ? text(lang, s->unit_key) : NULL, .y_at_least = s->y_at_least};
	struct gx_buf svg = GX_BUF_INIT;
	struct gx_dash_table shown = *t;
	shown.nlines = n;
	if (gx_chart_svg(&chart, &svg) != 0 || svg.failed) {
		gx_buf_free(&svg);
		json_decref(columns);
		json_decref(c);
		return NULL;
	}
	json_object_set_new(c, "svg", json_stringn(svg.data, svg.len));
	json_object_set_new(c, "columns", columns);
	json_object_set_new(c, "rows", table_rows(&shown, w, s->decimals));
	gx_buf_free(&svg);
	return c;
}

/* --- now, on this guichetd -------------------------------------------------------------- */

static json_t *now_data(struct gx_req *r, enum gx_lang lang)
{
	struct gx_ops_snapshot s;
	if (gx_ops_snapshot_take(&gx_domain, gx_server_store(gx_req_server(r)), false, &s) != 0)
		return NULL;
	json_t *regs = json_array();
	for (size_t i = 0; i < s.nregisters; i++) {
		int up = s.registers[i].f.up;
		json_array_append_new(
			regs, json_pack("{s:s, s:s, s:s}", "title", gx_register_title(s.registers[i].name, lang), "state",
					text(lang, up > 0 ? "op.register_up" : up == 0 ? "op.register_down"
										 : "op.register_unknown"),
					"tag", up > 0 ? "govuk-tag--green" : up == 0 ? "govuk-tag--red" : "govuk-tag--grey"));
	}
	char queued[24], size[48], now[32], backlog[24], leaves[24], cosigned[40];
	snprintf(queued, sizeof(queued), "%llu", (unsigned long long)s.commit.queued);
	if (s.store_bytes >= 0)
		snprintf(size, sizeof(size), "%.1f %s", (double)s.store_bytes / (1024 * 1024), text(lang, "op.unit_mib"));
	else
		snprintf(size, sizeof(size), "–");
	snprintf(backlog, sizeof(backlog), s.outbox_backlog >= 0 ? "%lld" : "–", s.outbox_backlog);
	snprintf(leaves, sizeof(leaves), s.translog_size >= 0 ? "%lld" : "–", s.translog_size);
	if (s.cosigned_at_us > 0)
		time_text(s.cosigned_at_us / 1000000, "%Y-%m-%d %H:%M:%S", cosigned, sizeof(cosigned));
	else
		snprintf(cosigned, sizeof(cosigned), "%s", text(lang, "op.never"));
	time_text(gx_wall_us() / 1000000, "%Y-%m-%d %H:%M:%S", now, sizeof(now));
	gx_ops_snapshot_clear(&s);
	return json_pack("{s:o, s:s, s:s, s:s, s:s, s:s, s:s}", "registers", regs, "queued", queued, "store_size", size,
			 "now", now, "outbox_backlog", backlog, "translog_size", leaves, "cosigned", cosigned);
}

/* --- the page -------------------------------------------------------------------------------- */

enum gx_outcome gx_dashboard_page(struct gx_req *r)
{
	size_t qlen;
	const char *q = gx_query_of(r->h2o->path.base, r->h2o->path.len, &qlen);
	int wi = gx_op_window_parse(q, qlen);
	if (wi < 0)
		return gx_reply_problem(r, GX_ERR_BAD_PARAMETER, "window", "expected 1h, 48h or 30d");
	const struct gx_op_window *win = &gx_op_windows[wi];
	long long now_s = gx_wall_us() / 1000000;

	struct figures f = {0};
	f.w[SUB_HOUR] = gx_dash_window_ending(now_s, 3600, 48);
	f.w[SUB_DAY] = gx_dash_window_ending(now_s, 86400, 30);
	for (int c = P50; c < NCHARTS; c++)
		f.w[c] = gx_dash_window_ending(now_s, win->bucket_s, win->npoints);
	enum gx_db_status st = gx_store_run_tx(gx_req_store(r), false, read_figures, &f);
	if (st < 0)
		return gx_reply_problem(r, GX_ERR_UNAVAILABLE, NULL, "the dashboard's figures cannot be read right now");

	enum gx_lang lang = gx_req_lang(r);
	json_t *data = now_data(r, lang);
	json_t *by_time = json_array(), *over = json_array(), *links = json_array();
	bool ok = data != NULL && by_time != NULL && over != NULL && links != NULL;
	for (int c = 0; ok && c < NCHARTS; c++) {
		const char *x_format = c == SUB_HOUR  ? gx_op_windows[1].x_format
				       : c == SUB_DAY ? gx_op_windows[2].x_format
						      : win->x_format;
		json_t *chart = chart_data(&specs[c], &f.t[c], &f.w[c], x_format, lang);
		ok = chart != NULL && json_array_append_new(c <= SUB_DAY ? by_time : over, chart) == 0;
	}
	for (int i = 0; ok && i < GX_OP_WINDOWS; i++) {
		char href[40];
		snprintf(href, sizeof(href), "/operator?window=%s", gx_op_windows[i].name);
		json_array_append_new(links, json_pack("{s:s, s:s, s:b}", "href", href, "label",
						       text(lang, gx_op_windows[i].label_key), "current", i == wi));
	}
	figures_clear(&f);
	if (!ok) {
		json_decref(data);
		json_decref(by_time);
		json_decref(over);
		json_decref(links);
		return GX_SERVER_FAULT;
	}
	json_object_set_new(data, "submission_charts", by_time);
	json_object_set_new(data, "window_charts", over);
	json_object_set_new(data, "windows", links);
	return gx_page_reply_owned(r, 200, "operator", "op.title", data);
}
