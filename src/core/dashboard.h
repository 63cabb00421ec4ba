#ifndef GX_CORE_DASHBOARD_H
#define GX_CORE_DASHBOARD_H

/** The operator dashboard's figures over time (docs/dashboard.md), read
 *  from the sampler's rows: one series over a window of equal buckets, one
 *  line per label (an organisation, a register, or "" for none), every
 *  guichetd instance's rows together. What the page draws and tabulates. */

#include <stdbool.h>
#include <stddef.h>

#include "store/store.h"

/** A window: npoints buckets of bucket_s seconds, the first starting at from_s. */
struct gx_dash_window {
	long long from_s;
	long long bucket_s;
	size_t npoints;
};

/** The window of npoints buckets of bucket_s seconds whose last holds now_s. */
struct gx_dash_window gx_dash_window_ending(long long now_s, long long bucket_s, size_t npoints);

/** How a bucket's rows make its value. */
enum gx_dash_agg {
	GX_DASH_SUM,    /* counts: their sum; a bucket without rows is 0 */
	GX_DASH_MAX,    /* the largest (p99, peaks, sizes); none: no value */
	GX_DASH_MEAN,   /* their mean (availability: the share of probes answered); none: no value */
};

#define GX_DASH_MAX_LINES 64

struct gx_dash_line {
	char label[65];
	double *values;   /* npoints; NAN where there is no value */
};

struct gx_dash_table {
	size_t npoints;
	size_t nlines;
	struct gx_dash_line lines[GX_DASH_MAX_LINES];  /* by label */
	bool more;        /* there were more labels than lines: the last ones are left out */
};

/** Reads series over w into out, each value times scale (1: as stored;
 *  0.001: µs as ms). Returns the store's status (< 0: failed; out empty). */
enum gx_db_status gx_dash_read(struct gx_store_conn *db, const char *series, enum gx_dash_agg agg, double scale,
			       const struct gx_dash_window *w, struct gx_dash_table *out);

/** Per label, 100 × the sum of numerator's rows over the sum of
 *  denominator's in each bucket (an error rate in %); no value where the
 *  denominator has none. */
enum gx_db_status gx_dash_read_ratio(struct gx_store_conn *db, const char *numerator, const char *denominator,
				     const struct gx_dash_window *w, struct gx_dash_table *out);

void gx_dash_table_clear(struct gx_dash_table *t);

/** The line of label, or NULL. */
const struct gx_dash_line *gx_dash_line(const struct gx_dash_table *t, const char *label);

#endif
