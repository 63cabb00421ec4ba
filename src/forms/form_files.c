/* File fields as the pages show them: the uploaded files of a value (looked
 * up by id in the draft's or submission's attachments), the upload input
 * and what it accepts, and the messages of a refused file. */

#include "forms/form_files.h"

#include <stdio.h>
#include <string.h>

static const char *tr(const json_t *t, const char *key)
{
	const char *s = json_string_value(json_object_get(json_object_get(t, "proc"), key));
	return s != NULL ? s : key;
}

/* "2.5 MB", "120 KB", "12 bytes" with the language's decimal mark and units. */
static void size_text(const json_t *t, long long bytes, char *out, size_t outlen)
{
	char n[32];
	const char *unit;
	if (bytes < 1024) {
		snprintf(n, sizeof(n), "%lld", bytes);
		unit = "size_bytes";
	} else if (bytes < 1024 * 1024) {
		snprintf(n, sizeof(n), "%lld", (bytes + 512) / 1024);
		unit = "size_kb";
	} else {
		long long tenths = (bytes * 10 + 512 * 1024) / (1024 * 1024);
		if (tenths % 10 == 0)
			snprintf(n, sizeof(n), "%lld", tenths / 10);
		else
			snprintf(n, sizeof(n), "%lld%s%lld", tenths / 10, tr(t, "decimal_mark"), tenths % 10);
		unit = "size_mb";
	}
	struct gx_buf b = GX_BUF_INIT;
	gx_buf_append_filled(&b, tr(t, unit), (const char *const[]){"n", n, NULL});
	snprintf(out, outlen, "%s", b.len > 0 ? gx_buf_cstr(&b) : n);
	gx_buf_free(&b);
}

static const char *type_label(const char *type)
{
	static const char *const labels[][2] = {
		{"application/pdf", "PDF"}, {"image/jpeg", "JPEG"}, {"image/png", "PNG"}, {"image/tiff", "TIFF"}};
	for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (type != NULL && strcmp(type, labels[i][0]) == 0)
			return labels[i][1];
	return type != NULL ? type : "";
}

/* "PDF, JPEG or PNG" (or_word: the language's "or"), or with commas only. */
static void types_text(const json_t *t, const json_t *file, bool or_word, struct gx_buf *out)
{
	const json_t *types = json_object_get(file, "types");
	size_t n = json_array_size(types);
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && i + 1 == n && or_word)
			gx_buf_appendf(out, " %s ", tr(t, "or"));
		else if (i > 0)
			gx_buf_append_str(out, ", ");
		gx_buf_append_str(out, type_label(json_string_value(json_array_get(types, i))));
	}
}

/* The attachment with this id in c->files, or NULL. */
static const json_t *find_file(const struct gx_form_ctx *c, const char *id)
{
	size_t i;
	json_t *a;
	json_array_foreach(c->files, i, a) {
		const char *aid = json_string_value(json_object_get(a, "id"));
		if (id != NULL && aid != NULL && strcmp(aid, id) == 0)
			return a;
	}
	return NULL;
}

static const char *shown_name(const json_t *a, const char *id)
{
	const char *name = json_string_value(json_object_get(a, "name"));
	return name != NULL && *name != '\0' ? name : id;
}

void gx_form_file_names(const struct gx_form_ctx *c, const json_t *value, struct gx_buf *out)
{
	size_t i;
	json_t *x;
	json_array_foreach(value, i, x) {
		const char *id = json_string_value(x);
		if (id == NULL)
			continue;
		if (out->len > 0)
			gx_buf_append_str(out, ", ");
		gx_buf_append_str(out, shown_name(find_file(c, id), id));
	}
}

