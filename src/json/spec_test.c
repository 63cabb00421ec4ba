/** Unit tests for declarative JSON input parsing (src/json/spec.h). */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "json/spec.h"

static const struct gx_json_field address_fields[] = {
	{.name = "street", .kind = GX_JSON_STRING, .required = true, .min_len = 1, .max_len = 100},
	{.name = "number", .kind = GX_JSON_INTEGER, .min = 1, .max = 9999},
	{.name = "a/b~c", .kind = GX_JSON_BOOLEAN},
	{0},
};

static const struct gx_json_field child_fields[] = {
	{.name = "name", .kind = GX_JSON_STRING, .required = true},
	{.name = "age", .kind = GX_JSON_INTEGER, .min = 0, .max = 17},
	{0},
};

static const struct gx_json_field child_item = {.kind = GX_JSON_OBJECT, .fields = child_fields};
static const struct gx_json_field tag_item = {.kind = GX_JSON_STRING, .nullable = true, .max_len = 8};

static const struct gx_json_field person[] = {
	{.name = "name", .kind = GX_JSON_STRING, .required = true, .max_len = 50},
	{.name = "age", .kind = GX_JSON_INTEGER, .min = 0, .max = 150},
	{.name = "income", .kind = GX_JSON_NUMBER},
	{.name = "consent", .kind = GX_JSON_BOOLEAN, .required = true},
	{.name = "nickname", .kind = GX_JSON_STRING, .nullable = true},
	{.name = "address", .kind = GX_JSON_OBJECT, .fields = address_fields},
	{.name = "children", .kind = GX_JSON_ARRAY, .items = &child_item, .max_len = 5},
	{.name = "tags", .kind = GX_JSON_ARRAY, .items = &tag_item, .min_len = 1},
	{0},
};

/* Parses body (a C string) against person and checks fault and pointer. */
static struct gx_json_error parse_fail_n(const char *body, size_t len, const struct gx_json_field *spec,
					 int depth, enum gx_json_fault fault, const char *pointer)
{
	struct gx_json_error err;
	json_t *out = (json_t *)&err; /* must be reset to NULL */

	int rc = gx_json_parse(body, len, spec, depth, &out, &err);
	if (rc != -1 || err.fault != fault || strcmp(err.pointer, pointer) != 0)
		print_error("got rc %d fault %s pointer \"%s\" detail \"%s\"; want %s \"%s\"\n", rc,
			    gx_json_fault_name(err.fault), err.pointer, err.detail, gx_json_fault_name(fault),
			    pointer);
	assert_int_equal(rc, -1);
	assert_null(out);
	assert_string_equal(gx_json_fault_name(err.fault), gx_json_fault_name(fault));
	assert_string_equal(err.pointer, pointer);
	assert_true(err.detail[0] != '\0');
	return err;
}

static struct gx_json_error parse_fail(const char *body, enum gx_json_fault fault, const char *pointer)
{
	return parse_fail_n(body, strlen(body), person, 0, fault, pointer);
}

static json_t *parse_ok(const char *body, const struct gx_json_field *spec, int depth)
{
	struct gx_json_error err;
	json_t *out = NULL;

	int rc = gx_json_parse(body, strlen(body), spec, depth, &out, &err);
	if (rc != 0)
		print_error("unexpected %s at \"%s\": %s\n", gx_json_fault_name(err.fault), err.pointer,
			    err.detail);
	assert_int_equal(rc, 0);
	assert_int_equal(err.fault, GX_JSON_OK);
	assert_string_equal(err.pointer, "");
	assert_non_null(out);
	return out;
}

