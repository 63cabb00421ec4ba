#include "sources/registers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json/spec.h"
#include "sources/description.h"
#include "sources/register_stats.h"

/* Titles, names and key types have the limits of the registers' own descriptions
 * (sources/description.h); a title here may also have lb. */
static const struct gx_json_field titles_spec[] = {
	{.name = "fr", .kind = GX_JSON_STRING, .required = true, .min_len = 1, .max_len = GX_REGISTER_TITLE_MAX},
	{.name = "de", .kind = GX_JSON_STRING, .required = true, .min_len = 1, .max_len = GX_REGISTER_TITLE_MAX},
	{.name = "en", .kind = GX_JSON_STRING, .required = true, .min_len = 1, .max_len = GX_REGISTER_TITLE_MAX},
	{.name = "lb", .kind = GX_JSON_STRING, .min_len = 1, .max_len = GX_REGISTER_TITLE_MAX},
	{.name = NULL},
};

static const struct gx_json_field attribute_spec[] = {
	{.name = "name", .kind = GX_JSON_STRING, .required = true, .min_len = 1, .max_len = 100},
	{.name = "titles", .kind = GX_JSON_OBJECT, .required = true, .fields = titles_spec},
	{.name = NULL},
};

static const struct gx_json_field register_spec[] = {
	{.name = "name", .kind = GX_JSON_STRING, .required = true, .min_len = 1, .max_len = GX_REGISTER_NAME_MAX},
	{.name = "url", .kind = GX_JSON_STRING, .required = true, .min_len = 8, .max_len = 512},
	{.name = "key", .kind = GX_JSON_STRING, .required = true, .min_len = 16, .max_len = 256},
	{.name = "subject_key", .kind = GX_JSON_STRING, .required = true, .min_len = 1, .max_len = GX_REGISTER_NAME_MAX},
	{.name = "company_key", .kind = GX_JSON_STRING, .min_len = 1, .max_len = GX_REGISTER_NAME_MAX},
	{.name = "choice", .kind = GX_JSON_BOOLEAN},
	{.name = "titles", .kind = GX_JSON_OBJECT, .required = true, .fields = titles_spec},
	{.name = "my_data", .kind = GX_JSON_ARRAY, .required = true, .min_len = 1, .max_len = 64,
	 .items = &(const struct gx_json_field){.kind = GX_JSON_OBJECT, .fields = attribute_spec}},
	{.name = NULL},
};

static const struct gx_json_field file_spec[] = {
	{.name = "deadline_ms", .kind = GX_JSON_INTEGER, .min = 10, .max = 60000},
	{.name = "registers", .kind = GX_JSON_ARRAY, .required = true, .max_len = 64, .items = &(const struct gx_json_field){
		.kind = GX_JSON_OBJECT, .fields = register_spec}},
	{.name = NULL},
};

static char *dup(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return strdup(s != NULL ? s : "");
}

int gx_registers_parse(const char *text, size_t len, const char *name, struct gx_registers *out, char *err,
		       size_t errlen)
{
	memset(out, 0, sizeof(*out));
	out->deadline_ms = 2000;
	json_t *root = NULL;
	struct gx_json_error jerr;
	if (gx_json_parse(text, len, file_spec, 8, &root, &jerr) != 0) {
		snprintf(err, errlen, "%s: %s%s%s", name, jerr.pointer, jerr.pointer[0] ? ": " : "", jerr.detail);
		return -1;
	}
	json_t *deadline = json_object_get(root, "deadline_ms");
	if (deadline != NULL)
		out->deadline_ms = (unsigned)json_integer_value(deadline);
	json_t *list = json_object_get(root, "registers");
	out->items = calloc(json_array_size(list) + 1, sizeof(*out->items));
	if (out->items == NULL)
		goto oom;
	size_t i;
	json_t *r;
	json_array_foreach(list, i, r) {
		struct gx_register *g = &out->items[out->count++];
		g->name = dup(r, "name");
		g->url = dup(r, "url");
		g->key = dup(r, "key");
		g->subject_key = dup(r, "subject_key");
		if (json_object_get(r, "company_key") != NULL && (g->company_key = dup(r, "company_key")) == NULL)
			goto oom;
		g->choice = json_is_true(json_object_get(r, "choice"));
		g->titles = json_incref(json_object_get(r, "titles"));
		g->attribute_titles = json_object();
		g->stats = calloc(1, sizeof(*g->stats));
		if (g->stats != NULL)
			g->stats->up = -1;
		json_t *my = json_object_get(r, "my_data");
		g->my_data = calloc(json_array_size(my) + 1, sizeof(char *));
		if (g->name == NULL || g->url == NULL || g->key == NULL || g->subject_key == NULL || g->my_data == NULL ||
		    g->attribute_titles == NULL || g->stats == NULL)
			goto oom;
		if (strncmp(g->url, "http://", 7) != 0) {
			snprintf(err, errlen, "%s: /registers/%zu/url: only http:// registers are supported", name, i);
			goto fail;
		}
		if (gx_registers_find(out, g->name) != g) {
			snprintf(err, errlen, "%s: /registers/%zu/name: %s appears twice", name, i, g->name);
			goto fail;
		}
		size_t j;
		json_t *a;
		json_array_foreach(my, j, a) {
			if ((g->my_data[g->nmy_data] = dup(a, "name")) == NULL)
				goto oom;
			g->nmy_data++;
			json_object_set(g->attribute_titles, json_string_value(json_object_get(a, "name")),
					json_object_get(a, "titles"));
		}
	}
	json_decref(root);
	return 0;
oom:
	snprintf(err, errlen, "%s: out of memory", name);
fail:
	json_decref(root);
	gx_registers_free(out);
	return -1;
}

int gx_registers_load(const char *path, struct gx_registers *out, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		snprintf(err, errlen, "%s: cannot open", path);
		return -1;
	}
	char *text = malloc(256 * 1024);
	size_t len = text != NULL ? fread(text, 1, 256 * 1024, f) : 0;
	int more = fgetc(f) != EOF;
	fclose(f);
	if (text == NULL || more) {
		free(text);
		snprintf(err, errlen, "%s: larger than 256 KiB", path);
		return -1;
	}
	int rc = gx_registers_parse(text, len, path, out, err, errlen);
	free(text);
	return rc;
}

void gx_registers_free(struct gx_registers *r)
{
	for (size_t i = 0; i < r->count; i++) {
		struct gx_register *g = &r->items[i];
		free(g->name);
		free(g->url);
		free(g->key);
		free(g->subject_key);
		free(g->company_key);
		for (size_t j = 0; j < g->nmy_data; j++)
			free(g->my_data[j]);
		free(g->my_data);
		json_decref(g->titles);
		json_decref(g->attribute_titles);
		free(g->stats);
	}
	free(r->items);
	memset(r, 0, sizeof(*r));
}

const struct gx_register *gx_registers_find(const struct gx_registers *r, const char *name)
{
	for (size_t i = 0; i < r->count; i++)
		if (strcmp(r->items[i].name, name) == 0)
			return &r->items[i];
	return NULL;
}
