/* The letter box over the citizen API (letterbox.h):
 *
 *   GET  /api/v1/spaces/{space}/letterbox?org=&type=&state=all|unread|read&q=&archived=true|false&page=&per_page=
 *   GET  /api/v1/spaces/{space}/letterbox/settings
 *   PUT  /api/v1/spaces/{space}/letterbox/settings            {"choices": [{org, type, electronic}]}
 *   GET  /api/v1/spaces/{space}/letterbox/{document}
 *   GET  /api/v1/spaces/{space}/letterbox/{document}/file      the PDF: the first opening is the sender's read receipt
 *   POST /api/v1/spaces/{space}/letterbox/{document}/confirm
 *   POST /api/v1/spaces/{space}/letterbox/{document}/archive   {"archived": true|false}
 *   POST /api/v1/my-data/email/code                            a code to the declared address
 *   POST /api/v1/my-data/email/verify                          {"code"}
 */

#include "portal/api/letterbox.h"

#include <stdlib.h>
#include <string.h>

#include "core/email.h"
#include "core/letterbox.h"
#include "http/query.h"
#include "http/request.h"
#include "json/spec.h"
#include "portal/api/reply.h"
#include "portal/app.h"
#include "portal/lb_view.h"
#include "portal/path.h"

#define PER_PAGE_MAX 100

static json_t *document(const struct gx_lb_document *d)
{
	json_t *o = gx_lb_document_json(d);
	if (o != NULL) {
		json_object_set_new(o, "organisation", json_string(d->org));
		json_object_set_new(o, "archived", json_boolean(d->archived));
	}
	return o;
}

/* A query parameter: 1 when present (into out), 0 absent, -1 bad. */
static int param(const char *q, size_t qlen, const char *name, char *out, size_t cap)
{
	long n = gx_query_get(q, qlen, name, out, cap);
	return n == -1 ? 0 : n < 0 ? -1 : 1;
}

enum gx_outcome gx_api_lb_list(struct gx_req *r)
{
	size_t qlen;
	const char *q = gx_query_of(r->h2o->path.base, r->h2o->path.len, &qlen);
	char org[GX_LB_TEXT_MAX] = "", type[GX_LB_TEXT_MAX] = "", state[16] = "all", text[201] = "", archived[8] = "",
	     page[16] = "", per[8] = "";
	if (param(q, qlen, "org", org, sizeof(org)) < 0 || (org[0] && !gx_lb_view_id_ok(org)))
		return gx_reply_problem(r, GX_ERR_BAD_PARAMETER, "org", "an organisation's id");
	if (param(q, qlen, "type", type, sizeof(type)) < 0 || (type[0] && !gx_lb_view_id_ok(type)))
		return gx_reply_problem(r, GX_ERR_BAD_PARAMETER, "type", "a document type's id");
	if (param(q, qlen, "state", state, sizeof(state)) < 0 ||
	    (strcmp(state, "all") != 0 && strcmp(state, "unread") != 0 && strcmp(state, "read") != 0))
		return gx_reply_problem(r, GX_ERR_BAD_PARAMETER, "state", "all, unread or read");
	if (param(q, qlen, "q", text, sizeof(text)) < 0)
		return gx_reply_problem(r, GX_ERR_BAD_PARAMETER, "q", "at most 200 bytes");
	if (param(q, qlen, "archived", archived, sizeof(archived)) < 0 ||
	    (archived[0] && strcmp(archived, "true") != 0 && strcmp(archived, "false") != 0))
		return gx_reply_problem(r, GX_ERR_BAD_PARAMETER, "archived", "true or false");
	char *end;
	long long pageno = 1, per_page = 20;
	if (param(q, qlen, "page", page, sizeof(page)) < 0 ||
	    (page[0] && ((pageno = strtoll(page, &end, 10)) < 1 || pageno > 1000000 || *end != '\0')))
		return gx_reply_problem(r, GX_ERR_BAD_PARAMETER, "page", "a whole number from 1");
	if (param(q, qlen, "per_page", per, sizeof(per)) < 0 ||
	    (per[0] && ((per_page = strtoll(per, &end, 10)) < 1 || per_page > PER_PAGE_MAX || *end != '\0')))
		return gx_reply_problem(r, GX_ERR_BAD_PARAMETER, "per_page", "a whole number from 1 to 100");
	struct gx_space_id space = gx_path_space(r);
	struct gx_lb_filter f = {.org = org[0] ? org : NULL, .doc_type = type[0] ? type : NULL, .q = text,
				 .unread = strcmp(state, "unread") == 0 ? 1 : strcmp(state, "read") == 0 ? 0 : -1,
				 .archived = strcmp(archived, "true") == 0, .page = pageno};
	struct gx_lb_document *docs = gx_req_alloc(r, (size_t)per_page * sizeof(*docs));
	size_t n;
	bool more;
	long long unread;
	if (gx_lb_list(gx_req_store(r), space, &f, docs, (size_t)per_page, &n, &more) < 0 ||
	    gx_lb_unread(gx_req_store(r), space, &unread) < 0)
		return GX_SERVER_FAULT;
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, document(&docs[i]));
	gx_api_reply_taken(r, 200, json_pack("{s:o, s:I, s:o}", "items", items, "unread", (json_int_t)unread,
					     "next_page", more ? json_integer(pageno + 1) : json_null()));
	return GX_DONE;
}

