/* A company's space's members, as pages (space.admin):
 *
 *   GET  /spaces/{space}/members                                   members, pending invitations, the
 *                                                                  invitation form, the space's history
 *   POST /spaces/{space}/invitations                               invite (national id, role, procedures)
 *   POST /spaces/{space}/invitations/{invitation}/withdraw
 *   POST /spaces/{space}/members/{person}                          change a role and its procedures
 *   POST /spaces/{space}/members/{person}/remove
 *
 * A refused invitation shows the page again (422) with the error beside its
 * field; the others answer 303 back to the page. Thin over core/spaces.h. */

#include "portal/pages/spaces.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/spaces.h"
#include "forms/form.h"
#include "http/query.h"
#include "http/request.h"
#include "portal/app.h"
#include "portal/path.h"
#include "procedures/catalog.h"
#include "procedures/definition.h"
#include "site/page.h"
#include "site/site.h"
#include "util/local_time.h"

#define FORM_PROCEDURES_MAX 20

static const char *text(const json_t *t, const char *section, const char *key)
{
	const char *s = json_string_value(json_object_get(json_object_get(t, section), key));
	return s != NULL ? s : key;
}

static void put(json_t *o, const char *key, const char *s)
{
	json_object_set_new(o, key, json_string(s != NULL ? s : ""));
}

/* The procedures a space of kind offers, [{id, title, checked}], checked when in chosen (a JSON array or NULL). */
json_t *gx_page_procedure_choices(const char *kind, const json_t *chosen, enum gx_lang lang)
{
	json_t *list = json_array();
	const struct gx_procedure_catalog *cat = gx_domain.procedures;
	for (size_t i = 0; cat != NULL && i < gx_procedure_catalog_count(cat); i++) {
		const struct gx_procedure *p = gx_procedure_catalog_at(cat, i);
		if (!gx_procedure_for_space(p, kind))
			continue;
		bool checked = false;
		size_t k;
		json_t *v;
		json_array_foreach(chosen, k, v) checked |= json_is_string(v) && strcmp(json_string_value(v), gx_procedure_id(p)) == 0;
		json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "id", gx_procedure_id(p), "title",
						      gx_form_text(json_object_get(gx_procedure_json(p), "titles"), lang),
						      "checked", checked));
	}
	return list;
}

/* The space's history, newest first: [{at, what, who}]. */
json_t *gx_page_history(struct gx_req *r, const json_t *t)
{
	char *text_json = NULL;
	json_t *rows = json_array();
	if (gx_space_history_read(gx_req_store(r), gx_path_space(r), 50, &text_json) < 0)
		return rows;
	json_t *list = json_loads(text_json, 0, NULL);
	free(text_json);
	size_t i;
	json_t *e;
	json_array_foreach(list, i, e) {
		char at[24], key[64];
		gx_local_time_format(json_integer_value(json_object_get(e, "at_us")), at, sizeof(at), true);
		snprintf(key, sizeof(key), "%s", json_string_value(json_object_get(e, "kind")));
		for (char *k = key; *k != '\0'; k++)
			if (*k == '.')
				*k = '_';
		json_t *row = json_object();
		put(row, "at", at);
		put(row, "what", text(json_object_get(t, "history"), "kinds", key) != key
					 ? text(json_object_get(t, "history"), "kinds", key)
					 : key);
		put(row, "who", json_string_value(json_object_get(e, "actor_name")));
		json_array_append_new(rows, row);
	}
	json_decref(list);
	return rows;
}

