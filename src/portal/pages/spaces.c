/* The spaces a person acts in, as pages:
 *
 *   GET  /spaces                          their spaces (switch to one), invitations and mandates to answer,
 *                                         and the registers' buttons (my companies, my children)
 *   POST /spaces/{space}/activate         switch the active space (the header then names it)
 *   POST /spaces/companies                open the spaces of the companies the person manages
 *   POST /spaces/children                 record the spaces of their minor children
 *   POST /invitations/{invitation}/accept, /decline
 *   POST /mandates/{mandate}/accept, /revoke
 *
 * Each write answers 303 back to /spaces with what was done. Thin over
 * core/spaces.h. */

#include "portal/pages/spaces.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/spaces.h"
#include "forms/form.h"
#include "forms/labels.h"
#include "http/query.h"
#include "http/request.h"
#include "portal/app.h"
#include "portal/path.h"
#include "procedures/definition.h"
#include "session/session.h"
#include "site/page.h"
#include "site/site.h"
#include "util/local_time.h"

static const char *text(const json_t *t, const char *section, const char *key)
{
	const char *s = json_string_value(json_object_get(json_object_get(t, section), key));
	return s != NULL ? s : key;
}

static void put(json_t *o, const char *key, const char *s)
{
	json_object_set_new(o, key, json_string(s != NULL ? s : ""));
}

/* The titles of a JSON array of procedure ids, joined, in lang. */
char *gx_page_procedure_titles(const json_t *ids, enum gx_lang lang)
{
	if (!json_is_array(ids) || json_array_size(ids) == 0)
		return NULL;
	size_t cap = 64 * json_array_size(ids) + 1, used = 0;
	char *out = malloc(cap);
	if (out == NULL)
		return NULL;
	out[0] = '\0';
	size_t i;
	json_t *id;
	json_array_foreach(ids, i, id) {
		const struct gx_procedure *p = gx_app_procedure(json_string_value(id));
		const char *title = p != NULL ? gx_form_text(json_object_get(gx_procedure_json(p), "titles"), lang)
					      : json_string_value(id);
		size_t need = strlen(title != NULL ? title : "") + 3;
		if (used + need >= cap) {
			char *more = realloc(out, cap = (used + need) * 2);
			if (more == NULL) {
				free(out);
				return NULL;
			}
			out = more;
		}
		used += (size_t)snprintf(out + used, cap - used, "%s%s", i > 0 ? ", " : "", title != NULL ? title : "");
	}
	return out;
}

static json_t *space_rows(struct gx_req *r, const json_t *t, const char *text_json, enum gx_lang lang)
{
	json_t *list = json_loads(text_json, 0, NULL), *rows = json_array();
	size_t i;
	json_t *s;
	(void)lang;
	json_array_foreach(list, i, s) {
		long long id = json_integer_value(json_object_get(s, "id"));
		const char *kind = json_string_value(json_object_get(s, "kind"));
		const char *via = json_string_value(json_object_get(s, "via"));
		const char *role = json_string_value(json_object_get(s, "role"));
		json_t *row = json_pack("{s:I, s:s, s:b, s:b, s:b}", "id", (json_int_t)id, "csrf",
					r->actor.session.csrf_token, "active", id == r->actor.session.space_id, "company",
					kind != NULL && strcmp(kind, "professional") == 0, "admin",
					role != NULL && (strcmp(role, "owner") == 0 || strcmp(role, "administrator") == 0));
		put(row, "name", json_string_value(json_object_get(s, "name")));
		put(row, "kind_label", text(t, "spaces", kind != NULL && strcmp(kind, "professional") == 0 ? "kind_company"
													 : "kind_private"));
		char how[64];
		snprintf(how, sizeof(how), "how_%s", via != NULL && strcmp(via, "member") == 0 ? role : via);
		put(row, "how", text(t, "spaces", how));
		json_t *until = json_object_get(s, "until_us");
		char day[24] = "";
		if (json_is_integer(until))
			gx_local_time_format(json_integer_value(until) - 1, day, sizeof(day), false);
		put(row, "until", day);
		json_array_append_new(rows, row);
	}
	json_decref(list);
	return rows;
}

static json_t *invitation_rows(struct gx_req *r, const json_t *t, const char *text_json, enum gx_lang lang)
{
	json_t *list = json_loads(text_json, 0, NULL), *rows = json_array();
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v) {
		json_t *row = json_pack("{s:I, s:s}", "id", json_integer_value(json_object_get(v, "id")), "csrf",
					r->actor.session.csrf_token);
		put(row, "space_name", json_string_value(json_object_get(v, "space_name")));
		char key[32];
		snprintf(key, sizeof(key), "role_%s", json_string_value(json_object_get(v, "role")));
		put(row, "role", text(t, "spaces", key));
		char *titles = gx_page_procedure_titles(json_object_get(v, "procedures"), lang);
		if (titles != NULL)
			put(row, "procedures", titles);
		free(titles);
		json_array_append_new(rows, row);
	}
	json_decref(list);
	return rows;
}

