/* Attachments over the API:
 *
 *   POST /api/v1/spaces/{space}/drafts/{draft}/attachments?field=PLACE[&name=NAME]
 *        the raw bytes as the body; 201 {id, field, name, content_type, size, sha256}
 *   GET  /api/v1/spaces/{space}/attachments/{attachment}
 *
 * The checks and the write are core/attachments.c's, shared with the pages. */

#include "portal/api/attachments.h"

#include <stdio.h>
#include <string.h>

#include "core/attachments.h"
#include "core/drafts.h"
#include "http/query.h"
#include "http/request.h"
#include "portal/app.h"
#include "portal/path.h"

static void on_uploaded(void *arg, const struct gx_upload *u)
{
	struct gx_req *r = arg;
	const struct gx_attachment *a = &u->a;
	switch (u->fault) {
	case GX_UPLOAD_OK:
		break;
	case GX_UPLOAD_NO_PLACE:
		gx_reply_problem(r, GX_ERR_BAD_PARAMETER, "field",
				 u->place.field == NULL ? "not a file field of this procedure"
							: "no such entry in the draft for this file field");
		return;
	case GX_UPLOAD_NO_FILE:
		gx_reply_problem(r, GX_ERR_BAD_REQUEST, NULL, "the file is empty");
		return;
	case GX_UPLOAD_TOO_LARGE:
		gx_reply_problem(r, GX_ERR_BODY_TOO_LARGE, NULL, "the file is larger than this field accepts");
		return;
	case GX_UPLOAD_WRONG_TYPE:
		gx_reply_problem(r, GX_ERR_UNSUPPORTED_MEDIA_TYPE, NULL,
				 "this field accepts other kinds of file (the type is read from the file itself)");
		return;
	case GX_UPLOAD_TOO_MANY:
		gx_reply_problem(r, GX_ERR_CONFLICT, NULL, "this field already has as many files as it accepts");
		return;
	case GX_UPLOAD_DRAFT_GONE:
		gx_reply_problem(r, GX_ERR_NOT_FOUND, NULL, NULL);
		return;
	case GX_UPLOAD_STORE_FAILED:
		gx_reply_problem(r, GX_ERR_UNAVAILABLE, NULL, "the file could not be stored; try again");
		return;
	}
	json_t *body = json_pack("{s:s, s:s, s:s, s:s, s:I, s:s}", "id", a->id, "field", a->field, "name", a->name,
				 "content_type", a->content_type, "size", (json_int_t)a->size, "sha256", a->sha256);
	if (body == NULL || gx_reply_json(r, 201, body) != GX_DONE)
		gx_reply_problem(r, GX_ERR_INTERNAL, NULL, NULL);
	json_decref(body);
}

enum gx_outcome gx_api_attachment_upload(struct gx_req *r)
{
	struct gx_draft d;
	enum gx_db_status st =
		gx_draft_load(gx_app_ctx(r), gx_path_space(r), gx_path_draft(r), &d);
	if (st < 0)
		return GX_SERVER_FAULT;
	if (st == GX_DB_NO_RESULTS)
		return gx_reply_problem(r, GX_ERR_NOT_FOUND, NULL, NULL);
	size_t qlen;
	const char *q = gx_query_of(r->h2o->path.base, r->h2o->path.len, &qlen);
	char place[GX_FILE_POINTER_MAX], name[GX_ATTACHMENT_NAME_MAX * 2];
	long n = gx_query_get(q, qlen, "name", name, sizeof(name));
	if (gx_query_get(q, qlen, "field", place, sizeof(place)) <= 0) {
		gx_draft_clear(&d);
		return gx_reply_problem(r, GX_ERR_BAD_PARAMETER, "field", "name the file field: ?field=ID");
	}
	if (n == -2) {
		gx_draft_clear(&d);
		return gx_reply_problem(r, GX_ERR_BAD_PARAMETER, "name", "the file name is badly encoded or too long");
	}
	h2o_iovec_t body = r->h2o->entity;
	int rc = gx_attachment_add(gx_app_ctx(r), &d, place, n > 0 ? name : NULL, n > 0 ? (size_t)n : 0, body.base,
				   body.base != NULL ? body.len : 0, on_uploaded, r);
	gx_draft_clear(&d);
	return rc == 0 ? GX_DONE : GX_SERVER_FAULT;
}

enum gx_outcome gx_api_attachment_download(struct gx_req *r)
{
	struct gx_attachment a;
	enum gx_db_status st = gx_attachment_read(gx_app_ctx(r), gx_path_space(r), gx_req_param(r, "attachment"), &a);
	if (st < 0)
		return GX_SERVER_FAULT;
	if (st == GX_DB_NO_RESULTS)
		return gx_reply_problem(r, GX_ERR_NOT_FOUND, NULL, NULL);
	enum gx_outcome out = gx_reply_file(r, a.name[0] != '\0' ? a.name : a.id, a.content_type, a.data, (size_t)a.size);
	gx_attachment_clear(&a);
	return out;
}
