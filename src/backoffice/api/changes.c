/* The organisation API's writes (scope submissions.write). Each needs an
 * Idempotency-Key (the same key and request: the first answer again, one
 * effect; another request with the key: 422) and, when it changes the case,
 * If-Match with the ETag read (a case moved meanwhile: 412):
 *
 *   POST /api/org/v1/submissions/{submission}/status     {status, message?: {fr, de, en},
 *                                                          decision?: {text, pdf_base64?, name?}}
 *   POST /api/org/v1/submissions/{submission}/assignee   {assignee: NATIONAL_ID | null}
 *   POST /api/org/v1/submissions/{submission}/requests   {question, files?: 0–5}
 *   POST /api/org/v1/submissions/{submission}/notes      {text}                (no If-Match: a note moves nothing)
 */

#include "backoffice/api/changes.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "backoffice/api/reply.h"
#include "backoffice/ctx.h"
#include "http/request.h"

static void on_changed(void *arg, const struct gx_case_changed *res)
{
	gx_org_reply_changed(arg, res);
}

/* What every write starts with: who acts, and the order on the path's case
 * with its Idempotency-Key and, when it moves the case, the revision of
 * If-Match. NULL after answering (*out). */
static const struct gx_bo *begin(struct gx_req *r, bool needs_revision, struct gx_case_order *o, enum gx_outcome *out)
{
	const struct gx_bo *bo = gx_bo_ctx(r);
	struct gx_idempotency *idem = gx_req_alloc(r, sizeof(*idem));
	*o = (struct gx_case_order){.submission_id = gx_req_param_id(r, "submission"), .idem = idem};
	*out = GX_SERVER_FAULT;
	if (bo == NULL || gx_org_idempotency(r, idem, out) != 0)
		return NULL;
	if (needs_revision && (o->revision = gx_org_if_match(r, out)) == 0)
		return NULL;
	return bo;
}

static const struct gx_json_field message_fields[] = {
	{.name = "fr", .kind = GX_JSON_STRING, .required = true, .min_len = 1, .max_len = 2000},
	{.name = "de", .kind = GX_JSON_STRING, .required = true, .min_len = 1, .max_len = 2000},
	{.name = "en", .kind = GX_JSON_STRING, .required = true, .min_len = 1, .max_len = 2000},
	{.name = NULL},
};

/* The PDF travels in the JSON body: its size is bounded by limits.json_body. */
static const struct gx_json_field decision_fields[] = {
	{.name = "text", .kind = GX_JSON_STRING, .required = true, .min_len = 1, .max_len = 8000},
	{.name = "pdf_base64", .kind = GX_JSON_STRING, .max_len = 1u << 30},
	{.name = "name", .kind = GX_JSON_STRING, .max_len = 200},
	{.name = NULL},
};

const struct gx_json_field gx_org_status_spec[] = {
	{.name = "status", .kind = GX_JSON_STRING, .required = true, .min_len = 1, .max_len = 64},
	{.name = "message", .kind = GX_JSON_OBJECT, .nullable = true, .fields = message_fields},
	{.name = "decision", .kind = GX_JSON_OBJECT, .nullable = true, .fields = decision_fields},
	{.name = NULL},
};

enum gx_outcome gx_org_api_status(struct gx_req *r)
{
	struct gx_case_order o;
	enum gx_outcome out;
	const struct gx_bo *bo = begin(r, true, &o, &out);
	if (bo == NULL)
		return out;
	json_t *message = json_object_get(r->json, "message"), *decision = json_object_get(r->json, "decision");
	char *message_json = message != NULL ? json_dumps(message, JSON_COMPACT) : NULL;
	struct gx_case_decision d = {.text = json_string_value(json_object_get(decision, "text")),
				     .pdf_name = json_string_value(json_object_get(decision, "name"))};
	const char *b64 = json_string_value(json_object_get(decision, "pdf_base64"));
	if (b64 != NULL) {
		size_t cap = strlen(b64) / 4 * 3 + 3, len = 0;
		unsigned char *bytes = gx_req_alloc(r, cap);
		if (sodium_base642bin(bytes, cap, b64, strlen(b64), NULL, &len, NULL, sodium_base64_VARIANT_ORIGINAL) != 0) {
			free(message_json);
			return gx_reply_problem(r, GX_ERR_INVALID_FIELD, "/decision/pdf_base64", "not base64");
		}
		d.pdf = (const char *)bytes;
		d.pdf_len = len;
	}
	gx_case_move(bo->c, &bo->who, &o, json_string_value(json_object_get(r->json, "status")), message_json,
		     decision != NULL ? &d : NULL, on_changed, r);
	free(message_json);
	return GX_DONE;
}

const struct gx_json_field gx_org_assignee_spec[] = {
	{.name = "assignee", .kind = GX_JSON_STRING, .nullable = true, .min_len = 13, .max_len = 13},
	{.name = NULL},
};

enum gx_outcome gx_org_api_assignee(struct gx_req *r)
{
	struct gx_case_order o;
	enum gx_outcome out;
	const struct gx_bo *bo = begin(r, true, &o, &out);
	if (bo == NULL)
		return out;
	gx_case_assign(bo->c, &bo->who, &o, json_string_value(json_object_get(r->json, "assignee")), on_changed, r);
	return GX_DONE;
}

const struct gx_json_field gx_org_request_spec[] = {
	{.name = "question", .kind = GX_JSON_STRING, .required = true, .min_len = 1, .max_len = 4000},
	{.name = "files", .kind = GX_JSON_INTEGER, .min = 0, .max = 5},
	{.name = NULL},
};

enum gx_outcome gx_org_api_request(struct gx_req *r)
{
	struct gx_case_order o;
	enum gx_outcome out;
	const struct gx_bo *bo = begin(r, true, &o, &out);
	if (bo == NULL)
		return out;
	gx_case_request(bo->c, &bo->who, &o, json_string_value(json_object_get(r->json, "question")),
			(int)json_integer_value(json_object_get(r->json, "files")), on_changed, r);
	return GX_DONE;
}

const struct gx_json_field gx_org_note_spec[] = {
	{.name = "text", .kind = GX_JSON_STRING, .required = true, .min_len = 1, .max_len = 4000},
	{.name = NULL},
};

enum gx_outcome gx_org_api_note(struct gx_req *r)
{
	struct gx_case_order o;
	enum gx_outcome out;
	const struct gx_bo *bo = begin(r, false, &o, &out);
	if (bo == NULL)
		return out;
	gx_case_note(bo->c, &bo->who, &o, json_string_value(json_object_get(r->json, "text")), on_changed, r);
	return GX_DONE;
}
