/** Unit tests of file places: form names resolved against a definition
 *  with a top-level file field and one inside a group. */

#include "procedures/file_place.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static const char definition_text[] =
	"{\"steps\": ["
	" {\"id\": \"you\", \"fields\": [{\"id\": \"name\", \"kind\": \"text\"}]},"
	" {\"id\": \"docs\", \"fields\": ["
	"   {\"id\": \"invoices\", \"kind\": \"group\", \"fields\": ["
	"     {\"id\": \"amount\", \"kind\": \"amount\"},"
	"     {\"id\": \"invoice\", \"kind\": \"file\", \"file\": {\"types\": [\"application/pdf\"], \"max_bytes\": 10, \"max_files\": 2}}]},"
	"   {\"id\": \"prescription\", \"kind\": \"file\", \"file\": {\"types\": [\"image/png\"], \"max_bytes\": 10, \"max_files\": 1}}]}"
	"]}";

static json_t *definition;

static int setup(void **state)
{
	json_error_t err;
	definition = json_loads(definition_text, 0, &err);
	return definition == NULL ? -1 : 0;
}

static int teardown(void **state)
{
	json_decref(definition);
	return 0;
}

static void test_resolves_places(void **state)
{
	struct gx_file_place p;
	assert_int_equal(gx_file_place_resolve(definition, "prescription", &p), 0);
	assert_int_equal(p.step, 1);
	assert_string_equal(p.path, "prescription");
	assert_string_equal(p.pointer, "/prescription");
	assert_string_equal(json_string_value(json_object_get(p.field, "id")), "prescription");

	assert_int_equal(gx_file_place_resolve(definition, "invoices.0.invoice", &p), 0);
	assert_int_equal(p.step, 1);
	assert_string_equal(p.path, "invoices.invoice");
	assert_string_equal(p.pointer, "/invoices/0/invoice");
	assert_int_equal(gx_file_place_resolve(definition, "invoices.99.invoice", &p), 0);
	assert_string_equal(p.pointer, "/invoices/99/invoice");
}

static void test_refuses_other_places(void **state)
{
	static const char *const bad[] = {
		"", "name", "nothing", "invoices", "invoices.0", "invoices.0.amount", "invoices.invoice",
		"invoices.00.invoice", "invoices.100.invoice", "invoices.-1.invoice", "invoices.0.invoice.0",
		"invoices.0.nothing", "prescription.0", "prescription.", ".prescription", "prescriptionx", "prescriptio",
		"invoices..invoice", "invoices.1x.invoice",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct gx_file_place p;
		if (gx_file_place_resolve(definition, bad[i], &p) != -1)
			fail_msg("\"%s\" resolved", bad[i]);
	}
	struct gx_file_place p;
	assert_int_equal(gx_file_place_resolve(definition, NULL, &p), -1);
}

static void test_path_of_pointer(void **state)
{
	char out[64];
	gx_file_path_of_pointer("/invoices/0/invoice", out, sizeof(out));
	assert_string_equal(out, "invoices.invoice");
	gx_file_path_of_pointer("/prescription", out, sizeof(out));
	assert_string_equal(out, "prescription");
	gx_file_path_of_pointer("/a/12/b/3/c", out, sizeof(out));
	assert_string_equal(out, "a.b.c");
	gx_file_path_of_pointer("", out, sizeof(out));
	assert_string_equal(out, "");
	char small[8];
	gx_file_path_of_pointer("/invoices/0/invoice", small, sizeof(small));
	assert_string_equal(small, "");  /* "invoices" does not fit: cut before it */
	gx_file_path_of_pointer("/abc/0/defgh", small, sizeof(small));
	assert_string_equal(small, "abc");
}

/* Every id the answers name in file fields, with the pointer of the value holding it. */
static void test_file_ids(void **state)
{
	json_error_t err;
	json_t *data = json_loads("{\"name\": \"att_notafile\", \"prescription\": [\"att_p\", 5],"
				  " \"invoices\": [{\"amount\": 1, \"invoice\": [\"att_a\", \"att_b\"]}, {\"amount\": 2},"
				  " \"not an item\", {\"invoice\": [\"att_c\", \"att_a\"]}]}", 0, &err);
	assert_non_null(data);
	json_t *ids = gx_file_ids(definition, data);
	assert_non_null(ids);
	char *text = json_dumps(ids, JSON_SORT_KEYS | JSON_COMPACT);
	assert_string_equal(text, "{\"att_a\":\"/invoices/0/invoice\",\"att_b\":\"/invoices/0/invoice\","
				  "\"att_c\":\"/invoices/3/invoice\",\"att_p\":\"/prescription\"}");
	free(text);
	json_decref(ids);
	json_decref(data);
	/* Nothing answered, or not an object: none. */
	ids = gx_file_ids(definition, NULL);
	assert_int_equal(json_object_size(ids), 0);
	json_decref(ids);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_resolves_places),
		cmocka_unit_test(test_refuses_other_places),
		cmocka_unit_test(test_path_of_pointer),
		cmocka_unit_test(test_file_ids),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
