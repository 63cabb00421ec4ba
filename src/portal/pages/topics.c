/* A theme's page and a life event's page (topics.h). */

#include "portal/pages/topics.h"

#include <stdlib.h>
#include <string.h>

#include "http/request.h"
#include "portal/app.h"
#include "portal/catalogue_items.h"
#include "procedures/catalog.h"
#include "site/page.h"

/* A page listing items under topic; caption_key names what the topic is. */
static enum gx_outcome reply(struct gx_req *r, const json_t *topic, json_t *items, bool ordered, const char *base)
{
	enum gx_lang lang = gx_req_lang(r);
	json_t *t = gx_catalogue_topic(topic, lang, base);
	json_t *data = json_pack("{s:o, s:o, s:b, s:b, s:b, s:s}", "topic", t, "procedures", items, "ordered", ordered,
				 "has_procedures", json_array_size(items) > 0, "is_theme", !ordered, "title",
				 json_string_value(json_object_get(t, "title")));
	return gx_page_reply_owned(r, 200, "topic", "proc.catalogue_title", data);
}

enum gx_outcome gx_page_theme(struct gx_req *r)
{
	const json_t *theme = gx_procedure_catalog_theme(gx_domain.procedures, gx_req_param(r, "theme"));
	if (theme == NULL)
		return gx_reply_problem(r, GX_ERR_NOT_FOUND, NULL, "no such theme");
	const char *id = json_string_value(json_object_get(theme, "id"));
	enum gx_lang lang = gx_req_lang(r);
	json_t *items = json_array();
	for (size_t i = 0; i < gx_procedure_catalog_count(gx_domain.procedures); i++) {
		const struct gx_procedure *p = gx_procedure_catalog_at(gx_domain.procedures, i);
		for (const char *const *t = gx_procedure_themes(p); *t != NULL; t++)
			if (strcmp(*t, id) == 0)
				json_array_append_new(items, gx_catalogue_item(p, lang));
	}
	gx_catalogue_sort_by_title(items);
	return reply(r, theme, items, false, "/themes");
}

struct ranked {
	int rank;
	json_t *item;
};

static int by_rank(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return strcmp(json_string_value(json_object_get(x->item, "id")), json_string_value(json_object_get(y->item, "id")));
}

enum gx_outcome gx_page_life_event(struct gx_req *r)
{
	const json_t *event = gx_procedure_catalog_life_event(gx_domain.procedures, gx_req_param(r, "event"));
	if (event == NULL)
		return gx_reply_problem(r, GX_ERR_NOT_FOUND, NULL, "no such life event");
	const char *id = json_string_value(json_object_get(event, "id"));
	enum gx_lang lang = gx_req_lang(r);
	size_t n = gx_procedure_catalog_count(gx_domain.procedures), k = 0;
	struct ranked *list = calloc(n > 0 ? n : 1, sizeof(*list));
	if (list == NULL)
		return GX_SERVER_FAULT;
	for (size_t i = 0; i < n; i++) {
		const struct gx_procedure *p = gx_procedure_catalog_at(gx_domain.procedures, i);
		int rank = gx_procedure_life_event_rank(p, id);
		if (rank > 0)
			list[k++] = (struct ranked){rank, gx_catalogue_item(p, lang)};
	}
	/* What to do first comes first: each definition gives its place in the life event. */
	qsort(list, k, sizeof(*list), by_rank);
	json_t *items = json_array();
	for (size_t i = 0; i < k; i++)
		json_array_append_new(items, list[i].item);
	free(list);
	return reply(r, event, items, true, "/life-events");
}
