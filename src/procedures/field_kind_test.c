/** Tests of field kinds: every name of the table and back, names that are
 *  no kind; the checker refusing an unknown or missing kind (in a group
 *  too) with its message, and a file that carries the compiled member; the
 *  kind every field of a loaded definition carries, and that the validator
 *  answers alike on a loaded definition and on the same tree read by
 *  names. Run from the repository root (reads tests/fixtures/procedures/). */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "procedures/definition.h"
#include "procedures/field_kind.h"
#include "procedures/validate.h"

#define RICH "tests/fixtures/procedures/valid/rich-example.json"

/* The table of kinds in docs/procedures.md. */
static const struct {
	const char *name;
	enum gx_field_kind kind;
} table[] = {
	{"text", GX_FIELD_TEXT},       {"number", GX_FIELD_NUMBER},
	{"amount", GX_FIELD_AMOUNT},   {"date", GX_FIELD_DATE},
	{"choice", GX_FIELD_CHOICE},   {"multichoice", GX_FIELD_MULTICHOICE},
	{"yesno", GX_FIELD_YESNO},     {"address", GX_FIELD_ADDRESS},
	{"iban", GX_FIELD_IBAN},       {"email", GX_FIELD_EMAIL},
	{"phone", GX_FIELD_PHONE},     {"national_id", GX_FIELD_NATIONAL_ID},
	{"group", GX_FIELD_GROUP},     {"file", GX_FIELD_FILE},
};
#define NKINDS (sizeof(table) / sizeof(table[0]))

static void test_names(void **state)
{
	assert_int_equal(NKINDS, GX_FIELD__KINDS - 1);
	for (size_t i = 0; i < NKINDS; i++) {
		assert_int_equal(gx_field_kind_from_name(table[i].name), table[i].kind);
		assert_string_equal(gx_field_kind_name(table[i].kind), table[i].name);
	}
	/* every value has its own name */
	for (int a = GX_FIELD_UNKNOWN + 1; a < GX_FIELD__KINDS; a++)
		for (int b = a + 1; b < GX_FIELD__KINDS; b++)
			assert_string_not_equal(gx_field_kind_name((enum gx_field_kind)a),
						gx_field_kind_name((enum gx_field_kind)b));
	static const char *const not_kinds[] = {"", "Text", "TEXT", "text ", " text", "texts", "tex", "string",
						"unknown", "national-id", "nationalid", "files", "multi_choice"};
	for (size_t i = 0; i < sizeof(not_kinds) / sizeof(not_kinds[0]); i++)
		assert_int_equal(gx_field_kind_from_name(not_kinds[i]), GX_FIELD_UNKNOWN);
	assert_int_equal(gx_field_kind_from_name(NULL), GX_FIELD_UNKNOWN);
	assert_string_equal(gx_field_kind_name(GX_FIELD_UNKNOWN), "unknown");
	assert_string_equal(gx_field_kind_name(GX_FIELD__KINDS), "unknown");
}

static enum gx_field_kind kind_of_text(const char *text)
{
	json_t *f = json_loads(text, JSON_DECODE_ANY, NULL);
	assert_non_null(f);
	enum gx_field_kind k = gx_field_kind_of(f);
	json_decref(f);
	return k;
}

