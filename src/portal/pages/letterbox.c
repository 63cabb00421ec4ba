/* The letter box as pages (letterbox.h), all working without JavaScript:
 *
 *   GET  /spaces/{space}/letterbox[?org=&type=&state=all|unread|read&q=&view=archive&page=N]
 *   GET  /spaces/{space}/letterbox/{document}             the document: metadata, download, confirm, archive
 *   GET  /spaces/{space}/letterbox/{document}/file        the PDF (the first opening: the sender's read receipt)
 *   POST /spaces/{space}/letterbox/{document}/confirm     confirm receipt
 *   POST /spaces/{space}/letterbox/{document}/archive     archived=1 (to the archive) or 0 (back)
 *
 * A page forgives a bad filter (the API refuses it). */

#include "portal/pages/letterbox.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/letterbox.h"
#include "forms/labels.h"
#include "http/query.h"
#include "http/request.h"
#include "portal/app.h"
#include "portal/lb_view.h"
#include "portal/path.h"
#include "procedures/definition.h"
#include "site/page.h"
#include "site/site.h"
#include "util/local_time.h"

#define PER_PAGE 20

static void put(json_t *o, const char *key, const char *s)
{
	json_object_set_new(o, key, json_string(s != NULL ? s : ""));
}

static json_t *row(enum gx_lang lang, const json_t *t, long long space, const struct gx_lb_document *d)
{
	char href[96], received[24];
	snprintf(href, sizeof(href), "/spaces/%lld/letterbox/%lld", space, d->id);
	gx_local_time_format(d->delivered_at_us, received, sizeof(received), false);
	json_t *o = json_object();
	put(o, "href", href);
	put(o, "title", d->title);
	put(o, "organisation", gx_proc_organisation_title(d->org, lang));
	put(o, "type", gx_lb_view_type_title(d->org, d->doc_type, lang));
	put(o, "received", received);
	if (d->due_date[0] != '\0') {
		char due[24];
		gx_lb_view_date(d->due_date, lang, due, sizeof(due));
		put(o, "due", due);
	}
	const char *key, *cls;
	gx_lb_view_status(d, &key, &cls);
	put(o, "status", json_string_value(json_object_get(json_object_get(t, "lb"), key)));
	put(o, "status_class", cls);
	json_object_set_new(o, "unread", json_boolean(d->read_at_us == 0));
	return o;
}

/* The page's query parameter name into out ("" when absent or bad). */
static void param(const char *q, size_t qlen, const char *name, char *out, size_t cap)
{
	if (gx_query_get(q, qlen, name, out, cap) < 0)
		out[0] = '\0';
}

/* The address of this list with page pageno (the other filters kept). */
static void list_href(char *out, size_t cap, long long space, bool archive, const char *org, const char *type,
		      const char *state, const char *q, long long pageno)
{
	char eq[620];
	if (gx_query_encode(q, strlen(q), eq, sizeof(eq)) < 0)
		eq[0] = '\0';
	snprintf(out, cap, "/spaces/%lld/letterbox?%sorg=%s&type=%s&state=%s&q=%s&page=%lld", space,
		 archive ? "view=archive&" : "", org, type, state, eq, pageno);
}

