/* The HTML pages of a procedure being filled in:
 *
 *   POST /procedures/{procedure}/start                  a prefilled draft in the active space, 303 to step 1
 *   GET  /spaces/{space}/drafts/{draft}                 303 to where the person left it
 *   GET  /spaces/{space}/drafts/{draft}/steps/{n}       one step as a form (n from 1)
 *   POST /spaces/{space}/drafts/{draft}/steps/{n}       save it, 303 to the next step or the review
 *   GET  /spaces/{space}/drafts/{draft}/review          every answer, with Change links, the question on
 *                                                       reuse (when the procedure asks it), and Submit
 *   POST /spaces/{space}/drafts/{draft}/submit-form     the answer to reuse saved, then the server's check:
 *                                                       422 with every error, or 303 to the receipt
 *   POST /spaces/{space}/drafts/{draft}/delete          303 to the overview
 *
 * Thin over core (drafts.h, submissions.h), like the API. The authorization
 * layer has decided on the space; a draft of another space is answered 404
 * here. The catalogue is procedures.c, the receipt submissions.c. */

#include "portal/pages/drafts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/attachments.h"
#include "core/drafts.h"
#include "core/submissions.h"
#include "http/query.h"
#include "http/request.h"
#include "portal/app.h"
#include "portal/messages.h"
#include "forms/form.h"
#include "forms/form_files.h"
#include "site/page.h"
#include "portal/pages/review_reuse.h"
#include "portal/path.h"
#include "procedures/definition.h"
#include "procedures/validate.h"
#include "util/buf.h"
#include "util/local_time.h"
#include "site/site.h"

static const json_t *catalog(struct gx_req *r)
{
	return gx_i18n_catalog(gx_site.i18n, gx_req_lang(r));
}

static void redirect_now(struct gx_req *r, const char *location)
{
	if (gx_reply_redirect(r, location) != GX_DONE)
		gx_reply_problem(r, GX_ERR_INTERNAL, NULL, NULL);
}


/* --- opening ------------------------------------------------------------------------ */

static void on_opened(void *arg, const struct gx_draft_opened *o)
{
	struct gx_req *r = arg;
	if (o->status == GX_CORE_WITHHELD) {
		gx_reply_problem(r, GX_ERR_UNAVAILABLE, NULL, "the access to your data could not be recorded");
		return;
	}
	/* Not one of the person's procedures in this space, or not for this kind of space. */
	if (o->status == GX_CORE_FORBIDDEN || o->status == GX_CORE_CONFLICT) {
		gx_page_error(r, GX_ERR_FORBIDDEN);
		return;
	}
	if (o->status != GX_CORE_OK) {
		gx_reply_problem(r, o->status == GX_CORE_UNAVAILABLE ? GX_ERR_UNAVAILABLE : GX_ERR_INTERNAL, NULL,
				 "the draft could not be stored; try again");
		return;
	}
	char href[128];
	snprintf(href, sizeof(href), "/spaces/%lld/drafts/%lld/steps/1", gx_path_space(r).v, o->id.v);
	redirect_now(r, href);
}

enum gx_outcome gx_page_draft_start(struct gx_req *r)
{
	const char *id = gx_req_param(r, "procedure");
	const struct gx_procedure *p = id != NULL ? gx_app_procedure(id) : NULL;
	if (p == NULL)
		return gx_page_error(r, GX_ERR_NOT_FOUND);
	gx_draft_open(gx_app_ctx(r), gx_path_space(r), p, on_opened, r);
	return GX_DONE;
}

/* --- a draft and its definition ---------------------------------------------------- */

struct opened {
	struct gx_draft d;
	const struct gx_procedure *p;
	json_t *data, *provenance;
	json_t *files;     /* the draft's attachments [{id, field, name, content_type, size}] */
	json_t *uploaded;  /* {id: field} of them, for the check */
	size_t nsteps;
};

static void opened_clear(struct opened *o)
{
	gx_draft_clear(&o->d);
	json_decref(o->data);
	json_decref(o->provenance);
	json_decref(o->files);
	json_decref(o->uploaded);
	o->data = o->provenance = o->files = o->uploaded = NULL;
}

