/** Tests of show_if as the validator and the pages read it: chains of
 *  conditions (a field whose condition names a hidden field is hidden,
 *  whatever that field's stale answer), multichoice conditions, group items
 *  looking up their own level then the enclosing ones, computed values,
 *  blank answers, and a cycle in an unchecked definition. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <string.h>

#include "procedures/shown.h"

/* A shown when has_partner; B when A is "yes"; C when B is "car": a chain
 * across two steps. */
static const char definition_text[] =
	"{\"steps\": ["
	" {\"id\": \"one\", \"fields\": ["
	"  {\"id\": \"has_partner\", \"kind\": \"yesno\"},"
	"  {\"id\": \"partner_works\", \"kind\": \"choice\", \"show_if\": {\"field\": \"has_partner\", \"equals\": true},"
	"   \"options\": [{\"value\": \"yes\"}, {\"value\": \"no\"}]},"
	"  {\"id\": \"languages\", \"kind\": \"multichoice\", \"options\": [{\"value\": \"fr\"}, {\"value\": \"de\"}]},"
	"  {\"id\": \"rent\", \"kind\": \"amount\"},"
	"  {\"id\": \"total\", \"kind\": \"amount\", \"compute\": {\"op\": \"sum\", \"of\": [\"rent\"]}}"
	" ]},"
	" {\"id\": \"two\", \"fields\": ["
	"  {\"id\": \"transport\", \"kind\": \"choice\", \"show_if\": {\"field\": \"partner_works\", \"equals\": \"yes\"},"
	"   \"options\": [{\"value\": \"car\"}, {\"value\": \"bus\"}]},"
	"  {\"id\": \"plate\", \"kind\": \"text\", \"show_if\": {\"field\": \"transport\", \"equals\": \"car\"}},"
	"  {\"id\": \"german_form\", \"kind\": \"yesno\", \"show_if\": {\"field\": \"languages\", \"equals\": \"de\"}},"
	"  {\"id\": \"any_total\", \"kind\": \"text\", \"show_if\": {\"field\": \"total\"}},"
	"  {\"id\": \"children\", \"kind\": \"group\", \"fields\": ["
	"   {\"id\": \"at_school\", \"kind\": \"yesno\"},"
	"   {\"id\": \"school\", \"kind\": \"text\", \"show_if\": {\"field\": \"at_school\", \"equals\": true}},"
	"   {\"id\": \"bus_pass\", \"kind\": \"yesno\", \"show_if\": {\"field\": \"transport\", \"equals\": \"bus\"}},"
	"   {\"id\": \"has_partner\", \"kind\": \"yesno\"},"
	"   {\"id\": \"shadowed\", \"kind\": \"text\", \"show_if\": {\"field\": \"has_partner\", \"equals\": true}}"
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

/* The field id's definition among the steps' fields. */
static const json_t *field(const char *id)
{
	const json_t *steps = json_object_get(definition, "steps");
	for (size_t i = 0; i < json_array_size(steps); i++) {
		const json_t *fields = json_object_get(json_array_get(steps, i), "fields");
		for (size_t j = 0; j < json_array_size(fields); j++)
			if (strcmp(json_string_value(json_object_get(json_array_get(fields, j), "id")), id) == 0)
				return json_array_get(fields, j);
	}
	fail_msg("no field %s", id);
	return NULL;
}

static const json_t *sub_field(const json_t *group, const char *id)
{
	const json_t *fields = json_object_get(group, "fields");
	for (size_t j = 0; j < json_array_size(fields); j++)
		if (strcmp(json_string_value(json_object_get(json_array_get(fields, j), "id")), id) == 0)
			return json_array_get(fields, j);
	fail_msg("no field %s", id);
	return NULL;
}

static bool shown_with(const char *answers, const char *id)
{
	json_error_t err;
	json_t *data = json_loads(answers, 0, &err);
	assert_non_null(data);
	struct gx_show_level top = {.steps = json_object_get(definition, "steps"), .data = data};
	bool shown = gx_field_shown(&top, field(id));
	json_decref(data);
	return shown;
}

static void test_chain(void **state)
{
	const char *all_yes = "{\"has_partner\": true, \"partner_works\": \"yes\", \"transport\": \"car\"}";
	assert_true(shown_with(all_yes, "partner_works"));
	assert_true(shown_with(all_yes, "transport"));
	assert_true(shown_with(all_yes, "plate"));
	/* No partner: partner_works is hidden, so its stale "yes" hides
	 * transport, and transport's stale "car" hides plate. */
	const char *stale = "{\"has_partner\": false, \"partner_works\": \"yes\", \"transport\": \"car\"}";
	assert_false(shown_with(stale, "partner_works"));
	assert_false(shown_with(stale, "transport"));
	assert_false(shown_with(stale, "plate"));
	/* Not answered at all: the same. */
	assert_false(shown_with("{\"partner_works\": \"yes\", \"transport\": \"car\"}", "plate"));
	/* The middle link answered otherwise. */
	assert_false(shown_with("{\"has_partner\": true, \"partner_works\": \"yes\", \"transport\": \"bus\"}", "plate"));
	/* No condition: always shown. */
	assert_true(shown_with("{}", "has_partner"));
}

