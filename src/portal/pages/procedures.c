/* GET /procedures: the catalogue, public. Ways in: a search box, life
 * events ("I am moving"), themes, and every procedure A–Z, each linking to
 * its public page (about.c), where a logged-in person starts it. With
 * ?q=WORDS, the search's results instead (search.c). */

#include "portal/pages/procedures.h"

#include <stdio.h>
#include <string.h>

#include "core/search.h"
#include "http/query.h"
#include "http/request.h"
#include "i18n/i18n.h"
#include "portal/app.h"
#include "portal/catalogue_items.h"
#include "portal/pages/search.h"
#include "procedures/catalog.h"
#include "site/page.h"

/* Every theme or life event of list as an entry point. */
static json_t *topics(const json_t *list, enum gx_lang lang, const char *base)
{
	json_t *out = json_array();
	size_t i;
	json_t *t;
	json_array_foreach(list, i, t) json_array_append_new(out, gx_catalogue_topic(t, lang, base));
	return out;
}

enum gx_outcome gx_page_catalogue(struct gx_req *r)
{
	enum gx_lang lang = gx_req_lang(r);
	size_t qlen;
	const char *q = gx_query_of(r->h2o->path.base, r->h2o->path.len, &qlen);
	char words[GX_SEARCH_QUERY_MAX + 1];
	long got = gx_query_get(q, qlen, "q", words, sizeof(words));
	if (got == -2)
		return gx_reply_problem(r, GX_ERR_INVALID_FIELD, "q",
					"the words to search for: at most 200 bytes of text, well encoded");
	if (got > 0)
		return gx_page_search(r, words);
	const struct gx_procedure_catalog *cat = gx_domain.procedures;
	json_t *all = json_array();
	for (size_t i = 0; i < gx_procedure_catalog_count(cat); i++)
		json_array_append_new(all, gx_catalogue_item(gx_procedure_catalog_at(cat, i), lang));
	gx_catalogue_sort_by_title(all);
	json_t *data = json_pack("{s:o, s:o, s:o, s:b, s:s}", "procedures", all, "life_events",
				 topics(gx_procedure_catalog_life_events(cat), lang, "/life-events"), "themes",
				 topics(gx_procedure_catalog_themes(cat), lang, "/themes"), "person",
				 r->actor.kind == GX_ACTOR_PERSON, "q", "");
	return gx_page_reply_owned(r, 200, "procedures", "proc.catalogue_title", data);
}
