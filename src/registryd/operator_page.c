/** The register's operator page (docs/registryd.md): its operators list
 *  the correction queue (overdue ones flagged), read a request with its
 *  files, and take it up, accept, reject with a reason or re-route it.
 *  HTTP Basic with an operator's name and key (etc/registry-clients.json,
 *  "operators"); forms carry the operator's token. Every read of a request
 *  and every move is in the register's access log. fr, de, en.
 *
 *   GET  /operator/corrections?which=open|decided|all
 *   GET  /operator/corrections/{id}
 *   POST /operator/corrections/{id}                 action, reason, to, csrf_token → 303
 *   GET  /operator/corrections/{id}/evidence/{seq}  a file */

#include "registryd/registryd.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http/durable.h"
#include "http/query.h"
#include "http/request.h"
#include "registryd/correction_decide.h"
#include "store/corrections.h"
#include "tmpl/mustache.h"
#include "util/clock.h"
#include "util/local_time.h"

static const char *const langs[GX_REGISTER_LANGS] = {"fr", "de", "en"};

/* The operator of the request's credentials; answers 401 itself and returns NULL when none. */
static const struct gx_registry_operator *authenticate(struct gx_req *r)
{
	h2o_req_t *req = r->h2o;
	const struct gx_registry_operator *op = NULL;
	ssize_t i = h2o_find_header(&req->headers, H2O_TOKEN_AUTHORIZATION, -1);
	if (i >= 0) {
		h2o_iovec_t v = req->headers.entries[i].value;
		char decoded[2 * GX_REGISTRY_KEY_MAX];
		size_t len = 0;
		if (v.len > 6 && v.len < 6 + sizeof(decoded) && strncasecmp(v.base, "basic ", 6) == 0 &&
		    sodium_base642bin((unsigned char *)decoded, sizeof(decoded), v.base + 6, v.len - 6, NULL, &len, NULL,
				      sodium_base64_VARIANT_ORIGINAL) == 0) {
			char *colon = memchr(decoded, ':', len);
			if (colon != NULL)
				op = gx_registry_operators_find(gx_registryd_get()->clients, decoded, (size_t)(colon - decoded),
								colon + 1, len - (size_t)(colon - decoded) - 1);
			sodium_memzero(decoded, sizeof(decoded));
		}
	}
	if (op == NULL) {
		h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_WWW_AUTHENTICATE, NULL,
			       H2O_STRLIT("Basic realm=\"registryd operators\", charset=\"UTF-8\""));
		gx_reply_problem(r, GX_ERR_LOGIN_REQUIRED, NULL, "an operator's name and key are needed");
	}
	return op;
}

/* ?lang=, else the first of fr, de, en in Accept-Language, else fr. */
static int page_lang(struct gx_req *r)
{
	size_t qlen;
	const char *q = gx_query_of(r->h2o->path.base, r->h2o->path.len, &qlen);
	char want[4];
	if (gx_query_get(q, qlen, "lang", want, sizeof(want)) == 2)
		for (int l = 0; l < GX_REGISTER_LANGS; l++)
			if (strcmp(want, langs[l]) == 0)
				return l;
	ssize_t i = h2o_find_header(&r->h2o->headers, H2O_TOKEN_ACCEPT_LANGUAGE, -1);
	if (i < 0)
		return GX_REGISTER_FR;
	h2o_iovec_t v = r->h2o->headers.entries[i].value;
	size_t best = v.len;
	int lang = GX_REGISTER_FR;
	for (int l = 0; l < GX_REGISTER_LANGS; l++) {
		for (size_t k = 0; k + 2 <= v.len; k++) {
			bool start = k == 0 || v.base[k - 1] == ',' || v.base[k - 1] == ' ';
			if (start && strncasecmp(v.base + k, langs[l], 2) == 0 && k < best) {
				best = k;
				lang = l;
			}
		}
	}
	return lang;
}

