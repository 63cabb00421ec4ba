#include "portal/pages/public.h"

#include <string.h>

#include "http/cookie.h"
#include "http/query.h"
#include "http/request.h"
#include "i18n/i18n.h"
#include "site/page.h"

enum gx_outcome gx_page_start(struct gx_req *r)
{
	return gx_page_reply(r, 200, "start", "start.title", NULL);
}

enum gx_outcome gx_page_accessibility(struct gx_req *r)
{
	return gx_page_reply(r, 200, "accessibility", "accessibility.title", NULL);
}

enum gx_outcome gx_page_privacy(struct gx_req *r)
{
	return gx_page_reply(r, 200, "privacy", "privacy.title", NULL);
}

enum gx_outcome gx_page_language(struct gx_req *r)
{
	const char *code = gx_req_param(r, "lang");
	enum gx_lang lang;
	if (code == NULL || gx_lang_from_code(code, strlen(code), &lang) != 0)
		return gx_reply_problem(r, GX_ERR_NOT_FOUND, NULL, "no such language");

	size_t qlen;
	const char *q = gx_query_of(r->h2o->path.base, r->h2o->path.len, &qlen);
	char next[1024];
	if (gx_query_get(q, qlen, "next", next, sizeof(next)) < 0 || !gx_is_local_path(next))
		strcpy(next, "/");

	char cookie[128];
	struct gx_cookie_attrs attrs = {.max_age = 365 * 24 * 3600, .path = "/", .http_only = true, .same_site = "Lax"};
	if (gx_cookie_format(cookie, sizeof(cookie), "lang", gx_lang_code(lang), &attrs) < 0)
		return GX_SERVER_FAULT;
	h2o_req_t *req = r->h2o;
	h2o_iovec_t set_cookie = h2o_strdup(&req->pool, cookie, SIZE_MAX);
	h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_SET_COOKIE, NULL, set_cookie.base, set_cookie.len);
	return gx_reply_redirect(r, next);
}
