#include "backoffice/api/reply.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/request.h"

void gx_org_reply_taken(struct gx_req *r, int status, json_t *body)
{
	if (body == NULL || gx_reply_json(r, status, body) != GX_DONE)
		gx_reply_problem(r, GX_ERR_INTERNAL, NULL, NULL);
	json_decref(body);
}

json_t *gx_org_case_json(const struct gx_case *k)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:b, s:s?, s:o?, s:I, s:I, s:I}", "id", (json_int_t)k->submission_id,
			 "reference", k->reference, "procedure", k->procedure_id, "status", k->status, "turn", k->turn,
			 "final", k->final, "assignee", k->assignee[0] != '\0' ? k->assignee : NULL, "open_request",
			 k->open_request > 0 ? json_integer(k->open_request) : NULL, "revision", (json_int_t)k->revision,
			 "submitted_at_us", (json_int_t)k->submitted_at_us, "updated_at_us", (json_int_t)k->updated_at_us);
}

void gx_org_set_etag(struct gx_req *r, long long revision)
{
	char *etag = gx_req_alloc(r, 32);
	int n = snprintf(etag, 32, "\"%lld\"", revision);
	h2o_add_header(&r->h2o->pool, &r->h2o->res.headers, H2O_TOKEN_ETAG, NULL, etag, (size_t)n);
}

long long gx_org_if_match(struct gx_req *r, enum gx_outcome *out)
{
	ssize_t i = h2o_find_header(&r->h2o->headers, H2O_TOKEN_IF_MATCH, -1);
	if (i < 0) {
		*out = gx_reply_problem(r, GX_ERR_PRECONDITION_REQUIRED, NULL,
					"send If-Match with the ETag of the submission you read");
		return 0;
	}
	h2o_iovec_t v = r->h2o->headers.entries[i].value;
	/* "12" (a weak W/"12" is not ours: we only give strong ones) */
	long long revision = 0;
	bool ok = v.len >= 3 && v.len <= 20 && v.base[0] == '"' && v.base[v.len - 1] == '"';
	for (size_t k = 1; ok && k + 1 < v.len; k++) {
		ok = v.base[k] >= '0' && v.base[k] <= '9';
		revision = revision * 10 + (v.base[k] - '0');
	}
	if (!ok || revision <= 0) {
		*out = gx_reply_problem(r, GX_ERR_PRECONDITION_FAILED, NULL, "If-Match names no revision of this submission");
		return 0;
	}
	return revision;
}

int gx_org_idempotency(struct gx_req *r, struct gx_idempotency *idem, enum gx_outcome *out)
{
	ssize_t i = h2o_find_header_by_str(&r->h2o->headers, H2O_STRLIT("idempotency-key"), -1);
	h2o_iovec_t v = i >= 0 ? r->h2o->headers.entries[i].value : h2o_iovec_init(NULL, 0);
	bool ok = v.len >= 1 && v.len <= 64;
	for (size_t k = 0; ok && k < v.len; k++)
		ok = v.base[k] > 0x20 && v.base[k] < 0x7F;
	if (!ok) {
		*out = gx_reply_problem(r, GX_ERR_BAD_PARAMETER, "Idempotency-Key",
					"writes need an Idempotency-Key header of 1 to 64 printable characters");
		return -1;
	}
	char *key = gx_req_alloc(r, v.len + 1);
	memcpy(key, v.base, v.len);
	key[v.len] = '\0';
	/* What identifies the request: method, path and body, each length-prefixed. */
	crypto_hash_sha256_state st;
	crypto_hash_sha256_init(&st);
	h2o_iovec_t parts[] = {r->h2o->method, r->h2o->path, r->h2o->entity};
	for (size_t k = 0; k < 3; k++) {
		unsigned long long n = parts[k].base != NULL ? parts[k].len : 0;
		crypto_hash_sha256_update(&st, (const unsigned char *)&n, sizeof(n));
		if (n > 0)
			crypto_hash_sha256_update(&st, (const unsigned char *)parts[k].base, n);
	}
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_final(&st, digest);
	*idem = (struct gx_idempotency){.client = r->actor.client.id, .key = key};
	sodium_bin2hex(idem->request_hash, sizeof(idem->request_hash), digest, sizeof(digest));
	return 0;
}

enum gx_outcome gx_org_core_failure(struct gx_req *r, enum gx_core_status status, const char *field, const char *why)
{
	char pointer[64];
	if (field != NULL)
		snprintf(pointer, sizeof(pointer), "/%s", field);
	switch (status) {
	case GX_CORE_NOT_FOUND:
		return gx_reply_problem(r, GX_ERR_NOT_FOUND, NULL, NULL);
	case GX_CORE_FORBIDDEN:
		return gx_reply_problem(r, GX_ERR_CONSENT_MISSING, NULL, why);
	case GX_CORE_INVALID:
		return gx_reply_problem(r, GX_ERR_INVALID_FIELD, field != NULL ? pointer : NULL, why);
	case GX_CORE_CONFLICT:
		return gx_reply_problem(r, GX_ERR_PRECONDITION_FAILED, NULL,
					why != NULL ? why : "the submission changed meanwhile: read it again");
	case GX_CORE_WITHHELD:
		return gx_reply_problem(r, GX_ERR_UNAVAILABLE, NULL, "the access could not be recorded: nothing was read");
	case GX_CORE_UNAVAILABLE:
		return gx_reply_problem(r, GX_ERR_UNAVAILABLE, NULL, "try again");
	default:
		return gx_reply_problem(r, GX_ERR_INTERNAL, NULL, NULL);
	}
}

void gx_org_reply_changed(struct gx_req *r, const struct gx_case_changed *res)
{
	if (res->status == GX_CORE_CONFLICT && res->key_reused) {
		gx_reply_problem(r, GX_ERR_IDEMPOTENCY_KEY_REUSED, "Idempotency-Key", res->why);
		return;
	}
	if (res->status != GX_CORE_OK) {
		gx_org_core_failure(r, res->status, res->field, res->why);
		return;
	}
	if (res->replayed)
		h2o_add_header_by_str(&r->h2o->pool, &r->h2o->res.headers, H2O_STRLIT("idempotency-replayed"), 0, NULL,
				      H2O_STRLIT("true"));
	json_error_t err;
	json_t *body = json_loads(res->body, 0, &err);
	if (body != NULL && json_is_integer(json_object_get(body, "revision")))
		gx_org_set_etag(r, json_integer_value(json_object_get(body, "revision")));
	gx_org_reply_taken(r, res->http_status, body);
}
