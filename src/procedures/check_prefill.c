/** Checks a field's prefill: a register listed in the context and an
 *  attribute it serves, or one of the self-declared attributes that fits the
 *  field's kind, or both (the register's value first, the person's own when
 *  the register has none); and prefer, which only a prefill naming both may
 *  carry. Inside a group, a field takes its value from the element of its
 *  group's list that made the item: "<list>[]" (the element itself) or
 *  "<list>[].<member>", and nothing else, since nothing else is ever filled
 *  into an item (procedures/prefill_items.c). */

#include "procedures/check_int.h"

#include <stdio.h>
#include <string.h>

const char *const gx_procedure_self_attributes[] = {"phone", "email", "iban", "preferred_language",
						    "employer_name", "profession", NULL};

bool gx_pc_attribute_name_ok(const char *s)
{
	size_t n = s != NULL ? strlen(s) : 0;
	if (n == 0 || n > GX_REGISTER_ATTRIBUTE_MAX || s[0] == '.' || s[n - 1] == '.')
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		if (ch == '.' ? s[i + 1] == '.' : !((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_'))
			return false;
	}
	return true;
}

/* An address may take a whole dotted family: "address" for
 * "address.street", "address.postcode" … A group takes one attribute, a list. */
static bool serves(const struct gx_register_description *d, const char *attr, enum gx_field_kind kind)
{
	if (gx_register_attribute_index(d, attr) >= 0)
		return true;
	if (kind != GX_FIELD_ADDRESS)
		return false;
	size_t n = strlen(attr);
	for (size_t i = 0; i < d->nattributes; i++)
		if (strncmp(d->attributes[i].name, attr, n) == 0 && d->attributes[i].name[n] == '.')
			return true;
	return false;
}

/* A field filled with a register's code (a civil status, a nationality, a
 * licence category) shows it in words: it is a choice (a list of codes: a
 * multichoice) whose options are codes of the list. Without options it
 * takes the whole list, in its order, with its words. */
static int coded(struct gx_pc *c, json_t *f, enum gx_field_kind kind, const json_t *codes, const char *what)
{
	if (kind != GX_FIELD_CHOICE && kind != GX_FIELD_MULTICHOICE)
		return gx_pc_fail(c, "%s is a code: a choice or multichoice field shows it in words, a %s field would show "
				     "the code", what, gx_field_kind_name(kind));
	json_t *opts = json_object_get(f, "options");
	if (opts == NULL) {
		opts = json_array();
		const char *code;
		json_t *labels;
		json_object_foreach((json_t *)codes, code, labels) {
			if (json_array_append_new(opts, json_pack("{s:s, s:O}", "value", code, "labels", labels)) != 0) {
				json_decref(opts);
				return gx_pc_fail(c, "out of memory");
			}
		}
		if (json_object_set_new(f, "options", opts) != 0)
			return gx_pc_fail(c, "out of memory");
		return 0;
	}
	size_t i;
	json_t *o;
	json_array_foreach(opts, i, o) {
		const char *v = json_string_value(json_object_get(o, "value"));
		if (v != NULL && json_object_get(codes, v) == NULL)
			return gx_pc_fail(c, "option %s is not a code of %s, so the register never gives it", v, what);
	}
	return 0;
}

/* The description of the register named src in the context, or NULL. */
static const struct gx_register_description *described(const struct gx_pc *c, const char *src)
{
	for (size_t i = 0; c->ctx != NULL && c->ctx->registers != NULL && src != NULL && i < c->ctx->nregisters; i++)
		if (strcmp(c->ctx->registers[i]->name, src) == 0)
			return c->ctx->registers[i];
	return NULL;
}

static int check_register(struct gx_pc *c, json_t *p, enum gx_field_kind kind)
{
	const char *src = json_string_value(json_object_get(p, "source"));
	const char *attr = json_string_value(json_object_get(p, "attribute"));
	if (src == NULL || src[0] == '\0' || strlen(src) > GX_REGISTER_NAME_MAX)
		return gx_pc_fail_at(c, "source", "expected a register name");
	if (!gx_pc_attribute_name_ok(attr))
		return gx_pc_fail_at(c, "attribute", "expected an attribute name: [a-z0-9_] words joined by dots");
	if (c->ctx == NULL || c->ctx->registers == NULL)
		return 0;
	for (size_t i = 0; i < c->ctx->nregisters; i++) {
		const struct gx_register_description *d = c->ctx->registers[i];
		if (strcmp(d->name, src) != 0)
			continue;
		if (!serves(d, attr, kind))
			return gx_pc_fail_at(c, "attribute", "the register %s does not serve this attribute", d->name);
		return 0;
	}
	return gx_pc_fail_at(c, "source", "no such register in registers/");
}

/* The kinds a self-declared attribute's value can fill: every one is text;
 * phone, email and iban also fill their own kind, a preferred language a choice
 * (among its options, when prefilled). */
static bool self_fits(const char *attr, enum gx_field_kind kind)
{
	if (kind == GX_FIELD_TEXT)
		return true;
	if (strcmp(attr, "phone") == 0 || strcmp(attr, "email") == 0 || strcmp(attr, "iban") == 0)
		return kind == gx_field_kind_from_name(attr);
	if (strcmp(attr, "preferred_language") == 0)
		return kind == GX_FIELD_CHOICE;
	return false;
}

static int check_self(struct gx_pc *c, json_t *p, enum gx_field_kind kind)
{
	const char *attr = json_string_value(json_object_get(p, "self"));
	if (!gx_pc_in_list(attr, gx_procedure_self_attributes))
		return gx_pc_fail_at(c, "self", "not a self-declared attribute (phone, email, iban, preferred_language, "
						"employer_name, profession)");
	if (!self_fits(attr, kind))
		return gx_pc_fail_at(c, "self", "a self-declared %s cannot fill a field of kind %s", attr,
				     gx_field_kind_name(kind));
	return 0;
}

/* "of": the attribute is read from the related subject (a partner) that
 * this attribute of the person's record names: one that links. */
static int check_of(struct gx_pc *c, json_t *p)
{
	const char *of = json_string_value(json_object_get(p, "of"));
	if (json_object_get(p, "self") != NULL)
		return gx_pc_fail_at(c, "of", "a related person's value comes from the register only: no self part");
	if (!gx_pc_attribute_name_ok(of))
		return gx_pc_fail_at(c, "of", "expected \"representative\" or the attribute naming the related subject (\"partner\")");
	const struct gx_register_description *d = described(c, json_string_value(json_object_get(p, "source")));
	if (d != NULL && gx_register_links(d, of) == NULL)
		return gx_pc_fail_at(c, "of", "%s of the register %s does not name other subjects (no \"links\")", of,
				     d->name);
	return 0;
}

/* {"source", "attribute"}, {"self"}, or all three; with a register,
 * "of": "representative" reads the acting person's own record instead of the
 * space's (a company's, a represented person's): a representative's details;
 * any other "of" names the related subject (check_of). */
static int check_shape(struct gx_pc *c, json_t *p, enum gx_field_kind kind)
{
	static const char *const members[] = {"source", "attribute", "self", "of", NULL};
	if (!json_is_object(p))
		return gx_pc_fail(c, "expected {\"source\", \"attribute\"}, {\"self\"} or all three");
	if (gx_pc_only_members(c, p, members) != 0)
		return -1;
	bool reg = json_object_get(p, "source") != NULL || json_object_get(p, "attribute") != NULL;
	bool self = json_object_get(p, "self") != NULL;
	if (!reg && !self)
		return gx_pc_fail(c, "expected {\"source\", \"attribute\"}, {\"self\"} or all three");
	if (reg && check_register(c, p, kind) != 0)
		return -1;
	if (self && check_self(c, p, kind) != 0)
		return -1;
	json_t *of = json_object_get(p, "of");
	bool representative =
		of != NULL && gx_pc_in_list(json_string_value(of), (const char *const[]){"representative", NULL});
	if (of != NULL && !representative && check_of(c, p) != 0)
		return -1;
	if (of != NULL && (!reg || self))
		return gx_pc_fail_at(c, "of", "\"of\" goes with a register attribute alone");
	return 0;
}

/* "<list>[]" or "<list>[].<member>" of the group's list, member [a-z0-9_]{1,64}. */
static bool item_attribute_ok(const char *attr, const char *list)
{
	size_t n = strlen(list);
	if (attr == NULL || strncmp(attr, list, n) != 0 || strncmp(attr + n, "[]", 2) != 0)
		return false;
	const char *member = attr + n + 2;
	if (*member == '\0')
		return true;
	if (*member++ != '.')
		return false;
	size_t m = strspn(member, "abcdefghijklmnopqrstuvwxyz0123456789_");
	return m >= 1 && m <= 64 && member[m] == '\0';
}

/* A field inside a group (the one at scope in the table). */
static int check_in_group(struct gx_pc *c, json_t *p, long scope)
{
	const struct gx_pc_field *group = &c->fields[scope];
	json_t *gp = json_object_get(group->json, "prefill");
	const char *src = json_string_value(json_object_get(gp, "source"));
	const char *list = json_string_value(json_object_get(gp, "attribute"));
	if (group->depth > 0)
		return gx_pc_fail(c, "a field of a group within a group cannot be prefilled");
	if (src == NULL || list == NULL)
		return gx_pc_fail(c, "a field inside a group can only be prefilled from its group's list, and this group "
				     "is not prefilled from a register");
	static const char *const members[] = {"source", "attribute", NULL};
	if (!json_is_object(p))
		return gx_pc_fail(c, "expected {\"source\", \"attribute\"} naming the group's list");
	if (json_object_get(p, "self") != NULL)
		return gx_pc_fail_at(c, "self", "a field inside a group is not filled from self-declared data: a group's "
						"items are not the person");
	if (gx_pc_only_members(c, p, members) != 0)
		return -1;
	const char *fsrc = json_string_value(json_object_get(p, "source"));
	if (fsrc == NULL || strcmp(fsrc, src) != 0)
		return gx_pc_fail_at(c, "source", "a field inside a group is prefilled from its group's register, %s", src);
	const char *attr = json_string_value(json_object_get(p, "attribute"));
	if (!item_attribute_ok(attr, list))
		return gx_pc_fail_at(c, "attribute",
				     "a field inside a group is prefilled from its group's list only: \"%s[]\" (each "
				     "element) or \"%s[].<member>\"",
				     list, list);
	/* A list naming related subjects (children): "<list>[].<attribute>" reads
	 * the attribute of each one, so the register must serve it. */
	const struct gx_register_description *d = described(c, src);
	const char *member = strstr(attr, "[].");
	if (d != NULL && member != NULL && gx_register_links(d, list) != NULL &&
	    gx_register_attribute_index(d, member + 3) < 0)
		return gx_pc_fail_at(c, "attribute", "%s names other subjects of %s, and %s serves no attribute %s", list,
				     src, src, member + 3);
	return 0;
}

/* Whether the value a field gets is a register's code, and then that it
 * shows it in words (coded()). A field of a group prefilled from a list
 * takes the element ("<list>[]"), a member ("<list>[].<member>"), or
 * without a prefill the member of its own id. */
static int check_coded(struct gx_pc *c, json_t *f, enum gx_field_kind kind, long scope)
{
	json_t *p = json_object_get(f, "prefill");
	const char *attr = json_string_value(json_object_get(p, "attribute"));
	const char *src = json_string_value(json_object_get(p, "source"));
	const char *member = NULL;
	char list[GX_REGISTER_ATTRIBUTE_MAX + 1];
	if (scope >= 0) {
		json_t *gp = json_object_get(c->fields[scope].json, "prefill");
		src = json_string_value(json_object_get(gp, "source"));
		const char *whole = json_string_value(json_object_get(gp, "attribute"));
		if (whole == NULL || c->fields[scope].depth > 0)
			return 0;
		snprintf(list, sizeof(list), "%s", whole);
		member = json_string_value(json_object_get(f, "id"));
		if (attr != NULL) {
			const char *dot = strstr(attr, "[].");
			member = dot != NULL ? dot + 3 : NULL;
		}
		attr = list;
	}
	const struct gx_register_description *d = described(c, src);
	if (member != NULL && gx_register_links(d, attr) != NULL) {
		if (json_object_get(f, "prefill") == NULL)
			return 0; /* the elements are keys: nothing fills a field by its id */
		attr = member; /* a related subject's own attribute */
		member = NULL;
	}
	const json_t *codes = gx_register_codes_of(d, attr, member);
	if (codes == NULL)
		return 0;
	char what[2 * GX_REGISTER_ATTRIBUTE_MAX + 80];
	snprintf(what, sizeof(what), "%s%s%s of the register %s", attr, member != NULL ? "[]." : "",
		 member != NULL ? member : "", src);
	return coded(c, f, kind, codes, what);
}

int gx_pc_prefill(struct gx_pc *c, json_t *f, enum gx_field_kind kind, long scope)
{
	json_t *p = json_object_get(f, "prefill");
	json_t *prefer = json_object_get(f, "prefer");
	if (p == NULL) {
		if (prefer != NULL)
			return gx_pc_fail_at(c, "prefer", "prefer without prefill");
		return scope >= 0 ? check_coded(c, f, kind, scope) : 0;
	}
	if (kind == GX_FIELD_FILE)
		return gx_pc_fail_at(c, "prefill", "a file field cannot be prefilled");
	if (json_object_get(f, "compute") != NULL)
		return gx_pc_fail_at(c, "prefill", "a computed field cannot be prefilled");
	if (prefer != NULL && !gx_pc_in_list(json_string_value(prefer), (const char *const[]){"register", "self", NULL}))
		return gx_pc_fail_at(c, "prefer", "expected \"register\" or \"self\"");
	if (scope >= 0 && prefer != NULL)
		return gx_pc_fail_at(c, "prefer", "a field inside a group has one source, its group's list: nothing to prefer");
	size_t mark = gx_pc_push(c, "prefill");
	int rc = scope >= 0 ? check_in_group(c, p, scope) : check_shape(c, p, kind);
	gx_pc_pop(c, mark);
	if (rc != 0)
		return -1;
	/* Which of two values wins: only a prefill naming both has two. */
	if (prefer != NULL && (json_object_get(p, "self") == NULL || json_object_get(p, "source") == NULL))
		return gx_pc_fail_at(c, "prefer",
				     "prefer needs a prefill naming both a register attribute and a self-declared one");
	return check_coded(c, f, kind, scope);
}
