#include "portal/api/space.h"

#include "core/spaces.h"
#include "http/request.h"
#include "portal/path.h"

enum gx_outcome gx_api_me(struct gx_req *r)
{
	struct gx_person p;
	if (gx_person_read(gx_req_store(r), GX_ID(gx_person_id, r->actor.session.person_id), &p) != GX_DB_ONE_RESULT)
		return GX_SERVER_FAULT;
	/* The CSRF token lets API clients send state-changing requests (X-CSRF-Token). */
	json_t *body = json_pack("{s:{s:s, s:s}, s:{s:I, s:s}, s:s}", "person", "given_name", p.given_name,
				 "family_name", p.family_name, "active_space", "id", (json_int_t)r->actor.session.space_id,
				 "kind", "private", "csrf_token", r->actor.session.csrf_token);
	if (body == NULL)
		return GX_SERVER_FAULT;
	enum gx_outcome o = gx_reply_json(r, 200, body);
	json_decref(body);
	return o;
}

enum gx_outcome gx_api_space(struct gx_req *r)
{
	struct gx_space_id space = gx_path_space(r);
	struct gx_membership m;
	if (gx_space_membership(gx_req_store(r), space, GX_ID(gx_person_id, r->actor.session.person_id), &m) !=
	    GX_DB_ONE_RESULT)
		return GX_SERVER_FAULT; /* the gate allowed it: the relation must be there */
	json_t *body = json_pack("{s:I, s:s, s:s}", "id", (json_int_t)space.v, "kind", m.kind, "role", m.role);
	if (body == NULL)
		return GX_SERVER_FAULT;
	enum gx_outcome o = gx_reply_json(r, 200, body);
	json_decref(body);
	return o;
}
