/* A procedure definition's steps as template data (the posted forms are read
 * back by form_read.c). Everything works without JavaScript: a
 * group's "add another" is a submit button, a condition (show_if) is decided
 * on the server from the answers saved so far. */

#include "forms/form.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forms/form_files.h"
#include "forms/provenance.h"
#include "procedures/reuse.h"
#include "procedures/shown.h"
#include "util/buf.h"

#define NAME_MAX_LEN 300
#define MANY_OPTIONS 12

const char *gx_form_text(const json_t *texts, enum gx_lang lang)
{
	return gx_lang_text(texts, lang);
}

void gx_form_element_id(const char *pointer, char *out, size_t outlen)
{
	if (outlen < 2) {
		if (outlen == 1)
			out[0] = '\0';
		return;
	}
	/* "f" then the pointer, cut to fit (not snprintf: -Wformat-truncation). */
	size_t n = strlen(pointer);
	if (n > outlen - 2)
		n = outlen - 2;
	out[0] = 'f';
	memcpy(out + 1, pointer, n);
	out[n + 1] = '\0';
	for (char *p = out; *p != '\0'; p++)
		if (*p == '/')
			*p = '-';
}

void gx_form_input_name(const char *pointer, char *out, size_t outlen)
{
	snprintf(out, outlen, "%s", pointer[0] == '/' ? pointer + 1 : pointer);
	for (char *p = out; *p != '\0'; p++)
		if (*p == '/')
			*p = '.';
}

int gx_form_step_of(const json_t *definition, const char *pointer)
{
	if (pointer == NULL || pointer[0] != '/')
		return -1;
	const char *seg = pointer + 1;
	size_t n = strcspn(seg, "/");
	size_t i, j;
	json_t *step, *field;
	json_array_foreach(json_object_get(definition, "steps"), i, step) {
		json_array_foreach(json_object_get(step, "fields"), j, field) {
			const char *id = json_string_value(json_object_get(field, "id"));
			if (id != NULL && strlen(id) == n && strncmp(id, seg, n) == 0)
				return (int)i;
		}
	}
	return -1;
}

static const char *tr(const json_t *t, const char *group, const char *key)
{
	const char *s = json_string_value(json_object_get(json_object_get(t, group), key));
	return s != NULL ? s : key;
}

enum gx_field_kind gx_form_kind(const json_t *field)
{
	enum gx_field_kind k = gx_field_kind_of(field);
	return k != GX_FIELD_UNKNOWN ? k : GX_FIELD_TEXT;
}

/* --- conditions (procedures/shown.h: the validator's reading) ----------------- */

/* The steps' fields and the answers, as conditions read them. */
static struct gx_show_level top_level(const struct gx_form_ctx *c)
{
	return (struct gx_show_level){.steps = json_object_get(c->definition, "steps"), .data = c->data,
				      .computed = c->computed};
}

/* Item i of the group field (a field of level l) as a level of its own. */
static struct gx_show_level item_level(const struct gx_show_level *l, const json_t *field, const json_t *item, size_t i)
{
	const char *id = json_string_value(json_object_get(field, "id"));
	return (struct gx_show_level){.fields = json_object_get(field, "fields"), .data = item,
				      .computed = id != NULL ? json_array_get(json_object_get(l->computed, id), i) : NULL,
				      .parent = l};
}

/* Whether field (of level l) is on a page whose fields at that level are
 * page_fields: when shown, or when its condition names another field of
 * the page that is on it too: the person answers both at once, and without
 * JavaScript the page cannot wait for that answer. A field hidden by a
 * condition on an earlier step stays hidden, and so does every field whose
 * condition names it. */
static bool on_page(const struct gx_show_level *l, const json_t *page_fields, const json_t *field, int depth)
{
	if (gx_field_shown(l, field))
		return true;
	const char *name = json_string_value(json_object_get(json_object_get(field, "show_if"), "field"));
	if (name == NULL || depth >= GX_SHOWN_DEPTH)
		return false;
	size_t i;
	json_t *f;
	json_array_foreach(page_fields, i, f) {
		const char *id = json_string_value(json_object_get(f, "id"));
		if (id != NULL && strcmp(id, name) == 0)
			return f != field && on_page(l, page_fields, f, depth + 1);
	}
	return false;
}

/* --- values as text ---------------------------------------------------------------- */

