#include "portal/attachments.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/durable.h"
#include "http/query.h"
#include "http/request.h"
#include "portal/app.h"
#include "portal/drafts.h"
#include "procedures/definition.h"
#include "store/store.h"
#include "util/clock.h"

const char *gx_sniff_type(const unsigned char *d, size_t n)
{
	if (n >= 5 && memcmp(d, "%PDF-", 5) == 0)
		return "application/pdf";
	if (n >= 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "image/png";
	if (n >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF)
		return "image/jpeg";
	if (n >= 4 && (memcmp(d, "II*\0", 4) == 0 || memcmp(d, "MM\0*", 4) == 0))
		return "image/tiff";
	return NULL;
}

/* The top-level file field called id in the procedure, or NULL. */
static const json_t *file_field(const struct gx_procedure *p, const char *id)
{
	size_t i, j;
	json_t *step, *field;
	json_array_foreach(json_object_get(gx_procedure_json(p), "steps"), i, step) {
		json_array_foreach(json_object_get(step, "fields"), j, field) {
			const char *fid = json_string_value(json_object_get(field, "id"));
			const char *kind = json_string_value(json_object_get(field, "kind"));
			if (fid != NULL && kind != NULL && strcmp(fid, id) == 0 && strcmp(kind, "file") == 0)
				return field;
		}
	}
	return NULL;
}

static bool type_allowed(const json_t *file, const char *type)
{
	size_t i;
	json_t *t;
	json_array_foreach(json_object_get(file, "types"), i, t) {
		if (json_is_string(t) && strcmp(json_string_value(t), type) == 0)
			return true;
	}
	return false;
}

static enum gx_db_status write_attachment(struct gx_store_conn *w, void *arg)
{
	return gx_store_attachment_put(w, arg);
}

static void on_stored(struct gx_req *r, void *arg, enum gx_db_status result)
{
	struct gx_attachment *a = arg;
	if (result < 0) {
		gx_reply_problem(r, GX_ERR_UNAVAILABLE, NULL, "the file could not be stored; try again");
		return;
	}
	json_t *body = json_pack("{s:s, s:s, s:s, s:I, s:s}", "id", a->id, "field", a->field, "content_type",
				 a->content_type, "size", (json_int_t)a->size, "sha256", a->sha256);
	if (body == NULL || gx_reply_json(r, 201, body) != GX_DONE)
		gx_reply_problem(r, GX_ERR_INTERNAL, NULL, NULL);
	json_decref(body);
}

enum gx_outcome gx_attachment_upload(struct gx_req *r)
{
	struct gx_draft d;
	enum gx_db_status st = gx_draft_load(r, &d);
	if (st < 0)
		return GX_SERVER_FAULT;
	if (st == GX_DB_NO_RESULTS)
		return gx_reply_problem(r, GX_ERR_NOT_FOUND, NULL, NULL);
	struct gx_attachment *a = gx_req_alloc(r, sizeof(*a));
	memset(a, 0, sizeof(*a));
	a->space_id = d.space_id;
	a->draft_id = d.id;
	const struct gx_procedure *p = gx_app_procedure(d.procedure_id);
	gx_draft_clear(&d);

	size_t qlen;
	const char *q = gx_query_of(r->h2o->path.base, r->h2o->path.len, &qlen);
	const json_t *field = NULL;
	if (gx_query_get(q, qlen, "field", a->field, sizeof(a->field)) > 0 && p != NULL)
		field = file_field(p, a->field);
	if (field == NULL)
		return gx_reply_problem(r, GX_ERR_BAD_PARAMETER, "field", "not a file field of this procedure");
	const json_t *file = json_object_get(field, "file");

	h2o_iovec_t body = r->h2o->entity;
	size_t len = body.base != NULL ? body.len : 0;
	long long max_bytes = json_integer_value(json_object_get(file, "max_bytes"));
	if (len == 0)
		return gx_reply_problem(r, GX_ERR_BAD_REQUEST, NULL, "the file is empty");
	if (max_bytes > 0 && (long long)len > max_bytes)
		return gx_reply_problem(r, GX_ERR_BODY_TOO_LARGE, NULL, "the file is larger than this field accepts");
	const char *type = gx_sniff_type((const unsigned char *)body.base, len);
	if (type == NULL || !type_allowed(file, type))
		return gx_reply_problem(r, GX_ERR_UNSUPPORTED_MEDIA_TYPE, NULL,
					"this field accepts other kinds of file (the type is read from the file itself)");
	long long have = 0, max_files = json_integer_value(json_object_get(file, "max_files"));
	if (gx_store_attachments_count(gx_req_store(r), a->draft_id, a->field, &have) < 0)
		return GX_SERVER_FAULT;
	if (max_files > 0 && have >= max_files)
		return gx_reply_problem(r, GX_ERR_CONFLICT, NULL, "this field already has as many files as it accepts");

	unsigned char raw[16], digest[crypto_hash_sha256_BYTES];
	randombytes_buf(raw, sizeof(raw));
	memcpy(a->id, "att_", 4);
	sodium_bin2hex(a->id + 4, sizeof(a->id) - 4, raw, sizeof(raw));
	crypto_hash_sha256(digest, (const unsigned char *)body.base, len);
	sodium_bin2hex(a->sha256, sizeof(a->sha256), digest, sizeof(digest));
	snprintf(a->content_type, sizeof(a->content_type), "%s", type);
	a->size = (long long)len;
	a->data = body.base; /* lives as long as the request */
	a->created_at_us = gx_wall_us();
	return gx_req_durable(r, write_attachment, a, on_stored);
}

enum gx_outcome gx_attachment_download(struct gx_req *r)
{
	const char *id = gx_req_param(r, "attachment");
	struct gx_attachment a = {0};
	enum gx_db_status st = id != NULL && strlen(id) == 36 ? gx_store_attachment_get(gx_req_store(r), id, true, &a)
							       : GX_DB_NO_RESULTS;
	if (st < 0)
		return GX_SERVER_FAULT;
	if (st == GX_DB_NO_RESULTS || a.space_id != gx_req_param_id(r, "space")) {
		gx_attachment_clear(&a);
		return gx_reply_problem(r, GX_ERR_NOT_FOUND, NULL, NULL);
	}
	char *bytes = gx_req_alloc(r, a.size > 0 ? (size_t)a.size : 1);
	memcpy(bytes, a.data, (size_t)a.size);
	h2o_req_t *req = r->h2o;
	char *disposition = gx_req_alloc(r, 80);
	int n = snprintf(disposition, 80, "attachment; filename=\"%s\"", a.id);
	h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CONTENT_DISPOSITION, NULL, disposition, (size_t)n);
	h2o_add_header_by_str(&req->pool, &req->res.headers, H2O_STRLIT("x-content-type-options"), 0, NULL,
			      H2O_STRLIT("nosniff"));
	h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CACHE_CONTROL, NULL, H2O_STRLIT("private, no-store"));
	char *type = gx_req_alloc(r, sizeof(a.content_type));
	memcpy(type, a.content_type, sizeof(a.content_type));
	size_t size = (size_t)a.size;
	gx_attachment_clear(&a);
	return gx_reply_bytes(r, 200, type, bytes, size);
}
