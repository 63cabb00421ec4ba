#include "json/spec.h"
#include "json/spec_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/** State of one check: the pointer of the value being checked and the error to fill. */
struct check {
	struct gx_json_ptr ptr;
	struct gx_json_error *err;
};

__attribute__((format(printf, 3, 4)))
static int fail(struct check *c, enum gx_json_fault f, const char *fmt, ...)
{
	va_list ap;

	c->err->fault = f;
	memcpy(c->err->pointer, c->ptr.buf, c->ptr.len + 1);
	va_start(ap, fmt);
	vsnprintf(c->err->detail, sizeof c->err->detail, fmt, ap);
	va_end(ap);
	return -1;
}

static const char *kind_name(enum gx_json_kind k)
{
	switch (k) {
	case GX_JSON_STRING: return "a string";
	case GX_JSON_INTEGER: return "an integer";
	case GX_JSON_NUMBER: return "a number";
	case GX_JSON_BOOLEAN: return "a boolean";
	case GX_JSON_OBJECT: return "an object";
	case GX_JSON_ARRAY: return "an array";
	case GX_JSON_FREE_OBJECT: return "an object";
	}
	return "a value";
}

static const char *type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_STRING: return "a string";
	case JSON_INTEGER: return "an integer";
	case JSON_REAL: return "a real number";
	case JSON_TRUE:
	case JSON_FALSE: return "a boolean";
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_NULL: return "null";
	}
	return "a value";
}

static bool has_kind(const json_t *v, enum gx_json_kind k)
{
	switch (k) {
	case GX_JSON_STRING: return json_is_string(v);
	case GX_JSON_INTEGER: return json_is_integer(v);
	case GX_JSON_NUMBER: return json_is_number(v);
	case GX_JSON_BOOLEAN: return json_is_boolean(v);
	case GX_JSON_OBJECT: return json_is_object(v);
	case GX_JSON_ARRAY: return json_is_array(v);
	case GX_JSON_FREE_OBJECT: return json_is_object(v);
	}
	return false;
}

static int check_object(struct check *c, const struct gx_json_field *fields, json_t *obj);

/* Checks one non-null value against f; c->ptr already names it. */
static int check_value(struct check *c, const struct gx_json_field *f, json_t *v)
{
	if (!has_kind(v, f->kind))
		return fail(c, GX_JSON_WRONG_TYPE, "expected %s, got %s", kind_name(f->kind), type_name(v));

	if (f->kind == GX_JSON_STRING) {
		size_t n = json_string_length(v);
		size_t max = f->max_len ? f->max_len : GX_JSON_STRING_CAP;

		if (n > max)
			return fail(c, GX_JSON_TOO_LONG, "longer than %zu bytes", max);
		if (n < f->min_len)
			return fail(c, GX_JSON_TOO_SHORT, "shorter than %zu bytes", f->min_len);
	} else if (f->kind == GX_JSON_INTEGER && (f->min != 0 || f->max != 0)) {
		json_int_t n = json_integer_value(v);

		if (n < f->min || n > f->max)
			return fail(c, GX_JSON_OUT_OF_RANGE, "must be between %lld and %lld", f->min, f->max);
	} else if (f->kind == GX_JSON_OBJECT) {
		return check_object(c, f->fields, v);
	} else if (f->kind == GX_JSON_ARRAY) {
		size_t n = json_array_size(v);
		size_t max = f->items == NULL ? 0 : f->max_len ? f->max_len : GX_JSON_ARRAY_CAP;

		if (n > max)
			return fail(c, GX_JSON_TOO_MANY_ITEMS, "more than %zu items", max);
		if (n < f->min_len)
			return fail(c, GX_JSON_TOO_SHORT, "fewer than %zu items", f->min_len);
		for (size_t i = 0; i < n; i++) {
			json_t *item = json_array_get(v, i);
			size_t saved = gx_json_ptr_push_index(&c->ptr, i);
			int rc = 0;

			if (!json_is_null(item))
				rc = check_value(c, f->items, item);
			else if (!f->items->nullable)
				rc = fail(c, GX_JSON_WRONG_TYPE, "expected %s, got null", kind_name(f->items->kind));
			gx_json_ptr_pop(&c->ptr, saved);
			if (rc < 0)
				return rc;
		}
	}
	return 0;
}

static const struct gx_json_field *find_field(const struct gx_json_field *fields, const char *name)
{
	for (; fields != NULL && fields->name != NULL; fields++) {
		if (strcmp(fields->name, name) == 0)
			return fields;
	}
	return NULL;
}

