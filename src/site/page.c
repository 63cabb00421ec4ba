#include "site/page.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "http/query.h"
#include "http/request.h"
#include "log/oplog.h"

#include "tmpl/mustache.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/local_time.h"
#include "site/site.h"

/* The language switch: one link per language, back to this page; rows the
 * layout reads as they are (no JSON tree). */
struct language_link {
	const char *code, *name;
	char href[1100];
	bool current;
};

static const struct gx_tmpl_field language_fields[] = {
	GX_TMPL_FIELD(struct language_link, code, GX_TMPL_STR),
	GX_TMPL_FIELD(struct language_link, name, GX_TMPL_STR),
	GX_TMPL_FIELD(struct language_link, href, GX_TMPL_CHARS),
	GX_TMPL_FIELD(struct language_link, current, GX_TMPL_BOOL),
};

static void language_links(struct gx_req *r, enum gx_lang current, struct language_link links[GX_LANG__COUNT])
{
	h2o_iovec_t path = r->h2o->path;
	char next[1024];
	if (gx_query_encode(path.base, path.len, next, sizeof(next)) < 0)
		snprintf(next, sizeof(next), "/");
	for (int l = 0; l < GX_LANG__COUNT; l++) {
		const char *code = gx_lang_code((enum gx_lang)l);
		char key[16];
		snprintf(key, sizeof(key), "lang.%s", code);
		links[l] = (struct language_link){.code = code, .name = gx_i18n_get(gx_site.i18n, (enum gx_lang)l, key),
						  .current = l == (int)current};
		snprintf(links[l].href, sizeof(links[l].href), "/language/%s?next=%s", code, next);
	}
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

/* The header's words for how the person acts in a: which space, in whose name. */
static json_t *space_block(const struct gx_access *a, enum gx_lang lang)
{
	const json_t *nav = json_object_get(gx_i18n_catalog(gx_site.i18n, lang), "nav");
	char href[40], label[160], until[24] = "";
	snprintf(href, sizeof(href), "/spaces/%lld", a->space.id);
	if (a->until_us > 0)
		gx_local_time_format(a->until_us - 1, until, sizeof(until), false); /* the last day it holds */
	const char *word = NULL;
	switch (a->via) {
	case GX_VIA_MEMBER:
		snprintf(label, sizeof(label), "%s, %s", json_string_value(json_object_get(nav, "space_company")),
			 json_string_value(json_object_get(json_object_get(nav, "role"), a->role)));
		break;
	case GX_VIA_PARENT:
		word = "space_child";
		break;
	case GX_VIA_MANDATE:
		word = "space_mandate";
		break;
	default:
		snprintf(label, sizeof(label), "%s", json_string_value(json_object_get(nav, "space_own")));
		break;
	}
	if (word != NULL)
		snprintf(label, sizeof(label), "%s %s", json_string_value(json_object_get(nav, word)), until);
	return json_pack("{s:s, s:s, s:s, s:b, s:s, s:b}", "name", a->space.name, "href", href, "label", label, "own",
			 a->via == GX_VIA_OWNER, "kind", a->space.kind, "admin", a->admin);
}

/* The logged-in person shown in the header, with what the logout form
 * needs, and the space they act in: the route's, or the session's active
 * one (a space whose relation ended shows none). */
static json_t *user_block(struct gx_req *r, enum gx_lang lang)
{
	if (r->actor.kind != GX_ACTOR_PERSON)
		return json_null();
	struct gx_access active;
	const struct gx_access *a = NULL;
	if (r->def != NULL && r->def->space_param != NULL && r->actor.access.via != GX_VIA_NONE)
		a = &r->actor.access;
	else if (gx_authz_space_of(gx_req_store(r), &r->actor, r->actor.session.space_id, gx_now_us(), &active) ==
			 GX_DB_ONE_RESULT &&
		 active.via != GX_VIA_NONE)
		a = &active;
	char space_href[40];
	snprintf(space_href, sizeof(space_href), "/spaces/%lld", a != NULL ? a->space.id : r->actor.session.space_id);
	return json_pack("{s:s, s:s, s:s, s:o, s:b}", "name", r->actor.session.person_name, "csrf",
			 r->actor.session.csrf_token, "space_href", space_href, "space",
			 a != NULL ? space_block(a, lang) : json_null(), "letterbox", a != NULL && a->letterbox);
}

/* Each loop thread renders its pages into the same two buffers: a page's
 * tens of kilobytes are not allocated and freed (and consolidated) on each
 * request. A buffer that failed or grew past a few pages is let go; the
 * thread's buffers are freed when it ends. */
struct page_bufs {
	struct gx_buf content, page;
};

static pthread_key_t bufs_key;
static pthread_once_t bufs_once = PTHREAD_ONCE_INIT;
static bool bufs_keyed;

static void bufs_free(void *p)
{
	struct page_bufs *b = p;
	gx_buf_free(&b->content);
	gx_buf_free(&b->page);
	free(b);
}

static void bufs_key_make(void)
{
	bufs_keyed = pthread_key_create(&bufs_key, bufs_free) == 0;
}

static void buf_recycle(struct gx_buf *b)
{
	if (b->failed || b->cap > (1u << 20))
		gx_buf_free(b);
	gx_buf_reset(b);
}

/* This thread's buffers, or NULL (then the caller's own, freed after). */
static struct page_bufs *thread_bufs(void)
{
	pthread_once(&bufs_once, bufs_key_make);
	if (!bufs_keyed)
		return NULL;
	struct page_bufs *b = pthread_getspecific(bufs_key);
	if (b == NULL && (b = calloc(1, sizeof(*b))) != NULL && pthread_setspecific(bufs_key, b) != 0) {
		free(b);
		b = NULL;
	}
	if (b != NULL) {
		buf_recycle(&b->content);
		buf_recycle(&b->page);
	}
	return b;
}

enum gx_outcome gx_page_reply_bound(struct gx_req *r, int status, const char *name, const char *title_key,
				    json_t *data, const struct gx_tmpl_bind *binds, size_t nbinds)
{
	enum gx_lang lang = gx_req_lang(r);
	const char *title = gx_i18n_get(gx_site.i18n, lang, title_key);
	struct page_bufs own = {GX_BUF_INIT, GX_BUF_INIT}, *bufs = thread_bufs();
	struct gx_buf *content = bufs != NULL ? &bufs->content : &own.content;
	struct gx_buf *page = bufs != NULL ? &bufs->page : &own.page;
	struct gx_tmpl_error err;
	enum gx_outcome outcome = GX_SERVER_FAULT;

	json_t *ctx = json_pack("{s:O, s:s, s:s, s:s, s:s}", "t", (json_t *)gx_i18n_catalog(gx_site.i18n, lang), "lang",
				gx_lang_code(lang), "title", title != NULL ? title : "", "css", gx_site.css_url,
				"request_id", r->id);
	if (ctx == NULL)
		goto done;
	json_object_set_new(ctx, "user", user_block(r, lang));
	if (data != NULL)
		json_object_update(ctx, data);
	/* the language's set: its {{t.…}} already text; ctx's "t" serves the rest */
	const struct gx_tmpl_set *set = gx_site.tmpl_lang[lang];
	if (gx_tmpl_render_bound(set, name, ctx, binds, nbinds, content, &err) != 0) {
		gx_oplog_event(GX_LOG_ERROR, "template_failed", r->id, "%s:%u: %s", err.file, err.line, err.message);
		goto done;
	}
	/* The page's own part goes into the layout as it is: the renderer's
	 * output is UTF-8 (the templates and every value are). */
	struct language_link languages[GX_LANG__COUNT];
	language_links(r, lang, languages);
	const struct gx_tmpl_bind layout[] = {
		{.name = "content", .s = gx_buf_cstr(content), .len = content->len},
		{.name = "languages", .rows = languages, .n = GX_LANG__COUNT, .size = sizeof(languages[0]),
		 .fields = language_fields, .nfields = sizeof(language_fields) / sizeof(language_fields[0])},
	};
	if (gx_tmpl_render_bound(set, "layout", ctx, layout, 2, page, &err) != 0) {
		gx_oplog_event(GX_LOG_ERROR, "template_failed", r->id, "%s:%u: %s", err.file, err.line, err.message);
		goto done;
	}
	char *body = gx_req_alloc(r, page->len + 1);
	memcpy(body, gx_buf_cstr(page), page->len);
	add_page_headers(r->h2o);
	outcome = gx_reply_bytes(r, status, "text/html; charset=utf-8", body, page->len);
done:
	json_decref(ctx);
	gx_buf_free(&own.content);
	gx_buf_free(&own.page);
	return outcome;
}

enum gx_outcome gx_page_reply(struct gx_req *r, int status, const char *name, const char *title_key, json_t *data)
{
	return gx_page_reply_bound(r, status, name, title_key, data, NULL, 0);
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