/* The page, with an error beside field (NULL: none) and what the refused form held. */
static enum gx_outcome page(struct gx_req *r, int status, const char *field, const char *message,
			    const char *national_id)
{
	enum gx_lang lang = gx_req_lang(r);
	const json_t *t = gx_i18n_catalog(gx_site.i18n, lang);
	const struct gx_access *a = &r->actor.access;
	char *members = NULL, *invitations = NULL;
	if (gx_space_members_read(gx_req_store(r), gx_path_space(r), &members) < 0 ||
	    gx_space_invitations_read(gx_app_ctx(r), gx_path_space(r), &invitations) < 0) {
		free(members);
		free(invitations);
		return GX_SERVER_FAULT;
	}
	json_t *mlist = json_loads(members, 0, NULL), *ilist = json_loads(invitations, 0, NULL);
	free(members);
	free(invitations);
	json_t *mrows = json_array(), *irows = json_array();
	size_t i;
	json_t *m;
	json_array_foreach(mlist, i, m) {
		const char *role = json_string_value(json_object_get(m, "role"));
		char key[32], name[260], since[24];
		snprintf(key, sizeof(key), "role_%s", role);
		snprintf(name, sizeof(name), "%s %s", json_string_value(json_object_get(m, "given_name")),
			 json_string_value(json_object_get(m, "family_name")));
		gx_local_time_format(json_integer_value(json_object_get(m, "since_us")), since, sizeof(since), false);
		json_t *procs = json_object_get(m, "procedures");
		char *titles = gx_page_procedure_titles(procs, lang);
		json_t *row = json_pack("{s:I, s:I, s:s, s:b, s:o}", "person_id", json_integer_value(json_object_get(m, "person_id")),
					"space_id", (json_int_t)a->space.id, "csrf", r->actor.session.csrf_token, "is_admin",
					role != NULL && strcmp(role, "administrator") == 0, "choices",
					gx_page_procedure_choices(a->space.kind, procs, lang));
		put(row, "name", name);
		put(row, "since", since);
		snprintf(key, sizeof(key), "how_%s", role);
		put(row, "role", text(t, "spaces", key));
		if (titles != NULL)
			put(row, "procedures", titles);
		free(titles);
		json_array_append_new(mrows, row);
	}
	json_array_foreach(ilist, i, m) {
		char key[32], expires[24];
		snprintf(key, sizeof(key), "how_%s", json_string_value(json_object_get(m, "role")));
		gx_local_time_format(json_integer_value(json_object_get(m, "expires_at_us")), expires, sizeof(expires), false);
		char *titles = gx_page_procedure_titles(json_object_get(m, "procedures"), lang);
		json_t *row = json_pack("{s:I, s:I, s:s}", "id", json_integer_value(json_object_get(m, "id")), "space_id",
					(json_int_t)a->space.id, "csrf", r->actor.session.csrf_token);
		put(row, "national_id", json_string_value(json_object_get(m, "national_id")));
		put(row, "role", text(t, "spaces", key));
		put(row, "expires", expires);
		if (titles != NULL)
			put(row, "procedures", titles);
		free(titles);
		json_array_append_new(irows, row);
	}
	json_decref(mlist);
	json_decref(ilist);
	json_t *data = json_pack("{s:s, s:I, s:s, s:o, s:o, s:b, s:o, s:o}", "space_name", a->space.name, "space_id",
				 (json_int_t)a->space.id, "csrf", r->actor.session.csrf_token, "members", mrows,
				 "invitations", irows, "has_invitations", json_array_size(irows) > 0, "procedure_choices",
				 gx_page_procedure_choices(a->space.kind, NULL, lang), "history", gx_page_history(r, t));
	if (data != NULL && field != NULL) {
		char flag[48];
		snprintf(flag, sizeof(flag), "error_%s", field);
		json_object_set_new(data, flag, json_true());
		json_object_set_new(data, "error", json_pack("{s:s, s:s}", "field", field, "message", message));
		put(data, "message", message);
		put(data, "form_national_id", national_id);
	}
	size_t qlen;
	const char *q = gx_query_of(r->h2o->path.base, r->h2o->path.len, &qlen);
	char done[24], key[40];
	if (data != NULL && gx_query_get(q, qlen, "done", done, sizeof(done)) > 0) {
		snprintf(key, sizeof(key), "done_%s", done);
		const char *notice = json_string_value(json_object_get(json_object_get(t, "members"), key));
		if (notice != NULL)
			put(data, "notice", notice);
	}
	return gx_page_reply_owned(r, status, "members", "members.title", data);
}

enum gx_outcome gx_page_members(struct gx_req *r)
{
	return page(r, 200, NULL, NULL, NULL);
}

