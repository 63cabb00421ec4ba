#ifndef GX_CHARTS_CHART_H
#define GX_CHARTS_CHART_H

/** Charts as SVG text, for pages without JavaScript (the operator
 *  dashboard): lines or stacked bars over a row of points, a y axis from 0
 *  with round steps and labelled gridlines, some x labels, a legend. Every
 *  text is escaped for XML; colours go in presentation attributes (no
 *  style attribute: the pages' CSP forbids inline styles). The SVG has
 *  role="img", a <title> and a <desc> that name it for assistive
 *  technologies; the page gives the figures as a table beside it. */

#include <stddef.h>

#include "util/buf.h"

#define GX_CHART_MAX_SERIES 32
#define GX_CHART_MAX_POINTS 2000

enum gx_chart_kind {
	GX_CHART_LINES,   /* one line per series; a point without a value breaks it */
	GX_CHART_BARS,    /* one bar per point, the series stacked in it */
};

struct gx_chart_series {
	const char *name;      /* in the legend */
	const double *values;  /* npoints values; NAN: none there */
};

struct gx_chart {
	enum gx_chart_kind kind;
	const char *id;               /* unique on the page, [A-Za-z0-9_-]: ids "<id>-title", "<id>-desc" */
	const char *title;            /* the chart's accessible name */
	const char *desc;             /* its accessible description */
	size_t npoints;
	const char *const *x_labels;  /* npoints labels, of which a few are shown; NULL: none */
	size_t nseries;
	const struct gx_chart_series *series;
	const char *unit;             /* after each y label ("ms", "%"); NULL: none */
	double y_at_least;            /* the y axis reaches at least this (e.g. 1: counts) */
	unsigned width, height;       /* of the plot with its axes, in SVG units; 0: 640 × 220 */
};

/** Appends chart c as one <svg> element to out. Returns 0, or -1 when c
 *  cannot be drawn (no point, more than GX_CHART_MAX_POINTS points or
 *  GX_CHART_MAX_SERIES series, an id outside [A-Za-z0-9_-]); out is then
 *  unchanged. */
int gx_chart_svg(const struct gx_chart *c, struct gx_buf *out);

/** The y axis's step for values up to max, in ticks: 1, 2 or 5 times a
 *  power of ten, with at most five steps from 0 to the top (*top). */
double gx_chart_step(double max, double *top);

/** A number as an axis shows it: at most two decimals, none trailing. */
void gx_chart_number(double v, char *out, size_t size);

/** Appends s escaped for XML text and attribute values (& < > " '). */
void gx_chart_escape(struct gx_buf *out, const char *s);

#endif
