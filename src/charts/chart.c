/* Charts as SVG text (chart.h). Coordinates are written with one decimal,
 * so the same chart gives the same bytes (the golden tests rely on it). */

#include "charts/chart.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Okabe and Ito's colours, which stay apart for the colour-blind, then a
 * dash pattern each: series 0..7 solid, 8..15 dashed, and so on. */
static const char *const colours[] = {"#0072b2", "#d55e00", "#009e73", "#cc79a7",
				      "#e69f00", "#56b4e9", "#6a3d9a", "#8c564b"};
static const char *const dashes[] = {NULL, "6 3", "2 2", "8 3 2 3"};
#define NCOLOURS (sizeof(colours) / sizeof(colours[0]))
#define NDASHES (sizeof(dashes) / sizeof(dashes[0]))

#define TEXT_COLOUR "#0b0c0c"
#define GRID_COLOUR "#b1b4b6"
#define LEFT 64.0      /* room for the y labels */
#define RIGHT 24.0
#define TOP 10.0
#define BOTTOM 24.0    /* room for the x labels */
#define LEGEND_ROW 20.0
#define MAX_X_LABELS 5

void gx_chart_escape(struct gx_buf *out, const char *s)
{
	for (const char *p = s; p != NULL && *p != '\0'; p++) {
		switch (*p) {
		case '&': gx_buf_append_str(out, "&amp;"); break;
		case '<': gx_buf_append_str(out, "&lt;"); break;
		case '>': gx_buf_append_str(out, "&gt;"); break;
		case '"': gx_buf_append_str(out, "&quot;"); break;
		case '\'': gx_buf_append_str(out, "&#39;"); break;
		default: gx_buf_append_char(out, *p); break;
		}
	}
}

double gx_chart_step(double max, double *top)
{
	/* Nothing, or next to nothing (a denormal's fifth is 0, and its
	 * logarithm -inf): an axis to 1. */
	if (!(max >= 1e-9) || !isfinite(max))
		max = 1;
	double raw = max / 5, pow10 = pow(10, floor(log10(raw))), step = 10 * pow10;
	static const double nice[] = {1, 2, 5};
	for (size_t i = 0; i < 3; i++) {
		if (nice[i] * pow10 >= raw * (1 - 1e-9)) {
			step = nice[i] * pow10;
			break;
		}
	}
	double steps = ceil(max / step - 1e-9);
	*top = (steps < 1 ? 1 : steps) * step;
	return step;
}

void gx_chart_number(double v, char *out, size_t size)
{
	snprintf(out, size, "%.2f", fabs(v) < 0.005 ? 0.0 : v);
	char *dot = strchr(out, '.');
	if (dot == NULL)
		return;
	char *end = out + strlen(out) - 1;
	while (end > dot && *end == '0')
		*end-- = '\0';
	if (end == dot)
		*end = '\0';
}

static bool id_ok(const char *id)
{
	if (id == NULL || id[0] == '\0' || strlen(id) > 64)
		return false;
	for (const char *p = id; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-' ||
		      *p == '_'))
			return false;
	return true;
}

/* The stroke of series i: its colour and, past the colours, a dash pattern. */
static void stroke(struct gx_buf *out, size_t i)
{
	gx_buf_appendf(out, " stroke=\"%s\"", colours[i % NCOLOURS]);
	const char *d = dashes[(i / NCOLOURS) % NDASHES];
	if (d != NULL)
		gx_buf_appendf(out, " stroke-dasharray=\"%s\"", d);
}

/* Series s's mark at (x, y): a circle, square, triangle or diamond (told
 * apart without their colour, and where two points fall on each other). */
static void marker(struct gx_buf *out, size_t s, double x, double y)
{
	const char *fill = colours[s % NCOLOURS];
	switch (s % 4) {
	case 0:
		gx_buf_appendf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"/>", x, y, fill);
		break;
	case 1:
		gx_buf_appendf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"7\" height=\"7\" fill=\"%s\"/>", x - 3.5,
			       y - 3.5, fill);
		break;
	case 2:
		gx_buf_appendf(out, "<polygon points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f\" fill=\"%s\"/>", x, y - 5, x + 5,
			       y + 4, x - 5, y + 4, fill);
		break;
	default:
		gx_buf_appendf(out, "<polygon points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f\" fill=\"%s\"/>", x,
			       y - 5, x + 5, y, x, y + 5, x - 5, y, fill);
		break;
	}
}

