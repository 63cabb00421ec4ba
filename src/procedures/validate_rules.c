/** Cross-field rules ({"field", "op", "other", "messages"}): numbers with
 *  numbers, dates with dates; the error is bound to "field", with the rule's
 *  own message in the person's language. */

#include <string.h>

#include "procedures/validate_int.h"

/** Compares a and b into *out (-1, 0, 1); false when they are not comparable. */
static bool compare(const json_t *a, const json_t *b, int *out)
{
	if (json_is_integer(a) && json_is_integer(b)) {
		json_int_t x = json_integer_value(a), y = json_integer_value(b);
		*out = (x > y) - (x < y);
		return true;
	}
	if (json_is_number(a) && json_is_number(b)) {
		double x = json_number_value(a), y = json_number_value(b);
		*out = (x > y) - (x < y);
		return true;
	}
	int x, y;
	if (gx_sv_date_parse(json_string_value(a), &x) && gx_sv_date_parse(json_string_value(b), &y)) {
		*out = (x > y) - (x < y);
		return true;
	}
	return false;
}

/** Whether cmp satisfies op; true for an unknown op (nothing to enforce). */
static bool holds(const char *op, int cmp)
{
	if (strcmp(op, "=") == 0)
		return cmp == 0;
	if (strcmp(op, "!=") == 0)
		return cmp != 0;
	if (strcmp(op, "<") == 0)
		return cmp < 0;
	if (strcmp(op, "<=") == 0)
		return cmp <= 0;
	if (strcmp(op, ">") == 0)
		return cmp > 0;
	if (strcmp(op, ">=") == 0)
		return cmp >= 0;
	return true;
}

/** The rule's message in the person's language: lb falls back to de; then en, fr. */
static const char *rule_message(const struct gx_sv *c, const json_t *messages)
{
	const char *order[] = {c->lang_code, strcmp(c->lang_code, "lb") == 0 ? "de" : NULL, "en", "fr"};
	for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
		if (order[i] == NULL)
			continue;
		const json_t *m = json_object_get(messages, order[i]);
		if (json_is_string(m) && json_string_length(m) > 0 && strlen(json_string_value(m)) == json_string_length(m))
			return json_string_value(m);
	}
	return NULL;
}

/* The step field named id (rules name step fields only), or NULL. */
static const json_t *step_field(const struct gx_sv *c, const char *id)
{
	size_t i, j;
	json_t *step, *f;
	json_array_foreach(json_object_get(c->definition, "steps"), i, step) {
		json_array_foreach(json_object_get(step, "fields"), j, f) {
			if (strcmp(json_string_value(json_object_get(f, "id")) != NULL ? json_string_value(json_object_get(f, "id")) : "", id) == 0)
				return f;
		}
	}
	return NULL;
}

void gx_sv_check_rules(struct gx_sv *c, const json_t *rules, const json_t *values, const json_t *failed)
{
	for (size_t i = 0; i < json_array_size(rules); i++) {
		const json_t *r = json_array_get(rules, i);
		const char *field = json_string_value(json_object_get(r, "field"));
		const char *other = json_string_value(json_object_get(r, "other"));
		const char *op = json_string_value(json_object_get(r, "op"));
		if (field == NULL || other == NULL || op == NULL)
			continue;
		if (json_object_get(failed, field) != NULL || json_object_get(failed, other) != NULL)
			continue;
		int cmp;
		if (!compare(json_object_get(values, field), json_object_get(values, other), &cmp) || holds(op, cmp))
			continue;
		size_t mark = gx_sv_push(c, field);
		size_t lmark = gx_sv_label_push(c, "", gx_sv_text(c, json_object_get(step_field(c, field), "labels")));
		const char *text = rule_message(c, json_object_get(r, "messages"));
		if (text != NULL)
			gx_sv_error_text(c, "rule", text);
		else
			gx_sv_error(c, GX_SV_RULE, NULL);
		gx_sv_label_pop(c, lmark);
		gx_sv_pop(c, mark);
	}
}