enum gx_outcome gx_page_lb_list(struct gx_req *r)
{
	enum gx_lang lang = gx_req_lang(r);
	const json_t *t = gx_i18n_catalog(gx_site.i18n, lang);
	const struct gx_core_ctx *c = gx_app_ctx(r);
	struct gx_space_id space = gx_path_space(r);
	size_t qlen;
	const char *query = gx_query_of(r->h2o->path.base, r->h2o->path.len, &qlen);
	char org[GX_LB_TEXT_MAX], type[GX_LB_TEXT_MAX], state[16], q[201], view[16], pagebuf[16];
	param(query, qlen, "org", org, sizeof(org));
	param(query, qlen, "type", type, sizeof(type));
	param(query, qlen, "state", state, sizeof(state));
	param(query, qlen, "q", q, sizeof(q));
	param(query, qlen, "view", view, sizeof(view));
	param(query, qlen, "page", pagebuf, sizeof(pagebuf));
	if (!gx_lb_view_id_ok(org))
		org[0] = '\0';
	if (!gx_lb_view_id_ok(type))
		type[0] = '\0';
	if (strcmp(state, "unread") != 0 && strcmp(state, "read") != 0)
		snprintf(state, sizeof(state), "all");
	bool archive = strcmp(view, "archive") == 0;
	char *end;
	long long pageno = strtoll(pagebuf, &end, 10);
	if (pagebuf[0] == '\0' || *end != '\0' || pageno < 1 || pageno > 100000)
		pageno = 1;
	struct gx_lb_filter f = {.org = org[0] ? org : NULL, .doc_type = type[0] ? type : NULL, .q = q,
				 .unread = strcmp(state, "unread") == 0 ? 1 : strcmp(state, "read") == 0 ? 0 : -1,
				 .archived = archive, .page = pageno};
	struct gx_lb_document *docs = gx_req_alloc(r, PER_PAGE * sizeof(*docs));
	size_t n;
	bool more;
	long long unread;
	if (gx_lb_list(c->db, space, &f, docs, PER_PAGE, &n, &more) < 0 || gx_lb_unread(c->db, space, &unread) < 0)
		return GX_SERVER_FAULT;
	json_t *rows = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(rows, row(lang, t, space.v, &docs[i]));
	char self[64], inbox[64], arch[80], settings[80], prev[900] = "", next[900] = "";
	snprintf(self, sizeof(self), "/spaces/%lld/letterbox", space.v);
	snprintf(inbox, sizeof(inbox), "/spaces/%lld/letterbox", space.v);
	snprintf(arch, sizeof(arch), "/spaces/%lld/letterbox?view=archive", space.v);
	snprintf(settings, sizeof(settings), "/spaces/%lld/letterbox/settings", space.v);
	if (pageno > 1)
		list_href(prev, sizeof(prev), space.v, archive, org, type, state, q, pageno - 1);
	if (more)
		list_href(next, sizeof(next), space.v, archive, org, type, state, q, pageno + 1);
	json_t *states = json_array();
	static const char *const ids[] = {"all", "unread", "read"};
	for (size_t i = 0; i < 3; i++) {
		char key[24];
		snprintf(key, sizeof(key), "state_%s", ids[i]);
		json_array_append_new(states, json_pack("{s:s, s:s?, s:b}", "id", ids[i], "label",
							json_string_value(json_object_get(json_object_get(t, "lb"), key)),
							"selected", strcmp(state, ids[i]) == 0));
	}
	json_t *data = json_pack("{s:o, s:b, s:b, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:o, s:o, s:o, s:s}", "rows",
				 rows, "has_rows", n > 0, "archive", archive, "unread", (json_int_t)unread, "self_href",
				 self, "inbox_href", inbox, "archive_href", arch, "settings_href", settings, "prev_href",
				 prev, "next_href", next, "paged", prev[0] != '\0' || next[0] != '\0', "states", states,
				 "orgs", gx_lb_view_orgs(lang, org), "types", gx_lb_view_types(lang, type), "q", q);
	return gx_page_reply_owned(r, 200, "letterbox", archive ? "lb.archive_title" : "lb.title", data);
}

/* --- a document ------------------------------------------------------------------------ */

static json_t *document_data(struct gx_req *r, enum gx_lang lang, long long space, const struct gx_lb_document *d)
{
	char base[96], file[112], confirm[112], archive[112], back[64], received[24], read_at[24] = "",
									  confirmed_at[24] = "", size[32];
	snprintf(base, sizeof(base), "/spaces/%lld/letterbox/%lld", space, d->id);
	snprintf(file, sizeof(file), "%s/file", base);
	snprintf(confirm, sizeof(confirm), "%s/confirm", base);
	snprintf(archive, sizeof(archive), "%s/archive", base);
	snprintf(back, sizeof(back), d->archived ? "/spaces/%lld/letterbox?view=archive" : "/spaces/%lld/letterbox",
		 space);
	gx_local_time_format(d->delivered_at_us, received, sizeof(received), true);
	if (d->read_at_us > 0)
		gx_local_time_format(d->read_at_us, read_at, sizeof(read_at), true);
	if (d->confirmed_at_us > 0)
		gx_local_time_format(d->confirmed_at_us, confirmed_at, sizeof(confirmed_at), true);
	gx_lb_view_size(d->size, size, sizeof(size));
	json_t *o = json_object();
	put(o, "title", d->title);
	put(o, "organisation", gx_proc_organisation_title(d->org, lang));
	put(o, "type", gx_lb_view_type_title(d->org, d->doc_type, lang));
	put(o, "received", received);
	put(o, "file_name", d->file_name);
	put(o, "size", size);
	put(o, "sha256", d->sha256);
	put(o, "file_href", file);
	put(o, "archive_href", archive);
	put(o, "back_href", back);
	put(o, "csrf", r->actor.session.csrf_token);
	json_object_set_new(o, "archived", json_boolean(d->archived));
	json_object_set_new(o, "confirmation_required", json_boolean(d->confirmation_required));
	if (read_at[0] != '\0')
		put(o, "read_at", read_at);
	if (confirmed_at[0] != '\0')
		put(o, "confirmed_at", confirmed_at);
	if (d->confirmation_required && d->confirmed_at_us == 0)
		put(o, "confirm_href", confirm);
	if (d->due_date[0] != '\0') {
		char due[24];
		gx_lb_view_date(d->due_date, lang, due, sizeof(due));
		put(o, "due", due);
	}
	if (d->submission_id > 0) {
		struct gx_submission s;
		if (gx_store_submission_get(gx_req_store(r), d->submission_id, &s) == GX_DB_ONE_RESULT) {
			char href[96];
			snprintf(href, sizeof(href), "/spaces/%lld/submissions/%lld", space, d->submission_id);
			put(o, "procedure_href", href);
			put(o, "procedure_reference", s.reference);
			gx_submission_clear(&s);
		}
	}
	return o;
}

