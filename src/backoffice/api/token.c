#include "backoffice/api/token.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "authz/authz.h"
#include "config/config.h"
#include "http/bearer.h"
#include "http/durable.h"
#include "http/query.h"
#include "http/request.h"
#include "http/server.h"
#include "log/oplog.h"
#include "oidc/client_assertion.h"
#include "util/clock.h"

#define JWT_BEARER "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
#define TOKEN_PATH "/api/org/v1/token"

/* What the durable write needs, and what it found (request pool). */
struct token_write {
	struct gx_client_token t;
	char jti[GX_CLIENT_ASSERTION_JTI_MAX + 1];
	long long keep_jti_until_us;
	long long now_us;
	int lifetime_s;
	char token[GX_ACCESS_TOKEN_CHARS + 1];
	bool replayed;   /* the jti was seen before */
	bool revoked;    /* the client was removed meanwhile */
};

static bool is_form(h2o_req_t *req)
{
	ssize_t i = h2o_find_header(&req->headers, H2O_TOKEN_CONTENT_TYPE, -1);
	if (i < 0)
		return false;
	h2o_iovec_t v = req->headers.entries[i].value;
	size_t n = 0;
	while (n < v.len && v.base[n] != ';' && v.base[n] != ' ')
		n++;
	return n == 33 && strncasecmp(v.base, "application/x-www-form-urlencoded", 33) == 0;
}

/* How many pairs of the form are called name (RFC 6749 section 3.2: none may repeat). */
static int form_count(const char *body, size_t len, const char *name)
{
	size_t nlen = strlen(name), pos = 0;
	int n = 0;
	while (pos < len) {
		const char *amp = memchr(body + pos, '&', len - pos);
		size_t end = amp != NULL ? (size_t)(amp - body) : len;
		if (end - pos >= nlen && memcmp(body + pos, name, nlen) == 0 && (end - pos == nlen || body[pos + nlen] == '='))
			n++;
		pos = end + 1;
	}
	return n;
}

/* 401 invalid_client, and one log line naming the reason's code (and the
 * client when it is a registered one): nothing of the assertion. */
static enum gx_outcome refuse(struct gx_req *r, const char *code, const char *client, const char *detail)
{
	if (client != NULL)
		gx_oplog_event(GX_LOG_INFO, "client_assertion_refused", r->id, "client %s: %s", client, code);
	else
		gx_oplog_event(GX_LOG_INFO, "client_assertion_refused", r->id, "%s", code);
	return gx_reply_problem(r, GX_ERR_INVALID_CLIENT, NULL, detail);
}

static enum gx_db_status write_token(struct gx_store_conn *writer, void *arg)
{
	struct token_write *w = arg;
	w->replayed = w->revoked = false;
	/* Removed while the assertion was being checked: nothing is issued. */
	struct gx_org_client c;
	enum gx_db_status s = gx_store_org_client_get(writer, w->t.client_id, &c);
	bool active = s == GX_DB_ONE_RESULT && c.revoked_at_us == 0;
	gx_org_client_clear(&c);
	if (s < 0)
		return s;
	if (!active) {
		w->revoked = true;
		return GX_DB_CONFLICT;
	}
	s = gx_store_client_assertion_record(writer, w->t.client_id, w->jti, w->keep_jti_until_us);
	if (s == GX_DB_CONFLICT)
		w->replayed = true;
	if (s < 0)
		return s;
	s = gx_store_client_token_insert(writer, &w->t);
	if (s < 0)
		return s;
	return gx_store_clients_purge(writer, w->now_us);
}

