/** Checks a definition's "automatic": the platform decides a submission of
 *  the procedure itself, with no agent (docs/procedures.md, Automatic
 *  issuers). Today one issuer, "certificate": a certificate of residence or
 *  of household composition built from the register, signed, delivered to
 *  the letter box, and the case moved to a final status.
 *
 *   "automatic": {"issuer": "certificate", "type_field": "certificate_type",
 *                 "types": ["residence", "household"], "language_field": "certificate_language",
 *                 "when": {"field": "delivery", "equals": "letterbox"},
 *                 "document_type": "certificate", "status": "completed"}
 *
 *  The fields must be choice fields of the steps (outside groups); "types"
 *  the values of type_field issued automatically (any other value stays
 *  with the organisation); "status" a final status. Whether the types are
 *  ones the platform can issue, and document_type one of the organisation's
 *  letter box types, is checked where those are known (core's domain). */

#include <string.h>

#include "procedures/check_int.h"

static const struct gx_pc_field *choice_field(struct gx_pc *c, json_t *a, const char *member, bool required)
{
	const char *id = json_string_value(json_object_get(a, member));
	if (id == NULL) {
		if (required)
			gx_pc_fail_at(c, member, "missing: the id of a choice field of the steps");
		return NULL;
	}
	const struct gx_pc_field *f = gx_pc_lookup(c, id, -1, c->nfields);
	if (f == NULL || f->depth != 0) {
		gx_pc_fail_at(c, member, "not a field of the steps");
		return NULL;
	}
	return f;
}

/* The values of choice field f's options. */
static bool option_of(const struct gx_pc_field *f, const char *value)
{
	size_t i;
	json_t *o;
	json_array_foreach(json_object_get(f->json, "options"), i, o) {
		if (strcmp(json_string_value(json_object_get(o, "value")), value) == 0)
			return true;
	}
	return false;
}

static int check(struct gx_pc *c, json_t *a, const struct gx_status_table *statuses)
{
	static const char *const members[] = {"issuer", "type_field", "types", "language_field", "when",
					      "document_type", "status", NULL};
	if (!json_is_object(a))
		return gx_pc_fail(c, "expected an object");
	if (gx_pc_only_members(c, a, members) != 0)
		return -1;
	const char *issuer = json_string_value(json_object_get(a, "issuer"));
	if (issuer == NULL || strcmp(issuer, "certificate") != 0)
		return gx_pc_fail_at(c, "issuer", "expected \"certificate\" (the only automatic issuer)");
	const struct gx_pc_field *type = choice_field(c, a, "type_field", true);
	if (c->failed)
		return -1;
	if (type->kind != GX_FIELD_CHOICE)
		return gx_pc_fail_at(c, "type_field", "expected a choice field");
	json_t *types = json_object_get(a, "types");
	if (!json_is_array(types) || json_array_size(types) == 0 || json_array_size(types) > 8)
		return gx_pc_fail_at(c, "types", "expected 1 to 8 values of the type field");
	size_t i;
	json_t *v;
	json_array_foreach(types, i, v) {
		if (!json_is_string(v) || !option_of(type, json_string_value(v))) {
			size_t mark = gx_pc_push(c, "types");
			gx_pc_push_index(c, i);
			gx_pc_fail(c, "not an option of the type field");
			gx_pc_pop(c, mark);
			return -1;
		}
	}
	const struct gx_pc_field *lang = choice_field(c, a, "language_field", false);
	if (c->failed)
		return -1;
	if (lang != NULL && lang->kind != GX_FIELD_CHOICE)
		return gx_pc_fail_at(c, "language_field", "expected a choice field");
	json_t *when = json_object_get(a, "when");
	if (when != NULL) {
		size_t mark = gx_pc_push(c, "when");
		static const char *const when_members[] = {"field", "equals", NULL};
		const struct gx_pc_field *f = json_is_object(when) && gx_pc_only_members(c, when, when_members) == 0
						      ? choice_field(c, when, "field", true)
						      : NULL;
		if (!c->failed && f == NULL)
			gx_pc_fail(c, "expected {\"field\", \"equals\"}");
		const char *eq = json_string_value(json_object_get(when, "equals"));
		if (!c->failed && (eq == NULL || !option_of(f, eq)))
			gx_pc_fail_at(c, "equals", "not an option of the field");
		gx_pc_pop(c, mark);
		if (c->failed)
			return -1;
	}
	if (!gx_pc_procedure_id_ok(json_string_value(json_object_get(a, "document_type"))))
		return gx_pc_fail_at(c, "document_type", "expected a letter box document type's id");
	const char *status = json_string_value(json_object_get(a, "status"));
	if (status == NULL || !gx_status_final(statuses, status))
		return gx_pc_fail_at(c, "status", "expected a final status of the definition");
	return 0;
}

int gx_pc_automatic(struct gx_pc *c, json_t *automatic, const struct gx_status_table *statuses)
{
	if (automatic == NULL)
		return 0;
	size_t mark = gx_pc_push(c, "automatic");
	int rc = check(c, automatic, statuses);
	gx_pc_pop(c, mark);
	return rc;
}
