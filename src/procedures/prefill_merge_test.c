/** Unit tests of the prefill merge: a register value and a self-declared one
 *  for the same field; the register's wins unless "prefer": "self"; the
 *  person's fills the field when the register gave none, and the provenance
 *  says which was used and why the register's was not. */

#include "procedures/prefill_merge.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

static json_t *field(const char *text)
{
	json_error_t err;
	json_t *f = json_loads(text, 0, &err);
	if (f == NULL)
		fail_msg("bad test field: %s", err.text);
	return f;
}

#define COMBINED "{\"id\": \"employer\", \"kind\": \"text\", \"prefill\": {\"source\": \"social_security\", " \
		 "\"attribute\": \"employer_name\", \"self\": \"employer_name\"}"

static struct gx_prefill_register_part reg_ok(const json_t *value)
{
	return (struct gx_prefill_register_part){.source = "social_security", .attribute = "employer_name",
						 .outcome = "ok", .value = value, .as_of = "2025-11-02", .version = 3};
}

static struct gx_prefill_register_part reg_without(const char *outcome)
{
	return (struct gx_prefill_register_part){.source = "social_security", .attribute = "employer_name",
						 .outcome = outcome};
}

static const struct gx_prefill_self_part declared = {"employer_name", "Boulangerie Reuter", "2024-03-01"};
static const struct gx_prefill_self_part undeclared = {"employer_name", NULL, NULL};

static const char *str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static void test_register_wins_by_default(void **state)
{
	json_t *f = field(COMBINED "}");
	json_t *authentic = json_string("Luxair S.A.");
	struct gx_prefill_register_part reg = reg_ok(authentic);
	json_t *value, *prov;
	assert_int_equal(gx_prefill_merge(f, &reg, &declared, &value, &prov), 0);
	assert_string_equal(json_string_value(value), "Luxair S.A.");
	assert_string_equal(str(prov, "source"), "social_security");
	assert_string_equal(str(prov, "attribute"), "employer_name");
	assert_string_equal(str(prov, "as_of"), "2025-11-02");
	assert_int_equal(json_integer_value(json_object_get(prov, "version")), 3);
	assert_null(json_object_get(prov, "register"));
	json_decref(value);
	json_decref(prov);

	/* "prefer": "register" says the same as the default. */
	json_decref(f);
	f = field(COMBINED ", \"prefer\": \"register\"}");
	assert_int_equal(gx_prefill_merge(f, &reg, &declared, &value, &prov), 0);
	assert_string_equal(json_string_value(value), "Luxair S.A.");
	assert_string_equal(str(prov, "source"), "social_security");
	json_decref(value);
	json_decref(prov);
	json_decref(f);
	json_decref(authentic);
}

static void test_prefer_self(void **state)
{
	json_t *f = field(COMBINED ", \"prefer\": \"self\"}");
	json_t *authentic = json_string("Luxair S.A.");
	struct gx_prefill_register_part reg = reg_ok(authentic);
	json_t *value, *prov;
	assert_int_equal(gx_prefill_merge(f, &reg, &declared, &value, &prov), 0);
	assert_string_equal(json_string_value(value), "Boulangerie Reuter");
	assert_string_equal(str(prov, "source"), "self");
	assert_string_equal(str(prov, "attribute"), "employer_name");
	assert_string_equal(str(prov, "as_of"), "2024-03-01");
	/* The register did have a value: the definition preferred the person's. */
	json_t *why = json_object_get(prov, "register");
	assert_string_equal(str(why, "source"), "social_security");
	assert_string_equal(str(why, "attribute"), "employer_name");
	assert_string_equal(str(why, "outcome"), "not_preferred");
	json_decref(value);
	json_decref(prov);

	/* Preferred, but nothing declared: the register's value. */
	assert_int_equal(gx_prefill_merge(f, &reg, &undeclared, &value, &prov), 0);
	assert_string_equal(json_string_value(value), "Luxair S.A.");
	assert_string_equal(str(prov, "source"), "social_security");
	json_decref(value);
	json_decref(prov);
	json_decref(f);
	json_decref(authentic);
}

