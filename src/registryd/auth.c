/** Client authentication: "Authorization: Bearer <key>", checked against the
 *  SHA-256 of every known key in constant time. */

#include "registryd/registryd.h"

#include <strings.h>

#include "http/request.h"

const struct gx_registry_client *gx_registryd_authenticate(struct gx_req *r)
{
	h2o_req_t *req = r->h2o;
	const struct gx_registry_client *client = NULL;
	ssize_t i = h2o_find_header(&req->headers, H2O_TOKEN_AUTHORIZATION, -1);
	if (i >= 0) {
		h2o_iovec_t v = req->headers.entries[i].value;
		if (v.len > 7 && strncasecmp(v.base, "bearer ", 7) == 0) {
			size_t off = 7;
			while (off < v.len && v.base[off] == ' ')
				off++;
			client = gx_registry_clients_find(gx_registryd_get()->clients, v.base + off, v.len - off);
		}
	}
	if (client == NULL) {
		h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_WWW_AUTHENTICATE, NULL, H2O_STRLIT("Bearer"));
		gx_reply_problem(r, GX_ERR_LOGIN_REQUIRED, NULL, "missing or unknown client key");
	}
	return client;
}
