/* The person's side of a case over the API:
 *
 *   POST /api/v1/spaces/{space}/submissions/{submission}/requests/{request}/answer
 *        multipart/form-data: "text" and files (PDF, PNG, JPEG; as many as asked);
 *        201 {submission, request, status, turn} once the answer and its signed
 *        receipt are durable; 400 naming text or files; 404 when the request
 *        is not the open one
 *   POST /api/v1/spaces/{space}/submissions/{submission}/consent/revoke
 *        200 {submission, consent: "revoked"}; 404 when no consent is in force
 *
 * Thin over core/cases.h; the same operations as the pages (pages/requests.c). */

#include "portal/api/requests.h"

#include "core/cases.h"
#include "http/request.h"
#include "portal/answer_parts.h"
#include "portal/api/reply.h"
#include "portal/app.h"
#include "portal/path.h"

static void on_answered(void *arg, const struct gx_case_changed *res)
{
	struct gx_req *r = arg;
	if (res->status == GX_CORE_INVALID) {
		gx_reply_problem(r, GX_ERR_INVALID_FIELD, res->field != NULL ? res->field : "text", res->why);
		return;
	}
	if (res->status != GX_CORE_OK || res->kase == NULL) {
		gx_api_core_failure(r, res->status, "your answer could not be stored; try again");
		return;
	}
	const struct gx_case *k = res->kase;
	gx_api_reply_taken(r, 201, json_pack("{s:I, s:I, s:s, s:s}", "submission", (json_int_t)k->submission_id,
					     "request", gx_req_param_id(r, "request"), "status", k->status, "turn",
					     k->turn));
}

enum gx_outcome gx_api_request_answer(struct gx_req *r)
{
	const char *text;
	struct gx_answer_file files[GX_ANSWER_FILES_MAX];
	size_t nfiles;
	if (gx_answer_parts(r, &text, files, &nfiles) != 0)
		return gx_reply_problem(r, GX_ERR_INVALID_FIELD, "text", "the answer holds a NUL byte");
	gx_case_answer(gx_app_ctx(r), gx_path_space(r), gx_path_submission(r), (int)gx_req_param_id(r, "request"), text,
		       files, nfiles, on_answered, r);
	return GX_DONE;
}

static void on_revoked(void *arg, const struct gx_case_changed *res)
{
	struct gx_req *r = arg;
	if (res->status != GX_CORE_OK) {
		gx_api_core_failure(r, res->status, "your choice could not be stored; try again");
		return;
	}
	gx_api_reply_taken(r, 200, json_pack("{s:I, s:s}", "submission", (json_int_t)gx_path_submission(r).v, "consent",
					     "revoked"));
}

enum gx_outcome gx_api_consent_revoke(struct gx_req *r)
{
	gx_case_consent_revoke(gx_app_ctx(r), gx_path_space(r), gx_path_submission(r), on_revoked, r);
	return GX_DONE;
}
