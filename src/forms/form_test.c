/** The pages' notion of a shown field and a visible step follows chains of
 *  conditions as the validator does (procedures/shown.h): a step whose
 *  fields all depend, through a field hidden on an earlier step, on an
 *  answer that hides it is skipped, whatever the stale answers in between;
 *  a field whose condition names a field of the same page is on the page
 *  only when that field is; a group's answers in the review leave out its
 *  hidden fields. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <string.h>

#include "forms/form.h"
#include "procedures/validate.h"

#define L(s) "\"labels\": {\"fr\": \"" s "\", \"de\": \"" s "\", \"en\": \"" s "\"}"

static const char definition_text[] =
	"{\"steps\": ["
	" {\"id\": \"partner\", \"fields\": ["
	"  {\"id\": \"has_partner\", \"kind\": \"yesno\", " L("Partner") "},"
	"  {\"id\": \"partner_works\", \"kind\": \"choice\", " L("Works") ","
	"   \"show_if\": {\"field\": \"has_partner\", \"equals\": true},"
	"   \"options\": [{\"value\": \"yes\", " L("yes") "}, {\"value\": \"no\", " L("no") "}]}"
	" ]},"
	" {\"id\": \"commute\", \"fields\": ["
	"  {\"id\": \"transport\", \"kind\": \"choice\", " L("Transport") ","
	"   \"show_if\": {\"field\": \"partner_works\", \"equals\": \"yes\"},"
	"   \"options\": [{\"value\": \"car\", " L("car") "}, {\"value\": \"bus\", " L("bus") "}]},"
	"  {\"id\": \"plate\", \"kind\": \"text\", " L("Plate") ", \"show_if\": {\"field\": \"transport\", \"equals\": \"car\"}}"
	" ]},"
	" {\"id\": \"children\", \"fields\": ["
	"  {\"id\": \"children\", \"kind\": \"group\", " L("Child") ", \"fields\": ["
	"   {\"id\": \"name\", \"kind\": \"text\", " L("Name") "},"
	"   {\"id\": \"at_school\", \"kind\": \"yesno\", " L("At school") "},"
	"   {\"id\": \"school\", \"kind\": \"text\", " L("School") ", \"show_if\": {\"field\": \"at_school\", \"equals\": true}},"
	"   {\"id\": \"parking\", \"kind\": \"text\", " L("Parking") ", \"show_if\": {\"field\": \"plate\"}}"
	"  ]}"
	" ]}"
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

/* The ids of the fields step shows with these answers, joined by spaces. */
static void step_ids(const char *answers, size_t step, char *out, size_t outlen, bool *visible)
{
	json_error_t err;
	json_t *data = json_loads(answers, 0, &err);
	assert_non_null(data);
	struct gx_form_ctx c = {.lang = GX_LANG_EN, .definition = definition, .data = data};
	*visible = gx_form_step_visible(&c, step);
	json_t *fields = gx_form_step_fields(&c, step);
	assert_non_null(fields);
	out[0] = '\0';
	size_t i;
	json_t *f;
	json_array_foreach(fields, i, f) {
		const char *name = json_string_value(json_object_get(f, "name"));
		snprintf(out + strlen(out), outlen - strlen(out), "%s%s", i > 0 ? " " : "", name);
	}
	json_decref(fields);
	json_decref(data);
}