/* Members in document order, then missing ones in spec order. Drops nullable nulls. */
static int check_object(struct check *c, const struct gx_json_field *fields, json_t *obj)
{
	const char *key;
	json_t *v;
	void *tmp;

	json_object_foreach_safe(obj, tmp, key, v) {
		const struct gx_json_field *f = find_field(fields, key);
		size_t saved = gx_json_ptr_push(&c->ptr, key, strlen(key));
		int rc = 0;

		if (f == NULL)
			rc = fail(c, GX_JSON_UNKNOWN_FIELD, "unknown field");
		else if (!json_is_null(v))
			rc = check_value(c, f, v);
		else if (f->nullable)
			json_object_del(obj, key);
		else
			rc = fail(c, GX_JSON_WRONG_TYPE, "expected %s, got null", kind_name(f->kind));
		gx_json_ptr_pop(&c->ptr, saved);
		if (rc < 0)
			return rc;
	}
	for (; fields != NULL && fields->name != NULL; fields++) {
		if (fields->required && json_object_get(obj, fields->name) == NULL) {
			size_t saved = gx_json_ptr_push(&c->ptr, fields->name, strlen(fields->name));

			fail(c, GX_JSON_MISSING_FIELD, "required field is missing");
			gx_json_ptr_pop(&c->ptr, saved);
			return -1;
		}
	}
	return 0;
}

/* Turns a jansson load error into our fault, without echoing jansson's text (it quotes input). */
static void load_fault(struct check *c, const char *body, size_t len, int max_depth, const json_error_t *je)
{
	enum gx_json_fault f = GX_JSON_MALFORMED;
	const char *what = "invalid JSON";
	bool locate = false, in_value = false;

	switch (json_error_code(je)) {
	case json_error_out_of_memory:
		fail(c, GX_JSON_NO_MEMORY, "out of memory while parsing");
		return;
	case json_error_stack_overflow:
		f = GX_JSON_TOO_DEEP;
		what = "nested too deeply";
		break;
	case json_error_invalid_utf8:
		f = GX_JSON_BAD_UTF8;
		what = "invalid UTF-8";
		locate = in_value = true;
		break;
	case json_error_premature_end_of_input:
		what = "unexpected end of input";
		break;
	case json_error_end_of_input_expected:
		what = "unexpected data after the JSON value";
		break;
	case json_error_null_character:
		what = "NUL character not allowed";
		break;
	case json_error_duplicate_key:
		f = GX_JSON_DUPLICATE_FIELD;
		what = "duplicate field";
		locate = true;
		break;
	case json_error_numeric_overflow:
		f = GX_JSON_OUT_OF_RANGE;
		what = "number too large";
		locate = true;
		break;
	default:
		what = "unexpected character";
		break;
	}
	if (locate && je->position > 0)
		gx_json_pointer_at(body, len, (size_t)je->position, max_depth, in_value, &c->ptr);
	if (je->line > 0)
		fail(c, f, "%s at line %d column %d", what, je->line, je->column);
	else
		fail(c, f, "%s", what);
	c->err->line = je->line > 0 ? je->line : 0;
	c->err->column = je->column > 0 ? je->column : 0;
}

int gx_json_parse(const char *body, size_t len, const struct gx_json_field *fields, int max_depth,
		  json_t **out, struct gx_json_error *err)
{
	struct gx_json_error scratch;
	struct check c = {.err = err != NULL ? err : &scratch};
	json_t *root = NULL;
	json_error_t je;
	int line, column;

	memset(c.err, 0, sizeof *c.err);
	if (out != NULL)
		*out = NULL;
	if (body == NULL)
		body = "";
	if (max_depth <= 0)
		max_depth = GX_JSON_DEFAULT_DEPTH;
	if (max_depth > GX_JSON_MAX_DEPTH)
		max_depth = GX_JSON_MAX_DEPTH;

	if (gx_json_depth_check(body, len, max_depth, &line, &column) < 0) {
		fail(&c, GX_JSON_TOO_DEEP, "nested deeper than %d levels at line %d column %d",
		     max_depth, line, column);
		c.err->line = line;
		c.err->column = column;
		goto fail;
	}
	root = json_loadb(body, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &je);
	if (root == NULL) {
		load_fault(&c, body, len, max_depth, &je);
		goto fail;
	}
	if (!json_is_object(root)) {
		fail(&c, GX_JSON_NOT_OBJECT, "expected an object, got %s", type_name(root));
		goto fail;
	}
	if (check_object(&c, fields, root) < 0)
		goto fail;
	if (out != NULL)
		*out = root;
	else
		json_decref(root);
	return 0;
fail:
	json_decref(root);
	return -1;
}

bool gx_json_depth_ok(const char *s, size_t len, int max_depth)
{
	int line, column;
	return gx_json_depth_check(s, len, max_depth, &line, &column) == 0;
}