static void test_valid_document(void **state)
{
	json_t *v = parse_ok("{\"name\":\"Marie Muller\",\"age\":42,\"income\":1234.5,\"consent\":true,"
			     "\"nickname\":null,\"address\":{\"street\":\"Rue de l'Eau\",\"number\":7,"
			     "\"a/b~c\":false},\"children\":[{\"name\":\"Lea\",\"age\":3},{\"name\":\"Tom\"}],"
			     "\"tags\":[\"x\",null]}",
			     person, 0);

	assert_string_equal(json_string_value(json_object_get(v, "name")), "Marie Muller");
	assert_int_equal(json_integer_value(json_object_get(v, "age")), 42);
	assert_true(json_real_value(json_object_get(v, "income")) == 1234.5);
	assert_true(json_is_true(json_object_get(v, "consent")));
	assert_null(json_object_get(v, "nickname")); /* nullable null is dropped */
	json_t *addr = json_object_get(v, "address");
	assert_string_equal(json_string_value(json_object_get(addr, "street")), "Rue de l'Eau");
	assert_int_equal(json_integer_value(json_object_get(addr, "number")), 7);
	assert_true(json_is_false(json_object_get(addr, "a/b~c")));
	json_t *kids = json_object_get(v, "children");
	assert_int_equal(json_array_size(kids), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(kids, 1), "name")), "Tom");
	assert_true(json_is_null(json_array_get(json_object_get(v, "tags"), 1))); /* items stay */
	assert_int_equal(v->refcount, 1);
	json_decref(v);

	/* minimal document; integer accepted as a number */
	v = parse_ok("{\"name\":\"\",\"consent\":false,\"income\":3}", person, 0);
	assert_true(json_is_integer(json_object_get(v, "income")));
	json_decref(v);

	/* body need not be NUL-terminated: only len bytes count */
	const char *buf = "{\"name\":\"a\",\"consent\":true}GARBAGE";
	struct gx_json_error err;
	json_t *out = NULL;
	assert_int_equal(gx_json_parse(buf, strlen(buf) - 7, person, 0, &out, &err), 0);
	json_decref(out);

	/* out and err may be NULL */
	assert_int_equal(gx_json_parse("{\"name\":\"a\",\"consent\":true}", 27, person, 0, NULL, NULL), 0);
	assert_int_equal(gx_json_parse("{", 1, person, 0, NULL, NULL), -1);
}

static void test_malformed(void **state)
{
	struct gx_json_error e = parse_fail("{\"name\": }", GX_JSON_MALFORMED, "");
	assert_int_equal(e.line, 1);
	assert_true(e.column > 0);
	assert_non_null(strstr(e.detail, "line 1"));

	e = parse_fail("{\"name\": \"a\",\n  \"consent\": tru }", GX_JSON_MALFORMED, "");
	assert_int_equal(e.line, 2);

	parse_fail("", GX_JSON_MALFORMED, "");
	parse_fail("   ", GX_JSON_MALFORMED, "");
	parse_fail("{\"name\":\"a\",\"consent\":true} x", GX_JSON_MALFORMED, "");
	parse_fail("{\"name\":\"a\",\"consent\":true}{}", GX_JSON_MALFORMED, "");
	parse_fail("{\"name\":\"a\",}", GX_JSON_MALFORMED, "");
	parse_fail("{'name':'a'}", GX_JSON_MALFORMED, "");
	parse_fail("{\"age\":NaN}", GX_JSON_MALFORMED, "");
	parse_fail("{\"name\":\"a\\u0000b\",\"consent\":true}", GX_JSON_MALFORMED, "");
	/* a raw NUL byte inside a string */
	parse_fail_n("{\"name\":\"a\0b\",\"consent\":true}", 29, person, 0, GX_JSON_MALFORMED, "");
	/* a raw NUL byte after the value is trailing garbage */
	parse_fail_n("{\"name\":\"a\",\"consent\":true}\0", 28, person, 0, GX_JSON_MALFORMED, "");
	assert_int_equal(gx_json_parse(NULL, 0, person, 0, NULL, NULL), -1);
}

