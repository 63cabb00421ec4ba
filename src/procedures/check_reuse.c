/** Checks a definition's "reuse" (reuse.h): registers of the context and
 *  attributes they serve, each listed once; purpose and legal basis in
 *  fr/de/en; validity in days; the step fields asked instead, which must be
 *  fields the person can see and leave empty, or saying No would change
 *  nothing. Runs after the steps, whose fields it names. */

#include "procedures/check_int.h"

#include <string.h>

/* The context's description of register name; NULL when the context has
 * none (shape only) or does not know it (*known false). */
static const struct gx_register_description *find_register(const struct gx_pc *c, const char *name, bool *known)
{
	*known = true;
	if (c->ctx == NULL || c->ctx->registers == NULL)
		return NULL;
	for (size_t i = 0; i < c->ctx->nregisters; i++)
		if (strcmp(c->ctx->registers[i]->name, name) == 0)
			return c->ctx->registers[i];
	*known = false;
	return NULL;
}

static int check_attributes(struct gx_pc *c, json_t *list, const struct gx_register_description *d)
{
	if (list == NULL)
		return gx_pc_fail_at(c, "attributes", "missing: the attributes the organisation may fetch");
	size_t n = json_array_size(list);
	size_t mark = gx_pc_push(c, "attributes");
	if (!json_is_array(list) || n == 0 || n > GX_REUSE_ATTRIBUTES_MAX) {
		gx_pc_fail(c, "expected an array of 1 to %d attributes", GX_REUSE_ATTRIBUTES_MAX);
		goto out;
	}
	for (size_t i = 0; i < n && !c->failed; i++) {
		json_t *a = json_array_get(list, i);
		size_t m2 = gx_pc_push_index(c, i);
		if (!gx_pc_attribute_name_ok(json_string_value(a)))
			gx_pc_fail(c, "expected an attribute name: [a-z0-9_] words joined by dots");
		else if (d != NULL && gx_register_attribute_index(d, json_string_value(a)) < 0)
			gx_pc_fail(c, "the register %s does not serve this attribute", d->name);
		for (size_t j = 0; j < i && !c->failed; j++)
			if (json_equal(json_array_get(list, j), a))
				gx_pc_fail(c, "duplicate attribute");
		gx_pc_pop(c, m2);
	}
out:
	gx_pc_pop(c, mark);
	return c->failed ? -1 : 0;
}

static int check_register(struct gx_pc *c, json_t *regs, size_t i)
{
	static const char *const members[] = {"source", "attributes", NULL};
	json_t *r = json_array_get(regs, i);
	if (!json_is_object(r))
		return gx_pc_fail(c, "expected {\"source\", \"attributes\"}");
	if (gx_pc_only_members(c, r, members) != 0)
		return -1;
	const char *src = json_string_value(json_object_get(r, "source"));
	if (src == NULL || src[0] == '\0' || strlen(src) > GX_REGISTER_NAME_MAX)
		return gx_pc_fail_at(c, "source", "expected a register name");
	for (size_t j = 0; j < i; j++)
		if (json_equal(json_object_get(json_array_get(regs, j), "source"), json_object_get(r, "source")))
			return gx_pc_fail_at(c, "source", "duplicate register: list its attributes in one entry");
	bool known;
	const struct gx_register_description *d = find_register(c, src, &known);
	if (!known)
		return gx_pc_fail_at(c, "source", "no such register in registers/");
	return check_attributes(c, json_object_get(r, "attributes"), d);
}

static int check_registers(struct gx_pc *c, json_t *regs)
{
	if (regs == NULL)
		return gx_pc_fail_at(c, "registers", "missing: the registers the organisation may fetch from");
	size_t n = json_array_size(regs);
	size_t mark = gx_pc_push(c, "registers");
	if (!json_is_array(regs) || n == 0 || n > GX_REUSE_REGISTERS_MAX)
		gx_pc_fail(c, "expected an array of 1 to %d registers", GX_REUSE_REGISTERS_MAX);
	for (size_t i = 0; i < n && !c->failed; i++) {
		size_t m2 = gx_pc_push_index(c, i);
		check_register(c, regs, i);
		gx_pc_pop(c, m2);
	}
	gx_pc_pop(c, mark);
	return c->failed ? -1 : 0;
}

