/** A register's answer to a lookup (answer.h): good answers come out in the
 *  order asked, each with its as-of date and version; every malformed
 *  shape, an oversized or too deeply nested answer, and an attribute that
 *  was not asked for make the whole answer bad, with a reason that quotes
 *  no data and nothing kept. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sources/answer.h"

static const char *const asked[] = {"given_name", "address.street", "vehicles", "children"};
#define NASKED (sizeof(asked) / sizeof(asked[0]))

static int parse(const char *body, struct gx_answer *a, char *why, size_t whylen)
{
	why[0] = '\0';
	return gx_answer_parse(body, strlen(body), asked, NASKED, a, why, whylen);
}

/* The answer must be refused, with a reason containing reason, quoting
 * none of the answer's values, and nothing kept. */
static void assert_bad_len(const char *body, size_t len, const char *reason)
{
	struct gx_answer a;
	char why[120];
	memset(&a, 0x5a, sizeof(a));
	why[0] = '\0';
	if (gx_answer_parse(body, len, asked, NASKED, &a, why, sizeof(why)) != -1)
		fail_msg("accepted: %.200s", body);
	if (strstr(why, reason) == NULL)
		fail_msg("reason \"%s\", expected \"%s\", for: %.200s", why, reason, body);
	if (strstr(why, "Secret") != NULL || strstr(why, "2026") != NULL)
		fail_msg("the reason quotes the answer: %s", why);
	assert_null(a.root);
	assert_null(a.values);
	assert_int_equal(a.nvalues, 0);
	assert_int_equal(a.nerrors, 0);
	gx_answer_free(&a); /* harmless on a refused answer */
}

static void assert_bad(const char *body, const char *reason)
{
	assert_bad_len(body, strlen(body), reason);
}

#define V(v) "{\"value\": " v ", \"as_of\": \"2026-01-03\", \"version\": 4}"

static void test_good_answer_in_the_order_asked(void **state)
{
	struct gx_answer a;
	char why[120];
	/* The register's order is not the order asked; errors are counted. */
	assert_int_equal(parse("{\"values\": {"
			       " \"vehicles\": {\"value\": [{\"plate\": \"AB 123\"}], \"as_of\": \"2025-12-31\", \"version\": 9},"
			       " \"given_name\": " V("\"Anne-Secret\"") ","
			       " \"address.street\": {\"value\": null, \"as_of\": \"2026-02-01\", \"version\": -1}},"
			       " \"errors\": {\"children\": {\"code\": \"not_found\"}}}",
			       &a, why, sizeof(why)),
			 0);
	assert_int_equal(a.nvalues, 3);
	assert_int_equal(a.nerrors, 1);
	assert_string_equal(a.values[0].attribute, "given_name");
	assert_string_equal(json_string_value(a.values[0].value), "Anne-Secret");
	assert_string_equal(a.values[0].as_of, "2026-01-03");
	assert_int_equal(a.values[0].version, 4);
	assert_string_equal(a.values[1].attribute, "address.street");
	assert_true(json_is_null(a.values[1].value));
	assert_string_equal(a.values[1].as_of, "2026-02-01");
	assert_int_equal(a.values[1].version, -1);
	assert_string_equal(a.values[2].attribute, "vehicles");
	assert_string_equal(json_string_value(json_object_get(json_array_get(a.values[2].value, 0), "plate")), "AB 123");
	assert_int_equal(a.values[2].version, 9);
	/* The attribute names point into the list asked. */
	assert_ptr_equal(a.values[0].attribute, asked[0]);
	gx_answer_free(&a);
	assert_null(a.root);
	assert_null(a.values);
}

static void test_empty_and_partial_answers(void **state)
{
	struct gx_answer a;
	char why[120];
	static const char *const ok[] = {
		"{}",
		"{\"values\": {}}",
		"{\"errors\": {}}",
		" \n{\"values\": {}, \"errors\": {}}\t",
		"{\"values\": {}, \"errors\": {}, \"request_id\": \"r-1\", \"register\": \"persons\"}",
	};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		if (parse(ok[i], &a, why, sizeof(why)) != 0)
			fail_msg("%s refused: %s", ok[i], why);
		assert_int_equal(a.nvalues, 0);
		assert_int_equal(a.nerrors, 0);
		gx_answer_free(&a);
	}
	/* Only errors: every attribute asked, none given. */
	assert_int_equal(parse("{\"errors\": {\"given_name\": {}, \"address.street\": {\"code\": \"x\"},"
			       " \"vehicles\": {}, \"children\": {}}}",
			       &a, why, sizeof(why)),
			 0);
	assert_int_equal(a.nvalues, 0);
	assert_int_equal(a.nerrors, 4);
	gx_answer_free(&a);
	/* Nothing asked, nothing answered. */
	assert_int_equal(gx_answer_parse("{\"values\": {}}", 14, asked, 0, &a, why, sizeof(why)), 0);
	assert_int_equal(a.nvalues, 0);
	gx_answer_free(&a);
}