static void test_never_echoes_values(void **state)
{
	struct gx_json_error e = parse_fail("{\"name\":\"SECRET-1234", GX_JSON_MALFORMED, "");
	assert_null(strstr(e.detail, "SECRET"));
	e = parse_fail("{\"name\":SECRET}", GX_JSON_MALFORMED, "");
	assert_null(strstr(e.detail, "SECRET"));
	e = parse_fail("{\"age\":\"SECRET\",\"name\":\"a\",\"consent\":true}", GX_JSON_WRONG_TYPE, "/age");
	assert_null(strstr(e.detail, "SECRET"));
	e = parse_fail("{\"name\":\"SECRET\",\"name\":\"SECRET\"}", GX_JSON_DUPLICATE_FIELD, "/name");
	assert_null(strstr(e.detail, "SECRET"));
}

static const struct gx_json_field depth3[] = {{0}};
static const struct gx_json_field depth2[] = {{.name = "c", .kind = GX_JSON_OBJECT, .fields = depth3}, {0}};
static const struct gx_json_field depth1[] = {{.name = "b", .kind = GX_JSON_OBJECT, .fields = depth2}, {0}};
static const struct gx_json_field depth0[] = {{.name = "a", .kind = GX_JSON_OBJECT, .fields = depth1}, {0}};

static void test_depth_limit(void **state)
{
	/* exactly at the bound: top-level object is depth 1 */
	json_decref(parse_ok("{\"a\":{\"b\":{}}}", depth0, 3));
	json_decref(parse_ok("{\"a\":{\"b\":{\"c\":{}}}}", depth0, 4));
	/* one above */
	struct gx_json_error e =
		parse_fail_n("{\"a\":{\"b\":{\"c\":{}}}}", 20, depth0, 3, GX_JSON_TOO_DEEP, "");
	assert_int_equal(e.line, 1);
	assert_int_equal(e.column, 16);
	parse_fail_n("{\"a\":{\"b\":[]}}", 14, depth0, 2, GX_JSON_TOO_DEEP, "");
	/* brackets inside strings do not count, escaped quotes do not end strings */
	json_decref(parse_ok("{\"name\":\"[[[{{{\\\"[[[\",\"consent\":true}", person, 1));
	/* the nesting check comes before any other fault */
	parse_fail_n("[[[[", 4, person, 3, GX_JSON_TOO_DEEP, "");
	/* max_depth <= 0 means the default */
	char deep[GX_JSON_DEFAULT_DEPTH * 2 + 3];
	size_t n = 0;
	deep[n++] = '{';
	deep[n++] = '}';
	for (int i = 0; i < GX_JSON_DEFAULT_DEPTH; i++)
		deep[n++] = '[';
	parse_fail_n(deep, n, person, 0, GX_JSON_MALFORMED, ""); /* 32 deep: within */
	deep[n++] = '[';
	parse_fail_n(deep, n, person, 0, GX_JSON_TOO_DEEP, "");
}

static void test_depth_hostile(void **state)
{
	/* 100000 nested arrays must not reach jansson, even with a huge max_depth */
	size_t n = 200000;
	char *deep = malloc(n);
	assert_non_null(deep);
	deep[0] = '{';
	memcpy(deep + 1, "\"a\":", 4);
	memset(deep + 5, '[', n / 2 - 5);
	memset(deep + n / 2, ']', n / 2 - 1);
	deep[n - 1] = '}';
	parse_fail_n(deep, n, person, 100, GX_JSON_TOO_DEEP, "");
	parse_fail_n(deep, n, person, 1000000, GX_JSON_TOO_DEEP, "");
	free(deep);
}

static void test_not_object(void **state)
{
	parse_fail("[]", GX_JSON_NOT_OBJECT, "");
	parse_fail("[{\"name\":\"a\",\"consent\":true}]", GX_JSON_NOT_OBJECT, "");
	parse_fail("\"name\"", GX_JSON_NOT_OBJECT, "");
	parse_fail("42", GX_JSON_NOT_OBJECT, "");
	parse_fail("true", GX_JSON_NOT_OBJECT, "");
	parse_fail("null", GX_JSON_NOT_OBJECT, "");
}

