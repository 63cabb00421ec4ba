/* Login with OpenID Connect (authorization code flow with PKCE), and logout.
 *
 *   GET /login?next=/path   state, nonce and PKCE verifier stored (single use),
 *                           then 303 to the provider's authorization endpoint
 *   GET /auth/callback      the login state taken back, the code exchanged at
 *                           the token endpoint, the ID token verified, the
 *                           person and their private space created or found,
 *                           a new session, 303 back to the page
 *   POST /logout            the session deleted, 303 to the provider's logout
 *
 * Every step that waits (the store's group commit, the provider over HTTP)
 * continues in a callback on the same loop; nothing blocks it. guichetd never
 * sees a password, and there is no other way to get a session. */

#include "portal/pages/login.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "util/clock.h"
#include "client/httpc.h"
#include "http/durable.h"
#include "http/query.h"
#include "http/request.h"
#include "log/oplog.h"
#include "oidc/jwt.h"
#include "oidc/pkce.h"
#include "oidc/rp.h"
#include "site/page.h"
#include "session/session.h"

#define LOGIN_MAX_AGE_US (10 * 60 * 1000000LL)

static void set_cookie(struct gx_req *r, const char *value)
{
	size_t n = strlen(value);
	char *copy = gx_req_alloc(r, n + 1);
	memcpy(copy, value, n + 1);
	h2o_add_header(&r->h2o->pool, &r->h2o->res.headers, H2O_TOKEN_SET_COOKIE, NULL, copy, n);
}

/* Appends "&name=value" (or "?" first) to a URL being built. */
static int add_param(char *url, size_t cap, const char *name, const char *value)
{
	char enc[2048];
	if (gx_query_encode(value, strlen(value), enc, sizeof(enc)) < 0)
		return -1;
	size_t len = strlen(url);
	int n = snprintf(url + len, cap - len, "%c%s=%s", strchr(url, '?') != NULL ? '&' : '?', name, enc);
	return n < 0 || (size_t)n >= cap - len ? -1 : 0;
}

/* --- GET /login ------------------------------------------------------------ */

struct login_start {
	struct gx_login_state st;
	char challenge[GX_PKCE_CHALLENGE_LEN + 1];
	const struct gx_discovery *disc;
};

static enum gx_db_status write_login_state(struct gx_store_conn *w, void *arg)
{
	struct login_start *ls = arg;
	return gx_store_login_state_put(w, &ls->st);
}

static void on_login_state_stored(struct gx_req *r, void *arg, enum gx_db_status result)
{
	struct login_start *ls = arg;
	if (result < 0) {
		gx_page_login_problem(r, 503, "unavailable");
		return;
	}
	const struct gx_oidc_rp_config *c = gx_oidc_rp();
	char url[4096];
	snprintf(url, sizeof(url), "%s", ls->disc->authorization_endpoint);
	if (add_param(url, sizeof(url), "response_type", "code") != 0 ||
	    add_param(url, sizeof(url), "client_id", c->client_id) != 0 ||
	    add_param(url, sizeof(url), "redirect_uri", c->redirect_uri) != 0 ||
	    add_param(url, sizeof(url), "scope", c->scopes) != 0 ||
	    add_param(url, sizeof(url), "state", ls->st.state) != 0 ||
	    add_param(url, sizeof(url), "nonce", ls->st.nonce) != 0 ||
	    add_param(url, sizeof(url), "code_challenge", ls->challenge) != 0 ||
	    add_param(url, sizeof(url), "code_challenge_method", "S256") != 0 ||
	    add_param(url, sizeof(url), "ui_locales", gx_lang_code(gx_req_lang(r))) != 0) {
		gx_page_login_problem(r, 500, "unavailable");
		return;
	}
	gx_reply_redirect(r, url);
}

static void on_provider_for_login(void *arg, const struct gx_discovery *d, struct gx_jwks *keys, const char *error)
{
	struct gx_req *r = arg;
	gx_jwks_free(keys);
	if (error != NULL) {
		gx_oplog_event(GX_LOG_WARN, "login_unavailable", r->id, "%s", error);
		gx_page_login_problem(r, 503, "unavailable");
		return;
	}
	struct login_start *ls = gx_req_alloc(r, sizeof(*ls));
	memset(ls, 0, sizeof(*ls));
	ls->disc = d;
	size_t qlen;
	const char *q = gx_query_of(r->h2o->path.base, r->h2o->path.len, &qlen);
	if (gx_query_get(q, qlen, "next", ls->st.return_to, sizeof(ls->st.return_to)) < 0 ||
	    !gx_is_local_path(ls->st.return_to))
		snprintf(ls->st.return_to, sizeof(ls->st.return_to), "/space");
	if (gx_random_token(ls->st.state, sizeof(ls->st.state), 32) < 0 ||
	    gx_random_token(ls->st.nonce, sizeof(ls->st.nonce), 32) < 0 ||
	    gx_pkce_new(ls->st.code_verifier, sizeof(ls->st.code_verifier), ls->challenge, sizeof(ls->challenge)) != 0) {
		gx_page_login_problem(r, 500, "unavailable");
		return;
	}
	ls->st.created_at_us = gx_wall_us();
	gx_req_durable(r, write_login_state, ls, on_login_state_stored);
}

