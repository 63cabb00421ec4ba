#include "backoffice/api/whoami.h"

#include <jansson.h>
#include <time.h>

#include "authz/authz.h"
#include "http/request.h"

/* RFC 3339 in UTC, to the second: "2024-05-01T12:00:00Z". */
static void utc_time(long long us, char out[32])
{
	time_t t = (time_t)(us / 1000000);
	struct tm tm;
	if (gmtime_r(&t, &tm) == NULL || strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		out[0] = '\0';
}

enum gx_outcome gx_org_api_whoami(struct gx_req *r)
{
	const struct gx_client *c = &r->actor.client;
	if (r->actor.kind != GX_ACTOR_CLIENT)
		return GX_SERVER_FAULT;  /* the gate lets only clients through */
	json_t *scopes = json_array();
	for (unsigned bit = 1; bit != 0 && scopes != NULL; bit <<= 1)
		if ((c->scopes & bit) && gx_scope_name((enum gx_scope)bit) != NULL)
			json_array_append_new(scopes, json_string(gx_scope_name((enum gx_scope)bit)));
	char expires[32];
	utc_time(c->expires_at_us, expires);
	json_t *body = scopes != NULL ? json_pack("{s:s, s:s, s:o, s:s}", "client", c->id, "organisation", c->org, "scopes",
						  scopes, "expires_at", expires)
				      : NULL;
	if (body == NULL)
		return GX_SERVER_FAULT;
	h2o_add_header(&r->h2o->pool, &r->h2o->res.headers, H2O_TOKEN_CACHE_CONTROL, NULL, H2O_STRLIT("no-store"));
	enum gx_outcome o = gx_reply_json(r, 200, body);
	json_decref(body);
	return o;
}