static void test_unknown_field(void **state)
{
	struct gx_json_error e = parse_fail("{\"name\":\"a\",\"consent\":true,\"extra\":1}",
					    GX_JSON_UNKNOWN_FIELD, "/extra");
	assert_int_equal(e.line, 0);
	parse_fail("{\"address\":{\"street\":\"x\",\"zip\":\"1234\"}}", GX_JSON_UNKNOWN_FIELD, "/address/zip");
	parse_fail("{\"children\":[{\"name\":\"a\"},{\"name\":\"b\",\"nick\":\"c\"}]}", GX_JSON_UNKNOWN_FIELD,
		   "/children/1/nick");
	/* RFC 6901 escaping: "~" as "~0", "/" as "~1" */
	parse_fail("{\"a/b~c\":true}", GX_JSON_UNKNOWN_FIELD, "/a~1b~0c");
	parse_fail("{\"~1\":true}", GX_JSON_UNKNOWN_FIELD, "/~01");
	parse_fail("{\"\":true}", GX_JSON_UNKNOWN_FIELD, "/");
	/* escaped member names are decoded before lookup and escaping */
	parse_fail("{\"caf\\u00e9\":1}", GX_JSON_UNKNOWN_FIELD, "/caf\xc3\xa9");
	/* names are case-sensitive */
	parse_fail("{\"Name\":\"a\"}", GX_JSON_UNKNOWN_FIELD, "/Name");
	/* an object field without a list allows no members */
	static const struct gx_json_field bare[] = {{.name = "o", .kind = GX_JSON_OBJECT}, {0}};
	json_decref(parse_ok("{\"o\":{}}", bare, 0));
	parse_fail_n("{\"o\":{\"x\":1}}", 13, bare, 0, GX_JSON_UNKNOWN_FIELD, "/o/x");
	parse_fail_n("{\"x\":1}", 7, NULL, 0, GX_JSON_UNKNOWN_FIELD, "/x");
}

static void test_missing_field(void **state)
{
	parse_fail("{}", GX_JSON_MISSING_FIELD, "/name");
	parse_fail("{\"name\":\"a\"}", GX_JSON_MISSING_FIELD, "/consent");
	parse_fail("{\"name\":\"a\",\"consent\":true,\"address\":{\"number\":3}}", GX_JSON_MISSING_FIELD,
		   "/address/street");
	parse_fail("{\"name\":\"a\",\"consent\":true,\"children\":[{\"name\":\"a\"},{\"age\":3}]}",
		   GX_JSON_MISSING_FIELD, "/children/1/name");
	/* required + nullable: null counts as absent */
	static const struct gx_json_field rn[] = {
		{.name = "x", .kind = GX_JSON_STRING, .required = true, .nullable = true}, {0}};
	parse_fail_n("{\"x\":null}", 10, rn, 0, GX_JSON_MISSING_FIELD, "/x");
}