static void test_not_a_json_object(void **state)
{
	static const char *const bodies[] = {
		"", " ", "{", "{oops", "{\"values\": {}", "[]", "[{\"values\": {}}]", "\"values\"", "42", "null", "true",
		"{\"values\": {}} {}", "{\"values\": {}} x", "{'values': {}}",
		/* the same member twice */
		"{\"values\": {}, \"values\": {}}",
		"{\"values\": {\"given_name\": " V("\"a\"") ", \"given_name\": " V("\"Secret\"") "}}",
	};
	for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++)
		assert_bad(bodies[i], "answer is not a JSON object");
	/* Bytes after a NUL are still bytes of the answer. */
	static const char nul[] = "{\"values\": {}}\0{\"x\": 1}";
	assert_bad_len(nul, sizeof(nul) - 1, "answer is not a JSON object");
	/* Not UTF-8. */
	assert_bad("{\"values\": {\"given_name\": " V("\"\xff\xfe\"") "}}", "answer is not a JSON object");
}

static void test_values_or_errors_not_objects(void **state)
{
	static const char *const bodies[] = {
		"{\"values\": []}", "{\"values\": null}", "{\"values\": \"given_name\"}", "{\"values\": 1}",
		"{\"errors\": []}", "{\"errors\": \"children\"}", "{\"values\": {}, \"errors\": false}",
	};
	for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++)
		assert_bad(bodies[i], "values or errors is not an object");
}

static void test_value_not_value_as_of_version(void **state)
{
	static const char *const values[] = {
		"\"Secret\"",                                                         /* a bare value */
		"[\"Secret\"]", "null", "42",
		"{}",
		"{\"as_of\": \"2026-01-03\", \"version\": 4}",                        /* no value */
		"{\"value\": \"Secret\", \"version\": 4}",                            /* no as_of */
		"{\"value\": \"Secret\", \"as_of\": \"2026-01-03\"}",                 /* no version */
		"{\"value\": \"Secret\", \"as_of\": 20260103, \"version\": 4}",
		"{\"value\": \"Secret\", \"as_of\": null, \"version\": 4}",
		"{\"value\": \"Secret\", \"as_of\": \"2026-1-03\", \"version\": 4}",
		"{\"value\": \"Secret\", \"as_of\": \"2026/01/03\", \"version\": 4}",
		"{\"value\": \"Secret\", \"as_of\": \"2026-01-0x\", \"version\": 4}",
		"{\"value\": \"Secret\", \"as_of\": \"2026-01-03T10:00:00Z\", \"version\": 4}",
		"{\"value\": \"Secret\", \"as_of\": \"\", \"version\": 4}",
		"{\"value\": \"Secret\", \"as_of\": \"2026-01-03\", \"version\": \"4\"}",
		"{\"value\": \"Secret\", \"as_of\": \"2026-01-03\", \"version\": 4.0}",
		"{\"value\": \"Secret\", \"as_of\": \"2026-01-03\", \"version\": null}",
		"{\"value\": \"Secret\", \"as_of\": \"2026-01-03\", \"version\": 4, \"source\": \"x\"}",  /* a fourth member */
	};
	char body[512];
	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		/* Alone, and after a good value (nothing of the good one is kept either). */
		snprintf(body, sizeof(body), "{\"values\": {\"children\": %s}}", values[i]);
		assert_bad(body, "a value is not {value, as_of, version}");
		snprintf(body, sizeof(body), "{\"values\": {\"given_name\": " V("\"Anne\"") ", \"children\": %s}}",
			 values[i]);
		assert_bad(body, "a value is not {value, as_of, version}");
	}
}

