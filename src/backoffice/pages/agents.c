/* An organisation's agents, as its administrators manage them:
 *
 *   GET  /backoffice/orgs/{org}/agents    who works the organisation's cases, in which role; a form to add one
 *   POST /backoffice/orgs/{org}/agents    national_id, role=handler|supervisor|admin|remove: 303 back to the
 *                                         list, or the list again with the reason (422)
 *
 * An administrator cannot change or remove their own role: an organisation
 * is never left without the one who could undo it. */

#include "backoffice/pages/agents.h"

#include <stdio.h>
#include <string.h>

#include "backoffice/ctx.h"
#include "backoffice/pages/form_field.h"
#include "core/agents.h"
#include "http/request.h"
#include "i18n/i18n.h"
#include "forms/labels.h"
#include "site/page.h"
#include "site/site.h"
#include "util/national_id.h"

static const char *const roles[] = {"handler", "supervisor", "admin"};

static const char *bo_text(struct gx_req *r, const char *key)
{
	char full[64];
	snprintf(full, sizeof(full), "bo.%s", key);
	const char *m = gx_i18n_get(gx_site.i18n, gx_req_lang(r), full);
	return m != NULL ? m : key;
}

/* The list and the form; errors (taken, or NULL) in its summary. */
static enum gx_outcome agents_page(struct gx_req *r, int status, json_t *errors)
{
	const char *org = gx_req_param(r, "org");
	json_t *agents = gx_org_agents(gx_req_store(r), org);
	if (agents == NULL) {
		json_decref(errors);
		return GX_SERVER_FAULT;
	}
	const struct gx_bo *bo = gx_bo_ctx(r);
	size_t i;
	json_t *a;
	char key[32];
	json_array_foreach(agents, i, a) {
		const char *nid = json_string_value(json_object_get(a, "national_id"));
		snprintf(key, sizeof(key), "role.%s", json_string_value(json_object_get(a, "role")));
		json_object_set_new(a, "role_label", json_string(bo_text(r, key)));
		json_object_set_new(a, "known", json_boolean(json_is_string(json_object_get(a, "family_name"))));
		json_object_set_new(a, "self", json_boolean(bo != NULL && strcmp(nid, bo->who.agent) == 0));
	}
	json_t *options = json_array();
	for (size_t k = 0; k < sizeof(roles) / sizeof(roles[0]); k++) {
		snprintf(key, sizeof(key), "role.%s", roles[k]);
		json_array_append_new(options, json_pack("{s:s, s:s}", "value", roles[k], "label", bo_text(r, key)));
	}
	char action[128];
	snprintf(action, sizeof(action), "/backoffice/orgs/%s/agents", org);
	json_t *data = json_pack("{s:s, s:s, s:s, s:o, s:o, s:s, s:b, s:o}", "org", org, "org_title",
				 gx_proc_organisation_title(org, gx_req_lang(r)), "action", action, "agents", agents,
				 "roles", options, "csrf", r->actor.session.csrf_token, "has_errors", errors != NULL,
				 "error_summary", errors != NULL ? errors : json_array());
	return gx_page_reply_owned(r, status, "bo_agents", "bo.agents_title", data);
}

enum gx_outcome gx_bo_agents(struct gx_req *r)
{
	return agents_page(r, 200, NULL);
}

static enum gx_outcome refuse(struct gx_req *r, const char *error, const char *href)
{
	char key[48];
	snprintf(key, sizeof(key), "errors.%s", error);
	return agents_page(r, 422, json_pack("[{s:s, s:s}]", "text", bo_text(r, key), "href", href));
}

static void on_changed(void *arg, enum gx_db_status result)
{
	struct gx_req *r = arg;
	char href[128];
	enum gx_outcome o;
	if (result >= 0) {
		snprintf(href, sizeof(href), "/backoffice/orgs/%s/agents", gx_req_param(r, "org"));
		o = gx_reply_redirect(r, href);
	} else if (result == GX_DB_REFUSED || result == GX_DB_SOFT_ERROR) {
		o = gx_reply_problem(r, GX_ERR_UNAVAILABLE, NULL, "the change could not be stored; try again");
	} else {
		o = GX_SERVER_FAULT;
	}
	if (o == GX_SERVER_FAULT && !r->replied)
		gx_reply_problem(r, GX_ERR_INTERNAL, NULL, NULL);
}

enum gx_outcome gx_bo_agents_change(struct gx_req *r)
{
	const struct gx_bo *bo = gx_bo_ctx(r);
	if (bo == NULL)
		return GX_SERVER_FAULT;
	const char *nid = gx_bo_field(r, "national_id"), *role = gx_bo_field(r, "role");
	if (nid == NULL || !gx_national_id_valid(nid))
		return refuse(r, "national_id", "#agent-national-id");
	bool known_role = role != NULL && strcmp(role, "remove") == 0;
	for (size_t k = 0; role != NULL && k < sizeof(roles) / sizeof(roles[0]); k++)
		known_role = known_role || strcmp(role, roles[k]) == 0;
	if (!known_role)
		return refuse(r, "role", "#agent-role");
	if (strcmp(nid, bo->who.agent) == 0)
		return refuse(r, "self", "#agent-national-id");
	gx_org_agent_change(bo->c, bo->who.org, nid, strcmp(role, "remove") == 0 ? NULL : role, on_changed, r);
	return GX_DONE;
}
