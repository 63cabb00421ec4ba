/** Unit tests of a group's items from a register's list: each element
 *  itself ("children[]"), a member of each ("[].member"), objects' members
 *  by the fields' ids, nothing else (no unknown member, no null), at most
 *  max_items, a group within the group; and through the merge, with the
 *  group's provenance, and nothing for an empty list or a value that is not
 *  one. */

#include "procedures/prefill_items.h"
#include "procedures/prefill_merge.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static json_t *parse(const char *text)
{
	json_error_t err;
	json_t *v = json_loads(text, JSON_DECODE_ANY, &err);
	if (v == NULL)
		fail_msg("bad test JSON: %s", err.text);
	return v;
}

/* items as compact JSON with sorted keys (malloc'ed). */
static char *dump(const json_t *items)
{
	assert_non_null(items);
	char *s = json_dumps(items, JSON_COMPACT | JSON_SORT_KEYS);
	assert_non_null(s);
	return s;
}

static void expect_items(const char *group, const char *attribute, const char *list, const char *want)
{
	json_t *g = parse(group), *l = parse(list);
	json_t *items = gx_prefill_group_items(g, attribute, l, NULL, NULL);
	char *got = dump(items);
	assert_string_equal(got, want);
	free(got);
	json_decref(items);
	json_decref(l);
	json_decref(g);
}

#define CHILDREN                                                                                                 \
	"{\"id\": \"children\", \"kind\": \"group\", \"max_items\": 3,"                                                 \
	" \"prefill\": {\"source\": \"persons\", \"attribute\": \"children\"}, \"fields\": ["                          \
	" {\"id\": \"national_id\", \"kind\": \"national_id\", \"prefill\": {\"source\": \"persons\", \"attribute\": \"children[]\"}}," \
	" {\"id\": \"given_name\", \"kind\": \"text\"}, {\"id\": \"lives_with_you\", \"kind\": \"yesno\"}]}"

/* A list of national ids: each fills its item's national_id, the rest is the person's to answer. */
static void test_each_element(void **state)
{
	expect_items(CHILDREN, "children", "[\"2015061210011\", \"2018020310024\"]",
		     "[{\"national_id\":\"2015061210011\"},{\"national_id\":\"2018020310024\"}]");
	/* At most max_items, in the register's order; a null element gives an empty item. */
	expect_items(CHILDREN, "children", "[\"1\", \"2\", null, \"4\", \"5\"]",
		     "[{\"national_id\":\"1\"},{\"national_id\":\"2\"},{}]");
	expect_items(CHILDREN, "children", "[]", "[]");
	/* Not a list: nothing. */
	json_t *g = parse(CHILDREN), *v = parse("\"2015061210011\"");
	assert_null(gx_prefill_group_items(g, "children", v, NULL, NULL));
	json_decref(v);
	json_decref(g);
}

#define VEHICLES                                                                                                 \
	"{\"id\": \"vehicles\", \"kind\": \"group\", \"prefill\": {\"source\": \"vehicles\", \"attribute\": \"vehicles\"}," \
	" \"fields\": [{\"id\": \"plate\", \"kind\": \"text\"}, {\"id\": \"make\", \"kind\": \"text\"},"               \
	" {\"id\": \"registered\", \"kind\": \"date\", \"prefill\": {\"source\": \"vehicles\", \"attribute\": \"vehicles[].first_registration\"}}," \
	" {\"id\": \"colour\", \"kind\": \"text\", \"prefill\": {\"source\": \"vehicles\", \"attribute\": \"vehicles[].paint\"}}," \
	" {\"id\": \"model\", \"kind\": \"text\", \"prefill\": {\"source\": \"vehicles\", \"attribute\": \"other[].model\"}}]}"

