/* GET /spaces/{space}/submissions/{submission}: the receipt of a
 * submission as a page: its reference, answers, files, timeline and the
 * signed receipt text. A submission of another space is answered 404. */

#include "portal/pages/submissions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/attachments.h"
#include "core/cases.h"
#include "core/spaces.h"
#include "core/submissions.h"
#include "http/request.h"
#include "i18n/i18n.h"
#include "portal/app.h"
#include "forms/form.h"
#include "forms/labels.h"
#include "forms/timeline.h"
#include "site/page.h"
#include "portal/pages/review_reuse.h"
#include "portal/path.h"
#include "procedures/definition.h"
#include "util/local_time.h"
#include "site/site.h"

/* The reuse consent the person gave (or refused) in this procedure, with
 * the form that revokes it while in force; NULL when none was asked. */
static json_t *receipt_consent(struct gx_req *r, long long id, long long space, enum gx_lang lang)
{
	struct gx_reuse_consent rc;
	if (gx_case_consent(gx_req_store(r), id, &rc) != GX_DB_ONE_RESULT)
		return NULL;
	json_error_t err;
	char until[32], revoke[128];
	gx_local_time_format(rc.expires_at_us, until, sizeof(until), false);
	snprintf(revoke, sizeof(revoke), "/spaces/%lld/submissions/%lld/consent/revoke", space, id);
	json_t *purpose = json_loads(rc.purpose_json, 0, &err);
	json_t *v = json_pack("{s:b, s:b, s:b, s:s, s:s, s:s?}", "granted", rc.granted, "revoked", rc.revoked_at_us > 0,
			      "in_force", rc.granted && rc.revoked_at_us == 0 && gx_app_ctx(r)->now_us < rc.expires_at_us,
			      "until", until, "revoke_href", revoke, "purpose", gx_form_text(purpose, lang));
	json_decref(purpose);
	gx_reuse_consent_clear(&rc);
	return v;
}

enum gx_outcome gx_page_receipt(struct gx_req *r)
{
	enum gx_lang lang = gx_req_lang(r);
	const json_t *t = gx_i18n_catalog(gx_site.i18n, lang);
	struct gx_submission_id id = gx_path_submission(r);
	struct gx_submission s;
	enum gx_db_status st = gx_submission_read(gx_app_ctx(r), gx_path_space(r), id, &s);
	if (st < 0)
		return GX_SERVER_FAULT;
	if (st == GX_DB_NO_RESULTS)
		return gx_page_error(r, GX_ERR_NOT_FOUND);
	json_t *files = gx_attachments_list(gx_req_store(r), GX_ATTACHMENTS_OF_SUBMISSION, id.v);
	json_t *timeline = files != NULL ? gx_submission_timeline(gx_req_store(r), id) : NULL;
	if (timeline == NULL) {
		json_decref(files);
		gx_submission_clear(&s);
		return GX_SERVER_FAULT;
	}
	json_error_t err;
	json_t *answers = json_loads(s.data_json != NULL ? s.data_json : "{}", 0, &err);
	const struct gx_procedure *p = gx_app_procedure(s.procedure_id);
	char file_base[64];
	snprintf(file_base, sizeof(file_base), "/api/v1/spaces/%lld/attachments/", s.space_id);
	json_t *events = gx_timeline_view(timeline, files, t, lang, file_base, GX_TIMELINE_PERSON);
	/* The request awaiting the person's answer: a link beside it, and a banner on top. */
	struct gx_case k;
	json_t *request = NULL;
	bool has_case = gx_case_read(gx_req_store(r), NULL, id.v, &k) == GX_DB_ONE_RESULT;
	if (has_case && k.open_request > 0) {
		size_t i;
		json_t *e;
		json_array_foreach(timeline, i, e) {
			if (json_integer_value(json_object_get(e, "seq")) != k.open_request)
				continue;
			char href[128];
			snprintf(href, sizeof(href), "/spaces/%lld/submissions/%lld/requests/%d", s.space_id, id.v,
				 k.open_request);
			json_t *v = json_array_get(events, i);
			json_object_set_new(v, "answer_href", json_string(href));
			request = json_pack("{s:s, s:O}", "href", href, "question", json_object_get(v, "question"));
		}
	}
	json_decref(timeline);
	json_t *consent = receipt_consent(r, id.v, s.space_id, lang);
	json_t *sections = json_array();
	json_t *reuse_answer = p != NULL ? gx_review_reuse_answer(p, answers, t, lang) : NULL;
	const char *title = s.procedure_id;
	if (p != NULL && json_is_object(answers)) {
		const json_t *def = gx_procedure_json(p);
		title = gx_form_text(json_object_get(def, "titles"), lang);
		struct gx_form_ctx c = {.lang = lang, .definition = def, .data = answers, .computed = answers, .t = t,
					.files = files, .space_id = s.space_id};
		json_decref(sections);
		sections = gx_form_answer_sections(&c, json_array_size(json_object_get(def, "steps")), NULL);
	}
	json_decref(answers);
	json_decref(files);
	char when[32];
	gx_local_time_format(s.submitted_at_us, when, sizeof(when), true);
	char space_href[48];
	snprintf(space_href, sizeof(space_href), "/spaces/%lld/overview", s.space_id);
	json_t *data = json_pack("{s:s, s:s, s:s, s:s, s:s, s:i, s:o, s:o, s:s, s:s, s:s, s:s, s:o?, s:o?, s:s, s:o?}",
				 "reference", s.reference, "procedure_title", title, "organisation",
				 gx_proc_organisation_title(s.organisation, lang), "submitted", when, "procedure",
				 s.procedure_id, "version", s.procedure_version, "sections", sections, "timeline", events,
				 "signature", s.signature, "receipt_text", s.receipt_json != NULL ? s.receipt_json : "",
				 "key_href", "/api/v1/receipts/key", "overview_href", space_href, "request", request,
				 "consent", consent, "csrf", r->actor.session.csrf_token, "reuse_answer", reuse_answer);
	if (data != NULL && has_case)
		json_object_set_new(data, "status", json_string(gx_proc_status_label(t, k.status)));
	/* Who submitted it, when not the space's own person ("on your behalf" to that person). */
	const struct gx_access *a = &r->actor.access;
	struct gx_person by;
	if (data != NULL && s.submitted_by > 0 &&
	    (strcmp(a->space.kind, "professional") == 0 || s.submitted_by != a->space.owner_person_id) &&
	    gx_person_read(gx_req_store(r), GX_ID(gx_person_id, s.submitted_by), &by) == GX_DB_ONE_RESULT) {
		char name[260];
		snprintf(name, sizeof(name), "%s %s", by.given_name, by.family_name);
		json_object_set_new(data, "submitted_by", json_string(name));
		json_object_set_new(data, "on_your_behalf",
				    json_boolean(a->via == GX_VIA_OWNER && strcmp(a->space.kind, "private") == 0));
	}
	gx_submission_clear(&s);
	return gx_page_reply_owned(r, 200, "receipt", "proc.receipt_title", data);
}