static void test_kind_of(void **state)
{
	/* a tree the loader did not compile is read by name */
	assert_int_equal(kind_of_text("{\"id\": \"a\", \"kind\": \"date\"}"), GX_FIELD_DATE);
	assert_int_equal(kind_of_text("{\"id\": \"a\", \"kind\": \"signature\"}"), GX_FIELD_UNKNOWN);
	assert_int_equal(kind_of_text("{\"id\": \"a\", \"kind\": 3}"), GX_FIELD_UNKNOWN);
	assert_int_equal(kind_of_text("{\"id\": \"a\"}"), GX_FIELD_UNKNOWN);
	assert_int_equal(kind_of_text("[\"group\"]"), GX_FIELD_UNKNOWN);
	assert_int_equal(kind_of_text("\"group\""), GX_FIELD_UNKNOWN);
	assert_int_equal(gx_field_kind_of(NULL), GX_FIELD_UNKNOWN);
	/* the compiled kind is the one read */
	char text[128];
	snprintf(text, sizeof(text), "{\"kind\": \"text\", \"%s\": %d}", GX_FIELD_KIND_MEMBER, GX_FIELD_FILE);
	assert_int_equal(kind_of_text(text), GX_FIELD_FILE);
	snprintf(text, sizeof(text), "{\"kind\": \"text\", \"%s\": %d}", GX_FIELD_KIND_MEMBER, GX_FIELD__KINDS);
	assert_int_equal(kind_of_text(text), GX_FIELD_UNKNOWN);
	snprintf(text, sizeof(text), "{\"kind\": \"text\", \"%s\": -1}", GX_FIELD_KIND_MEMBER);
	assert_int_equal(kind_of_text(text), GX_FIELD_UNKNOWN);
	snprintf(text, sizeof(text), "{\"kind\": \"text\", \"%s\": \"text\"}", GX_FIELD_KIND_MEMBER);
	assert_int_equal(kind_of_text(text), GX_FIELD_UNKNOWN);
	/* set, then read */
	json_t *f = json_pack("{s:s}", "kind", "text");
	assert_non_null(f);
	for (size_t i = 0; i < NKINDS; i++) {
		assert_int_equal(gx_field_kind_set(f, table[i].kind), 0);
		assert_int_equal(gx_field_kind_of(f), table[i].kind);
	}
	json_decref(f);
}

/* A one-step definition around fields (JSON text). */
static struct gx_procedure *parse_fields(const char *fields, char *err, size_t errlen)
{
	char text[2048];
	int n = snprintf(text, sizeof(text),
			 "{\"id\": \"kinds\", \"version\": 1, \"organisation\": \"commune\","
			 " \"titles\": {\"fr\": \"K\", \"de\": \"K\", \"en\": \"K\"},"
			 " \"statuses\": {\"submitted\": {\"to\": [\"completed\", \"rejected\"]}, \"completed\": {\"final\": true},"
			 " \"rejected\": {\"final\": true}},"
			 " \"steps\": [{\"id\": \"only\", \"titles\": {\"fr\": \"S\", \"de\": \"S\", \"en\": \"S\"},"
			 " \"fields\": [%s]}]}",
			 fields);
	assert_true(n > 0 && (size_t)n < sizeof(text));
	return gx_procedure_parse(text, (size_t)n, NULL, err, errlen);
}

#define LABELS "\"labels\": {\"fr\": \"L\", \"de\": \"L\", \"en\": \"L\"}"

static void assert_refused(const char *fields, const char *want)
{
	char err[GX_PROCEDURE_ERR_MIN] = "";
	struct gx_procedure *p = parse_fields(fields, err, sizeof(err));
	if (p != NULL) {
		gx_procedure_free(p);
		fail_msg("accepted; expected \"%s\"", want);
	}
	assert_string_equal(err, want);
}

static void test_checker_refuses(void **state)
{
	char err[GX_PROCEDURE_ERR_MIN] = "";
	struct gx_procedure *p = parse_fields("{\"id\": \"a\", \"kind\": \"text\", " LABELS "}", err, sizeof(err));
	if (p == NULL)
		fail_msg("the definition around the fields is refused: %s", err);
	gx_procedure_free(p);

	assert_refused("{\"id\": \"a\", \"kind\": \"signature\", " LABELS "}",
		       "/steps/0/fields/0/kind: unknown field kind");
	assert_refused("{\"id\": \"a\", \"kind\": \"Text\", " LABELS "}", "/steps/0/fields/0/kind: unknown field kind");
	assert_refused("{\"id\": \"a\", \"kind\": \"unknown\", " LABELS "}", "/steps/0/fields/0/kind: unknown field kind");
	assert_refused("{\"id\": \"a\", \"kind\": 1, " LABELS "}", "/steps/0/fields/0/kind: unknown field kind");
	assert_refused("{\"id\": \"a\", " LABELS "}", "/steps/0/fields/0/kind: missing field kind");
	assert_refused("{\"id\": \"a\", \"kind\": \"text\", " LABELS "},"
		       " {\"id\": \"g\", \"kind\": \"group\", " LABELS ", \"fields\": ["
		       "  {\"id\": \"b\", \"kind\": \"yesno\", " LABELS "},"
		       "  {\"id\": \"c\", \"kind\": \"checkbox\", " LABELS "}]}",
		       "/steps/0/fields/1/fields/1/kind: unknown field kind");
	/* a file cannot state the compiled kind: it is no member of the format */
	char fields[256];
	snprintf(fields, sizeof(fields), "{\"id\": \"a\", \"kind\": \"text\", \"%s\": %d, " LABELS "}",
		 GX_FIELD_KIND_MEMBER, GX_FIELD_TEXT);
	char want[128];
	snprintf(want, sizeof(want), "/steps/0/fields/0/%s: unknown member", GX_FIELD_KIND_MEMBER);
	assert_refused(fields, want);
}

