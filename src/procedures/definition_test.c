/** Unit tests of procedure definitions: a minimal and a rich valid
 *  definition, then one fault at a time planted in the rich one, each
 *  refused with its exact JSON Pointer; the reuse declaration and its
 *  parsed view; the catalog of a folder. Run from
 *  the repository root (reads tests/fixtures/procedures/ and registers/). */

#include "procedures/catalog.h"
#include "procedures/definition.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#define FIXTURES "tests/fixtures/procedures/valid"
#define RICH FIXTURES "/rich-example.json"

static struct gx_procedure_env env;

static int setup(void **state)
{
	char err[512];
	if (gx_procedure_env_load(FIXTURES, "registers", &env, err, sizeof(err)) != 0) {
		fprintf(stderr, "cannot load the context: %s\n", err);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	gx_procedure_env_clear(&env);
	return 0;
}

static json_t *rich(void)
{
	json_error_t jerr;
	json_t *d = json_load_file(RICH, 0, &jerr);
	if (d == NULL)
		fail_msg("cannot read %s: %s", RICH, jerr.text);
	return d;
}

/* The parent of the value at ptr ("/a/0/b"), and its last segment in last. */
static json_t *parent_of(json_t *root, const char *ptr, char *last, size_t lastlen)
{
	char seg[128];
	json_t *cur = root;
	const char *p = ptr;
	assert_true(p[0] == '/');
	for (;;) {
		const char *end = strchr(p + 1, '/');
		size_t n = end != NULL ? (size_t)(end - p - 1) : strlen(p + 1);
		assert_true(n < sizeof(seg) && n < lastlen);
		memcpy(seg, p + 1, n);
		seg[n] = '\0';
		if (end == NULL) {
			strcpy(last, seg);
			return cur;
		}
		cur = json_is_array(cur) ? json_array_get(cur, strtoul(seg, NULL, 10)) : json_object_get(cur, seg);
		if (cur == NULL)
			fail_msg("no %s in the rich definition", ptr);
		p = end;
	}
}

/* Sets the value at ptr to the JSON text value (NULL removes it; "-" appends). */
static void plant(json_t *root, const char *ptr, const char *value)
{
	char last[128];
	json_t *parent = parent_of(root, ptr, last, sizeof(last));
	json_t *v = NULL;
	if (value != NULL) {
		json_error_t jerr;
		v = json_loads(value, JSON_DECODE_ANY, &jerr);
		if (v == NULL)
			fail_msg("bad test value %s: %s", value, jerr.text);
	}
	if (json_is_array(parent)) {
		if (strcmp(last, "-") == 0)
			assert_int_equal(json_array_append_new(parent, v), 0);
		else if (v == NULL)
			assert_int_equal(json_array_remove(parent, strtoul(last, NULL, 10)), 0);
		else
			assert_int_equal(json_array_set_new(parent, strtoul(last, NULL, 10), v), 0);
	} else if (v == NULL) {
		assert_int_equal(json_object_del(parent, last), 0);
	} else {
		assert_int_equal(json_object_set_new(parent, last, v), 0);
	}
}

static struct gx_procedure *parse_json(json_t *d, const struct gx_procedure_context *ctx, char *err, size_t errlen)
{
	char *text = json_dumps(d, 0);
	assert_non_null(text);
	struct gx_procedure *p = gx_procedure_parse(text, strlen(text), ctx, err, errlen);
	free(text);
	return p;
}

/* The error starts with "<pointer>: " and contains reason. */
static void assert_refused_text(const char *text, size_t len, const char *pointer, const char *reason)
{
	char err[GX_PROCEDURE_ERR_MIN + 200] = "";
	char want[300];
	struct gx_procedure *p = gx_procedure_parse(text, len, &env.ctx, err, sizeof(err));
	if (p != NULL) {
		gx_procedure_free(p);
		fail_msg("accepted; expected a fault at \"%s\"", pointer);
	}
	snprintf(want, sizeof(want), "%s: ", pointer);
	if (strncmp(err, want, strlen(want)) != 0 || strstr(err, reason) == NULL)
		fail_msg("error \"%s\", expected at \"%s\" with \"%s\"", err, pointer, reason);
}

/* Plants value at at in the rich definition; expects the fault at pointer. */
static void fault(const char *at, const char *value, const char *pointer, const char *reason)
{
	json_t *d = rich();
	plant(d, at, value);
	char *text = json_dumps(d, 0);
	assert_non_null(text);
	assert_refused_text(text, strlen(text), pointer, reason);
	free(text);
	json_decref(d);
}

static void test_valid(void **state)
{
	char err[512] = "";
	struct gx_procedure *p = gx_procedure_load(RICH, &env.ctx, err, sizeof(err));
	if (p == NULL)
		fail_msg("rich refused: %s", err);
	assert_string_equal(gx_procedure_id(p), "rich-example");
	assert_int_equal(gx_procedure_version(p), 2);
	assert_string_equal(gx_procedure_organisation(p), "cae");
	assert_string_equal(gx_procedure_title(p, "de"), "Vollständiges Beispiel");
	assert_null(gx_procedure_title(p, "lb"));
	assert_int_equal(json_array_size(json_object_get(gx_procedure_json(p), "steps")), 3);
	assert_true(gx_procedure_has_files(p));
	gx_procedure_free(p);

	/* "$schema" is for editors and ignored */
	json_t *d = rich();
	plant(d, "/$schema", "\"./schema.json\"");
	p = parse_json(d, &env.ctx, err, sizeof(err));
	if (p == NULL)
		fail_msg("$schema refused: %s", err);
	gx_procedure_free(p);
	json_decref(d);

	p = gx_procedure_load(FIXTURES "/minimal.json", &env.ctx, err, sizeof(err));
	if (p == NULL)
		fail_msg("minimal refused: %s", err);
	assert_string_equal(gx_procedure_id(p), "minimal");
	assert_false(gx_procedure_has_files(p));
	gx_procedure_free(p);
}

static void test_document(void **state)
{
	assert_refused_text("{\"id\":", 6, "", "not valid JSON");
	assert_refused_text("[1]", 3, "", "expected a JSON object");
	assert_refused_text("{\"id\":\"abc\",\"id\":\"abd\"}", 23, "", "duplicate");
	char deep[64];
	memset(deep, '[', sizeof(deep));
	assert_refused_text(deep, sizeof(deep), "", "nested deeper");
	size_t big = GX_PROCEDURE_FILE_MAX + 1;
	char *huge = malloc(big);
	assert_non_null(huge);
	memset(huge, ' ', big);
	assert_refused_text(huge, big, "", "larger than");
	free(huge);
}

static void test_top_level(void **state)
{
	fault("/colour", "\"blue\"", "/colour", "unknown member");
	fault("/id", "\"Bad_Id\"", "/id", "[a-z0-9-]{3,64}");
	fault("/id", "\"ab\"", "/id", "[a-z0-9-]{3,64}");
	fault("/version", "0", "/version", "integer");
	fault("/version", "\"2\"", "/version", "integer");
	fault("/organisation", "\"ministry\"", "/organisation", "organisations.json");
	fault("/titles/de", NULL, "/titles/de", "text in this language");
	fault("/titles/en", "\"\"", "/titles/en", "empty");
	fault("/titles/it", "\"Titolo\"", "/titles/it", "unknown member");
	fault("/titles/lb", "\"\"", "/titles/lb", "Luxembourgish");
	fault("/help", "\"help\"", "/help", "fr, de and en");
	fault("/steps", NULL, "/steps", "missing");
}

static void test_limits(void **state)
{
	json_t *d = rich();
	char *text = malloc(GX_PROCEDURE_TEXT_MAX + 2);
	assert_non_null(text);
	memset(text, 'a', GX_PROCEDURE_TEXT_MAX + 1);
	text[GX_PROCEDURE_TEXT_MAX + 1] = '\0';
	json_object_set_new(json_object_get(d, "help"), "fr", json_string(text));
	free(text);
	char err[512];
	assert_null(parse_json(d, &env.ctx, err, sizeof(err)));
	assert_true(strncmp(err, "/help/fr: ", 10) == 0);

	json_t *steps = json_object_get(d, "steps");
	json_object_set_new(json_object_get(d, "help"), "fr", json_string("ok"));
	while (json_array_size(steps) <= GX_PROCEDURE_STEPS_MAX)
		json_array_append(steps, json_array_get(steps, 0));
	assert_null(parse_json(d, &env.ctx, err, sizeof(err)));
	assert_true(strncmp(err, "/steps: ", 8) == 0);
	json_decref(d);

	d = rich();
	json_t *fields = json_object_get(json_array_get(json_object_get(d, "steps"), 0), "fields");
	for (int i = 0; json_array_size(fields) <= GX_PROCEDURE_FIELDS_MAX; i++) {
		char id[16];
		snprintf(id, sizeof(id), "extra%d", i);
		json_t *f = json_deep_copy(json_array_get(fields, 8));
		json_object_set_new(f, "id", json_string(id));
		json_array_append_new(fields, f);
	}
	assert_null(parse_json(d, &env.ctx, err, sizeof(err)));
	if (strncmp(err, "/steps/0/fields: ", 17) != 0)
		fail_msg("%s", err);
	json_decref(d);
}

static void test_statuses_steps(void **state)
{
	/* the table's own rules are statuses_test.c's; here, that a definition applies them at /statuses */
	fault("/statuses", "[\"submitted\", \"completed\", \"rejected\"]", "/statuses", "expected an object of 3 to 20");
	fault("/statuses", NULL, "/statuses", "missing");
	fault("/statuses/submitted", NULL, "/statuses", "missing the status submitted");
	fault("/statuses/rejected", NULL, "/statuses/submitted/to/1", "no status rejected");
	fault("/statuses/received/to/0", "\"closed\"", "/statuses/received/to/0", "no status closed");
	fault("/statuses/waiting_for_information/turn", "\"citizen\"", "/statuses/waiting_for_information/turn",
	      "\"organisation\" or \"person\"");
	fault("/statuses/on_hold", "{\"to\": [\"in_processing\"]}", "/statuses/on_hold", "unreachable");
	fault("/statuses/Received", "{\"final\": true}", "/statuses/Received", "a status is");
	fault("/steps/1/id", "\"you\"", "/steps/1/id", "duplicate step id");
	fault("/steps/1/id", "\"1st\"", "/steps/1/id", "a step id");
	fault("/steps/0/titles", NULL, "/steps/0/titles", "missing");
	fault("/steps/2/fields", "[]", "/steps/2/fields", "non-empty");
	fault("/steps/2/order", "1", "/steps/2/order", "unknown member");
}

static void test_field_ids_kinds(void **state)
{
	fault("/steps/1/fields/0/id", "\"given_name\"", "/steps/1/fields/0/id", "duplicate field id in this definition");
	fault("/steps/1/fields/7/fields/1/id", "\"name\"", "/steps/1/fields/7/fields/1/id", "in this group");
	fault("/steps/0/fields/0/id", "\"GivenName\"", "/steps/0/fields/0/id", "[a-z][a-z0-9_]");
	fault("/steps/0/fields/0/id", NULL, "/steps/0/fields/0/id", "missing");
	fault("/steps/0/fields/0/kind", "\"string\"", "/steps/0/fields/0/kind", "unknown field kind");
	fault("/steps/0/fields/2/pattern", "\"^a$\"", "/steps/0/fields/2/pattern", "unknown member");
	fault("/steps/0/fields/0/labels", NULL, "/steps/0/fields/0/labels", "missing");
	fault("/steps/0/fields/0/required", "\"yes\"", "/steps/0/fields/0/required", "true or false");
	/* a group's field may reuse an id of the steps: scopes differ */
	json_t *d = rich();
	plant(d, "/steps/1/fields/7/fields/0/id", "\"given_name\"");
	char err[512];
	struct gx_procedure *p = parse_json(d, &env.ctx, err, sizeof(err));
	if (p == NULL)
		fail_msg("refused: %s", err);
	gx_procedure_free(p);
	json_decref(d);
}

static void test_kinds(void **state)
{
	fault("/steps/0/fields/0/min_length", "300", "/steps/0/fields/0/min_length", "greater than max_length");
	fault("/steps/0/fields/0/max_length", "100000", "/steps/0/fields/0/max_length", "integer from 0");
	fault("/steps/0/fields/7/pattern", "\"([A-Z\"", "/steps/0/fields/7/pattern", "POSIX");
	fault("/steps/0/fields/7/pattern", "\"((a{1,100}){1,100})\"", "/steps/0/fields/7/pattern", "multiply");
	fault("/steps/1/fields/3/min", "2000000", "/steps/1/fields/3/min", "greater than max");
	fault("/steps/1/fields/3/min", "1.5", "/steps/1/fields/3/min", "integer");
	fault("/steps/0/fields/1/min", "\"2023-02-29\"", "/steps/0/fields/1/min", "expected a date");
	fault("/steps/0/fields/1/max", "\"tomorrow\"", "/steps/0/fields/1/max", "expected a date");
	fault("/steps/0/fields/1/max", "\"1899-12-31\"", "/steps/0/fields/1/min", "later than max");
	fault("/steps/1/fields/7/fields/1/min", "\"today+1y\"", "/steps/1/fields/7/fields/1/min", "later than max");
	fault("/steps/1/fields/2/options", "[]", "/steps/1/fields/2/options", "1 to");
	fault("/steps/1/fields/2/options", NULL, "/steps/1/fields/2/options", "missing");
	fault("/steps/1/fields/2/options/1/value", "\"owner\"", "/steps/1/fields/2/options/1/value", "duplicate");
	fault("/steps/1/fields/2/options/0/labels/fr", NULL, "/steps/1/fields/2/options/0/labels/fr", "language");
	fault("/steps/1/fields/6/max_items", "3", "/steps/1/fields/6/max_items", "integer from 0 to 2");
	fault("/steps/1/fields/7/min_items", "13", "/steps/1/fields/7/min_items", "greater than max_items");
	fault("/steps/1/fields/7/fields/3/fields/-",
	      "{\"id\":\"deep\",\"kind\":\"group\",\"labels\":{\"fr\":\"a\",\"de\":\"b\",\"en\":\"c\"},"
	      "\"fields\":[{\"id\":\"x\",\"kind\":\"yesno\",\"labels\":{\"fr\":\"a\",\"de\":\"b\",\"en\":\"c\"}}]}",
	      "/steps/1/fields/7/fields/3/fields/1/kind", "at most 2");
	fault("/steps/1/fields/7/fields", NULL, "/steps/1/fields/7/fields", "missing");
	fault("/steps/2/fields/2/file/types/1", "\"text/html\"", "/steps/2/fields/2/file/types/1", "content type");
	fault("/steps/2/fields/2/file/types/2", "\"application/pdf\"", "/steps/2/fields/2/file/types/2", "duplicate");
	fault("/steps/2/fields/2/file/max_bytes", "20971520", "/steps/2/fields/2/file/max_bytes", "10485760");
	fault("/steps/2/fields/2/file/max_bytes", NULL, "/steps/2/fields/2/file/max_bytes", "missing");
	fault("/steps/2/fields/2/file", NULL, "/steps/2/fields/2/file", "missing");
}

static void test_conditions(void **state)
{
	fault("/steps/1/fields/1/show_if/field", "\"housing\"", "/steps/1/fields/1/show_if/field", "no earlier field");
	fault("/steps/1/fields/1/show_if/field", "\"partner_name\"", "/steps/1/fields/1/show_if/field", "no earlier");
	fault("/steps/1/fields/1/show_if/equals", "\"yes\"", "/steps/1/fields/1/show_if/equals", "yesno");
	fault("/steps/1/fields/1/required_if/equals", NULL, "/steps/1/fields/1/required_if/equals", "missing");
	fault("/steps/1/fields/3/show_if/equals", "\"lodger\"", "/steps/1/fields/3/show_if/equals", "choice");
	fault("/steps/1/fields/3/show_if/field", "\"home\"", "/steps/1/fields/3/show_if/field", "cannot be compared");
	fault("/steps/1/fields/1/required", "true", "/steps/1/fields/1/required_if", "always required");
	/* a step's field cannot see inside a group */
	fault("/steps/2/fields/0/show_if", "{\"field\":\"in_school\",\"equals\":true}", "/steps/2/fields/0/show_if/field",
	      "no earlier field");
	fault("/steps/0/fields/2/compute/of", "\"given_name\"", "/steps/0/fields/2/compute/of", "date field");
	fault("/steps/1/fields/5/compute/of/1", "\"housing\"", "/steps/1/fields/5/compute/of/1", "not choice");
	fault("/steps/1/fields/5/compute/of/1", "\"nope\"", "/steps/1/fields/5/compute/of/1", "earlier field");
	fault("/steps/1/fields/5/compute/op", "\"product\"", "/steps/1/fields/5/compute/op", "sum");
	fault("/steps/0/fields/8/compute", "{\"op\":\"age\",\"of\":\"birth_date\"}", "/steps/0/fields/8/compute",
	      "number or an amount");
}

static void test_prefill(void **state)
{
	fault("/steps/0/fields/0/prefill/source", "\"people\"", "/steps/0/fields/0/prefill/source", "no such register");
	fault("/steps/0/fields/0/prefill/attribute", "\"first_name\"", "/steps/0/fields/0/prefill/attribute",
	      "does not serve");
	fault("/steps/0/fields/0/prefill/attribute", "\"address\"", "/steps/0/fields/0/prefill/attribute",
	      "does not serve");
	fault("/steps/0/fields/4/prefill/self", "\"shoe_size\"", "/steps/0/fields/4/prefill/self", "self-declared");
	/* a self-declared value fills only a field of a fitting kind */
	fault("/steps/0/fields/4/prefill/self", "\"email\"", "/steps/0/fields/4/prefill/self",
	      "a self-declared email cannot fill a field of kind phone");
	fault("/steps/0/fields/3/prefill", "{\"self\":\"phone\"}", "/steps/0/fields/3/prefill/self", "kind address");
	fault("/steps/0/fields/1/prefill/self", "\"profession\"", "/steps/0/fields/1/prefill/self", "kind date");
	/* a register part needs both of its members */
	fault("/steps/0/fields/4/prefill/source", "\"persons\"", "/steps/0/fields/4/prefill/attribute",
	      "expected an attribute name");
	fault("/steps/0/fields/9/prefill/source", NULL, "/steps/0/fields/9/prefill/source", "expected a register name");
	fault("/steps/0/fields/4/prefill", "{}", "/steps/0/fields/4/prefill", "all three");
	fault("/steps/0/fields/4/prefill", "\"phone\"", "/steps/0/fields/4/prefill", "all three");
	fault("/steps/0/fields/4/prefill/colour", "\"red\"", "/steps/0/fields/4/prefill/colour", "unknown member");
	/* combined: each part checked as alone */
	fault("/steps/0/fields/9/prefill/attribute", "\"employer_nom\"", "/steps/0/fields/9/prefill/attribute",
	      "does not serve");
	fault("/steps/0/fields/9/prefill/self", "\"employer\"", "/steps/0/fields/9/prefill/self", "self-declared");
	fault("/steps/0/fields/9/kind", "\"phone\"", "/steps/0/fields/9/prefill/self", "cannot fill a field of kind phone");
	/* prefer: "register" or "self", and only with both parts to choose from */
	fault("/steps/0/fields/9/prefer", "\"mine\"", "/steps/0/fields/9/prefer", "register");
	fault("/steps/0/fields/4/prefer", "\"self\"", "/steps/0/fields/4/prefer", "both a register attribute");
	fault("/steps/0/fields/0/prefer", "\"register\"", "/steps/0/fields/0/prefer", "both a register attribute");
	fault("/steps/0/fields/9/prefill", NULL, "/steps/0/fields/9/prefer", "without prefill");
	fault("/steps/2/fields/2/prefill", "{\"self\":\"email\"}", "/steps/2/fields/2/prefill", "file field");
	fault("/steps/0/fields/2/prefill", "{\"self\":\"phone\"}", "/steps/0/fields/2/prefill", "computed");
	/* inside a group: only the group's list, each element or a member of it */
	fault("/steps/1/fields/7/fields/0/prefill", "{\"source\":\"persons\",\"attribute\":\"given_name\"}",
	      "/steps/1/fields/7/fields/0/prefill/attribute", "its group's list only: \"children[]\"");
	fault("/steps/1/fields/7/fields/4/prefill/attribute", "\"parents[]\"", "/steps/1/fields/7/fields/4/prefill/attribute",
	      "group's list only");
	fault("/steps/1/fields/7/fields/4/prefill/attribute", "\"children\"", "/steps/1/fields/7/fields/4/prefill/attribute",
	      "group's list only");
	fault("/steps/1/fields/7/fields/4/prefill/attribute", "\"children[].\"",
	      "/steps/1/fields/7/fields/4/prefill/attribute", "group's list only");
	fault("/steps/1/fields/7/fields/4/prefill/attribute", "\"children[].a.b\"",
	      "/steps/1/fields/7/fields/4/prefill/attribute", "group's list only");
	fault("/steps/1/fields/7/fields/4/prefill/attribute", "\"children[]x\"",
	      "/steps/1/fields/7/fields/4/prefill/attribute", "group's list only");
	fault("/steps/1/fields/7/fields/4/prefill/source", "\"companies\"", "/steps/1/fields/7/fields/4/prefill/source",
	      "its group's register, persons");
	fault("/steps/1/fields/7/fields/4/prefill", "{\"self\":\"phone\"}", "/steps/1/fields/7/fields/4/prefill/self",
	      "not filled from self-declared data");
	fault("/steps/1/fields/7/fields/4/prefill/colour", "\"red\"", "/steps/1/fields/7/fields/4/prefill/colour",
	      "unknown member");
	fault("/steps/1/fields/7/fields/4/prefer", "\"register\"", "/steps/1/fields/7/fields/4/prefer", "nothing to prefer");
	fault("/steps/1/fields/7/prefill", NULL, "/steps/1/fields/7/fields/4/prefill", "not prefilled from a register");
	fault("/steps/1/fields/7/fields/3/fields/0/prefill", "{\"source\":\"persons\",\"attribute\":\"children[].x\"}",
	      "/steps/1/fields/7/fields/3/fields/0/prefill", "group within a group");
	/* a group takes one attribute, not a family; a step field, no list's elements */
	fault("/steps/1/fields/7/prefill/attribute", "\"address\"", "/steps/1/fields/7/prefill/attribute", "does not serve");
	fault("/steps/0/fields/0/prefill/attribute", "\"children[]\"", "/steps/0/fields/0/prefill/attribute",
	      "expected an attribute name");

	/* a member of each element (a list of objects, not of related
	 * subjects), and a group within the group taking a member that is a list */
	json_t *members = rich();
	plant(members, "/steps/1/fields/7/prefill", "{\"source\":\"companies\",\"attribute\":\"managed_companies\"}");
	plant(members, "/steps/1/fields/7/fields/4/prefill",
	      "{\"source\":\"companies\",\"attribute\":\"managed_companies[].rcs_number\"}");
	plant(members, "/steps/1/fields/7/fields/3/prefill",
	      "{\"source\":\"companies\",\"attribute\":\"managed_companies[].schools\"}");
	char merr[512];
	struct gx_procedure *mp = parse_json(members, &env.ctx, merr, sizeof(merr));
	if (mp == NULL)
		fail_msg("refused: %s", merr);
	gx_procedure_free(mp);
	json_decref(members);

	/* without registers in the context, only the shape is checked */
	json_t *d = rich();
	plant(d, "/steps/0/fields/0/prefill/source", "\"people\"");
	plant(d, "/organisation", "\"ministry\"");
	char err[512];
	struct gx_procedure *p = parse_json(d, NULL, err, sizeof(err));
	if (p == NULL)
		fail_msg("refused without a context: %s", err);
	gx_procedure_free(p);
	json_decref(d);
}

/* A definition of one step whose fields are the JSON text fields. */
static struct gx_procedure *one_step(const char *fields, char *err, size_t errlen)
{
	char text[4096];
	snprintf(text, sizeof(text),
		 "{\"id\":\"coded\",\"version\":1,\"organisation\":\"commune\",\"titles\":{\"fr\":\"a\",\"de\":"
		 "\"b\",\"en\":\"c\"},\"statuses\":{\"submitted\":{\"to\":[\"completed\",\"rejected\"]},\"completed\":"
		 "{\"final\":true},\"rejected\":{\"final\":true}},\"steps\":[{\"id\":\"s\",\"titles\":{\"fr\":\"a\","
		 "\"de\":\"b\",\"en\":\"c\"},\"fields\":[%s]}]}",
		 fields);
	return gx_procedure_parse(text, strlen(text), &env.ctx, err, errlen);
}

/* A field filled with a register's code is a choice: without options it
 * takes the code list with its words (lb too); with options, each must be
 * a code; a text field is refused. */
static void test_coded(void **state)
{
	char err[512] = "";
	struct gx_procedure *p = one_step(
		"{\"id\":\"civil\",\"kind\":\"choice\",\"labels\":{\"fr\":\"a\",\"de\":\"b\",\"en\":\"c\"},"
		"\"prefill\":{\"source\":\"persons\",\"attribute\":\"civil_status\"}},"
		"{\"id\":\"cats\",\"kind\":\"multichoice\",\"labels\":{\"fr\":\"a\",\"de\":\"b\",\"en\":\"c\"},"
		"\"prefill\":{\"source\":\"driving_licences\",\"attribute\":\"categories\"}},"
		"{\"id\":\"companies\",\"kind\":\"group\",\"labels\":{\"fr\":\"a\",\"de\":\"b\",\"en\":\"c\"},"
		"\"prefill\":{\"source\":\"companies\",\"attribute\":\"managed_companies\"},\"fields\":["
		"{\"id\":\"legal_form\",\"kind\":\"choice\",\"labels\":{\"fr\":\"a\",\"de\":\"b\",\"en\":\"c\"}}]}",
		err, sizeof(err));
	if (p == NULL)
		fail_msg("refused: %s", err);
	const json_t *fields = json_object_get(json_array_get(json_object_get(gx_procedure_json(p), "steps"), 0), "fields");
	const json_t *opts = json_object_get(json_array_get(fields, 0), "options");
	assert_int_equal(json_array_size(opts), 5);
	assert_string_equal(json_string_value(json_object_get(json_array_get(opts, 1), "value")), "married");
	const json_t *labels = json_object_get(json_array_get(opts, 1), "labels");
	assert_string_equal(json_string_value(json_object_get(labels, "en")), "Married");
	assert_string_equal(json_string_value(json_object_get(labels, "lb")), "Bestuet");
	assert_int_equal(json_array_size(json_object_get(json_array_get(fields, 1), "options")), 14);
	const json_t *group = json_array_get(fields, 2);
	assert_int_equal(json_array_size(json_object_get(json_array_get(json_object_get(group, "fields"), 0), "options")), 7);
	gx_procedure_free(p);

	/* options of its own, each a code */
	p = one_step("{\"id\":\"civil\",\"kind\":\"choice\",\"labels\":{\"fr\":\"a\",\"de\":\"b\",\"en\":\"c\"},"
		     "\"prefill\":{\"source\":\"persons\",\"attribute\":\"civil_status\"},\"options\":[{\"value\":"
		     "\"married\",\"labels\":{\"fr\":\"a\",\"de\":\"b\",\"en\":\"c\",\"lb\":\"d\"}}]}",
		     err, sizeof(err));
	if (p == NULL)
		fail_msg("refused: %s", err);
	gx_procedure_free(p);
	assert_null(one_step("{\"id\":\"civil\",\"kind\":\"choice\",\"labels\":{\"fr\":\"a\",\"de\":\"b\",\"en\":"
			     "\"c\"},\"prefill\":{\"source\":\"persons\",\"attribute\":\"civil_status\"},\"options\":[{"
			     "\"value\":\"engaged\",\"labels\":{\"fr\":\"a\",\"de\":\"b\",\"en\":\"c\"}}]}",
			     err, sizeof(err)));
	assert_non_null(strstr(err, "/steps/0/fields/0: option engaged is not a code of civil_status"));
	assert_null(one_step("{\"id\":\"n\",\"kind\":\"text\",\"labels\":{\"fr\":\"a\",\"de\":\"b\",\"en\":\"c\"},"
			     "\"prefill\":{\"source\":\"persons\",\"attribute\":\"nationality\"}}",
			     err, sizeof(err)));
	assert_non_null(strstr(err, "a text field would show the code"));
	/* the member of its id, implicitly, in a group: a text field is refused too */
	assert_null(one_step("{\"id\":\"companies\",\"kind\":\"group\",\"labels\":{\"fr\":\"a\",\"de\":\"b\",\"en\":"
			     "\"c\"},\"prefill\":{\"source\":\"companies\",\"attribute\":\"managed_companies\"},\"fields\":"
			     "[{\"id\":\"legal_form\",\"kind\":\"text\",\"labels\":{\"fr\":\"a\",\"de\":\"b\",\"en\":"
			     "\"c\"}}]}",
			     err, sizeof(err)));
	assert_non_null(strstr(err, "/steps/0/fields/0/fields/0: managed_companies[].legal_form"));
	/* an empty lb is refused; a text's lb is optional */
	assert_null(one_step("{\"id\":\"n\",\"kind\":\"text\",\"labels\":{\"fr\":\"a\",\"de\":\"b\",\"en\":\"c\","
			     "\"lb\":\"\"}}",
			     err, sizeof(err)));
	assert_non_null(strstr(err, "/labels/lb"));
}

/* A related subject's attribute: "of" a linking attribute, or a linking
 * list's "[].<attribute>" the register serves. */
static void test_related(void **state)
{
	char err[512] = "";
#define L3 "\"labels\":{\"fr\":\"a\",\"de\":\"b\",\"en\":\"c\"}"
	struct gx_procedure *p = one_step(
		"{\"id\":\"pg\",\"kind\":\"text\"," L3 ",\"prefill\":{\"source\":\"persons\",\"attribute\":\"given_name\","
		"\"of\":\"partner\"}},"
		"{\"id\":\"children\",\"kind\":\"group\"," L3 ",\"prefill\":{\"source\":\"persons\",\"attribute\":\"children\"},"
		"\"fields\":[{\"id\":\"n\",\"kind\":\"text\"," L3 ",\"prefill\":{\"source\":\"persons\",\"attribute\":"
		"\"children[].family_name\"}},{\"id\":\"nat\",\"kind\":\"choice\"," L3 ",\"prefill\":{\"source\":\"persons\","
		"\"attribute\":\"children[].nationality\"}}]}",
		err, sizeof(err));
	if (p == NULL)
		fail_msg("refused: %s", err);
	gx_procedure_free(p);
	assert_null(one_step("{\"id\":\"pg\",\"kind\":\"text\"," L3 ",\"prefill\":{\"source\":\"persons\",\"attribute\":"
			     "\"given_name\",\"of\":\"birth_place\"}}", err, sizeof(err)));
	assert_non_null(strstr(err, "/steps/0/fields/0/prefill/of: birth_place of the register persons does not name other subjects"));
	assert_null(one_step("{\"id\":\"pg\",\"kind\":\"text\"," L3 ",\"prefill\":{\"source\":\"persons\",\"attribute\":"
			     "\"given_name\",\"of\":\"partner\",\"self\":\"profession\"}}", err, sizeof(err)));
	assert_non_null(strstr(err, "/prefill/of: a related person's value comes from the register only"));
	assert_null(one_step("{\"id\":\"children\",\"kind\":\"group\"," L3 ",\"prefill\":{\"source\":\"persons\",\"attribute\":"
			     "\"children\"},\"fields\":[{\"id\":\"n\",\"kind\":\"text\"," L3 ",\"prefill\":{\"source\":"
			     "\"persons\",\"attribute\":\"children[].shoe_size\"}}]}", err, sizeof(err)));
	assert_non_null(strstr(err, "children names other subjects of persons, and persons serves no attribute shoe_size"));
	/* a related subject's coded attribute shows in words too */
	assert_null(one_step("{\"id\":\"children\",\"kind\":\"group\"," L3 ",\"prefill\":{\"source\":\"persons\",\"attribute\":"
			     "\"children\"},\"fields\":[{\"id\":\"n\",\"kind\":\"text\"," L3 ",\"prefill\":{\"source\":"
			     "\"persons\",\"attribute\":\"children[].nationality\"}}]}", err, sizeof(err)));
	assert_non_null(strstr(err, "nationality of the register persons is a code"));
#undef L3
}

/* What the catalogue reads: themes and life events of themes.json, the
 * public page's texts, the search keywords; and what it requires. */
static void test_catalogue_members(void **state)
{
	fault("/themes", "[]", "/themes", "1 to 5 theme ids");
	fault("/themes/0", "\"gardening\"", "/themes/0", "no theme gardening in themes.json");
	fault("/themes/-", "\"family\"", "/themes/1", "duplicate theme");
	fault("/life_events/moving", "0", "/life_events/moving", "1 to 999");
	fault("/life_events/dying", "3", "/life_events/dying", "no life event dying");
	fault("/about/cost", NULL, "/about/cost", "missing");
	fault("/about/price", "{}", "/about/price", "unknown member");
	fault("/keywords/it", "[\"esempio\"]", "/keywords/it", "unknown member");
	fault("/keywords/fr", "[]", "/keywords/fr", "1 to 30 keywords");
	fault("/without_login", "1", "/without_login", "true or false");
	fault("/without_login", "true", "/without_login", "cannot offer reuse");
	json_t *g = rich();
	plant(g, "/without_login", "true");
	plant(g, "/reuse", NULL);
	char gerr[512];
	assert_null(parse_json(g, &env.ctx, gerr, sizeof(gerr)));
	assert_non_null(strstr(gerr, "/without_login: a procedure without login prefills nothing, but field"));
	json_decref(g);

	json_t *d = rich();
	char err[512];
	struct gx_procedure *p = parse_json(d, &env.ctx, err, sizeof(err));
	if (p == NULL)
		fail_msg("refused: %s", err);
	assert_string_equal(gx_procedure_themes(p)[0], "family");
	assert_null(gx_procedure_themes(p)[1]);
	assert_int_equal(gx_procedure_life_event_rank(p, "moving"), 10);
	assert_int_equal(gx_procedure_life_event_rank(p, "birth"), 0);
	assert_non_null(json_object_get(gx_procedure_about(p), "who"));
	assert_int_equal(gx_procedure_catalogue_check(p, err, sizeof(err)), 0);
	gx_procedure_free(p);
	/* the format allows a definition without them; a catalogue of the platform does not */
	plant(d, "/themes", NULL);
	p = parse_json(d, &env.ctx, err, sizeof(err));
	assert_non_null(p);
	assert_null(gx_procedure_themes(p)[0]);
	assert_int_equal(gx_procedure_catalogue_check(p, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "/themes: missing"));
	gx_procedure_free(p);
	plant(d, "/themes", "[\"family\"]");
	plant(d, "/about", NULL);
	p = parse_json(d, &env.ctx, err, sizeof(err));
	assert_int_equal(gx_procedure_catalogue_check(p, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "/about: missing"));
	gx_procedure_free(p);
	json_decref(d);
}

static void test_rules(void **state)
{
	fault("/rules/0/field", "\"given_name\"", "/rules/0/field", "cannot be compared");
	fault("/rules/0/other", "\"charges\"", "/rules/0/other", "cannot be compared with a date");
	fault("/rules/0/other", "\"end_date\"", "/rules/0/other", "itself");
	fault("/rules/0/other", "\"name\"", "/rules/0/other", "step's field");
	fault("/rules/0/op", "\"~\"", "/rules/0/op", "one of");
	fault("/rules/0/messages", NULL, "/rules/0/messages", "missing");
	fault("/rules/-", "{\"id\":\"end_after_start\",\"field\":\"rent\",\"op\":\"<\",\"other\":\"charges\","
			  "\"messages\":{\"fr\":\"a\",\"de\":\"b\",\"en\":\"c\"}}",
	      "/rules/1/id", "duplicate rule id");
}

static void test_reuse(void **state)
{
	fault("/reuse/colour", "1", "/reuse/colour", "unknown member");
	fault("/reuse", "[]", "/reuse", "expected {");
	fault("/reuse/registers", NULL, "/reuse/registers", "missing");
	fault("/reuse/registers", "[]", "/reuse/registers", "1 to 10 registers");
	fault("/reuse/registers/0", "\"persons\"", "/reuse/registers/0", "expected {");
	fault("/reuse/registers/0/why", "1", "/reuse/registers/0/why", "unknown member");
	fault("/reuse/registers/0/source", "\"people\"", "/reuse/registers/0/source", "no such register");
	fault("/reuse/registers/0/source", "\"\"", "/reuse/registers/0/source", "register name");
	fault("/reuse/registers/1/source", "\"persons\"", "/reuse/registers/1/source", "duplicate register");
	fault("/reuse/registers/0/attributes", NULL, "/reuse/registers/0/attributes", "missing");
	fault("/reuse/registers/0/attributes", "[]", "/reuse/registers/0/attributes", "1 to 50");
	fault("/reuse/registers/0/attributes/0", "\"address\"", "/reuse/registers/0/attributes/0",
	      "the register persons does not serve this attribute");
	fault("/reuse/registers/1/attributes/0", "\"children\"", "/reuse/registers/1/attributes/0",
	      "the register social_security does not serve");
	fault("/reuse/registers/0/attributes/0", "\"Address\"", "/reuse/registers/0/attributes/0", "attribute name");
	fault("/reuse/registers/0/attributes/1", "\"address.street\"", "/reuse/registers/0/attributes/1",
	      "duplicate attribute");
	fault("/reuse/purpose", NULL, "/reuse/purpose", "missing");
	fault("/reuse/purpose/it", "\"Scopo\"", "/reuse/purpose/it", "unknown member");
	fault("/reuse/legal_basis/en", "\"\"", "/reuse/legal_basis/en", "empty");
	fault("/reuse/validity_days", NULL, "/reuse/validity_days", "missing");
	fault("/reuse/validity_days", "0", "/reuse/validity_days", "1 to 3650");
	fault("/reuse/validity_days", "3651", "/reuse/validity_days", "1 to 3650");
	fault("/reuse/validity_days", "\"90\"", "/reuse/validity_days", "1 to 3650");
	fault("/reuse/instead", NULL, "/reuse/instead", "missing");
	fault("/reuse/instead", "[]", "/reuse/instead", "1 to 20");
	fault("/reuse/instead/0", "7", "/reuse/instead/0", "expected a field id");
	fault("/reuse/instead/0", "\"given_name\"", "/reuse/instead/0", "given_name is required anyway");
	fault("/reuse/instead/0", "\"total\"", "/reuse/instead/0", "total is computed");
	fault("/reuse/instead/0", "\"rent\"", "/reuse/instead/0", "rent has show_if");
	fault("/reuse/instead/0", "\"name\"", "/reuse/instead/0", "no step field name");
	fault("/reuse/instead/-", "\"lease\"", "/reuse/instead/1", "duplicate field");
	/* the answer's name is no field's, in a group either */
	fault("/steps/0/fields/0/id", "\"reuse_consent\"", "/steps/0/fields/0/id", "reuse_consent is the person's answer");
	fault("/steps/1/fields/7/fields/0/id", "\"reuse_consent\"", "/steps/1/fields/7/fields/0/id", "reuse_consent");

	/* without registers in the context, registers and attributes are checked for their shape only */
	char err[512];
	json_t *d = rich();
	plant(d, "/reuse/registers/0/source", "\"people\"");
	plant(d, "/organisation", "\"ministry\"");
	struct gx_procedure *p = parse_json(d, NULL, err, sizeof(err));
	if (p == NULL)
		fail_msg("refused without a context: %s", err);
	gx_procedure_free(p);
	json_decref(d);

	/* the parsed view */
	p = gx_procedure_load(RICH, &env.ctx, err, sizeof(err));
	if (p == NULL)
		fail_msg("%s", err);
	const struct gx_reuse *r = gx_procedure_reuse(p);
	assert_non_null(r);
	assert_int_equal(r->nregisters, 2);
	assert_string_equal(r->registers[0].source, "persons");
	assert_int_equal(r->registers[0].nattributes, 4);
	assert_string_equal(r->registers[0].attributes[0], "address.street");
	assert_string_equal(r->registers[0].attributes[3], "children");
	assert_string_equal(r->registers[1].source, "social_security");
	assert_int_equal(r->registers[1].nattributes, 1);
	assert_string_equal(r->registers[1].attributes[0], "affiliation_status");
	assert_int_equal(r->validity_days, 365);
	assert_string_equal(json_string_value(json_object_get(r->purpose, "en")), "To review the entitlement each year.");
	assert_string_equal(json_string_value(json_object_get(r->legal_basis, "de")), "Beispielgesetz");
	assert_int_equal(r->ninstead, 1);
	assert_string_equal(r->instead[0], "lease");
	assert_true(gx_reuse_allows(r, "persons", "children"));
	assert_true(gx_reuse_allows(r, "social_security", "affiliation_status"));
	assert_false(gx_reuse_allows(r, "persons", "given_name"));
	assert_false(gx_reuse_allows(r, "social_security", "children"));
	assert_false(gx_reuse_allows(r, "vehicles", "vehicles"));
	assert_false(gx_reuse_allows(r, NULL, "children"));
	assert_false(gx_reuse_allows(NULL, "persons", "children"));

	/* No makes the instead fields required; nothing else does */
	const json_t *def = gx_procedure_json(p);
	json_t *no = json_pack("{s:b}", "reuse_consent", 0), *yes = json_pack("{s:b}", "reuse_consent", 1);
	json_t *text = json_pack("{s:s}", "reuse_consent", "no"), *none = json_object();
	assert_true(gx_reuse_instead_required(def, no, "lease"));
	assert_false(gx_reuse_instead_required(def, no, "start_date"));
	assert_false(gx_reuse_instead_required(def, no, NULL));
	assert_false(gx_reuse_instead_required(def, yes, "lease"));
	assert_false(gx_reuse_instead_required(def, text, "lease"));
	assert_false(gx_reuse_instead_required(def, none, "lease"));
	assert_false(gx_reuse_instead_required(def, NULL, "lease"));
	gx_procedure_free(p);

	p = gx_procedure_load(FIXTURES "/minimal.json", &env.ctx, err, sizeof(err));
	assert_non_null(p);
	assert_null(gx_procedure_reuse(p));
	assert_false(gx_reuse_instead_required(gx_procedure_json(p), no, "note"));
	gx_procedure_free(p);
	json_decref(no);
	json_decref(yes);
	json_decref(text);
	json_decref(none);
}

static void test_file_name(void **state)
{
	char dir[] = "/tmp/gx_proc_test.XXXXXX", path[64], err[512];
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/other-name.json", dir);
	json_t *d = rich();
	assert_int_equal(json_dump_file(d, path, 0), 0);
	json_decref(d);
	assert_null(gx_procedure_load(path, &env.ctx, err, sizeof(err)));
	if (strncmp(err, "/id: ", 5) != 0 || strstr(err, "rich-example.json") == NULL)
		fail_msg("%s", err);
	unlink(path);
	rmdir(dir);
}

static void test_catalog(void **state)
{
	struct gx_procedure_catalog *cat = NULL;
	char err[1024] = "";
	if (gx_procedure_catalog_load(FIXTURES, "registers", &cat, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	assert_int_equal(gx_procedure_catalog_count(cat), 2);
	assert_string_equal(gx_procedure_id(gx_procedure_catalog_at(cat, 0)), "minimal");
	assert_null(gx_procedure_catalog_at(cat, 2));
	const struct gx_procedure *p = gx_procedure_catalog_find(cat, "rich-example");
	assert_non_null(p);
	assert_int_equal(gx_procedure_version(p), 2);
	assert_null(gx_procedure_catalog_find(cat, "nope"));
	assert_string_equal(json_string_value(json_object_get(gx_procedure_catalog_organisation(cat, "cae"), "en")),
			    "Children's Future Fund");
	assert_null(gx_procedure_catalog_organisation(cat, "nope"));
	const struct gx_register_description *persons = gx_procedure_catalog_register(cat, "persons");
	assert_non_null(persons);
	assert_string_equal(persons->titles[GX_REGISTER_EN], "National register of natural persons");
	assert_null(gx_procedure_catalog_register(cat, "nope"));
	assert_null(gx_procedure_catalog_register(cat, NULL));
	gx_procedure_catalog_free(cat);

	/* the first fault stops the load and names the file */
	assert_int_equal(gx_procedure_catalog_load("tests/fixtures/procedures/broken", "registers", &cat, err,
						   sizeof(err)),
			 -1);
	assert_null(cat);
	assert_non_null(strstr(err, "tests/fixtures/procedures/broken/"));

	/* the shipped definitions, when they are there */
	if (access("procedures/organisations.json", R_OK) == 0) {
		if (gx_procedure_catalog_load("procedures", "registers", &cat, err, sizeof(err)) != 0)
			fail_msg("procedures/: %s", err);
		assert_true(gx_procedure_catalog_count(cat) > 0);
		gx_procedure_catalog_free(cat);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),          cmocka_unit_test(test_document),
		cmocka_unit_test(test_top_level),      cmocka_unit_test(test_limits),
		cmocka_unit_test(test_statuses_steps), cmocka_unit_test(test_field_ids_kinds),
		cmocka_unit_test(test_kinds),          cmocka_unit_test(test_conditions),
		cmocka_unit_test(test_prefill),        cmocka_unit_test(test_rules),
		cmocka_unit_test(test_reuse),          cmocka_unit_test(test_file_name),
		cmocka_unit_test(test_catalog),        cmocka_unit_test(test_coded), cmocka_unit_test(test_related), cmocka_unit_test(test_catalogue_members),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
