#include "portal/pages/space.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/letterbox.h"
#include "core/spaces.h"
#include "http/request.h"
#include "site/page.h"

enum gx_outcome gx_space_home(struct gx_req *r)
{
	char location[40];
	snprintf(location, sizeof(location), "/spaces/%lld", r->actor.session.space_id);
	return gx_reply_redirect(r, location);
}

enum gx_outcome gx_space_page(struct gx_req *r)
{
	struct gx_person p;
	enum gx_db_status s = gx_person_read(gx_req_store(r), GX_ID(gx_person_id, r->actor.session.person_id), &p);
	if (s != GX_DB_ONE_RESULT)
		return GX_SERVER_FAULT;
	long long space = gx_req_param_id(r, "space"), unread = 0;
	if (gx_lb_unread(gx_req_store(r), GX_ID(gx_space_id, space), &unread) < 0)
		return GX_SERVER_FAULT;
	char letterbox[64];
	snprintf(letterbox, sizeof(letterbox), "/spaces/%lld/letterbox", space);
	json_t *data = json_pack("{s:{s:s, s:s, s:s}, s:I, s:b, s:I, s:s}", "person", "given_name", p.given_name,
				 "family_name", p.family_name, "national_id", p.national_id, "space_id", (json_int_t)space,
				 "is_private", space == r->actor.session.space_id, "unread", (json_int_t)unread,
				 "letterbox_href", letterbox);
	if (data == NULL)
		return GX_SERVER_FAULT;
	enum gx_outcome o = gx_page_reply(r, 200, "space", "space.title", data);
	json_decref(data);
	return o;
}
