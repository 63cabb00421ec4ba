/* A space's mandates, as pages (space.admin: its owner, or a company's
 * administrator):
 *
 *   GET  /spaces/{space}/mandates     the mandates it granted (revoke), what was done on its behalf,
 *                                     the form to grant one
 *   POST /spaces/{space}/mandates     grant: mandatary's national id, scope (all, procedures, an
 *                                     organisation), first and last day (the last required, at most
 *                                     five years later), the letter box or not
 *
 * A refused grant shows the page again (422) with the error beside its
 * field and the form as it was sent. Thin over core/spaces.h. */

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
#include "procedures/catalog.h"
#include "procedures/definition.h"
#include "site/page.h"
#include "site/site.h"
#include "util/clock.h"
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

struct grant_form {
	char mandatary[16], scope[16], organisation[72], valid_from[16], valid_until[16];
	const char *procedures[FORM_PROCEDURES_MAX];
	size_t n;
	bool letterbox, too_many;
};

static void read_form(struct gx_req *r, struct grant_form *f)
{
	memset(f, 0, sizeof(*f));
	h2o_iovec_t body = r->h2o->entity;
	const char *b = body.base != NULL ? body.base : "";
	char yes[8];
	gx_query_get(b, body.len, "mandatary", f->mandatary, sizeof(f->mandatary));
	gx_query_get(b, body.len, "scope", f->scope, sizeof(f->scope));
	gx_query_get(b, body.len, "organisation", f->organisation, sizeof(f->organisation));
	gx_query_get(b, body.len, "valid_from", f->valid_from, sizeof(f->valid_from));
	gx_query_get(b, body.len, "valid_until", f->valid_until, sizeof(f->valid_until));
	f->letterbox = gx_query_get(b, body.len, "letterbox", yes, sizeof(yes)) > 0 && strcmp(yes, "yes") == 0;
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
		memcpy(copy, n > 0 ? id : "", (size_t)(n > 0 ? n : 0) + 1);
		f->procedures[f->n++] = copy;
	}
}

/* The organisations with procedures for a space of kind: [{id, title, selected}]. */
static json_t *organisations(const char *kind, const char *chosen, enum gx_lang lang)
{
	json_t *list = json_array();
	const struct gx_procedure_catalog *cat = gx_domain.procedures;
	for (size_t i = 0; cat != NULL && i < gx_procedure_catalog_count(cat); i++) {
		const struct gx_procedure *p = gx_procedure_catalog_at(cat, i);
		const char *org = gx_procedure_organisation(p);
		if (!gx_procedure_for_space(p, kind))
			continue;
		bool seen = false;
		size_t k;
		json_t *o;
		json_array_foreach(list, k, o) seen |= strcmp(json_string_value(json_object_get(o, "id")), org) == 0;
		if (!seen)
			json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "id", org, "title",
							      gx_proc_organisation_title(org, lang), "selected",
							      chosen != NULL && strcmp(chosen, org) == 0));
	}
	return list;
}

/* What was done in the space on its behalf, newest first: [{at, who, what, procedure}]. */
json_t *gx_page_acts(struct gx_req *r, const json_t *t, enum gx_lang lang, size_t limit)
{
	char *text_json = NULL;
	json_t *out = json_array();
	if (gx_space_acts_read(gx_req_store(r), gx_path_space(r), limit, &text_json) < 0)
		return out;
	json_t *list = json_loads(text_json, 0, NULL);
	free(text_json);
	size_t i;
	json_t *a;
	json_array_foreach(list, i, a) {
		char at[24], key[64];
		gx_local_time_format(json_integer_value(json_object_get(a, "at_us")), at, sizeof(at), true);
		snprintf(key, sizeof(key), "%s", json_string_value(json_object_get(a, "kind")));
		for (char *k = key; *k != '\0'; k++)
			if (*k == '.')
				*k = '_';
		const struct gx_procedure *p = gx_app_procedure(json_string_value(json_object_get(a, "procedure")));
		json_t *row = json_object();
		put(row, "at", at);
		put(row, "who", json_string_value(json_object_get(a, "person_name")));
		put(row, "what", text(json_object_get(t, "acts"), "kinds", key));
		if (p != NULL)
			put(row, "procedure", gx_form_text(json_object_get(gx_procedure_json(p), "titles"), lang));
		json_array_append_new(out, row);
	}
	json_decref(list);
	return out;
}