static enum gx_outcome reply_page(struct gx_req *r, int status, const char *name, int lang, json_t *data)
{
	const struct gx_registryd *app = gx_registryd_get();
	if (app->pages == NULL || data == NULL) {
		json_decref(data);
		return GX_SERVER_FAULT;
	}
	json_object_set(data, "t", app->catalogs[lang]);
	json_object_set_new(data, "lang", json_string(langs[lang]));
	json_object_set_new(data, "register_title", json_string(app->description->titles[lang]));
	struct gx_buf out = GX_BUF_INIT;
	struct gx_tmpl_error err;
	int rc = gx_tmpl_render(app->pages, name, data, &out, &err);
	json_decref(data);
	if (rc != 0 || out.failed) {
		gx_buf_free(&out);
		return GX_SERVER_FAULT;
	}
	h2o_req_t *req = r->h2o;
	h2o_add_header_by_str(&req->pool, &req->res.headers, H2O_STRLIT("content-security-policy"), 0, NULL,
			      H2O_STRLIT("default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
					 "frame-ancestors 'none'; base-uri 'none'"));
	h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CACHE_CONTROL, NULL, H2O_STRLIT("no-store"));
	h2o_add_header_by_str(&req->pool, &req->res.headers, H2O_STRLIT("x-content-type-options"), 0, NULL,
			      H2O_STRLIT("nosniff"));
	char *body = gx_req_alloc(r, out.len + 1);
	memcpy(body, out.data != NULL ? out.data : "", out.len);
	size_t len = out.len;
	gx_buf_free(&out);
	return gx_reply_bytes(r, status, "text/html; charset=utf-8", body, len);
}

static const char *attribute_title(const char *name, int lang)
{
	const struct gx_register_description *d = gx_registryd_get()->description;
	long i = name != NULL ? gx_register_attribute_index(d, name) : -1;
	return i >= 0 ? d->attributes[i].titles[lang] : (name != NULL ? name : "");
}

static const char *status_label(const char *status, int lang)
{
	const json_t *labels = json_object_get(json_object_get(gx_registryd_get()->catalogs[lang], "registry"), "status");
	const char *s = json_string_value(json_object_get(labels, status != NULL ? status : ""));
	return s != NULL ? s : (status != NULL ? status : "");
}

/* --- the list ------------------------------------------------------------------------------ */

enum gx_outcome gx_registryd_operator_list(struct gx_req *r)
{
	if (authenticate(r) == NULL)
		return GX_CLIENT_FAULT;
	int lang = page_lang(r);
	size_t qlen;
	const char *q = gx_query_of(r->h2o->path.base, r->h2o->path.len, &qlen);
	char which[16] = "open";
	if (gx_query_get(q, qlen, "which", which, sizeof(which)) < 0 ||
	    (strcmp(which, "open") != 0 && strcmp(which, "decided") != 0 && strcmp(which, "all") != 0))
		snprintf(which, sizeof(which), "open");
	char *text = NULL;
	if (gx_store_registry_corrections_list(gx_req_store(r), which, 500, &text) < 0)
		return gx_reply_problem(r, GX_ERR_UNAVAILABLE, NULL, "the queue cannot be read right now");
	json_error_t e;
	json_t *rows = json_loads(text, 0, &e);
	free(text);
	if (rows == NULL)
		return GX_SERVER_FAULT;
	char today[11];
	gx_local_today(today);
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row) {
		const char *status = json_string_value(json_object_get(row, "status"));
		char received[32], href[64];
		gx_local_time_format(json_integer_value(json_object_get(row, "received_at_us")), received, sizeof(received),
				     true);
		snprintf(href, sizeof(href), "/operator/corrections/%lld?lang=%s",
			 (long long)json_integer_value(json_object_get(row, "id")), langs[lang]);
		json_object_set_new(row, "received", json_string(received));
		json_object_set_new(row, "href", json_string(href));
		json_object_set_new(row, "attribute_title",
				    json_string(attribute_title(json_string_value(json_object_get(row, "attribute")), lang)));
		json_object_set_new(row, "status_label", json_string(status_label(status, lang)));
		json_object_set_new(row, "overdue", json_boolean(gx_correction_overdue(
								  status, json_string_value(json_object_get(row, "due")), today)));
	}
	json_t *filters = json_array();
	const char *names[] = {"open", "decided", "all"};
	for (int f = 0; f < 3; f++) {
		char href[64], key[24];
		snprintf(href, sizeof(href), "/operator/corrections?which=%s&lang=%s", names[f], langs[lang]);
		snprintf(key, sizeof(key), "filter_%s", names[f]);
		const char *label = json_string_value(
			json_object_get(json_object_get(gx_registryd_get()->catalogs[lang], "registry"), key));
		json_array_append_new(filters, json_pack("{s:s, s:s, s:b}", "href", href, "label", label != NULL ? label : key,
							 "current", strcmp(which, names[f]) == 0));
	}
	return reply_page(r, 200, "registry/corrections", lang,
			  json_pack("{s:o, s:b, s:o}", "rows", rows, "has_rows", json_array_size(rows) > 0, "filters",
				    filters));
}

