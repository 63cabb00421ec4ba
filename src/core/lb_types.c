/* The letter box's document types (lb_types.h), from a JSON file checked
 * against a declarative spec, then against the organisations. */

#include "core/lb_types.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json/spec.h"
#include "procedures/catalog.h"

#define FILE_MAX (1u << 20)

static const struct gx_json_field titles_fields[] = {
	{.name = "fr", .kind = GX_JSON_STRING, .required = true, .min_len = 1, .max_len = 120},
	{.name = "de", .kind = GX_JSON_STRING, .required = true, .min_len = 1, .max_len = 120},
	{.name = "en", .kind = GX_JSON_STRING, .required = true, .min_len = 1, .max_len = 120},
	{.name = NULL},
};

static const struct gx_json_field decision_fields[] = {
	{.name = "titles", .kind = GX_JSON_OBJECT, .required = true, .fields = titles_fields},
	{.name = "retention_days", .kind = GX_JSON_INTEGER, .required = true, .min = 1, .max = 36500},
	{.name = "reminder_days", .kind = GX_JSON_INTEGER, .min = 0, .max = 365},
	{.name = NULL},
};

static const struct gx_json_field type_fields[] = {
	{.name = "organisation", .kind = GX_JSON_STRING, .required = true, .min_len = 1, .max_len = 64},
	{.name = "id", .kind = GX_JSON_STRING, .required = true, .min_len = 1, .max_len = 64},
	{.name = "titles", .kind = GX_JSON_OBJECT, .required = true, .fields = titles_fields},
	{.name = "retention_days", .kind = GX_JSON_INTEGER, .required = true, .min = 1, .max = 36500},
	{.name = "reminder_days", .kind = GX_JSON_INTEGER, .min = 0, .max = 365},
	{.name = NULL},
};

static const struct gx_json_field file_fields[] = {
	{.name = "about", .kind = GX_JSON_STRING, .max_len = 2000},
	{.name = "decision", .kind = GX_JSON_OBJECT, .fields = decision_fields},
	{.name = "types", .kind = GX_JSON_ARRAY, .max_len = 10000, .items = &(const struct gx_json_field){
		.kind = GX_JSON_OBJECT, .fields = type_fields}},
	{.name = NULL},
};

/* An id: lower-case letters, digits and hyphens (it appears in URLs and forms). */
static bool id_ok(const char *s)
{
	if (s == NULL || s[0] == '\0' || s[0] == '-')
		return false;
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
			return false;
	return true;
}

static void fill(struct gx_lb_type *t, const json_t *o)
{
	const json_t *titles = json_object_get(o, "titles");
	t->titles[0] = json_string_value(json_object_get(titles, "fr"));
	t->titles[1] = json_string_value(json_object_get(titles, "de"));
	t->titles[2] = json_string_value(json_object_get(titles, "en"));
	t->retention_days = (unsigned)json_integer_value(json_object_get(o, "retention_days"));
	t->reminder_days = (unsigned)json_integer_value(json_object_get(o, "reminder_days"));
}

static char *read_file(const char *path, size_t *len, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		snprintf(err, errlen, "%s: cannot be read", path);
		return NULL;
	}
	char *buf = malloc(FILE_MAX + 1);
	*len = buf != NULL ? fread(buf, 1, FILE_MAX + 1, f) : 0;
	fclose(f);
	if (buf == NULL || *len > FILE_MAX) {
		snprintf(err, errlen, "%s: larger than 1 MiB", path);
		free(buf);
		return NULL;
	}
	return buf;
}

int gx_lb_types_load(struct gx_lb_types *t, const char *path, const struct gx_procedure_catalog *cat, char *err,
		     size_t errlen)
{
	memset(t, 0, sizeof(*t));
	t->cat = cat;
	t->decision = (struct gx_lb_type){.id = GX_LB_DECISION, .titles = {"Décisions", "Entscheidungen", "Decisions"},
					  .retention_days = 3650, .reminder_days = 7, .decision = true};
	if (path == NULL)
		return 0;
	size_t len;
	char *text = read_file(path, &len, err, errlen);
	if (text == NULL)
		return -1;
	struct gx_json_error jerr;
	int rc = gx_json_parse(text, len, file_fields, 8, &t->root, &jerr);
	free(text);
	if (rc != 0) {
		snprintf(err, errlen, "%s: %s: %s", path, jerr.pointer[0] ? jerr.pointer : "/", jerr.detail);
		return -1;
	}
	const json_t *decision = json_object_get(t->root, "decision");
	if (decision != NULL)
		fill(&t->decision, decision);
	const json_t *types = json_object_get(t->root, "types");
	t->items = calloc(json_array_size(types) + 1, sizeof(*t->items));
	if (t->items == NULL) {
		snprintf(err, errlen, "%s: out of memory", path);
		gx_lb_types_free(t);
		return -1;
	}
	size_t i;
	const json_t *o;
	json_array_foreach(types, i, o) {
		struct gx_lb_type *ty = &t->items[t->n];
		ty->org = json_string_value(json_object_get(o, "organisation"));
		ty->id = json_string_value(json_object_get(o, "id"));
		fill(ty, o);
		const char *why = cat != NULL && gx_procedure_catalog_organisation(cat, ty->org) == NULL
					  ? "organisation: not in organisations.json"
				  : !id_ok(ty->id)                       ? "id: lower-case letters, digits and hyphens"
				  : strcmp(ty->id, GX_LB_DECISION) == 0  ? "id: \"decision\" is every organisation's already"
				  : gx_lb_type_find(t, ty->org, ty->id) != NULL ? "id: declared twice for this organisation"
										: NULL;
		if (why != NULL) {
			snprintf(err, errlen, "%s: /types/%zu/%s", path, i, why);
			gx_lb_types_free(t);
			return -1;
		}
		t->n++;
	}
	return 0;
}

void gx_lb_types_free(struct gx_lb_types *t)
{
	json_decref(t->root);
	free(t->items);
	memset(t, 0, sizeof(*t));
}

const struct gx_lb_type *gx_lb_type_find(const struct gx_lb_types *t, const char *org, const char *id)
{
	if (org == NULL || id == NULL)
		return NULL;
	if (strcmp(id, GX_LB_DECISION) == 0)
		return t->cat == NULL || gx_procedure_catalog_organisation(t->cat, org) != NULL ? &t->decision : NULL;
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->items[i].org, org) == 0 && strcmp(t->items[i].id, id) == 0)
			return &t->items[i];
	return NULL;
}

const char *gx_lb_type_title(const struct gx_lb_type *type, const char *lang)
{
	if (lang != NULL && strcmp(lang, "en") == 0)
		return type->titles[2];
	if (lang != NULL && (strcmp(lang, "de") == 0 || strcmp(lang, "lb") == 0))
		return type->titles[1];
	return type->titles[0];
}
