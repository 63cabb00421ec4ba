#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "http/route.h"

static struct gx_route_table t;

static int setup(void **state)
{
	char err[256];
	static const char *const routes[][2] = {
		{"GET", "/"}, {"GET", "/healthz"}, {"GET", "/drafts/{id}"}, {"PUT", "/drafts/{id}"},
		{"GET", "/drafts/latest"}, {"POST", "/spaces/{space}/items/{n}"},
	};
	memset(&t, 0, sizeof(t));
	for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++)
		assert_int_equal(gx_route_add(&t, routes[i][0], routes[i][1], routes[i][1], err, sizeof(err)), 0);
	return 0;
}

static int teardown(void **state)
{
	gx_route_table_free(&t);
	return 0;
}

static enum gx_route_result match(const char *method, const char *path, struct gx_route_match *m)
{
	return gx_route_match(&t, method, strlen(method), path, strlen(path), m);
}

static void test_literal_and_root(void **state)
{
	struct gx_route_match m;
	assert_int_equal(match("GET", "/healthz", &m), GX_ROUTE_FOUND);
	assert_string_equal(m.route->pattern, "/healthz");
	assert_int_equal(match("GET", "/", &m), GX_ROUTE_FOUND);
	assert_string_equal(m.route->pattern, "/");
	assert_int_equal(m.nparams, 0);
}

static void test_params_captured(void **state)
{
	struct gx_route_match m;
	assert_int_equal(match("POST", "/spaces/s-1/items/42", &m), GX_ROUTE_FOUND);
	assert_int_equal(m.nparams, 2);
	assert_int_equal(m.params[0].name_len, 5);
	assert_memory_equal(m.params[0].name, "space", 5);
	assert_int_equal(m.params[0].len, 3);
	assert_memory_equal(m.params[0].value, "s-1", 3);
	assert_memory_equal(m.params[1].value, "42", 2);
}

static void test_literal_beats_param(void **state)
{
	struct gx_route_match m;
	assert_int_equal(match("GET", "/drafts/latest", &m), GX_ROUTE_FOUND);
	assert_string_equal(m.route->pattern, "/drafts/latest");
	assert_int_equal(match("GET", "/drafts/7", &m), GX_ROUTE_FOUND);
	assert_string_equal(m.route->pattern, "/drafts/{id}");
	/* PUT only exists for the parameter: the literal route wants GET. */
	assert_int_equal(match("PUT", "/drafts/latest", &m), GX_ROUTE_METHOD_NOT_ALLOWED);
	assert_string_equal(m.allow, "GET");
}

static void test_not_found_and_405(void **state)
{
	struct gx_route_match m;
	assert_int_equal(match("GET", "/nope", &m), GX_ROUTE_NOT_FOUND);
	assert_int_equal(match("GET", "/healthz/", &m), GX_ROUTE_NOT_FOUND);
	assert_int_equal(match("GET", "//healthz", &m), GX_ROUTE_NOT_FOUND);
	assert_int_equal(match("GET", "healthz", &m), GX_ROUTE_NOT_FOUND);
	assert_int_equal(match("GET", "", &m), GX_ROUTE_NOT_FOUND);
	assert_int_equal(match("DELETE", "/drafts/9", &m), GX_ROUTE_METHOD_NOT_ALLOWED);
	assert_string_equal(m.allow, "GET, PUT");
	assert_int_equal(match("GET", "/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q", &m), GX_ROUTE_NOT_FOUND);
}

static void test_bad_patterns_refused(void **state)
{
	char err[256];
	struct gx_route_table x = {0};
	assert_int_equal(gx_route_add(&x, "GET", "no-slash", NULL, err, sizeof(err)), -1);
	assert_int_equal(gx_route_add(&x, "GET", "/a/{b", NULL, err, sizeof(err)), -1);
	assert_int_equal(gx_route_add(&x, "GET", "/a/{}", NULL, err, sizeof(err)), -1);
	assert_int_equal(gx_route_add(&x, "GET", "/a/x{b}", NULL, err, sizeof(err)), -1);
	assert_int_equal(gx_route_add(&x, "GET", "/a//b", NULL, err, sizeof(err)), -1);
	assert_int_equal(gx_route_add(&x, "GET", "/a/{b}", NULL, err, sizeof(err)), 0);
	assert_int_equal(gx_route_add(&x, "GET", "/a/{c}", NULL, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "clashes"));
	gx_route_table_free(&x);
}

static void test_param_decode(void **state)
{
	char out[32];
	assert_int_equal(gx_route_param_decode("a%20b", 5, out, sizeof(out)), 3);
	assert_string_equal(out, "a b");
	assert_int_equal(gx_route_param_decode("%2F", 3, out, sizeof(out)), -1);
	assert_int_equal(gx_route_param_decode("%00", 3, out, sizeof(out)), -1);
	assert_int_equal(gx_route_param_decode("%4", 2, out, sizeof(out)), -1);
	assert_int_equal(gx_route_param_decode("%zz", 3, out, sizeof(out)), -1);
	assert_int_equal(gx_route_param_decode("abcd", 4, out, 4), -1);
	assert_int_equal(gx_route_param_decode("abc", 3, out, 4), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_literal_and_root, setup, teardown),
		cmocka_unit_test_setup_teardown(test_params_captured, setup, teardown),
		cmocka_unit_test_setup_teardown(test_literal_beats_param, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_found_and_405, setup, teardown),
		cmocka_unit_test(test_bad_patterns_refused),
		cmocka_unit_test(test_param_decode),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