/* --- one request --------------------------------------------------------------------------------- */

struct viewing {
	json_t *data;      /* the page's */
	int lang;
	struct gx_registry_access access;
	char who[96], attrs[GX_REGISTER_ATTRIBUTE_MAX + 8];
	json_t *row;
	struct gx_store_evidence file;  /* the evidence route's */
};

static void viewing_dispose(void *p)
{
	struct viewing *v = p;
	json_decref(v->data);
	json_decref(v->row);
	free(v->file.data);
}

static enum gx_db_status write_view(struct gx_store_conn *w, void *arg)
{
	return gx_store_registry_access_append(w, &((struct viewing *)arg)->access);
}

static void on_view_logged(struct gx_req *r, void *arg, enum gx_db_status result)
{
	struct viewing *v = arg;
	if (result < 0) {
		gx_reply_problem(r, GX_ERR_UNAVAILABLE, NULL, "the access log cannot be written; try again later");
		return;
	}
	json_t *data = v->data;
	v->data = NULL;
	if (reply_page(r, 200, "registry/correction", v->lang, data) == GX_SERVER_FAULT)
		gx_reply_problem(r, GX_ERR_INTERNAL, NULL, NULL);
}

/* The request {id} and the access-log row of the operator reading it; answers 404 itself. */
static struct viewing *read_request(struct gx_req *r, const struct gx_registry_operator *op, const char *procedure,
				    enum gx_outcome *o)
{
	long long id = gx_req_param_id(r, "id");
	char *text = NULL;
	enum gx_db_status st = id > 0 ? gx_store_registry_correction_get(gx_req_store(r), id, NULL, &text) : GX_DB_NO_RESULTS;
	if (st <= 0) {
		*o = st < 0 ? gx_reply_problem(r, GX_ERR_UNAVAILABLE, NULL, "the queue cannot be read right now")
			    : gx_reply_problem(r, GX_ERR_NOT_FOUND, NULL, "no such correction request");
		return NULL;
	}
	struct viewing *v = h2o_mem_alloc_shared(&r->h2o->pool, sizeof(*v), viewing_dispose);
	memset(v, 0, sizeof(*v));
	json_error_t e;
	v->row = json_loads(text, 0, &e);
	free(text);
	if (v->row == NULL) {
		*o = GX_SERVER_FAULT;
		return NULL;
	}
	snprintf(v->who, sizeof(v->who), "operator:%s", op->name);
	snprintf(v->attrs, sizeof(v->attrs), "[\"%s\"]", json_string_value(json_object_get(v->row, "attribute")));
	v->access = (struct gx_registry_access){
		.at_us = gx_wall_us(), .client = v->who, .organisation = gx_registryd_get()->description->name,
		.subject_type = json_string_value(json_object_get(v->row, "subject_type")),
		.subject = json_string_value(json_object_get(v->row, "subject")), .attributes_json = v->attrs,
		.procedure = procedure, .request_id = json_string_value(json_object_get(v->row, "request_id"))};
	return v;
}

