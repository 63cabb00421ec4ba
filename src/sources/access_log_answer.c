#include "sources/access_log_answer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json/spec.h"

#define TEXT_MAX 512

static int refuse(char *why, size_t whylen, const char *fmt, size_t i)
{
	snprintf(why, whylen, fmt, i);
	return -1;
}

/* A string of 1 .. TEXT_MAX bytes, or (nullable) null: 0; -1 otherwise. */
static int text(const json_t *v, bool nullable, const char **out)
{
	if (nullable && json_is_null(v)) {
		*out = NULL;
		return 0;
	}
	if (!json_is_string(v) || json_string_length(v) == 0 || json_string_length(v) > TEXT_MAX ||
	    strlen(json_string_value(v)) != json_string_length(v))
		return -1;
	*out = json_string_value(v);
	return 0;
}

static int read_one(const json_t *o, struct gx_register_read *r)
{
	static const char *const members[] = {"at_us",	     "client",	   "organisation", "on_behalf_of",
					      "attributes", "procedure", "legal_basis",  "request_id"};
	if (!json_is_object(o) || json_object_size(o) != sizeof(members) / sizeof(members[0]))
		return -1;
	for (size_t i = 0; i < sizeof(members) / sizeof(members[0]); i++)
		if (json_object_get(o, members[i]) == NULL)
			return -1;
	const json_t *at = json_object_get(o, "at_us");
	if (!json_is_integer(at) || json_integer_value(at) < 0)
		return -1;
	r->at_us = (long long)json_integer_value(at);
	const json_t *attrs = json_object_get(o, "attributes");
	if (!json_is_array(attrs) || json_array_size(attrs) > 64)
		return -1;
	for (size_t i = 0; i < json_array_size(attrs); i++) {
		const char *a;
		if (text(json_array_get(attrs, i), false, &a) != 0)
			return -1;
	}
	r->attributes = attrs;
	return text(json_object_get(o, "client"), false, &r->client) | text(json_object_get(o, "organisation"), false, &r->organisation) |
	       text(json_object_get(o, "on_behalf_of"), true, &r->on_behalf_of) |
	       text(json_object_get(o, "procedure"), true, &r->procedure) |
	       text(json_object_get(o, "legal_basis"), true, &r->legal_basis) |
	       text(json_object_get(o, "request_id"), false, &r->request_id);
}

int gx_register_reads_parse(const char *body, size_t len, const char *reg, struct gx_register_reads *out, char *why,
			    size_t whylen)
{
	memset(out, 0, sizeof(*out));
	if (len > GX_ACCESS_LOG_ANSWER_MAX_BYTES || !gx_json_depth_ok(body, len, 6))
		return refuse(why, whylen, "the answer is too large or nested too deeply%.0zu", 0);
	json_error_t jerr;
	json_t *root = json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr);
	const json_t *reads = json_object_get(root, "reads");
	const json_t *more = json_object_get(root, "more");
	const json_t *name = json_object_get(root, "register");
	if (!json_is_object(root) || json_object_size(root) != 4 || !json_is_array(reads) || !json_is_boolean(more) ||
	    !json_is_string(name) || !json_is_string(json_object_get(root, "subject_type"))) {
		json_decref(root);
		return refuse(why, whylen, "the answer is not {register, subject_type, reads, more}%.0zu", 0);
	}
	if (strcmp(json_string_value(name), reg) != 0) {
		json_decref(root);
		return refuse(why, whylen, "the answer is another register's%.0zu", 0);
	}
	size_t n = json_array_size(reads);
	if (n > GX_ACCESS_LOG_ANSWER_MAX_READS) {
		json_decref(root);
		return refuse(why, whylen, "the answer has more than %zu reads", GX_ACCESS_LOG_ANSWER_MAX_READS);
	}
	out->v = calloc(n > 0 ? n : 1, sizeof(*out->v));
	if (out->v == NULL) {
		json_decref(root);
		return refuse(why, whylen, "out of memory%.0zu", 0);
	}
	for (size_t i = 0; i < n; i++) {
		if (read_one(json_array_get(reads, i), &out->v[i]) != 0) {
			free(out->v);
			out->v = NULL;
			json_decref(root);
			return refuse(why, whylen, "read %zu is not as the protocol says", i);
		}
	}
	out->root = root;
	out->n = n;
	out->more = json_is_true(more);
	return 0;
}

void gx_register_reads_free(struct gx_register_reads *r)
{
	free(r->v);
	json_decref(r->root);
	memset(r, 0, sizeof(*r));
}
