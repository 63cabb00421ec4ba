/* An organisation's machine clients (its case systems), as its
 * administrators manage them:
 *
 *   GET  /backoffice/orgs/{org}/clients                       the clients, their scopes; a form to register one
 *   POST /backoffice/orgs/{org}/clients                       jwk (a public JWK), one field per scope granted:
 *                                                             303 to the list naming the new client's id, or the
 *                                                             list again with the reason (422)
 *   POST /backoffice/orgs/{org}/clients/{client}/remove       303 to the list; its tokens stop working at once
 *
 * The organisation keeps its private key; the platform gets the public one
 * (guichetctl org clients keygen makes a pair). */

#include "backoffice/pages/clients.h"

#include <stdio.h>
#include <string.h>

#include "authz/authz.h"
#include "backoffice/ctx.h"
#include "backoffice/pages/form_field.h"
#include "core/clients.h"
#include "forms/labels.h"
#include "http/query.h"
#include "http/request.h"
#include "i18n/i18n.h"
#include "site/page.h"
#include "site/site.h"
#include "util/local_time.h"

static const char *bo_text(struct gx_req *r, const char *key)
{
	char full[64];
	snprintf(full, sizeof(full), "bo.%s", key);
	const char *m = gx_i18n_get(gx_site.i18n, gx_req_lang(r), full);
	return m != NULL ? m : key;
}

/* The list and the form; errors (taken, or NULL) in its summary, jwk the text typed. */
static enum gx_outcome clients_page(struct gx_req *r, int status, json_t *errors, const char *jwk)
{
	const char *org = gx_req_param(r, "org");
	json_t *clients = gx_org_clients(gx_req_store(r), org);
	if (clients == NULL) {
		json_decref(errors);
		return GX_SERVER_FAULT;
	}
	size_t qlen;
	const char *q = gx_query_of(r->h2o->path.base, r->h2o->path.len, &qlen);
	char added[GX_STORE_CLIENT_ID_MAX] = "";
	if (gx_query_get(q, qlen, "added", added, sizeof(added)) <= 0)
		added[0] = '\0';
	bool shown = false;
	size_t i;
	json_t *c;
	json_array_foreach(clients, i, c) {
		char when[32];
		gx_local_time_format((long long)json_integer_value(json_object_get(c, "created_at_us")), when, sizeof(when),
				     false);
		json_object_set_new(c, "created", json_string(when));
		bool active = !json_is_integer(json_object_get(c, "revoked_at_us"));
		json_object_set_new(c, "active", json_boolean(active));
		if (!active) {
			gx_local_time_format((long long)json_integer_value(json_object_get(c, "revoked_at_us")), when,
					     sizeof(when), false);
			json_object_set_new(c, "removed", json_string(when));
		}
		const char *id = json_string_value(json_object_get(c, "client_id"));
		shown = shown || (active && strcmp(id, added) == 0);
	}
	json_t *scopes = json_array();
	for (unsigned bit = 1; gx_scope_name((enum gx_scope)bit) != NULL; bit <<= 1) {
		const char *name = gx_scope_name((enum gx_scope)bit);
		char key[48], id[48];
		snprintf(key, sizeof(key), "scope.%s", name);
		for (char *k = key + 6; *k != '\0'; k++)
			*k = *k == '.' ? '_' : *k;   /* submissions.read: bo.scope.submissions_read */
		snprintf(id, sizeof(id), "scope-%u", bit);
		json_array_append_new(scopes, json_pack("{s:s, s:s, s:s}", "name", name, "id", id, "label", bo_text(r, key)));
	}
	char action[128];
	snprintf(action, sizeof(action), "/backoffice/orgs/%s/clients", org);
	json_t *data = json_pack("{s:s, s:s, s:s, s:o, s:b, s:o, s:s, s:s, s:b, s:o, s:s?}", "org", org, "org_title",
				 gx_proc_organisation_title(org, gx_req_lang(r)), "action", action, "clients", clients,
				 "has_clients", json_array_size(clients) > 0, "scopes", scopes, "csrf",
				 r->actor.session.csrf_token, "jwk", jwk != NULL ? jwk : "", "has_errors", errors != NULL,
				 "error_summary", errors != NULL ? errors : json_array(), "added", shown ? added : NULL);
	return gx_page_reply_owned(r, status, "bo_clients", "bo.clients_title", data);
}