static void test_attribute_not_asked_for(void **state)
{
	/* A value the platform did not ask for: the whole answer is refused,
	 * even the attributes that were asked for. */
	assert_bad("{\"values\": {\"given_name\": " V("\"Anne\"") ", \"national_id\": " V("\"Secret\"") "}}",
		   "answer names an attribute that was not asked for");
	assert_bad("{\"values\": {\"Given_name\": " V("\"Secret\"") "}}", "answer names an attribute that was not asked for");
	assert_bad("{\"values\": {\"address\": " V("{\"street\": \"Secret\"}") "}}",
		   "answer names an attribute that was not asked for");
	assert_bad("{\"values\": {\"\": " V("\"Secret\"") "}}", "answer names an attribute that was not asked for");
	/* Not asked is refused before the value's shape is looked at. */
	assert_bad("{\"values\": {\"iban\": \"Secret\"}}", "answer names an attribute that was not asked for");
	/* An error for an attribute not asked for, or an error that is not an object. */
	assert_bad("{\"values\": {\"given_name\": " V("\"Anne\"") "}, \"errors\": {\"income\": {}}}",
		   "answer has an error for an attribute that was not asked for");
	assert_bad("{\"errors\": {\"children\": \"not_found\"}}",
		   "answer has an error for an attribute that was not asked for");
	/* Nothing asked: any value is one not asked for. */
	struct gx_answer a;
	char why[120];
	const char *body = "{\"values\": {\"given_name\": " V("\"Anne\"") "}}";
	assert_int_equal(gx_answer_parse(body, strlen(body), asked, 0, &a, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "not asked for"));
}

/* A body of exactly len bytes: a good answer padded with spaces. */
static char *padded(size_t len)
{
	static const char good[] = "{\"values\": {\"given_name\": " V("\"Anne\"") "}}";
	char *b = malloc(len + 1);
	assert_non_null(b);
	memset(b, ' ', len);
	memcpy(b, good, sizeof(good) - 1);
	b[len] = '\0';
	return b;
}

static void test_size_and_depth_limits(void **state)
{
	struct gx_answer a;
	char why[120];
	/* At the limit: read. One byte more: refused before parsing. */
	char *b = padded(GX_ANSWER_MAX_BYTES);
	assert_int_equal(gx_answer_parse(b, GX_ANSWER_MAX_BYTES, asked, NASKED, &a, why, sizeof(why)), 0);
	assert_int_equal(a.nvalues, 1);
	gx_answer_free(&a);
	free(b);
	b = padded(GX_ANSWER_MAX_BYTES + 1);
	assert_bad_len(b, GX_ANSWER_MAX_BYTES + 1, "answer too large");
	free(b);
	b = padded(4 * GX_ANSWER_MAX_BYTES);
	assert_bad_len(b, 4 * GX_ANSWER_MAX_BYTES, "answer too large");
	free(b);

	/* A value nested 16 deep in all (the answer's own two levels count) is
	 * read; one level more is refused without being parsed. */
	char body[4096];
	for (int depth = 14; depth <= 15; depth++) {
		size_t n = (size_t)snprintf(body, sizeof(body), "{\"values\": {\"vehicles\": {\"value\": ");
		for (int i = 0; i < depth - 1; i++)
			body[n++] = '[';
		body[n++] = '1';
		for (int i = 0; i < depth - 1; i++)
			body[n++] = ']';
		snprintf(body + n, sizeof(body) - n, ", \"as_of\": \"2026-01-03\", \"version\": 1}}}");
		/* The value's arrays are at depth 3..depth+1: 16 at most for 14, 17 for 15. */
		if (depth == 14) {
			if (parse(body, &a, why, sizeof(why)) != 0)
				fail_msg("depth %d refused: %s", depth, why);
			gx_answer_free(&a);
		} else {
			assert_bad(body, "answer nested too deeply");
		}
	}
	/* Far too deep: refused, not a stack overflow. */
	size_t deep = 100000;
	char *d = malloc(2 * deep + 1);
	assert_non_null(d);
	memset(d, '[', deep);
	memset(d + deep, ']', deep);
	d[2 * deep] = '\0';
	assert_bad_len(d, 2 * deep, "answer nested too deeply");
	free(d);
}

static void test_reason_fits_its_buffer(void **state)
{
	struct gx_answer a;
	char why[8];
	memset(why, 'x', sizeof(why));
	assert_int_equal(gx_answer_parse("[]", 2, asked, NASKED, &a, why, sizeof(why)), -1);
	assert_int_equal(strlen(why), sizeof(why) - 1);
	assert_memory_equal(why, "answer ", 7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_answer_in_the_order_asked),
		cmocka_unit_test(test_empty_and_partial_answers),
		cmocka_unit_test(test_not_a_json_object),
		cmocka_unit_test(test_values_or_errors_not_objects),
		cmocka_unit_test(test_value_not_value_as_of_version),
		cmocka_unit_test(test_attribute_not_asked_for),
		cmocka_unit_test(test_size_and_depth_limits),
		cmocka_unit_test(test_reason_fits_its_buffer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
