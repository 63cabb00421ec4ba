/** Tests of the submission validator: each error code at its JSON Pointer,
 *  errors inside groups, every fault reported at once, visibility and
 *  conditional requirement, computed values, bounds relative to today,
 *  national identification numbers of the identity provider's population,
 *  and the messages' languages. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "procedures/validate.h"
#include "procedures/validate_testdata.h"

#define TODAY "2026-03-01"

/* A valid submission; tests change one member at a time. */
static const char valid_text[] =
	"{\"given_name\": \"Marie\", \"plate\": \"AB 1234\", \"birth_date\": \"1985-03-14\","
	" \"national_id\": \"1985031410148\", \"email\": \"marie.schmit@example.lu\", \"phone\": \"+352 621 123 456\","
	" \"iban\": \"LU28 0019 4006 4475 0000\", \"has_partner\": false,"
	" \"start_date\": \"2026-03-10\", \"end_date\": \"2026-06-30\", \"adult_birth\": \"1985-03-14\","
	" \"address\": {\"street\": \"rue de la Gare\", \"house_number\": \"12\", \"postcode\": \"L-1611\","
	"   \"locality\": \"Luxembourg\", \"country\": \"LUX\"},"
	" \"rent\": 120000, \"charges\": 25050, \"rooms\": 3, \"transport\": \"bus\", \"languages\": [\"fr\", \"lb\"],"
	" \"children\": [{\"name\": \"Paul\", \"birth_date\": \"2015-03-02\", \"at_school\": true, \"school\": \"Gare\"},"
	"                {\"name\": \"Léa\", \"birth_date\": \"2019-02-28\"}],"
	" \"documents\": [\"att_0123456789abcdef\"]}";

static json_t *definition;

static int setup(void **state)
{
	json_error_t e;
	definition = json_loads(gx_validate_testdata_definition, 0, &e);
	if (definition == NULL)
		fprintf(stderr, "definition: %s at %d\n", e.text, e.column);
	return definition == NULL ? -1 : 0;
}

static int teardown(void **state)
{
	json_decref(definition);
	return 0;
}

static json_t *valid_data(void)
{
	json_t *d = json_loads(valid_text, 0, NULL);
	assert_non_null(d);
	return d;
}

/** Sets the member at a top-level key from JSON text (NULL text: removes it). */
static void set(json_t *d, const char *key, const char *text)
{
	if (text == NULL) {
		json_object_del(d, key);
		return;
	}
	json_t *v = json_loads(text, JSON_DECODE_ANY, NULL);
	assert_non_null(v);
	assert_int_equal(json_object_set_new(d, key, v), 0);
}

static json_t *check(const json_t *data, const char *lang, json_t **norm)
{
	json_t *errors = gx_submission_validate(definition, data, NULL, lang, TODAY, norm);
	assert_non_null(errors);
	assert_true(json_is_array(errors));
	return errors;
}

/** The error at pointer with code, or NULL. */
static const json_t *find(const json_t *errors, const char *pointer, const char *code)
{
	for (size_t i = 0; i < json_array_size(errors); i++) {
		const json_t *e = json_array_get(errors, i);
		if (strcmp(json_string_value(json_object_get(e, "field")), pointer) == 0 &&
		    strcmp(json_string_value(json_object_get(e, "code")), code) == 0)
			return e;
	}
	return NULL;
}

static void dump(const json_t *errors)
{
	char *s = json_dumps(errors, JSON_INDENT(1));
	fprintf(stderr, "%s\n", s);
	free(s);
}

/** Exactly one error, at pointer with code. */
static void expect_only(const json_t *errors, const char *pointer, const char *code)
{
	if (json_array_size(errors) != 1 || find(errors, pointer, code) == NULL) {
		dump(errors);
		fail_msg("expected only %s at %s", code, pointer);
	}
}

/** Changes one member of the valid submission and expects one error. */
static void one_fault(const char *key, const char *text, const char *pointer, const char *code)
{
	json_t *d = valid_data();
	set(d, key, text);
	json_t *errors = check(d, "en", NULL);
	expect_only(errors, pointer, code);
	json_decref(errors);
	json_decref(d);
}

/* With the draft's attachments given, each id of a file field must be one
 * of them, uploaded for that field: else one error bound to the field. */