void gx_form_file_data(const struct gx_form_ctx *c, const json_t *field, const json_t *value, const char *eid,
		       json_t *o, struct gx_buf *described)
{
	const json_t *file = json_object_get(field, "file");
	json_t *list = json_array();
	size_t i;
	json_t *x;
	json_array_foreach(value, i, x) {
		const char *id = json_string_value(x);
		const json_t *a = find_file(c, id);
		if (a == NULL)
			continue; /* not one of this draft's: the check says so */
		char size[48], href[128], remove[160];
		size_text(c->t, (long long)json_integer_value(json_object_get(a, "size")), size, sizeof(size));
		snprintf(href, sizeof(href), "/api/v1/spaces/%lld/attachments/%s", c->space_id, id);
		snprintf(remove, sizeof(remove), "%s/attachments/%s/remove", c->draft_base != NULL ? c->draft_base : "", id);
		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:s, s:s}", "name", shown_name(a, id), "size", size,
						      "type", type_label(json_string_value(json_object_get(a, "content_type"))),
						      "href", href, "remove", remove));
	}
	long long max_files = json_integer_value(json_object_get(file, "max_files"));
	bool can_upload = max_files <= 0 || (long long)json_array_size(list) < max_files;
	json_object_set_new(o, "has_files", json_boolean(json_array_size(list) > 0));
	json_object_set_new(o, "files", list);
	json_object_set_new(o, "can_upload", json_boolean(can_upload));
	char form[320];
	snprintf(form, sizeof(form), "upload-%s", eid);
	json_object_set_new(o, "upload_form", json_string(form));
	struct gx_buf b = GX_BUF_INIT;
	json_array_foreach(json_object_get(file, "types"), i, x) {
		if (b.len > 0)
			gx_buf_append_char(&b, ',');
		gx_buf_append_str(&b, json_string_value(x));
	}
	json_object_set_new(o, "accept", json_string(b.len > 0 ? gx_buf_cstr(&b) : ""));
	gx_buf_reset(&b);
	struct gx_buf types = GX_BUF_INIT;
	types_text(c->t, file, false, &types);
	char size[48], count[24];
	size_text(c->t, json_integer_value(json_object_get(file, "max_bytes")), size, sizeof(size));
	snprintf(count, sizeof(count), "%lld", max_files);
	gx_buf_append_filled(&b, tr(c->t, max_files == 1 ? "file_limits_one" : "file_limits_many"),
	     (const char *const[]){"types", gx_buf_cstr(&types), "size", size, "count", count, NULL});
	json_object_set_new(o, "limits", json_string(gx_buf_cstr(&b)));
	gx_buf_free(&b);
	gx_buf_free(&types);
	gx_buf_appendf(described, "%s%s-limits", described->len > 0 ? " " : "", eid);
}

static void collect(const json_t *fields, json_t *forms, bool *add)
{
	size_t i, j;
	json_t *f, *item;
	json_array_foreach(fields, i, f) {
		if (json_is_true(json_object_get(f, "k_file")) && json_is_true(json_object_get(f, "can_upload")) && forms != NULL)
			json_array_append_new(forms, json_pack("{s:O}", "id", json_object_get(f, "upload_form")));
		if (json_is_true(json_object_get(f, "can_add")))
			*add = true;
		json_array_foreach(json_object_get(f, "items"), j, item) collect(json_object_get(item, "fields"), forms, add);
	}
}

json_t *gx_form_upload_forms(const json_t *fields)
{
	json_t *forms = json_array();
	bool add = false;
	collect(fields, forms, &add);
	return forms;
}

bool gx_form_has_add_button(const json_t *fields)
{
	bool add = false;
	collect(fields, NULL, &add);
	return add;
}

void gx_form_upload_message(const json_t *t, const json_t *field, enum gx_upload_fault fault, bool no_name,
			    struct gx_buf *out)
{
	const json_t *file = json_object_get(field, "file");
	char size[48], count[24];
	size_text(t, json_integer_value(json_object_get(file, "max_bytes")), size, sizeof(size));
	snprintf(count, sizeof(count), "%lld", (long long)json_integer_value(json_object_get(file, "max_files")));
	struct gx_buf types = GX_BUF_INIT;
	types_text(t, file, true, &types);
	const char *key = fault == GX_UPLOAD_TOO_LARGE    ? "file_error_too_large"
			  : fault == GX_UPLOAD_WRONG_TYPE ? "file_error_wrong_type"
			  : fault == GX_UPLOAD_TOO_MANY   ? "file_error_too_many"
			  : no_name                       ? "file_error_none"
							  : "file_error_empty";
	gx_buf_append_filled(out, tr(t, key), (const char *const[]){"types", gx_buf_cstr(&types), "size", size, "count", count, NULL});
	gx_buf_free(&types);
}
