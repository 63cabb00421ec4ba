/* "Who accessed my data" over the API (access_log.h). */

#include "portal/api/access_log.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/access_log.h"
#include "http/query.h"
#include "http/request.h"
#include "portal/access_log_query.h"
#include "portal/api/reply.h"
#include "portal/app.h"
#include "util/buf.h"

/* Records an export holds at most: more is refused (narrow the period). */
#define EXPORT_MAX 100000

static const char *proof_name(enum gx_access_proof p)
{
	return p == GX_ACCESS_PROVEN ? "proven" : p == GX_ACCESS_PENDING ? "pending" : "failed";
}

static void utc_text(long long at_us, char out[32])
{
	time_t secs = (time_t)(at_us / 1000000);
	struct tm tm;
	gmtime_r(&secs, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static json_t *record_json(const struct gx_access_entry *e)
{
	const struct gx_access_row *r = &e->row;
	char at[32];
	utc_text(r->at_us, at);
	json_error_t jerr;
	json_t *attrs = json_loads(r->attributes_json, 0, &jerr);
	bool org = strcmp(r->actor_kind, "organisation") == 0;
	json_t *actor = json_pack("{s:s, s:s?, s:s?}", "kind", r->actor_kind, "organisation", org ? r->actor_id : NULL,
				  "role", r->actor_role);
	return json_pack("{s:I, s:s, s:I, s:o, s:s, s:o, s:s, s:s?, s:s, s:o, s:s}", "id", (json_int_t)r->id, "at", at,
			 "at_us", (json_int_t)r->at_us, "actor", actor, "register", r->source, "attributes",
			 attrs != NULL ? attrs : json_array(), "purpose", r->purpose, "legal_basis", r->legal_basis,
			 "request_id", r->request_id, "leaf_index",
			 r->leaf_index >= 0 ? json_integer(r->leaf_index) : json_null(), "proof", proof_name(e->proof));
}

static json_t *checkpoint_json(const struct gx_access_log_page *p)
{
	if (!p->have_checkpoint)
		return json_null();
	return json_pack("{s:I, s:b, s:I, s:I}", "size", (json_int_t)p->checkpoint_size, "witnessed", p->witnessed,
			 "cosigned", (json_int_t)p->cosigned, "quorum", (json_int_t)p->quorum);
}

static const struct gx_core_ctx *parse(struct gx_req *r, struct gx_access_log_query_text *q, enum gx_outcome *o)
{
	size_t qlen;
	const char *text = gx_query_of(r->h2o->path.base, r->h2o->path.len, &qlen);
	const char *bad = gx_access_log_query_parse(text, qlen, q);
	if (bad != NULL) {
		*o = gx_reply_problem(r, GX_ERR_BAD_PARAMETER, bad,
				      "register and organisation are ids, from and to days (YYYY-MM-DD, from before to),"
				      " after a cursor from next, limit 1 to 200");
		return NULL;
	}
	return gx_app_ctx(r);
}

enum gx_outcome gx_api_access_log(struct gx_req *r)
{
	struct gx_access_log_query_text q;
	enum gx_outcome o = GX_DONE;
	const struct gx_core_ctx *c = parse(r, &q, &o);
	if (c == NULL)
		return o;
	if (q.f.limit == 0)
		q.f.limit = 50;
	struct gx_access_log_page page;
	enum gx_core_status st = gx_access_log_read(c, &q.f, &page);
	if (st != GX_CORE_OK)
		return gx_api_core_failure(r, st, "the access log cannot be read right now");
	json_t *records = json_array();
	for (size_t i = 0; i < page.n; i++)
		json_array_append_new(records, record_json(&page.entries[i]));
	char next[48];
	if (page.more && page.n > 0)
		gx_access_log_cursor(page.entries[page.n - 1].row.at_us, page.entries[page.n - 1].row.id, next,
				     sizeof(next));
	json_t *body = json_pack("{s:o, s:s?, s:o}", "records", records, "next", page.more && page.n > 0 ? next : NULL,
				 "checkpoint", checkpoint_json(&page));
	gx_access_log_page_free(&page);
	gx_api_reply_taken(r, 200, body);
	return GX_DONE;
}

/* One CSV field (RFC 4180): quoted, quotes doubled. */
static void csv_field(struct gx_buf *b, const char *s, bool last)
{
	gx_buf_append_char(b, '"');
	for (const char *p = s != NULL ? s : ""; *p != '\0'; p++) {
		if (*p == '"')
			gx_buf_append_char(b, '"');
		gx_buf_append_char(b, *p);
	}
	gx_buf_append_str(b, last ? "\"\r\n" : "\",");
}

static void csv_row(struct gx_buf *b, const struct gx_access_entry *e)
{
	const struct gx_access_row *r = &e->row;
	char at[32], leaf[24];
	utc_text(r->at_us, at);
	snprintf(leaf, sizeof(leaf), "%lld", r->leaf_index);
	/* The attributes' names, separated by spaces. */
	struct gx_buf attrs = GX_BUF_INIT;
	json_error_t jerr;
	json_t *a = json_loads(r->attributes_json, 0, &jerr);
	for (size_t i = 0; i < json_array_size(a); i++) {
		if (i > 0)
			gx_buf_append_char(&attrs, ' ');
		gx_buf_append_str(&attrs, json_string_value(json_array_get(a, i)));
	}
	json_decref(a);
	bool org = strcmp(r->actor_kind, "organisation") == 0;
	csv_field(b, at, false);
	csv_field(b, r->actor_kind, false);
	csv_field(b, org ? r->actor_id : "", false);
	csv_field(b, r->actor_role, false);
	csv_field(b, r->source, false);
	csv_field(b, gx_buf_cstr(&attrs), false);
	csv_field(b, r->purpose, false);
	csv_field(b, r->legal_basis, false);
	csv_field(b, r->request_id, false);
	csv_field(b, r->leaf_index >= 0 ? leaf : "", false);
	csv_field(b, proof_name(e->proof), true);
	gx_buf_free(&attrs);
}

enum gx_outcome gx_api_access_log_export(struct gx_req *r)
{
	struct gx_access_log_query_text q;
	enum gx_outcome o = GX_DONE;
	const struct gx_core_ctx *c = parse(r, &q, &o);
	if (c == NULL)
		return o;
	size_t qlen;
	const char *text = gx_query_of(r->h2o->path.base, r->h2o->path.len, &qlen);
	char format[8] = "json";
	long n = gx_query_get(text, qlen, "format", format, sizeof(format));
	if (n == -2 || (n >= 0 && strcmp(format, "json") != 0 && strcmp(format, "csv") != 0))
		return gx_reply_problem(r, GX_ERR_BAD_PARAMETER, "format", "json or csv");
	if (n < 0)
		snprintf(format, sizeof(format), "json");
	bool csv = strcmp(format, "csv") == 0;

	struct gx_buf out = GX_BUF_INIT;
	json_t *records = csv ? NULL : json_array();
	if (csv)
		gx_buf_append_str(&out, "\"at\",\"actor_kind\",\"organisation\",\"role\",\"register\",\"attributes\","
					"\"purpose\",\"legal_basis\",\"request_id\",\"leaf_index\",\"proof\"\r\n");
	size_t total = 0;
	bool more = true;
	struct gx_access_log_page page = {0};
	q.f.limit = GX_ACCESS_LOG_PAGE_MAX;
	while (more) {
		enum gx_core_status st = gx_access_log_read(c, &q.f, &page);
		if (st != GX_CORE_OK) {
			json_decref(records);
			gx_buf_free(&out);
			return gx_api_core_failure(r, st, "the access log cannot be read right now");
		}
		if (total + page.n > EXPORT_MAX) {
			gx_access_log_page_free(&page);
			json_decref(records);
			gx_buf_free(&out);
			return gx_reply_problem(r, GX_ERR_BAD_PARAMETER, "from",
						"more than 100000 records: export a shorter period (from, to)");
		}
		for (size_t i = 0; i < page.n; i++, total++) {
			if (csv)
				csv_row(&out, &page.entries[i]);
			else
				json_array_append_new(records, record_json(&page.entries[i]));
		}
		more = page.more;
		if (page.n > 0) {
			q.f.before_at_us = page.entries[page.n - 1].row.at_us;
			q.f.before_id = page.entries[page.n - 1].row.id;
		}
		gx_access_log_page_free(&page);
	}
	if (csv) {
		if (out.failed) {
			gx_buf_free(&out);
			return GX_SERVER_FAULT;
		}
		enum gx_outcome done = gx_reply_file(r, "access-log.csv", "text/csv; charset=utf-8", out.data, out.len);
		gx_buf_free(&out);
		return done;
	}
	json_t *body = json_pack("{s:o}", "records", records);
	char *textj = body != NULL ? json_dumps(body, JSON_COMPACT) : NULL;
	json_decref(body);
	if (textj == NULL)
		return GX_SERVER_FAULT;
	enum gx_outcome done = gx_reply_file(r, "access-log.json", "application/json", textj, strlen(textj));
	free(textj);
	return done;
}

enum gx_outcome gx_api_access_log_proofs(struct gx_req *r)
{
	char *json = NULL;
	size_t entries, pending;
	enum gx_core_status st = gx_access_log_bundle(gx_app_ctx(r), &json, &entries, &pending);
	if (st == GX_CORE_NOT_FOUND)
		return gx_reply_problem(r, GX_ERR_NOT_FOUND, NULL,
					"nothing of yours is in a signed checkpoint yet: try again in a few seconds");
	if (st != GX_CORE_OK)
		return gx_api_core_failure(r, st, "the proofs cannot be made right now");
	enum gx_outcome o = gx_reply_file(r, "access-proofs.json", "application/json", json, strlen(json));
	free(json);
	return o;
}
