/* The person's side of an organisation's request for information, and of
 * their reuse consent, as pages (no JavaScript needed):
 *
 *   GET  /spaces/{space}/submissions/{submission}/requests/{request}   the question, and a form to answer
 *   POST /spaces/{space}/submissions/{submission}/requests/{request}   (multipart) text and files: 303 to the
 *                                                                       receipt page, or the form again (422)
 *   POST /spaces/{space}/submissions/{submission}/consent/revoke       303 to the receipt page
 *
 * Thin over core/cases.h. */

#include "portal/pages/requests.h"

#include <stdio.h>
#include <string.h>

#include "core/cases.h"
#include "core/submissions.h"
#include "http/request.h"
#include "i18n/i18n.h"
#include "portal/answer_parts.h"
#include "portal/app.h"
#include "portal/path.h"
#include "site/page.h"
#include "site/site.h"

/* The open request named by the path: its question and the files asked for. */
static int open_request(struct gx_req *r, const char **question, int *files, enum gx_outcome *out)
{
	struct gx_submission s;
	enum gx_db_status st = gx_submission_read(gx_app_ctx(r), gx_path_space(r), gx_path_submission(r), &s);
	gx_submission_clear(&s);
	struct gx_case k;
	if (st == GX_DB_ONE_RESULT)
		st = gx_case_read(gx_req_store(r), NULL, gx_path_submission(r).v, &k);
	long long seq = gx_req_param_id(r, "request");
	if (st == GX_DB_ONE_RESULT && (k.open_request <= 0 || k.open_request != seq))
		st = GX_DB_NO_RESULTS;
	json_t *timeline = st == GX_DB_ONE_RESULT ? gx_submission_timeline(gx_req_store(r), gx_path_submission(r)) : NULL;
	if (st < 0 || (st == GX_DB_ONE_RESULT && timeline == NULL)) {
		*out = GX_SERVER_FAULT;
		return -1;
	}
	if (st == GX_DB_NO_RESULTS) {
		*out = gx_page_error(r, GX_ERR_NOT_FOUND);
		return -1;
	}
	size_t i;
	json_t *e;
	*question = "";
	*files = 0;
	json_array_foreach(timeline, i, e) {
		if (json_integer_value(json_object_get(e, "seq")) != seq)
			continue;
		const json_t *detail = json_object_get(e, "detail");
		const char *q = json_string_value(json_object_get(detail, "question"));
		if (q != NULL) {
			size_t n = strlen(q);
			char *copy = gx_req_alloc(r, n + 1);
			memcpy(copy, q, n + 1);
			*question = copy;
		}
		*files = (int)json_integer_value(json_object_get(detail, "files"));
	}
	json_decref(timeline);
	return 0;
}

/* The answer form, with errors (taken, or NULL) in its summary. */
static enum gx_outcome answer_page(struct gx_req *r, int status, json_t *errors)
{
	const char *question;
	int files;
	enum gx_outcome out;
	if (open_request(r, &question, &files, &out) != 0) {
		json_decref(errors);
		return out;
	}
	char action[160], back[96];
	snprintf(action, sizeof(action), "/spaces/%lld/submissions/%lld/requests/%lld", gx_path_space(r).v,
		 gx_path_submission(r).v, gx_req_param_id(r, "request"));
	snprintf(back, sizeof(back), "/spaces/%lld/submissions/%lld", gx_path_space(r).v, gx_path_submission(r).v);
	json_t *inputs = json_array();
	int n = files > 0 ? files : 1;
	for (int i = 1; i <= n && i < GX_ANSWER_FILES_MAX; i++)
		json_array_append_new(inputs, json_pack("{s:i}", "n", i));
	json_t *data = json_pack("{s:s, s:i, s:b, s:o, s:s, s:s, s:s, s:b, s:o}", "question", question, "files_wanted",
				 files, "asks_files", files > 0, "inputs", inputs, "action", action, "back", back, "csrf",
				 r->actor.session.csrf_token, "has_errors", errors != NULL, "errors",
				 errors != NULL ? errors : json_array());
	return gx_page_reply_owned(r, status, "answer", "proc.answer_title", data);
}

enum gx_outcome gx_page_request(struct gx_req *r)
{
	return answer_page(r, 200, NULL);
}

static void on_answered(void *arg, const struct gx_case_changed *res)
{
	struct gx_req *r = arg;
	enum gx_outcome o;
	char href[128];
	switch (res->status) {
	case GX_CORE_OK:
		snprintf(href, sizeof(href), "/spaces/%lld/submissions/%lld#timeline", gx_path_space(r).v,
			 gx_path_submission(r).v);
		o = gx_reply_redirect(r, href);
		break;
	case GX_CORE_INVALID: {
		bool files = res->field != NULL && strcmp(res->field, "files") == 0;
		const char *m = gx_i18n_get(gx_site.i18n, gx_req_lang(r),
					    files ? "proc.answer_error_files" : "proc.answer_error_text");
		o = answer_page(r, 422, json_pack("[{s:s, s:s}]", "text", m != NULL ? m : "", "href",
						  files ? "#answer-file-1" : "#answer-text"));
		break;
	}
	case GX_CORE_NOT_FOUND:
		o = gx_page_error(r, GX_ERR_NOT_FOUND);
		break;
	case GX_CORE_UNAVAILABLE:
		o = gx_reply_problem(r, GX_ERR_UNAVAILABLE, NULL, "your answer could not be stored; try again");
		break;
	default:
		o = GX_SERVER_FAULT;
		break;
	}
	if (o == GX_SERVER_FAULT && !r->replied)
		gx_reply_problem(r, GX_ERR_INTERNAL, NULL, NULL);
}

enum gx_outcome gx_page_request_answer(struct gx_req *r)
{
	const char *answer;
	struct gx_answer_file files[GX_ANSWER_FILES_MAX];
	size_t nfiles;
	if (gx_answer_parts(r, &answer, files, &nfiles) != 0)
		return gx_reply_problem(r, GX_ERR_INVALID_FIELD, "text", "the answer holds a NUL byte");
	gx_case_answer(gx_app_ctx(r), gx_path_space(r), gx_path_submission(r), (int)gx_req_param_id(r, "request"),
		       answer, files, nfiles, on_answered, r);
	return GX_DONE;
}

static void on_revoked(void *arg, const struct gx_case_changed *res)
{
	struct gx_req *r = arg;
	char href[128];
	snprintf(href, sizeof(href), "/spaces/%lld/submissions/%lld#consent", gx_path_space(r).v, gx_path_submission(r).v);
	enum gx_outcome o = res->status == GX_CORE_OK	       ? gx_reply_redirect(r, href)
			    : res->status == GX_CORE_NOT_FOUND ? gx_page_error(r, GX_ERR_NOT_FOUND)
			    : res->status == GX_CORE_UNAVAILABLE
				    ? gx_reply_problem(r, GX_ERR_UNAVAILABLE, NULL, "your choice could not be stored; try again")
				    : GX_SERVER_FAULT;
	if (o == GX_SERVER_FAULT && !r->replied)
		gx_reply_problem(r, GX_ERR_INTERNAL, NULL, NULL);
}

enum gx_outcome gx_page_consent_revoke(struct gx_req *r)
{
	gx_case_consent_revoke(gx_app_ctx(r), gx_path_space(r), gx_path_submission(r), on_revoked, r);
	return GX_DONE;
}
