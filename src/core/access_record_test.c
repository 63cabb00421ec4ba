/* An access record's canonical JSON: the direct writer (the log writer's
 * fast path) gives exactly the bytes of RFC 8785 over the record's JSON
 * object, and declines whatever it cannot write as is (non-ASCII,
 * characters to escape, attributes not stored canonically), which then
 * takes the general path to the same leaf. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/access_record.h"
#include "translog/canonical.h"
#include "translog/entry.h"

static struct gx_access_row row(const char *purpose, const char *attributes, const char *role, const char *basis)
{
	struct gx_access_row r = {.at_us = 1750000000123456LL};
	const char *cols[10] = {"1985031410148", "organisation", "commune", role, "1985031410148", "persons",
				attributes, purpose, basis, "1f32c1000000000004-persons"};
	size_t lens[10];
	for (int i = 0; i < 10; i++)
		lens[i] = cols[i] != NULL ? strlen(cols[i]) : 0;
	assert_int_equal(gx_access_row_set_strings(&r, cols, lens), 0);
	return r;
}

/* The general path: the record's object through translog's canonicaliser. */
static void general(const struct gx_access_row *r, struct gx_buf *out)
{
	json_t *rec = gx_access_record_json(r);
	assert_non_null(rec);
	char err[160];
	assert_int_equal(gx_tlog_canonical_json(rec, out, err, sizeof(err)), 0);
	json_decref(rec);
}

static void test_the_fast_path_writes_the_canonical_bytes(void **state)
{
	const struct {
		const char *purpose, *attributes, *role, *basis;
	} cases[] = {
		{"my-data", "[\"address.street\",\"address.locality\"]", NULL, "GDPR Art. 15: the person's access"},
		{"housing-reuse", "[]", "handler", NULL},
		{"To check each year who lives in the home.", "[\"children\"]", "client", "Amended law of 1979"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct gx_access_row r = row(cases[i].purpose, cases[i].attributes, cases[i].role, cases[i].basis);
		struct gx_buf fast = GX_BUF_INIT, slow = GX_BUF_INIT;
		assert_true(gx_access_record_canonical_fast(&r, &fast));
		general(&r, &slow);
		assert_string_equal(gx_buf_cstr(&fast), gx_buf_cstr(&slow));
		gx_buf_free(&fast);
		gx_buf_free(&slow);
		gx_access_row_clear(&r);
	}
}

static void test_what_the_fast_path_declines_gets_the_same_leaf(void **state)
{
	const struct {
		const char *purpose, *attributes;
	} cases[] = {
		{"Vérifier le logement", "[\"children\"]"},        /* not ASCII */
		{"a \"quoted\" purpose", "[\"children\"]"},         /* to escape */
		{"tab\there", "[\"children\"]"},                    /* a control character */
		{"my-data", "[\"address.street\", \"children\"]"},  /* attributes not canonical */
		{"my-data", "[\"caf\\u00e9\"]"},                    /* an escape in the attributes */
	};
	unsigned char salt[32];
	memset(salt, 0x5a, sizeof(salt));
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct gx_access_row r = row(cases[i].purpose, cases[i].attributes, NULL, NULL);
		struct gx_buf fast = GX_BUF_INIT;
		assert_false(gx_access_record_canonical_fast(&r, &fast));
		gx_buf_free(&fast);
		struct gx_tlog_hash got, want;
		assert_int_equal(gx_access_record_leaf(&r, salt, &got), 0);
		json_t *rec = gx_access_record_json(&r);
		char err[160];
		assert_int_equal(gx_tlog_record_leaf(salt, rec, &want, err, sizeof(err)), 0);
		json_decref(rec);
		assert_memory_equal(got.b, want.b, 32);
		gx_access_row_clear(&r);
	}
	/* And what it takes gives the leaf of the general path too. */
	struct gx_access_row r = row("my-data", "[\"given_name\"]", NULL, NULL);
	struct gx_tlog_hash got, want;
	assert_int_equal(gx_access_record_leaf(&r, salt, &got), 0);
	json_t *rec = gx_access_record_json(&r);
	char err[160];
	assert_int_equal(gx_tlog_record_leaf(salt, rec, &want, err, sizeof(err)), 0);
	json_decref(rec);
	assert_memory_equal(got.b, want.b, 32);
	gx_access_row_clear(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_the_fast_path_writes_the_canonical_bytes),
		cmocka_unit_test(test_what_the_fast_path_declines_gets_the_same_leaf),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