/* "all procedures", the procedures' titles, or "the procedures of <organisation>". */
char *gx_page_mandate_scope(const json_t *t, const json_t *m, enum gx_lang lang)
{
	const char *scope = json_string_value(json_object_get(m, "scope"));
	char *out = NULL;
	if (scope != NULL && strcmp(scope, "procedures") == 0)
		return gx_page_procedure_titles(json_object_get(m, "procedures"), lang);
	char buf[300];
	if (scope != NULL && strcmp(scope, "organisation") == 0)
		snprintf(buf, sizeof(buf), "%s %s", text(t, "mandates", "scope_of"),
			 gx_proc_organisation_title(json_string_value(json_object_get(m, "organisation")), lang));
	else
		snprintf(buf, sizeof(buf), "%s", text(t, "mandates", "scope_all"));
	out = strdup(buf);
	return out;
}

/* A mandate's state now, its label and its tag's class. */
const char *gx_page_mandate_state(const json_t *m, long long now_us, const char **tag_class)
{
	bool revoked = json_is_integer(json_object_get(m, "revoked_at_us"));
	bool accepted = json_is_integer(json_object_get(m, "accepted_at_us"));
	long long until = json_integer_value(json_object_get(m, "valid_until_us"));
	long long from = json_integer_value(json_object_get(m, "valid_from_us"));
	const char *state = revoked ? "revoked" : until <= now_us ? "over" : !accepted ? "pending"
						   : from > now_us ? "accepted" : "in_force";
	*tag_class = strcmp(state, "in_force") == 0 ? "govuk-tag--green"
		     : strcmp(state, "pending") == 0 || strcmp(state, "accepted") == 0 ? "govuk-tag--blue"
										      : "govuk-tag--grey";
	return state;
}

/* "2026-01-01 – 2026-06-30": its first and last days. */
void gx_page_mandate_dates(const json_t *m, char out[64])
{
	char from[24], until[24];
	gx_local_time_format(json_integer_value(json_object_get(m, "valid_from_us")), from, sizeof(from), false);
	gx_local_time_format(json_integer_value(json_object_get(m, "valid_until_us")) - 1, until, sizeof(until), false);
	snprintf(out, 64, "%s – %s", from, until);
}

static json_t *mandate_rows(struct gx_req *r, const json_t *t, const char *text_json, enum gx_lang lang)
{
	const struct gx_core_ctx *c = gx_app_ctx(r);
	json_t *list = json_loads(text_json, 0, NULL), *rows = json_array();
	size_t i;
	json_t *m;
	json_array_foreach(list, i, m) {
		const char *tag;
		const char *state = gx_page_mandate_state(m, c->now_us, &tag);
		char key[32], dates[64];
		snprintf(key, sizeof(key), "state_%s", state);
		gx_page_mandate_dates(m, dates);
		char *scope = gx_page_mandate_scope(t, m, lang);
		bool open = strcmp(state, "revoked") != 0 && strcmp(state, "over") != 0;
		json_t *row = json_pack("{s:I, s:s, s:b, s:b, s:s}", "id", json_integer_value(json_object_get(m, "id")),
					"csrf", r->actor.session.csrf_token, "open", open, "pending",
					strcmp(state, "pending") == 0, "state_class", tag);
		put(row, "space_name", json_string_value(json_object_get(m, "space_name")));
		put(row, "state", text(t, "mandates", key));
		put(row, "dates", dates);
		put(row, "scope", scope);
		free(scope);
		json_array_append_new(rows, row);
	}
	json_decref(list);
	return rows;
}

enum gx_outcome gx_page_spaces(struct gx_req *r)
{
	enum gx_lang lang = gx_req_lang(r);
	const json_t *t = gx_i18n_catalog(gx_site.i18n, lang);
	const struct gx_core_ctx *c = gx_app_ctx(r);
	char *spaces = NULL, *invitations = NULL, *mandates = NULL;
	enum gx_outcome o = GX_SERVER_FAULT;
	if (gx_spaces_read(c, &spaces) < 0 || gx_invitations_for_me(c, &invitations) < 0 ||
	    gx_mandates_for_me(c, &mandates) < 0)
		goto done;
	json_t *inv = invitation_rows(r, t, invitations, lang), *man = mandate_rows(r, t, mandates, lang);
	json_t *data = json_pack("{s:o, s:b, s:o, s:b, s:o, s:s}", "spaces", space_rows(r, t, spaces, lang),
				 "has_invitations", json_array_size(inv) > 0, "invitations", inv, "has_mandates",
				 json_array_size(man) > 0, "mandates", man, "csrf", r->actor.session.csrf_token);
	/* What the write before the redirect did (?done=…), from the catalog only. */
	size_t qlen;
	const char *q = gx_query_of(r->h2o->path.base, r->h2o->path.len, &qlen);
	char done_key[32], key[48];
	if (data != NULL && gx_query_get(q, qlen, "done", done_key, sizeof(done_key)) > 0) {
		snprintf(key, sizeof(key), "done_%s", done_key);
		const char *notice = json_string_value(json_object_get(json_object_get(t, "spaces"), key));
		if (notice != NULL)
			put(data, "notice", notice);
	}
	o = gx_page_reply_owned(r, 200, "spaces", "spaces.title", data);
done:
	free(spaces);
	free(invitations);
	free(mandates);
	return o;
}