/* 0 when loaded; otherwise the page has been answered (or the outcome is a fault). */
static int open_draft(struct gx_req *r, struct opened *o, enum gx_outcome *out)
{
	memset(o, 0, sizeof(*o));
	enum gx_db_status st = gx_draft_load(gx_app_ctx(r), gx_path_space(r), gx_path_draft(r), &o->d);
	if (st < 0) {
		*out = GX_SERVER_FAULT;
		return -1;
	}
	if (st == GX_DB_NO_RESULTS) {
		*out = gx_page_error(r, GX_ERR_NOT_FOUND);
		return -1;
	}
	o->p = gx_app_procedure(o->d.procedure_id);
	json_error_t err;
	o->data = json_loads(o->d.data_json != NULL ? o->d.data_json : "{}", 0, &err);
	o->provenance = json_loads(o->d.provenance_json != NULL ? o->d.provenance_json : "{}", 0, &err);
	o->files = gx_attachments_list(gx_req_store(r), GX_ATTACHMENTS_OF_DRAFT, o->d.id);
	o->uploaded = o->files != NULL ? gx_attachments_by_id(o->files) : NULL;
	if (o->p == NULL || !json_is_object(o->data) || o->uploaded == NULL) {
		opened_clear(o);
		*out = GX_SERVER_FAULT;
		return -1;
	}
	o->nsteps = json_array_size(json_object_get(gx_procedure_json(o->p), "steps"));
	return 0;
}

static void draft_base(struct gx_req *r, const struct opened *o, char *out, size_t outlen)
{
	snprintf(out, outlen, "/spaces/%lld/drafts/%lld", gx_req_param_id(r, "space"), o->d.id);
}

/* The validator's view: errors (new) and the values with computed fields (new). */
static json_t *check(const struct opened *o, enum gx_lang lang, json_t **normalised)
{
	char today[11];
	gx_local_today(today);
	return gx_submission_validate(gx_procedure_json(o->p), o->data, o->uploaded, gx_lang_code(lang), today,
				      normalised);
}

/* What the form functions read: the answers, computed values and files. */
static struct gx_form_ctx form_ctx(struct gx_req *r, const struct opened *o, const json_t *normalised,
				   const json_t *errors, const char *base)
{
	return (struct gx_form_ctx){.lang = gx_req_lang(r), .definition = gx_procedure_json(o->p), .data = o->data,
				    .provenance = o->provenance, .computed = normalised, .errors = errors,
				    .t = catalog(r), .files = o->files, .space_id = gx_req_param_id(r, "space"),
				    .draft_base = base};
}

/* The first step from `from` on (dir +1) or back (dir -1) that is not hidden
 * by its conditions; -1 when none. */
static long visible_step(const struct gx_form_ctx *c, long from, long nsteps, int dir)
{
	for (long i = from; i >= 0 && i < nsteps; i += dir)
		if (gx_form_step_visible(c, (size_t)i))
			return i;
	return -1;
}

/* Only the errors of step (0-based): a new array of the same objects. */
static json_t *errors_of_step(const json_t *definition, const json_t *errors, long step)
{
	json_t *mine = json_array();
	size_t i;
	json_t *e;
	json_array_foreach(errors, i, e) {
		if (gx_form_step_of(definition, json_string_value(json_object_get(e, "field"))) == step)
			json_array_append(mine, e);
	}
	return mine;
}

/* "Error: <title>" (GOV.UK: the title says the page has errors), into the page's data. */
static void title_with_error(struct gx_req *r, json_t *data, const char *title)
{
	const char *prefix = json_string_value(json_object_get(json_object_get(catalog(r), "proc"), "error_prefix"));
	struct gx_buf t = GX_BUF_INIT;
	gx_buf_appendf(&t, "%s %s", prefix != NULL ? prefix : "Error:", title);
	json_object_set_new(data, "title", json_stringn(gx_buf_cstr(&t), t.len));
	gx_buf_free(&t);
}

enum gx_outcome gx_page_draft_resume(struct gx_req *r)
{
	struct opened o;
	enum gx_outcome out;
	if (open_draft(r, &o, &out) != 0)
		return out;
	char base[96], href[160];
	draft_base(r, &o, base, sizeof(base));
	json_t *normalised = NULL;
	json_t *errors = check(&o, gx_req_lang(r), &normalised);
	struct gx_form_ctx c = form_ctx(r, &o, normalised, NULL, base);
	long step = o.d.step >= 0 ? visible_step(&c, o.d.step, (long)o.nsteps, +1) : -1;
	if (step >= 0)
		snprintf(href, sizeof(href), "%s/steps/%ld", base, step + 1);
	else
		snprintf(href, sizeof(href), "%s/review", base);
	json_decref(errors);
	json_decref(normalised);
	opened_clear(&o);
	return gx_reply_redirect(r, href);
}

