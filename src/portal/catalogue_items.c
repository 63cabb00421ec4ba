/* The catalogue's items (catalogue_items.h). */

#include "portal/catalogue_items.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forms/form.h"
#include "forms/labels.h"
#include "util/fold.h"

#define SUMMARY_MAX 300

/* The first sentence of text (up to ". "), at most SUMMARY_MAX bytes, cut at a word. */
static json_t *first_sentence(const char *text)
{
	if (text == NULL)
		return json_string("");
	size_t n = strlen(text);
	/* The first sentence; after a question ("Moving home?"), the answer too. */
	const char *from = text;
	for (int sentences = 0; sentences < 2; sentences++) {
		const char *dot = strstr(from, ". ");
		const char *q = strstr(from, "? ");
		const char *end = q != NULL && (dot == NULL || q < dot) ? q : dot;
		if (end == NULL)
			break;
		n = (size_t)(end - text) + 1;
		if (end != q)
			break;
		from = end + 2;
		n = strlen(text);
	}
	if (n > SUMMARY_MAX) {
		n = SUMMARY_MAX;
		while (n > 0 && text[n] != ' ')
			n--;
		char cut[SUMMARY_MAX + 8];
		memcpy(cut, text, n);
		memcpy(cut + n, "…", sizeof("…"));
		return json_string(cut);
	}
	return json_stringn(text, n);
}

json_t *gx_catalogue_item(const struct gx_procedure *p, enum gx_lang lang)
{
	const json_t *def = gx_procedure_json(p);
	char href[96];
	snprintf(href, sizeof(href), "/procedures/%s", gx_procedure_id(p));
	return json_pack("{s:s, s:s, s:o, s:s, s:s, s:b}", "id", gx_procedure_id(p), "title",
			 gx_form_text(json_object_get(def, "titles"), lang), "summary",
			 first_sentence(gx_form_text(json_object_get(def, "help"), lang)), "organisation",
			 gx_proc_organisation_title(gx_procedure_organisation(p), lang), "href", href, "without_login",
			 json_is_true(json_object_get(def, "without_login")));
}

static int by_title(const void *a, const void *b)
{
	const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	char fx[256], fy[256];
	gx_fold(json_string_value(json_object_get(x, "title")), fx, sizeof(fx));
	gx_fold(json_string_value(json_object_get(y, "title")), fy, sizeof(fy));
	int c = strcmp(fx, fy);
	return c != 0 ? c : strcmp(json_string_value(json_object_get(x, "id")), json_string_value(json_object_get(y, "id")));
}

void gx_catalogue_sort_by_title(json_t *items)
{
	size_t n = json_array_size(items);
	if (n < 2)
		return;
	json_t **v = malloc(n * sizeof(*v));
	if (v == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		v[i] = json_incref(json_array_get(items, i));
	qsort(v, n, sizeof(*v), by_title);
	json_array_clear(items);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, v[i]);
	free(v);
}

json_t *gx_catalogue_topic(const json_t *topic, enum gx_lang lang, const char *base)
{
	const char *id = json_string_value(json_object_get(topic, "id"));
	char href[128];
	snprintf(href, sizeof(href), "%s/%s", base, id);
	return json_pack("{s:s, s:s, s:s?, s:s}", "id", id, "title", gx_lang_text(json_object_get(topic, "titles"), lang),
			 "help", gx_lang_text(json_object_get(topic, "help"), lang), "href", href);
}
