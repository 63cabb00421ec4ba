/** libFuzzer driver: arbitrary JSON as a submission against a fixed definition
 *  that has every kind of field, a group, conditions, computations and a rule;
 *  the same answer whether the kinds are read by name or compiled, as the
 *  loader leaves them (field_kind.h). Against the same definition with a
 *  reuse declaration: the person's answer is required and kept exactly when
 *  it is a boolean, and the other errors are those without reuse, plus the
 *  instead fields' when the answer is No. */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "json/spec.h"
#include "procedures/field_kind.h"
#include "procedures/validate.h"
#include "procedures/validate_testdata.h"

static const char *const codes[] = {"required", "wrong_type", "unknown_field", "too_short", "too_long", "pattern",
				    "too_small", "too_large", "not_an_option", "too_few", "too_many", "invalid_date",
				    "invalid_iban", "invalid_email", "invalid_phone", "invalid_national_id",
				    "invalid_postcode", "rule", "computed_field", "unknown_attachment", NULL};
static const char *const langs[] = {"fr", "de", "en", "lb", "xx"};

static json_t *definition, *compiled, *attachments, *with_reuse;

static void check_answer(const json_t *errors, const json_t *norm);

/* Errors at pointer in errors. */
static size_t errors_at(const json_t *errors, const char *pointer)
{
	size_t n = 0;
	for (size_t i = 0; i < json_array_size(errors); i++)
		n += strcmp(json_string_value(json_object_get(json_array_get(errors, i), "field")), pointer) == 0;
	return n;
}

/* The definition with reuse: errors and normalised answers against it,
 * compared with those without (errors, norm). */
static void check_reuse(const json_t *data, const char *lang, const json_t *errors, const json_t *norm)
{
	if (with_reuse == NULL) {
		with_reuse = json_deep_copy(definition);
		json_t *reuse = json_loads("{\"registers\": [{\"source\": \"persons\", \"attributes\": [\"children\"]}],"
					   " \"purpose\": {\"fr\": \"p\", \"de\": \"p\", \"en\": \"p\"},"
					   " \"legal_basis\": {\"fr\": \"l\", \"de\": \"l\", \"en\": \"l\"},"
					   " \"validity_days\": 30, \"instead\": [\"documents\", \"plate\"]}",
					   0, NULL);
		if (with_reuse == NULL || reuse == NULL || json_object_set_new(with_reuse, "reuse", reuse) != 0)
			abort();
	}
	json_t *norm2 = NULL;
	json_t *errors2 = gx_submission_validate(with_reuse, data, NULL, lang, "2026-03-01", &norm2);
	check_answer(errors2, norm2);
	const json_t *answer = json_is_object(data) ? json_object_get(data, "reuse_consent") : NULL;
	size_t about = errors_at(errors2, "/reuse_consent");
	if (json_array_size(errors) + 3 >= GX_SUBMISSION_MAX_ERRORS) { /* the cap may leave the last ones out */
		json_decref(errors2);
		json_decref(norm2);
		return;
	}
	if (json_is_boolean(answer) ? about != 0 || !json_equal(json_object_get(norm2, "reuse_consent"), answer)
				    : about != 1 || json_object_get(norm2, "reuse_consent") != NULL)
		abort();
	/* without reuse the answer is dropped, never an error */
	if (errors_at(errors, "/reuse_consent") != 0 || json_object_get(norm, "reuse_consent") != NULL)
		abort();
	/* No adds at most the instead fields' "required"; anything else stays the same */
	size_t extra = json_is_false(answer) ? (errors_at(errors2, "/documents") - errors_at(errors, "/documents")) +
						       (errors_at(errors2, "/plate") - errors_at(errors, "/plate"))
					     : 0;
	if (json_array_size(errors2) != json_array_size(errors) + 1 * (about == 1) + extra || extra > 2)
		abort();
	json_decref(errors2);
	json_decref(norm2);
}

