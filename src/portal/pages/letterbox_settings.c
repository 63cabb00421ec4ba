/* The letter box's settings page (letterbox.h): per organisation and
 * document type, electronically or on paper; and where notifications go.
 *
 *   GET  /spaces/{space}/letterbox/settings[?saved=1]
 *   POST /spaces/{space}/letterbox/settings    a field "ORG.TYPE" = electronic | paper per type shown
 */

#include <stdio.h>
#include <string.h>

#include "core/email.h"
#include "core/letterbox.h"
#include "forms/labels.h"
#include "http/query.h"
#include "http/request.h"
#include "portal/app.h"
#include "portal/pages/letterbox.h"
#include "portal/lb_view.h"
#include "portal/path.h"
#include "site/page.h"

enum gx_outcome gx_page_lb_settings(struct gx_req *r)
{
	enum gx_lang lang = gx_req_lang(r);
	const struct gx_core_ctx *c = gx_app_ctx(r);
	struct gx_space_id space = gx_path_space(r);
	json_t *choices = gx_lb_optins_view(c->db, c->domain, space);
	struct gx_email_state email;
	if (choices == NULL || gx_email_state(c->db, c->person, c->now_us, &email) < 0) {
		json_decref(choices);
		return GX_SERVER_FAULT;
	}
	/* grouped by organisation, in the file's order */
	json_t *orgs = json_array(), *current = NULL;
	const char *current_org = NULL;
	size_t i;
	json_t *ch;
	json_array_foreach(choices, i, ch) {
		const char *org = json_string_value(json_object_get(ch, "org"));
		const char *type = json_string_value(json_object_get(ch, "type"));
		if (current_org == NULL || strcmp(current_org, org) != 0) {
			current = json_array();
			json_array_append_new(orgs, json_pack("{s:s, s:o}", "title", gx_proc_organisation_title(org, lang),
							      "types", current));
			current_org = org;
		}
		char field[140], field_id[140];
		snprintf(field, sizeof(field), "%s.%s", org, type);
		snprintf(field_id, sizeof(field_id), "lb-%s-%s", org, type);
		json_array_append_new(current, json_pack("{s:s, s:s, s:s, s:O}", "title",
							 gx_lb_view_type_title(org, type, lang), "field", field, "field_id",
							 field_id, "electronic", json_object_get(ch, "electronic")));
	}
	json_decref(choices);
	size_t qlen;
	const char *q = gx_query_of(r->h2o->path.base, r->h2o->path.len, &qlen);
	char saved[4];
	char self[80], back[64];
	snprintf(self, sizeof(self), "/spaces/%lld/letterbox/settings", space.v);
	snprintf(back, sizeof(back), "/spaces/%lld/letterbox", space.v);
	json_t *data = json_pack("{s:o, s:s, s:s, s:s, s:b, s:s?}", "orgs", orgs, "self_href", self, "back_href", back,
				 "csrf", r->actor.session.csrf_token, "saved",
				 gx_query_get(q, qlen, "saved", saved, sizeof(saved)) > 0, "notify_address",
				 email.verified ? email.address : NULL);
	return gx_page_reply_owned(r, 200, "lb_settings", "lb.settings_title", data);
}

static void on_saved(void *arg, const struct gx_lb_done *res)
{
	struct gx_req *r = arg;
	if (res->status == GX_CORE_INVALID) {
		gx_reply_problem(r, GX_ERR_INVALID_FIELD, NULL, res->why);
	} else if (res->status != GX_CORE_OK) {
		gx_page_error(r, GX_ERR_UNAVAILABLE);
	} else {
		char location[96];
		snprintf(location, sizeof(location), "/spaces/%lld/letterbox/settings?saved=1", gx_path_space(r).v);
		gx_reply_redirect(r, location);
	}
}

enum gx_outcome gx_page_lb_settings_save(struct gx_req *r)
{
	const struct gx_core_ctx *c = gx_app_ctx(r);
	const struct gx_lb_types *types = &c->domain->letterbox;
	h2o_iovec_t body = r->h2o->entity;
	struct gx_lb_choice *choices = gx_req_alloc(r, (types->n > 0 ? types->n : 1) * sizeof(*choices));
	size_t n = 0;
	for (size_t i = 0; i < types->n; i++) {
		char field[140], v[16];
		snprintf(field, sizeof(field), "%s.%s", types->items[i].org, types->items[i].id);
		long got = body.base != NULL ? gx_query_get(body.base, body.len, field, v, sizeof(v)) : -1;
		if (got == -1)
			continue; /* not on the form: unchanged */
		if (got < 0 || (strcmp(v, "electronic") != 0 && strcmp(v, "paper") != 0))
			return gx_reply_problem(r, GX_ERR_INVALID_FIELD, field, "electronic or paper");
		choices[n++] = (struct gx_lb_choice){.org = types->items[i].org, .doc_type = types->items[i].id,
						     .on = strcmp(v, "electronic") == 0};
	}
	gx_lb_optins_save(c, gx_path_space(r), choices, n, on_saved, r);
	return GX_DONE;
}
