/* The organisation API's reading side (scope submissions.read):
 *
 *   GET /api/org/v1/submissions                          the inbox: filters as backoffice/inbox_query.h,
 *                                                        per_page 1–100, a page by key (next: the cursor)
 *   GET /api/org/v1/submissions/{submission}             a case: the submission, its answers, receipt,
 *                                                        files, timeline, consent; ETag: its revision
 *   GET /api/org/v1/submissions/{submission}/files/{attachment}
 *
 * A submission of another organisation is 404, as if it did not exist. */

#include "backoffice/api/submissions.h"

#include <stdlib.h>
#include <string.h>

#include "backoffice/api/reply.h"
#include "backoffice/ctx.h"
#include "backoffice/inbox_query.h"
#include "core/attachments.h"
#include "core/cases.h"
#include "core/inbox.h"
#include "core/submissions.h"
#include "http/query.h"
#include "http/request.h"

enum gx_outcome gx_org_api_inbox(struct gx_req *r)
{
	size_t qlen;
	const char *q = gx_query_of(r->h2o->path.base, r->h2o->path.len, &qlen);
	struct gx_inbox_filter f;
	const char *bad = gx_inbox_filter_parse(q, qlen, r->actor.client.org, NULL, &f);
	if (bad != NULL)
		return gx_reply_problem(r, GX_ERR_BAD_PARAMETER, bad, "not a valid filter");
	char pp[8];
	long n = gx_query_get(q, qlen, "per_page", pp, sizeof(pp));
	char *end;
	long per_page = n > 0 ? strtol(pp, &end, 10) : 25;
	if (n == -2 || (n > 0 && (*end != '\0' || per_page < 1 || per_page > GX_INBOX_PAGE_MAX)))
		return gx_reply_problem(r, GX_ERR_BAD_PARAMETER, "per_page", "a whole number from 1 to 100");
	struct gx_case *rows = gx_req_alloc(r, (size_t)per_page * sizeof(*rows));
	size_t got;
	bool more;
	json_t *counts = gx_inbox_counts(gx_req_store(r), r->actor.client.org);
	if (counts == NULL || gx_inbox_page(gx_req_store(r), &f.q, rows, (size_t)per_page, &got, &more) < 0) {
		json_decref(counts);
		return GX_SERVER_FAULT;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < got; i++)
		json_array_append_new(items, gx_org_case_json(&rows[i]));
	char next[48];
	if (more && got > 0)
		gx_inbox_cursor(&rows[got - 1], next, sizeof(next));
	gx_org_reply_taken(r, 200, json_pack("{s:o, s:s?, s:o}", "items", items, "next", more && got > 0 ? next : NULL,
					     "counts", counts));
	return GX_DONE;
}

enum gx_outcome gx_org_api_submission(struct gx_req *r)
{
	struct gx_store_conn *db = gx_req_store(r);
	long long id = gx_req_param_id(r, "submission");
	struct gx_case k;
	enum gx_db_status st = gx_case_read(db, r->actor.client.org, id, &k);
	if (st < 0)
		return GX_SERVER_FAULT;
	if (st == GX_DB_NO_RESULTS)
		return gx_reply_problem(r, GX_ERR_NOT_FOUND, NULL, NULL);
	struct gx_submission s;
	if (gx_case_submission(db, id, &s) != GX_DB_ONE_RESULT)
		return GX_SERVER_FAULT;
	json_t *files = gx_attachments_list(db, GX_ATTACHMENTS_OF_SUBMISSION, id);
	json_t *timeline = gx_submission_timeline(db, GX_ID(gx_submission_id, id));
	json_t *body = gx_org_case_json(&k);
	json_error_t err;
	if (files == NULL || timeline == NULL || body == NULL) {
		json_decref(files);
		json_decref(timeline);
		json_decref(body);
		gx_submission_clear(&s);
		return GX_SERVER_FAULT;
	}
	json_object_set_new(body, "version", json_integer(s.procedure_version));
	json_object_set_new(body, "data", json_loads(s.data_json, 0, &err));
	json_object_set_new(body, "receipt_text", json_string(s.receipt_json));
	json_object_set_new(body, "signature", json_string(s.signature));
	json_object_set_new(body, "files", files);
	json_object_set_new(body, "timeline", timeline);
	struct gx_reuse_consent rc;
	if (gx_case_consent(db, id, &rc) == GX_DB_ONE_RESULT) {
		json_object_set_new(body, "consent",
				    json_pack("{s:b, s:o, s:I, s:o?}", "granted", rc.granted, "registers",
					      json_loads(rc.registers_json, 0, &err), "expires_at_us",
					      (json_int_t)rc.expires_at_us, "revoked_at_us",
					      rc.revoked_at_us > 0 ? json_integer(rc.revoked_at_us) : NULL));
		gx_reuse_consent_clear(&rc);
	}
	gx_submission_clear(&s);
	gx_org_set_etag(r, k.revision);
	gx_org_reply_taken(r, 200, body);
	return GX_DONE;
}

enum gx_outcome gx_org_api_file(struct gx_req *r)
{
	long long id = gx_req_param_id(r, "submission");
	struct gx_case k;
	enum gx_db_status st = gx_case_read(gx_req_store(r), r->actor.client.org, id, &k);
	struct gx_attachment a;
	if (st == GX_DB_ONE_RESULT)
		st = gx_attachment_of_submission(gx_req_store(r), id, gx_req_param(r, "attachment"), &a);
	if (st < 0)
		return GX_SERVER_FAULT;
	if (st == GX_DB_NO_RESULTS)
		return gx_reply_problem(r, GX_ERR_NOT_FOUND, NULL, NULL);
	enum gx_outcome out = gx_reply_file(r, a.name[0] != '\0' ? a.name : a.id, a.content_type, a.data, (size_t)a.size);
	gx_attachment_clear(&a);
	return out;
}