enum gx_outcome gx_api_lb_get(struct gx_req *r)
{
	struct gx_lb_document d;
	enum gx_db_status st = gx_lb_read(gx_req_store(r), gx_path_space(r), gx_req_param_id(r, "document"), &d);
	if (st < 0)
		return GX_SERVER_FAULT;
	if (st == GX_DB_NO_RESULTS)
		return gx_reply_problem(r, GX_ERR_NOT_FOUND, NULL, NULL);
	gx_api_reply_taken(r, 200, document(&d));
	return GX_DONE;
}

static void on_opened(void *arg, const struct gx_lb_done *res)
{
	struct gx_req *r = arg;
	if (res->status != GX_CORE_OK)
		gx_api_core_failure(r, res->status, "try again");
	else if (gx_reply_file(r, res->doc->file_name, res->doc->content_type, res->bytes, res->len) != GX_DONE)
		gx_reply_problem(r, GX_ERR_INTERNAL, NULL, NULL);
}

enum gx_outcome gx_api_lb_file(struct gx_req *r)
{
	gx_lb_open(gx_app_ctx(r), gx_path_space(r), gx_req_param_id(r, "document"), on_opened, r);
	return GX_DONE;
}

static void on_changed(void *arg, const struct gx_lb_done *res)
{
	struct gx_req *r = arg;
	if (res->status == GX_CORE_INVALID)
		gx_reply_problem(r, GX_ERR_CONFLICT, NULL, res->why);
	else if (res->status != GX_CORE_OK)
		gx_api_core_failure(r, res->status, "try again");
	else
		gx_api_reply_taken(r, 200, document(res->doc));
}

enum gx_outcome gx_api_lb_confirm(struct gx_req *r)
{
	gx_lb_confirm(gx_app_ctx(r), gx_path_space(r), gx_req_param_id(r, "document"), on_changed, r);
	return GX_DONE;
}

const struct gx_json_field gx_api_lb_archive_spec[] = {
	{.name = "archived", .kind = GX_JSON_BOOLEAN, .required = true},
	{.name = NULL},
};

enum gx_outcome gx_api_lb_archive(struct gx_req *r)
{
	gx_lb_archive(gx_app_ctx(r), gx_path_space(r), gx_req_param_id(r, "document"),
		      json_is_true(json_object_get(r->json, "archived")), on_changed, r);
	return GX_DONE;
}

/* --- settings -------------------------------------------------------------------------- */

static json_t *settings(struct gx_req *r)
{
	const struct gx_core_ctx *c = gx_app_ctx(r);
	struct gx_email_state email;
	json_t *types = gx_lb_optins_view(c->db, c->domain, gx_path_space(r));
	if (types == NULL || gx_email_state(c->db, c->person, c->now_us, &email) < 0) {
		json_decref(types);
		return NULL;
	}
	return json_pack("{s:o, s:{s:s?, s:b}}", "types", types, "notifications", "address",
			 email.verified ? email.address : NULL, "enabled", email.verified);
}