static void test_wrong_type(void **state)
{
	parse_fail("{\"name\":1,\"consent\":true}", GX_JSON_WRONG_TYPE, "/name");
	struct gx_json_error e = parse_fail("{\"name\":\"a\",\"consent\":true,\"age\":1.0}", GX_JSON_WRONG_TYPE, "/age");
	assert_string_equal(e.detail, "expected an integer, got a real number");
	parse_fail("{\"name\":\"a\",\"consent\":true,\"age\":1e2}", GX_JSON_WRONG_TYPE, "/age");
	parse_fail("{\"name\":\"a\",\"consent\":true,\"age\":\"1\"}", GX_JSON_WRONG_TYPE, "/age");
	parse_fail("{\"name\":\"a\",\"consent\":1}", GX_JSON_WRONG_TYPE, "/consent");
	parse_fail("{\"name\":\"a\",\"consent\":\"true\"}", GX_JSON_WRONG_TYPE, "/consent");
	parse_fail("{\"name\":\"a\",\"consent\":true,\"income\":\"1\"}", GX_JSON_WRONG_TYPE, "/income");
	parse_fail("{\"name\":\"a\",\"consent\":true,\"income\":false}", GX_JSON_WRONG_TYPE, "/income");
	parse_fail("{\"name\":\"a\",\"consent\":true,\"address\":[]}", GX_JSON_WRONG_TYPE, "/address");
	parse_fail("{\"name\":\"a\",\"consent\":true,\"children\":{}}", GX_JSON_WRONG_TYPE, "/children");
	parse_fail("{\"name\":\"a\",\"consent\":true,\"children\":[\"x\"]}", GX_JSON_WRONG_TYPE, "/children/0");
	/* null where not nullable */
	e = parse_fail("{\"name\":null,\"consent\":true}", GX_JSON_WRONG_TYPE, "/name");
	assert_string_equal(e.detail, "expected a string, got null");
	parse_fail("{\"name\":\"a\",\"consent\":true,\"age\":null}", GX_JSON_WRONG_TYPE, "/age");
	parse_fail("{\"name\":\"a\",\"consent\":true,\"children\":[null]}", GX_JSON_WRONG_TYPE, "/children/0");
	parse_fail("{\"name\":\"a\",\"consent\":true,\"address\":{\"street\":\"x\",\"a/b~c\":1}}",
		   GX_JSON_WRONG_TYPE, "/address/a~1b~0c");
}

static void test_too_long(void **state)
{
	char body[20000];
	char name[60];

	memset(name, 'x', 51);
	name[51] = '\0';
	snprintf(body, sizeof body, "{\"name\":\"%s\",\"consent\":true}", name);
	parse_fail(body, GX_JSON_TOO_LONG, "/name");
	name[50] = '\0';
	snprintf(body, sizeof body, "{\"name\":\"%s\",\"consent\":true}", name);
	json_decref(parse_ok(body, person, 0));

	/* bytes, not characters: 25 x "é" = 50 bytes fits, 26 does not */
	char accents[60] = "";
	for (int i = 0; i < 25; i++)
		strcat(accents, "\xc3\xa9");
	snprintf(body, sizeof body, "{\"name\":\"%s\",\"consent\":true}", accents);
	json_decref(parse_ok(body, person, 0));
	snprintf(body, sizeof body, "{\"name\":\"%s\\u00e9\",\"consent\":true}", accents);
	parse_fail(body, GX_JSON_TOO_LONG, "/name");

	/* default cap for a string without max_len */
	static char big[GX_JSON_STRING_CAP + 2];
	memset(big, 'n', GX_JSON_STRING_CAP);
	big[GX_JSON_STRING_CAP] = '\0';
	snprintf(body, sizeof body, "{\"name\":\"a\",\"consent\":true,\"nickname\":\"%s\"}", big);
	json_decref(parse_ok(body, person, 0));
	strcat(big, "n");
	snprintf(body, sizeof body, "{\"name\":\"a\",\"consent\":true,\"nickname\":\"%s\"}", big);
	parse_fail(body, GX_JSON_TOO_LONG, "/nickname");

	parse_fail("{\"name\":\"a\",\"consent\":true,\"tags\":[\"123456789\"]}", GX_JSON_TOO_LONG, "/tags/0");
}

static void test_too_short(void **state)
{
	parse_fail("{\"name\":\"a\",\"consent\":true,\"address\":{\"street\":\"\"}}", GX_JSON_TOO_SHORT,
		   "/address/street");
	struct gx_json_error e = parse_fail("{\"name\":\"a\",\"consent\":true,\"tags\":[]}", GX_JSON_TOO_SHORT, "/tags");
	assert_string_equal(e.detail, "fewer than 1 items");
}

