/* The catalogue's items (catalogue_items.h). */

#include "portal/catalogue_items.h"

#include <pthread.h>
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

json_t *gx_catalogue_topics(const json_t *list, enum gx_lang lang, const char *base)
{
	json_t *out = json_array();
	size_t i;
	json_t *t;
	json_array_foreach(list, i, t) json_array_append_new(out, gx_catalogue_topic(t, lang, base));
	return out;
}

/* The sorted lists, one per language, of the catalogue they were built
 * from; built under the lock, and not changed once built. */
static pthread_mutex_t sorted_lock = PTHREAD_MUTEX_INITIALIZER;
static const struct gx_procedure_catalog *sorted_of;
static struct gx_catalogue_entry *sorted[GX_LANG__COUNT];
static size_t nsorted[GX_LANG__COUNT];

struct keyed {
	char key[256];
	struct gx_catalogue_entry e;
};

static int by_key(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	return c != 0 ? c : strcmp(x->e.id, y->e.id);
}

static struct gx_catalogue_entry *build_sorted(const struct gx_procedure_catalog *cat, enum gx_lang lang, size_t *n)
{
	*n = gx_procedure_catalog_count(cat);
	struct keyed *k = calloc(*n > 0 ? *n : 1, sizeof(*k));
	struct gx_catalogue_entry *out = calloc(*n > 0 ? *n : 1, sizeof(*out));
	if (k == NULL || out == NULL) {
		free(k);
		free(out);
		*n = 0;
		return NULL;
	}
	for (size_t i = 0; i < *n; i++) {
		const struct gx_procedure *p = gx_procedure_catalog_at(cat, i);
		struct gx_catalogue_entry *e = &k[i].e;
		const char *title = gx_form_text(json_object_get(gx_procedure_json(p), "titles"), lang);
		*e = (struct gx_catalogue_entry){.procedure = p, .id = gx_procedure_id(p),
						 .title = title != NULL ? title : gx_procedure_id(p),
						 .organisation = gx_proc_organisation_title(gx_procedure_organisation(p), lang)};
		snprintf(e->href, sizeof(e->href), "/procedures/%s", e->id);
		gx_fold(e->title, k[i].key, sizeof(k[i].key));
	}
	qsort(k, *n, sizeof(*k), by_key);
	for (size_t i = 0; i < *n; i++)
		out[i] = k[i].e;
	free(k);
	return out;
}

const struct gx_catalogue_entry *gx_catalogue_sorted(const struct gx_procedure_catalog *cat, enum gx_lang lang,
						     size_t *n)
{
	pthread_mutex_lock(&sorted_lock);
	if (sorted_of != cat) {
		for (int l = 0; l < GX_LANG__COUNT; l++) {
			free(sorted[l]);
			sorted[l] = NULL;
		}
		sorted_of = cat;
	}
	if (sorted[lang] == NULL && cat != NULL)
		sorted[lang] = build_sorted(cat, lang, &nsorted[lang]);
	const struct gx_catalogue_entry *v = sorted[lang];
	*n = v != NULL ? nsorted[lang] : 0;
	pthread_mutex_unlock(&sorted_lock);
	return v;
}
