#ifndef GX_OPERATOR_WINDOW_H
#define GX_OPERATOR_WINDOW_H

/** The dashboard's periods (?window=1h|48h|30d): their buckets and how a
 *  bucket's time reads. Parsed from a query string (fuzz/dashboard_query.c). */

#include <stddef.h>

struct gx_op_window {
	const char *name;       /* as ?window= says it */
	const char *label_key;  /* its name in the catalogs */
	long long bucket_s;
	size_t npoints;
	const char *x_format;   /* strftime, UTC */
};

#define GX_OP_WINDOWS 3
#define GX_OP_WINDOW_DEFAULT 1   /* 48h */
#define GX_OP_WINDOW_POINTS_MAX 60

extern const struct gx_op_window gx_op_windows[GX_OP_WINDOWS];

/** The window a query string asks for: its index in gx_op_windows, the
 *  default when it names none, or -1 when ?window= is there and is not one
 *  of their names (exactly). Other parameters are ignored. */
int gx_op_window_parse(const char *query, size_t len);

#endif