enum gx_outcome gx_page_lb_document(struct gx_req *r)
{
	struct gx_space_id space = gx_path_space(r);
	struct gx_lb_document d;
	enum gx_db_status st = gx_lb_read(gx_req_store(r), space, gx_req_param_id(r, "document"), &d);
	if (st < 0)
		return GX_SERVER_FAULT;
	if (st == GX_DB_NO_RESULTS)
		return gx_page_error(r, GX_ERR_NOT_FOUND);
	json_t *data = document_data(r, gx_req_lang(r), space.v, &d);
	/* the title is the document's own: the layout's title names the page */
	return gx_page_reply_owned(r, 200, "lb_document", "lb.title", data);
}

static void on_opened(void *arg, const struct gx_lb_done *res)
{
	struct gx_req *r = arg;
	if (res->status == GX_CORE_NOT_FOUND)
		gx_page_error(r, GX_ERR_NOT_FOUND);
	else if (res->status != GX_CORE_OK)
		gx_page_error(r, GX_ERR_UNAVAILABLE);
	else if (gx_reply_file(r, res->doc->file_name, res->doc->content_type, res->bytes, res->len) != GX_DONE)
		gx_reply_problem(r, GX_ERR_INTERNAL, NULL, NULL);
}

enum gx_outcome gx_page_lb_file(struct gx_req *r)
{
	gx_lb_open(gx_app_ctx(r), gx_path_space(r), gx_req_param_id(r, "document"), on_opened, r);
	return GX_DONE;
}

static void on_changed(void *arg, const struct gx_lb_done *res)
{
	struct gx_req *r = arg;
	if (res->status == GX_CORE_NOT_FOUND) {
		gx_page_error(r, GX_ERR_NOT_FOUND);
	} else if (res->status == GX_CORE_INVALID) {
		gx_reply_problem(r, GX_ERR_CONFLICT, NULL, res->why);
	} else if (res->status != GX_CORE_OK) {
		gx_page_error(r, GX_ERR_UNAVAILABLE);
	} else {
		char location[96];
		snprintf(location, sizeof(location), "/spaces/%lld/letterbox/%lld", res->doc->space_id, res->doc->id);
		gx_reply_redirect(r, location);
	}
}

enum gx_outcome gx_page_lb_confirm(struct gx_req *r)
{
	gx_lb_confirm(gx_app_ctx(r), gx_path_space(r), gx_req_param_id(r, "document"), on_changed, r);
	return GX_DONE;
}

enum gx_outcome gx_page_lb_archive(struct gx_req *r)
{
	h2o_iovec_t body = r->h2o->entity;
	char v[4];
	if (body.base == NULL || gx_query_get(body.base, body.len, "archived", v, sizeof(v)) <= 0 ||
	    (strcmp(v, "1") != 0 && strcmp(v, "0") != 0))
		return gx_reply_problem(r, GX_ERR_INVALID_FIELD, "archived", "1 or 0");
	gx_lb_archive(gx_app_ctx(r), gx_path_space(r), gx_req_param_id(r, "document"), strcmp(v, "1") == 0, on_changed,
		      r);
	return GX_DONE;
}