/* Every field of fields (and of its groups) carries its kind, compiled. */
static size_t assert_compiled(const json_t *fields)
{
	size_t n = 0, i;
	const json_t *f;
	json_array_foreach(fields, i, f) {
		const json_t *compiled = json_object_get(f, GX_FIELD_KIND_MEMBER);
		assert_true(json_is_integer(compiled));
		enum gx_field_kind named = gx_field_kind_from_name(json_string_value(json_object_get(f, "kind")));
		assert_int_not_equal(named, GX_FIELD_UNKNOWN);
		assert_int_equal(json_integer_value(compiled), named);
		assert_int_equal(gx_field_kind_of(f), named);
		n += 1 + assert_compiled(json_object_get(f, "fields"));
	}
	return n;
}

/* One answer of every field of a tree, each wrong in its own way. */
static json_t *wrong_answers(const json_t *fields, int depth)
{
	json_t *o = json_object();
	size_t i;
	const json_t *f;
	json_array_foreach(fields, i, f) {
		const char *id = json_string_value(json_object_get(f, "id"));
		json_t *v;
		if (json_object_get(f, "fields") != NULL && depth < 2)
			v = json_pack("[o, s]", wrong_answers(json_object_get(f, "fields"), depth + 1), "x");
		else if (i % 3 == 0)
			v = json_string("not-valid @ all");
		else if (i % 3 == 1)
			v = json_integer(-7);
		else
			v = json_pack("[s, s]", "att_0123456789abcdef", "att_0123456789abcdef");
		assert_non_null(v);
		assert_int_equal(json_object_set_new(o, id, v), 0);
	}
	return o;
}

static void test_loaded_definition(void **state)
{
	char err[GX_PROCEDURE_ERR_MIN] = "";
	struct gx_procedure *p = gx_procedure_load(RICH, NULL, err, sizeof(err));
	if (p == NULL)
		fail_msg("%s refused: %s", RICH, err);
	const json_t *loaded = gx_procedure_json(p);
	size_t i, n = 0;
	const json_t *step;
	json_array_foreach(json_object_get(loaded, "steps"), i, step) n += assert_compiled(json_object_get(step, "fields"));
	assert_int_equal(n, 27); /* every field of the fixture, groups' fields too */

	/* The validator answers alike whether it reads compiled kinds or names. */
	json_t *raw = json_load_file(RICH, 0, NULL);
	assert_non_null(raw);
	json_t *data = json_object();
	assert_non_null(data);
	json_array_foreach(json_object_get(raw, "steps"), i, step) {
		json_t *answers = wrong_answers(json_object_get(step, "fields"), 0);
		assert_int_equal(json_object_update(data, answers), 0);
		json_decref(answers);
	}
	json_t *norm_loaded = NULL, *norm_raw = NULL;
	json_t *by_kind = gx_submission_validate(loaded, data, NULL, "en", "2026-03-01", &norm_loaded);
	json_t *by_name = gx_submission_validate(raw, data, NULL, "en", "2026-03-01", &norm_raw);
	assert_non_null(by_kind);
	assert_non_null(by_name);
	assert_true(json_array_size(by_kind) >= 15); /* a fault of nearly every kind */
	assert_true(json_equal(by_kind, by_name));
	assert_true(json_equal(norm_loaded, norm_raw));
	json_decref(by_kind);
	json_decref(by_name);
	json_decref(norm_loaded);
	json_decref(norm_raw);
	json_decref(data);
	json_decref(raw);
	gx_procedure_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_kind_of),
		cmocka_unit_test(test_checker_refuses),
		cmocka_unit_test(test_loaded_definition),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
