/* The catalogue over the API (procedures.h). */

#include "portal/api/procedures.h"

#include <stdlib.h>
#include <string.h>

#include "core/search.h"
#include "http/query.h"
#include "http/request.h"
#include "i18n/i18n.h"
#include "portal/api/reply.h"
#include "portal/app.h"
#include "portal/catalogue_items.h"
#include "procedures/catalog.h"

/* An item with what a program also wants: the organisation's id, the themes, the life events. */
static json_t *item(const struct gx_procedure *p, enum gx_lang lang)
{
	json_t *o = gx_catalogue_item(p, lang);
	json_t *themes = json_array();
	for (const char *const *t = gx_procedure_themes(p); *t != NULL; t++)
		json_array_append_new(themes, json_string(*t));
	const json_t *events = json_object_get(gx_procedure_json(p), "life_events");
	json_object_set_new(o, "organisation_id", json_string(gx_procedure_organisation(p)));
	json_object_set_new(o, "themes", themes);
	json_object_set_new(o, "life_events", events != NULL ? json_deep_copy(events) : json_object());
	return o;
}

struct ranked {
	int rank;
	const struct gx_procedure *p;
};

static int by_rank(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	return x->rank != y->rank ? (x->rank < y->rank ? -1 : 1) : strcmp(gx_procedure_id(x->p), gx_procedure_id(y->p));
}

enum gx_outcome gx_api_procedures(struct gx_req *r)
{
	enum gx_lang lang = gx_req_lang(r);
	const struct gx_procedure_catalog *cat = gx_domain.procedures;
	size_t qlen, n = gx_procedure_catalog_count(cat);
	const char *q = gx_query_of(r->h2o->path.base, r->h2o->path.len, &qlen);
	char words[GX_SEARCH_QUERY_MAX + 1], theme[72], event[72];
	long has_q = gx_query_get(q, qlen, "q", words, sizeof(words));
	long has_theme = gx_query_get(q, qlen, "theme", theme, sizeof(theme));
	long has_event = gx_query_get(q, qlen, "life_event", event, sizeof(event));
	if (has_q == -2)
		return gx_reply_problem(r, GX_ERR_INVALID_FIELD, "q", "the words to search for: at most 200 bytes of text");
	if (has_theme == -2 || (has_theme >= 0 && gx_procedure_catalog_theme(cat, theme) == NULL))
		return gx_reply_problem(r, GX_ERR_INVALID_FIELD, "theme", "not a theme of GET /api/v1/themes");
	if (has_event == -2 || (has_event >= 0 && gx_procedure_catalog_life_event(cat, event) == NULL))
		return gx_reply_problem(r, GX_ERR_INVALID_FIELD, "life_event", "not a life event of GET /api/v1/themes");
	if ((has_q >= 0) + (has_theme >= 0) + (has_event >= 0) > 1)
		return gx_reply_problem(r, GX_ERR_INVALID_FIELD, "q",
					"one of q, theme and life_event at a time");
	json_t *items = json_array();
	long total = 0;
	if (has_q >= 0) {
		struct gx_search_result *found = gx_req_alloc(r, sizeof(*found));
		if (gx_search_procedures(gx_req_store(r), gx_domain.search_vocab, words, gx_lang_code(lang), found) < 0) {
			json_decref(items);
			return gx_reply_problem(r, GX_ERR_UNAVAILABLE, NULL, "the search could not be run; try again");
		}
		total = found->total;
		for (size_t i = 0; i < found->n; i++) {
			const struct gx_procedure *p = gx_procedure_catalog_find(cat, found->hits[i].procedure_id);
			if (p != NULL)
				json_array_append_new(items, item(p, lang));
		}
	} else if (has_event >= 0) {
		struct ranked *list = gx_req_alloc(r, (n + 1) * sizeof(*list));
		size_t k = 0;
		for (size_t i = 0; i < n; i++) {
			const struct gx_procedure *p = gx_procedure_catalog_at(cat, i);
			int rank = gx_procedure_life_event_rank(p, event);
			if (rank > 0)
				list[k++] = (struct ranked){rank, p};
		}
		qsort(list, k, sizeof(*list), by_rank);
		for (size_t i = 0; i < k; i++)
			json_array_append_new(items, item(list[i].p, lang));
		total = (long)k;
	} else {
		for (size_t i = 0; i < n; i++) {
			const struct gx_procedure *p = gx_procedure_catalog_at(cat, i);
			bool in = has_theme < 0;
			for (const char *const *t = gx_procedure_themes(p); !in && *t != NULL; t++)
				in = strcmp(*t, theme) == 0;
			if (in)
				json_array_append_new(items, item(p, lang));
		}
		gx_catalogue_sort_by_title(items);
		total = (long)json_array_size(items);
	}
	gx_api_reply_taken(r, 200, json_pack("{s:s, s:I, s:o}", "lang", gx_lang_code(lang), "total", (json_int_t)total,
					     "procedures", items));
	return GX_DONE;
}

enum gx_outcome gx_api_themes(struct gx_req *r)
{
	enum gx_lang lang = gx_req_lang(r);
	const struct gx_procedure_catalog *cat = gx_domain.procedures;
	gx_api_reply_taken(r, 200, json_pack("{s:s, s:o, s:o}", "lang", gx_lang_code(lang), "themes",
					     gx_catalogue_topics(gx_procedure_catalog_themes(cat), lang, "/themes"),
					     "life_events",
					     gx_catalogue_topics(gx_procedure_catalog_life_events(cat), lang, "/life-events")));
	return GX_DONE;
}
