/* The transparency log's public endpoints (transparency.h). */

#include "portal/api/transparency.h"

#include <jansson.h>
#include <stdint.h>
#include <string.h>

#include "core/translog_public.h"
#include "http/query.h"
#include "http/request.h"
#include "portal/api/reply.h"
#include "portal/app.h"
#include "util/buf.h"

/* A size or index: a decimal of 1 to 19 digits, at most 2^63 - 1. */
static bool parse_u63(const char *s, size_t n, uint64_t *out)
{
	if (n == 0 || n > 19 || strspn(s, "0123456789") < n || (n > 1 && s[0] == '0'))
		return false;
	uint64_t v = 0;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (uint64_t)(s[i] - '0');
	if (v > (uint64_t)INT64_MAX)
		return false;
	*out = v;
	return true;
}

static bool query_u63(struct gx_req *r, const char *name, uint64_t *out)
{
	size_t qlen;
	const char *q = gx_query_of(r->h2o->path.base, r->h2o->path.len, &qlen);
	char text[24];
	long n = gx_query_get(q, qlen, name, text, sizeof(text));
	return n > 0 && parse_u63(text, (size_t)n, out);
}

static enum gx_outcome reply_note(struct gx_req *r, enum gx_core_status st, const char *note, size_t len)
{
	if (st == GX_CORE_NOT_FOUND)
		return gx_reply_problem(r, GX_ERR_NOT_FOUND, NULL, "no such checkpoint (the log signs its first soon after it starts)");
	if (st != GX_CORE_OK)
		return gx_api_core_failure(r, st, "checkpoints cannot be read right now");
	h2o_add_header(&r->h2o->pool, &r->h2o->res.headers, H2O_TOKEN_CACHE_CONTROL, NULL, H2O_STRLIT("no-cache"));
	return gx_reply_bytes(r, 200, "text/plain; charset=utf-8", note, len);
}

enum gx_outcome gx_api_tlog_checkpoint(struct gx_req *r)
{
	const char *note = NULL;
	size_t len = 0;
	enum gx_core_status st = gx_tlog_note(gx_app_ctx(r), UINT64_MAX, &note, &len);
	return reply_note(r, st, note, len);
}

enum gx_outcome gx_api_tlog_checkpoint_at(struct gx_req *r)
{
	const char *p = gx_req_param(r, "size");
	uint64_t size;
	if (p == NULL || !parse_u63(p, strlen(p), &size))
		return gx_reply_problem(r, GX_ERR_BAD_PARAMETER, "size", "a tree size: a whole number without leading zeros");
	const char *note = NULL;
	size_t len = 0;
	enum gx_core_status st = gx_tlog_note(gx_app_ctx(r), size, &note, &len);
	return reply_note(r, st, note, len);
}

static enum gx_outcome reply_proof(struct gx_req *r, enum gx_core_status st, struct gx_buf *json, const char *field,
				   const char *why)
{
	if (st != GX_CORE_OK)
		gx_buf_free(json);
	if (st == GX_CORE_INVALID)
		return gx_reply_problem(r, GX_ERR_BAD_PARAMETER, field, why);
	if (st != GX_CORE_OK)
		return gx_api_core_failure(r, st, "the proof cannot be made right now");
	return gx_reply_json_text(r, 200, json);
}

enum gx_outcome gx_api_tlog_consistency(struct gx_req *r)
{
	uint64_t from, to;
	if (!query_u63(r, "from", &from))
		return gx_reply_problem(r, GX_ERR_BAD_PARAMETER, "from", "a tree size: a whole number without leading zeros");
	if (!query_u63(r, "to", &to))
		return gx_reply_problem(r, GX_ERR_BAD_PARAMETER, "to", "a tree size: a whole number without leading zeros");
	struct gx_buf json = GX_BUF_INIT;
	const char *field = NULL, *why = NULL;
	enum gx_core_status st = gx_tlog_consistency(gx_app_ctx(r), from, to, &json, &field, &why);
	return reply_proof(r, st, &json, field, why);
}

enum gx_outcome gx_api_tlog_inclusion(struct gx_req *r)
{
	uint64_t index, size;
	if (!query_u63(r, "index", &index))
		return gx_reply_problem(r, GX_ERR_BAD_PARAMETER, "index", "a leaf index: a whole number without leading zeros");
	if (!query_u63(r, "size", &size))
		return gx_reply_problem(r, GX_ERR_BAD_PARAMETER, "size", "a tree size: a whole number without leading zeros");
	struct gx_buf json = GX_BUF_INIT;
	const char *field = NULL, *why = NULL;
	enum gx_core_status st = gx_tlog_inclusion(gx_app_ctx(r), index, size, &json, &field, &why);
	return reply_proof(r, st, &json, field, why);
}

static void on_cosigned(void *arg, enum gx_core_status st, const char *why)
{
	struct gx_req *r = arg;
	if (st == GX_CORE_OK)
		gx_reply_bytes(r, 204, "text/plain; charset=utf-8", "", 0);
	else if (st == GX_CORE_INVALID)
		gx_reply_problem(r, GX_ERR_BAD_REQUEST, NULL, why);
	else if (st == GX_CORE_FORBIDDEN)
		gx_reply_problem(r, GX_ERR_FORBIDDEN, NULL, why);
	else
		gx_api_core_failure(r, st, "the cosignature cannot be stored right now");
}

enum gx_outcome gx_api_tlog_cosignature(struct gx_req *r)
{
	h2o_iovec_t body = r->h2o->entity;
	if (body.base == NULL || body.len == 0)
		return gx_reply_problem(r, GX_ERR_BAD_REQUEST, NULL, "send one cosignature line as the body");
	if (body.len > 1024)
		return gx_reply_problem(r, GX_ERR_BODY_TOO_LARGE, NULL, "a cosignature line is at most 1024 bytes");
	gx_tlog_cosign(gx_app_ctx(r), body.base, body.len, on_cosigned, r);
	return GX_DONE;
}

enum gx_outcome gx_api_tlog_keys(struct gx_req *r)
{
	gx_api_reply_taken(r, 200, gx_tlog_keys_json(gx_app_ctx(r)));
	return GX_DONE;
}

enum gx_outcome gx_api_tlog_openapi(struct gx_req *r)
{
	const struct gx_document *d = &gx_app.transparency_openapi;
	if (d->bytes == NULL)
		return gx_reply_problem(r, GX_ERR_NOT_FOUND, NULL, NULL);
	return gx_reply_bytes(r, 200, "application/json", d->bytes, d->len);
}