struct frame {
	double w, h;          /* the plot with its axes */
	double pw, ph;        /* the plot area */
	double top;           /* the y axis's top value */
	double step;          /* between its gridlines */
	double slot;          /* the width given to each point */
};

/* Series s's value at point i as drawn: NAN (none) when it is not a finite
 * number, 0 when below 0 (the axis starts there), at most VALUE_MAX. */
#define VALUE_MAX 1e15
static double value_at(const struct gx_chart *c, size_t s, size_t i)
{
	double v = c->series[s].values[i];
	if (!isfinite(v))
		return NAN;
	return v < 0 ? 0 : v > VALUE_MAX ? VALUE_MAX : v;
}

static double x_of(const struct frame *f, size_t i)
{
	return LEFT + f->slot * ((double)i + 0.5);
}

static double y_of(const struct frame *f, double v)
{
	return TOP + f->ph - f->ph * (v / f->top);
}

/* The largest value drawn: a point's value (lines), or its stack (bars). */
static double data_max(const struct gx_chart *c)
{
	double max = 0;
	for (size_t i = 0; i < c->npoints; i++) {
		double stack = 0;
		for (size_t s = 0; s < c->nseries; s++) {
			double v = value_at(c, s, i);
			if (isnan(v) || v <= 0)
				continue;
			if (c->kind == GX_CHART_BARS)
				stack += v;
			else if (v > max)
				max = v;
		}
		if (stack > max)
			max = stack;
	}
	return max;
}

static void axes(const struct gx_chart *c, const struct frame *f, struct gx_buf *out)
{
	for (int k = 0; k * f->step <= f->top * (1 + 1e-9); k++) {
		double v = k * f->step;
		double y = y_of(f, v);
		char num[32];
		gx_chart_number(v, num, sizeof(num));
		gx_buf_appendf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>", LEFT, y,
			       LEFT + f->pw, y, v == 0 ? TEXT_COLOUR : GRID_COLOUR);
		gx_buf_appendf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" dominant-baseline=\"middle\">%s",
			       LEFT - 6, y, num);
		if (c->unit != NULL && c->unit[0] != '\0') {
			gx_buf_append_char(out, ' ');
			gx_chart_escape(out, c->unit);
		}
		gx_buf_append_str(out, "</text>");
	}
	if (c->x_labels == NULL)
		return;
	size_t every = (c->npoints + MAX_X_LABELS - 1) / MAX_X_LABELS;
	/* The labels shown end with the last point's (the latest, on a time axis). */
	for (size_t i = (c->npoints - 1) % every; i < c->npoints; i += every) {
		if (c->x_labels[i] == NULL)
			continue;
		/* Kept inside the chart: a label is about 7.5 units a character wide. */
		double half = 3.75 * (double)strlen(c->x_labels[i]), x = x_of(f, i);
		if (x + half > f->w - 2)
			x = f->w - 2 - half;
		gx_buf_appendf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", x, TOP + f->ph + 16);
		gx_chart_escape(out, c->x_labels[i]);
		gx_buf_append_str(out, "</text>");
	}
}

static void lines(const struct gx_chart *c, const struct frame *f, struct gx_buf *out)
{
	for (size_t s = 0; s < c->nseries; s++) {
		for (size_t i = 0; i < c->npoints;) {
			if (isnan(value_at(c, s, i))) {
				i++;
				continue;
			}
			size_t end = i;
			while (end + 1 < c->npoints && !isnan(value_at(c, s, end + 1)))
				end++;
			if (end == i) {
				/* A point alone: its series' mark, or it would not show. */
				marker(out, s, x_of(f, i), y_of(f, value_at(c, s, i)));
			} else {
				gx_buf_append_str(out, "<polyline fill=\"none\" stroke-width=\"2\"");
				stroke(out, s);
				gx_buf_append_str(out, " points=\"");
				for (size_t k = i; k <= end; k++)
					gx_buf_appendf(out, "%s%.1f,%.1f", k > i ? " " : "", x_of(f, k),
						       y_of(f, value_at(c, s, k)));
				gx_buf_append_str(out, "\"/>");
			}
			i = end + 1;
		}
	}
}