/* --- a step ---------------------------------------------------------------------------- */

static long step_param(struct gx_req *r, size_t nsteps)
{
	long long n = gx_req_param_id(r, "n");
	return n >= 1 && (size_t)n <= nsteps ? (long)n - 1 : -1;
}

/* The error summary's items: [{text, href, label?}]; only_step >= 0 keeps that step's errors. */
static json_t *summary_items(const json_t *definition, const json_t *errors, const char *base, int only_step)
{
	json_t *items = json_array();
	size_t i;
	json_t *e;
	json_array_foreach(errors, i, e) {
		const char *f = json_string_value(json_object_get(e, "field"));
		int step = gx_form_step_of(definition, f);
		if (only_step >= 0 && step != only_step)
			continue;
		char eid[320], href[512];
		gx_form_element_id(f != NULL ? f : "", eid, sizeof(eid));
		if (only_step >= 0)
			snprintf(href, sizeof(href), "#%s", eid);
		else if (step >= 0)
			snprintf(href, sizeof(href), "%s/steps/%d?errors=1#%s", base, step + 1, eid);
		else if (f != NULL && strcmp(f, "/" GX_REUSE_CONSENT) == 0)
			snprintf(href, sizeof(href), "#%s", GX_REUSE_ELEMENT_ID); /* the review's own question */
		else
			snprintf(href, sizeof(href), "#answers");
		/* GOV.UK: the summary names the field ("Email address: Enter …"); beside it, the message alone. */
		json_array_append_new(items, json_pack("{s:O, s:s, s:O?}", "text", json_object_get(e, "message"), "href", href,
						       "label", json_object_get(e, "label")));
	}
	return items;
}

/* The step as a form. shown: the errors to show (this step's are kept; may
 * be NULL); with_check adds the check's own errors of this step. */
static enum gx_outcome render_step(struct gx_req *r, struct opened *o, size_t step, const json_t *shown,
				   bool with_check, int status)
{
	enum gx_lang lang = gx_req_lang(r);
	const json_t *def = gx_procedure_json(o->p);
	const json_t *s = json_array_get(json_object_get(def, "steps"), step);
	json_t *normalised = NULL;
	json_t *found = check(o, lang, &normalised);
	if (found == NULL) {
		json_decref(normalised);
		return GX_SERVER_FAULT;
	}
	json_t *errors = errors_of_step(def, shown, (long)step);
	if (with_check) {
		json_t *mine = errors_of_step(def, found, (long)step);
		json_array_extend(errors, mine);
		json_decref(mine);
	}
	json_decref(found);
	char base[96], action[128], back[128];
	draft_base(r, o, base, sizeof(base));
	snprintf(action, sizeof(action), "%s/steps/%zu", base, step + 1);
	struct gx_form_ctx c = form_ctx(r, o, normalised, errors, base);
	long prev = step > 0 ? visible_step(&c, (long)step - 1, (long)o->nsteps, -1) : -1;
	if (prev >= 0)
		snprintf(back, sizeof(back), "%s/steps/%ld", base, prev + 1);
	else
		snprintf(back, sizeof(back), "/procedures");
	json_t *fields = gx_form_step_fields(&c, step);
	json_t *summary = summary_items(def, errors, base, (int)step);
	bool has_errors = json_array_size(summary) > 0;
	const char *step_title = gx_form_text(json_object_get(s, "titles"), lang);
	const char *proc_title = gx_form_text(json_object_get(def, "titles"), lang);
	/* Whole, however long the titles: a cut could fall inside a character. */
	struct gx_buf title = GX_BUF_INIT;
	gx_buf_appendf(&title, "%s – %s", step_title, proc_title);
	char upload[160];
	snprintf(upload, sizeof(upload), "%s/files", action);
	bool last = visible_step(&c, (long)step + 1, (long)o->nsteps, +1) < 0;
	json_t *data = json_pack("{s:s, s:s, s:s, s:I, s:I, s:O, s:s, s:s, s:s, s:o, s:b, s:b, s:o, s:s, s:b, s:b}",
				 "title", gx_buf_cstr(&title), "procedure_title", proc_title, "step_title", step_title, "step_no",
				 (json_int_t)step + 1, "steps_total", (json_int_t)o->nsteps, "fields", fields, "action",
				 action, "back_href", back, "csrf", r->actor.session.csrf_token, "error_summary", summary,
				 "has_errors", has_errors, "last", last, "upload_forms", gx_form_upload_forms(fields),
				 "upload_action", upload, "default_first", gx_form_has_add_button(fields), "has_files",
				 json_array_size(o->files) > 0);
	json_decref(fields);
	if (data != NULL && has_errors)
		title_with_error(r, data, gx_buf_cstr(&title));
	gx_buf_free(&title);
	json_decref(errors);
	json_decref(normalised);
	return gx_page_reply_owned(r, status, "procedure_step", "proc.catalogue_title", data);
}