static enum gx_outcome page(struct gx_req *r, int status, const char *field, const char *message,
			    const struct grant_form *f)
{
	enum gx_lang lang = gx_req_lang(r);
	const json_t *t = gx_i18n_catalog(gx_site.i18n, lang);
	const struct gx_access *a = &r->actor.access;
	char *granted = NULL;
	if (gx_space_mandates_read(gx_req_store(r), gx_path_space(r), &granted) < 0)
		return GX_SERVER_FAULT;
	json_t *list = json_loads(granted, 0, NULL), *rows = json_array();
	free(granted);
	long long now = gx_now_us();
	size_t i;
	json_t *m;
	json_array_foreach(list, i, m) {
		const char *tag;
		const char *state = gx_page_mandate_state(m, now, &tag);
		char key[32], dates[64];
		snprintf(key, sizeof(key), "state_%s", state);
		gx_page_mandate_dates(m, dates);
		char *scope = gx_page_mandate_scope(t, m, lang);
		json_t *row = json_pack("{s:I, s:s, s:b, s:b, s:s}", "id", json_integer_value(json_object_get(m, "id")),
					"csrf", r->actor.session.csrf_token, "open",
					strcmp(state, "revoked") != 0 && strcmp(state, "over") != 0, "letterbox",
					json_integer_value(json_object_get(m, "letterbox")) != 0, "state_class", tag);
		put(row, "mandatary_national_id", json_string_value(json_object_get(m, "mandatary_national_id")));
		if (json_is_string(json_object_get(m, "mandatary_name")))
			put(row, "mandatary_name", json_string_value(json_object_get(m, "mandatary_name")));
		put(row, "scope", scope);
		put(row, "dates", dates);
		put(row, "state", text(t, "mandates", key));
		free(scope);
		json_array_append_new(rows, row);
	}
	json_decref(list);
	json_t *chosen = json_array();
	for (size_t k = 0; f != NULL && k < f->n; k++)
		json_array_append_new(chosen, json_string(f->procedures[k]));
	json_t *acts = gx_page_acts(r, t, lang, 20);
	json_t *form = json_pack("{s:s, s:s, s:s, s:b, s:b, s:b, s:b}", "mandatary", f != NULL ? f->mandatary : "",
				 "valid_from", f != NULL ? f->valid_from : "", "valid_until", f != NULL ? f->valid_until : "",
				 "all", f == NULL || strcmp(f->scope, "all") == 0, "procedures",
				 f != NULL && strcmp(f->scope, "procedures") == 0, "organisation",
				 f != NULL && strcmp(f->scope, "organisation") == 0, "letterbox", f != NULL && f->letterbox);
	json_t *data = json_pack("{s:s, s:I, s:s, s:o, s:o, s:b, s:o, s:o, s:o}", "space_name", a->space.name,
				 "space_id", (json_int_t)a->space.id, "csrf", r->actor.session.csrf_token, "mandates", rows,
				 "acts", acts, "has_acts", json_array_size(acts) > 0, "procedure_choices",
				 gx_page_procedure_choices(a->space.kind, chosen, lang), "organisations",
				 organisations(a->space.kind, f != NULL ? f->organisation : NULL, lang), "form", form);
	json_decref(chosen);
	if (data != NULL && field != NULL) {
		char flag[48];
		snprintf(flag, sizeof(flag), "error_%s", field);
		json_object_set_new(data, flag, json_true());
		json_object_set_new(data, "error", json_pack("{s:s, s:s}", "field", field, "message", message));
		put(data, "message", message);
	}
	size_t qlen;
	const char *q = gx_query_of(r->h2o->path.base, r->h2o->path.len, &qlen);
	char done[24], key[40];
	if (data != NULL && gx_query_get(q, qlen, "done", done, sizeof(done)) > 0) {
		snprintf(key, sizeof(key), "done_%s", done);
		const char *notice = json_string_value(json_object_get(json_object_get(t, "mandates"), key));
		if (notice != NULL)
			put(data, "notice", notice);
	}
	return gx_page_reply_owned(r, status, "mandates", "mandates.title", data);
}

enum gx_outcome gx_page_mandates(struct gx_req *r)
{
	return page(r, 200, NULL, NULL, NULL);
}

static void on_granted(void *arg, const struct gx_space_result *res)
{
	struct gx_req *r = arg;
	char href[80];
	if (res->status == GX_CORE_INVALID || res->status == GX_CORE_CONFLICT) {
		const json_t *t = gx_i18n_catalog(gx_site.i18n, gx_req_lang(r));
		const char *field = res->status == GX_CORE_CONFLICT ? "mandatary" : res->field;
		char key[48];
		snprintf(key, sizeof(key), "error_%s%s", field, res->status == GX_CORE_CONFLICT ? "_open" : "");
		struct grant_form f;
		read_form(r, &f);
		if (page(r, res->status == GX_CORE_CONFLICT ? 409 : 422, field, text(t, "mandates", key), &f) ==
		    GX_SERVER_FAULT)
			gx_reply_problem(r, GX_ERR_INTERNAL, NULL, NULL);
		return;
	}
	if (res->status != GX_CORE_OK) {
		gx_page_error(r, res->status == GX_CORE_FORBIDDEN ? GX_ERR_FORBIDDEN : GX_ERR_UNAVAILABLE);
		return;
	}
	snprintf(href, sizeof(href), "/spaces/%lld/mandates?done=granted", gx_path_space(r).v);
	if (gx_reply_redirect(r, href) != GX_DONE)
		gx_reply_problem(r, GX_ERR_INTERNAL, NULL, NULL);
}

enum gx_outcome gx_page_mandate_grant(struct gx_req *r)
{
	struct grant_form *f = gx_req_alloc(r, sizeof(*f));
	read_form(r, f);
	if (f->too_many)
		return page(r, 422, "procedures",
			    text(gx_i18n_catalog(gx_site.i18n, gx_req_lang(r)), "mandates", "error_procedures"), f);
	struct gx_mandate_input in = {.mandatary = f->mandatary, .scope = f->scope, .procedures = f->procedures,
				      .nprocedures = strcmp(f->scope, "procedures") == 0 ? f->n : 0,
				      .organisation = strcmp(f->scope, "organisation") == 0 ? f->organisation : NULL,
				      .valid_from = f->valid_from, .valid_until = f->valid_until,
				      .letterbox = f->letterbox};
	gx_mandate_grant(gx_app_ctx(r), gx_path_space(r), &in, on_granted, r);
	return GX_DONE;
}
