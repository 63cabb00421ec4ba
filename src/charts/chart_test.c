/* Charts as SVG: golden output for tiny series (lines, stacked bars), the
 * y axis's round steps, numbers, escaping of every text, refusals. The
 * golden files are the .svg files of tests/fixtures/charts; when the drawing changes on
 * purpose, write them again with GX_CHART_GOLDEN_WRITE=1 and look at them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "charts/chart.h"

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	static char text[1 << 16];
	size_t n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = '\0';
	return text;
}

static void golden(const struct gx_chart *c, const char *path)
{
	struct gx_buf out = GX_BUF_INIT;
	assert_int_equal(gx_chart_svg(c, &out), 0);
	assert_false(out.failed);
	const char *got = gx_buf_cstr(&out);
	const char *w = getenv("GX_CHART_GOLDEN_WRITE");
	if (w != NULL && strcmp(w, "1") == 0) {
		FILE *f = fopen(path, "wb");
		assert_non_null(f);
		fputs(got, f);
		fputc('\n', f);
		fclose(f);
	}
	char *want = slurp(path);
	if (want == NULL)
		fail_msg("%s is missing", path);
	size_t n = strlen(want);
	if (n > 0 && want[n - 1] == '\n')
		want[n - 1] = '\0';
	if (strcmp(got, want) != 0)
		fail_msg("%s differs; got:\n%s", path, got);
	gx_buf_free(&out);
}

static const char *const hours[] = {"10:00", "11:00", "12:00"};

static void test_lines_golden(void **state)
{
	(void)state;
	/* Two registers' p99 in ms; vehicles has no value at 11:00 (a break,
	 * then a point alone: a dot). */
	const double persons[] = {1.5, 4.0, 2.25}, vehicles[] = {3.0, NAN, 7.5};
	const struct gx_chart_series series[] = {{"persons", persons}, {"vehicles", vehicles}};
	struct gx_chart c = {.kind = GX_CHART_LINES, .id = "p99", .title = "Prefill p99", .desc = "By register",
			     .npoints = 3, .x_labels = hours, .nseries = 2, .series = series, .unit = "ms",
			     .width = 320, .height = 160};
	golden(&c, "tests/fixtures/charts/lines.svg");
}

static void test_bars_golden(void **state)
{
	(void)state;
	/* Submissions per hour of two organisations, stacked. */
	const double snca[] = {2, 0, 5}, cns[] = {1, 3, NAN};
	const struct gx_chart_series series[] = {{"snca", snca}, {"cns", cns}};
	struct gx_chart c = {.kind = GX_CHART_BARS, .id = "sub-h", .title = "Submissions per hour", .desc = "Last hours",
			     .npoints = 3, .x_labels = hours, .nseries = 2, .series = series, .y_at_least = 1,
			     .width = 320, .height = 160};
	golden(&c, "tests/fixtures/charts/bars.svg");
}

static void test_steps(void **state)
{
	(void)state;
	double top;
	assert_true(fabs(gx_chart_step(0, &top) - 0.2) < 1e-12);   /* nothing: an axis to 1 */
	assert_true(fabs(top - 1) < 1e-12);
	assert_true(fabs(gx_chart_step(7.5, &top) - 2) < 1e-12);
	assert_true(fabs(top - 8) < 1e-12);
	assert_true(fabs(gx_chart_step(100, &top) - 20) < 1e-12);
	assert_true(fabs(top - 100) < 1e-12);
	assert_true(fabs(gx_chart_step(101, &top) - 50) < 1e-12);
	assert_true(fabs(top - 150) < 1e-12);
	assert_true(fabs(gx_chart_step(0.03, &top) - 0.01) < 1e-12);
	assert_true(fabs(top - 0.03) < 1e-12);
	assert_true(fabs(gx_chart_step(NAN, &top) - 0.2) < 1e-12);
	assert_true(fabs(gx_chart_step(4.9e-324, &top) - 0.2) < 1e-12);  /* a denormal (found by fuzz/chart_svg) */
	assert_true(fabs(top - 1) < 1e-12);
	/* Never more than five steps to the top, never below the data. */
	for (double m = 0.01; m < 1e7; m *= 1.37) {
		double step = gx_chart_step(m, &top);
		assert_true(top >= m * (1 - 1e-9));
		assert_true(top / step <= 5 + 1e-9);
	}
}

static void test_numbers(void **state)
{
	(void)state;
	char s[32];
	gx_chart_number(0, s, sizeof(s));
	assert_string_equal(s, "0");
	gx_chart_number(2.5, s, sizeof(s));
	assert_string_equal(s, "2.5");
	gx_chart_number(0.126, s, sizeof(s));
	assert_string_equal(s, "0.13");
	gx_chart_number(1500, s, sizeof(s));
	assert_string_equal(s, "1500");
	gx_chart_number(-0.001, s, sizeof(s));
	assert_string_equal(s, "0");
}