enum gx_outcome gx_page_draft_step_reply(struct gx_req *r, size_t step, const json_t *errors, bool with_check, int status)
{
	struct opened o;
	enum gx_outcome out;
	if (open_draft(r, &o, &out) != 0)
		return out;
	if (step >= o.nsteps) {
		opened_clear(&o);
		return gx_page_error(r, GX_ERR_NOT_FOUND);
	}
	out = render_step(r, &o, step, errors, with_check, status);
	opened_clear(&o);
	return out;
}

enum gx_outcome gx_page_draft_step(struct gx_req *r)
{
	struct opened o;
	enum gx_outcome out;
	if (open_draft(r, &o, &out) != 0)
		return out;
	long step = step_param(r, o.nsteps);
	if (step < 0) {
		opened_clear(&o);
		return gx_page_error(r, GX_ERR_NOT_FOUND);
	}
	size_t qlen;
	const char *q = gx_query_of(r->h2o->path.base, r->h2o->path.len, &qlen);
	char flag[4];
	bool show_errors = gx_query_get(q, qlen, "errors", flag, sizeof(flag)) > 0;
	out = render_step(r, &o, (size_t)step, NULL, show_errors, 200);
	opened_clear(&o);
	return out;
}

struct step_save {
	struct gx_req *r;
	int step;        /* where the person resumes */
	size_t at;       /* the step saved (0-based) */
	bool invalid;    /* its answers do not hold: show it again with its errors */
	char next[600];
};

static void on_step_saved(void *arg, enum gx_core_status status)
{
	struct step_save *s = arg;
	struct gx_req *r = s->r;
	if (status == GX_CORE_NOT_FOUND) {
		gx_page_error(r, GX_ERR_NOT_FOUND);
		return;
	}
	if (status != GX_CORE_OK) {
		gx_reply_problem(r, GX_ERR_UNAVAILABLE, NULL, "the draft could not be saved; try again");
		return;
	}
	if (s->invalid) {
		/* Saved as typed; the same step again, with its errors. */
		if (gx_page_draft_step_reply(r, s->at, NULL, true, 422) == GX_SERVER_FAULT && !r->replied)
			gx_reply_problem(r, GX_ERR_INTERNAL, NULL, NULL);
		return;
	}
	redirect_now(r, s->next);
}