static void on_written(struct gx_req *r, void *arg, enum gx_db_status result)
{
	struct token_write *w = arg;
	if (result == GX_DB_CONFLICT && (w->replayed || w->revoked)) {
		refuse(r, w->replayed ? "replayed" : "revoked", w->t.client_id,
		       w->replayed ? "This client assertion was already used (its jti): make a new one for each request."
				   : "This client was removed.");
	} else if (result < 0) {
		gx_reply_problem(r, GX_ERR_UNAVAILABLE, NULL, "the access token could not be stored; try again");
	} else {
		json_t *body = json_pack("{s:s, s:s, s:i, s:s}", "access_token", w->token, "token_type", "Bearer",
					 "expires_in", w->lifetime_s, "scope", w->t.scopes);
		h2o_req_t *req = r->h2o;
		h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CACHE_CONTROL, NULL, H2O_STRLIT("no-store"));
		h2o_add_header_by_str(&req->pool, &req->res.headers, H2O_STRLIT("pragma"), 0, NULL, H2O_STRLIT("no-cache"));
		if (body == NULL || gx_reply_json(r, 200, body) != GX_DONE)
			gx_reply_problem(r, GX_ERR_INTERNAL, NULL, NULL);
		else
			gx_oplog_event(GX_LOG_INFO, "client_token_issued", r->id, "client %s, scopes \"%s\", %d s",
				       w->t.client_id, w->t.scopes, w->lifetime_s);
		json_decref(body);
	}
	sodium_memzero(w->token, sizeof(w->token));
}

/* A required form field that must have one value; 400 naming it otherwise. */
static enum gx_outcome fixed_field(struct gx_req *r, const char *body, size_t len, const char *name, const char *want)
{
	char value[80], field[40];
	snprintf(field, sizeof(field), "/%s", name);
	long n = gx_query_get(body, len, name, value, sizeof(value));
	if (n == -1)
		return gx_reply_problem(r, GX_ERR_MISSING_FIELD, field, NULL);
	if (n < 0 || strcmp(value, want) != 0) {
		char detail[120];
		snprintf(detail, sizeof(detail), "%s must be %s", name, want);
		return gx_reply_problem(r, GX_ERR_INVALID_FIELD, field, detail);
	}
	return GX_DONE;
}

/* The token endpoint's URL: site.url (without a trailing slash) and the path. */
static void token_endpoint(struct gx_req *r, char *out, size_t outlen)
{
	const char *site = gx_server_config(gx_req_server(r))->site_url;
	size_t n = strlen(site);
	while (n > 0 && site[n - 1] == '/')
		n--;
	snprintf(out, outlen, "%.*s%s", (int)n, site, TOKEN_PATH);
}

enum gx_outcome gx_org_api_token(struct gx_req *r)
{
	h2o_req_t *req = r->h2o;
	if (!is_form(req))
		return gx_reply_problem(r, GX_ERR_UNSUPPORTED_MEDIA_TYPE, NULL,
					"send Content-Type: application/x-www-form-urlencoded");
	const char *body = req->entity.base != NULL ? req->entity.base : "";
	size_t len = req->entity.base != NULL ? req->entity.len : 0;