static void test_attachments_of_the_draft(void **state)
{
	json_t *d = valid_data();
	json_t *mine = json_pack("{s:s, s:s}", "att_0123456789abcdef", "documents", "att_00000000000000000000000000000001",
				 "other_field");
	json_t *errors = gx_submission_validate(definition, d, mine, "en", TODAY, NULL);
	assert_int_equal(json_array_size(errors), 0);
	json_decref(errors);

	/* An id that is not an attachment of this draft (another person's, or made up). */
	set(d, "documents", "[\"att_0123456789abcdef\", \"att_ffffffffffffffffffffffffffffffff\"]");
	errors = gx_submission_validate(definition, d, mine, "en", TODAY, NULL);
	expect_only(errors, "/documents", "unknown_attachment");
	assert_string_equal(json_string_value(json_object_get(json_array_get(errors, 0), "message")),
			    "A file was not uploaded for this question: upload it here");
	json_decref(errors);
	/* One of the draft's, uploaded for another field. */
	set(d, "documents", "[\"att_00000000000000000000000000000001\"]");
	errors = gx_submission_validate(definition, d, mine, "fr", TODAY, NULL);
	expect_only(errors, "/documents", "unknown_attachment");
	json_decref(errors);
	/* Without the list (NULL, or not an object), only the ids' form is checked. */
	errors = gx_submission_validate(definition, d, NULL, "en", TODAY, NULL);
	assert_int_equal(json_array_size(errors), 0);
	json_decref(errors);
	/* No attachments at all: every id is foreign; a hidden or empty field is not checked. */
	json_t *none = json_object();
	errors = gx_submission_validate(definition, d, none, "de", TODAY, NULL);
	expect_only(errors, "/documents", "unknown_attachment");
	json_decref(errors);
	set(d, "documents", "[]");
	errors = gx_submission_validate(definition, d, none, "de", TODAY, NULL);
	assert_int_equal(json_array_size(errors), 0);
	json_decref(errors);
	json_decref(none);
	json_decref(mine);
	json_decref(d);
}

static void test_valid_submission(void **state)
{
	json_t *d = valid_data(), *norm = NULL;
	json_t *errors = check(d, "fr", &norm);
	if (json_array_size(errors) != 0)
		dump(errors);
	assert_int_equal(json_array_size(errors), 0);
	assert_non_null(norm);
	/* computed values are set; the submitted answers are kept */
	assert_int_equal(json_integer_value(json_object_get(norm, "total")), 145050);
	assert_int_equal(json_integer_value(json_object_get(norm, "age")), 40);
	json_t *children = json_object_get(norm, "children");
	assert_int_equal(json_array_size(children), 2);
	/* born 2015-03-02: 10 the day before the 11th birthday */
	assert_int_equal(json_integer_value(json_object_get(json_array_get(children, 0), "child_age")), 10);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(children, 1), "child_age")), 7);
	assert_string_equal(json_string_value(json_object_get(norm, "iban")), "LU28 0019 4006 4475 0000");
	assert_null(json_object_get(norm, "partner_name"));
	json_decref(norm);
	json_decref(errors);
	json_decref(d);
}

static void test_each_code(void **state)
{
	one_fault("given_name", NULL, "/given_name", "required");
	one_fault("given_name", "\"   \"", "/given_name", "required");
	one_fault("rooms", "\"3\"", "/rooms", "wrong_type");
	one_fault("rent", "1200.50", "/rent", "wrong_type");
	one_fault("has_partner", "\"no\"", "/has_partner", "wrong_type");
	one_fault("nickname", "\"Mimi\"", "/nickname", "unknown_field");
	one_fault("given_name", "\"M\"", "/given_name", "too_short");
	one_fault("given_name", "\"Marie-Christine Josephine\"", "/given_name", "too_long");
	one_fault("plate", "\"AB-1234\"", "/plate", "pattern");
	one_fault("rooms", "0", "/rooms", "too_small");
	one_fault("charges", "-1", "/charges", "too_small");
	one_fault("rent", "500001", "/rent", "too_large");
	one_fault("rooms", "20.5", "/rooms", "too_large");
	one_fault("transport", "\"plane\"", "/transport", "not_an_option");
	one_fault("languages", "[\"fr\", \"es\"]", "/languages/1", "not_an_option");
	one_fault("languages", "[\"fr\", \"fr\"]", "/languages/1", "not_an_option");
	one_fault("languages", "[\"fr\"]", "/languages", "too_few");
	one_fault("languages", "[\"fr\", \"de\", \"en\", \"lb\"]", "/languages", "too_many");
	one_fault("documents", "[\"att_0123456789abcdef\", \"att_0123456789abcde0\", \"att_0123456789abcde1\"]",
		  "/documents", "too_many");
	one_fault("documents", "[\"att_0123456789abcdef\", \"att_0123\"]", "/documents/1", "wrong_type");
	one_fault("documents", "\"att_0123456789abcdef\"", "/documents", "wrong_type");
	one_fault("birth_date", "\"2023-02-29\"", "/birth_date", "invalid_date");
	one_fault("birth_date", "\"14/03/1985\"", "/birth_date", "invalid_date");
	one_fault("birth_date", "\"1985-3-14\"", "/birth_date", "invalid_date");
	one_fault("birth_date", "\"1899-12-31\"", "/birth_date", "too_small");
	one_fault("birth_date", "\"2026-03-02\"", "/birth_date", "too_large");
	one_fault("iban", "\"LU28 0019 4006 4475 0001\"", "/iban", "invalid_iban");
	one_fault("email", "\"marie.schmit@example\"", "/email", "invalid_email");
	one_fault("email", "\"marie@schmit@example.lu\"", "/email", "invalid_email");
	one_fault("phone", "\"621 123 456\"", "/phone", "invalid_phone");
	one_fault("phone", "\"+352 62\"", "/phone", "invalid_phone");
	one_fault("national_id", "\"1985031410149\"", "/national_id", "invalid_national_id");
	one_fault("address",
		  "{\"street\": \"rue de la Gare\", \"postcode\": \"1611\", \"locality\": \"Luxembourg\"}",
		  "/address/postcode", "invalid_postcode");
	one_fault("address", "{\"street\": \"rue de la Gare\", \"postcode\": \"L-1611\"}", "/address/locality",
		  "required");
	one_fault("address",
		  "{\"street\": \"r\", \"postcode\": \"L-1611\", \"locality\": \"L\", \"floor\": \"2\"}",
		  "/address/floor", "unknown_field");
	one_fault("end_date", "\"2026-03-09\"", "/end_date", "rule");
	one_fault("total", "145050", "/total", "computed_field");
	one_fault("age", "40", "/age", "computed_field");
}

