/* Before a handler runs: who is asking (the session), whether a
 * state-changing request really comes from our pages (CSRF), and whether the
 * authorization layer allows the route's action on its resource. */

#include "http/gate.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/clock.h"
#include "http/multipart.h"
#include "http/query.h"
#include "http/request.h"
#include "http/worker.h"
#include "log/oplog.h"
#include "store/store.h"

static h2o_iovec_t header(h2o_req_t *req, const h2o_token_t *token)
{
	ssize_t i = h2o_find_header(&req->headers, token, -1);
	return i >= 0 ? req->headers.entries[i].value : h2o_iovec_init(NULL, 0);
}

static h2o_iovec_t header_by_name(h2o_req_t *req, const char *name, size_t len)
{
	ssize_t i = h2o_find_header_by_str(&req->headers, name, len, -1);
	return i >= 0 ? req->headers.entries[i].value : h2o_iovec_init(NULL, 0);
}

static bool state_changing(h2o_req_t *req)
{
	h2o_iovec_t m = req->method;
	return !(h2o_memis(m.base, m.len, H2O_STRLIT("GET")) || h2o_memis(m.base, m.len, H2O_STRLIT("HEAD")));
}

/* A request from another site: the browser says so (Sec-Fetch-Site), or its
 * Origin is not ours. Requests without either (curl, other servers) pass this
 * check; with a session they still need the CSRF token. */
static bool cross_site(struct gx_req *r)
{
	h2o_req_t *req = r->h2o;
	h2o_iovec_t site = header_by_name(req, H2O_STRLIT("sec-fetch-site"));
	if (site.base != NULL && h2o_memis(site.base, site.len, H2O_STRLIT("cross-site")))
		return true;
	h2o_iovec_t origin = header_by_name(req, H2O_STRLIT("origin"));
	if (origin.base == NULL)
		return false;
	const char *ours = r->worker->server->config->site_url;
	return !h2o_memis(origin.base, origin.len, ours, strlen(ours));
}

/* The token from the X-CSRF-Token header, or the csrf_token field of a form
 * (urlencoded, or multipart: then the body is parsed here, and a malformed
 * one is answered 400/413/415; *o says so). */
static bool csrf_token_ok(struct gx_req *r, enum gx_outcome *o)
{
	h2o_req_t *req = r->h2o;
	h2o_iovec_t h = header_by_name(req, H2O_STRLIT("x-csrf-token"));
	if (h.base != NULL)
		return gx_session_csrf_ok(&r->actor.session, h.base, h.len);
	if (r->def->body == GX_BODY_FORM && req->entity.base != NULL) {
		char token[80];
		long n = gx_query_get(req->entity.base, req->entity.len, "csrf_token", token, sizeof(token));
		return n > 0 && gx_session_csrf_ok(&r->actor.session, token, (size_t)n);
	}
	if (r->def->body == GX_BODY_MULTIPART) {
		*o = gx_req_read_multipart(r);
		if (*o != GX_DONE || r->replied)
			return false;
		const struct gx_multipart_part *p = gx_multipart_find(r->multipart, "csrf_token");
		return p != NULL && p->filename == NULL && p->len > 0 && p->len < 80 &&
		       gx_session_csrf_ok(&r->actor.session, p->data, p->len);
	}
	return false;
}

enum gx_outcome gx_gate(struct gx_req *r)
{
	h2o_req_t *req = r->h2o;
	struct gx_worker *w = r->worker;
	if (!gx_action_needs_actor(r->def->action))
		return GX_DONE;

	h2o_iovec_t cookie = header(req, H2O_TOKEN_COOKIE);
	int found = gx_session_find(w->server->store, w->db, cookie.base, cookie.len, gx_wall_us(), &r->actor.session);
	if (found < 0)
		return gx_reply_problem(r, GX_ERR_UNAVAILABLE, NULL, "sessions cannot be read right now");
	r->actor.kind = found ? GX_ACTOR_PERSON : GX_ACTOR_ANONYMOUS;

	if (state_changing(req)) {
		if (cross_site(r))
			return gx_reply_problem(r, GX_ERR_CSRF, NULL, "cross-site request refused");
		enum gx_outcome o = GX_DONE;
		if (r->actor.kind == GX_ACTOR_PERSON && !csrf_token_ok(r, &o))
			return r->replied ? o : gx_reply_problem(r, GX_ERR_CSRF, NULL, "missing or wrong CSRF token");
	}

	struct gx_resource res = {.kind = GX_RES_NONE};
	if (r->def->space_param != NULL)
		res = (struct gx_resource){.kind = GX_RES_SPACE, .id = gx_req_param_id(r, r->def->space_param)};
	else if (r->def->org_param != NULL)
		res = (struct gx_resource){.kind = GX_RES_ORG, .org = gx_req_param(r, r->def->org_param)};
	switch (gx_authz_decide(w->db, &r->actor, r->def->action, &res)) {
	case GX_ALLOW:
		return GX_DONE;
	case GX_DENY_LOGIN:
		return gx_reply_login_required(r);
	case GX_DENY_HIDDEN:
		return gx_reply_problem(r, GX_ERR_NOT_FOUND, NULL, NULL);
	case GX_DENY_FORBIDDEN:
		return gx_reply_problem(r, GX_ERR_INSUFFICIENT_SCOPE, NULL, NULL);
	case GX_DENY_ERROR:
		break;
	}
	return gx_reply_problem(r, GX_ERR_UNAVAILABLE, NULL, "authorization cannot be checked right now");
}