enum gx_outcome gx_registryd_operator_show(struct gx_req *r)
{
	const struct gx_registry_operator *op = authenticate(r);
	if (op == NULL)
		return GX_CLIENT_FAULT;
	enum gx_outcome o = GX_SERVER_FAULT;
	struct viewing *v = read_request(r, op, "correction.view", &o);
	if (v == NULL)
		return o;
	v->lang = page_lang(r);
	const json_t *row = v->row, *request = json_object_get(row, "request");
	const char *status = json_string_value(json_object_get(row, "status"));
	const char *due = json_string_value(json_object_get(row, "due"));
	char today[11], received[32], decided[32], action[64];
	gx_local_today(today);
	gx_local_time_format(json_integer_value(json_object_get(row, "received_at_us")), received, sizeof(received), true);
	gx_local_time_format(json_integer_value(json_object_get(row, "decided_at_us")), decided, sizeof(decided), true);
	long long id = json_integer_value(json_object_get(row, "id"));
	snprintf(action, sizeof(action), "/operator/corrections/%lld?lang=%s", id, langs[v->lang]);
	json_t *files = json_array();
	size_t i;
	json_t *f;
	json_array_foreach(json_object_get(request, "evidence"), i, f) {
		char href[96];
		snprintf(href, sizeof(href), "/operator/corrections/%lld/evidence/%lld", id,
			 (long long)json_integer_value(json_object_get(f, "seq")));
		json_array_append_new(files, json_pack("{s:O, s:O, s:O, s:s}", "name", json_object_get(f, "name"), "type",
						       json_object_get(f, "content_type"), "size", json_object_get(f, "size"),
						       "href", href));
	}
	const json_t *current = json_object_get(request, "current");
	const json_t *decision = json_object_get(row, "decision");
	bool open = status != NULL && strcmp(status, "open") == 0;
	bool undecided = open || (status != NULL && strcmp(status, "in_review") == 0);
	v->data = json_pack("{s:I, s:s, s:s, s:s?, s:s, s:s, s:b, s:s?, s:s, s:O?, s:O?, s:O?, s:O?, s:O?, s:O?, s:o, s:b,"
			    " s:b, s:b, s:s, s:s, s:O?, s:s}",
			    "id", (json_int_t)id, "status", status != NULL ? status : "", "status_label",
			    status_label(status, v->lang), "due", due, "received", received, "subject",
			    json_string_value(json_object_get(row, "subject")), "overdue",
			    gx_correction_overdue(status, due, today), "attribute",
			    json_string_value(json_object_get(row, "attribute")), "attribute_title",
			    attribute_title(json_string_value(json_object_get(row, "attribute")), v->lang), "current",
			    json_object_get(current, "value"), "version", json_object_get(current, "version"), "proposed",
			    json_object_get(request, "proposed"), "explanation", json_object_get(request, "explanation"),
			    "organisation", json_object_get(json_object_get(request, "requester"), "organisation"),
			    "on_behalf_of", json_object_get(json_object_get(request, "requester"), "on_behalf_of"), "files",
			    files, "has_files", json_array_size(files) > 0, "can_take_up", open, "undecided", undecided,
			    "action", action, "csrf", op->csrf, "decision", decision, "decided", decided);
	if (v->data == NULL)
		return GX_SERVER_FAULT;
	if (json_is_object(decision)) {
		const char *keys[] = {"reason", "rerouted_to", "version", "as_of", "by"};
		for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
			if (json_object_get(decision, keys[k]) != NULL)
				json_object_set(v->data, keys[k][0] == 'v' ? "new_version" : keys[k],
						json_object_get(decision, keys[k]));
	}
	return gx_req_durable(r, write_view, v, on_view_logged);
}

/* --- a move ---------------------------------------------------------------------------------------- */

struct deciding {
	struct gx_correction_move m;
	char reason[2001], to[GX_REGISTER_NAME_MAX + 1], who[GX_REGISTRY_CLIENT_NAME_MAX + 1];
	int lang;
};

static void on_decided(struct gx_req *r, void *arg, enum gx_db_status result)
{
	struct deciding *dc = arg;
	if (result < 0 && result != GX_DB_CONFLICT) {
		gx_reply_problem(r, GX_ERR_UNAVAILABLE, NULL, "the decision could not be stored; nothing changed");
		return;
	}
	switch (dc->m.result) {
	case GX_CORRECTION_DONE: {
		char href[64];
		snprintf(href, sizeof(href), "/operator/corrections/%lld?lang=%s", dc->m.id, langs[dc->lang]);
		gx_reply_redirect(r, href);
		return;
	}
	case GX_CORRECTION_UNKNOWN:
		gx_reply_problem(r, GX_ERR_NOT_FOUND, NULL, "no such correction request");
		return;
	case GX_CORRECTION_DECIDED:
		gx_reply_problem(r, GX_ERR_CONFLICT, NULL, "this request was decided or withdrawn meanwhile; nothing changed");
		return;
	case GX_CORRECTION_NO_RECORD:
		gx_reply_problem(r, GX_ERR_CONFLICT, NULL, "the register holds no record of this subject; nothing changed");
		return;
	default:
		gx_reply_problem(r, GX_ERR_INVALID_FIELD, dc->m.action == GX_CORRECTION_REJECT ? "reason" : "to",
				 dc->m.action == GX_CORRECTION_REJECT ? "a rejection needs a reason (1 to 2000 bytes)"
								       : "name the register that holds this data");
	}
}