/** What else is accepted: a foreign address, phone punctuation, equal dates for the rule. */
static void test_accepted_forms(void **state)
{
	const char *ok[][2] = {
		{"address", "{\"street\": \"Rue Neuve\", \"postcode\": \"57000\", \"locality\": \"Metz\", \"country\": \"FRA\"}"},
		{"phone", "\"+352 (621) 123-456\""},
		{"phone", "\"+49.30.1234.5678\""},
		{"end_date", "\"2026-03-10\""},
		{"rooms", "2.5"},
		{"plate", "\"\""},
		{"email", "null"},
		{"has_partner", "false"},
		{"birth_date", "\"2000-02-29\""},
	};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		json_t *d = valid_data();
		set(d, ok[i][0], ok[i][1]);
		json_t *errors = check(d, "en", NULL);
		if (json_array_size(errors) != 0) {
			dump(errors);
			fail_msg("refused accepted form %zu", i);
		}
		json_decref(errors);
		json_decref(d);
	}
}

static void test_group_pointers(void **state)
{
	json_t *d = valid_data();
	set(d, "children",
	    "[{\"birth_date\": \"2015-03-02\"},"
	    " {\"name\": \"Léa\", \"birth_date\": \"2019-02-30\", \"shoe_size\": 30},"
	    " \"Tom\"]");
	json_t *errors = check(d, "en", NULL);
	assert_int_equal(json_array_size(errors), 4);
	assert_non_null(find(errors, "/children/0/name", "required"));
	assert_non_null(find(errors, "/children/1/birth_date", "invalid_date"));
	assert_non_null(find(errors, "/children/1/shoe_size", "unknown_field"));
	assert_non_null(find(errors, "/children/2", "wrong_type"));
	json_decref(errors);

	set(d, "children", "[{\"name\": \"A\", \"birth_date\": \"2015-03-02\"}, {\"name\": \"B\", \"birth_date\": \"2015-03-02\"},"
			   " {\"name\": \"C\", \"birth_date\": \"2015-03-02\"}, {\"name\": \"D\", \"birth_date\": \"2015-03-02\"}]");
	errors = check(d, "en", NULL);
	expect_only(errors, "/children", "too_many");
	json_decref(errors);

	/* a field hidden inside an item: dropped from that item only */
	json_t *norm = NULL;
	set(d, "children", "[{\"name\": \"A\", \"birth_date\": \"2015-03-02\", \"at_school\": false, \"school\": \"X\"},"
			   " {\"name\": \"B\", \"birth_date\": \"2015-03-02\", \"at_school\": true, \"school\": \"Y\"}]");
	errors = check(d, "en", &norm);
	assert_int_equal(json_array_size(errors), 0);
	json_t *children = json_object_get(norm, "children");
	assert_null(json_object_get(json_array_get(children, 0), "school"));
	assert_string_equal(json_string_value(json_object_get(json_array_get(children, 1), "school")), "Y");
	json_decref(norm);
	json_decref(errors);
	json_decref(d);
}