static void bars(const struct gx_chart *c, const struct frame *f, struct gx_buf *out)
{
	double bw = f->slot * 0.8;
	for (size_t i = 0; i < c->npoints; i++) {
		double base = 0;
		for (size_t s = 0; s < c->nseries; s++) {
			double v = value_at(c, s, i);
			if (isnan(v) || v <= 0)
				continue;
			double y0 = y_of(f, base), y1 = y_of(f, base + v);
			gx_buf_appendf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>",
				       x_of(f, i) - bw / 2, y1, bw, y0 - y1, colours[s % NCOLOURS]);
			base += v;
		}
	}
}

/* The legend under the plot: as many columns as the longest name allows. */
static double legend_columns(const struct gx_chart *c, double w, double *col_w)
{
	size_t longest = 1;
	for (size_t s = 0; s < c->nseries; s++) {
		size_t n = c->series[s].name != NULL ? strlen(c->series[s].name) : 0;
		if (n > longest)
			longest = n;
	}
	*col_w = 36 + 8.0 * (double)longest;
	double cols = floor((w - LEFT) / *col_w);
	return cols < 1 ? 1 : cols;
}

static void legend(const struct gx_chart *c, const struct frame *f, struct gx_buf *out)
{
	double col_w, cols = legend_columns(c, f->w, &col_w);
	for (size_t s = 0; s < c->nseries; s++) {
		double x = LEFT + col_w * fmod((double)s, cols), y = f->h + 6 + LEGEND_ROW * floor((double)s / cols);
		if (c->kind == GX_CHART_BARS) {
			gx_buf_appendf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"14\" height=\"14\" fill=\"%s\"/>", x, y,
				       colours[s % NCOLOURS]);
		} else {
			gx_buf_appendf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke-width=\"3\"", x,
				       y + 7, x + 20, y + 7);
			stroke(out, s);
			gx_buf_append_str(out, "/>");
			marker(out, s, x + 10, y + 7);
		}
		gx_buf_appendf(out, "<text x=\"%.1f\" y=\"%.1f\" dominant-baseline=\"middle\">", x + (c->kind == GX_CHART_BARS ? 20 : 26), y + 7);
		gx_chart_escape(out, c->series[s].name);
		gx_buf_append_str(out, "</text>");
	}
}

int gx_chart_svg(const struct gx_chart *c, struct gx_buf *out)
{
	if (c->npoints == 0 || c->npoints > GX_CHART_MAX_POINTS || c->nseries > GX_CHART_MAX_SERIES || !id_ok(c->id))
		return -1;
	struct frame f = {.w = c->width > 0 ? c->width : 640, .h = c->height > 0 ? c->height : 220};
	f.pw = f.w - LEFT - RIGHT;
	f.ph = f.h - TOP - BOTTOM;
	f.slot = f.pw / (double)c->npoints;
	double max = data_max(c);
	f.step = gx_chart_step(max > c->y_at_least ? max : c->y_at_least, &f.top);

	double col_w, cols = legend_columns(c, f.w, &col_w);
	double rows = c->nseries > 0 ? ceil((double)c->nseries / cols) : 0;
	double total_h = f.h + (rows > 0 ? 6 + LEGEND_ROW * rows : 0);

	gx_buf_appendf(out,
		       "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"gx-chart\" viewBox=\"0 0 %.0f %.0f\""
		       " role=\"img\" aria-labelledby=\"%s-title %s-desc\">",
		       f.w, total_h, c->id, c->id);
	gx_buf_appendf(out, "<title id=\"%s-title\">", c->id);
	gx_chart_escape(out, c->title);
	gx_buf_appendf(out, "</title><desc id=\"%s-desc\">", c->id);
	gx_chart_escape(out, c->desc);
	gx_buf_appendf(out, "</desc><g font-family=\"Arial, sans-serif\" font-size=\"12\" fill=\"%s\">", TEXT_COLOUR);
	axes(c, &f, out);
	if (c->kind == GX_CHART_BARS)
		bars(c, &f, out);
	else
		lines(c, &f, out);
	legend(c, &f, out);
	gx_buf_append_str(out, "</g></svg>");
	return 0;
}