enum gx_outcome gx_page_draft_step_save(struct gx_req *r)
{
	struct opened o;
	enum gx_outcome out;
	if (open_draft(r, &o, &out) != 0)
		return out;
	long step = step_param(r, o.nsteps);
	if (step < 0) {
		opened_clear(&o);
		return gx_page_error(r, GX_ERR_NOT_FOUND);
	}
	h2o_iovec_t body = r->h2o->entity;
	char add[300];
	if (gx_form_read_step(gx_procedure_json(o.p), (size_t)step, body.base != NULL ? body.base : "",
			      body.base != NULL ? body.len : 0, o.data, add, sizeof(add)) != 0) {
		opened_clear(&o);
		return gx_reply_problem(r, GX_ERR_BAD_REQUEST, NULL, "the form is not well encoded");
	}
	struct step_save *s = gx_req_alloc(r, sizeof(*s));
	memset(s, 0, sizeof(*s));
	s->r = r;
	s->at = (size_t)step;
	char base[96];
	draft_base(r, &o, base, sizeof(base));
	if (add[0] != '\0') {
		char p[320], eid[320];
		snprintf(p, sizeof(p), "/%s", add);
		for (char *c = p; *c != '\0'; c++)
			if (*c == '.')
				*c = '/';
		gx_form_element_id(p, eid, sizeof(eid));
		snprintf(s->next, sizeof(s->next), "%s/steps/%ld#%s", base, step + 1, eid);
		s->step = o.d.step;
	} else {
		/* Continue: this step's answers must hold (the rest is checked at submit). */
		json_t *normalised = NULL;
		json_t *errors = check(&o, gx_req_lang(r), &normalised);
		json_t *mine = errors_of_step(gx_procedure_json(o.p), errors, step);
		struct gx_form_ctx c = form_ctx(r, &o, normalised, NULL, base);
		long next = visible_step(&c, step + 1, (long)o.nsteps, +1);
		if (errors == NULL || mine == NULL) {
			out = GX_SERVER_FAULT;
		} else if (json_array_size(mine) > 0) {
			s->invalid = true;
			s->step = o.d.step > step ? o.d.step : (int)step;
		} else if (next >= 0) {
			snprintf(s->next, sizeof(s->next), "%s/steps/%ld", base, next + 1);
			s->step = o.d.step > next ? o.d.step : (int)next;
		} else {
			snprintf(s->next, sizeof(s->next), "%s/review", base);
			s->step = (int)o.nsteps;
		}
		json_decref(mine);
		json_decref(errors);
		json_decref(normalised);
		if (out == GX_SERVER_FAULT) {
			opened_clear(&o);
			return out;
		}
	}
	char *data_json = json_dumps(o.data, JSON_COMPACT);
	if (data_json == NULL) {
		opened_clear(&o);
		return GX_SERVER_FAULT;
	}
	gx_draft_save(gx_app_ctx(r), &o.d, data_json, s->step, on_step_saved, s);
	opened_clear(&o);
	free(data_json);
	return GX_DONE;
}

/* --- review and submit ------------------------------------------------------------------- */

static enum gx_outcome render_review(struct gx_req *r, struct opened *o, json_t *errors, int status)
{
	enum gx_lang lang = gx_req_lang(r);
	const json_t *def = gx_procedure_json(o->p);
	json_t *normalised = NULL;
	json_t *found = check(o, lang, &normalised);
	json_decref(found);
	char base[96], action[128];
	draft_base(r, o, base, sizeof(base));
	snprintf(action, sizeof(action), "%s/submit-form", base);
	struct gx_form_ctx c = form_ctx(r, o, normalised, errors, base);
	json_t *sections = gx_form_answer_sections(&c, o->nsteps, base);
	json_t *summary = errors != NULL ? summary_items(def, errors, base, -1) : json_array();
	const char *proc_title = gx_form_text(json_object_get(def, "titles"), lang);
	bool has_errors = json_array_size(summary) > 0;
	json_t *reuse = gx_review_reuse_data(o->p, o->data, errors, c.t, lang);
	json_t *data = json_pack("{s:s, s:o, s:s, s:s, s:o, s:b, s:o?}", "procedure_title", proc_title, "sections",
				 sections, "action", action, "csrf", r->actor.session.csrf_token, "error_summary", summary,
				 "has_errors", has_errors, "reuse", reuse);
	if (data != NULL && has_errors)
		title_with_error(r, data, json_string_value(json_object_get(json_object_get(c.t, "proc"), "review_title")));
	json_decref(normalised);
	return gx_page_reply_owned(r, status, "procedure_review", "proc.review_title", data);
}

enum gx_outcome gx_page_draft_review(struct gx_req *r)
{
	struct opened o;
	enum gx_outcome out;
	if (open_draft(r, &o, &out) != 0)
		return out;
	out = render_review(r, &o, NULL, 200);
	opened_clear(&o);
	return out;
}

/* The review again, with errors (taken) in its summary and beside the answers. */
static enum gx_outcome review_with_errors(struct gx_req *r, json_t *errors, int status)
{
	struct opened o;
	enum gx_outcome out;
	if (errors == NULL || open_draft(r, &o, &out) != 0) {
		json_decref(errors);
		return errors == NULL ? GX_SERVER_FAULT : out;
	}
	out = render_review(r, &o, errors, status);
	json_decref(errors);
	opened_clear(&o);
	return out;
}

