/* "My data" as a page (mydata.h): what each register holds about the
 * person, read now through core's prefill orchestration (so every read is
 * an access record), with its as-of date; the Yes/No per register; apart,
 * the data the person declared themselves. */

#include "portal/pages/mydata.h"

#include <stdio.h>
#include <string.h>

#include "core/choices.h"
#include "core/corrections.h"
#include "core/prefill.h"
#include "core/self_declared.h"
#include "http/query.h"
#include "http/request.h"
#include "i18n/i18n.h"
#include "portal/app.h"
#include "portal/correction_parts.h"
#include "portal/pages/corrections.h"
#include "forms/register_view.h"
#include "site/page.h"
#include "portal/pages/email.h"
#include "portal/pages/self_declared.h"
#include "site/site.h"

/* What the page says of a value's corrections: the link to report an
 * error, "under review" while a request is open, the latest decision. */
static void correction_notes(json_t *view, const char *register_name, const json_t *t, enum gx_lang lang)
{
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(view, "values"), i, v) {
		const char *attribute = json_string_value(json_object_get(v, "attribute"));
		const json_t *c = json_object_get(v, "correction");
		bool open = json_is_true(json_object_get(c, "open"));
		if (json_is_true(json_object_get(v, "correctable")) && !open) {
			char href[256];
			snprintf(href, sizeof(href), "/my-data/corrections/new?register=%s&attribute=%s", register_name,
				 attribute);
			json_object_set_new(v, "report_href", json_string(href));
		}
		if (c == NULL)
			continue;
		char request[64];
		snprintf(request, sizeof(request), "/my-data/corrections/%lld", (long long)json_integer_value(json_object_get(c, "id")));
		json_object_set_new(v, "request_href", json_string(request));
		const char *since = json_string_value(json_object_get(c, "since"));
		const char *status = json_string_value(json_object_get(c, "status"));
		const json_t *d = json_object_get(c, "decision");
		json_t *note = NULL;
		if (open) {
			json_object_set_new(v, "under_review", json_true());
			note = gx_page_text_filled(t, "corr.under_review_note", (const char *const[]){"date", since, NULL});
		} else if (strcmp(status, "accepted") == 0) {
			const char *as_of = json_string_value(json_object_get(d, "as_of"));
			note = gx_page_text_filled(t, "corr.accepted_note", (const char *const[]){"date", as_of != NULL ? as_of : since, NULL});
		} else if (strcmp(status, "rejected") == 0) {
			const char *reason = json_string_value(json_object_get(d, "reason"));
			note = reason != NULL ? gx_page_text_filled(t, "corr.rejected_note", (const char *const[]){"reason", reason, NULL})
					      : gx_page_text_filled(t, "corr.refused", (const char *const[]){NULL});
		} else if (strcmp(status, "rerouted") == 0) {
			const char *to = json_string_value(json_object_get(d, "rerouted_to"));
			const struct gx_register *reg = to != NULL ? gx_registers_find(&gx_domain.registers, to) : NULL;
			const char *title = reg != NULL ? gx_lang_text(reg->titles, lang) : to;
			note = gx_page_text_filled(t, "corr.rerouted_note", (const char *const[]){"register", title != NULL ? title : "", NULL});
		}
		if (note != NULL)
			json_object_set_new(v, "correction_note", note);
	}
}

/* The view of a register with what the page adds: ok, has_values, the
 * status message, the corrections' notes and the form's CSRF token. */
static json_t *register_block(const struct gx_prefill_source *s, enum gx_lang lang, const char *csrf, bool withheld,
			      const json_t *marks)
{
	json_t *view = gx_register_view(s, lang, withheld);
	if (view == NULL)
		return NULL;
	gx_correction_mark_values(view, s->reg->name, marks);
	correction_notes(view, s->reg->name, gx_i18n_catalog(gx_site.i18n, lang), lang);
	char key[64];
	snprintf(key, sizeof(key), "mydata.status.%s", gx_source_status_name(s->status));
	const char *message = s->status != GX_SOURCE_OK && s->status != GX_SOURCE_DECLINED
				      ? gx_i18n_get(gx_site.i18n, lang, key)
				      : NULL;
	json_object_set_new(view, "ok", json_boolean(s->status == GX_SOURCE_OK && !withheld));
	json_object_set_new(view, "has_values", json_boolean(json_array_size(json_object_get(view, "values")) > 0));
	if (message != NULL)
		json_object_set_new(view, "status_message", json_string(message));
	json_object_set_new(view, "csrf", json_string(csrf));
	return view;
}