enum gx_outcome gx_login_start(struct gx_req *r)
{
	gx_oidc_provider(gx_req_httpc(r), false, on_provider_for_login, r);
	return GX_DONE;
}

/* --- GET /auth/callback ---------------------------------------------------------- */

struct login_finish {
	struct gx_req *r;
	char code[512];
	struct gx_login_state st;
	const struct gx_discovery *disc;
	struct gx_jwks *keys;
	char *id_token;
	bool keys_refreshed;
	struct gx_id_token tok;
	struct gx_session_row session;
	char cookie_value[GX_SESSION_ID_CHARS + 1];
};

/* The ID token and its claims are personal data: wiped once used. */
static void forget_token(struct login_finish *lf)
{
	gx_jwks_free(lf->keys);
	lf->keys = NULL;
	gx_id_token_clear(&lf->tok);
	if (lf->id_token != NULL)
		sodium_memzero(lf->id_token, strlen(lf->id_token));
}

static void finish_failed(struct login_finish *lf, int status, const char *which)
{
	forget_token(lf);
	gx_page_login_problem(lf->r, status, which);
}

static enum gx_db_status take_login_state(struct gx_store_conn *w, void *arg)
{
	struct login_finish *lf = arg;
	return gx_store_login_state_take(w, lf->st.state, &lf->st);
}

static enum gx_db_status write_login(struct gx_store_conn *w, void *arg)
{
	struct login_finish *lf = arg;
	struct gx_person_login in = {lf->tok.national_id, lf->tok.given_name[0] ? lf->tok.given_name : "-",
				     lf->tok.family_name[0] ? lf->tok.family_name : "-", gx_wall_us()};
	long long person_id, space_id;
	enum gx_db_status s = gx_store_person_login(w, &in, &person_id, &space_id);
	if (s < 0)
		return s;
	gx_session_new(person_id, space_id, in.at_us, &lf->session, lf->cookie_value);
	return gx_store_session_insert(w, &lf->session, lf->id_token);
}

static void on_logged_in(struct gx_req *r, void *arg, enum gx_db_status result)
{
	struct login_finish *lf = arg;
	forget_token(lf);
	if (result < 0) {
		sodium_memzero(lf->cookie_value, sizeof(lf->cookie_value));
		gx_page_login_problem(r, 503, "unavailable");
		return;
	}
	char cookie[256];
	if (gx_session_cookie(cookie, sizeof(cookie), lf->cookie_value) < 0) {
		gx_page_login_problem(r, 500, "unavailable");
		return;
	}
	sodium_memzero(lf->cookie_value, sizeof(lf->cookie_value));
	set_cookie(r, cookie);
	sodium_memzero(cookie, sizeof(cookie));
	gx_oplog_event(GX_LOG_INFO, "login", r->id, "a person logged in");
	gx_reply_redirect(r, lf->st.return_to);
}

static void verify(struct login_finish *lf);

static void on_keys_refreshed(void *arg, const struct gx_discovery *d, struct gx_jwks *keys, const char *error)
{
	struct login_finish *lf = arg;
	if (error != NULL) {
		finish_failed(lf, 503, "unavailable");
		return;
	}
	gx_jwks_free(lf->keys);
	lf->keys = keys;
	verify(lf);
}

