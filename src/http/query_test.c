#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "http/query.h"

static long get(const char *q, const char *name, char *out, size_t n)
{
	return gx_query_get(q, strlen(q), name, out, n);
}

static void test_query_of(void **state)
{
	size_t len;
	const char *q = gx_query_of("/a?b=1#frag", 11, &len);
	assert_int_equal(len, 3);
	assert_memory_equal(q, "b=1", 3);
	gx_query_of("/a", 2, &len);
	assert_int_equal(len, 0);
	q = gx_query_of("/a?", 3, &len);
	assert_int_equal(len, 0);
}

static void test_get(void **state)
{
	char out[32];
	assert_int_equal(get("a=1&next=%2Fx%20y&c", "next", out, sizeof(out)), 4);
	assert_string_equal(out, "/x y");
	assert_int_equal(get("a=1&next=a+b", "next", out, sizeof(out)), 3);
	assert_string_equal(out, "a b");
	assert_int_equal(get("c&a=1", "c", out, sizeof(out)), 0);
	assert_int_equal(get("nextx=1", "next", out, sizeof(out)), -1);
	assert_int_equal(get("", "next", out, sizeof(out)), -1);
	assert_int_equal(get("next=1&next=2", "next", out, sizeof(out)), 1);
	assert_string_equal(out, "1");
}

/* A repeated field, one value after another (a form's checkboxes). */
static void test_get_nth(void **state)
{
	char out[32];
	const char *q = "p=pro-a&x=1&p=pro%2Db&p";
	assert_int_equal(gx_query_get_nth(q, strlen(q), "p", 0, out, sizeof(out)), 5);
	assert_string_equal(out, "pro-a");
	assert_int_equal(gx_query_get_nth(q, strlen(q), "p", 1, out, sizeof(out)), 5);
	assert_string_equal(out, "pro-b");
	assert_int_equal(gx_query_get_nth(q, strlen(q), "p", 2, out, sizeof(out)), 0);
	assert_int_equal(gx_query_get_nth(q, strlen(q), "p", 3, out, sizeof(out)), -1);
	assert_int_equal(gx_query_get_nth(q, strlen(q), "x", 1, out, sizeof(out)), -1);
}

static void test_bad_encoding(void **state)
{
	char out[8];
	assert_int_equal(get("next=%2", "next", out, sizeof(out)), -2);
	assert_int_equal(get("next=%zz", "next", out, sizeof(out)), -2);
	assert_int_equal(get("next=%00", "next", out, sizeof(out)), -2);
	assert_int_equal(get("next=12345678", "next", out, sizeof(out)), -2);
	assert_int_equal(get("next=1234567", "next", out, sizeof(out)), 7);
}

static void test_encode(void **state)
{
	char out[64];
	assert_int_equal(gx_query_encode("/a b?c=d&e", 10, out, sizeof(out)), 18);
	assert_string_equal(out, "/a%20b%3Fc%3Dd%26e");
	assert_int_equal(gx_query_encode("/abc", 4, out, 4), -1);
	assert_int_equal(gx_query_encode("/abc", 4, out, 5), 4);
}

static void test_local_path(void **state)
{
	assert_true(gx_is_local_path("/"));
	assert_true(gx_is_local_path("/my-data?x=1"));
	assert_false(gx_is_local_path("//evil.example/"));
	assert_false(gx_is_local_path("/\\evil.example"));
	assert_false(gx_is_local_path("https://evil.example/"));
	assert_false(gx_is_local_path("relative"));
	assert_false(gx_is_local_path(""));
	assert_false(gx_is_local_path("/a\r\nSet-Cookie: x=1"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_query_of),
		cmocka_unit_test(test_get),
		cmocka_unit_test(test_get_nth),
		cmocka_unit_test(test_bad_encoding),
		cmocka_unit_test(test_encode),
		cmocka_unit_test(test_local_path),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