/** Six different faults give six errors, in definition order, unknown fields and rules last. */
static void test_all_at_once(void **state)
{
	json_t *d = valid_data();
	set(d, "given_name", NULL);
	set(d, "birth_date", "\"1985-02-30\"");
	set(d, "iban", "\"LU28 0019 4006 4475 0001\"");
	set(d, "rent", "\"1200\"");
	set(d, "end_date", "\"2026-03-01\"");
	set(d, "colour", "\"blue\"");
	json_t *errors = check(d, "en", NULL);
	if (json_array_size(errors) != 6)
		dump(errors);
	assert_int_equal(json_array_size(errors), 6);
	const char *order[][2] = {{"/given_name", "required"}, {"/birth_date", "invalid_date"},
				  {"/iban", "invalid_iban"},     {"/rent", "wrong_type"},
				  {"/colour", "unknown_field"},  {"/end_date", "rule"}};
	for (size_t i = 0; i < 6; i++) {
		const json_t *e = json_array_get(errors, i);
		assert_string_equal(json_string_value(json_object_get(e, "field")), order[i][0]);
		assert_string_equal(json_string_value(json_object_get(e, "code")), order[i][1]);
		assert_true(json_string_length(json_object_get(e, "message")) > 0);
	}
	json_decref(errors);
	json_decref(d);
}

/* Conditions chain (procedures/shown.h): a field whose condition names a
 * hidden field is hidden too, whatever that field's stale answer; a
 * multichoice condition holds when the value is one of those chosen. */
static void test_show_if_chain(void **state)
{
	json_error_t e;
	json_t *def = json_loads(
		"{\"steps\": ["
		" {\"id\": \"one\", \"fields\": ["
		"  {\"id\": \"has_partner\", \"kind\": \"yesno\", \"required\": true},"
		"  {\"id\": \"partner_works\", \"kind\": \"choice\", \"required\": true,"
		"   \"show_if\": {\"field\": \"has_partner\", \"equals\": true},"
		"   \"options\": [{\"value\": \"yes\"}, {\"value\": \"no\"}]},"
		"  {\"id\": \"languages\", \"kind\": \"multichoice\", \"options\": [{\"value\": \"fr\"}, {\"value\": \"de\"}]}"
		" ]},"
		" {\"id\": \"two\", \"fields\": ["
		"  {\"id\": \"transport\", \"kind\": \"choice\", \"required\": true,"
		"   \"show_if\": {\"field\": \"partner_works\", \"equals\": \"yes\"},"
		"   \"options\": [{\"value\": \"car\"}, {\"value\": \"bus\"}]},"
		"  {\"id\": \"plate\", \"kind\": \"text\", \"required\": true, \"pattern\": \"^[A-Z]{2} [0-9]{4}$\","
		"   \"show_if\": {\"field\": \"transport\", \"equals\": \"car\"}},"
		"  {\"id\": \"german\", \"kind\": \"text\", \"required\": true,"
		"   \"show_if\": {\"field\": \"languages\", \"equals\": \"de\"}}"
		" ]}"
		"]}",
		0, &e);
	assert_non_null(def);
	json_t *d = json_loads("{\"has_partner\": false, \"partner_works\": \"yes\", \"transport\": \"car\","
			       " \"plate\": \"not a plate\", \"languages\": [\"fr\"]}", 0, &e);
	json_t *norm = NULL;
	json_t *errors = gx_submission_validate(def, d, NULL, "en", TODAY, &norm);
	if (json_array_size(errors) != 0)
		dump(errors);
	assert_int_equal(json_array_size(errors), 0);
	assert_null(json_object_get(norm, "partner_works"));
	assert_null(json_object_get(norm, "transport"));
	assert_null(json_object_get(norm, "plate"));
	json_decref(norm);
	json_decref(errors);

	/* The chain holds: every link is shown, required and checked. */
	set(d, "has_partner", "true");
	set(d, "languages", "[\"fr\", \"de\"]");
	errors = gx_submission_validate(def, d, NULL, "en", TODAY, NULL);
	assert_int_equal(json_array_size(errors), 2);
	assert_non_null(find(errors, "/plate", "pattern"));
	assert_non_null(find(errors, "/german", "required"));
	json_decref(errors);
	json_decref(d);
	json_decref(def);
}