/* Objects: members by the fields' ids, or as a field's prefill names them; nothing else. */
static void test_members(void **state)
{
	expect_items(VEHICLES, "vehicles",
		     "[{\"plate\": \"AB 1234\", \"make\": \"Renault\", \"model\": \"Clio\", \"first_registration\": \"2019-04-02\","
		     "  \"vin\": \"VF1\", \"paint\": null},"
		     " {\"plate\": \"CD 5678\", \"registered\": \"not this one\"}, \"a string\", 7]",
		     "[{\"make\":\"Renault\",\"plate\":\"AB 1234\",\"registered\":\"2019-04-02\"},{\"plate\":\"CD 5678\"},{},{}]");
	/* No max_items: the format's bound, 100. */
	json_t *list = json_array();
	for (int i = 0; i < 150; i++)
		json_array_append_new(list, json_pack("{s:s}", "plate", "AB 1234"));
	json_t *g = parse(VEHICLES);
	json_t *items = gx_prefill_group_items(g, "vehicles", list, NULL, NULL);
	assert_int_equal(json_array_size(items), 100);
	json_decref(items);
	json_decref(g);
	json_decref(list);
}

/* A group within the group takes a member that is a list; its items from objects' members. */
static void test_group_within(void **state)
{
	expect_items("{\"id\": \"companies\", \"kind\": \"group\", \"fields\": ["
		     " {\"id\": \"name\", \"kind\": \"text\"},"
		     " {\"id\": \"sites\", \"kind\": \"group\", \"max_items\": 1,"
		     "  \"prefill\": {\"source\": \"companies\", \"attribute\": \"managed_companies[].sites\"},"
		     "  \"fields\": [{\"id\": \"town\", \"kind\": \"text\"}]}]}",
		     "managed_companies",
		     "[{\"name\": \"Reuter S.à r.l.\", \"sites\": [{\"town\": \"Esch\", \"street\": \"x\"}, {\"town\": \"Wiltz\"}]},"
		     " {\"name\": \"Other\", \"sites\": \"not a list\"}]",
		     "[{\"name\":\"Reuter S.à r.l.\",\"sites\":[{\"town\":\"Esch\"}]},{\"name\":\"Other\"}]");
}

/* Through the merge: the items and the group's provenance; an empty list or a non-list fills nothing. */
static void test_merge(void **state)
{
	json_t *g = parse(CHILDREN);
	json_t *list = parse("[\"2015061210011\"]");
	struct gx_prefill_register_part reg = {.source = "persons", .attribute = "children", .outcome = "ok",
					       .value = list, .as_of = "2025-11-02", .version = 4};
	json_t *value, *prov;
	assert_int_equal(gx_prefill_merge(g, &reg, NULL, &value, &prov), 0);
	char *got = dump(value);
	assert_string_equal(got, "[{\"national_id\":\"2015061210011\"}]");
	free(got);
	assert_string_equal(json_string_value(json_object_get(prov, "source")), "persons");
	assert_string_equal(json_string_value(json_object_get(prov, "attribute")), "children");
	json_decref(value);
	json_decref(prov);
	json_decref(list);

	const char *nothing[] = {"[]", "\"2015061210011\"", "{\"a\": 1}"};
	for (size_t i = 0; i < 3; i++) {
		json_t *v = parse(nothing[i]);
		reg.value = v;
		assert_int_equal(gx_prefill_merge(g, &reg, NULL, &value, &prov), 0);
		assert_null(value);
		assert_null(prov);
		json_decref(v);
	}
	json_decref(g);
}

/* The register's records of two children, as the related round answers them. */
static const json_t *child_value(void *ctx, const char *key, const char *attribute, const char **as_of,
				 long long *version)
{
	const json_t *records = ctx;
	*as_of = "2026-01-03";
	*version = 4;
	return json_object_get(json_object_get(records, key), attribute);
}

/* A list of keys (children) and "<list>[].<attribute>": each child's own
 * value, with a provenance per item naming the list it came through. */
