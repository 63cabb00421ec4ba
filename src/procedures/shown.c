/** show_if as the validator and the pages both read it (shown.h). */

#include "procedures/shown.h"

#include <string.h>

bool gx_answer_empty(const json_t *v)
{
	if (v == NULL || json_is_null(v))
		return true;
	if (json_is_string(v)) {
		const char *s = json_string_value(v);
		size_t n = json_string_length(v);
		for (size_t i = 0; i < n; i++)
			if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
				return false;
		return true;
	}
	if (json_is_array(v))
		return json_array_size(v) == 0;
	if (json_is_object(v))
		return json_object_size(v) == 0;
	return false;
}

static const json_t *find_in(const json_t *fields, const char *id)
{
	for (size_t i = 0; i < json_array_size(fields); i++) {
		const json_t *f = json_array_get(fields, i);
		const char *fid = json_string_value(json_object_get(f, "id"));
		if (fid != NULL && strcmp(fid, id) == 0)
			return f;
	}
	return NULL;
}

/** The definition of field id in level l itself, or NULL. */
static const json_t *find_here(const struct gx_show_level *l, const char *id)
{
	if (l->steps == NULL)
		return find_in(l->fields, id);
	for (size_t i = 0; i < json_array_size(l->steps); i++) {
		const json_t *f = find_in(json_object_get(json_array_get(l->steps, i), "fields"), id);
		if (f != NULL)
			return f;
	}
	return NULL;
}

static bool shown_at(const struct gx_show_level *l, const json_t *field, int depth);

static const json_t *answer_at(const struct gx_show_level *l, const char *id, int depth)
{
	if (id == NULL || depth > GX_SHOWN_DEPTH)
		return NULL;
	for (; l != NULL; l = l->parent) {
		const json_t *f = find_here(l, id);
		if (f == NULL)
			continue;
		if (!shown_at(l, f, depth + 1))
			return NULL;
		const json_t *v = json_object_get(json_object_get(f, "compute") != NULL ? l->computed : l->data, id);
		return gx_answer_empty(v) ? NULL : v;
	}
	return NULL;
}

static bool holds_at(const struct gx_show_level *l, const json_t *cond, int depth)
{
	const json_t *v = answer_at(l, json_string_value(json_object_get(cond, "field")), depth);
	if (v == NULL)
		return false;
	const json_t *eq = json_object_get(cond, "equals");
	if (eq == NULL)
		return !json_is_false(v);
	if (json_is_array(v) && !json_is_array(eq)) { /* a multichoice: one of the chosen */
		for (size_t i = 0; i < json_array_size(v); i++)
			if (json_equal(json_array_get(v, i), eq))
				return true;
		return false;
	}
	return json_equal(v, eq);
}

static bool shown_at(const struct gx_show_level *l, const json_t *field, int depth)
{
	const json_t *cond = json_object_get(field, "show_if");
	return cond == NULL || holds_at(l, cond, depth);
}

bool gx_field_shown(const struct gx_show_level *l, const json_t *field)
{
	return shown_at(l, field, 0);
}

bool gx_condition_holds(const struct gx_show_level *l, const json_t *cond)
{
	return holds_at(l, cond, 0);
}

const json_t *gx_field_answer(const struct gx_show_level *l, const char *id)
{
	return answer_at(l, id, 0);
}
