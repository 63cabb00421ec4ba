/* A space's home page: whose space it is and how the person acts in it,
 * with the ways on (its overview, its members and mandates for those who
 * may change them, the spaces list to switch). */

#include "portal/pages/space.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/letterbox.h"
#include "core/spaces.h"
#include "http/request.h"
#include "site/page.h"
#include "site/site.h"
#include "util/local_time.h"

enum gx_outcome gx_space_home(struct gx_req *r)
{
	char location[40];
	snprintf(location, sizeof(location), "/spaces/%lld", r->actor.session.space_id);
	return gx_reply_redirect(r, location);
}

enum gx_outcome gx_space_page(struct gx_req *r)
{
	const struct gx_access *a = &r->actor.access;
	const json_t *t = gx_i18n_catalog(gx_site.i18n, gx_req_lang(r));
	const json_t *spaces = json_object_get(t, "spaces");
	bool company = strcmp(a->space.kind, "professional") == 0;
	char how[48], until[24] = "";
	snprintf(how, sizeof(how), "how_%s", a->via == GX_VIA_MEMBER || a->via == GX_VIA_OWNER ? a->role
					  : a->via == GX_VIA_PARENT                       ? "parent"
											  : "mandate");
	if (a->until_us > 0)
		gx_local_time_format(a->until_us - 1, until, sizeof(until), false);
	json_t *data = json_pack("{s:s, s:s, s:s?, s:I, s:b, s:b, s:b, s:s, s:s}", "name", a->space.name, "kind",
				 json_string_value(json_object_get(spaces, company ? "kind_company" : "kind_private")),
				 "company_number", company ? a->space.company_number : NULL, "space_id",
				 (json_int_t)a->space.id, "own", a->via == GX_VIA_OWNER, "admin", a->admin, "company",
				 company, "how", json_string_value(json_object_get(spaces, how)), "until", until);
	/* Only the person's own space shows their national id. */
	struct gx_person p;
	if (data != NULL && a->via == GX_VIA_OWNER &&
	    gx_person_read(gx_req_store(r), GX_ID(gx_person_id, a->person_id), &p) == GX_DB_ONE_RESULT)
		json_object_set_new(data, "national_id", json_string(p.national_id));
	/* The letter box, to those whose relation includes reading it. */
	long long unread = 0;
	if (data != NULL && a->letterbox) {
		if (gx_lb_unread(gx_req_store(r), GX_ID(gx_space_id, a->space.id), &unread) < 0) {
			json_decref(data);
			return GX_SERVER_FAULT;
		}
		char letterbox[64];
		snprintf(letterbox, sizeof(letterbox), "/spaces/%lld/letterbox", a->space.id);
		json_object_set_new(data, "letterbox_href", json_string(letterbox));
		json_object_set_new(data, "unread", json_integer(unread));
	}
	return gx_page_reply_owned(r, 200, "space", a->via == GX_VIA_OWNER ? "space.title" : "space.title_other", data);
}
