/** libFuzzer driver for the SVG charts (charts/chart.c): not a parser, but
 *  every text it draws comes from elsewhere (organisations' and registers'
 *  names, catalogs). The input is split into a title, a unit, two series'
 *  names, x labels and values (8 bytes each, any double: NaN, infinities,
 *  negatives). Whatever they are, every '<' of the output opens or closes
 *  one of the chart's own elements, and every coordinate is a plain number. */

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "charts/chart.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NPOINTS 6

/* The next text of the input: up to a NUL byte or its end. */
static const char *next_text(const uint8_t **p, const uint8_t *end, char *out, size_t outlen)
{
	size_t n = 0;
	while (*p < end && **p != 0 && n + 1 < outlen)
		out[n++] = (char)*(*p)++;
	if (*p < end)
		(*p)++;
	out[n] = '\0';
	return out;
}

static const char *const tags[] = {"<svg", "</", "<title", "<desc", "<g ", "<line", "<text", "<polyline",
				   "<circle", "<rect", "<polygon"};

/* Every geometric attribute's value is digits, '.', '-', ',' and spaces
 * (never "nan" or "inf"). Texts may hold anything: they are escaped, so
 * no '"' of theirs ends up here. */
static bool coordinates_plain(const char *svg)
{
	static const char *const names[] = {" x=\"", " y=\"", " x1=\"", " y1=\"", " x2=\"", " y2=\"", " cx=\"",
					    " cy=\"", " width=\"", " height=\"", " points=\""};
	for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++)
		for (const char *a = strstr(svg, names[k]); a != NULL; a = strstr(a + 1, names[k]))
			for (const char *v = a + strlen(names[k]); *v != '"'; v++)
				if (*v == '\0' || strchr("0123456789.-, ", *v) == NULL)
					return false;
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data, *end = data + size;
	char title[64], unit[16], name_a[32], name_b[32], labels[NPOINTS][12];
	const char *xl[NPOINTS];
	next_text(&p, end, title, sizeof(title));
	next_text(&p, end, unit, sizeof(unit));
	next_text(&p, end, name_a, sizeof(name_a));
	next_text(&p, end, name_b, sizeof(name_b));
	for (int i = 0; i < NPOINTS; i++)
		xl[i] = next_text(&p, end, labels[i], sizeof(labels[i]));
	double a[NPOINTS], b[NPOINTS];
	for (int i = 0; i < NPOINTS; i++) {
		a[i] = b[i] = NAN;
		if (end - p >= 8) {
			memcpy(&a[i], p, 8);
			p += 8;
		}
		if (end - p >= 8) {
			memcpy(&b[i], p, 8);
			p += 8;
		}
	}
	const struct gx_chart_series series[] = {{name_a, a}, {name_b, b}};
	for (int kind = 0; kind < 2; kind++) {
		struct gx_chart c = {.kind = kind == 0 ? GX_CHART_LINES : GX_CHART_BARS, .id = "fuzz", .title = title,
				     .desc = unit, .npoints = NPOINTS, .x_labels = xl, .nseries = 2, .series = series,
				     .unit = unit};
		struct gx_buf out = GX_BUF_INIT;
		if (gx_chart_svg(&c, &out) != 0 || out.failed)
			abort();
		const char *svg = gx_buf_cstr(&out);
		for (const char *t = strchr(svg, '<'); t != NULL; t = strchr(t + 1, '<')) {
			bool known = false;
			for (size_t k = 0; k < sizeof(tags) / sizeof(tags[0]) && !known; k++)
				known = strncmp(t, tags[k], strlen(tags[k])) == 0;
			if (!known)
				abort();
		}
		if (!coordinates_plain(svg)) {
			fprintf(stderr, "%s\n", svg);
			abort();
		}
		gx_buf_free(&out);
	}
	return 0;
}