enum gx_outcome gx_registryd_operator_decide(struct gx_req *r)
{
	const struct gx_registry_operator *op = authenticate(r);
	if (op == NULL)
		return GX_CLIENT_FAULT;
	h2o_iovec_t body = r->h2o->entity;
	const char *b = body.base != NULL ? body.base : "";
	size_t blen = body.base != NULL ? body.len : 0;
	char token[80], action[16];
	if (gx_query_get(b, blen, "csrf_token", token, sizeof(token)) != 64 ||
	    sodium_memcmp(token, op->csrf, 64) != 0)
		return gx_reply_problem(r, GX_ERR_CSRF, "csrf_token", "the form did not come from the operator page");
	int a = gx_query_get(b, blen, "action", action, sizeof(action)) > 0 ? gx_correction_action_from(action) : -1;
	if (a < 0 || a == GX_CORRECTION_WITHDRAW)
		return gx_reply_problem(r, GX_ERR_INVALID_FIELD, "action", "take_up, accept, reject or reroute");
	long long id = gx_req_param_id(r, "id");
	if (id <= 0)
		return gx_reply_problem(r, GX_ERR_NOT_FOUND, NULL, "no such correction request");
	struct deciding *dc = gx_req_alloc(r, sizeof(*dc));
	memset(dc, 0, sizeof(*dc));
	if (gx_query_get(b, blen, "reason", dc->reason, sizeof(dc->reason)) == -2 ||
	    gx_query_get(b, blen, "to", dc->to, sizeof(dc->to)) == -2)
		return gx_reply_problem(r, GX_ERR_INVALID_FIELD, NULL, "a reason of at most 2000 bytes, a register's name");
	snprintf(dc->who, sizeof(dc->who), "%s", op->name);
	dc->lang = page_lang(r);
	dc->m = (struct gx_correction_move){.d = gx_registryd_get()->description, .action = a, .id = id, .by = dc->who,
					    .reason = dc->reason, .reroute_to = dc->to, .at_us = gx_wall_us()};
	return gx_req_durable(r, gx_correction_move_tx, &dc->m, on_decided);
}

/* --- a file ----------------------------------------------------------------------------------------- */

static void on_file_logged(struct gx_req *r, void *arg, enum gx_db_status result)
{
	struct viewing *v = arg;
	if (result < 0) {
		gx_reply_problem(r, GX_ERR_UNAVAILABLE, NULL, "the access log cannot be written; try again later");
		return;
	}
	gx_reply_file(r, v->file.name, v->file.content_type, v->file.data, (size_t)v->file.size);
}

enum gx_outcome gx_registryd_operator_evidence(struct gx_req *r)
{
	const struct gx_registry_operator *op = authenticate(r);
	if (op == NULL)
		return GX_CLIENT_FAULT;
	enum gx_outcome o = GX_SERVER_FAULT;
	struct viewing *v = read_request(r, op, "correction.evidence", &o);
	if (v == NULL)
		return o;
	long long seq = gx_req_param_id(r, "seq");
	enum gx_db_status st = seq > 0 && seq < 100 ? gx_store_registry_evidence_get(gx_req_store(r),
										   json_integer_value(json_object_get(v->row, "id")),
										   (int)seq, &v->file)
						    : GX_DB_NO_RESULTS;
	if (st <= 0)
		return st < 0 ? gx_reply_problem(r, GX_ERR_UNAVAILABLE, NULL, "the file cannot be read right now")
			      : gx_reply_problem(r, GX_ERR_NOT_FOUND, NULL, "no such file");
	return gx_req_durable(r, write_view, v, on_file_logged);
}