static void verify(struct login_finish *lf)
{
	const struct gx_oidc_rp_config *c = gx_oidc_rp();
	struct gx_id_token_expect expect = {
		.issuer = lf->disc->issuer,
		.audience = c->client_id,
		.nonce = lf->st.nonce,
		.national_id_claim = c->national_id_claim,
		.now = (int64_t)(gx_wall_us() / 1000000),
	};
	char err[160];
	enum gx_jwt_error e = gx_jwt_verify_id_token(lf->id_token, strlen(lf->id_token), lf->keys, &expect, &lf->tok,
						     err, sizeof(err));
	if (e == GX_JWT_UNKNOWN_KID && !lf->keys_refreshed) {
		/* The provider may have rotated its keys: ask once more. */
		lf->keys_refreshed = true;
		gx_oidc_provider(gx_req_httpc(lf->r), true, on_keys_refreshed, lf);
		return;
	}
	if (e != GX_JWT_OK) {
		gx_oplog_event(GX_LOG_WARN, "login_refused", lf->r->id, "ID token refused: %s", gx_jwt_error_name(e));
		finish_failed(lf, 400, e == GX_JWT_EXPIRED || e == GX_JWT_TOO_OLD ? "expired" : "refused");
		return;
	}
	gx_req_durable(lf->r, write_login, lf, on_logged_in);
}

static void on_token(void *arg, const struct gx_httpc_response *res)
{
	struct login_finish *lf = arg;
	if (res->error != GX_HTTPC_OK) {
		gx_oplog_event(GX_LOG_WARN, "login_unavailable", lf->r->id, "token endpoint: %s",
			       gx_httpc_error_name(res->error));
		finish_failed(lf, 503, "unavailable");
		return;
	}
	if (res->status != 200) {
		gx_oplog_event(GX_LOG_WARN, "login_refused", lf->r->id, "token endpoint answered %d", res->status);
		finish_failed(lf, 400, "refused");
		return;
	}
	json_error_t jerr;
	json_t *body = json_loadb(res->body.base, res->body.len, JSON_REJECT_DUPLICATES, &jerr);
	const char *id_token = json_string_value(json_object_get(body, "id_token"));
	if (id_token == NULL || strlen(id_token) > GX_JWT_MAX_LEN) {
		json_decref(body);
		gx_oplog_event(GX_LOG_WARN, "login_refused", lf->r->id, "token response without a usable id_token");
		finish_failed(lf, 400, "refused");
		return;
	}
	size_t n = strlen(id_token);
	lf->id_token = gx_req_alloc(lf->r, n + 1);
	memcpy(lf->id_token, id_token, n + 1);
	json_decref(body);
	verify(lf);
}

/* "Basic base64(urlencode(id) ':' urlencode(secret))" (RFC 6749 section 2.3.1). */
static int basic_auth(char *out, size_t cap, const char *id, const char *secret)
{
	char eid[512], esecret[512], pair[1100];
	if (gx_query_encode(id, strlen(id), eid, sizeof(eid)) < 0 ||
	    gx_query_encode(secret, strlen(secret), esecret, sizeof(esecret)) < 0)
		return -1;
	int n = snprintf(pair, sizeof(pair), "%s:%s", eid, esecret);
	if (n < 0 || (size_t)n >= sizeof(pair) || cap < 7 + sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL))
		return -1;
	memcpy(out, "Basic ", 6);
	sodium_bin2base64(out + 6, cap - 6, (const unsigned char *)pair, (size_t)n, sodium_base64_VARIANT_ORIGINAL);
	sodium_memzero(pair, sizeof(pair));
	return 0;
}

static void on_provider_for_token(void *arg, const struct gx_discovery *d, struct gx_jwks *keys, const char *error)
{
	struct login_finish *lf = arg;
	if (error != NULL) {
		gx_oplog_event(GX_LOG_WARN, "login_unavailable", lf->r->id, "%s", error);
		finish_failed(lf, 503, "unavailable");
		return;
	}
	lf->disc = d;
	lf->keys = keys;
	const struct gx_oidc_rp_config *c = gx_oidc_rp();
	char body[2048] = "grant_type=authorization_code";
	if (add_param(body, sizeof(body), "code", lf->code) != 0 ||
	    add_param(body, sizeof(body), "redirect_uri", c->redirect_uri) != 0 ||
	    add_param(body, sizeof(body), "code_verifier", lf->st.code_verifier) != 0) {
		finish_failed(lf, 400, "refused");
		return;
	}
	/* add_param starts with '?' when the string has none: this is a body. */
	char *q = strchr(body, '?');
	if (q != NULL)
		*q = '&';
	char auth[1600];
	if (basic_auth(auth, sizeof(auth), c->client_id, c->client_secret) != 0) {
		finish_failed(lf, 500, "unavailable");
		return;
	}
	struct gx_httpc_header headers[] = {
		{"authorization", auth},
		{"content-type", "application/x-www-form-urlencoded"},
		{"accept", "application/json"},
	};
	struct gx_httpc_request req = {.method = "POST", .url = d->token_endpoint, .headers = headers,
				       .num_headers = 3, .body = h2o_iovec_init(body, strlen(body)),
				       .deadline_ms = 5000, .max_response_bytes = 64 * 1024};
	if (gx_httpc_start(gx_req_httpc(lf->r), &req, on_token, lf) == NULL)
		finish_failed(lf, 500, "unavailable");
	sodium_memzero(auth, sizeof(auth));
}

