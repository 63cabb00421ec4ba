/* An attribute's correction rules in a register's description
 * (description.h): how a proposed value is checked and what evidence
 * comes with it.
 *
 *   "correction": {
 *     "field": {"kind": "text", "min_length": 1, "max_length": 100},
 *     "evidence": {"types": ["application/pdf", "image/jpeg"], "max_bytes": 2097152,
 *                  "max_files": 3, "required": true}
 *   }
 *
 * The field is a procedure field's kind and bounds (docs/procedures.md):
 * the platform checks a proposed value with the same validator as a
 * procedure's answers. Only the kinds a register's single value can have
 * are taken, each with its own members. */

#include <regex.h>
#include <stdio.h>
#include <string.h>

#include "sources/description.h"

static const char *const evidence_types[GX_EVIDENCE_TYPES_MAX] = {"application/pdf", "image/jpeg", "image/png",
								  "image/tiff"};

/* The kinds a proposed value may be checked as, with the members each takes. */
static const struct {
	const char *kind;
	const char *members[4];
} kinds[] = {
	{"text", {"min_length", "max_length", "pattern", NULL}},
	{"date", {"min", "max", NULL}},
	{"number", {"min", "max", NULL}},
	{"email", {NULL}},
	{"phone", {NULL}},
	{"iban", {NULL}},
	{"national_id", {NULL}},
};

static int fault(char *err, size_t err_size, const char *where, const char *member, const char *why)
{
	snprintf(err, err_size, "%s/correction%s: %s", where, member, why);
	return -1;
}

static bool in(const char *const *list, const char *s)
{
	for (size_t i = 0; list[i] != NULL; i++)
		if (strcmp(list[i], s) == 0)
			return true;
	return false;
}

static int length_ok(json_t *v, long long max)
{
	return json_is_integer(v) && json_integer_value(v) >= 0 && json_integer_value(v) <= max;
}

static int parse_field(json_t *f, struct gx_register_attribute *a, const char *where, char *err, size_t err_size)
{
	if (!json_is_object(f))
		return fault(err, err_size, where, "/field", "expected an object");
	const char *kind = json_string_value(json_object_get(f, "kind"));
	size_t k = 0;
	while (k < sizeof(kinds) / sizeof(kinds[0]) && (kind == NULL || strcmp(kinds[k].kind, kind) != 0))
		k++;
	if (k == sizeof(kinds) / sizeof(kinds[0]))
		return fault(err, err_size, where, "/field/kind",
			     "expected text, date, number, email, phone, iban or national_id");
	const char *name;
	json_t *v;
	json_object_foreach(f, name, v) {
		if (strcmp(name, "kind") != 0 && !in(kinds[k].members, name)) {
			char m[96];
			snprintf(m, sizeof(m), "/field/%.64s", name);
			return fault(err, err_size, where, m, "not a member of this kind");
		}
	}
	json_t *min = json_object_get(f, "min_length"), *max = json_object_get(f, "max_length");
	if ((min != NULL && !length_ok(min, 16384)) || (max != NULL && !length_ok(max, 16384)))
		return fault(err, err_size, where, "/field", "lengths are integers from 0 to 16384");
	if (min != NULL && max != NULL && json_integer_value(min) > json_integer_value(max))
		return fault(err, err_size, where, "/field/min_length", "greater than max_length");
	json_t *pattern = json_object_get(f, "pattern");
	if (pattern != NULL) {
		regex_t re;
		const char *p = json_string_value(pattern);
		if (p == NULL || strlen(p) > 512 || strlen(p) != json_string_length(pattern) ||
		    regcomp(&re, p, REG_EXTENDED | REG_NOSUB) != 0)
			return fault(err, err_size, where, "/field/pattern",
				     "expected a POSIX extended regular expression of at most 512 bytes");
		regfree(&re);
	}
	if (strcmp(kind, "date") == 0 || strcmp(kind, "number") == 0) {
		const char *bound[] = {"min", "max"};
		for (int i = 0; i < 2; i++) {
			json_t *b = json_object_get(f, bound[i]);
			bool ok = b == NULL || (strcmp(kind, "number") == 0 ? json_is_number(b)
									   : json_is_string(b) && json_string_length(b) <= 16);
			if (!ok) {
				char m[16];
				snprintf(m, sizeof(m), "/field/%s", bound[i]);
				return fault(err, err_size, where, m,
					     strcmp(kind, "number") == 0 ? "expected a number"
									  : "expected a date bound (YYYY-MM-DD, today±N)");
			}
		}
	}
	a->correction_field = f;
	return 0;
}