/* After a write: back to /spaces saying what was done, or the error page. */
static void back(struct gx_req *r, const struct gx_space_result *res, const char *done_key)
{
	char href[64];
	switch (res->status) {
	case GX_CORE_OK:
		snprintf(href, sizeof(href), "/spaces?done=%s", done_key);
		if (gx_reply_redirect(r, href) != GX_DONE)
			gx_reply_problem(r, GX_ERR_INTERNAL, NULL, NULL);
		return;
	case GX_CORE_NOT_FOUND:
		gx_page_error(r, GX_ERR_NOT_FOUND);
		return;
	case GX_CORE_CONFLICT:
		gx_page_error(r, GX_ERR_CONFLICT);
		return;
	case GX_CORE_FORBIDDEN:
		gx_page_error(r, GX_ERR_FORBIDDEN);
		return;
	case GX_CORE_UNAVAILABLE:
		gx_page_error(r, GX_ERR_UNAVAILABLE);
		return;
	default:
		gx_page_error(r, GX_ERR_INTERNAL);
		return;
	}
}

static void on_activated(void *arg, const struct gx_space_result *res)
{
	struct gx_req *r = arg;
	if (res->status != GX_CORE_OK) {
		back(r, res, NULL);
		return;
	}
	gx_session_forget(r->actor.session.id_hash);
	char href[48];
	snprintf(href, sizeof(href), "/spaces/%lld/overview", res->id);
	if (gx_reply_redirect(r, href) != GX_DONE)
		gx_reply_problem(r, GX_ERR_INTERNAL, NULL, NULL);
}

enum gx_outcome gx_page_space_activate(struct gx_req *r)
{
	gx_space_activate(gx_app_ctx(r), gx_path_space(r), r->actor.session.id_hash, on_activated, r);
	return GX_DONE;
}

static void on_companies(void *arg, const struct gx_space_result *res)
{
	back(arg, res, res->count > 0 ? "companies" : "no_companies");
}

static void on_children(void *arg, const struct gx_space_result *res)
{
	back(arg, res, res->count > 0 ? "children" : "no_children");
}

enum gx_outcome gx_page_companies_open(struct gx_req *r)
{
	gx_company_spaces_open(gx_app_ctx(r), on_companies, r);
	return GX_DONE;
}

enum gx_outcome gx_page_children_record(struct gx_req *r)
{
	gx_children_record(gx_app_ctx(r), on_children, r);
	return GX_DONE;
}

static void on_joined(void *arg, const struct gx_space_result *res)
{
	back(arg, res, "joined");
}

static void on_declined(void *arg, const struct gx_space_result *res)
{
	back(arg, res, "declined");
}

static void on_mandate_accepted(void *arg, const struct gx_space_result *res)
{
	back(arg, res, "mandate_accepted");
}

static void on_mandate_revoked(void *arg, const struct gx_space_result *res)
{
	struct gx_req *r = arg;
	/* The grantor revokes from their space's mandates page (back=mandates): back there. */
	char to[16];
	h2o_iovec_t body = r->h2o->entity;
	if (res->status == GX_CORE_OK && body.base != NULL &&
	    gx_query_get(body.base, body.len, "back", to, sizeof(to)) > 0 && strcmp(to, "mandates") == 0) {
		char href[64];
		snprintf(href, sizeof(href), "/spaces/%lld/mandates?done=revoked", res->space_id);
		if (gx_reply_redirect(r, href) != GX_DONE)
			gx_reply_problem(r, GX_ERR_INTERNAL, NULL, NULL);
		return;
	}
	back(r, res, "mandate_revoked");
}

enum gx_outcome gx_page_invitation_accept(struct gx_req *r)
{
	gx_invitation_answer(gx_app_ctx(r), gx_req_param_id(r, "invitation"), true, on_joined, r);
	return GX_DONE;
}

enum gx_outcome gx_page_invitation_decline(struct gx_req *r)
{
	gx_invitation_answer(gx_app_ctx(r), gx_req_param_id(r, "invitation"), false, on_declined, r);
	return GX_DONE;
}

enum gx_outcome gx_page_mandate_accept(struct gx_req *r)
{
	gx_mandate_accept(gx_app_ctx(r), gx_req_param_id(r, "mandate"), on_mandate_accepted, r);
	return GX_DONE;
}

enum gx_outcome gx_page_mandate_revoke(struct gx_req *r)
{
	gx_mandate_revoke(gx_app_ctx(r), gx_req_param_id(r, "mandate"), on_mandate_revoked, r);
	return GX_DONE;
}