static void on_login_state_taken(struct gx_req *r, void *arg, enum gx_db_status result)
{
	struct login_finish *lf = arg;
	if (result < 0) {
		finish_failed(lf, 503, "unavailable");
		return;
	}
	if (result == GX_DB_NO_RESULTS || gx_wall_us() - lf->st.created_at_us > LOGIN_MAX_AGE_US) {
		finish_failed(lf, 400, "expired");
		return;
	}
	gx_oidc_provider(gx_req_httpc(r), false, on_provider_for_token, lf);
}

enum gx_outcome gx_login_callback(struct gx_req *r)
{
	struct login_finish *lf = gx_req_alloc(r, sizeof(*lf));
	memset(lf, 0, sizeof(*lf));
	lf->r = r;
	size_t qlen;
	const char *q = gx_query_of(r->h2o->path.base, r->h2o->path.len, &qlen);
	char error[64];
	if (gx_query_get(q, qlen, "error", error, sizeof(error)) >= 0) {
		/* The person cancelled, or the provider refused: nothing to keep. */
		gx_page_login_problem(r, 400, "cancelled");
		return GX_CLIENT_FAULT;
	}
	if (gx_query_get(q, qlen, "state", lf->st.state, sizeof(lf->st.state)) <= 0 ||
	    gx_query_get(q, qlen, "code", lf->code, sizeof(lf->code)) <= 0) {
		gx_page_login_problem(r, 400, "refused");
		return GX_CLIENT_FAULT;
	}
	return gx_req_durable(r, take_login_state, lf, on_login_state_taken);
}

/* --- POST /logout ----------------------------------------------------------------- */

struct logout {
	unsigned char hash[GX_SESSION_HASH_BYTES];
	char id_token[GX_JWT_MAX_LEN + 1];
};

static enum gx_db_status delete_session(struct gx_store_conn *w, void *arg)
{
	struct logout *lo = arg;
	return gx_store_session_delete(w, lo->hash, lo->id_token, sizeof(lo->id_token));
}

static void on_provider_for_logout(void *arg, const struct gx_discovery *d, struct gx_jwks *keys, const char *error)
{
	struct gx_req *r = arg;
	struct logout *lo = r->state;
	gx_jwks_free(keys);
	const struct gx_oidc_rp_config *c = gx_oidc_rp();
	char url[GX_JWT_MAX_LEN + 2048];
	if (error == NULL && d->end_session_endpoint != NULL && lo->id_token[0] != '\0') {
		snprintf(url, sizeof(url), "%s", d->end_session_endpoint);
		if (add_param(url, sizeof(url), "id_token_hint", lo->id_token) == 0 &&
		    add_param(url, sizeof(url), "post_logout_redirect_uri", c->post_logout_uri) == 0 &&
		    add_param(url, sizeof(url), "ui_locales", gx_lang_code(gx_req_lang(r))) == 0) {
			sodium_memzero(lo->id_token, sizeof(lo->id_token));
			gx_reply_redirect(r, url);
			return;
		}
	}
	sodium_memzero(lo->id_token, sizeof(lo->id_token));
	gx_reply_redirect(r, "/");
}

static void on_session_deleted(struct gx_req *r, void *arg, enum gx_db_status result)
{
	struct logout *lo = arg;
	if (result < 0) {
		gx_page_login_problem(r, 503, "unavailable");
		return;
	}
	gx_session_forget(lo->hash);
	char cookie[128];
	if (gx_session_cookie_clear(cookie, sizeof(cookie)) >= 0)
		set_cookie(r, cookie);
	gx_oplog_event(GX_LOG_INFO, "logout", r->id, "a person logged out");
	r->state = lo;
	gx_oidc_provider(gx_req_httpc(r), false, on_provider_for_logout, r);
}

enum gx_outcome gx_logout(struct gx_req *r)
{
	struct logout *lo = gx_req_alloc(r, sizeof(*lo));
	memcpy(lo->hash, r->actor.session.id_hash, sizeof(lo->hash));
	lo->id_token[0] = '\0';
	return gx_req_durable(r, delete_session, lo, on_session_deleted);
}
