/* The organisation API's letter box (scope letterbox.send):
 *
 *   POST /api/org/v1/letterbox/documents              multipart/form-data: part "document" (JSON:
 *                                                     recipient.national_id, type, title,
 *                                                     notification_title, due_date?,
 *                                                     confirmation_required?, submission?) and part
 *                                                     "file" (the PDF); Idempotency-Key required.
 *                                                     201 the document; 409 not_opted_in (nothing
 *                                                     stored: post it on paper); 422 the key reused
 *   GET  /api/org/v1/letterbox/documents/{document}   the document and its receipts (read_at_us,
 *                                                     confirmed_at_us), or its tombstone once purged
 *
 * The receipts also come as events on the organisation's feed
 * (letterbox.read, letterbox.confirmed). Another organisation's document is 404. */

#include "backoffice/api/letterbox.h"

#include <stdio.h>
#include <string.h>

#include "backoffice/api/reply.h"
#include "backoffice/ctx.h"
#include "core/lb_upload.h"
#include "core/letterbox.h"
#include "http/multipart.h"
#include "http/request.h"

static void on_delivered(void *arg, const struct gx_lb_delivered *res)
{
	struct gx_req *r = arg;
	char pointer[64];
	if (res->status == GX_CORE_OK) {
		if (res->replayed)
			h2o_add_header_by_str(&r->h2o->pool, &r->h2o->res.headers, H2O_STRLIT("idempotency-replayed"), 0,
					      NULL, H2O_STRLIT("true"));
		json_error_t err;
		gx_org_reply_taken(r, res->http_status, json_loads(res->body, 0, &err));
	} else if (res->key_reused) {
		gx_reply_problem(r, GX_ERR_IDEMPOTENCY_KEY_REUSED, "Idempotency-Key", res->why);
	} else if (res->not_opted_in) {
		gx_reply_problem(r, GX_ERR_NOT_OPTED_IN, "/document/recipient", NULL);
	} else if (res->status == GX_CORE_INVALID) {
		snprintf(pointer, sizeof(pointer), strcmp(res->field, "file") == 0 ? "/file" : "/document/%s", res->field);
		gx_reply_problem(r, res->too_large          ? GX_ERR_BODY_TOO_LARGE
				    : res->unsupported_type ? GX_ERR_UNSUPPORTED_MEDIA_TYPE
							    : GX_ERR_INVALID_FIELD,
				 pointer, res->why);
	} else {
		gx_org_core_failure(r, res->status, NULL, NULL);
	}
}

enum gx_outcome gx_org_api_lb_send(struct gx_req *r)
{
	const struct gx_bo *bo = gx_bo_ctx(r);
	if (bo == NULL)
		return GX_SERVER_FAULT;
	struct gx_idempotency *idem = gx_req_alloc(r, sizeof(*idem));
	enum gx_outcome out = GX_SERVER_FAULT;
	if (gx_org_idempotency(r, idem, &out) != 0)
		return out;
	const struct gx_multipart *m = r->multipart;
	struct gx_lb_upload_part parts[GX_MULTIPART_MAX_PARTS];
	for (size_t i = 0; i < m->nparts; i++)
		parts[i] = (struct gx_lb_upload_part){m->parts[i].name, m->parts[i].name_len, m->parts[i].filename,
						      m->parts[i].filename_len, m->parts[i].data, m->parts[i].len};
	struct gx_lb_upload up;
	struct gx_lb_upload_error err;
	int parsed = gx_lb_upload_parse(parts, m->nparts, 8, &up, &err);
	if (parsed != 0 && err.no_memory)
		return GX_SERVER_FAULT;
	if (parsed != 0)
		return gx_reply_problem(r, err.malformed_json ? GX_ERR_MALFORMED_JSON
					   : err.pointer[0] == '\0' || strcmp(err.pointer, "/file") == 0 ||
							   strcmp(err.detail, "sent twice") == 0
						   ? GX_ERR_BAD_REQUEST
						   : GX_ERR_INVALID_FIELD,
					err.pointer[0] != '\0' ? err.pointer : NULL, err.detail);
	/* The request is its metadata and file, however the multipart body frames them. */
	memcpy(idem->request_hash, up.request_hash, sizeof(idem->request_hash));
	struct gx_lb_delivery d = {.national_id = up.national_id, .company_number = up.company_number, .org = bo->who.org, .doc_type = up.type,
				   .title = up.title, .notice_title = up.notice_title,
				   .file_name = up.file_name[0] != '\0' ? up.file_name : NULL, .bytes = up.file,
				   .len = up.file_len, .due_date = up.due_date,
				   .confirmation_required = up.confirmation_required, .submission_id = up.submission,
				   .sender = bo->who.client, .sha256 = up.file_sha256};
	gx_lb_deliver(bo->c, &d, idem, on_delivered, r);
	gx_lb_upload_clear(&up);
	return GX_DONE;
}

enum gx_outcome gx_org_api_lb_get(struct gx_req *r)
{
	enum gx_db_status st;
	json_t *doc = gx_lb_org_document(gx_req_store(r), r->actor.client.org, gx_req_param_id(r, "document"), &st);
	if (st < 0)
		return GX_SERVER_FAULT;
	if (doc == NULL)
		return gx_reply_problem(r, GX_ERR_NOT_FOUND, NULL, NULL);
	gx_org_reply_taken(r, 200, doc);
	return GX_DONE;
}