enum gx_outcome gx_api_lb_settings(struct gx_req *r)
{
	gx_api_reply_taken(r, 200, settings(r));
	return GX_DONE;
}

static const struct gx_json_field choice_fields[] = {
	{.name = "org", .kind = GX_JSON_STRING, .required = true, .min_len = 1, .max_len = 64},
	{.name = "type", .kind = GX_JSON_STRING, .required = true, .min_len = 1, .max_len = 64},
	{.name = "electronic", .kind = GX_JSON_BOOLEAN, .required = true},
	{.name = NULL},
};

const struct gx_json_field gx_api_lb_settings_spec[] = {
	{.name = "choices", .kind = GX_JSON_ARRAY, .required = true, .max_len = 1000,
	 .items = &(const struct gx_json_field){.kind = GX_JSON_OBJECT, .fields = choice_fields}},
	{.name = NULL},
};

static void on_saved(void *arg, const struct gx_lb_done *res)
{
	struct gx_req *r = arg;
	if (res->status == GX_CORE_INVALID)
		gx_reply_problem(r, GX_ERR_INVALID_FIELD, "/choices", res->why);
	else if (res->status != GX_CORE_OK)
		gx_api_core_failure(r, res->status, "try again");
	else
		gx_api_reply_taken(r, 200, settings(r));
}

enum gx_outcome gx_api_lb_settings_put(struct gx_req *r)
{
	json_t *list = json_object_get(r->json, "choices");
	size_t n = json_array_size(list), i;
	struct gx_lb_choice *choices = gx_req_alloc(r, (n > 0 ? n : 1) * sizeof(*choices));
	json_t *o;
	json_array_foreach(list, i, o) {
		choices[i] = (struct gx_lb_choice){.org = json_string_value(json_object_get(o, "org")),
						   .doc_type = json_string_value(json_object_get(o, "type")),
						   .on = json_is_true(json_object_get(o, "electronic"))};
	}
	gx_lb_optins_save(gx_app_ctx(r), gx_path_space(r), choices, n, on_saved, r);
	return GX_DONE;
}

/* --- the e-mail address -------------------------------------------------------------------- */

static void on_code(void *arg, const struct gx_email_done *res)
{
	struct gx_req *r = arg;
	if (res->status == GX_CORE_INVALID)
		gx_reply_problem(r, strcmp(res->why, "too_soon") == 0 ? GX_ERR_CONFLICT : GX_ERR_VALIDATION, NULL,
				 res->why);
	else if (res->status != GX_CORE_OK)
		gx_api_core_failure(r, res->status, "try again");
	else
		gx_api_reply_taken(r, 202, json_pack("{s:b}", "sent", true));
}

enum gx_outcome gx_api_email_code(struct gx_req *r)
{
	gx_email_send_code(gx_app_ctx(r), gx_lang_code(gx_req_lang(r)), on_code, r);
	return GX_DONE;
}

const struct gx_json_field gx_api_email_verify_spec[] = {
	{.name = "code", .kind = GX_JSON_STRING, .required = true, .min_len = 1, .max_len = 20},
	{.name = NULL},
};

static void on_verified(void *arg, const struct gx_email_done *res)
{
	struct gx_req *r = arg;
	if (res->status == GX_CORE_INVALID)
		gx_reply_problem(r, GX_ERR_VALIDATION, "/code", res->why);
	else if (res->status != GX_CORE_OK)
		gx_api_core_failure(r, res->status, "try again");
	else
		gx_api_reply_taken(r, 200, json_pack("{s:b}", "verified", true));
}

enum gx_outcome gx_api_email_verify(struct gx_req *r)
{
	gx_email_verify(gx_app_ctx(r), json_string_value(json_object_get(r->json, "code")), on_verified, r);
	return GX_DONE;
}
