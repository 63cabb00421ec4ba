/** The submission validator's walk: the steps' fields, then each group's
 *  items, field by field (visibility, required, kind), then unknown
 *  members, computed values, the definition's rules, and the person's
 *  answer to the definition's reuse. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "procedures/reuse.h"
#include "procedures/validate_int.h"

/** The definition of field id in scope s itself, or NULL. */
static const json_t *find_here(const struct gx_sv_scope *s, const char *id)
{
	for (size_t i = 0; i < s->n; i++) {
		const char *fid = json_string_value(json_object_get(s->fields[i], "id"));
		if (fid != NULL && strcmp(fid, id) == 0)
			return s->fields[i];
	}
	return NULL;
}

/** Required by the definition, by its condition, or (a step field named by
 *  the reuse's "instead") because the person said No to reuse. */
static bool required(const struct gx_sv *c, const struct gx_sv_scope *s, const json_t *field, int depth)
{
	const json_t *cond = json_object_get(field, "required_if");
	return json_is_true(json_object_get(field, "required")) || (cond != NULL && gx_condition_holds(&s->show, cond)) ||
	       (depth == 0 && gx_reuse_instead_required(c->definition, c->data,
							json_string_value(json_object_get(field, "id"))));
}

/** Adds v to obj[key]; a NULL v (out of memory) marks the check failed. */
static void put(struct gx_sv *c, json_t *obj, const char *key, json_t *v)
{
	if (v == NULL || json_object_set_new(obj, key, v) != 0)
		c->oom = true;
}

/** The value of a {"op": "sum"|"age", "of": …} computation, or NULL. */
static json_t *compute(const struct gx_sv *c, const struct gx_sv_scope *s, const json_t *spec)
{
	const char *op = json_string_value(json_object_get(spec, "op"));
	const json_t *of = json_object_get(spec, "of");
	if (op != NULL && strcmp(op, "sum") == 0 && json_is_array(of)) {
		json_int_t isum = 0;
		double dsum = 0;
		bool real = false;
		for (size_t i = 0; i < json_array_size(of); i++) {
			const json_t *v = gx_field_answer(&s->show, json_string_value(json_array_get(of, i)));
			json_int_t next;
			if (json_is_integer(v) && !__builtin_add_overflow(isum, json_integer_value(v), &next)) {
				isum = next;
				continue;
			}
			if (json_is_number(v)) {
				real = true;
				dsum += json_number_value(v);
			}
		}
		return real ? json_real(dsum + (double)isum) : json_integer(isum);
	}
	if (op != NULL && strcmp(op, "age") == 0 && c->has_today) {
		int birth;
		if (gx_sv_date_parse(json_string_value(gx_field_answer(&s->show, json_string_value(of))), &birth) && birth <= c->today)
			return json_integer(gx_sv_age(birth, c->today));
	}
	return NULL;
}

static void check_scope(struct gx_sv *c, struct gx_sv_scope *s, int depth, json_t *failed);

/** The fields member of a group, as an array of definitions (malloc'd). */
static const json_t **field_list(const json_t *fields, size_t *n)
{
	*n = 0;
	const json_t **list = malloc((json_array_size(fields) + 1) * sizeof *list);
	if (list == NULL)
		return NULL;
	for (size_t i = 0; i < json_array_size(fields); i++)
		if (json_is_object(json_array_get(fields, i)))
			list[(*n)++] = json_array_get(fields, i);
	return list;
}

