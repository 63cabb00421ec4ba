/* GET /procedures: the catalogue, public. Ways in: a search box, life
 * events ("I am moving"), themes, and every procedure A–Z, each linking to
 * its public page (about.c). A logged-in person sees in that list what fits
 * their active space (a private space's procedures, or a company's; acting
 * for someone under a scope, only those), each with a Start button that
 * opens it in that space. With ?q=WORDS, the search's results instead
 * (search.c). */

#include "portal/pages/procedures.h"

#include <stdio.h>
#include <string.h>

#include "core/access.h"
#include "core/search.h"
#include "http/query.h"
#include "http/request.h"
#include "i18n/i18n.h"
#include "portal/app.h"
#include "portal/catalogue_items.h"
#include "portal/pages/search.h"
#include "procedures/catalog.h"
#include "procedures/definition.h"
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
	/* The active space, as the one decision sees it now. */
	bool logged_in = r->actor.kind == GX_ACTOR_PERSON;
	struct gx_access active;
	bool person = gx_app_active_access(r, &active);
	json_t *all = json_array();
	for (size_t i = 0; i < gx_procedure_catalog_count(cat); i++) {
		const struct gx_procedure *p = gx_procedure_catalog_at(cat, i);
		if (person && !gx_access_may_start(&active, p))
			continue;
		json_t *item = gx_catalogue_item(p, lang);
		if (person && item != NULL) {
			char action[128];
			snprintf(action, sizeof(action), "/spaces/%lld/procedures/%s/start", r->actor.session.space_id,
				 gx_procedure_id(p));
			json_object_set_new(item, "action", json_string(action));
		}
		json_array_append_new(all, item);
	}
	gx_catalogue_sort_by_title(all);
	/* Logged in, but the active space's relation has ended (a mandate revoked): choose another. */
	json_t *data = json_pack("{s:o, s:o, s:o, s:b, s:s, s:b, s:s, s:s?, s:b}", "procedures", all, "life_events",
				 topics(gx_procedure_catalog_life_events(cat), lang, "/life-events"), "themes",
				 topics(gx_procedure_catalog_themes(cat), lang, "/themes"), "person", person, "q", "",
				 "no_space", logged_in && !person, "csrf", person ? r->actor.session.csrf_token : "",
				 "space_name", person ? active.space.name : NULL, "company",
				 person && strcmp(active.space.kind, "professional") == 0);
	return gx_page_reply_owned(r, 200, "procedures", "proc.catalogue_title", data);
}