/* What the page shows besides the registers (r->state). */
struct rendering {
	int status;
	const char *note;
	bool error;
};

static void on_read(void *arg, struct gx_prefill *pf)
{
	struct gx_req *r = arg;
	const struct rendering *how = r->state;
	json_t *self = pf != NULL ? gx_self_declared_load(gx_req_store(r), GX_ID(gx_person_id, r->actor.session.person_id))
				  : NULL;
	json_t *marks = self != NULL ? gx_corrections_marks(gx_req_store(r), GX_ID(gx_person_id, r->actor.session.person_id))
				     : NULL;
	if (self == NULL || marks == NULL) {
		json_decref(self);
		gx_reply_problem(r, GX_ERR_INTERNAL, NULL, NULL);
		return;
	}
	enum gx_lang lang = gx_req_lang(r);
	const char *csrf = r->actor.session.csrf_token;
	json_t *registers = json_array();
	for (size_t i = 0; i < pf->n; i++)
		json_array_append_new(registers, register_block(&pf->sources[i], lang, csrf, pf->failed_closed, marks));
	json_decref(marks);
	/* The person's own declarations: not from a register, always shown, apart. */
	json_t *data = json_pack("{s:o, s:b, s:o, s:o}", "registers", registers, "withheld", pf->failed_closed, "self",
				 gx_page_self_declared_block(self, lang, csrf), "email",
				 gx_page_email_block(r, lang, how->note, how->error));
	json_decref(self);
	if (gx_page_reply_owned(r, how->status, "my_data", "mydata.title", data) == GX_SERVER_FAULT && !r->replied)
		gx_reply_problem(r, GX_ERR_INTERNAL, NULL, NULL);
}

enum gx_outcome gx_page_mydata_render(struct gx_req *r, int status, const char *note, bool error)
{
	struct rendering *how = gx_req_alloc(r, sizeof(*how));
	*how = (struct rendering){.status = status, .note = note, .error = error};
	r->state = how;
	gx_prefill_for_mydata(gx_app_ctx(r), on_read, r);
	return GX_DONE;
}

enum gx_outcome gx_page_mydata(struct gx_req *r)
{
	size_t qlen;
	const char *q = gx_query_of(r->h2o->path.base, r->h2o->path.len, &qlen);
	char email[16];
	/* after a redirect: what was just done with the address */
	const char *note = NULL;
	if (gx_query_get(q, qlen, "email", email, sizeof(email)) > 0)
		note = strcmp(email, "sent") == 0 ? "code_sent" : strcmp(email, "ok") == 0 ? "ok" : NULL;
	return gx_page_mydata_render(r, 200, note, false);
}

/* --- the Yes/No choice ------------------------------------------------------------ */

static void on_choice_stored(void *arg, enum gx_db_status result)
{
	struct gx_req *r = arg;
	if (result < 0)
		gx_reply_problem(r, GX_ERR_UNAVAILABLE, NULL, "the choice could not be stored; try again");
	else
		gx_reply_redirect(r, "/my-data");
}

enum gx_outcome gx_page_mydata_choice(struct gx_req *r)
{
	h2o_iovec_t body = r->h2o->entity;
	char name[GX_REGISTER_NAME_MAX], allow[8];
	if (body.base == NULL || gx_query_get(body.base, body.len, "register", name, sizeof(name)) <= 0)
		return gx_reply_problem(r, GX_ERR_MISSING_FIELD, "register", NULL);
	if (gx_query_get(body.base, body.len, "allow", allow, sizeof(allow)) <= 0 ||
	    (strcmp(allow, "yes") != 0 && strcmp(allow, "no") != 0))
		return gx_reply_problem(r, GX_ERR_INVALID_FIELD, "allow", "yes or no");
	const struct gx_core_ctx *c = gx_app_ctx(r);
	const struct gx_register *reg = gx_choice_register(c, name);
	if (reg == NULL)
		return gx_reply_problem(r, GX_ERR_INVALID_FIELD, "register", "no register with a choice has this name");
	gx_app_choice_set(r, reg, strcmp(allow, "yes") == 0, on_choice_stored, r);
	return GX_DONE;
}