static void test_chain_hides_a_step(void **state)
{
	char ids[256];
	bool visible;
	/* No partner: partner_works is hidden, so its stale "yes" no longer
	 * shows transport, nor transport's stale "car" the plate: the whole
	 * step is skipped. */
	step_ids("{\"has_partner\": false, \"partner_works\": \"yes\", \"transport\": \"car\"}", 1, ids, sizeof(ids),
		 &visible);
	assert_false(visible);
	assert_string_equal(ids, "");
	/* The chain holds: both on the page. */
	step_ids("{\"has_partner\": true, \"partner_works\": \"yes\", \"transport\": \"car\"}", 1, ids, sizeof(ids),
		 &visible);
	assert_true(visible);
	assert_string_equal(ids, "transport plate");
	/* Transport not chosen yet: the plate is on the same page as its condition, so it is there too. */
	step_ids("{\"has_partner\": true, \"partner_works\": \"yes\"}", 1, ids, sizeof(ids), &visible);
	assert_true(visible);
	assert_string_equal(ids, "transport plate");
	/* The first step: partner_works is on the page with has_partner, unanswered or not. */
	step_ids("{}", 0, ids, sizeof(ids), &visible);
	assert_true(visible);
	assert_string_equal(ids, "has_partner partner_works");
	/* The validator agrees: nothing of the hidden step is checked or kept. */
	json_error_t err;
	json_t *data = json_loads("{\"has_partner\": false, \"partner_works\": \"yes\", \"transport\": \"car\","
				  " \"plate\": \"AB 1234\"}", 0, &err);
	json_t *norm = NULL;
	json_t *errors = gx_submission_validate(definition, data, NULL, "en", "2026-03-01", &norm);
	assert_int_equal(json_array_size(errors), 0);
	assert_null(json_object_get(norm, "transport"));
	assert_null(json_object_get(norm, "plate"));
	json_decref(errors);
	json_decref(norm);
	json_decref(data);
}

/* Inside a group item: a field whose condition names a step field hidden by the chain is not shown. */
static void test_group_items(void **state)
{
	char ids[512];
	bool visible;
	step_ids("{\"has_partner\": false, \"partner_works\": \"yes\", \"transport\": \"car\", \"plate\": \"AB 1234\","
		 " \"children\": [{\"name\": \"Paul\", \"at_school\": true}, {\"name\": \"Léa\"}]}",
		 2, ids, sizeof(ids), &visible);
	assert_true(visible);
	assert_string_equal(ids, "children");
	json_error_t err;
	json_t *data = json_loads("{\"has_partner\": false, \"partner_works\": \"yes\", \"transport\": \"car\","
				  " \"plate\": \"AB 1234\", \"children\": [{\"name\": \"Paul\", \"at_school\": true},"
				  " {\"name\": \"Léa\", \"at_school\": false, \"school\": \"Gare\", \"parking\": \"P1\"}]}",
				  0, &err);
	struct gx_form_ctx c = {.lang = GX_LANG_EN, .definition = definition, .data = data};
	json_t *fields = gx_form_step_fields(&c, 2);
	json_t *items = json_object_get(json_array_get(fields, 0), "items");
	assert_int_equal(json_array_size(items), 2);
	char names[512] = "";
	for (size_t i = 0; i < 2; i++) {
		size_t j;
		json_t *f;
		json_array_foreach(json_object_get(json_array_get(items, i), "fields"), j, f)
			snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s ",
				 json_string_value(json_object_get(f, "name")));
	}
	/* school is shown with at_school (same item), parking never: plate is hidden by the chain. */
	assert_string_equal(names, "children.0.name children.0.at_school children.0.school "
				   "children.1.name children.1.at_school children.1.school ");
	/* Each item's legend: the group's label and its number, or what one item
	 * is called (item_labels: "Kid 2" under "Child"), in the page's language. */
	assert_string_equal(json_string_value(json_object_get(json_array_get(items, 1), "legend")), "Child 2");
	json_decref(fields);
	json_t *group = json_array_get(json_object_get(json_array_get(json_object_get(definition, "steps"), 2), "fields"), 0);
	json_object_set_new(group, "item_labels", json_pack("{s:s, s:s, s:s}", "fr", "Enfant", "de", "Kind", "en", "Kid"));
	json_t *fields2 = gx_form_step_fields(&c, 2);
	json_t *items2 = json_object_get(json_array_get(fields2, 0), "items");
	assert_string_equal(json_string_value(json_object_get(json_array_get(items2, 0), "legend")), "Kid 1");
	assert_string_equal(json_string_value(json_object_get(json_array_get(items2, 1), "legend")), "Kid 2");
	json_decref(fields2);
	c.lang = GX_LANG_FR;
	fields2 = gx_form_step_fields(&c, 2);
	items2 = json_object_get(json_array_get(fields2, 0), "items");
	assert_string_equal(json_string_value(json_object_get(json_array_get(items2, 1), "legend")), "Enfant 2");
	json_decref(fields2);
	c.lang = GX_LANG_EN;
	json_object_del(group, "item_labels");

	/* The review's answer leaves out the second child's hidden school and both parkings. */
	json_t *rows = gx_form_summary_rows(&c, 2, NULL);
	const char *value = json_string_value(json_object_get(json_array_get(rows, 0), "value"));
	assert_non_null(value);
	assert_non_null(strstr(value, "Paul"));
	assert_null(strstr(value, "Gare"));
	assert_null(strstr(value, "P1"));
	json_decref(rows);
	/* Nor does the chain's hidden step show in the review. */
	assert_false(gx_form_step_visible(&c, 1));
	json_decref(data);
}