static void amount_text(struct gx_buf *b, json_int_t cents)
{
	const char *sign = cents < 0 ? "-" : "";
	long long a = cents < 0 ? -(long long)cents : (long long)cents;
	gx_buf_appendf(b, "%s%lld.%02lld", sign, a / 100, a % 100);
}

static const char *option_label(const json_t *field, const char *value, enum gx_lang lang)
{
	size_t i;
	json_t *o;
	json_array_foreach(json_object_get(field, "options"), i, o) {
		if (value != NULL && strcmp(json_string_value(json_object_get(o, "value")), value) == 0)
			return gx_form_text(json_object_get(o, "labels"), lang);
	}
	return value;
}

/* The value as it goes back into an input. */
static void input_text(struct gx_buf *b, const json_t *field, const json_t *v)
{
	if (json_is_string(v))
		gx_buf_append_str(b, json_string_value(v));
	else if (json_is_integer(v) && gx_form_kind(field) == GX_FIELD_AMOUNT)
		amount_text(b, json_integer_value(v));
	else if (json_is_integer(v))
		gx_buf_appendf(b, "%lld", (long long)json_integer_value(v));
	else if (json_is_real(v))
		gx_buf_appendf(b, "%.15g", json_real_value(v));
}

static void value_text(struct gx_buf *b, const struct gx_form_ctx *c, const struct gx_show_level *l,
		       const json_t *field, const json_t *v);

static void address_text(struct gx_buf *b, const json_t *v)
{
	static const char *const parts[] = {"street", "house_number", "postcode", "locality", "country"};
	static const char *const seps[] = {"", " ", ", ", " ", ", "};
	bool any = false;
	for (size_t i = 0; i < 5; i++) {
		const char *s = json_string_value(json_object_get(v, parts[i]));
		if (s == NULL || *s == '\0')
			continue;
		if (any)
			gx_buf_append_str(b, seps[i]);
		gx_buf_append_str(b, s);
		any = true;
	}
}

/* field: a field of level l, v its answer. */
static void value_text(struct gx_buf *b, const struct gx_form_ctx *c, const struct gx_show_level *l,
		       const json_t *field, const json_t *v)
{
	size_t i, j;
	json_t *x, *sub;
	enum gx_field_kind kind = gx_form_kind(field);
	if (kind == GX_FIELD_CHOICE && json_is_string(v)) {
		gx_buf_append_str(b, option_label(field, json_string_value(v), c->lang));
	} else if (kind == GX_FIELD_MULTICHOICE && json_is_array(v)) {
		json_array_foreach(v, i, x) {
			if (i > 0)
				gx_buf_append_str(b, ", ");
			if (json_is_string(x))
				gx_buf_append_str(b, option_label(field, json_string_value(x), c->lang));
		}
	} else if (kind == GX_FIELD_YESNO && json_is_boolean(v)) {
		gx_buf_append_str(b, tr(c->t, "proc", json_is_true(v) ? "yes" : "no"));
	} else if (kind == GX_FIELD_ADDRESS && json_is_object(v)) {
		address_text(b, v);
	} else if (kind == GX_FIELD_AMOUNT && json_is_integer(v)) {
		gx_buf_append_str(b, "€ ");
		amount_text(b, json_integer_value(v));
	} else if (kind == GX_FIELD_GROUP && json_is_array(v)) {
		json_array_foreach(v, i, x) {
			if (i > 0)
				gx_buf_append_str(b, " / ");
			gx_buf_appendf(b, "%zu. ", i + 1);
			bool first = true;
			struct gx_show_level il = item_level(l, field, x, i);
			json_array_foreach(json_object_get(field, "fields"), j, sub) {
				const json_t *sv = json_object_get(x, json_string_value(json_object_get(sub, "id")));
				if (sv == NULL || json_is_null(sv) || !gx_field_shown(&il, sub))
					continue;
				if (!first)
					gx_buf_append_str(b, "; ");
				first = false;
				gx_buf_appendf(b, "%s: ", gx_form_text(json_object_get(sub, "labels"), c->lang));
				value_text(b, c, &il, sub, sv);
			}
		}
	} else if (kind == GX_FIELD_FILE && json_is_array(v)) {
		gx_form_file_names(c, v, b);
	} else {
		input_text(b, field, v);
	}
}

static bool answered(const json_t *v)
{
	return v != NULL && !json_is_null(v) && !(json_is_string(v) && json_string_length(v) == 0) &&
	       !(json_is_array(v) && json_array_size(v) == 0);
}

/* --- errors ------------------------------------------------------------------------- */

