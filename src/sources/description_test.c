/** Unit tests of the register description parser and the six shipped
 *  descriptions. (registryd's clients file: registryd/clients_test.c.) */

#include "sources/description.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#define T "{\"fr\":\"a\",\"de\":\"b\",\"en\":\"c\"}"
#define ATTR(name, c) "\"" name "\":{\"titles\":" T ",\"correctable\":" c "}"
#define DESC(keys, attrs) "{\"name\":\"persons\",\"titles\":" T ",\"keys\":" keys ",\"attributes\":{" attrs "}}"

static struct gx_register_description *parse_ok(const char *text)
{
	struct gx_register_description *d = NULL;
	char err[256] = "";
	if (gx_register_description_parse(text, strlen(text), &d, err, sizeof(err)) != 0)
		fail_msg("refused: %s", err);
	return d;
}

static void refused(const char *text, const char *where)
{
	struct gx_register_description *d = NULL;
	char err[256] = "";
	assert_int_equal(gx_register_description_parse(text, strlen(text), &d, err, sizeof(err)), -1);
	assert_null(d);
	if (strstr(err, where) == NULL)
		fail_msg("error \"%s\" does not name %s", err, where);
}

static void test_parse_and_lookup(void **state)
{
	struct gx_register_description *d =
		parse_ok(DESC("[\"national_id\"]", ATTR("given_name", "true") "," ATTR("address.street", "false")
							    "," ATTR("address.locality", "true")));
	assert_string_equal(d->name, "persons");
	assert_string_equal(d->titles[GX_REGISTER_DE], "b");
	assert_int_equal(d->nkeys, 1);
	assert_true(gx_register_has_key(d, "national_id"));
	assert_false(gx_register_has_key(d, "rcs_number"));
	assert_int_equal(d->nattributes, 3);
	long i = gx_register_attribute_index(d, "address.street");
	assert_true(i >= 0);
	assert_false(d->attributes[i].correctable);
	assert_true(d->attributes[gx_register_attribute_index(d, "given_name")].correctable);
	assert_int_equal(gx_register_attribute_index(d, "address"), -1);
	assert_int_equal(gx_register_attribute_index(d, "zzz"), -1);
	assert_int_equal(gx_register_attribute_index(d, ""), -1);
	gx_register_description_free(d);
}

static void test_refusals_name_the_member(void **state)
{
	refused("{", "JSON");
	refused("[]", "object");
	refused(DESC("[\"k\"]", ATTR("a", "true")) "x", "JSON");
	refused("{\"name\":\"Persons\",\"titles\":" T ",\"keys\":[\"k\"],\"attributes\":{" ATTR("a", "true") "}}", "/name");
	refused("{\"name\":\"p\",\"titles\":{\"fr\":\"a\",\"de\":\"b\"},\"keys\":[\"k\"],\"attributes\":{" ATTR("a", "true") "}}",
		"/titles/en");
	refused("{\"name\":\"p\",\"titles\":{\"fr\":\"a\",\"de\":\"b\",\"en\":\"c\",\"lb\":\"d\"},\"keys\":[\"k\"],\"attributes\":{" ATTR(
			"a", "true") "}}",
		"/titles");
	refused(DESC("[]", ATTR("a", "true")), "/keys");
	refused(DESC("[\"k\",\"k\"]", ATTR("a", "true")), "/keys/1");
	refused(DESC("[\"K\"]", ATTR("a", "true")), "/keys/0");
	refused(DESC("[\"k\"]", ), "/attributes");
	refused(DESC("[\"k\"]", ATTR("a..b", "true")), "/attributes");
	refused(DESC("[\"k\"]", ATTR(".a", "true")), "/attributes");
	refused(DESC("[\"k\"]", ATTR("a", "1")), "/attributes/a/correctable");
	refused(DESC("[\"k\"]", "\"a\":{\"titles\":" T ",\"correctable\":true,\"x\":1}"), "/attributes/a/x");
	refused(DESC("[\"k\"]", "\"a\":{\"titles\":{\"fr\":\"\",\"de\":\"b\",\"en\":\"c\"},\"correctable\":true}"),
		"/attributes/a/titles/fr");
	refused("{\"name\":\"p\",\"extra\":1}", "/extra");
	refused("{\"name\":\"p\",\"name\":\"q\"}", "JSON");
}

#define L4 "{\"fr\":\"Marié(e)\",\"de\":\"Verheiratet\",\"en\":\"Married\",\"lb\":\"Bestuet\"}"
#define CODED(codes, attrs) \
	"{\"name\":\"persons\",\"titles\":" T ",\"keys\":[\"k\"],\"codes\":" codes ",\"attributes\":{" attrs "}}"

