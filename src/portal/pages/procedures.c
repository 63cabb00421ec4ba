/* GET /procedures: the catalogue of procedures, by organisation, public.
 * A logged-in person sees what fits their active space (a private space's
 * procedures, or a company's; and, acting for someone under a scope, only
 * those), each with a Start button that opens it in that space. */

#include "portal/pages/procedures.h"

#include <stdio.h>
#include <string.h>

#include "http/request.h"
#include "i18n/i18n.h"
#include "portal/app.h"
#include "forms/form.h"
#include "forms/labels.h"
#include "site/page.h"
#include "procedures/catalog.h"
#include "procedures/definition.h"
#include "core/access.h"
#include "util/clock.h"

enum gx_outcome gx_page_catalogue(struct gx_req *r)
{
	enum gx_lang lang = gx_req_lang(r);
	bool person = r->actor.kind == GX_ACTOR_PERSON, logged_in = person;
	/* The active space, as the one decision sees it now. */
	struct gx_access active;
	bool in_space = person && gx_access_decide(gx_req_store(r), GX_ID(gx_space_id, r->actor.session.space_id),
						   GX_ID(gx_person_id, r->actor.session.person_id), gx_now_us(),
						   &active) == GX_DB_ONE_RESULT &&
			active.via != GX_VIA_NONE;
	person = person && in_space;
	json_t *groups = json_array();
	size_t n = gx_procedure_catalog_count(gx_domain.procedures);
	for (size_t i = 0; i < n; i++) {
		const struct gx_procedure *p = gx_procedure_catalog_at(gx_domain.procedures, i);
		const char *org = gx_procedure_organisation(p);
		if (person && (!gx_procedure_for_space(p, active.space.kind) ||
			       !gx_access_allows(&active, gx_procedure_id(p), org)))
			continue;
		json_t *group = NULL;
		size_t g;
		json_t *x;
		json_array_foreach(groups, g, x) if (strcmp(json_string_value(json_object_get(x, "org")), org) == 0) group = x;
		if (group == NULL) {
			group = json_pack("{s:s, s:s, s:[]}", "org", org, "title", gx_proc_organisation_title(org, lang),
					  "procedures");
			json_array_append_new(groups, group);
		}
		const json_t *def = gx_procedure_json(p);
		char action[128];
		snprintf(action, sizeof(action), "/spaces/%lld/procedures/%s/start", r->actor.session.space_id,
			 gx_procedure_id(p));
		json_array_append_new(json_object_get(group, "procedures"),
				      json_pack("{s:s, s:s, s:s?, s:s}", "id", gx_procedure_id(p), "title",
						gx_form_text(json_object_get(def, "titles"), lang), "help",
						gx_form_text(json_object_get(def, "help"), lang), "action", action));
	}
	/* Organisations in alphabetical order of their titles. */
	size_t count = json_array_size(groups);
	for (size_t i = 1; i < count; i++)
		for (size_t j = i; j > 0; j--) {
			json_t *a = json_array_get(groups, j - 1), *b = json_array_get(groups, j);
			if (strcmp(json_string_value(json_object_get(a, "title")), json_string_value(json_object_get(b, "title"))) <= 0)
				break;
			json_incref(a);
			json_array_set(groups, j - 1, b);
			json_array_set_new(groups, j, a);
		}
	/* Logged in, but the active space's relation has ended (a mandate revoked): choose another. */
	json_t *data = json_pack("{s:o, s:b, s:b, s:s, s:s?, s:b}", "groups", groups, "person", person, "no_space",
				 logged_in && !person, "csrf",
				 person ? r->actor.session.csrf_token : "", "space_name",
				 person ? active.space.name : NULL, "company",
				 person && strcmp(active.space.kind, "professional") == 0);
	return gx_page_reply_owned(r, 200, "procedures", "proc.catalogue_title", data);
}
