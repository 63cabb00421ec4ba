/* Who I am and the spaces I act in, over the API:
 *
 *   GET  /api/v1/me                          the person, the active space (and in whose name), the CSRF token
 *   GET  /api/v1/spaces                      the spaces I may act in, invitations and mandates waiting for me
 *   GET  /api/v1/spaces/{space}              one of them: kind, name, how I act there, for which procedures
 *   POST /api/v1/spaces/{space}/activate     make it the active space
 *   POST /api/v1/spaces/companies            open the spaces of the companies I manage (companies register)
 *   POST /api/v1/spaces/children             record my minor children's spaces (population register)
 *
 * Thin over core/spaces.h and core/access.h. */

#include "portal/api/space.h"

#include <stdlib.h>

#include "authz/authz.h"
#include "core/spaces.h"
#include "http/request.h"
#include "portal/api/reply.h"
#include "portal/app.h"
#include "portal/path.h"
#include "session/session.h"
#include "util/clock.h"

/* How the person acts in the space a decided: the space, in whose name, the
 * relation and what it covers. */
json_t *gx_api_access_json(const struct gx_access *a)
{
	json_t *procs = json_array(), *orgs = json_array();
	for (size_t i = 0; i < a->nprocedures; i++)
		json_array_append_new(procs, json_string(a->procedures[i]));
	for (size_t i = 0; i < a->norgs; i++)
		json_array_append_new(orgs, json_string(a->orgs[i]));
	json_t *scope = a->all_procedures ? json_pack("{s:s}", "procedures", "all")
					  : json_pack("{s:o, s:o}", "procedures", procs, "organisations", orgs);
	if (a->all_procedures) {
		json_decref(procs);
		json_decref(orgs);
	}
	return json_pack("{s:I, s:s, s:s, s:s?, s:s, s:s, s:b, s:b, s:o, s:o}", "id", (json_int_t)a->space.id, "kind",
			 a->space.kind, "name", a->space.name, "company_number",
			 a->space.company_number[0] != '\0' ? a->space.company_number : NULL, "via",
			 gx_access_via_name(a->via), "role", a->role, "admin", a->admin, "letterbox", a->letterbox, "scope",
			 scope, "until_us", a->until_us > 0 ? json_integer(a->until_us) : json_null());
}

enum gx_outcome gx_api_me(struct gx_req *r)
{
	struct gx_person p;
	if (gx_person_read(gx_req_store(r), GX_ID(gx_person_id, r->actor.session.person_id), &p) != GX_DB_ONE_RESULT)
		return GX_SERVER_FAULT;
	/* The active space as the decision sees it now (a mandate may have ended). */
	struct gx_access a;
	enum gx_db_status s = gx_access_decide(gx_req_store(r), GX_ID(gx_space_id, r->actor.session.space_id),
					       GX_ID(gx_person_id, r->actor.session.person_id), gx_now_us(), &a);
	if (s < 0)
		return GX_SERVER_FAULT;
	json_t *active = s == GX_DB_ONE_RESULT && a.via != GX_VIA_NONE ? gx_api_access_json(&a) : json_null();
	/* The CSRF token lets API clients send state-changing requests (X-CSRF-Token). */
	json_t *body = json_pack("{s:{s:s, s:s}, s:o, s:s}", "person", "given_name", p.given_name, "family_name",
				 p.family_name, "active_space", active, "csrf_token", r->actor.session.csrf_token);
	gx_api_reply_taken(r, 200, body);
	return GX_DONE;
}

enum gx_outcome gx_api_space(struct gx_req *r)
{
	gx_api_reply_taken(r, 200, gx_api_access_json(&r->actor.access));
	return GX_DONE;
}

enum gx_outcome gx_api_spaces(struct gx_req *r)
{
	const struct gx_core_ctx *c = gx_app_ctx(r);
	char *spaces = NULL, *invitations = NULL, *mandates = NULL;
	enum gx_outcome o = GX_SERVER_FAULT;
	if (gx_spaces_read(c, &spaces) < 0 || gx_invitations_for_me(c, &invitations) < 0 ||
	    gx_mandates_for_me(c, &mandates) < 0)
		goto done;
	json_t *body = json_pack("{s:I, s:o, s:o, s:o}", "active", (json_int_t)r->actor.session.space_id, "spaces",
				 json_loads(spaces, 0, NULL), "invitations", json_loads(invitations, 0, NULL),
				 "mandates", json_loads(mandates, 0, NULL));
	gx_api_reply_taken(r, 200, body);
	o = GX_DONE;
done:
	free(spaces);
	free(invitations);
	free(mandates);
	return o;
}

static void on_activated(void *arg, const struct gx_space_result *res)
{
	struct gx_req *r = arg;
	/* This process's cache must not keep the old active space. */
	if (res->status == GX_CORE_OK)
		gx_session_forget(r->actor.session.id_hash);
	gx_api_space_reply(r, res, 200, res->status == GX_CORE_OK ? gx_api_access_json(&r->actor.access) : NULL);
}

enum gx_outcome gx_api_space_activate(struct gx_req *r)
{
	gx_space_activate(gx_app_ctx(r), gx_path_space(r), r->actor.session.id_hash, on_activated, r);
	return GX_DONE;
}

static void on_opened(void *arg, const struct gx_space_result *res)
{
	struct gx_req *r = arg;
	char *spaces = NULL;
	json_t *body = NULL;
	if (res->status == GX_CORE_OK && gx_spaces_read(gx_app_ctx(r), &spaces) >= 0)
		body = json_pack("{s:I, s:o}", "found", (json_int_t)res->count, "spaces", json_loads(spaces, 0, NULL));
	free(spaces);
	gx_api_space_reply(r, res, 200, body);
}

enum gx_outcome gx_api_companies_open(struct gx_req *r)
{
	gx_company_spaces_open(gx_app_ctx(r), on_opened, r);
	return GX_DONE;
}

enum gx_outcome gx_api_children_record(struct gx_req *r)
{
	gx_children_record(gx_app_ctx(r), on_opened, r);
	return GX_DONE;
}