static void test_escaping(void **state)
{
	(void)state;
	const double v[] = {1, 2};
	const char *const labels[] = {"<b>", "a&b"};
	const struct gx_chart_series series[] = {{"\"x\" & <y> 'z'", v}};
	struct gx_chart c = {.kind = GX_CHART_LINES, .id = "e", .title = "</title><script>alert(1)</script>",
			     .desc = "1 < 2 & 3 > 2", .npoints = 2, .x_labels = labels, .nseries = 1, .series = series,
			     .unit = "<u>"};
	struct gx_buf out = GX_BUF_INIT;
	assert_int_equal(gx_chart_svg(&c, &out), 0);
	const char *svg = gx_buf_cstr(&out);
	assert_null(strstr(svg, "<script"));
	assert_null(strstr(svg, "<b>"));
	assert_null(strstr(svg, "<u>"));
	assert_null(strstr(svg, "<y>"));
	assert_non_null(strstr(svg, "<title id=\"e-title\">&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>"));
	assert_non_null(strstr(svg, "<desc id=\"e-desc\">1 &lt; 2 &amp; 3 &gt; 2</desc>"));
	assert_non_null(strstr(svg, ">&quot;x&quot; &amp; &lt;y&gt; &#39;z&#39;</text>"));
	assert_non_null(strstr(svg, ">&lt;b&gt;</text>"));
	assert_non_null(strstr(svg, ">a&amp;b</text>"));
	assert_non_null(strstr(svg, " &lt;u&gt;</text>"));
	/* Every '<' opens one of the chart's own elements. */
	for (const char *p = strchr(svg, '<'); p != NULL; p = strchr(p + 1, '<'))
		assert_true(strncmp(p, "<svg", 4) == 0 || strncmp(p, "</", 2) == 0 || strncmp(p, "<title", 6) == 0 ||
			    strncmp(p, "<desc", 5) == 0 || strncmp(p, "<g ", 3) == 0 || strncmp(p, "<line", 5) == 0 ||
			    strncmp(p, "<text", 5) == 0 || strncmp(p, "<polyline", 9) == 0 || strncmp(p, "<circle", 7) == 0 ||
			    strncmp(p, "<rect", 5) == 0 || strncmp(p, "<polygon", 8) == 0);
	gx_buf_free(&out);
}

static void test_odd_values(void **state)
{
	(void)state;
	/* Not a number, infinite, below the axis, absurdly large: drawn as none,
	 * none, 0 and capped; every coordinate a plain number. */
	const double a[] = {NAN, INFINITY, -3, 1e300}, b[] = {-INFINITY, 2, 1e300, 1e300};
	const struct gx_chart_series series[] = {{"a", a}, {"b", b}};
	for (int kind = 0; kind < 2; kind++) {
		struct gx_chart c = {.kind = kind == 0 ? GX_CHART_LINES : GX_CHART_BARS, .id = "odd", .title = "t",
				     .desc = "d", .npoints = 4, .nseries = 2, .series = series};
		struct gx_buf out = GX_BUF_INIT;
		assert_int_equal(gx_chart_svg(&c, &out), 0);
		const char *svg = gx_buf_cstr(&out);
		/* "nan" only inside "dominant-baseline"; "inf" nowhere. */
		for (const char *p = strstr(svg, "nan"); p != NULL; p = strstr(p + 1, "nan"))
			assert_true(p - svg >= 4 && strncmp(p - 4, "dominant", 8) == 0);
		assert_null(strstr(svg, "inf"));
		/* No number longer than 20 characters anywhere. */
		size_t run = 0;
		for (const char *p = svg; *p != '\0'; p++) {
			run = (*p >= '0' && *p <= '9') || *p == '.' || *p == '-' ? run + 1 : 0;
			assert_true(run <= 20);
		}
		gx_buf_free(&out);
	}
}

static void test_refusals(void **state)
{
	(void)state;
	const double v[] = {1};
	const struct gx_chart_series series[] = {{"a", v}};
	struct gx_chart c = {.kind = GX_CHART_BARS, .id = "ok", .title = "t", .desc = "d", .npoints = 1, .nseries = 1,
			     .series = series};
	struct gx_buf out = GX_BUF_INIT;
	assert_int_equal(gx_chart_svg(&c, &out), 0);
	gx_buf_free(&out);
	struct gx_chart bad = c;
	bad.id = "a\"b";
	assert_int_equal(gx_chart_svg(&bad, &out), -1);
	bad = c;
	bad.npoints = 0;
	assert_int_equal(gx_chart_svg(&bad, &out), -1);
	bad = c;
	bad.nseries = GX_CHART_MAX_SERIES + 1;
	assert_int_equal(gx_chart_svg(&bad, &out), -1);
	assert_int_equal(out.len, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines_golden), cmocka_unit_test(test_bars_golden), cmocka_unit_test(test_steps),
		cmocka_unit_test(test_numbers),      cmocka_unit_test(test_escaping),    cmocka_unit_test(test_odd_values),
		cmocka_unit_test(test_refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