static void test_out_of_range(void **state)
{
	json_decref(parse_ok("{\"name\":\"a\",\"consent\":true,\"age\":0}", person, 0));
	json_decref(parse_ok("{\"name\":\"a\",\"consent\":true,\"age\":150}", person, 0));
	parse_fail("{\"name\":\"a\",\"consent\":true,\"age\":151}", GX_JSON_OUT_OF_RANGE, "/age");
	struct gx_json_error e = parse_fail("{\"name\":\"a\",\"consent\":true,\"age\":-1}", GX_JSON_OUT_OF_RANGE, "/age");
	assert_string_equal(e.detail, "must be between 0 and 150");
	parse_fail("{\"name\":\"a\",\"consent\":true,\"children\":[{\"name\":\"a\",\"age\":18}]}",
		   GX_JSON_OUT_OF_RANGE, "/children/0/age");
	/* numbers jansson cannot hold are located by position */
	e = parse_fail("{\"name\":\"a\",\"consent\":true,\"age\":123456789012345678901234567890}",
		       GX_JSON_OUT_OF_RANGE, "/age");
	assert_int_equal(e.line, 1);
	parse_fail("{\"name\":\"a\",\"income\":1e999}", GX_JSON_OUT_OF_RANGE, "/income");
	parse_fail("{\"children\":[{\"name\":\"a\"},{\"age\":-99999999999999999999}]}", GX_JSON_OUT_OF_RANGE,
		   "/children/1/age");
	/* no range when both bounds are 0 */
	static const struct gx_json_field any[] = {{.name = "n", .kind = GX_JSON_INTEGER}, {0}};
	json_decref(parse_ok("{\"n\":-9223372036854775808}", any, 0));
}

static void test_bad_utf8(void **state)
{
	struct gx_json_error e = parse_fail("{\"name\":\"a\xff\",\"consent\":true}", GX_JSON_BAD_UTF8, "/name");
	assert_int_equal(e.line, 1);
	parse_fail("{\"name\":\"\xc0\xaf\",\"consent\":true}", GX_JSON_BAD_UTF8, "/name"); /* overlong */
	parse_fail("{\"name\":\"\xed\xa0\x80\",\"consent\":true}", GX_JSON_BAD_UTF8, "/name"); /* surrogate */
	parse_fail("{\"tags\":[\"ok\",\"b\xe9\"]}", GX_JSON_BAD_UTF8, "/tags/1");
	/* in a member name or outside strings: the whole body */
	parse_fail("{\"na\xe9me\":\"a\"}", GX_JSON_BAD_UTF8, "");
	parse_fail("{\"name\":\"a\",\"x\":\"b\",\"y\xe9\":1}", GX_JSON_BAD_UTF8, "");
	parse_fail("{\"name\":\xe9}", GX_JSON_BAD_UTF8, "");
	/* lone escaped surrogate */
	parse_fail("{\"name\":\"\\ud800\",\"consent\":true}", GX_JSON_MALFORMED, "");
}

static void test_too_many_items(void **state)
{
	char body[64000];
	size_t n = (size_t)snprintf(body, sizeof body, "{\"name\":\"a\",\"consent\":true,\"children\":[");
	for (int i = 0; i < 6; i++)
		n += (size_t)snprintf(body + n, sizeof body - n, "%s{\"name\":\"c\"}", i ? "," : "");
	snprintf(body + n, sizeof body - n, "]}");
	struct gx_json_error e = parse_fail(body, GX_JSON_TOO_MANY_ITEMS, "/children");
	assert_string_equal(e.detail, "more than 5 items");

	/* default cap: 1000 tags pass, 1001 do not */
	n = (size_t)snprintf(body, sizeof body, "{\"name\":\"a\",\"consent\":true,\"tags\":[");
	for (int i = 0; i < GX_JSON_ARRAY_CAP; i++)
		n += (size_t)snprintf(body + n, sizeof body - n, "%s\"t%d\"", i ? "," : "", i % 100);
	snprintf(body + n, sizeof body - n, "]}");
	json_t *v = parse_ok(body, person, 0);
	assert_int_equal(json_array_size(json_object_get(v, "tags")), GX_JSON_ARRAY_CAP);
	json_decref(v);
	snprintf(body + n, sizeof body - n, ",null]}");
	parse_fail(body, GX_JSON_TOO_MANY_ITEMS, "/tags");

	/* an array field without an item spec must be empty */
	static const struct gx_json_field bare[] = {{.name = "a", .kind = GX_JSON_ARRAY}, {0}};
	json_decref(parse_ok("{\"a\":[]}", bare, 0));
	parse_fail_n("{\"a\":[1]}", 9, bare, 0, GX_JSON_TOO_MANY_ITEMS, "/a");
}