static void test_self_fills_when_register_gave_nothing(void **state)
{
	json_t *f = field(COMBINED "}");
	static const char *const outcomes[] = {"no_value", "declined", "unavailable", "timeout", "refused", "bad_answer"};
	for (size_t i = 0; i < sizeof(outcomes) / sizeof(outcomes[0]); i++) {
		struct gx_prefill_register_part reg = reg_without(outcomes[i]);
		json_t *value, *prov;
		assert_int_equal(gx_prefill_merge(f, &reg, &declared, &value, &prov), 0);
		assert_string_equal(json_string_value(value), "Boulangerie Reuter");
		assert_string_equal(str(prov, "source"), "self");
		/* The page can say the authentic value was not used, and why. */
		assert_string_equal(str(json_object_get(prov, "register"), "outcome"), outcomes[i]);
		assert_string_equal(str(json_object_get(prov, "register"), "source"), "social_security");
		json_decref(value);
		json_decref(prov);

		/* Nothing declared either: the field stays empty. */
		assert_int_equal(gx_prefill_merge(f, &reg, &undeclared, &value, &prov), 0);
		assert_null(value);
		assert_null(prov);
	}
	/* A register answer of JSON null is no value. */
	struct gx_prefill_register_part reg = reg_ok(json_null());
	json_t *value, *prov;
	assert_int_equal(gx_prefill_merge(f, &reg, &declared, &value, &prov), 0);
	assert_string_equal(json_string_value(value), "Boulangerie Reuter");
	assert_string_equal(str(json_object_get(prov, "register"), "outcome"), "no_value");
	json_decref(value);
	json_decref(prov);
	json_decref(f);
}

static void test_one_part_only(void **state)
{
	json_t *value, *prov;
	/* A register attribute alone: its value, or nothing. */
	json_t *f = field("{\"id\": \"family_name\", \"kind\": \"text\", "
			  "\"prefill\": {\"source\": \"persons\", \"attribute\": \"family_name\"}}");
	json_t *authentic = json_string("Muller");
	struct gx_prefill_register_part reg = {"persons", "family_name", "ok", authentic, "2020-01-01", 1, NULL, NULL};
	assert_int_equal(gx_prefill_merge(f, &reg, NULL, &value, &prov), 0);
	assert_string_equal(json_string_value(value), "Muller");
	assert_string_equal(str(prov, "source"), "persons");
	json_decref(value);
	json_decref(prov);
	reg = (struct gx_prefill_register_part){"persons", "family_name", "timeout", NULL, NULL, 0, NULL, NULL};
	assert_int_equal(gx_prefill_merge(f, &reg, NULL, &value, &prov), 0);
	assert_null(value);
	assert_null(prov);
	json_decref(f);
	json_decref(authentic);

	/* A self-declared attribute alone: no register member in its provenance. */
	f = field("{\"id\": \"phone\", \"kind\": \"phone\", \"prefill\": {\"self\": \"phone\"}}");
	struct gx_prefill_self_part phone = {"phone", "+352 621 123 456", "2024-03-01"};
	assert_int_equal(gx_prefill_merge(f, NULL, &phone, &value, &prov), 0);
	assert_string_equal(json_string_value(value), "+352 621 123 456");
	assert_string_equal(str(prov, "source"), "self");
	assert_null(json_object_get(prov, "register"));
	json_decref(value);
	json_decref(prov);
	json_decref(f);
}

static void test_choice_takes_only_its_options(void **state)
{
	json_t *f = field("{\"id\": \"language\", \"kind\": \"choice\", \"prefill\": {\"self\": \"preferred_language\"},"
			  " \"options\": [{\"value\": \"fr\"}, {\"value\": \"de\"}]}");
	struct gx_prefill_self_part lb = {"preferred_language", "lb", "2024-03-01"};
	struct gx_prefill_self_part de = {"preferred_language", "de", "2024-03-01"};
	json_t *value, *prov;
	assert_int_equal(gx_prefill_merge(f, NULL, &lb, &value, &prov), 0);
	assert_null(value);
	assert_null(prov);
	assert_int_equal(gx_prefill_merge(f, NULL, &de, &value, &prov), 0);
	assert_string_equal(json_string_value(value), "de");
	json_decref(value);
	json_decref(prov);
	json_decref(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_register_wins_by_default),
		cmocka_unit_test(test_prefer_self),
		cmocka_unit_test(test_self_fills_when_register_gave_nothing),
		cmocka_unit_test(test_one_part_only),
		cmocka_unit_test(test_choice_takes_only_its_options),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