static bool known_code(const char *c)
{
	for (size_t i = 0; codes[i] != NULL; i++)
		if (strcmp(codes[i], c) == 0)
			return true;
	return false;
}

/* Compiles the kinds of fields and of their groups' fields into the tree. */
static void compile_kinds(json_t *fields)
{
	size_t i;
	json_t *f;
	json_array_foreach(fields, i, f) {
		if (gx_field_kind_set(f, gx_field_kind_of(f)) != 0)
			abort();
		compile_kinds(json_object_get(f, "fields"));
	}
}

/* Invariants of every answer, whatever the submission. */
static void check_answer(const json_t *errors, const json_t *norm)
{
	if (!json_is_array(errors) || !json_is_object(norm) || json_array_size(errors) > GX_SUBMISSION_MAX_ERRORS)
		abort();
	for (size_t i = 0; i < json_array_size(errors); i++) {
		const json_t *e = json_array_get(errors, i);
		const char *f = json_string_value(json_object_get(e, "field"));
		const char *c = json_string_value(json_object_get(e, "code"));
		const char *m = json_string_value(json_object_get(e, "message"));
		const json_t *label = json_object_get(e, "label"); /* the field's name, when it has one */
		if (json_object_size(e) != 3 + (label != NULL) || f == NULL || c == NULL || m == NULL || m[0] == '\0' ||
		    (label != NULL && (!json_is_string(label) || json_string_length(label) == 0)))
			abort();
		if ((f[0] != '\0' && f[0] != '/') || !known_code(c))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
	if (definition == NULL && (definition = json_loads(gx_validate_testdata_definition, 0, NULL)) == NULL)
		abort();
	if (compiled == NULL) {
		if ((compiled = json_deep_copy(definition)) == NULL)
			abort();
		size_t i;
		json_t *step;
		json_array_foreach(json_object_get(compiled, "steps"), i, step) compile_kinds(json_object_get(step, "fields"));
	}
	if (!gx_json_depth_ok((const char *)bytes, size, 32))
		return 0;
	json_t *data = json_loadb((const char *)bytes, size, JSON_DECODE_ANY, NULL);
	if (data == NULL)
		return 0;
	const char *lang = langs[size % 5];
	json_t *norm = NULL;
	json_t *errors = gx_submission_validate(definition, data, NULL, lang, "2026-03-01", &norm);
	check_answer(errors, norm);
	check_reuse(data, lang, errors, norm);
	/* the same answer twice */
	json_t *again = gx_submission_validate(definition, data, NULL, lang, "2026-03-01", NULL);
	if (!json_equal(errors, again))
		abort();
	json_decref(again);
	/* the same answer with the kinds compiled */
	json_t *by_kind = gx_submission_validate(compiled, data, NULL, lang, "2026-03-01", NULL);
	if (!json_equal(errors, by_kind))
		abort();
	json_decref(by_kind);
	/* against a draft's attachments: never fewer errors */
	if (attachments == NULL && (attachments = json_pack("{s:s}", "att_0123456789abcdef", "documents")) == NULL)
		abort();
	json_t *checked = gx_submission_validate(definition, data, attachments, lang, "2026-03-01", NULL);
	check_answer(checked, norm);
	if (json_array_size(checked) < json_array_size(errors))
		abort();
	json_decref(checked);
	/* a valid submission's normalised form, without its computed values, is valid too */
	if (json_array_size(errors) == 0) {
		json_object_del(norm, "total");
		json_object_del(norm, "age");
		json_t *children = json_object_get(norm, "children");
		for (size_t i = 0; i < json_array_size(children); i++)
			json_object_del(json_array_get(children, i), "child_age");
		json_t *e2 = gx_submission_validate(definition, norm, NULL, lang, "2026-03-01", NULL);
		if (json_array_size(e2) != 0)
			abort();
		json_decref(e2);
	}
	json_decref(errors);
	json_decref(norm);
	json_decref(data);
	return 0;
}