static void on_submitted(void *arg, const struct gx_submitted *s)
{
	struct gx_req *r = arg;
	enum gx_outcome out = GX_DONE;
	char href[96];
	switch (s->status) {
	case GX_CORE_OK:
		snprintf(href, sizeof(href), "/spaces/%lld/submissions/%lld", s->submission->space_id, s->id.v);
		redirect_now(r, href);
		return;
	case GX_CORE_INVALID: /* 422: the answers do not hold */
		out = review_with_errors(r, json_deep_copy(s->errors), 422);
		break;
	case GX_CORE_CONFLICT:
		if (s->errors != NULL) /* 409: the files changed meanwhile */
			out = review_with_errors(r, gx_portal_submit_errors(r, s->errors), 409);
		else
			out = gx_reply_problem(r, GX_ERR_CONFLICT, NULL, "this draft has already been submitted");
		break;
	case GX_CORE_NOT_FOUND:
		out = gx_page_error(r, GX_ERR_NOT_FOUND);
		break;
	case GX_CORE_UNAVAILABLE:
		out = gx_reply_problem(r, GX_ERR_UNAVAILABLE, NULL, "the submission could not be stored; nothing was sent");
		break;
	default:
		out = GX_SERVER_FAULT;
		break;
	}
	if (out == GX_SERVER_FAULT && !r->replied)
		gx_reply_problem(r, GX_ERR_INTERNAL, NULL, NULL);
}

static void submit_now(struct gx_req *r)
{
	gx_submission_submit(gx_app_ctx(r), gx_path_space(r), gx_path_draft(r), gx_lang_code(gx_req_lang(r)),
			     on_submitted, r);
}

static void on_answer_saved(void *arg, enum gx_core_status status)
{
	struct gx_req *r = arg;
	if (status == GX_CORE_NOT_FOUND) {
		gx_page_error(r, GX_ERR_NOT_FOUND);
		return;
	}
	if (status != GX_CORE_OK) {
		gx_reply_problem(r, GX_ERR_UNAVAILABLE, NULL, "the draft could not be saved; nothing was sent");
		return;
	}
	submit_now(r);
}

/* The review's form carries the answer to reuse when the procedure asks it
 * and the person chose: saved into the draft first (like a step's answers),
 * so the check, the submission and its receipt read it from there, and a
 * review shown again with errors shows it chosen. */
enum gx_outcome gx_page_draft_submit(struct gx_req *r)
{
	const char *body = r->h2o->entity.base != NULL ? r->h2o->entity.base : "";
	size_t len = r->h2o->entity.base != NULL ? r->h2o->entity.len : 0;
	char probe[2];
	if (gx_query_get(body, len, GX_REUSE_CONSENT, probe, sizeof(probe)) == -1) {
		submit_now(r); /* no answer in the form: nothing to save */
		return GX_DONE;
	}
	struct opened o;
	enum gx_outcome out;
	if (open_draft(r, &o, &out) != 0)
		return out;
	int answered = gx_procedure_reuse(o.p) != NULL ? gx_review_reuse_read(body, len, o.data) : 0;
	if (answered < 0) {
		opened_clear(&o);
		return gx_reply_problem(r, GX_ERR_BAD_REQUEST, "/" GX_REUSE_CONSENT, "expected yes or no");
	}
	if (answered == 0) {
		opened_clear(&o);
		submit_now(r);
		return GX_DONE;
	}
	char *data_json = json_dumps(o.data, JSON_COMPACT);
	if (data_json == NULL) {
		opened_clear(&o);
		return GX_SERVER_FAULT;
	}
	gx_draft_save(gx_app_ctx(r), &o.d, data_json, o.d.step, on_answer_saved, r);
	opened_clear(&o);
	free(data_json);
	return GX_DONE;
}

static void on_removed(void *arg, enum gx_core_status status)
{
	struct gx_req *r = arg;
	if (status == GX_CORE_NOT_FOUND) {
		gx_page_error(r, GX_ERR_NOT_FOUND);
		return;
	}
	if (status != GX_CORE_OK) {
		gx_reply_problem(r, GX_ERR_UNAVAILABLE, NULL, "the draft could not be deleted; try again");
		return;
	}
	char next[96];
	snprintf(next, sizeof(next), "/spaces/%lld/overview?filter=drafts", gx_path_space(r).v);
	redirect_now(r, next);
}

enum gx_outcome gx_page_draft_delete(struct gx_req *r)
{
	struct gx_draft d;
	enum gx_db_status st = gx_draft_load(gx_app_ctx(r), gx_path_space(r), gx_path_draft(r), &d);
	if (st < 0)
		return GX_SERVER_FAULT;
	if (st == GX_DB_NO_RESULTS)
		return gx_page_error(r, GX_ERR_NOT_FOUND);
	gx_draft_delete(gx_app_ctx(r), &d, on_removed, r);
	gx_draft_clear(&d);
	return GX_DONE;
}