/* Back to the members page saying what was done, or the refusal. */
static void back(struct gx_req *r, const struct gx_space_result *res, const char *done)
{
	char href[80];
	switch (res->status) {
	case GX_CORE_OK:
		snprintf(href, sizeof(href), "/spaces/%lld/members?done=%s", gx_path_space(r).v, done);
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
	case GX_CORE_INVALID:
		gx_page_error(r, GX_ERR_BAD_REQUEST);
		return;
	default:
		gx_page_error(r, GX_ERR_UNAVAILABLE);
		return;
	}
}

/* A form's role and its checked procedures (pool memory). */
struct member_form {
	char role[16];
	char national_id[16];
	const char *procedures[FORM_PROCEDURES_MAX];
	size_t n;
	bool too_many;
};

static void read_form(struct gx_req *r, struct member_form *f)
{
	memset(f, 0, sizeof(*f));
	h2o_iovec_t body = r->h2o->entity;
	const char *b = body.base != NULL ? body.base : "";
	gx_query_get(b, body.len, "role", f->role, sizeof(f->role));
	gx_query_get(b, body.len, "national_id", f->national_id, sizeof(f->national_id));
	for (size_t i = 0;; i++) {
		char id[72];
		long n = gx_query_get_nth(b, body.len, "procedures", i, id, sizeof(id));
		if (n == -1)
			break;
		if (f->n == FORM_PROCEDURES_MAX) {
			f->too_many = true;
			break;
		}
		char *copy = gx_req_alloc(r, (size_t)(n > 0 ? n : 0) + 1);
		memcpy(copy, id, (size_t)(n > 0 ? n : 0) + 1);
		f->procedures[f->n++] = n > 0 ? copy : "";
	}
}

static void on_invited(void *arg, const struct gx_space_result *res)
{
	struct gx_req *r = arg;
	if (res->status == GX_CORE_INVALID) {
		const json_t *t = gx_i18n_catalog(gx_site.i18n, gx_req_lang(r));
		char key[48];
		snprintf(key, sizeof(key), "error_%s", res->field);
		struct member_form f;
		read_form(r, &f);
		if (page(r, 422, res->field, text(t, "members", key), f.national_id) == GX_SERVER_FAULT)
			gx_reply_problem(r, GX_ERR_INTERNAL, NULL, NULL);
		return;
	}
	back(r, res, "invited");
}

enum gx_outcome gx_page_invite(struct gx_req *r)
{
	struct member_form f;
	read_form(r, &f);
	if (f.too_many)
		return page(r, 422, "procedures", text(gx_i18n_catalog(gx_site.i18n, gx_req_lang(r)), "members",
						       "error_procedures"),
			    f.national_id);
	struct gx_member_input in = {.role = f.role, .procedures = f.procedures, .nprocedures = f.n};
	gx_invitation_create(gx_app_ctx(r), gx_path_space(r), f.national_id, &in, on_invited, r);
	return GX_DONE;
}

static void on_withdrawn(void *arg, const struct gx_space_result *res)
{
	back(arg, res, "withdrawn");
}

enum gx_outcome gx_page_invitation_withdraw(struct gx_req *r)
{
	gx_invitation_withdraw(gx_app_ctx(r), gx_path_space(r), gx_req_param_id(r, "invitation"), on_withdrawn, r);
	return GX_DONE;
}

static void on_changed(void *arg, const struct gx_space_result *res)
{
	back(arg, res, "changed");
}

static void on_removed(void *arg, const struct gx_space_result *res)
{
	back(arg, res, "removed");
}

enum gx_outcome gx_page_member_change(struct gx_req *r)
{
	struct member_form f;
	read_form(r, &f);
	if (f.too_many)
		return gx_reply_problem(r, GX_ERR_INVALID_FIELD, "/procedures", "at most 20 procedures");
	struct gx_member_input in = {.role = f.role, .procedures = f.procedures, .nprocedures = f.n};
	gx_member_change(gx_app_ctx(r), gx_path_space(r), GX_ID(gx_person_id, gx_req_param_id(r, "person")), &in,
			 on_changed, r);
	return GX_DONE;
}

enum gx_outcome gx_page_member_remove(struct gx_req *r)
{
	gx_member_change(gx_app_ctx(r), gx_path_space(r), GX_ID(gx_person_id, gx_req_param_id(r, "person")), NULL,
			 on_removed, r);
	return GX_DONE;
}