static void test_codes_in_words(void **state)
{
	struct gx_register_description *d = parse_ok(CODED(
		"{\"civil\":{\"married\":" L4 ",\"single\":" L4 "},\"form\":{\"SA\":" L4 "}}",
		"\"civil_status\":{\"titles\":" T ",\"correctable\":true,\"codes\":\"civil\"},"
		"\"companies\":{\"titles\":" T ",\"correctable\":false,\"member_codes\":{\"legal_form\":\"form\"}},"
		"\"given_name\":{\"titles\":" T ",\"correctable\":true}"));
	assert_string_equal(gx_register_code_label(d, "civil_status", NULL, "married", "en"), "Married");
	assert_string_equal(gx_register_code_label(d, "civil_status", NULL, "married", "lb"), "Bestuet");
	assert_string_equal(gx_register_code_label(d, "civil_status", NULL, "married", "xx"), "Marié(e)");
	assert_null(gx_register_code_label(d, "civil_status", NULL, "widowed", "en"));   /* not in the list */
	assert_null(gx_register_code_label(d, "given_name", NULL, "married", "en"));     /* not coded */
	assert_null(gx_register_code_label(d, "nothing", NULL, "married", "en"));
	assert_string_equal(gx_register_code_label(d, "companies", "legal_form", "SA", "de"), "Verheiratet");
	assert_null(gx_register_code_label(d, "companies", "name", "SA", "de"));
	assert_null(gx_register_code_label(d, "companies", NULL, "SA", "de"));
	assert_int_equal(json_object_size(gx_register_codes_of(d, "civil_status", NULL)), 2);
	assert_null(gx_register_links(d, "civil_status"));
	assert_null(gx_register_codes_of(NULL, "civil_status", NULL));
	gx_register_description_free(d);

	/* links: a key type of the register */
	d = parse_ok(CODED("{\"civil\":{\"married\":" L4 "}}",
			   "\"children\":{\"titles\":" T ",\"correctable\":false,\"links\":\"k\"}"));
	assert_string_equal(gx_register_links(d, "children"), "k");
	assert_null(gx_register_links(d, "nothing"));
	gx_register_description_free(d);
	refused(CODED("{\"civil\":{\"married\":" L4 "}}", "\"c\":{\"titles\":" T ",\"correctable\":true,\"links\":\"rcs\"}"),
		"/attributes/c/links");
	refused(CODED("{\"civil\":{\"married\":" L4 "}}", "\"c\":{\"titles\":" T ",\"correctable\":true,\"links\":true}"),
		"/attributes/c/links");
	refused(CODED("{\"civil\":{\"married\":" L4 "}}", "\"a\":{\"titles\":" T ",\"correctable\":true,\"codes\":\"none\"}"),
		"/attributes/a/codes");
	refused(CODED("{\"civil\":{\"married\":" L4 "}}", "\"a\":{\"titles\":" T ",\"correctable\":true,\"codes\":1}"),
		"/attributes/a/codes");
	refused(CODED("{\"civil\":{\"married\":{\"fr\":\"a\",\"de\":\"b\",\"en\":\"c\"}}}", ATTR("a", "true")),
		"/codes/civil/married");
	refused(CODED("{\"civil\":{\"married\":{\"fr\":\"a\",\"de\":\"b\",\"en\":\"c\",\"lb\":\"\"}}}", ATTR("a", "true")),
		"/codes/civil/married/lb");
	refused(CODED("{\"civil\":{\"mar ried\":" L4 "}}", ATTR("a", "true")), "/codes/civil");
	refused(CODED("{\"Civil\":{\"married\":" L4 "}}", ATTR("a", "true")), "/codes");
	refused(CODED("{\"civil\":{}}", ATTR("a", "true")), "/codes/civil");
	refused(CODED("{}", ATTR("a", "true")), "/codes");
	refused(CODED("{\"civil\":{\"married\":" L4 "}}",
		      "\"a\":{\"titles\":" T ",\"correctable\":true,\"member_codes\":{\"x\":\"none\"}}"),
		"/attributes/a/member_codes");
	refused(CODED("{\"civil\":{\"married\":" L4 "}}",
		      "\"a\":{\"titles\":" T ",\"correctable\":true,\"codes\":\"civil\",\"member_codes\":{\"x\":\"civil\"}}"),
		"/attributes/a/member_codes");
}

/* Every coded attribute of the shipped descriptions names a list, and the
 * lists the pages rely on are there. */
