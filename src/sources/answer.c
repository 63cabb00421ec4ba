#include "sources/answer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json/spec.h"

static int fail(char *why, size_t whylen, const char *reason)
{
	snprintf(why, whylen, "%s", reason);
	return -1;
}

static long find(const char *const *asked, size_t nasked, const char *name)
{
	for (size_t i = 0; i < nasked; i++)
		if (strcmp(asked[i], name) == 0)
			return (long)i;
	return -1;
}

static bool is_date(const char *s)
{
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	return true;
}

int gx_answer_parse(const char *body, size_t len, const char *const *asked, size_t nasked, struct gx_answer *out,
		    char *why, size_t whylen)
{
	memset(out, 0, sizeof(*out));
	if (len > GX_ANSWER_MAX_BYTES)
		return fail(why, whylen, "answer too large");
	/* Depth first, so a deeply nested answer cannot exhaust the stack. */
	if (!gx_json_depth_ok(body, len, 16))
		return fail(why, whylen, "answer nested too deeply");
	json_error_t err;
	json_t *root = json_loadb(body, len, JSON_REJECT_DUPLICATES, &err);
	if (!json_is_object(root)) {
		json_decref(root);
		return fail(why, whylen, "answer is not a JSON object");
	}
	json_t *values = json_object_get(root, "values");
	json_t *errors = json_object_get(root, "errors");
	if ((values != NULL && !json_is_object(values)) || (errors != NULL && !json_is_object(errors))) {
		json_decref(root);
		return fail(why, whylen, "values or errors is not an object");
	}
	out->root = root;
	out->values = calloc(nasked > 0 ? nasked : 1, sizeof(*out->values));
	if (out->values == NULL) {
		gx_answer_free(out);
		return fail(why, whylen, "out of memory");
	}
	const char *name;
	json_t *v;
	/* Fill in the order asked, whatever order the register used. */
	struct gx_answer_value *slots = calloc(nasked > 0 ? nasked : 1, sizeof(*slots));
	if (slots == NULL) {
		gx_answer_free(out);
		return fail(why, whylen, "out of memory");
	}
	json_object_foreach(values, name, v) {
		long i = find(asked, nasked, name);
		json_t *as_of = json_object_get(v, "as_of"), *version = json_object_get(v, "version");
		if (i < 0 || slots[i].attribute != NULL || !json_is_object(v) || json_object_get(v, "value") == NULL ||
		    !json_is_string(as_of) || !is_date(json_string_value(as_of)) || !json_is_integer(version) ||
		    json_object_size(v) != 3) {
			free(slots);
			gx_answer_free(out);
			return fail(why, whylen, i < 0 ? "answer names an attribute that was not asked for"
						       : "a value is not {value, as_of, version}");
		}
		slots[i].attribute = asked[i];
		slots[i].value = json_object_get(v, "value");
		memcpy(slots[i].as_of, json_string_value(as_of), 11);
		slots[i].version = json_integer_value(version);
	}
	json_object_foreach(errors, name, v) {
		if (find(asked, nasked, name) < 0 || !json_is_object(v)) {
			free(slots);
			gx_answer_free(out);
			return fail(why, whylen, "answer has an error for an attribute that was not asked for");
		}
		out->nerrors++;
	}
	for (size_t i = 0; i < nasked; i++)
		if (slots[i].attribute != NULL)
			out->values[out->nvalues++] = slots[i];
	free(slots);
	return 0;
}

void gx_answer_free(struct gx_answer *a)
{
	json_decref(a->root);
	free(a->values);
	memset(a, 0, sizeof(*a));
}