/* The messages of the errors at pointer (or, with below, under it), joined. */
static void errors_at(const struct gx_form_ctx *c, const char *pointer, bool below, struct gx_buf *out)
{
	size_t i;
	json_t *e;
	size_t plen = strlen(pointer);
	json_array_foreach(c->errors, i, e) {
		const char *f = json_string_value(json_object_get(e, "field"));
		if (f == NULL)
			continue;
		bool match = strcmp(f, pointer) == 0 || (below && strncmp(f, pointer, plen) == 0 && f[plen] == '/');
		if (!match)
			continue;
		if (out->len > 0)
			gx_buf_append_str(out, " ");
		gx_buf_append_str(out, json_string_value(json_object_get(e, "message")));
	}
}

/* --- a step as template data ------------------------------------------------------- */

static json_t *field_data(const struct gx_form_ctx *c, const struct gx_show_level *l, const json_t *field,
			  const json_t *value, const char *pointer, const json_t *provenance, int depth);

static void set_str(json_t *o, const char *key, const char *s)
{
	if (s != NULL)
		json_object_set_new(o, key, json_string(s));
}

static json_t *options_data(const json_t *field, const json_t *value, const char *eid, enum gx_lang lang, bool multi)
{
	json_t *list = json_array();
	size_t i, j;
	json_t *o, *x;
	json_array_foreach(json_object_get(field, "options"), i, o) {
		json_t *ov = json_object_get(o, "value");
		bool on = false;
		if (multi && json_is_array(value)) {
			json_array_foreach(value, j, x) on |= json_equal(x, ov);
		} else {
			on = value != NULL && json_equal(value, ov);
		}
		char oid[NAME_MAX_LEN + 16];
		if (i == 0)
			snprintf(oid, sizeof(oid), "%s", eid);
		else
			snprintf(oid, sizeof(oid), "%s--%zu", eid, i + 1);
		json_array_append_new(list, json_pack("{s:s, s:O, s:s, s:b}", "id", oid, "value", ov, "label",
						      gx_form_text(json_object_get(o, "labels"), lang), "checked", on));
	}
	return list;
}

static json_t *yesno_options(const struct gx_form_ctx *c, const json_t *value, const char *eid)
{
	char second[NAME_MAX_LEN + 16];
	snprintf(second, sizeof(second), "%s--2", eid);
	return json_pack("[{s:s, s:s, s:s, s:b}, {s:s, s:s, s:s, s:b}]", "id", eid, "value", "yes", "label",
			 tr(c->t, "proc", "yes"), "checked", json_is_true(value), "id", second, "value", "no", "label",
			 tr(c->t, "proc", "no"), "checked", json_is_false(value));
}

static json_t *address_parts(const struct gx_form_ctx *c, const json_t *value, const char *pointer)
{
	static const char *const parts[] = {"street", "house_number", "postcode", "locality", "country"};
	static const char *const widths[] = {"", "govuk-input--width-5", "govuk-input--width-10", "govuk-!-width-two-thirds",
					     "govuk-input--width-4"};
	static const char *const autocomplete[] = {"address-line1", "address-line2", "postal-code", "address-level2",
						   "country"};
	json_t *list = json_array();
	for (size_t i = 0; i < 5; i++) {
		char p[NAME_MAX_LEN], eid[NAME_MAX_LEN], name[NAME_MAX_LEN];
		snprintf(p, sizeof(p), "%s/%s", pointer, parts[i]);
		gx_form_element_id(p, eid, sizeof(eid));
		gx_form_input_name(p, name, sizeof(name));
		char key[32];
		snprintf(key, sizeof(key), "address_%s", parts[i]);
		const char *v = json_string_value(json_object_get(value, parts[i]));
		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "id", eid, "name", name, "label",
						      tr(c->t, "proc", key), "value", v != NULL ? v : "", "width", widths[i],
						      "autocomplete", autocomplete[i]));
	}
	return list;
}

