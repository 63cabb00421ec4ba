#include "backoffice/ctx.h"

#include <string.h>

#include "core/spaces.h"
#include "http/request.h"
#include "util/clock.h"

const struct gx_bo *gx_bo_ctx(struct gx_req *r)
{
	struct gx_bo *bo = gx_req_alloc(r, sizeof(*bo));
	struct gx_core_ctx *c = gx_req_alloc(r, sizeof(*c));
	*c = (struct gx_core_ctx){.domain = &gx_domain, .db = gx_req_store(r), .durable = gx_req_durable_port(r),
				  .httpc = gx_req_httpc(r), .pool = &r->h2o->pool, .request_id = r->id,
				  .now_us = gx_now_us()};
	*bo = (struct gx_bo){.c = c};
	if (r->actor.kind == GX_ACTOR_CLIENT) {
		bo->who = (struct gx_org_actor){.org = r->actor.client.org, .client = r->actor.client.id,
						.role = "client", .supervisor = true};
		return bo;
	}
	c->person = GX_ID(gx_person_id, r->actor.session.person_id);
	struct gx_person p;
	if (gx_person_read(c->db, c->person, &p) != GX_DB_ONE_RESULT)
		return NULL;
	char *nid = gx_req_alloc(r, sizeof(p.national_id));
	memcpy(nid, p.national_id, sizeof(p.national_id));
	bo->who = (struct gx_org_actor){.org = gx_req_param(r, r->def->org_param != NULL ? r->def->org_param : "org"),
					.agent = nid, .role = gx_agent_role_name(r->actor.role),
					.supervisor = r->actor.role >= GX_ROLE_SUPERVISOR};
	return bo;
}
