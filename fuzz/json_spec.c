/** libFuzzer driver: arbitrary bytes through gx_json_parse against a nested spec. */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json/spec.h"

static const struct gx_json_field address[] = {
	{.name = "street", .kind = GX_JSON_STRING, .required = true, .min_len = 1, .max_len = 40},
	{.name = "number", .kind = GX_JSON_INTEGER, .min = 1, .max = 9999},
	{.name = "a/b~c", .kind = GX_JSON_BOOLEAN, .nullable = true},
	{0},
};

static const struct gx_json_field child[] = {
	{.name = "name", .kind = GX_JSON_STRING, .required = true, .max_len = 16},
	{.name = "age", .kind = GX_JSON_INTEGER, .min = 0, .max = 17},
	{.name = "address", .kind = GX_JSON_OBJECT, .fields = address},
	{0},
};

static const struct gx_json_field child_item = {.kind = GX_JSON_OBJECT, .fields = child};
static const struct gx_json_field tag_item = {.kind = GX_JSON_STRING, .nullable = true, .max_len = 8};
static const struct gx_json_field matrix_row = {.kind = GX_JSON_NUMBER};
static const struct gx_json_field matrix_item = {.kind = GX_JSON_ARRAY, .items = &matrix_row, .max_len = 4};

static const struct gx_json_field person[] = {
	{.name = "name", .kind = GX_JSON_STRING, .required = true, .max_len = 50},
	{.name = "age", .kind = GX_JSON_INTEGER, .min = 0, .max = 150},
	{.name = "income", .kind = GX_JSON_NUMBER, .nullable = true},
	{.name = "consent", .kind = GX_JSON_BOOLEAN, .required = true},
	{.name = "address", .kind = GX_JSON_OBJECT, .fields = address},
	{.name = "children", .kind = GX_JSON_ARRAY, .items = &child_item, .max_len = 5},
	{.name = "tags", .kind = GX_JSON_ARRAY, .items = &tag_item, .min_len = 1, .max_len = 20},
	{.name = "matrix", .kind = GX_JSON_ARRAY, .items = &matrix_item, .max_len = 4},
	{0},
};

/* Invariants every result must keep, whatever the input. */
static void check(int rc, json_t *out, const struct gx_json_error *err)
{
	if ((rc == 0) != (err->fault == GX_JSON_OK) || (rc == 0) != (out != NULL))
		abort();
	if (memchr(err->pointer, '\0', sizeof err->pointer) == NULL ||
	    memchr(err->detail, '\0', sizeof err->detail) == NULL)
		abort();
	if (err->pointer[0] != '\0' && err->pointer[0] != '/')
		abort();
	if (strcmp(gx_json_fault_name(err->fault), "unknown") == 0)
		abort();
	if (rc == 0) {
		/* accepted output round-trips and parses again to the same verdict */
		char *text = json_dumps(out, JSON_COMPACT);
		if (text == NULL)
			abort();
		json_t *again = NULL;
		struct gx_json_error err2;
		if (gx_json_parse(text, strlen(text), person, 8, &again, &err2) != 0 || !json_equal(out, again))
			abort();
		json_decref(again);
		free(text);
	} else {
		json_t *p = gx_json_error_pack(err);
		if (p == NULL)
			abort();
		json_decref(p);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gx_json_error err;
	json_t *out = NULL;
	int rc = gx_json_parse((const char *)data, size, person, 8, &out, &err);

	check(rc, out, &err);
	json_decref(out);
	return 0;
}