static void test_show_if_required_if(void **state)
{
	json_t *d = valid_data(), *norm = NULL;
	/* hidden but submitted: dropped, no error, even when it would be invalid */
	set(d, "partner_name", "42");
	json_t *errors = check(d, "en", &norm);
	assert_int_equal(json_array_size(errors), 0);
	assert_null(json_object_get(norm, "partner_name"));
	json_decref(norm);
	json_decref(errors);

	/* shown: required_if applies, and so do the checks of its kind */
	set(d, "has_partner", "true");
	set(d, "partner_name", NULL);
	errors = check(d, "en", NULL);
	assert_int_equal(json_array_size(errors), 2);
	assert_non_null(find(errors, "/partner_name", "required"));
	assert_non_null(find(errors, "/partner_job", "required"));
	json_decref(errors);

	set(d, "partner_name", "42");
	set(d, "partner_job", "\"Baker\"");
	errors = check(d, "en", NULL);
	expect_only(errors, "/partner_name", "wrong_type");
	json_decref(errors);

	set(d, "partner_name", "\"Jean\"");
	errors = check(d, "en", &norm);
	assert_int_equal(json_array_size(errors), 0);
	assert_string_equal(json_string_value(json_object_get(norm, "partner_name")), "Jean");
	json_decref(norm);
	json_decref(errors);

	/* required_if not met: optional */
	set(d, "has_partner", "false");
	set(d, "partner_job", NULL);
	errors = check(d, "en", NULL);
	assert_int_equal(json_array_size(errors), 0);
	json_decref(errors);
	json_decref(d);
}

static void test_computed(void **state)
{
	json_t *d = valid_data(), *norm = NULL;
	set(d, "charges", NULL);
	json_t *errors = check(d, "en", &norm);
	assert_int_equal(json_array_size(errors), 0);
	assert_true(json_is_integer(json_object_get(norm, "total")));
	assert_int_equal(json_integer_value(json_object_get(norm, "total")), 120000);
	json_decref(norm);
	json_decref(errors);

	/* the age turns on the birthday itself */
	set(d, "birth_date", "\"2008-03-01\"");
	errors = check(d, "en", &norm);
	assert_int_equal(json_integer_value(json_object_get(norm, "age")), 18);
	json_decref(norm);
	json_decref(errors);
	set(d, "birth_date", "\"2008-03-02\"");
	errors = check(d, "en", &norm);
	assert_int_equal(json_integer_value(json_object_get(norm, "age")), 17);
	json_decref(norm);
	json_decref(errors);

	/* a sum beyond 64-bit integers is still a sum, not a wrapped-around one */
	set(d, "rent", "9223372036854775807");
	set(d, "charges", "9223372036854775807");
	errors = check(d, "en", &norm);
	assert_true(json_is_real(json_object_get(norm, "total")));
	assert_true(json_real_value(json_object_get(norm, "total")) > 1e19);
	json_decref(norm);
	json_decref(errors);
	set(d, "rent", "120000");
	set(d, "charges", NULL);

	/* a submitted computed value is refused and replaced */
	set(d, "total", "1");
	errors = check(d, "en", &norm);
	expect_only(errors, "/total", "computed_field");
	assert_int_equal(json_integer_value(json_object_get(norm, "total")), 120000);
	json_decref(norm);
	json_decref(errors);
	json_decref(d);
}

/** Bounds relative to today: years, days, and a 29 February today. */
static void test_relative_dates(void **state)
{
	json_t *d = valid_data();
	set(d, "adult_birth", "\"2008-03-01\"");
	json_t *errors = check(d, "en", NULL);
	assert_int_equal(json_array_size(errors), 0);
	json_decref(errors);
	set(d, "adult_birth", "\"2008-03-02\"");
	errors = check(d, "en", NULL);
	expect_only(errors, "/adult_birth", "too_large");
	json_decref(errors);

	set(d, "adult_birth", NULL);
	set(d, "start_date", "\"2026-01-30\""); /* today-30d is 2026-01-30 */
	set(d, "end_date", NULL);
	errors = check(d, "en", NULL);
	assert_int_equal(json_array_size(errors), 0);
	json_decref(errors);
	set(d, "start_date", "\"2026-01-29\"");
	errors = check(d, "en", NULL);
	expect_only(errors, "/start_date", "too_small");
	json_decref(errors);
	set(d, "start_date", "\"2027-03-02\"");
	errors = check(d, "en", NULL);
	expect_only(errors, "/start_date", "too_large");
	json_decref(errors);

	/* today 2024-02-29: eighteen years before is 2006-02-28 */
	set(d, "start_date", NULL);
	set(d, "children", NULL);
	set(d, "adult_birth", "\"2006-02-28\"");
	errors = gx_submission_validate(definition, d, NULL, "en", "2024-02-29", NULL);
	assert_int_equal(json_array_size(errors), 0);
	json_decref(errors);
	set(d, "adult_birth", "\"2006-03-01\"");
	errors = gx_submission_validate(definition, d, NULL, "en", "2024-02-29", NULL);
	expect_only(errors, "/adult_birth", "too_large");
	json_decref(errors);
	json_decref(d);
}

