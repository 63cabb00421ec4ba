/* A procedure submitted without logging in (guest.h). The form carries a
 * one-time token, made when it is shown: posted again (a double click, a
 * reload), it gives back the same submission's reference. Cross-site posts
 * are refused by the gate (Origin, Sec-Fetch-Site); the limits are core's. */

#include "portal/pages/guest.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/guest.h"
#include "forms/form.h"
#include "forms/labels.h"
#include "http/query.h"
#include "http/request.h"
#include "http/throttle.h"
#include "i18n/i18n.h"
#include "portal/app.h"
#include "procedures/catalog.h"
#include "procedures/validate.h"
#include "site/page.h"
#include "site/site.h"
#include "util/clock.h"
#include "util/local_time.h"

#define TOKEN_BYTES 32
#define TOKEN_TEXT 44 /* base64url without padding, and its NUL */
#define EMAIL_POINTER "/receipt_email"

/* The procedure of the route, when it may be done without logging in. */
static const struct gx_procedure *guest_procedure(struct gx_req *r)
{
	const struct gx_procedure *p = gx_procedure_catalog_find(gx_domain.procedures, gx_req_param(r, "procedure"));
	return p != NULL && json_is_true(json_object_get(gx_procedure_json(p), "without_login")) ? p : NULL;
}

static const char *tr(const json_t *t, const char *key)
{
	const char *s = json_string_value(json_object_get(json_object_get(t, "proc"), key));
	return s != NULL ? s : key;
}

/* The form: each step's fields under its title, the receipt's address, the
 * token; errors (may be NULL) beside their fields and in the summary. */
static enum gx_outcome render_form(struct gx_req *r, const struct gx_procedure *p, const json_t *data,
				   const char *email, const char *token, const json_t *errors, int status)
{
	enum gx_lang lang = gx_req_lang(r);
	const json_t *def = gx_procedure_json(p);
	const json_t *t = gx_i18n_catalog(gx_site.i18n, lang);
	struct gx_form_ctx c = {.lang = lang, .definition = def, .data = data, .errors = errors, .t = t};
	json_t *steps = json_array();
	size_t nsteps = json_array_size(json_object_get(def, "steps"));
	for (size_t i = 0; i < nsteps; i++) {
		const json_t *s = json_array_get(json_object_get(def, "steps"), i);
		json_array_append_new(steps, json_pack("{s:s, s:o}", "title", gx_form_text(json_object_get(s, "titles"), lang),
						       "fields", gx_form_step_fields(&c, i)));
	}
	json_t *summary = json_array();
	const char *email_error = NULL;
	size_t i;
	json_t *e;
	json_array_foreach(errors, i, e) {
		const char *f = json_string_value(json_object_get(e, "field"));
		char eid[320];
		gx_form_element_id(f != NULL ? f : "", eid, sizeof(eid));
		char href[330];
		snprintf(href, sizeof(href), "#%s", eid);
		json_array_append_new(summary, json_pack("{s:O, s:s, s:O?}", "text", json_object_get(e, "message"), "href",
							 href, "label", json_object_get(e, "label")));
		if (f != NULL && strcmp(f, EMAIL_POINTER) == 0)
			email_error = json_string_value(json_object_get(e, "message"));
	}
	char action[128];
	snprintf(action, sizeof(action), "/procedures/%s/without-login", gx_procedure_id(p));
	const char *title = gx_form_text(json_object_get(def, "titles"), lang);
	bool has_errors = json_array_size(summary) > 0;
	char page_title[600];
	snprintf(page_title, sizeof(page_title), "%s%s%s", has_errors ? tr(t, "error_prefix") : "", has_errors ? " " : "",
		 title);
	json_t *d = json_pack("{s:s, s:s, s:o, s:o, s:b, s:s, s:s, s:s, s:s?, s:s, s:b, s:s}", "procedure_title", title,
			      "organisation", gx_proc_organisation_title(gx_procedure_organisation(p), lang), "steps",
			      steps, "error_summary", summary, "has_errors", has_errors, "action", action, "token", token,
			      "email", email != NULL ? email : "", "email_error", email_error, "title", page_title,
			      "person", r->actor.kind == GX_ACTOR_PERSON, "csrf",
			      r->actor.kind == GX_ACTOR_PERSON ? r->actor.session.csrf_token : "");
	char back[128];
	snprintf(back, sizeof(back), "/procedures/%s", gx_procedure_id(p));
	json_object_set_new(d, "back_href", json_string(back));
	return gx_page_reply_owned(r, status, "guest_form", "proc.catalogue_title", d);
}

