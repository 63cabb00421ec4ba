/* A person's requests to registers to correct their data, over the API
 * (docs/corrections.md, api/openapi.json):
 *
 *   GET  /api/v1/corrections                              the person's, newest first
 *   POST /api/v1/corrections                              multipart: "request" (JSON) and "evidence" files;
 *                                                         Idempotency-Key; 201 the request with its signed receipt
 *   GET  /api/v1/corrections/{correction}                 with its timeline
 *   POST /api/v1/corrections/{correction}/withdraw        while undecided
 *   GET  /api/v1/corrections/{correction}/evidence/{seq}  a file
 *
 * Thin over core/corrections.h; the pages do the same (pages/corrections.c). */

#include "portal/api/corrections.h"

#include <stdlib.h>
#include <string.h>

#include "core/corrections.h"
#include "http/multipart.h"
#include "http/request.h"
#include "i18n/i18n.h"
#include "json/spec.h"
#include "portal/api/reply.h"
#include "portal/app.h"
#include "portal/correction_parts.h"

static const struct gx_json_field current_fields[] = {
	{.name = "value", .kind = GX_JSON_STRING, .nullable = true, .max_len = 16384},
	{.name = "version", .kind = GX_JSON_INTEGER, .required = true, .min = 0, .max = 1LL << 53},
	{.name = NULL},
};
static const struct gx_json_field request_spec[] = {
	{.name = "register", .kind = GX_JSON_STRING, .required = true, .min_len = 1, .max_len = 64},
	{.name = "attribute", .kind = GX_JSON_STRING, .required = true, .min_len = 1, .max_len = 128},
	{.name = "current", .kind = GX_JSON_OBJECT, .required = true, .fields = current_fields},
	{.name = "proposed", .kind = GX_JSON_STRING, .required = true, .max_len = 16384},
	{.name = "explanation", .kind = GX_JSON_STRING, .required = true, .max_len = 8192},
	{.name = NULL},
};

static struct gx_person_id me(struct gx_req *r)
{
	return GX_ID(gx_person_id, r->actor.session.person_id);
}

enum gx_outcome gx_api_corrections_list(struct gx_req *r)
{
	json_t *list = gx_corrections_list(gx_req_store(r), me(r));
	if (list == NULL)
		return gx_reply_problem(r, GX_ERR_UNAVAILABLE, NULL, "your requests cannot be read right now");
	size_t i;
	json_t *row;
	json_array_foreach(list, i, row) {
		json_object_del(row, "created_at_us");
		json_object_del(row, "updated_at_us");
	}
	gx_api_reply_taken(r, 200, json_pack("{s:o}", "corrections", list));
	return GX_DONE;
}

/* The request id as the API shows it, with status; 404 when not the person's. */
static void reply_request(struct gx_req *r, int status, long long id, bool replayed)
{
	enum gx_db_status st;
	json_t *row = gx_correction_read(gx_req_store(r), me(r), id, &st);
	if (row == NULL) {
		gx_api_core_failure(r, st == GX_DB_NO_RESULTS ? GX_CORE_NOT_FOUND : GX_CORE_UNAVAILABLE,
				    "your request cannot be read right now");
		return;
	}
	if (replayed)
		h2o_add_header_by_str(&r->h2o->pool, &r->h2o->res.headers, H2O_STRLIT("idempotency-replayed"), 0, NULL,
				      H2O_STRLIT("true"));
	gx_api_reply_taken(r, status, gx_correction_api_view(row));
	json_decref(row);
}

struct filing {
	struct gx_req *r;
	json_t *request;
	struct gx_correction_upload files[GX_CORRECTION_UPLOADS_MAX];
	char key[GX_CORRECTION_KEY_MAX + 2];
};

static void filing_dispose(void *p)
{
	json_decref(((struct filing *)p)->request);
}

static void on_filed(void *arg, const struct gx_correction_filed *f)
{
	struct filing *fl = arg;
	struct gx_req *r = fl->r;
	switch (f->status) {
	case GX_CORE_OK:
		reply_request(r, 201, f->id, f->replayed);
		return;
	case GX_CORE_INVALID:
		if (f->refused != NULL)
			gx_reply_problem(r, GX_ERR_INVALID_FIELD, f->refused, f->refused_detail);
		else
			gx_reply_problem_errors(r, GX_ERR_VALIDATION, "the request does not hold", json_incref((json_t *)f->errors));
		return;
	case GX_CORE_CONFLICT:
		gx_reply_problem(r, GX_ERR_IDEMPOTENCY_KEY_REUSED, NULL, "this Idempotency-Key was used for another request");
		return;
	default:
		gx_api_core_failure(r, f->status, "your request could not be stored; try again");
	}
}

