/* A file as a download (gx_reply_file, http/request.h). */

#include <stdio.h>
#include <string.h>

#include "http/request.h"

/* Content-Disposition with the file's name: an ASCII fallback in filename
 * and the exact name in filename* (RFC 6266, RFC 8187). */
static const char *disposition(struct gx_req *r, const char *name)
{
	size_t n = strlen(name);
	char *out = gx_req_alloc(r, 64 + n * 4);
	size_t o = (size_t)sprintf(out, "attachment; filename=\"");
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)name[i];
		out[o++] = c >= 0x20 && c < 0x7F && c != '"' && c != '\\' ? (char)c : '_';
	}
	o += (size_t)sprintf(out + o, "\"; filename*=UTF-8''");
	static const char hex[] = "0123456789ABCDEF";
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)name[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr("!#$&+-.^_`|~", c)) {
			out[o++] = (char)c;
		} else {
			out[o++] = '%';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		}
	}
	out[o] = '\0';
	return out;
}

enum gx_outcome gx_reply_file(struct gx_req *r, const char *name, const char *content_type, const void *bytes,
			      size_t len)
{
	char *copy = gx_req_alloc(r, len > 0 ? len : 1);
	memcpy(copy, bytes, len);
	size_t tlen = strlen(content_type);
	char *type = gx_req_alloc(r, tlen + 1);
	memcpy(type, content_type, tlen + 1);
	h2o_req_t *req = r->h2o;
	const char *cd = disposition(r, name);
	h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CONTENT_DISPOSITION, NULL, cd, strlen(cd));
	h2o_add_header_by_str(&req->pool, &req->res.headers, H2O_STRLIT("x-content-type-options"), 0, NULL,
			      H2O_STRLIT("nosniff"));
	h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CACHE_CONTROL, NULL, H2O_STRLIT("private, no-store"));
	return gx_reply_bytes(r, 200, type, copy, len);
}
