/** Checks what names other fields: show_if and required_if (an earlier field
 *  visible from this one, and a value of its kind), compute (sum of earlier
 *  numbers or amounts, age from an earlier date) and the definition's rules
 *  (two step fields of the same comparable kind). Naming only earlier fields
 *  makes cycles impossible. */

#include "procedures/check_int.h"

#include <string.h>

#define SUM_TERMS_MAX 20

const struct gx_pc_field *gx_pc_lookup(const struct gx_pc *c, const char *id, long scope, size_t before)
{
	if (id == NULL)
		return NULL;
	for (;;) {
		for (size_t i = 0; i < before && i < c->nfields; i++)
			if (c->fields[i].scope == scope && strcmp(c->fields[i].id, id) == 0)
				return &c->fields[i];
		if (scope < 0)
			return NULL;
		before = (size_t)scope;
		scope = c->fields[scope].scope;
	}
}

static bool option_value(json_t *field, const char *v)
{
	json_t *opts = json_object_get(field, "options");
	for (size_t i = 0; v != NULL && i < json_array_size(opts); i++) {
		const char *o = json_string_value(json_object_get(json_array_get(opts, i), "value"));
		if (o != NULL && strcmp(o, v) == 0)
			return true;
	}
	return false;
}

/* {"field": <earlier field>, "equals": <a value of its kind>} */
static int check_condition(struct gx_pc *c, json_t *f, const char *member, size_t self)
{
	static const char *const members[] = {"field", "equals", NULL};
	json_t *cond = json_object_get(f, member);
	int rc = -1;
	if (cond == NULL)
		return 0;
	size_t mark = gx_pc_push(c, member);
	if (!json_is_object(cond)) {
		gx_pc_fail(c, "expected {\"field\", \"equals\"}");
		goto out;
	}
	if (gx_pc_only_members(c, cond, members) != 0)
		goto out;
	const char *name = json_string_value(json_object_get(cond, "field"));
	if (name == NULL) {
		gx_pc_fail_at(c, "field", "expected the id of an earlier field");
		goto out;
	}
	const struct gx_pc_field *t = gx_pc_lookup(c, name, c->fields[self].scope, self);
	if (t == NULL) {
		gx_pc_fail_at(c, "field", "no earlier field %s visible from here", name);
		goto out;
	}
	json_t *eq = json_object_get(cond, "equals");
	if (eq == NULL) {
		gx_pc_fail_at(c, "equals", "missing: the value that makes the condition true");
		goto out;
	}
	bool ok;
	bool rel;
	long days;
	switch (t->kind) {
	case GX_FIELD_YESNO:
		ok = json_is_boolean(eq);
		break;
	case GX_FIELD_CHOICE:
	case GX_FIELD_MULTICHOICE:
		ok = option_value(t->json, json_string_value(eq));
		break;
	case GX_FIELD_NUMBER:
		ok = json_is_number(eq);
		break;
	case GX_FIELD_AMOUNT:
		ok = json_is_integer(eq);
		break;
	case GX_FIELD_DATE:
		ok = json_is_string(eq) && gx_pc_date_bound(json_string_value(eq), &rel, &days) && !rel;
		break;
	case GX_FIELD_GROUP:
	case GX_FIELD_FILE:
	case GX_FIELD_ADDRESS:
		gx_pc_fail_at(c, "field", "a %s field cannot be compared", gx_field_kind_name(t->kind));
		goto out;
	default:
		ok = json_is_string(eq);
		break;
	}
	if (!ok) {
		gx_pc_fail_at(c, "equals", "not a possible value of the %s field %s", gx_field_kind_name(t->kind), t->id);
		goto out;
	}
	rc = 0;
out:
	gx_pc_pop(c, mark);
	return rc;
}