/* One field named by "instead": a step field the person sees and may leave empty. */
static int check_instead_field(struct gx_pc *c, const char *id)
{
	const struct gx_pc_field *f = id != NULL ? gx_pc_lookup(c, id, -1, c->nfields) : NULL;
	if (id == NULL)
		return gx_pc_fail(c, "expected a field id");
	if (f == NULL)
		return gx_pc_fail(c, "no step field %.64s: instead names fields of the steps, not inside a group", id);
	if (json_is_true(json_object_get(f->json, "required")))
		return gx_pc_fail(c, "%s is required anyway: instead names fields that only saying No makes required", id);
	if (json_object_get(f->json, "compute") != NULL)
		return gx_pc_fail(c, "%s is computed: the person cannot fill it in instead", id);
	if (json_object_get(f->json, "show_if") != NULL)
		return gx_pc_fail(c, "%s has show_if: a field asked instead must be shown to everyone who says No", id);
	return 0;
}

static int check_instead(struct gx_pc *c, json_t *list)
{
	if (list == NULL)
		return gx_pc_fail_at(c, "instead", "missing: the fields the person fills in instead when they say No");
	size_t n = json_array_size(list);
	size_t mark = gx_pc_push(c, "instead");
	if (!json_is_array(list) || n == 0 || n > GX_REUSE_INSTEAD_MAX)
		gx_pc_fail(c, "expected an array of 1 to %d field ids", GX_REUSE_INSTEAD_MAX);
	for (size_t i = 0; i < n && !c->failed; i++) {
		json_t *v = json_array_get(list, i);
		size_t m2 = gx_pc_push_index(c, i);
		if (check_instead_field(c, json_string_value(v)) == 0)
			for (size_t j = 0; j < i && !c->failed; j++)
				if (json_equal(json_array_get(list, j), v))
					gx_pc_fail(c, "duplicate field");
		gx_pc_pop(c, m2);
	}
	gx_pc_pop(c, mark);
	return c->failed ? -1 : 0;
}

int gx_pc_reuse(struct gx_pc *c, json_t *reuse)
{
	static const char *const members[] = {"registers", "purpose", "legal_basis", "validity_days", "instead", NULL};
	if (reuse == NULL)
		return 0;
	size_t mark = gx_pc_push(c, "reuse");
	if (!json_is_object(reuse)) {
		gx_pc_fail(c, "expected {\"registers\", \"purpose\", \"legal_basis\", \"validity_days\", \"instead\"}");
		goto out;
	}
	if (gx_pc_only_members(c, reuse, members) != 0 || check_registers(c, json_object_get(reuse, "registers")) != 0 ||
	    gx_pc_texts(c, reuse, "purpose", true) != 0 || gx_pc_texts(c, reuse, "legal_basis", true) != 0)
		goto out;
	json_t *days = json_object_get(reuse, "validity_days");
	if (days == NULL) {
		gx_pc_fail_at(c, "validity_days", "missing: for how many days after the submission the organisation may fetch");
		goto out;
	}
	if (!json_is_integer(days) || json_integer_value(days) < 1 || json_integer_value(days) > GX_REUSE_VALIDITY_MAX) {
		gx_pc_fail_at(c, "validity_days", "expected an integer from 1 to %d (days)", GX_REUSE_VALIDITY_MAX);
		goto out;
	}
	check_instead(c, json_object_get(reuse, "instead"));
out:
	gx_pc_pop(c, mark);
	return c->failed ? -1 : 0;
}