/** The identity provider's demo population: every id valid; a changed check digit refused. */
static void test_national_ids(void **state)
{
	json_t *list = json_load_file("idp/fixtures/demo-population.json", 0, NULL);
	assert_non_null(list);
	assert_true(json_array_size(list) >= 6);
	json_t *d = valid_data();
	for (size_t i = 0; i < json_array_size(list); i++) {
		const char *id = json_string_value(json_object_get(json_array_get(list, i), "national_id"));
		assert_non_null(id);
		assert_int_equal(strlen(id), 13);
		set(d, "national_id", NULL);
		json_object_set_new(d, "national_id", json_string(id));
		json_t *errors = check(d, "en", NULL);
		if (json_array_size(errors) != 0)
			fail_msg("refused the id of person %zu", i);
		json_decref(errors);
		for (int k = 11; k <= 12; k++) {
			char altered[14];
			memcpy(altered, id, 14);
			altered[k] = (char)(altered[k] == '9' ? '0' : altered[k] + 1);
			json_object_set_new(d, "national_id", json_string(altered));
			errors = check(d, "en", NULL);
			expect_only(errors, "/national_id", "invalid_national_id");
			json_decref(errors);
		}
	}
	json_decref(d);
	json_decref(list);
}

static const char *message_of(const char *lang, const char *key, const char *text, const char *pointer,
			      const char *code, char *out, size_t n)
{
	json_t *d = valid_data();
	set(d, key, text);
	json_t *errors = check(d, lang, NULL);
	const json_t *e = find(errors, pointer, code);
	assert_non_null(e);
	snprintf(out, n, "%s", json_string_value(json_object_get(e, "message")));
	json_decref(errors);
	json_decref(d);
	return out;
}

static void test_languages(void **state)
{
	char fr[256], de[256], en[256], lb[256], xx[256];
	message_of("fr", "iban", "\"LU00 1111\"", "/iban", "invalid_iban", fr, sizeof fr);
	message_of("de", "iban", "\"LU00 1111\"", "/iban", "invalid_iban", de, sizeof de);
	message_of("en", "iban", "\"LU00 1111\"", "/iban", "invalid_iban", en, sizeof en);
	message_of("lb", "iban", "\"LU00 1111\"", "/iban", "invalid_iban", lb, sizeof lb);
	message_of("xx", "iban", "\"LU00 1111\"", "/iban", "invalid_iban", xx, sizeof xx);
	assert_string_equal(en, "This IBAN is not valid: check it on your bank statement");
	assert_non_null(strstr(fr, "IBAN n'est pas valide"));
	assert_non_null(strstr(de, "IBAN ist ungültig"));
	assert_string_equal(lb, de);
	assert_string_equal(xx, fr);
	/* a bound, written as the language writes it; never the value */
	message_of("de", "birth_date", "\"2026-05-01\"", "/birth_date", "too_large", de, sizeof de);
	assert_string_equal(de, "Geben Sie ein Datum bis zum 01.03.2026 ein");
	message_of("en", "rent", "500001", "/rent", "too_large", en, sizeof en);
	assert_string_equal(en, "Enter an amount of at most € 5000.00");
	message_of("fr", "rent", "500001", "/rent", "too_large", fr, sizeof fr);
	assert_string_equal(fr, "Saisissez un montant d'au plus 5000,00 €");
	message_of("en", "given_name", "\"Marie-Christine Josephine\"", "/given_name", "too_long", en, sizeof en);
	assert_string_equal(en, "Enter at most 20 characters");
	assert_null(strstr(en, "Josephine"));
	/* a rule's own message */
	message_of("fr", "end_date", "\"2026-03-09\"", "/end_date", "rule", fr, sizeof fr);
	assert_string_equal(fr, "La fin suit le début");
	message_of("lb", "end_date", "\"2026-03-09\"", "/end_date", "rule", lb, sizeof lb);
	assert_string_equal(lb, "Das Ende folgt dem Beginn");
}

/* The error at pointer in errors of data against the definition text, in lang. */
static const json_t *error_of(const json_t *errors, const char *pointer)
{
	size_t i;
	json_t *e;
	json_array_foreach(errors, i, e) if (strcmp(json_string_value(json_object_get(e, "field")), pointer) == 0) return e;
	fail_msg("no error at %s", pointer);
	return NULL;
}

/** GOV.UK's pattern: each error says what to do for its kind of field, and
 *  names the field by its label (a group's item as its legend: "Children 2:
 *  Date of birth"), in the person's language. */
/** A group's items are named as their legends: with item_labels "Child 2:
 *  Date of birth" under a group labelled "Children"; the group's own error
 *  keeps the group's label; nested in another group, each level its own. */