static json_t *group_data(const struct gx_form_ctx *c, const struct gx_show_level *l, const json_t *field,
			  const json_t *value, const char *pointer, int depth, const json_t *provenance, json_t *out)
{
	/* Values read from the subjects the list names (a child's name) say where they came from. */
	const json_t *item_provs = json_object_get(provenance, "items");
	size_t count = json_is_array(value) ? json_array_size(value) : 0;
	json_int_t min = json_integer_value(json_object_get(field, "min_items"));
	json_int_t max = json_object_get(field, "max_items") != NULL ? json_integer_value(json_object_get(field, "max_items")) : 100;
	if (count == 0 && min > 0)
		count = 1; /* at least one item to fill in */
	if (count == 0 && json_is_true(json_object_get(field, "required")))
		count = 1;
	json_t *items = json_array();
	/* Each item's legend: "Child 2" (item_labels), else "Children 2". */
	const char *label = gx_form_text(json_object_get(field, "item_labels") != NULL ? json_object_get(field, "item_labels")
											: json_object_get(field, "labels"),
					 c->lang);
	for (size_t i = 0; i < count; i++) {
		const json_t *item = json_is_array(value) ? json_array_get(value, i) : NULL;
		json_t *fields = json_array();
		struct gx_show_level il = item_level(l, field, item, i);
		size_t j;
		json_t *sub;
		json_array_foreach(json_object_get(field, "fields"), j, sub) {
			if (!on_page(&il, json_object_get(field, "fields"), sub, 0))
				continue;
			char p[NAME_MAX_LEN];
			snprintf(p, sizeof(p), "%s/%zu/%s", pointer, i, json_string_value(json_object_get(sub, "id")));
			const char *sid = json_string_value(json_object_get(sub, "id"));
			json_t *fd = field_data(c, &il, sub, json_object_get(item, sid), p,
						json_object_get(json_array_get(item_provs, i), sid), depth + 1);
			if (fd != NULL)
				json_array_append_new(fields, fd);
		}
		char legend[600];
		snprintf(legend, sizeof(legend), "%s %zu", label, i + 1);
		json_array_append_new(items, json_pack("{s:s, s:o}", "legend", legend, "fields", fields));
	}
	char name[NAME_MAX_LEN], count_name[NAME_MAX_LEN + 8];
	gx_form_input_name(pointer, name, sizeof(name));
	snprintf(count_name, sizeof(count_name), "%s.count", name);
	json_object_set_new(out, "items", items);
	json_object_set_new(out, "count_name", json_string(count_name));
	json_object_set_new(out, "count", json_integer((json_int_t)count));
	json_object_set_new(out, "can_add", json_boolean((json_int_t)count < max));
	return out;
}