/* A number step: what the form reader makes of each typed text, and what
 * the validator then says. */
static const char numbers_text[] =
	"{\"steps\": [{\"id\": \"s\", \"fields\": ["
	" {\"id\": \"n\", \"kind\": \"number\", " L("Number") "}"
	"]}]}";

/* Reads "n=<typed>" into data (which holds {"n": 5} before) and returns n (borrowed from data). */
static json_t *read_number(json_t *def, json_t *data, const char *typed)
{
	char body[160], add[64];
	snprintf(body, sizeof(body), "n=%s", typed);
	json_object_set_new(data, "n", json_integer(5));
	assert_int_equal(gx_form_read_step(def, 0, body, strlen(body), data, add, sizeof(add)), 0);
	return json_object_get(data, "n");
}

/* The validator's code for data's n ("" when it accepts it). */
static void number_error(json_t *def, json_t *data, char *code, size_t codelen)
{
	json_t *errors = gx_submission_validate(def, data, NULL, "en", "2026-03-01", NULL);
	assert_non_null(errors);
	const char *c = json_string_value(json_object_get(json_array_get(errors, 0), "code"));
	snprintf(code, codelen, "%s", c != NULL ? c : "");
	json_decref(errors);
}

/* A number out of range is kept as typed, as text that is not a number is,
 * and the validator refuses it as not a number: it does not silently
 * become the largest (or smallest) 64-bit integer, nor infinity, nor leave
 * the previous answer in place. */
static void test_number_out_of_range_kept_as_typed(void **state)
{
	json_error_t err;
	json_t *def = json_loads(numbers_text, 0, &err);
	assert_non_null(def);
	json_t *data = json_object();
	char code[64];

	/* In range: numbers, accepted. */
	json_t *n = read_number(def, data, "9223372036854775807");
	assert_true(json_is_integer(n));
	assert_true(json_integer_value(n) == 9223372036854775807LL);
	number_error(def, data, code, sizeof(code));
	assert_string_equal(code, "");
	n = read_number(def, data, "-9223372036854775808");
	assert_true(json_is_integer(n));
	n = read_number(def, data, "12%2C5");
	assert_true(json_is_real(n));
	assert_true(json_real_value(n) == 12.5);

	/* Not a number at all: kept as text, refused. */
	n = read_number(def, data, "twelve");
	assert_string_equal(json_string_value(n), "twelve");
	number_error(def, data, code, sizeof(code));
	assert_string_equal(code, "wrong_type");

	/* Out of range: the same. */
	static const char *const out_of_range[] = {
		"12345678901234567890", "9223372036854775808", "-9223372036854775809", "-99999999999999999999",
		"1e400", "-1e400", "1e-400", "inf", "nan",
	};
	for (size_t i = 0; i < sizeof(out_of_range) / sizeof(out_of_range[0]); i++) {
		n = read_number(def, data, out_of_range[i]);
		if (!json_is_string(n))
			fail_msg("%s read as a %s, not kept as typed", out_of_range[i],
				 json_is_integer(n) ? "integer" : json_is_real(n) ? "real" : "left-over answer");
		assert_string_equal(json_string_value(n), out_of_range[i]);
		number_error(def, data, code, sizeof(code));
		assert_string_equal(code, "wrong_type");
	}
	json_decref(data);
	json_decref(def);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chain_hides_a_step),
		cmocka_unit_test(test_group_items),
		cmocka_unit_test(test_number_out_of_range_kept_as_typed),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