enum gx_outcome gx_bo_clients(struct gx_req *r)
{
	return clients_page(r, 200, NULL, NULL);
}

static void on_registered(void *arg, const struct gx_client_registered *res)
{
	struct gx_req *r = arg;
	char href[200];
	enum gx_outcome o;
	switch (res->status) {
	case GX_CORE_OK:
		snprintf(href, sizeof(href), "/backoffice/orgs/%s/clients?added=%s", gx_req_param(r, "org"), res->id);
		o = gx_reply_redirect(r, href);
		break;
	case GX_CORE_INVALID:
		o = clients_page(r, 422, json_pack("[{s:s, s:s}]", "text", bo_text(r, "errors.jwk"), "href", "#client-jwk"),
				 gx_bo_field(r, "jwk"));
		break;
	case GX_CORE_UNAVAILABLE:
		o = gx_reply_problem(r, GX_ERR_UNAVAILABLE, NULL, "the client could not be stored; try again");
		break;
	default:
		o = GX_SERVER_FAULT;
		break;
	}
	if (o == GX_SERVER_FAULT && !r->replied)
		gx_reply_problem(r, GX_ERR_INTERNAL, NULL, NULL);
}

enum gx_outcome gx_bo_clients_add(struct gx_req *r)
{
	const struct gx_bo *bo = gx_bo_ctx(r);
	if (bo == NULL)
		return GX_SERVER_FAULT;
	const char *jwk = gx_bo_field(r, "jwk");
	if (jwk == NULL || jwk[0] == '\0')
		return clients_page(r, 422, json_pack("[{s:s, s:s}]", "text", bo_text(r, "errors.jwk"), "href", "#client-jwk"),
				    jwk);
	unsigned bits = 0;
	for (unsigned bit = 1; gx_scope_name((enum gx_scope)bit) != NULL; bit <<= 1) {
		const char *v = gx_bo_field(r, gx_scope_name((enum gx_scope)bit));
		if (v != NULL && v[0] != '\0')
			bits |= bit;
	}
	char scopes[GX_STORE_CLIENT_SCOPES_MAX];
	if (gx_scopes_format(bits, ' ', scopes, sizeof(scopes)) != 0)
		return GX_SERVER_FAULT;
	gx_org_client_register(bo->c, bo->who.org, jwk, strlen(jwk), scopes, on_registered, r);
	return GX_DONE;
}

static void on_removed(void *arg, enum gx_core_status status)
{
	struct gx_req *r = arg;
	char href[160];
	snprintf(href, sizeof(href), "/backoffice/orgs/%s/clients", gx_req_param(r, "org"));
	enum gx_outcome o = status == GX_CORE_OK	  ? gx_reply_redirect(r, href)
			    : status == GX_CORE_NOT_FOUND ? gx_page_error(r, GX_ERR_NOT_FOUND)
			    : status == GX_CORE_UNAVAILABLE
				    ? gx_reply_problem(r, GX_ERR_UNAVAILABLE, NULL, "the client could not be removed; try again")
				    : GX_SERVER_FAULT;
	if (o == GX_SERVER_FAULT && !r->replied)
		gx_reply_problem(r, GX_ERR_INTERNAL, NULL, NULL);
}

enum gx_outcome gx_bo_clients_remove(struct gx_req *r)
{
	const struct gx_bo *bo = gx_bo_ctx(r);
	const char *id = gx_req_param(r, "client");
	if (bo == NULL)
		return GX_SERVER_FAULT;
	if (id == NULL || id[0] == '\0' || strlen(id) >= GX_STORE_CLIENT_ID_MAX)
		return gx_page_error(r, GX_ERR_NOT_FOUND);
	gx_org_client_remove(bo->c, bo->who.org, id, on_removed, r);
	return GX_DONE;
}
