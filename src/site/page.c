#include "site/page.h"

#include <string.h>

#include "http/query.h"
#include "http/request.h"
#include "log/oplog.h"

#include "tmpl/mustache.h"
#include "util/buf.h"
#include "site/site.h"

/* The language switch: one link per language, back to this page. */
static json_t *language_links(struct gx_req *r, enum gx_lang current)
{
	h2o_iovec_t path = r->h2o->path;
	char next[1024];
	if (gx_query_encode(path.base, path.len, next, sizeof(next)) < 0)
		snprintf(next, sizeof(next), "/");
	json_t *links = json_array();
	for (int l = 0; l < GX_LANG__COUNT; l++) {
		char href[1100];
		const char *code = gx_lang_code((enum gx_lang)l);
		snprintf(href, sizeof(href), "/language/%s?next=%s", code, next);
		char key[16];
		snprintf(key, sizeof(key), "lang.%s", code);
		json_array_append_new(links, json_pack("{s:s, s:s, s:s, s:b}", "code", code, "href", href, "name",
						       gx_i18n_get(gx_site.i18n, (enum gx_lang)l, key), "current",
						       l == (int)current));
	}
	return links;
}

static void add_page_headers(h2o_req_t *req)
{
	h2o_add_header_by_str(&req->pool, &req->res.headers, H2O_STRLIT("content-security-policy"), 0, NULL,
			      gx_site.csp, strlen(gx_site.csp));
	h2o_add_header_by_str(&req->pool, &req->res.headers, H2O_STRLIT("x-content-type-options"), 0, NULL,
			      H2O_STRLIT("nosniff"));
	h2o_add_header_by_str(&req->pool, &req->res.headers, H2O_STRLIT("referrer-policy"), 0, NULL,
			      H2O_STRLIT("same-origin"));
	h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CACHE_CONTROL, NULL, H2O_STRLIT("no-store"));
	h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_VARY, NULL, H2O_STRLIT("Cookie, Accept-Language"));
}

/* The logged-in person shown in the header, with what the logout form needs. */
static json_t *user_block(struct gx_req *r)
{
	if (r->actor.kind != GX_ACTOR_PERSON)
		return json_null();
	char space_href[40];
	snprintf(space_href, sizeof(space_href), "/spaces/%lld", r->actor.session.space_id);
	return json_pack("{s:s, s:s, s:s}", "name", r->actor.session.person_name, "csrf", r->actor.session.csrf_token,
			 "space_href", space_href);
}

enum gx_outcome gx_page_reply(struct gx_req *r, int status, const char *name, const char *title_key, json_t *data)
{
	enum gx_lang lang = gx_req_lang(r);
	const char *title = gx_i18n_get(gx_site.i18n, lang, title_key);
	struct gx_buf content = GX_BUF_INIT, page = GX_BUF_INIT;
	struct gx_tmpl_error err;
	enum gx_outcome outcome = GX_SERVER_FAULT;

	json_t *ctx = json_pack("{s:O, s:s, s:s, s:s, s:o, s:s}", "t", (json_t *)gx_i18n_catalog(gx_site.i18n, lang), "lang",
				gx_lang_code(lang), "title", title != NULL ? title : "", "css", gx_site.css_url,
				"languages", language_links(r, lang), "request_id", r->id);
	if (ctx == NULL)
		goto done;
	json_object_set_new(ctx, "user", user_block(r));
	if (data != NULL)
		json_object_update(ctx, data);
	if (gx_tmpl_render(gx_site.tmpl, name, ctx, &content, &err) != 0) {
		gx_oplog_event(GX_LOG_ERROR, "template_failed", r->id, "%s:%u: %s", err.file, err.line, err.message);
		goto done;
	}
	/* The renderer's output is UTF-8 (the templates and every value are):
	 * no need to check it again byte by byte. */
	json_object_set_new(ctx, "content", json_stringn_nocheck(content.data != NULL ? content.data : "", content.len));
	if (gx_tmpl_render(gx_site.tmpl, "layout", ctx, &page, &err) != 0) {
		gx_oplog_event(GX_LOG_ERROR, "template_failed", r->id, "%s:%u: %s", err.file, err.line, err.message);
		goto done;
	}
	char *body = gx_req_alloc(r, page.len + 1);
	memcpy(body, gx_buf_cstr(&page), page.len);
	add_page_headers(r->h2o);
	outcome = gx_reply_bytes(r, status, "text/html; charset=utf-8", body, page.len);
done:
	json_decref(ctx);
	gx_buf_free(&content);
	gx_buf_free(&page);
	return outcome;
}

enum gx_outcome gx_page_reply_owned(struct gx_req *r, int status, const char *name, const char *title_key,
				    json_t *data)
{
	enum gx_outcome o = data != NULL ? gx_page_reply(r, status, name, title_key, data) : GX_SERVER_FAULT;
	json_decref(data);
	if (o == GX_DONE && status >= 400 && status < 500)
		return GX_CLIENT_FAULT;
	return o;
}

void gx_page_login_problem(struct gx_req *r, int status, const char *which)
{
	char title_key[64];
	snprintf(title_key, sizeof(title_key), "login.%s.title", which);
	enum gx_lang lang = gx_req_lang(r);
	json_t *texts = json_object_get(json_object_get(gx_i18n_catalog(gx_site.i18n, lang), "login"), which);
	json_t *data = json_pack("{s:O}", "message", texts != NULL ? texts : json_null());
	if (data == NULL || gx_page_reply(r, status, "login_problem", title_key, data) != GX_DONE)
		gx_reply_problem(r, status >= 500 ? GX_ERR_UNAVAILABLE : GX_ERR_BAD_REQUEST, NULL, "the login failed");
	json_decref(data);
}

static const char *error_key(enum gx_err e)
{
	switch (gx_err_info(e)->status) {
	case 404:
		return "not_found";
	case 405:
		return "method_not_allowed";
	case 413:
		return "body_too_large";
	case 429:
		return "too_many_requests";
	case 503:
		return "unavailable";
	default:
		return gx_err_info(e)->status >= 500 ? "internal" : "bad_request";
	}
}

enum gx_outcome gx_page_error(struct gx_req *r, enum gx_err e)
{
	const char *which = error_key(e);
	char title_key[64];
	snprintf(title_key, sizeof(title_key), "error.%s.title", which);
	json_t *data = json_pack("{s:s}", "error", which);
	enum gx_lang lang = gx_req_lang(r);
	json_t *texts = json_object_get(json_object_get(gx_i18n_catalog(gx_site.i18n, lang), "error"), which);
	json_object_set(data, "message", texts);
	enum gx_outcome o = gx_page_reply(r, gx_err_info(e)->status, "error", title_key, data);
	json_decref(data);
	if (o == GX_DONE && gx_err_info(e)->status < 500)
		return GX_CLIENT_FAULT;
	return o;
}
