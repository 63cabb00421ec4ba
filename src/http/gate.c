/* Before a handler runs: who is asking (the session; on the organisation
 * API, the client's access token), whether a state-changing request really
 * comes from our pages (CSRF), and whether the authorization layer allows
 * the route's action on its resource. */

#include "http/gate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/clock.h"
#include "http/bearer.h"
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

/* A person's request: the session from the cookie, and CSRF for a state-changing one. */
static enum gx_outcome person_actor(struct gx_req *r)
{
	h2o_req_t *req = r->h2o;
	struct gx_worker *w = r->worker;
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
	return GX_DONE;
}

/* 401 invalid_token with the challenge (RFC 6750 section 3): the error code
 * only when a token was presented. */
static enum gx_outcome bearer_refused(struct gx_req *r, bool presented, const char *detail)
{
	h2o_req_t *req = r->h2o;
	if (presented)
		h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_WWW_AUTHENTICATE, NULL,
			       H2O_STRLIT("Bearer realm=\"guichet\", error=\"invalid_token\""));
	else
		h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_WWW_AUTHENTICATE, NULL,
			       H2O_STRLIT("Bearer realm=\"guichet\""));
	return gx_reply_problem(r, GX_ERR_INVALID_TOKEN, NULL, detail);
}

/* A machine client's request: its access token, and nothing else. Cookies
 * are not read; no CSRF token applies (nothing ambient authenticates). */
static enum gx_outcome client_actor(struct gx_req *r)
{
	h2o_req_t *req = r->h2o;
	ssize_t i = h2o_find_header(&req->headers, H2O_TOKEN_AUTHORIZATION, -1);
	if (i >= 0 && h2o_find_header(&req->headers, H2O_TOKEN_AUTHORIZATION, i) >= 0)
		return bearer_refused(r, true, "send one Authorization header");
	const char *token;
	size_t len;
	enum gx_bearer_result b = gx_bearer_parse(i >= 0 ? req->headers.entries[i].value.base : NULL,
						  i >= 0 ? req->headers.entries[i].value.len : 0, &token, &len);
	if (b == GX_BEARER_ABSENT)
		return bearer_refused(r, false, "send Authorization: Bearer with an access token from /api/org/v1/token");
	if (b != GX_BEARER_OK)
		return bearer_refused(r, true, "the Authorization header is not \"Bearer\" and one access token");

	unsigned char hash[GX_STORE_TOKEN_HASH_BYTES];
	gx_access_token_hash(token, len, hash);
	struct gx_client_token t;
	enum gx_db_status s = gx_store_client_token_get(r->worker->db, hash, &t);
	if (s < 0)
		return gx_reply_problem(r, GX_ERR_UNAVAILABLE, NULL, "access tokens cannot be read right now");
	if (s == GX_DB_NO_RESULTS || t.revoked)
		return bearer_refused(r, true, "the access token is unknown or its client was removed");
	if (gx_wall_us() >= t.expires_at_us)
		return bearer_refused(r, true, "the access token has expired: get a new one");

	r->actor.kind = GX_ACTOR_CLIENT;
	struct gx_client *c = &r->actor.client;
	snprintf(c->id, sizeof(c->id), "%s", t.client_id);
	snprintf(c->org, sizeof(c->org), "%s", t.org);
	c->expires_at_us = t.expires_at_us;
	/* A scope name this build does not know grants nothing. */
	c->scopes = 0;
	for (const char *p = t.scopes; *p != '\0';) {
		size_t n = strcspn(p, " ");
		c->scopes |= gx_scope_from_name(p, n);
		p += n + (p[n] == ' ');
	}
	return GX_DONE;
}

enum gx_outcome gx_gate(struct gx_req *r)
{
	struct gx_worker *w = r->worker;
	if (!gx_action_needs_actor(r->def->action))
		return GX_DONE;

	enum gx_outcome o;
	if (gx_action_by_client(r->def->action))
		o = client_actor(r);
	else if (gx_action_cookieless(r->def->action))
		o = GX_DONE;  /* the token exchange: anyone, by what the request carries; no cookie is read */
	else
		o = person_actor(r);
	if (o != GX_DONE || r->replied)
		return o;

	struct gx_resource res = {.kind = GX_RES_NONE};
	if (r->def->space_param != NULL)
		res = (struct gx_resource){.kind = GX_RES_SPACE, .id = gx_req_param_id(r, r->def->space_param)};
	else if (r->def->org_param != NULL)
		res = (struct gx_resource){.kind = GX_RES_ORG, .org = gx_req_param(r, r->def->org_param)};
	switch (gx_authz_decide(w->db, &r->actor, r->def->action, &res, gx_now_us())) {
	case GX_ALLOW:
		return GX_DONE;
	case GX_DENY_LOGIN:
		return gx_reply_login_required(r);
	case GX_DENY_HIDDEN:
		return gx_reply_problem(r, GX_ERR_NOT_FOUND, NULL, NULL);
	case GX_DENY_FORBIDDEN:
		if (r->actor.kind != GX_ACTOR_CLIENT)
			return gx_reply_problem(r, GX_ERR_FORBIDDEN, NULL,
						r->def->space_param != NULL
							? "your role in this space does not allow this"
							: "your role in this organisation does not allow this");
		h2o_add_header(&r->h2o->pool, &r->h2o->res.headers, H2O_TOKEN_WWW_AUTHENTICATE, NULL,
			       H2O_STRLIT("Bearer realm=\"guichet\", error=\"insufficient_scope\""));
		return gx_reply_problem(r, GX_ERR_INSUFFICIENT_SCOPE, NULL, NULL);
	case GX_DENY_ERROR:
		break;
	}
	return gx_reply_problem(r, GX_ERR_UNAVAILABLE, NULL, "authorization cannot be checked right now");
}
