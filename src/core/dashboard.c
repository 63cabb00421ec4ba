/* The dashboard's figures over time (dashboard.h). */

#include "core/dashboard.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/operators.h"

/* Points of a line at most (a window's buckets). */
#define MAX_BUCKETS_PER_LINE 2000

struct gx_dash_window gx_dash_window_ending(long long now_s, long long bucket_s, size_t npoints)
{
	long long last = now_s - now_s % bucket_s;
	return (struct gx_dash_window){last - bucket_s * (long long)(npoints - 1), bucket_s, npoints};
}

void gx_dash_table_clear(struct gx_dash_table *t)
{
	for (size_t i = 0; i < t->nlines; i++)
		free(t->lines[i].values);
	memset(t, 0, sizeof(*t));
}

const struct gx_dash_line *gx_dash_line(const struct gx_dash_table *t, const char *label)
{
	for (size_t i = 0; i < t->nlines; i++)
		if (strcmp(t->lines[i].label, label) == 0)
			return &t->lines[i];
	return NULL;
}

/* The line of label, made (its values all fill) when new; NULL when the
 * table is full or out of memory. */
static struct gx_dash_line *line_for(struct gx_dash_table *t, const char *label, double fill)
{
	for (size_t i = 0; i < t->nlines; i++)
		if (strcmp(t->lines[i].label, label) == 0)
			return &t->lines[i];
	if (t->nlines == GX_DASH_MAX_LINES) {
		t->more = true;
		return NULL;
	}
	struct gx_dash_line *l = &t->lines[t->nlines];
	l->values = malloc(t->npoints * sizeof(double));
	if (l->values == NULL)
		return NULL;
	snprintf(l->label, sizeof(l->label), "%s", label);
	for (size_t i = 0; i < t->npoints; i++)
		l->values[i] = fill;
	t->nlines++;
	return l;
}

/* The buckets of series over w, every one (the store's limit is one more
 * than the most the window can hold); *out malloc'ed. */
static enum gx_db_status buckets(struct gx_store_conn *db, const char *series, const struct gx_dash_window *w,
				 struct gx_sample_bucket **out, size_t *n, bool *more)
{
	size_t max = w->npoints * GX_DASH_MAX_LINES;
	*out = malloc((max + 1) * sizeof(**out));
	if (*out == NULL)
		return GX_DB_HARD_ERROR;
	/* Hours and days from the hourly rollups: a sixtieth of the rows. */
	bool hourly = w->bucket_s % 3600 == 0 && w->from_s % 3600 == 0;
	struct gx_sample_query q = {series, w->from_s, w->from_s + w->bucket_s * (long long)w->npoints, w->bucket_s,
				    hourly};
	enum gx_db_status st = gx_store_samples_read(db, &q, *out, max, n, more);
	if (st < 0) {
		free(*out);
		*out = NULL;
	}
	return st;
}

static long point_of(const struct gx_dash_window *w, long long at_s)
{
	long long i = (at_s - w->from_s) / w->bucket_s;
	return i >= 0 && (size_t)i < w->npoints ? (long)i : -1;
}

enum gx_db_status gx_dash_read(struct gx_store_conn *db, const char *series, enum gx_dash_agg agg, double scale,
			       const struct gx_dash_window *w, struct gx_dash_table *out)
{
	memset(out, 0, sizeof(*out));
	out->npoints = w->npoints;
	if (w->npoints == 0 || w->npoints > MAX_BUCKETS_PER_LINE || w->bucket_s <= 0)
		return GX_DB_HARD_ERROR;
	struct gx_sample_bucket *b;
	size_t n;
	bool more;
	enum gx_db_status st = buckets(db, series, w, &b, &n, &more);
	if (st < 0)
		return st;
	out->more = more;
	for (size_t i = 0; i < n; i++) {
		long p = point_of(w, b[i].at_s);
		if (p < 0)
			continue;
		struct gx_dash_line *l = line_for(out, b[i].label, agg == GX_DASH_SUM ? 0 : NAN);
		if (l == NULL && out->nlines < GX_DASH_MAX_LINES) {
			free(b);
			gx_dash_table_clear(out);
			return GX_DB_HARD_ERROR;  /* out of memory */
		}
		if (l == NULL)
			continue;
		double v = agg == GX_DASH_SUM	? (double)b[i].sum
			   : agg == GX_DASH_MAX ? (double)b[i].max
						: (double)b[i].sum / (double)(b[i].count > 0 ? b[i].count : 1);
		l->values[p] = v * scale;
	}
	free(b);
	return st;
}

enum gx_db_status gx_dash_read_ratio(struct gx_store_conn *db, const char *numerator, const char *denominator,
				     const struct gx_dash_window *w, struct gx_dash_table *out)
{
	struct gx_dash_table num;
	enum gx_db_status st = gx_dash_read(db, denominator, GX_DASH_SUM, 1, w, out);
	if (st < 0)
		return st;
	st = gx_dash_read(db, numerator, GX_DASH_SUM, 1, w, &num);
	if (st < 0) {
		gx_dash_table_clear(out);
		return st;
	}
	for (size_t i = 0; i < out->nlines; i++) {
		struct gx_dash_line *l = &out->lines[i];
		const struct gx_dash_line *k = gx_dash_line(&num, l->label);
		for (size_t p = 0; p < w->npoints; p++)
			l->values[p] = l->values[p] > 0 ? 100 * (k != NULL ? k->values[p] : 0) / l->values[p] : NAN;
	}
	gx_dash_table_clear(&num);
	return st;
}