static void test_shipped_codes(void **state)
{
	static const struct {
		const char *reg, *attr, *member, *code, *en;
	} want[] = {
		{"persons", "civil_status", NULL, "married", "Married"},
		{"persons", "nationality", NULL, "LUX", "Luxembourg"},
		{"companies", "legal_form", NULL, "SARL-S", "Simplified private limited company (SARL-S)"},
		{"companies", "managed_companies", "legal_form", "ASBL", "Non-profit association (ASBL)"},
		{"social_security", "affiliation_status", NULL, "self-employed", "Self-employed"},
		{"income_tax", "tax_class", NULL, "1a", "Tax class 1a"},
		{"driving_licences", "categories", NULL, "BE", "BE – car with trailer"},
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		char path[64], err[512];
		struct gx_register_description *d = NULL;
		snprintf(path, sizeof(path), "registers/%s.json", want[i].reg);
		if (gx_register_description_load(path, &d, err, sizeof(err)) != 0)
			fail_msg("%s", err);
		const char *got = gx_register_code_label(d, want[i].attr, want[i].member, want[i].code, "en");
		if (got == NULL || strcmp(got, want[i].en) != 0)
			fail_msg("%s %s %s: %s", want[i].reg, want[i].attr, want[i].code, got ? got : "(none)");
		gx_register_description_free(d);
	}
}

#define CATTR(c) "\"a\":{\"titles\":" T ",\"correctable\":true,\"correction\":" c "}"

static void test_correction_rules(void **state)
{
	(void)state;
	/* Correctable without rules: a text of at most 200 bytes, no evidence. */
	struct gx_register_description *d = parse_ok(DESC("[\"k\"]", ATTR("a", "true") "," ATTR("b", "false")));
	const struct gx_register_attribute *a = &d->attributes[gx_register_attribute_index(d, "a")];
	assert_string_equal(json_string_value(json_object_get(a->correction_field, "kind")), "text");
	assert_int_equal(json_integer_value(json_object_get(a->correction_field, "max_length")), 200);
	assert_int_equal(a->evidence.max_files, 0);
	assert_int_equal(d->correction_days, 5);
	assert_null(d->attributes[gx_register_attribute_index(d, "b")].correction_field);
	gx_register_description_free(d);

	d = parse_ok(DESC("[\"k\"]", CATTR("{\"field\":{\"kind\":\"text\",\"pattern\":\"^L-[0-9]{4}$\",\"max_length\":6},"
					  "\"evidence\":{\"types\":[\"application/pdf\",\"image/png\"],\"max_bytes\":1000,"
					  "\"max_files\":2,\"required\":true}}")));
	a = &d->attributes[0];
	assert_string_equal(json_string_value(json_object_get(a->correction_field, "pattern")), "^L-[0-9]{4}$");
	assert_int_equal(a->evidence.ntypes, 2);
	assert_int_equal(a->evidence.max_bytes, 1000);
	assert_int_equal(a->evidence.max_files, 2);
	assert_true(a->evidence.required);
	assert_true(gx_register_evidence_type_ok(&a->evidence, "image/png"));
	assert_false(gx_register_evidence_type_ok(&a->evidence, "image/jpeg"));
	assert_false(gx_register_evidence_type_ok(&a->evidence, NULL));
	gx_register_description_free(d);

	d = parse_ok(DESC("[\"k\"]", CATTR("{\"field\":{\"kind\":\"date\",\"max\":\"today\"},"
					  "\"evidence\":{\"types\":[\"image/tiff\"],\"max_bytes\":10485760}}")));
	assert_int_equal(d->attributes[0].evidence.max_files, 1);
	assert_false(d->attributes[0].evidence.required);
	gx_register_description_free(d);

	d = parse_ok("{\"name\":\"p\",\"titles\":" T ",\"keys\":[\"k\"],\"correction_days\":10,\"attributes\":{" ATTR("a", "true") "}}");
	assert_int_equal(d->correction_days, 10);
	gx_register_description_free(d);
	refused("{\"name\":\"p\",\"titles\":" T ",\"keys\":[\"k\"],\"correction_days\":0,\"attributes\":{" ATTR("a", "true") "}}",
		"/correction_days");
	refused(DESC("[\"k\"]", "\"a\":{\"titles\":" T ",\"correctable\":false,\"correction\":{}}"),
		"/attributes/a/correction");
	refused(DESC("[\"k\"]", CATTR("[]")), "/attributes/a/correction");
	refused(DESC("[\"k\"]", CATTR("{\"x\":1}")), "/attributes/a/correction/x");
	refused(DESC("[\"k\"]", CATTR("{\"field\":{\"kind\":\"group\"}}")), "/correction/field/kind");
	refused(DESC("[\"k\"]", CATTR("{\"field\":{\"kind\":\"text\",\"min\":1}}")), "/correction/field/min");
	refused(DESC("[\"k\"]", CATTR("{\"field\":{\"kind\":\"email\",\"max_length\":1}}")),
		"/correction/field/max_length");
	refused(DESC("[\"k\"]", CATTR("{\"field\":{\"kind\":\"text\",\"min_length\":5,\"max_length\":4}}")),
		"/correction/field/min_length");
	refused(DESC("[\"k\"]", CATTR("{\"field\":{\"kind\":\"text\",\"max_length\":-1}}")), "/correction/field");
	refused(DESC("[\"k\"]", CATTR("{\"field\":{\"kind\":\"text\",\"pattern\":\"(\"}}")),
		"/correction/field/pattern");
	refused(DESC("[\"k\"]", CATTR("{\"field\":{\"kind\":\"number\",\"min\":\"1\"}}")), "/correction/field/min");
	refused(DESC("[\"k\"]", CATTR("{\"evidence\":{\"max_bytes\":1}}")), "/correction/evidence/types");
	refused(DESC("[\"k\"]", CATTR("{\"evidence\":{\"types\":[\"text/html\"],\"max_bytes\":1}}")),
		"/correction/evidence/types/0");
	refused(DESC("[\"k\"]", CATTR("{\"evidence\":{\"types\":[\"image/png\",\"image/png\"],\"max_bytes\":1}}")),
		"/correction/evidence/types/1");
	refused(DESC("[\"k\"]", CATTR("{\"evidence\":{\"types\":[\"image/png\"],\"max_bytes\":10485761}}")),
		"/correction/evidence/max_bytes");
	refused(DESC("[\"k\"]", CATTR("{\"evidence\":{\"types\":[\"image/png\"],\"max_bytes\":1,\"max_files\":6}}")),
		"/correction/evidence/max_files");
	refused(DESC("[\"k\"]", CATTR("{\"evidence\":{\"types\":[\"image/png\"],\"max_bytes\":1,\"required\":1}}")),
		"/correction/evidence/required");
	refused(DESC("[\"k\"]", CATTR("{\"evidence\":{\"types\":[\"image/png\"],\"max_bytes\":1,\"y\":1}}")),
		"/correction/evidence/y");
}