static void test_duplicate_field(void **state)
{
	struct gx_json_error e = parse_fail("{\"name\":\"a\",\"consent\":true,\"name\":\"b\"}",
					    GX_JSON_DUPLICATE_FIELD, "/name");
	assert_int_equal(e.line, 1);
	parse_fail("{\"address\":{\"street\":\"x\",\"street\":\"y\"}}", GX_JSON_DUPLICATE_FIELD, "/address/street");
	parse_fail("{\"children\":[{\"name\":\"a\"},{\"name\":\"b\",\"name\":\"c\"}]}", GX_JSON_DUPLICATE_FIELD,
		   "/children/1/name");
	/* same name spelt with an escape, and a name containing "/", quotes and brackets */
	parse_fail("{\"name\":\"a\",\"n\\u0061me\":\"b\"}", GX_JSON_DUPLICATE_FIELD, "/name");
	parse_fail("{\"a\":{\"b\":[0,\"]\",{\"x/\\\"}\":1,\"x/\\\"}\":2}]}}", GX_JSON_DUPLICATE_FIELD,
		   "/a/b/2/x~1\"}");
	/* duplicates are found while reading, before the spec check */
	parse_fail("{\"zz\":1,\"zz\":2}", GX_JSON_DUPLICATE_FIELD, "/zz");
}

static void test_first_fault_wins(void **state)
{
	parse_fail("{\"zzz\":1,\"name\":5}", GX_JSON_UNKNOWN_FIELD, "/zzz");
	parse_fail("{\"name\":5,\"zzz\":1}", GX_JSON_WRONG_TYPE, "/name");
	/* member faults before missing members */
	parse_fail("{\"zzz\":1}", GX_JSON_UNKNOWN_FIELD, "/zzz");
	/* a nested fault before a later sibling's */
	parse_fail("{\"address\":{\"number\":0},\"age\":-5}", GX_JSON_OUT_OF_RANGE, "/address/number");
	parse_fail("{\"address\":{\"number\":1},\"age\":-5}", GX_JSON_MISSING_FIELD, "/address/street");
	/* missing members in spec order */
	parse_fail("{\"age\":3}", GX_JSON_MISSING_FIELD, "/name");
}

static void test_pointer_truncated(void **state)
{
	char body[2000];
	char key[700] = "";

	for (int i = 0; i < 300; i++)
		strcat(key, "\xc3\xa9");
	snprintf(body, sizeof body, "{\"%s\":1}", key);
	struct gx_json_error err;
	assert_int_equal(gx_json_parse(body, strlen(body), person, 0, NULL, &err), -1);
	assert_int_equal(err.fault, GX_JSON_UNKNOWN_FIELD);
	size_t n = strlen(err.pointer);
	assert_true(n <= 255 && n >= 250);
	assert_int_equal(n % 2, 1); /* "/" then whole two-byte characters */
	/* still valid UTF-8, so it packs */
	json_t *p = gx_json_error_pack(&err);
	assert_non_null(p);
	json_decref(p);
}

