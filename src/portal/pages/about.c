/* A procedure's public page (about.h). A logged-in person starts it with
 * the Start button (POST /spaces/{space}/procedures/{id}/start, drafts.c); anyone else is
 * offered to log in first, and, when the definition allows it, to fill it
 * in without logging in (guest.c). */

#include "portal/pages/about.h"

#include <stdio.h>
#include <string.h>

#include "core/access.h"
#include "forms/form.h"
#include "forms/labels.h"
#include "http/request.h"
#include "portal/app.h"
#include "portal/catalogue_items.h"
#include "procedures/catalog.h"
#include "procedures/definition.h"
#include "site/page.h"
#include "site/site.h"

static json_t *about_rows(const json_t *about, const json_t *t, enum gx_lang lang)
{
	static const char *const keys[] = {"who", "needs", "duration", "cost"};
	json_t *rows = json_array();
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const json_t *text = json_object_get(about, keys[i]);
		if (text == NULL)
			continue;
		char label[32];
		snprintf(label, sizeof(label), "about_%s", keys[i]);
		json_array_append_new(rows, json_pack("{s:s, s:s, s:s}", "id", keys[i], "label",
						      json_string_value(json_object_get(json_object_get(t, "proc"), label)),
						      "text", gx_form_text(text, lang)));
	}
	return rows;
}

enum gx_outcome gx_page_procedure_about(struct gx_req *r)
{
	const struct gx_procedure *p = gx_procedure_catalog_find(gx_domain.procedures, gx_req_param(r, "procedure"));
	if (p == NULL)
		return gx_reply_problem(r, GX_ERR_NOT_FOUND, NULL, "no such procedure");
	enum gx_lang lang = gx_req_lang(r);
	const json_t *def = gx_procedure_json(p);
	const json_t *t = gx_i18n_catalog(gx_site.i18n, lang);
	json_t *themes = json_array(), *events = json_array();
	for (const char *const *id = gx_procedure_themes(p); *id != NULL; id++) {
		const json_t *theme = gx_procedure_catalog_theme(gx_domain.procedures, *id);
		if (theme != NULL)
			json_array_append_new(themes, gx_catalogue_topic(theme, lang, "/themes"));
	}
	const char *event_id;
	json_t *rank;
	json_object_foreach((json_t *)json_object_get(def, "life_events"), event_id, rank) {
		const json_t *event = gx_procedure_catalog_life_event(gx_domain.procedures, event_id);
		if (event != NULL)
			json_array_append_new(events, gx_catalogue_topic(event, lang, "/life-events"));
	}
	/* Logged in: the Start button opens it in the active space, when it
	 * fits that space and the person may act there for it (the one
	 * decision); otherwise a word to change space. */
	bool logged_in = r->actor.kind == GX_ACTOR_PERSON;
	struct gx_access active;
	bool person = gx_app_active_access(r, &active) && gx_access_may_start(&active, p);
	char start[128], login[160], guest[128];
	snprintf(start, sizeof(start), "/spaces/%lld/procedures/%s/start", r->actor.session.space_id,
		 gx_procedure_id(p));
	snprintf(login, sizeof(login), "/login?next=/procedures/%s", gx_procedure_id(p));
	snprintf(guest, sizeof(guest), "/procedures/%s/without-login", gx_procedure_id(p));
	const char *title = gx_form_text(json_object_get(def, "titles"), lang);
	json_t *data = json_pack(
		"{s:s, s:s, s:s, s:s?, s:o, s:o, s:o, s:b, s:b, s:b, s:s, s:s, s:s, s:s, s:s, s:b}", "id", gx_procedure_id(p),
		"title", title, "organisation", gx_proc_organisation_title(gx_procedure_organisation(p), lang), "help",
		gx_form_text(json_object_get(def, "help"), lang), "about", about_rows(gx_procedure_about(p), t, lang),
		"themes", themes, "life_events", events, "has_topics",
		json_array_size(themes) + json_array_size(events) > 0, "person", person, "without_login",
		json_is_true(json_object_get(def, "without_login")), "start", start, "login", login, "guest", guest,
		"csrf", person ? r->actor.session.csrf_token : "", "procedure_title", title, "elsewhere", logged_in && !person);
	return gx_page_reply_owned(r, 200, "procedure_about", "proc.catalogue_title", data);
}
