/* GET /spaces/{space}/submissions/{submission}: the receipt of a
 * submission as a page: its reference, answers, files, timeline and the
 * signed receipt text. A submission of another space is answered 404. */

#include "portal/pages/submissions.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/attachments.h"
#include "core/submissions.h"
#include "http/request.h"
#include "i18n/i18n.h"
#include "portal/app.h"
#include "portal/pages/form.h"
#include "portal/pages/labels.h"
#include "portal/pages/page.h"
#include "portal/pages/review_reuse.h"
#include "portal/path.h"
#include "procedures/definition.h"
#include "util/local_time.h"

enum gx_outcome gx_page_receipt(struct gx_req *r)
{
	enum gx_lang lang = gx_req_lang(r);
	const json_t *t = gx_i18n_catalog(gx_app.i18n, lang);
	struct gx_submission_id id = gx_path_submission(r);
	struct gx_submission s;
	enum gx_db_status st = gx_submission_read(gx_req_store(r), gx_path_space(r), id, &s);
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
	json_t *events = json_array();
	size_t i;
	json_t *e;
	json_array_foreach(timeline, i, e) {
		char when[32];
		gx_local_time_format((long long)json_integer_value(json_object_get(e, "at_us")), when, sizeof(when), true);
		const char *status = json_string_value(json_object_get(e, "status"));
		json_t *msg = json_object_get(e, "message");
		if (json_is_string(msg)) /* stored as JSON text {fr, de, en} */
			msg = json_loads(json_string_value(msg), 0, &err);
		else
			json_incref(msg);
		json_array_append_new(events, json_pack("{s:s, s:s, s:s?}", "when", when, "status",
							gx_proc_status_label(t, status != NULL ? status : ""), "message",
							json_is_object(msg) ? gx_form_text(msg, lang) : NULL));
		json_decref(msg);
	}
	json_decref(timeline);
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
	json_t *data = json_pack("{s:s, s:s, s:s, s:s, s:s, s:i, s:o, s:o, s:s, s:s, s:s, s:s, s:o?}", "reference",
				 s.reference, "procedure_title", title, "organisation",
				 gx_proc_organisation_title(s.organisation, lang), "submitted", when, "procedure",
				 s.procedure_id, "version", s.procedure_version, "sections", sections, "timeline", events,
				 "signature", s.signature, "receipt_text", s.receipt_json != NULL ? s.receipt_json : "",
				 "key_href", "/api/v1/receipts/key", "overview_href", space_href, "reuse_answer", reuse_answer);
	gx_submission_clear(&s);
	return gx_page_reply_owned(r, 200, "receipt", "proc.receipt_title", data);
}