static int parse_evidence(json_t *e, struct gx_register_evidence *out, const char *where, char *err, size_t err_size)
{
	static const char *const members[] = {"types", "max_bytes", "max_files", "required", NULL};
	if (!json_is_object(e))
		return fault(err, err_size, where, "/evidence", "expected an object");
	const char *name;
	json_t *v;
	json_object_foreach(e, name, v) {
		if (!in(members, name)) {
			char m[96];
			snprintf(m, sizeof(m), "/evidence/%.64s", name);
			return fault(err, err_size, where, m, "unknown member");
		}
	}
	json_t *types = json_object_get(e, "types");
	size_t n = json_array_size(types);
	if (!json_is_array(types) || n < 1 || n > GX_EVIDENCE_TYPES_MAX)
		return fault(err, err_size, where, "/evidence/types", "expected 1 to 4 file types");
	for (size_t i = 0; i < n; i++) {
		const char *t = json_string_value(json_array_get(types, i));
		const char *known = NULL;
		for (size_t j = 0; t != NULL && j < GX_EVIDENCE_TYPES_MAX; j++)
			if (strcmp(evidence_types[j], t) == 0)
				known = evidence_types[j];
		char m[32];
		snprintf(m, sizeof(m), "/evidence/types/%zu", i);
		if (known == NULL)
			return fault(err, err_size, where, m,
				     "expected application/pdf, image/jpeg, image/png or image/tiff");
		if (gx_register_evidence_type_ok(out, known))
			return fault(err, err_size, where, m, "named twice");
		out->types[out->ntypes++] = known;
	}
	json_t *bytes = json_object_get(e, "max_bytes"), *files = json_object_get(e, "max_files");
	if (!json_is_integer(bytes) || json_integer_value(bytes) < 1 || json_integer_value(bytes) > GX_EVIDENCE_BYTES_MAX)
		return fault(err, err_size, where, "/evidence/max_bytes", "expected an integer from 1 to 10485760");
	out->max_bytes = (size_t)json_integer_value(bytes);
	out->max_files = 1;
	if (files != NULL) {
		if (!json_is_integer(files) || json_integer_value(files) < 1 ||
		    json_integer_value(files) > GX_EVIDENCE_FILES_MAX)
			return fault(err, err_size, where, "/evidence/max_files", "expected an integer from 1 to 5");
		out->max_files = (size_t)json_integer_value(files);
	}
	json_t *required = json_object_get(e, "required");
	if (required != NULL && !json_is_boolean(required))
		return fault(err, err_size, where, "/evidence/required", "expected true or false");
	out->required = json_is_true(required);
	return 0;
}

int gx_register_correction_parse(json_t *attr, struct gx_register_attribute *a, const char *where, char *err,
				 size_t err_size)
{
	static const char *const members[] = {"field", "evidence", NULL};
	json_t *c = json_object_get(attr, "correction");
	a->correction_field = NULL;
	memset(&a->evidence, 0, sizeof(a->evidence));
	if (c != NULL && !a->correctable)
		return fault(err, err_size, where, "", "only a correctable attribute has one");
	if (!a->correctable)
		return 0;
	if (c == NULL) {
		c = json_object();
		if (c == NULL || json_object_set_new(attr, "correction", c) != 0)
			return fault(err, err_size, where, "", "out of memory");
	}
	if (!json_is_object(c))
		return fault(err, err_size, where, "", "expected an object");
	const char *name;
	json_t *v;
	json_object_foreach(c, name, v) {
		if (!in(members, name)) {
			char m[96];
			snprintf(m, sizeof(m), "/%.64s", name);
			return fault(err, err_size, where, m, "unknown member");
		}
	}
	json_t *field = json_object_get(c, "field");
	if (field == NULL) {
		field = json_pack("{s:s, s:i}", "kind", "text", "max_length", 200);
		if (field == NULL || json_object_set_new(c, "field", field) != 0)
			return fault(err, err_size, where, "", "out of memory");
	}
	if (parse_field(field, a, where, err, err_size) != 0)
		return -1;
	json_t *evidence = json_object_get(c, "evidence");
	return evidence != NULL ? parse_evidence(evidence, &a->evidence, where, err, err_size) : 0;
}

bool gx_register_evidence_type_ok(const struct gx_register_evidence *e, const char *type)
{
	for (size_t i = 0; type != NULL && i < e->ntypes; i++)
		if (strcmp(e->types[i], type) == 0)
			return true;
	return false;
}