enum gx_outcome gx_api_correction_file(struct gx_req *r)
{
	struct filing *fl = h2o_mem_alloc_shared(&r->h2o->pool, sizeof(*fl), filing_dispose);
	memset(fl, 0, sizeof(*fl));
	fl->r = r;
	ssize_t k = h2o_find_header_by_str(&r->h2o->headers, H2O_STRLIT("idempotency-key"), -1);
	h2o_iovec_t key = k >= 0 ? r->h2o->headers.entries[k].value : h2o_iovec_init("", 0);
	if (key.len == 0 || key.len > GX_CORRECTION_KEY_MAX)
		return gx_reply_problem(r, GX_ERR_BAD_PARAMETER, "Idempotency-Key", "1 to 64 printable characters, new for each request");
	memcpy(fl->key, key.base, key.len);
	const struct gx_multipart_part *part = gx_multipart_find(r->multipart, "request");
	if (part == NULL || part->filename != NULL)
		return gx_reply_problem(r, GX_ERR_MISSING_FIELD, "request", "a part \"request\" with the request as JSON");
	struct gx_json_error jerr;
	int parsed = gx_json_parse(part->data, part->len, request_spec, 8, &fl->request, &jerr);
	if (parsed != 0 && jerr.fault == GX_JSON_NO_MEMORY)
		return GX_SERVER_FAULT;
	if (parsed != 0)
		return gx_reply_problem(r, jerr.fault == GX_JSON_UNKNOWN_FIELD	  ? GX_ERR_UNKNOWN_FIELD
					   : jerr.fault == GX_JSON_MISSING_FIELD ? GX_ERR_MISSING_FIELD
					   : jerr.fault == GX_JSON_MALFORMED	  ? GX_ERR_MALFORMED_JSON
										  : GX_ERR_INVALID_FIELD,
					jerr.pointer[0] != '\0' ? jerr.pointer : NULL, jerr.detail);
	json_t *q = fl->request, *current = json_object_get(q, "current");
	struct gx_correction_ask ask = {
		.register_name = json_string_value(json_object_get(q, "register")),
		.attribute = json_string_value(json_object_get(q, "attribute")), .key = fl->key,
		.current_value = json_string_value(json_object_get(current, "value")),
		.current_version = json_integer_value(json_object_get(current, "version")),
		.proposed = json_string_value(json_object_get(q, "proposed")),
		.explanation = json_string_value(json_object_get(q, "explanation")), .files = fl->files,
		.nfiles = gx_correction_uploads(r, fl->files), .lang = gx_lang_code(gx_req_lang(r))};
	gx_correction_file(gx_app_ctx(r), &ask, on_filed, fl);
	return GX_DONE;
}

enum gx_outcome gx_api_correction_get(struct gx_req *r)
{
	reply_request(r, 200, gx_req_param_id(r, "correction"), false);
	return GX_DONE;
}

static void on_withdrawn(void *arg, enum gx_core_status status)
{
	struct gx_req *r = arg;
	if (status == GX_CORE_OK)
		reply_request(r, 200, gx_req_param_id(r, "correction"), false);
	else if (status == GX_CORE_CONFLICT)
		gx_reply_problem(r, GX_ERR_CONFLICT, NULL, "the request was decided or withdrawn already");
	else
		gx_api_core_failure(r, status, "your withdrawal could not be stored; try again");
}

enum gx_outcome gx_api_correction_withdraw(struct gx_req *r)
{
	gx_correction_withdraw(gx_app_ctx(r), gx_req_param_id(r, "correction"), on_withdrawn, r);
	return GX_DONE;
}

enum gx_outcome gx_api_correction_evidence(struct gx_req *r)
{
	struct gx_store_evidence e;
	long long seq = gx_req_param_id(r, "seq");
	enum gx_db_status st = seq > 0 && seq <= GX_EVIDENCE_FILES_MAX
				       ? gx_correction_evidence(gx_req_store(r), me(r), gx_req_param_id(r, "correction"),
								(int)seq, &e)
				       : GX_DB_NO_RESULTS;
	if (st <= 0)
		return gx_api_core_failure(r, st < 0 ? GX_CORE_UNAVAILABLE : GX_CORE_NOT_FOUND, "the file cannot be read right now");
	enum gx_outcome o = gx_reply_file(r, e.name, e.content_type, e.data, (size_t)e.size);
	free(e.data);
	return o;
}