static void test_related(void **state)
{
	json_t *g = parse("{\"id\": \"children\", \"kind\": \"group\", \"prefill\": {\"source\": \"persons\", "
			  "\"attribute\": \"children\"}, \"fields\": ["
			  "{\"id\": \"national_id\", \"kind\": \"national_id\", \"prefill\": {\"source\": \"persons\", "
			  "\"attribute\": \"children[]\"}},"
			  "{\"id\": \"given_name\", \"kind\": \"text\", \"prefill\": {\"source\": \"persons\", "
			  "\"attribute\": \"children[].given_name\"}},"
			  "{\"id\": \"birth_date\", \"kind\": \"date\", \"prefill\": {\"source\": \"persons\", "
			  "\"attribute\": \"children[].birth_date\"}},"
			  "{\"id\": \"lives_with_you\", \"kind\": \"yesno\"}]}");
	json_t *records = parse("{\"2015061210011\": {\"given_name\": \"Léa\", \"birth_date\": \"2015-06-12\"},"
				" \"2018020310024\": {\"given_name\": \"Tom\"}}");
	json_t *list = parse("[\"2015061210011\", \"2018020310024\", \"2019010110001\"]");
	struct gx_prefill_related rel = {child_value, records, "persons"};
	json_t *provs = NULL;
	json_t *items = gx_prefill_group_items(g, "children", list, &rel, &provs);
	char *got = dump(items);
	assert_string_equal(got, "[{\"birth_date\":\"2015-06-12\",\"given_name\":\"L\u00e9a\",\"national_id\":\"2015061210011\"},"
				 "{\"given_name\":\"Tom\",\"national_id\":\"2018020310024\"},"
				 "{\"national_id\":\"2019010110001\"}]");
	free(got);
	got = dump(provs);
	assert_string_equal(got, "[{\"birth_date\":{\"as_of\":\"2026-01-03\",\"attribute\":\"birth_date\",\"of\":\"children\","
				 "\"source\":\"persons\",\"version\":4},\"given_name\":{\"as_of\":\"2026-01-03\",\"attribute\":"
				 "\"given_name\",\"of\":\"children\",\"source\":\"persons\",\"version\":4}},"
				 "{\"given_name\":{\"as_of\":\"2026-01-03\",\"attribute\":\"given_name\",\"of\":\"children\","
				 "\"source\":\"persons\",\"version\":4}},{}]");
	free(got);
	json_decref(items);
	json_decref(provs);
	/* without the related answers: the keys only */
	items = gx_prefill_group_items(g, "children", list, NULL, NULL);
	got = dump(items);
	assert_string_equal(got, "[{\"national_id\":\"2015061210011\"},{\"national_id\":\"2018020310024\"},"
				 "{\"national_id\":\"2019010110001\"}]");
	free(got);
	json_decref(items);

	/* through the merge: the group's provenance carries the items' */
	struct gx_prefill_register_part reg = {.source = "persons", .attribute = "children", .outcome = "ok",
					       .value = list, .as_of = "2026-01-02", .version = 9, .related = &rel};
	json_t *value = NULL, *prov = NULL;
	assert_int_equal(gx_prefill_merge(g, &reg, NULL, &value, &prov), 0);
	assert_int_equal(json_array_size(value), 3);
	assert_string_equal(json_string_value(json_object_get(prov, "as_of")), "2026-01-02");
	assert_int_equal(json_array_size(json_object_get(prov, "items")), 3);
	assert_string_equal(json_string_value(json_object_get(json_object_get(json_array_get(json_object_get(prov, "items"), 0),
									    "given_name"), "of")), "children");
	json_decref(value);
	json_decref(prov);
	/* a related subject's value for a step field ("of") says so */
	json_t *f = parse("{\"id\": \"partner_given_name\", \"kind\": \"text\"}");
	json_t *anne = json_string("Anne");
	struct gx_prefill_register_part one = {.source = "persons", .attribute = "given_name", .outcome = "ok",
					       .value = anne, .as_of = "2026-01-01", .version = 2, .of = "partner"};
	assert_int_equal(gx_prefill_merge(f, &one, NULL, &value, &prov), 0);
	assert_string_equal(json_string_value(value), "Anne");
	assert_string_equal(json_string_value(json_object_get(prov, "of")), "partner");
	json_decref(value);
	json_decref(prov);
	json_decref(anne);
	json_decref(f);
	json_decref(list);
	json_decref(records);
	json_decref(g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_element),
		cmocka_unit_test(test_members),
		cmocka_unit_test(test_group_within),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_related),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