static int check_compute(struct gx_pc *c, json_t *f, size_t self)
{
	static const char *const members[] = {"op", "of", NULL};
	json_t *comp = json_object_get(f, "compute");
	const struct gx_pc_field *me = &c->fields[self];
	int rc = -1;
	if (comp == NULL)
		return 0;
	size_t mark = gx_pc_push(c, "compute");
	if (me->kind != GX_FIELD_NUMBER && me->kind != GX_FIELD_AMOUNT) {
		gx_pc_fail(c, "only a number or an amount field can be computed");
		goto out;
	}
	if (!json_is_object(comp)) {
		gx_pc_fail(c, "expected {\"op\", \"of\"}");
		goto out;
	}
	if (gx_pc_only_members(c, comp, members) != 0)
		goto out;
	const char *op = json_string_value(json_object_get(comp, "op"));
	json_t *of = json_object_get(comp, "of");
	if (op != NULL && strcmp(op, "age") == 0) {
		if (me->kind != GX_FIELD_NUMBER) {
			gx_pc_fail_at(c, "op", "an age is a number field");
			goto out;
		}
		const struct gx_pc_field *t = gx_pc_lookup(c, json_string_value(of), me->scope, self);
		if (t == NULL || t->kind != GX_FIELD_DATE) {
			gx_pc_fail_at(c, "of", "expected the id of an earlier date field");
			goto out;
		}
	} else if (op != NULL && strcmp(op, "sum") == 0) {
		if (!json_is_array(of) || json_array_size(of) == 0 || json_array_size(of) > SUM_TERMS_MAX) {
			gx_pc_fail_at(c, "of", "expected an array of 1 to %d field ids", SUM_TERMS_MAX);
			goto out;
		}
		size_t m2 = gx_pc_push(c, "of");
		for (size_t i = 0; i < json_array_size(of) && !c->failed; i++) {
			const char *name = json_string_value(json_array_get(of, i));
			const struct gx_pc_field *t = gx_pc_lookup(c, name, me->scope, self);
			size_t m3 = gx_pc_push_index(c, i);
			if (t == NULL)
				gx_pc_fail(c, "expected the id of an earlier field");
			else if (t->kind != me->kind)
				gx_pc_fail(c, "a sum into a %s field adds %s fields, not %s", gx_field_kind_name(me->kind),
					   gx_field_kind_name(me->kind), gx_field_kind_name(t->kind));
			gx_pc_pop(c, m3);
		}
		gx_pc_pop(c, m2);
		if (c->failed)
			goto out;
	} else {
		gx_pc_fail_at(c, "op", "expected \"sum\" or \"age\"");
		goto out;
	}
	rc = 0;
out:
	gx_pc_pop(c, mark);
	return rc;
}

int gx_pc_field_refs(struct gx_pc *c, json_t *f, size_t self)
{
	if (check_condition(c, f, "show_if", self) != 0 || check_condition(c, f, "required_if", self) != 0)
		return -1;
	if (json_object_get(f, "required_if") != NULL && json_is_true(json_object_get(f, "required")))
		return gx_pc_fail_at(c, "required_if", "the field is already always required");
	return check_compute(c, f, self);
}

static int check_rule(struct gx_pc *c, json_t *r, json_t *rules, size_t index)
{
	static const char *const members[] = {"id", "field", "op", "other", "messages", NULL};
	static const char *const ops[] = {"=", "!=", "<", "<=", ">", ">=", NULL};
	if (!json_is_object(r))
		return gx_pc_fail(c, "expected a rule object");
	if (gx_pc_only_members(c, r, members) != 0)
		return -1;
	const char *id = json_string_value(json_object_get(r, "id"));
	if (!gx_pc_field_id_ok(id))
		return gx_pc_fail_at(c, "id", "a rule id is [a-z][a-z0-9_]{0,63}");
	for (size_t j = 0; j < index; j++)
		if (json_equal(json_object_get(json_array_get(rules, j), "id"), json_object_get(r, "id")))
			return gx_pc_fail_at(c, "id", "duplicate rule id");
	const struct gx_pc_field *a = gx_pc_lookup(c, json_string_value(json_object_get(r, "field")), -1, c->nfields);
	if (a == NULL)
		return gx_pc_fail_at(c, "field", "expected the id of a step's field");
	if (!gx_pc_in_list(json_string_value(json_object_get(r, "op")), ops))
		return gx_pc_fail_at(c, "op", "expected one of = != < <= > >=");
	const struct gx_pc_field *b = gx_pc_lookup(c, json_string_value(json_object_get(r, "other")), -1, c->nfields);
	if (b == NULL)
		return gx_pc_fail_at(c, "other", "expected the id of a step's field");
	if (a->kind != GX_FIELD_NUMBER && a->kind != GX_FIELD_AMOUNT && a->kind != GX_FIELD_DATE)
		return gx_pc_fail_at(c, "field", "a %s field cannot be compared (number, amount or date)",
				     gx_field_kind_name(a->kind));
	if (a == b)
		return gx_pc_fail_at(c, "other", "a field compared with itself");
	if (b->kind != a->kind)
		return gx_pc_fail_at(c, "other", "a %s field cannot be compared with a %s field",
				     gx_field_kind_name(b->kind), gx_field_kind_name(a->kind));
	return gx_pc_texts(c, r, "messages", true);
}

int gx_pc_rules(struct gx_pc *c, json_t *rules)
{
	if (rules == NULL)
		return 0;
	if (!json_is_array(rules))
		return gx_pc_fail(c, "expected an array of rules");
	if (json_array_size(rules) > GX_PROCEDURE_RULES_MAX)
		return gx_pc_fail(c, "more than %d rules", GX_PROCEDURE_RULES_MAX);
	for (size_t i = 0; i < json_array_size(rules); i++) {
		size_t mark = gx_pc_push_index(c, i);
		int rc = check_rule(c, json_array_get(rules, i), rules, i);
		gx_pc_pop(c, mark);
		if (rc != 0)
			return -1;
	}
	return 0;
}