/* field: a field of level l; value its answer, at pointer. */
static json_t *field_data(const struct gx_form_ctx *c, const struct gx_show_level *l, const json_t *field,
			  const json_t *value, const char *pointer, const json_t *provenance, int depth)
{
	if (depth > 3)
		return NULL;
	enum gx_field_kind kind = gx_form_kind(field);
	char eid[NAME_MAX_LEN], name[NAME_MAX_LEN];
	gx_form_element_id(pointer, eid, sizeof(eid));
	gx_form_input_name(pointer, name, sizeof(name));
	/* A field asked instead of reuse is required once the person said No. */
	bool required = json_is_true(json_object_get(field, "required")) ||
			(depth == 0 && gx_reuse_instead_required(c->definition, c->data,
								 json_string_value(json_object_get(field, "id"))));
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:b}", "id", eid, "name", name, "kind", gx_field_kind_name(kind),
			      "label", gx_form_text(json_object_get(field, "labels"), c->lang), "required", required);
	if (o == NULL)
		return NULL;
	static const char *const keys[] = {"hint", "error", "source", "format_hint", "prefix", "describedby", "inputmode",
					   "k_input", "k_radios", "k_select", "k_checkboxes", "k_address", "k_group",
					   "k_file", "k_computed", "inline", "options", "parts", "items", "value", "width",
					   "type", "count_name", "count", "can_add", "files", "has_files", "can_upload",
					   "upload_form", "accept", "limits"};
	for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
		json_object_set_new(o, keys[k], json_null());
	const char *help = gx_form_text(json_object_get(field, "help"), c->lang);
	set_str(o, "hint", help);
	struct gx_buf err = GX_BUF_INIT;
	errors_at(c, pointer, kind == GX_FIELD_ADDRESS || kind == GX_FIELD_MULTICHOICE || kind == GX_FIELD_FILE, &err);
	if (err.len > 0)
		json_object_set_new(o, "error", json_string(gx_buf_cstr(&err)));
	gx_buf_free(&err);
	struct gx_buf described = GX_BUF_INIT;
	if (help != NULL)
		gx_buf_appendf(&described, "%s-hint", eid);

	if (json_object_get(field, "compute") != NULL) {
		json_object_set_new(o, "k_computed", json_true());
		struct gx_buf b = GX_BUF_INIT;
		const json_t *cv = c->computed != NULL ? json_object_get(c->computed, json_string_value(json_object_get(field, "id"))) : NULL;
		if (answered(cv))
			value_text(&b, c, l, field, cv);
		json_object_set_new(o, "value", json_string(b.len > 0 ? gx_buf_cstr(&b) : tr(c->t, "proc", "computed_later")));
		gx_buf_free(&b);
		gx_buf_free(&described);
		return o;
	}
	if (kind == GX_FIELD_CHOICE) {
		bool many = json_array_size(json_object_get(field, "options")) > MANY_OPTIONS;
		json_object_set_new(o, many ? "k_select" : "k_radios", json_true());
		json_object_set_new(o, "options", options_data(field, value, eid, c->lang, false));
	} else if (kind == GX_FIELD_YESNO) {
		json_object_set_new(o, "k_radios", json_true());
		json_object_set_new(o, "inline", json_true());
		json_object_set_new(o, "options", yesno_options(c, value, eid));
	} else if (kind == GX_FIELD_MULTICHOICE) {
		json_object_set_new(o, "k_checkboxes", json_true());
		json_object_set_new(o, "options", options_data(field, value, eid, c->lang, true));
	} else if (kind == GX_FIELD_ADDRESS) {
		json_object_set_new(o, "k_address", json_true());
		json_object_set_new(o, "parts", address_parts(c, value, pointer));
	} else if (kind == GX_FIELD_GROUP) {
		json_object_set_new(o, "k_group", json_true());
		group_data(c, l, field, value, pointer, depth, provenance, o);
	} else if (kind == GX_FIELD_FILE) {
		json_object_set_new(o, "k_file", json_true());
		gx_form_file_data(c, field, value, eid, o, &described);
	} else {
		json_object_set_new(o, "k_input", json_true());
		const char *type = kind == GX_FIELD_EMAIL ? "email" : kind == GX_FIELD_PHONE ? "tel" : "text";
		json_object_set_new(o, "type", json_string(type));
		const char *width = "";
		if (kind == GX_FIELD_DATE) {
			width = "govuk-input--width-10";
			json_object_set_new(o, "format_hint", json_string(tr(c->t, "proc", "date_hint")));
		} else if (kind == GX_FIELD_NUMBER) {
			width = "govuk-input--width-5";
			json_object_set_new(o, "inputmode", json_string("decimal"));
		} else if (kind == GX_FIELD_AMOUNT) {
			width = "govuk-input--width-10";
			json_object_set_new(o, "prefix", json_string("€"));
			json_object_set_new(o, "format_hint", json_string(tr(c->t, "proc", "amount_hint")));
			json_object_set_new(o, "inputmode", json_string("decimal"));
		} else if (kind == GX_FIELD_NATIONAL_ID) {
			width = "govuk-input--width-20";
			json_object_set_new(o, "inputmode", json_string("numeric"));
			json_object_set_new(o, "format_hint", json_string(tr(c->t, "proc", "national_id_hint")));
		} else if (kind == GX_FIELD_IBAN) {
			width = "govuk-input--width-30";
			json_object_set_new(o, "format_hint", json_string(tr(c->t, "proc", "iban_hint")));
		} else if (kind == GX_FIELD_PHONE) {
			width = "govuk-input--width-20";
			json_object_set_new(o, "format_hint", json_string(tr(c->t, "proc", "phone_hint")));
		}
		json_object_set_new(o, "width", json_string(width));
		if (json_object_get(o, "format_hint") != NULL)
			gx_buf_appendf(&described, "%s%s-format", described.len > 0 ? " " : "", eid);
		struct gx_buf b = GX_BUF_INIT;
		input_text(&b, field, value);
		json_object_set_new(o, "value", json_stringn(b.len > 0 ? gx_buf_cstr(&b) : "", b.len));
		gx_buf_free(&b);
	}
	/* Where a prefilled value came from: a register, or the person (provenance.c). */
	json_t *source = answered(value) ? gx_provenance_data(provenance, c->t, c->lang) : NULL;
	if (source != NULL) {
		gx_buf_appendf(&described, "%s%s-source", described.len > 0 ? " " : "", eid);
		json_object_set_new(o, "source", source);
	}
	if (json_object_get(o, "error") != NULL)
		gx_buf_appendf(&described, "%s%s-error", described.len > 0 ? " " : "", eid);
	if (described.len > 0)
		json_object_set_new(o, "describedby", json_string(gx_buf_cstr(&described)));
	gx_buf_free(&described);

	return o;
}