	static const char *const fields[] = {"grant_type", "client_assertion_type", "client_assertion", "scope",
					     "client_id"};
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		if (form_count(body, len, fields[i]) > 1) {
			char field[40];
			snprintf(field, sizeof(field), "/%s", fields[i]);
			return gx_reply_problem(r, GX_ERR_INVALID_FIELD, field, "given more than once");
		}
	}
	enum gx_outcome o = fixed_field(r, body, len, "grant_type", "client_credentials");
	if (o == GX_DONE && !r->replied)
		o = fixed_field(r, body, len, "client_assertion_type", JWT_BEARER);
	if (o != GX_DONE || r->replied)
		return o;

	/* The decoded value is never longer than the body. */
	char *assertion = gx_req_alloc(r, len + 1);
	long alen = gx_query_get(body, len, "client_assertion", assertion, len + 1);
	if (alen == -1)
		return gx_reply_problem(r, GX_ERR_MISSING_FIELD, "/client_assertion", NULL);
	if (alen < 0)
		return gx_reply_problem(r, GX_ERR_INVALID_FIELD, "/client_assertion", "badly percent-encoded");

	unsigned requested = 0;
	bool scope_given = false;
	char scope[160];
	long slen = gx_query_get(body, len, "scope", scope, sizeof(scope));
	if (slen == -2 || slen == 0)
		return gx_reply_problem(r, GX_ERR_INVALID_FIELD, "/scope",
					"scope is empty, too long or badly encoded: leave it out for all the client's scopes");
	if (slen > 0) {
		if (gx_scopes_parse(scope, (size_t)slen, ' ', &requested, NULL, NULL) != 0)
			return gx_reply_problem(r, GX_ERR_INVALID_FIELD, "/scope",
						"scope lists names other than submissions.read, submissions.write, "
						"registers.read and letterbox.send, separated by single spaces");
		scope_given = true;
	}
	char client_id[GX_STORE_CLIENT_ID_MAX + 1];
	long clen = gx_query_get(body, len, "client_id", client_id, sizeof(client_id));
	if (clen == -2)
		return gx_reply_problem(r, GX_ERR_INVALID_FIELD, "/client_id", "too long or badly encoded");

	/* Who claims to have signed it: only to find the key. */
	char iss[GX_CLIENT_ASSERTION_ISS_MAX + 1], err[160];
	enum gx_jwt_error e = gx_client_assertion_issuer(assertion, (size_t)alen, iss, err, sizeof(err));
	if (e != GX_JWT_OK)
		return refuse(r, gx_jwt_error_name(e), NULL, gx_client_assertion_error_message(e));
	if (clen >= 0 && strcmp(client_id, iss) != 0)
		return refuse(r, "client_id_mismatch", NULL, "client_id is not the client assertion's iss.");

	struct gx_org_client c;
	enum gx_db_status s = gx_store_org_client_get(gx_req_store(r), iss, &c);
	if (s < 0)
		return gx_reply_problem(r, GX_ERR_UNAVAILABLE, NULL, "clients cannot be read right now");
	if (s == GX_DB_NO_RESULTS)
		return refuse(r, "unknown_client", NULL, "No client is registered under the client assertion's iss.");
	struct gx_jwk key;
	char endpoint[sizeof(((struct gx_config *)0)->site_url) + sizeof(TOKEN_PATH)];
	struct token_write *w = gx_req_alloc(r, sizeof(*w));
	memset(w, 0, sizeof(*w));
	unsigned granted = 0;
	int key_rc = c.revoked_at_us != 0 ? 0 : gx_jwk_parse_client_key(c.jwk, strlen(c.jwk), &key, err, sizeof(err));
	bool scopes_ok = gx_scopes_parse(c.scopes, strlen(c.scopes), ' ', &granted, NULL, NULL) == 0;
	snprintf(w->t.client_id, sizeof(w->t.client_id), "%s", c.client_id);
	snprintf(w->t.org, sizeof(w->t.org), "%s", c.org);
	bool revoked = c.revoked_at_us != 0;
	gx_org_client_clear(&c);
	if (revoked)
		return refuse(r, "revoked", w->t.client_id, "This client was removed.");
	if (key_rc != 0 || !scopes_ok) {
		gx_oplog_event(GX_LOG_ERROR, "client_unusable", r->id, "client %s: its stored key or scopes do not parse",
			       w->t.client_id);
		if (key_rc == 0)
			gx_jwk_clear(&key);
		return GX_SERVER_FAULT;
	}

	token_endpoint(r, endpoint, sizeof(endpoint));
	w->now_us = gx_wall_us();
	struct gx_client_assertion_expect x = {w->t.client_id, endpoint, w->now_us / 1000000};
	struct gx_client_assertion a;
	e = gx_client_assertion_verify(assertion, (size_t)alen, &key, &x, &a, err, sizeof(err));
	gx_jwk_clear(&key);
	if (e != GX_JWT_OK)
		return refuse(r, gx_jwt_error_name(e), w->t.client_id, gx_client_assertion_error_message(e));
	if (scope_given && (requested & ~granted) != 0)
		return gx_reply_problem(r, GX_ERR_INVALID_FIELD, "/scope", "scope asks for more than this client was granted");

	const struct gx_config *cfg = gx_server_config(gx_req_server(r));
	w->lifetime_s = (int)cfg->orgapi_token_lifetime_s;
	if (w->lifetime_s < 1 || w->lifetime_s > GX_CLIENT_ASSERTION_MAX_LIFETIME)
		w->lifetime_s = GX_CLIENT_ASSERTION_MAX_LIFETIME;
	memcpy(w->jti, a.jti, sizeof(w->jti));
	w->keep_jti_until_us = (long long)a.keep_until * 1000000;
	if (gx_scopes_format(scope_given ? requested : granted, ' ', w->t.scopes, sizeof(w->t.scopes)) != 0)
		return GX_SERVER_FAULT;
	gx_access_token_new(w->token, w->t.hash);
	w->t.issued_at_us = w->now_us;
	w->t.expires_at_us = w->now_us + (long long)w->lifetime_s * 1000000;
	return gx_req_durable(r, write_token, w, on_written);
}
