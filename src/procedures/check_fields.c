/** Checks a list of fields: each field's common members, its id (unique in
 *  its scope: the definition's steps, or one group) and records it in the
 *  table the references are resolved against. Kind-specific members:
 *  check_kinds.c; prefill: check_prefill.c; conditions: check_refs.c. */

#include "procedures/check_int.h"

#include <stdlib.h>
#include <string.h>

/* Members every field may have; kind_members adds the kind's own. */
#define COMMON "id", "kind", "labels", "help", "required", "required_if", "show_if", "prefill", "prefer", "compute"

static const char *const *kind_members(enum gx_field_kind kind)
{
	static const char *const text[] = {COMMON, "min_length", "max_length", "pattern", NULL};
	static const char *const range[] = {COMMON, "min", "max", NULL};
	static const char *const choice[] = {COMMON, "options", NULL};
	static const char *const multi[] = {COMMON, "options", "min_items", "max_items", NULL};
	static const char *const group[] = {COMMON, "fields", "min_items", "max_items", "item_labels", NULL};
	static const char *const file[] = {COMMON, "file", NULL};
	static const char *const plain[] = {COMMON, NULL};
	switch (kind) {
	case GX_FIELD_TEXT:
		return text;
	case GX_FIELD_NUMBER:
	case GX_FIELD_AMOUNT:
	case GX_FIELD_DATE:
		return range;
	case GX_FIELD_CHOICE:
		return choice;
	case GX_FIELD_MULTICHOICE:
		return multi;
	case GX_FIELD_GROUP:
		return group;
	case GX_FIELD_FILE:
		return file;
	default:
		return plain;
	}
}

static int record(struct gx_pc *c, json_t *f, const char *id, enum gx_field_kind kind, long scope, int depth)
{
	if (c->nfields == c->capfields) {
		size_t cap = c->capfields == 0 ? 32 : c->capfields * 2;
		struct gx_pc_field *n = realloc(c->fields, cap * sizeof(*n));
		if (n == NULL)
			return gx_pc_fail(c, "out of memory");
		c->fields = n;
		c->capfields = cap;
	}
	c->fields[c->nfields++] = (struct gx_pc_field){id, kind, f, scope, depth};
	return 0;
}

static int check_common(struct gx_pc *c, json_t *f, long scope, const char **id_out, enum gx_field_kind *kind_out)
{
	if (!json_is_object(f))
		return gx_pc_fail(c, "expected a field object");
	json_t *id = json_object_get(f, "id");
	if (id == NULL)
		return gx_pc_fail_at(c, "id", "missing field id");
	if (!gx_pc_field_id_ok(json_string_value(id)))
		return gx_pc_fail_at(c, "id", "a field id is [a-z][a-z0-9_]{0,63}");
	const char *ids = json_string_value(id);
	if (strcmp(ids, GX_REUSE_CONSENT) == 0)
		return gx_pc_fail_at(c, "id", "%s is the person's answer to the procedure's reuse: no field may take this id",
				     GX_REUSE_CONSENT);
	for (size_t i = 0; i < c->nfields; i++)
		if (c->fields[i].scope == scope && strcmp(c->fields[i].id, ids) == 0)
			return gx_pc_fail_at(c, "id", scope < 0 ? "duplicate field id in this definition"
								: "duplicate field id in this group");
	json_t *kind = json_object_get(f, "kind");
	if (kind == NULL)
		return gx_pc_fail_at(c, "kind", "missing field kind");
	enum gx_field_kind k = gx_field_kind_from_name(json_string_value(kind));
	if (k == GX_FIELD_UNKNOWN)
		return gx_pc_fail_at(c, "kind", "unknown field kind");
	if (gx_pc_only_members(c, f, kind_members(k)) != 0)
		return -1;
	if (gx_pc_texts(c, f, "labels", true) != 0 || gx_pc_texts(c, f, "help", false) != 0)
		return -1;
	json_t *req = json_object_get(f, "required");
	if (req != NULL && !json_is_boolean(req))
		return gx_pc_fail_at(c, "required", "expected true or false");
	*id_out = ids;
	*kind_out = k;
	return 0;
}

int gx_pc_fields(struct gx_pc *c, json_t *fields, long scope, int depth)
{
	if (!json_is_array(fields) || json_array_size(fields) == 0)
		return gx_pc_fail(c, "expected a non-empty array of fields");
	if (json_array_size(fields) > GX_PROCEDURE_FIELDS_MAX)
		return gx_pc_fail(c, "more than %d fields", GX_PROCEDURE_FIELDS_MAX);
	for (size_t i = 0; i < json_array_size(fields); i++) {
		json_t *f = json_array_get(fields, i);
		const char *id = NULL;
		enum gx_field_kind kind = GX_FIELD_UNKNOWN;
		size_t mark = gx_pc_push_index(c, i);
		size_t self = c->nfields;
		int rc = -1;
		if (check_common(c, f, scope, &id, &kind) != 0)
			goto next;
		if (record(c, f, id, kind, scope, depth) != 0)
			goto next;
		if (gx_pc_prefill(c, f, kind, scope) != 0 || gx_pc_field_refs(c, f, self) != 0)
			goto next;
		rc = gx_pc_field_kind(c, f, kind, (long)self, depth);
next:
		gx_pc_pop(c, mark);
		if (rc != 0)
			return -1;
	}
	return 0;
}