enum gx_outcome gx_page_guest_form(struct gx_req *r)
{
	const struct gx_procedure *p = guest_procedure(r);
	if (p == NULL)
		return gx_reply_problem(r, GX_ERR_NOT_FOUND, NULL, "no procedure of that name can be done without logging in");
	unsigned char raw[TOKEN_BYTES];
	char token[TOKEN_TEXT];
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(token, sizeof(token), raw, sizeof(raw), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	json_t *empty = json_object();
	enum gx_outcome o = render_form(r, p, empty, "", token, NULL, 200);
	json_decref(empty);
	return o;
}

struct sending {
	struct gx_req *r;
	const struct gx_procedure *p;
	json_t *data;
	char email[GX_GUEST_MAILBOX_MAX + 1];
	char token[TOKEN_TEXT];
};

/* The receipt, shown once: what was received, when, the answers, the
 * signature, and whether a copy is on its way to the mailbox. */
static enum gx_outcome render_receipt(struct sending *s, const struct gx_guest_result *res)
{
	struct gx_req *r = s->r;
	enum gx_lang lang = gx_req_lang(r);
	const json_t *def = gx_procedure_json(s->p);
	const json_t *t = gx_i18n_catalog(gx_site.i18n, lang);
	json_error_t jerr;
	json_t *answers = json_loads(res->submission->data_json, 0, &jerr);
	struct gx_form_ctx c = {.lang = lang, .definition = def, .data = answers, .computed = answers, .t = t};
	json_t *sections = answers != NULL ? gx_form_answer_sections(&c, json_array_size(json_object_get(def, "steps")), NULL)
					   : json_array();
	json_decref(answers);
	char when[32];
	gx_local_time_format(res->submission->submitted_at_us, when, sizeof(when), true);
	json_t *d = json_pack("{s:s, s:s, s:s, s:s, s:o, s:s, s:s, s:s, s:b, s:s}", "reference", res->reference,
			      "procedure_title", gx_form_text(json_object_get(def, "titles"), lang), "organisation",
			      gx_proc_organisation_title(gx_procedure_organisation(s->p), lang), "submitted", when,
			      "sections", sections, "signature", res->submission->signature, "receipt_text",
			      res->submission->receipt_json, "key_href", "/api/v1/receipts/key", "mailed", res->mailed,
			      "email", s->email);
	return gx_page_reply_owned(r, 200, "guest_receipt", "proc.receipt_title", d);
}

static void on_sent(void *arg, const struct gx_guest_result *res)
{
	struct sending *s = arg;
	struct gx_req *r = s->r;
	enum gx_outcome o = GX_DONE;
	if (res->status == GX_CORE_OK) {
		o = render_receipt(s, res);
	} else if (res->status == GX_CORE_INVALID) {
		o = render_form(r, s->p, s->data, s->email, s->token, res->errors, 422);
	} else if (res->status == GX_CORE_CONFLICT && res->repeated) {
		json_t *d = json_pack("{s:s, s:b}", "reference", res->reference, "repeated", true);
		o = gx_page_reply_owned(r, 200, "guest_repeated", "proc.guest_repeated_title", d);
	} else if (res->status == GX_CORE_CONFLICT && res->limit != NULL) {
		bool mailbox = strcmp(res->limit, "mailbox") == 0;
		h2o_add_header(&r->h2o->pool, &r->h2o->res.headers, H2O_TOKEN_RETRY_AFTER, NULL,
			       mailbox ? "86400" : "3600", mailbox ? 5 : 4);
		json_t *d = json_pack("{s:b}", "mailbox", mailbox);
		o = gx_page_reply_owned(r, 429, "guest_limited", "proc.guest_limited_title", d);
	} else {
		o = gx_reply_problem(r, res->status == GX_CORE_UNAVAILABLE ? GX_ERR_UNAVAILABLE : GX_ERR_INTERNAL, NULL,
				     res->status == GX_CORE_UNAVAILABLE ? "the form could not be stored; send it again" : NULL);
	}
	if (o == GX_SERVER_FAULT && !r->replied)
		gx_reply_problem(r, GX_ERR_INTERNAL, NULL, NULL);
	json_decref(s->data);
}

/* The error for the receipt's address, as the validator writes its own. */
static json_t *email_error(const json_t *t)
{
	return json_pack("{s:s, s:s, s:s, s:s}", "field", EMAIL_POINTER, "code", "invalid_email", "message",
			 tr(t, "guest_email_error"), "label", tr(t, "guest_email"));
}

enum gx_outcome gx_page_guest_submit(struct gx_req *r)
{
	const struct gx_procedure *p = guest_procedure(r);
	if (p == NULL)
		return gx_reply_problem(r, GX_ERR_NOT_FOUND, NULL, "no procedure of that name can be done without logging in");
	h2o_iovec_t body = r->h2o->entity;
	const char *b = body.base != NULL ? body.base : "";
	size_t blen = body.base != NULL ? body.len : 0;
	struct sending *s = gx_req_alloc(r, sizeof(*s));
	memset(s, 0, sizeof(*s));
	s->r = r;
	s->p = p;
	unsigned char raw[TOKEN_BYTES];
	size_t rawlen = 0;
	if (gx_query_get(b, blen, "token", s->token, sizeof(s->token)) != TOKEN_TEXT - 1 ||
	    sodium_base642bin(raw, sizeof(raw), s->token, TOKEN_TEXT - 1, NULL, &rawlen, NULL,
			      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    rawlen != TOKEN_BYTES)
		return gx_reply_problem(r, GX_ERR_INVALID_FIELD, "token",
					"the form's one-time token is missing or malformed: open the form again");
	long got = gx_query_get(b, blen, "receipt_email", s->email, sizeof(s->email));
	if (got == -2)
		return gx_reply_problem(r, GX_ERR_INVALID_FIELD, "receipt_email", "badly encoded or longer than 254 bytes");
	const json_t *def = gx_procedure_json(p);
	s->data = json_object();
	char add[300];
	bool adding = false;
	for (size_t i = 0; i < json_array_size(json_object_get(def, "steps")); i++) {
		if (gx_form_read_step(def, i, b, blen, s->data, add, sizeof(add)) != 0) {
			json_decref(s->data);
			return gx_reply_problem(r, GX_ERR_BAD_REQUEST, NULL, "the form is badly encoded");
		}
		adding |= add[0] != '\0';
	}
	enum gx_lang lang = gx_req_lang(r);
	const json_t *t = gx_i18n_catalog(gx_site.i18n, lang);
	/* "Add another": the same form, one more item; nothing is sent. */
	if (adding) {
		enum gx_outcome o = render_form(r, p, s->data, s->email, s->token, NULL, 200);
		json_decref(s->data);
		return o;
	}
	bool email_ok = got > 0 && gx_guest_mailbox_ok(s->email);
	if (!email_ok) {
		/* Every fault at once: the answers' and the address's. */
		char today[11];
		gx_local_date(gx_wall_us(), today);
		json_t *errors = gx_submission_validate(def, s->data, NULL, gx_lang_code(lang), today, NULL);
		if (errors == NULL) {
			json_decref(s->data);
			return GX_SERVER_FAULT;
		}
		json_array_append_new(errors, email_error(t));
		enum gx_outcome o = render_form(r, p, s->data, s->email, s->token, errors, 422);
		json_decref(errors);
		json_decref(s->data);
		return o;
	}
	/* The address the rate limits see: behind a proxy, the one it added. */
	char address[64];
	gx_throttle_client_text(r, address, sizeof(address));
	struct gx_guest_in in = {.p = p, .data = s->data, .lang = gx_lang_code(lang), .address = address,
				 .mailbox = s->email,
				 .procedure_title = gx_form_text(json_object_get(def, "titles"), lang),
				 .organisation_title = gx_proc_organisation_title(gx_procedure_organisation(p), lang)};
	crypto_hash_sha256(in.token_hash, raw, sizeof(raw));
	gx_guest_submit(gx_app_ctx(r), &in, on_sent, s);
	return GX_DONE;
}