static void test_shipped_registers(void **state)
{
	static const char *const names[] = {"persons", "companies", "vehicles", "social_security", "income_tax",
					    "driving_licences"};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char path[64], err[512];
		struct gx_register_description *d = NULL;
		snprintf(path, sizeof(path), "registers/%s.json", names[i]);
		if (gx_register_description_load(path, &d, err, sizeof(err)) != 0)
			fail_msg("%s", err);
		assert_string_equal(d->name, names[i]);
		gx_register_description_free(d);
	}
	struct gx_register_description *d = NULL;
	char err[512];
	assert_int_equal(gx_register_description_load("registers/persons.json", &d, err, sizeof(err)), 0);
	assert_true(gx_register_attribute_index(d, "address.street") >= 0);
	assert_true(gx_register_attribute_index(d, "children") >= 0);
	assert_string_equal(gx_register_links(d, "children"), "national_id");
	assert_string_equal(gx_register_links(d, "partner"), "national_id");
	assert_null(gx_register_links(d, "given_name"));
	const struct gx_register_attribute *street = &d->attributes[gx_register_attribute_index(d, "address.street")];
	assert_true(street->correctable && street->evidence.max_files == 3 && !street->evidence.required);
	assert_true(gx_register_evidence_type_ok(&street->evidence, "application/pdf"));
	assert_true(d->attributes[gx_register_attribute_index(d, "given_name")].evidence.required);
	assert_null(d->attributes[gx_register_attribute_index(d, "children")].correction_field);
	gx_register_description_free(d);
	assert_int_equal(gx_register_description_load("registers/vehicles.json", &d, err, sizeof(err)), 0);
	assert_true(gx_register_has_key(d, "national_id") && gx_register_has_key(d, "rcs_number"));
	gx_register_description_free(d);
	assert_int_equal(gx_register_description_load("registers/none.json", &d, err, sizeof(err)), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_and_lookup),
		cmocka_unit_test(test_refusals_name_the_member),
		cmocka_unit_test(test_codes_in_words),
		cmocka_unit_test(test_shipped_codes),
		cmocka_unit_test(test_correction_rules),
		cmocka_unit_test(test_shipped_registers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