static void test_item_labels_name_items(void **state)
{
	static const char def[] =
		"{\"steps\": [{\"id\": \"s\", \"fields\": ["
		" {\"id\": \"children\", \"kind\": \"group\", \"min_items\": 3,"
		"  \"labels\": {\"fr\": \"Enfants\", \"de\": \"Kinder\", \"en\": \"Children\"},"
		"  \"item_labels\": {\"fr\": \"Enfant\", \"de\": \"Kind\", \"en\": \"Child\"},"
		"  \"fields\": [{\"id\": \"birth_date\", \"kind\": \"date\", \"required\": true, \"labels\": {\"fr\": \"Né le\","
		"   \"de\": \"Geboren am\", \"en\": \"Date of birth\"}},"
		"   {\"id\": \"pets\", \"kind\": \"group\", \"labels\": {\"fr\": \"Animaux\", \"de\": \"Tiere\", \"en\": \"Pets\"},"
		"    \"item_labels\": {\"fr\": \"Animal\", \"de\": \"Tier\", \"en\": \"Pet\"},"
		"    \"fields\": [{\"id\": \"name\", \"kind\": \"text\", \"required\": true,"
		"     \"labels\": {\"fr\": \"Nom\", \"de\": \"Name\", \"en\": \"Name\"}}]},"
		"   {\"id\": \"school\", \"kind\": \"text\", \"required\": true,"
		"    \"labels\": {\"fr\": \"École\", \"de\": \"Schule\", \"en\": \"School\"}}]}]}]}";
	json_t *d = json_loads(def, 0, NULL);
	assert_non_null(d);
	json_t *data = json_loads("{\"children\": [{\"birth_date\": \"2020-01-01\", \"school\": \"A\"},"
				  " {\"pets\": [{\"name\": \"Rex\"}, {}]}]}", 0, NULL);
	json_t *errors = gx_submission_validate(d, data, NULL, "en", "2026-03-01", NULL);
	assert_string_equal(json_string_value(json_object_get(error_of(errors, "/children"), "label")), "Children");
	assert_string_equal(json_string_value(json_object_get(error_of(errors, "/children/1/birth_date"), "label")),
			    "Child 2: Date of birth");
	assert_string_equal(json_string_value(json_object_get(error_of(errors, "/children/1/pets/1/name"), "label")),
			    "Child 2: Pet 2: Name");
	/* after the nested group, its sibling is named under the item again */
	assert_string_equal(json_string_value(json_object_get(error_of(errors, "/children/1/school"), "label")),
			    "Child 2: School");
	json_decref(errors);
	errors = gx_submission_validate(d, data, NULL, "de", "2026-03-01", NULL);
	assert_string_equal(json_string_value(json_object_get(error_of(errors, "/children/1/pets/1/name"), "label")),
			    "Kind 2: Tier 2: Name");
	assert_string_equal(json_string_value(json_object_get(error_of(errors, "/children"), "label")), "Kinder");
	json_decref(errors);
	json_decref(data);
	json_decref(d);
}

