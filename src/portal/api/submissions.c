/* Submissions over the API:
 *
 *   POST /api/v1/spaces/{space}/drafts/{draft}/submit     validate everything on the server; 422 with every
 *                                                          error at once, or 201 once the submission, its
 *                                                          reference and its signed receipt are durable
 *   GET  /api/v1/spaces/{space}/submissions/{submission}  the submission, its receipt and timeline
 *   GET  /api/v1/receipts/key                             the key receipts are signed with
 *
 * Thin over core/submissions.h. A submission of another space answers 404. */

#include "portal/api/submissions.h"

#include <string.h>

#include "core/submissions.h"
#include "http/request.h"
#include "i18n/i18n.h"
#include "json/write.h"
#include "portal/api/reply.h"
#include "portal/app.h"
#include "portal/messages.h"
#include "portal/path.h"

static void on_submitted(void *arg, const struct gx_submitted *s)
{
	struct gx_req *r = arg;
	if (s->status == GX_CORE_INVALID) {
		gx_reply_problem_errors(r, GX_ERR_VALIDATION, "the form has errors; each names its field",
					json_deep_copy(s->errors));
		return;
	}
	if (s->status == GX_CORE_CONFLICT && s->errors != NULL) {
		gx_reply_problem_errors(r, GX_ERR_CONFLICT,
					"the files of this draft changed while it was being submitted; nothing was "
					"stored: check them and submit again",
					gx_portal_submit_errors(r, s->errors));
		return;
	}
	if (s->status == GX_CORE_CONFLICT) {
		gx_reply_problem(r, GX_ERR_CONFLICT, NULL, "this draft has already been submitted");
		return;
	}
	if (s->status != GX_CORE_OK) {
		gx_api_core_failure(r, s->status, "the submission could not be stored; nothing was sent");
		return;
	}
	/* Written in one pass: the receipt is our own canonical JSON text
	 * (receipts/receipt.c), so it goes in as it is, and again as a string. */
	const struct gx_submission *sub = s->submission;
	struct gx_buf b = GX_BUF_INIT;
	gx_buf_append_char(&b, '{');
	gx_json_write_key(&b, "id", 1);
	gx_json_write_int(&b, s->id.v);
	gx_json_write_key(&b, "reference", 0);
	gx_json_write_cstr(&b, sub->reference);
	gx_json_write_key(&b, "receipt", 0);
	gx_buf_append_str(&b, sub->receipt_json);
	gx_json_write_key(&b, "receipt_text", 0);
	gx_json_write_cstr(&b, sub->receipt_json);
	gx_json_write_key(&b, "signature", 0);
	gx_json_write_cstr(&b, sub->signature);
	gx_json_write_key(&b, "receipt_key", 0);
	gx_json_write_cstr(&b, "/api/v1/receipts/key");
	gx_buf_append_char(&b, '}');
	if (gx_reply_json_text(r, 201, &b) != GX_DONE)
		gx_reply_problem(r, GX_ERR_INTERNAL, NULL, NULL);
}

enum gx_outcome gx_api_submission_submit(struct gx_req *r)
{
	gx_submission_submit(gx_app_ctx(r), gx_path_space(r),
			     gx_path_draft(r), gx_lang_code(gx_req_lang(r)),
			     on_submitted, r);
	return GX_DONE;
}

enum gx_outcome gx_api_submission_get(struct gx_req *r)
{
	struct gx_submission_id id = gx_path_submission(r);
	struct gx_submission s;
	enum gx_db_status st =
		gx_submission_read(gx_app_ctx(r), gx_path_space(r), id, &s);
	if (st < 0)
		return GX_SERVER_FAULT;
	if (st == GX_DB_NO_RESULTS)
		return gx_reply_problem(r, GX_ERR_NOT_FOUND, NULL, NULL);
	json_t *timeline = gx_submission_timeline(gx_req_store(r), id);
	if (timeline == NULL) {
		gx_submission_clear(&s);
		return GX_SERVER_FAULT;
	}
	json_error_t err;
	json_t *body = json_pack("{s:I, s:s, s:s, s:i, s:s, s:o, s:o, s:s, s:s, s:o}", "id", (json_int_t)id.v,
				 "reference", s.reference, "procedure", s.procedure_id, "version", s.procedure_version,
				 "organisation", s.organisation, "data", json_loads(s.data_json, 0, &err), "receipt",
				 json_loads(s.receipt_json, 0, &err), "receipt_text", s.receipt_json, "signature",
				 s.signature, "timeline", timeline);
	gx_submission_clear(&s);
	gx_api_reply_taken(r, 200, body);
	return GX_DONE;
}

enum gx_outcome gx_api_receipts_key(struct gx_req *r)
{
	const char *jwk = gx_submission_receipt_key();
	return gx_reply_bytes(r, 200, "application/jwk+json", jwk, strlen(jwk));
}