static void check_group(struct gx_sv *c, struct gx_sv_scope *s, const json_t *field, const char *id,
			const json_t *v, int depth)
{
	if (!json_is_array(v)) {
		gx_sv_error(c, GX_SV_WRONG_TYPE_LIST, NULL);
		return;
	}
	const json_t *min = json_object_get(field, "min_items"), *max = json_object_get(field, "max_items");
	size_t n = json_array_size(v);
	char b[32];
	if (json_is_integer(min) && json_integer_value(min) > 0 && n < (size_t)json_integer_value(min)) {
		snprintf(b, sizeof b, "%" JSON_INTEGER_FORMAT, json_integer_value(min));
		gx_sv_error(c, GX_SV_TOO_FEW_ENTRIES, b);
	} else if (json_is_integer(max) && json_integer_value(max) >= 0 && n > (size_t)json_integer_value(max)) {
		snprintf(b, sizeof b, "%" JSON_INTEGER_FORMAT, json_integer_value(max));
		gx_sv_error(c, GX_SV_TOO_MANY_ENTRIES, b);
	}
	json_t *items = json_array();
	put(c, s->out, id, items);
	if (items == NULL || depth >= GX_SV_MAX_DEPTH)
		return;
	struct gx_sv_scope sub = {.show = {.fields = json_object_get(field, "fields"), .parent = &s->show}};
	sub.fields = field_list(json_object_get(field, "fields"), &sub.n);
	if (sub.fields == NULL) {
		c->oom = true;
		return;
	}
	/* An item is named as the page's legend: "Child 2" (its item_labels), or
	 * "Children 2" (the group's label) without them; the group's label is
	 * at the label's end, where check_scope put it. */
	const char *group_label = gx_sv_text(c, json_object_get(field, "labels"));
	const char *item_label = gx_sv_text(c, json_object_get(field, "item_labels"));
	size_t glen = group_label != NULL ? strlen(group_label) : 0;
	size_t gstart = c->label_len;
	if (item_label != NULL && glen > 0 && c->label_len >= glen &&
	    memcmp(c->label + c->label_len - glen, group_label, glen) == 0)
		gstart = c->label_len - glen;
	else
		item_label = NULL;
	for (size_t i = 0; i < n && !c->oom; i++) {
		const json_t *item = json_array_get(v, i);
		size_t mark = gx_sv_push_index(c, i);
		char nth[24];
		snprintf(nth, sizeof nth, "%zu", i + 1);
		size_t lmark;
		if (item_label != NULL) {
			gx_sv_label_pop(c, gstart);
			lmark = gstart;
			gx_sv_label_push(c, "", item_label);
			gx_sv_label_push(c, " ", nth);
		} else {
			/* (a group without a label names no item) */
			lmark = c->label_len > 0 ? gx_sv_label_push(c, " ", nth) : c->label_len;
		}
		if (!json_is_object(item)) {
			gx_sv_error(c, GX_SV_WRONG_TYPE, NULL);
			if (json_array_append_new(items, json_deep_copy(item)) != 0)
				c->oom = true;
		} else {
			sub.data = sub.show.data = item;
			sub.out = json_object();
			sub.show.computed = sub.out;
			if (sub.out == NULL || json_array_append_new(items, sub.out) != 0)
				c->oom = true;
			else
				check_scope(c, &sub, depth + 1, NULL);
		}
		gx_sv_label_pop(c, lmark);
		gx_sv_pop(c, mark);
		if (json_array_size(c->errors) >= GX_SUBMISSION_MAX_ERRORS)
			break;
	}
	if (item_label != NULL) { /* the group's label back, for its caller */
		gx_sv_label_pop(c, gstart);
		gx_sv_label_push(c, "", group_label);
	}
	free(sub.fields);
}

/** Checks one field of s: visibility, computed, required, then its kind. */
static void check_field(struct gx_sv *c, struct gx_sv_scope *s, const json_t *f, int depth)
{
	const char *id = json_string_value(json_object_get(f, "id"));
	if (id == NULL || !gx_field_shown(&s->show, f))
		return; /* hidden: neither checked nor kept */
	const json_t *v = json_object_get(s->data, id);
	enum gx_field_kind kind = gx_field_kind_of(f);
	if (json_object_get(f, "compute") != NULL) {
		if (v != NULL && !json_is_null(v))
			gx_sv_error(c, GX_SV_COMPUTED, NULL);
	} else if (gx_answer_empty(v)) {
		if (required(c, s, f, depth))
			gx_sv_error(c, gx_sv_required(kind), NULL);
	} else if (kind == GX_FIELD_GROUP) {
		check_group(c, s, f, id, v, depth);
	} else {
		gx_sv_check_value(c, f, kind, v);
		put(c, s->out, id, json_deep_copy(v));
	}
}