static void test_messages_name_the_field(void **state)
{
	static const char def[] =
		"{\"steps\": [{\"id\": \"s\", \"fields\": ["
		" {\"id\": \"email\", \"kind\": \"email\", \"required\": true, \"labels\": {\"fr\": \"Adresse e-mail\","
		"  \"de\": \"E-Mail-Adresse\", \"en\": \"Email address\"}},"
		" {\"id\": \"moves\", \"kind\": \"yesno\", \"required\": true, \"labels\": {\"fr\": \"Déménagez-vous ?\","
		"  \"de\": \"Ziehen Sie um?\", \"en\": \"Are you moving?\"}},"
		" {\"id\": \"when\", \"kind\": \"date\", \"required\": true, \"labels\": {\"fr\": \"Date\", \"de\": \"Datum\","
		"  \"en\": \"Date\", \"lb\": \"Datum (lb)\"}},"
		" {\"id\": \"home\", \"kind\": \"address\", \"required\": true, \"labels\": {\"fr\": \"Adresse\", \"de\": \"Adresse\","
		"  \"en\": \"Address\"}},"
		" {\"id\": \"children\", \"kind\": \"group\", \"labels\": {\"fr\": \"Enfant\", \"de\": \"Kind\", \"en\": \"Child\"},"
		"  \"fields\": [{\"id\": \"birth_date\", \"kind\": \"date\", \"required\": true, \"labels\": {\"fr\": \"Né le\","
		"   \"de\": \"Geboren am\", \"en\": \"Date of birth\"}}]},"
		" {\"id\": \"proof\", \"kind\": \"file\", \"required\": true, \"labels\": {\"fr\": \"Preuve\", \"de\": \"Nachweis\","
		"  \"en\": \"Proof\"}, \"file\": {\"types\": [\"application/pdf\"], \"max_bytes\": 1000}}]}]}";
	json_t *d = json_loads(def, 0, NULL);
	assert_non_null(d);
	json_t *data = json_loads("{\"when\": \"2026-02-30\", \"home\": {\"street\": \"Rue\"},"
				  " \"children\": [{\"birth_date\": \"2020-01-01\"}, {}]}", 0, NULL);
	json_t *errors = gx_submission_validate(d, data, NULL, "en", "2026-03-01", NULL);
	const json_t *e = error_of(errors, "/email");
	assert_string_equal(json_string_value(json_object_get(e, "message")),
			    "Enter an email address, for example name@example.lu");
	assert_string_equal(json_string_value(json_object_get(e, "label")), "Email address");
	assert_string_equal(json_string_value(json_object_get(e, "code")), "required");
	assert_string_equal(json_string_value(json_object_get(error_of(errors, "/moves"), "message")), "Select yes or no");
	assert_string_equal(json_string_value(json_object_get(error_of(errors, "/when"), "message")),
			    "Enter the date in the form 2026-01-29");
	e = error_of(errors, "/home/postcode");
	assert_string_equal(json_string_value(json_object_get(e, "message")), "Enter the postcode");
	assert_string_equal(json_string_value(json_object_get(e, "label")), "Address");
	e = error_of(errors, "/children/1/birth_date");
	assert_string_equal(json_string_value(json_object_get(e, "label")), "Child 2: Date of birth");
	assert_string_equal(json_string_value(json_object_get(e, "message")), "Enter the date in the form 2026-01-29");
	assert_string_equal(json_string_value(json_object_get(error_of(errors, "/proof"), "message")), "Upload a file");
	json_decref(errors);

	errors = gx_submission_validate(d, data, NULL, "fr", "2026-03-01", NULL);
	e = error_of(errors, "/email");
	assert_string_equal(json_string_value(json_object_get(e, "label")), "Adresse e-mail");
	assert_string_equal(json_string_value(json_object_get(e, "message")),
			    "Saisissez une adresse e-mail, par exemple nom@exemple.lu");
	assert_string_equal(json_string_value(json_object_get(error_of(errors, "/children/1/birth_date"), "label")),
			    "Enfant 2: Né le");
	json_decref(errors);
	errors = gx_submission_validate(d, data, NULL, "lb", "2026-03-01", NULL);
	assert_string_equal(json_string_value(json_object_get(error_of(errors, "/when"), "label")), "Datum (lb)");
	assert_string_equal(json_string_value(json_object_get(error_of(errors, "/moves"), "message")),
			    "Wählen Sie Ja oder Nein");
	json_decref(errors);
	json_decref(data);
	json_decref(d);
}

/** Whatever the input, an answer, and no crash. */
static void test_odd_inputs(void **state)
{
	json_t *errors = gx_submission_validate(definition, NULL, NULL, "en", TODAY, NULL);
	assert_non_null(find(errors, "", "wrong_type"));
	assert_non_null(find(errors, "/given_name", "required"));
	json_decref(errors);

	json_t *arr = json_array(), *norm = NULL;
	errors = gx_submission_validate(definition, arr, NULL, NULL, NULL, &norm);
	assert_non_null(find(errors, "", "wrong_type"));
	assert_true(json_is_object(norm));
	json_decref(norm);
	json_decref(errors);
	json_decref(arr);

	json_t *d = valid_data();
	errors = gx_submission_validate(NULL, d, NULL, "en", TODAY, NULL);
	assert_non_null(find(errors, "/given_name", "unknown_field"));
	json_decref(errors);
	json_t *bad = json_loads("{\"steps\": [{\"fields\": [{\"id\": 1}, 3, {\"id\": \"x\", \"kind\": \"text\","
				 " \"pattern\": \"([\", \"show_if\": {\"field\": \"x\"}}]}], \"rules\": 5}",
				 0, NULL);
	assert_non_null(bad);
	errors = gx_submission_validate(bad, d, NULL, "en", "not a date", NULL);
	assert_true(json_is_array(errors));
	json_decref(errors);
	json_decref(bad);

	/* an unknown key needing escapes in its pointer */
	json_object_set_new(d, "a/b~c", json_true());
	errors = check(d, "en", NULL);
	expect_only(errors, "/a~1b~0c", "unknown_field");
	json_decref(errors);
	json_decref(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_submission),
		cmocka_unit_test(test_attachments_of_the_draft),
		cmocka_unit_test(test_each_code),
		cmocka_unit_test(test_accepted_forms),
		cmocka_unit_test(test_group_pointers),
		cmocka_unit_test(test_all_at_once),
		cmocka_unit_test(test_show_if_required_if),
		cmocka_unit_test(test_show_if_chain),
		cmocka_unit_test(test_computed),
		cmocka_unit_test(test_relative_dates),
		cmocka_unit_test(test_national_ids),
		cmocka_unit_test(test_languages),
		cmocka_unit_test(test_messages_name_the_field),
		cmocka_unit_test(test_item_labels_name_items),
		cmocka_unit_test(test_odd_inputs),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