bool gx_form_step_visible(const struct gx_form_ctx *c, size_t step)
{
	const json_t *fields = json_object_get(json_array_get(json_object_get(c->definition, "steps"), step), "fields");
	struct gx_show_level top = top_level(c);
	size_t i;
	json_t *f;
	json_array_foreach(fields, i, f) if (on_page(&top, fields, f, 0)) return true;
	return false;
}

json_t *gx_form_step_fields(const struct gx_form_ctx *c, size_t step)
{
	json_t *out = json_array();
	const json_t *fields = json_object_get(json_array_get(json_object_get(c->definition, "steps"), step), "fields");
	struct gx_show_level top = top_level(c);
	size_t i;
	json_t *f;
	json_array_foreach(fields, i, f) {
		const char *id = json_string_value(json_object_get(f, "id"));
		if (id == NULL || !on_page(&top, fields, f, 0))
			continue;
		char p[NAME_MAX_LEN];
		snprintf(p, sizeof(p), "/%s", id);
		json_t *fd = field_data(c, &top, f, json_object_get(c->data, id), p,
					c->provenance != NULL ? json_object_get(c->provenance, id) : NULL, 0);
		if (fd != NULL)
			json_array_append_new(out, fd);
	}
	return out;
}

/* --- the answers as summary rows ----------------------------------------------------- */

json_t *gx_form_summary_rows(const struct gx_form_ctx *c, size_t step, const char *change_base)
{
	json_t *rows = json_array();
	const json_t *fields = json_object_get(json_array_get(json_object_get(c->definition, "steps"), step), "fields");
	struct gx_show_level top = top_level(c);
	size_t i;
	json_t *f;
	json_array_foreach(fields, i, f) {
		const char *id = json_string_value(json_object_get(f, "id"));
		if (id == NULL || !gx_field_shown(&top, f))
			continue;
		bool computed = json_object_get(f, "compute") != NULL;
		const json_t *v = computed ? (c->computed != NULL ? json_object_get(c->computed, id) : NULL)
					   : json_object_get(c->data, id);
		struct gx_buf b = GX_BUF_INIT;
		if (answered(v))
			value_text(&b, c, &top, f, v);
		char p[NAME_MAX_LEN], eid[NAME_MAX_LEN];
		snprintf(p, sizeof(p), "/%s", id);
		gx_form_element_id(p, eid, sizeof(eid));
		json_t *row = json_pack("{s:s, s:s, s:s, s:b}", "label", gx_form_text(json_object_get(f, "labels"), c->lang),
					"value", b.len > 0 ? gx_buf_cstr(&b) : tr(c->t, "proc", "not_answered"), "id", eid,
					"missing", b.len == 0);
		gx_buf_free(&b);
		json_object_set_new(row, "error", json_null());
		json_object_set_new(row, "href", json_null());
		struct gx_buf err = GX_BUF_INIT;
		errors_at(c, p, true, &err);
		if (err.len > 0)
			json_object_set_new(row, "error", json_string(gx_buf_cstr(&err)));
		gx_buf_free(&err);
		if (change_base != NULL && !computed) {
			char href[600];
			snprintf(href, sizeof(href), "%s#%s", change_base, eid);
			json_object_set_new(row, "href", json_string(href));
		}
		json_array_append_new(rows, row);
	}
	return rows;
}

/* [{title, rows}] for every step not hidden by its conditions; change links when base is not NULL. */
json_t *gx_form_answer_sections(const struct gx_form_ctx *c, size_t nsteps, const char *base)
{
	json_t *sections = json_array();
	for (size_t i = 0; i < nsteps; i++) {
		if (!gx_form_step_visible(c, i))
			continue;
		char change[600];
		snprintf(change, sizeof(change), "%s/steps/%zu", base != NULL ? base : "", i + 1);
		const json_t *s = json_array_get(json_object_get(c->definition, "steps"), i);
		json_t *rows = gx_form_summary_rows(c, i, base != NULL ? change : NULL);
		char sid[32];
		snprintf(sid, sizeof(sid), "step-%zu", i + 1);
		json_array_append_new(sections, json_pack("{s:s, s:s, s:o, s:b}", "title",
							  gx_form_text(json_object_get(s, "titles"), c->lang), "id", sid,
							  "rows", rows, "has_rows", json_array_size(rows) > 0));
	}
	return sections;
}