static void test_answers(void **state)
{
	/* A multichoice: shown when the value is one of those chosen. */
	assert_true(shown_with("{\"languages\": [\"fr\", \"de\"]}", "german_form"));
	assert_false(shown_with("{\"languages\": [\"fr\"]}", "german_form"));
	assert_false(shown_with("{\"languages\": []}", "german_form"));
	/* A blank string is not an answer. */
	assert_false(shown_with("{\"has_partner\": true, \"partner_works\": \"  \", \"transport\": \"car\"}", "transport"));
	assert_true(gx_answer_empty(NULL));
	assert_true(gx_answer_empty(json_null()));
	assert_false(gx_answer_empty(json_false()));
	json_t *zero = json_integer(0);
	assert_false(gx_answer_empty(zero));
	json_decref(zero);

	/* A computed field is read from the computed values, not the answers. */
	json_error_t err;
	json_t *data = json_loads("{\"rent\": 100, \"total\": 5}", 0, &err);
	json_t *computed = json_loads("{\"rent\": 100, \"total\": 100}", 0, &err);
	struct gx_show_level top = {.steps = json_object_get(definition, "steps"), .data = data};
	assert_false(gx_field_shown(&top, field("any_total")));
	assert_null(gx_field_answer(&top, "total"));
	top.computed = computed;
	assert_true(gx_field_shown(&top, field("any_total")));
	assert_int_equal(json_integer_value(gx_field_answer(&top, "total")), 100);
	assert_int_equal(json_integer_value(gx_field_answer(&top, "rent")), 100);
	assert_null(gx_field_answer(&top, "no_such_field"));
	assert_null(gx_field_answer(&top, NULL));
	json_decref(data);
	json_decref(computed);
}

/* In a group item: its own fields first, then the steps' (chains included). */
static void test_group_items(void **state)
{
	json_error_t err;
	json_t *data = json_loads("{\"has_partner\": false, \"partner_works\": \"yes\", \"transport\": \"bus\","
				  " \"children\": [{\"at_school\": true, \"has_partner\": true}, {\"at_school\": false}]}",
				  0, &err);
	const json_t *group = field("children");
	struct gx_show_level top = {.steps = json_object_get(definition, "steps"), .data = data};
	struct gx_show_level first = {.fields = json_object_get(group, "fields"),
				      .data = json_array_get(json_object_get(data, "children"), 0), .parent = &top};
	struct gx_show_level second = first;
	second.data = json_array_get(json_object_get(data, "children"), 1);
	assert_true(gx_field_shown(&first, sub_field(group, "school")));
	assert_false(gx_field_shown(&second, sub_field(group, "school")));
	/* bus_pass names a step field, transport, hidden by the chain above. */
	assert_false(gx_field_shown(&first, sub_field(group, "bus_pass")));
	assert_null(gx_field_answer(&top, "partner_works"));
	/* The item's own has_partner shadows the step field of the same id. */
	assert_true(gx_field_shown(&first, sub_field(group, "shadowed")));
	assert_false(gx_field_shown(&second, sub_field(group, "shadowed")));
	/* With the chain satisfied, bus_pass shows in every item. */
	json_object_set_new(data, "has_partner", json_true());
	assert_true(gx_field_shown(&first, sub_field(group, "bus_pass")));
	assert_true(gx_field_shown(&second, sub_field(group, "bus_pass")));
	json_decref(data);
}

/* An unchecked definition whose conditions name each other: hidden, no endless walk. */
static void test_cycle(void **state)
{
	json_error_t err;
	json_t *steps = json_loads("[{\"fields\": ["
				   " {\"id\": \"a\", \"show_if\": {\"field\": \"b\"}},"
				   " {\"id\": \"b\", \"show_if\": {\"field\": \"a\"}},"
				   " {\"id\": \"c\", \"show_if\": {\"field\": \"c\"}}]}]",
				   0, &err);
	json_t *data = json_loads("{\"a\": true, \"b\": true, \"c\": true}", 0, &err);
	struct gx_show_level top = {.steps = steps, .data = data};
	const json_t *fields = json_object_get(json_array_get(steps, 0), "fields");
	for (size_t i = 0; i < 3; i++)
		assert_false(gx_field_shown(&top, json_array_get(fields, i)));
	/* Nothing answered, not an object: nothing shown that has a condition. */
	top.data = NULL;
	assert_false(gx_field_shown(&top, json_array_get(fields, 0)));
	json_decref(steps);
	json_decref(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chain),
		cmocka_unit_test(test_answers),
		cmocka_unit_test(test_group_items),
		cmocka_unit_test(test_cycle),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