static void check_scope(struct gx_sv *c, struct gx_sv_scope *s, int depth, json_t *failed)
{
	for (size_t i = 0; i < s->n && !c->oom; i++) {
		const char *id = json_string_value(json_object_get(s->fields[i], "id"));
		if (id == NULL)
			continue;
		size_t before = json_array_size(c->errors);
		size_t mark = gx_sv_push(c, id);
		size_t lmark = gx_sv_label_push(c, c->label_len > 0 ? ": " : "",
						gx_sv_text(c, json_object_get(s->fields[i], "labels")));
		check_field(c, s, s->fields[i], depth);
		gx_sv_label_pop(c, lmark);
		gx_sv_pop(c, mark);
		if (failed != NULL && json_array_size(c->errors) > before)
			put(c, failed, id, json_true());
	}
	/* computed values, once every answer of this level is known */
	for (size_t i = 0; i < s->n && !c->oom; i++) {
		const json_t *f = s->fields[i], *spec = json_object_get(f, "compute");
		const char *id = json_string_value(json_object_get(f, "id"));
		if (spec == NULL || id == NULL || !gx_field_shown(&s->show, f))
			continue;
		json_t *v = compute(c, s, spec);
		if (v != NULL)
			put(c, s->out, id, v);
	}
	const char *k;
	const json_t *m;
	if (json_is_object(s->data))
		json_object_foreach((json_t *)s->data, k, m) {
			if (find_here(s, k) != NULL || (depth == 0 && strcmp(k, GX_REUSE_CONSENT) == 0))
				continue; /* the answer to reuse: checked on its own */
			size_t mark = gx_sv_push(c, k);
			gx_sv_error(c, GX_SV_UNKNOWN_FIELD, NULL);
			gx_sv_pop(c, mark);
		}
}

/** The person's answer to the definition's reuse: required when the
 *  definition has one (and kept), dropped when it has none. */
static void check_reuse_answer(struct gx_sv *c, json_t *out)
{
	if (json_object_get(c->definition, "reuse") == NULL)
		return;
	const json_t *answer = json_object_get(c->data, GX_REUSE_CONSENT);
	size_t mark = gx_sv_push(c, GX_REUSE_CONSENT);
	if (answer == NULL || json_is_null(answer))
		gx_sv_error(c, GX_SV_REUSE_REQUIRED, NULL);
	else if (!json_is_boolean(answer))
		gx_sv_error(c, GX_SV_WRONG_TYPE_YESNO, NULL);
	else
		put(c, out, GX_REUSE_CONSENT, json_boolean(json_is_true(answer)));
	gx_sv_pop(c, mark);
}

/** Every field of every step, in order (malloc'd). */
static const json_t **step_fields(const json_t *definition, size_t *n)
{
	const json_t *steps = json_object_get(definition, "steps");
	size_t total = 0;
	*n = 0;
	for (size_t i = 0; i < json_array_size(steps); i++)
		total += json_array_size(json_object_get(json_array_get(steps, i), "fields"));
	const json_t **list = malloc((total + 1) * sizeof *list);
	if (list == NULL)
		return NULL;
	for (size_t i = 0; i < json_array_size(steps); i++) {
		const json_t *fields = json_object_get(json_array_get(steps, i), "fields");
		for (size_t j = 0; j < json_array_size(fields); j++)
			if (json_is_object(json_array_get(fields, j)))
				list[(*n)++] = json_array_get(fields, j);
	}
	return list;
}

json_t *gx_submission_validate(const json_t *definition, const json_t *data, const json_t *attachments,
			       const char *lang, const char *today, json_t **normalised)
{
	struct gx_sv c = {.errors = json_array(), .lang = gx_sv_lang(lang),
			  .attachments = json_is_object(attachments) ? attachments : NULL, .definition = definition,
			  .data = json_is_object(data) ? data : NULL};
	struct gx_sv_scope top = {.data = json_is_object(data) ? data : NULL, .out = json_object()};
	top.show = (struct gx_show_level){.steps = json_object_get(definition, "steps"), .data = top.data,
					  .computed = top.out};
	json_t *failed = json_object();

	if (normalised != NULL)
		*normalised = NULL;
	c.lang_code = lang != NULL && (strcmp(lang, "de") == 0 || strcmp(lang, "en") == 0 || strcmp(lang, "lb") == 0)
			      ? lang
			      : "fr";
	c.has_today = gx_sv_date_parse(today, &c.today);
	top.fields = step_fields(definition, &top.n);
	if (c.errors == NULL || top.out == NULL || failed == NULL || top.fields == NULL) {
		c.oom = true;
		goto done;
	}
	if (!json_is_object(data))
		gx_sv_error(&c, GX_SV_WRONG_TYPE, NULL);
	check_scope(&c, &top, 0, failed);
	if (!c.oom)
		gx_sv_check_rules(&c, json_object_get(definition, "rules"), top.out, failed);
	if (!c.oom)
		check_reuse_answer(&c, top.out);
done:
	for (size_t i = 0; i < c.nre; i++)
		if (c.re[i].ok)
			regfree(&c.re[i].re);
	free(top.fields);
	json_decref(failed);
	if (c.oom) {
		json_decref(c.errors);
		json_decref(top.out);
		return NULL;
	}
	if (normalised != NULL)
		*normalised = top.out;
	else
		json_decref(top.out);
	return c.errors;
}
