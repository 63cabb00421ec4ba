#include "site/static.h"

#include <string.h>

#include "http/request.h"
#include "http/static_files.h"

#include "site/site.h"

static const char cache_control[] = "public, max-age=31536000, immutable";

static bool has_param(const struct gx_req *r, const char *name)
{
	size_t n = strlen(name);
	for (size_t i = 0; i < r->match.nparams; i++)
		if (r->match.params[i].name_len == n && memcmp(r->match.params[i].name, name, n) == 0)
			return true;
	return false;
}

/** The hashed name the client asked for: {file}, or {dir}/{file} on a
 *  route with a folder segment; NULL when a segment is badly encoded. */
static const char *wanted_name(struct gx_req *r, size_t *len)
{
	const char *file = gx_req_param(r, "file");
	if (file == NULL)
		return NULL;
	if (!has_param(r, "dir")) {
		*len = strlen(file);
		return file;
	}
	const char *dir = gx_req_param(r, "dir");
	if (dir == NULL)
		return NULL;
	size_t dlen = strlen(dir), flen = strlen(file);
	char *joined = gx_req_alloc(r, dlen + 1 + flen + 1);
	memcpy(joined, dir, dlen);
	joined[dlen] = '/';
	memcpy(joined + dlen + 1, file, flen + 1);
	*len = dlen + 1 + flen;
	return joined;
}

enum gx_outcome gx_static_get(struct gx_req *r)
{
	size_t len = 0;
	const char *name = wanted_name(r, &len);
	const struct gx_static_file *f = name != NULL ? gx_static_find(gx_site.assets, name, len) : NULL;
	if (f == NULL)
		return gx_reply_problem(r, GX_ERR_NOT_FOUND, NULL, NULL);

	h2o_req_t *req = r->h2o;
	h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CACHE_CONTROL, NULL, cache_control,
		       sizeof(cache_control) - 1);
	h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_ETAG, NULL, f->etag, strlen(f->etag));
	h2o_add_header_by_str(&req->pool, &req->res.headers, H2O_STRLIT("x-content-type-options"), 0, NULL,
			      H2O_STRLIT("nosniff"));

	ssize_t i = h2o_find_header(&req->headers, H2O_TOKEN_IF_NONE_MATCH, -1);
	for (; i >= 0; i = h2o_find_header(&req->headers, H2O_TOKEN_IF_NONE_MATCH, i)) {
		h2o_iovec_t v = req->headers.entries[i].value;
		if (gx_static_etag_matches(f, v.base, v.len))
			return gx_reply_bytes(r, 304, f->content_type, "", 0);
	}
	return gx_reply_bytes(r, 200, f->content_type, f->data, f->len);
}