static void test_big_inputs(void **state)
{
	/* 1000 children objects of 1 KB-ish each */
	static const struct gx_json_field row_fields[] = {
		{.name = "id", .kind = GX_JSON_INTEGER, .required = true},
		{.name = "text", .kind = GX_JSON_STRING, .required = true},
		{0},
	};
	static const struct gx_json_field row = {.kind = GX_JSON_OBJECT, .fields = row_fields};
	static const struct gx_json_field rows[] = {
		{.name = "rows", .kind = GX_JSON_ARRAY, .items = &row, .required = true}, {0}};
	size_t cap = 1100 * 1000;
	char *body = malloc(cap);
	assert_non_null(body);
	char text[1001];
	memset(text, 'z', 1000);
	text[1000] = '\0';
	size_t n = (size_t)snprintf(body, cap, "{\"rows\":[");
	for (int i = 0; i < 1000; i++)
		n += (size_t)snprintf(body + n, cap - n, "%s{\"id\":%d,\"text\":\"%s\"}", i ? "," : "", i, text);
	snprintf(body + n, cap - n, "]}");
	json_t *v = parse_ok(body, rows, 0);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(json_object_get(v, "rows"), 999), "id")),
			 999);
	json_decref(v);
	/* the last row at fault */
	char *last = strstr(body + n - 1100, "\"id\":999");
	assert_non_null(last);
	memcpy(last + 1, "ID", 2);
	parse_fail_n(body, strlen(body), rows, 0, GX_JSON_UNKNOWN_FIELD, "/rows/999/ID");

	/* 50000 unknown members: refused at the first */
	n = (size_t)snprintf(body, cap, "{");
	for (int i = 0; i < 50000; i++)
		n += (size_t)snprintf(body + n, cap - n, "%s\"k%d\":%d", i ? "," : "", i, i);
	snprintf(body + n, cap - n, "}");
	parse_fail_n(body, strlen(body), rows, 0, GX_JSON_UNKNOWN_FIELD, "/k0");
	free(body);
}

static void test_fault_names(void **state)
{
	const char *want[] = {"ok", "malformed", "too_deep", "not_object", "unknown_field", "missing_field",
			      "wrong_type", "too_long", "too_short", "out_of_range", "bad_utf8", "too_many_items",
			      "duplicate_field", "no_memory"};
	for (size_t i = 0; i < sizeof want / sizeof *want; i++)
		assert_string_equal(gx_json_fault_name((enum gx_json_fault)i), want[i]);
	assert_string_equal(gx_json_fault_name((enum gx_json_fault)999), "unknown");
}

static void test_error_pack(void **state)
{
	struct gx_json_error e = parse_fail("{\"name\": }", GX_JSON_MALFORMED, "");
	json_t *p = gx_json_error_pack(&e);
	assert_non_null(p);
	assert_string_equal(json_string_value(json_object_get(p, "fault")), "malformed");
	assert_string_equal(json_string_value(json_object_get(p, "pointer")), "");
	assert_int_equal(json_integer_value(json_object_get(p, "line")), 1);
	assert_true(json_integer_value(json_object_get(p, "column")) > 0);
	json_decref(p);

	e = parse_fail("{\"address\":{\"street\":\"x\",\"zip\":1}}", GX_JSON_UNKNOWN_FIELD, "/address/zip");
	p = gx_json_error_pack(&e);
	assert_non_null(p);
	assert_string_equal(json_string_value(json_object_get(p, "fault")), "unknown_field");
	assert_string_equal(json_string_value(json_object_get(p, "pointer")), "/address/zip");
	assert_string_equal(json_string_value(json_object_get(p, "detail")), "unknown field");
	assert_null(json_object_get(p, "line"));
	json_decref(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_document),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_never_echoes_values),
		cmocka_unit_test(test_depth_limit),
		cmocka_unit_test(test_depth_hostile),
		cmocka_unit_test(test_not_object),
		cmocka_unit_test(test_unknown_field),
		cmocka_unit_test(test_missing_field),
		cmocka_unit_test(test_wrong_type),
		cmocka_unit_test(test_too_long),
		cmocka_unit_test(test_too_short),
		cmocka_unit_test(test_out_of_range),
		cmocka_unit_test(test_bad_utf8),
		cmocka_unit_test(test_too_many_items),
		cmocka_unit_test(test_duplicate_field),
		cmocka_unit_test(test_first_fault_wins),
		cmocka_unit_test(test_pointer_truncated),
		cmocka_unit_test(test_big_inputs),
		cmocka_unit_test(test_fault_names),
		cmocka_unit_test(test_error_pack),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
