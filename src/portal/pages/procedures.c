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

/* A procedure of the A–Z list, as the template reads it. */
struct item {
	const char *id, *title, *organisation, *href;
	char action[128];
};

static const struct gx_tmpl_field item_fields[] = {
	GX_TMPL_FIELD(struct item, id, GX_TMPL_STR),
	GX_TMPL_FIELD(struct item, title, GX_TMPL_STR),
	GX_TMPL_FIELD(struct item, organisation, GX_TMPL_STR),
	GX_TMPL_FIELD(struct item, href, GX_TMPL_STR),
	GX_TMPL_FIELD(struct item, action, GX_TMPL_CHARS),
};

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
	/* The A–Z list: the catalogue's sorted entries (built once per
	 * language), those that fit the active space, each with its Start. */
	size_t n;
	const struct gx_catalogue_entry *sorted = gx_catalogue_sorted(cat, lang, &n);
	if (sorted == NULL && cat != NULL && gx_procedure_catalog_count(cat) > 0)
		return GX_SERVER_FAULT; /* out of memory: not an empty catalogue */
	struct item *all = gx_req_alloc(r, (n > 0 ? n : 1) * sizeof(*all));
	size_t shown = 0;
	for (size_t i = 0; i < n; i++) {
		const struct gx_catalogue_entry *e = &sorted[i];
		if (person && !gx_access_may_start(&active, e->procedure))
			continue;
		struct item *it = &all[shown++];
		*it = (struct item){.id = e->id, .title = e->title, .organisation = e->organisation, .href = e->href};
		if (person)
			snprintf(it->action, sizeof(it->action), "/spaces/%lld/procedures/%s/start",
				 r->actor.session.space_id, e->id);
	}
	/* Logged in, but the active space's relation has ended (a mandate revoked): choose another. */
	json_t *data = json_pack("{s:o, s:o, s:b, s:s, s:b, s:s, s:s?, s:b}", "life_events",
				 gx_catalogue_topics(gx_procedure_catalog_life_events(cat), lang, "/life-events"),
				 "themes", gx_catalogue_topics(gx_procedure_catalog_themes(cat), lang, "/themes"),
				 "person", person, "q", "", "no_space", logged_in && !person, "csrf",
				 person ? r->actor.session.csrf_token : "",
				 "space_name", person ? active.space.name : NULL, "company",
				 person && strcmp(active.space.kind, "professional") == 0);
	const struct gx_tmpl_bind procedures = {.name = "procedures", .rows = all, .n = shown, .size = sizeof(all[0]),
						.fields = item_fields,
						.nfields = sizeof(item_fields) / sizeof(item_fields[0])};
	enum gx_outcome o = data != NULL ? gx_page_reply_bound(r, 200, "procedures", "proc.catalogue_title", data,
							      &procedures, 1)
					 : GX_SERVER_FAULT;
	json_decref(data);
	return o;
}
