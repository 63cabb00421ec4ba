/** The source protocol's corrections (docs/source-protocol.md), each
 *  authenticated like /v1/lookup and each recorded in the register's
 *  access log before it is answered:
 *
 *    POST /v1/corrections                 file a request (idempotent by the client's request_id)
 *    GET  /v1/corrections/{id}            where it stands
 *    POST /v1/corrections/{id}/withdraw   the client withdraws it while undecided
 *    GET  /v1/corrections/decisions       the client's feed of moves, after a number
 */

#include "registryd/registryd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http/durable.h"
#include "http/query.h"
#include "http/request.h"
#include "log/oplog.h"
#include "registryd/correction_decide.h"
#include "registryd/correction_request.h"
#include "store/corrections.h"
#include "util/clock.h"
#include "util/local_time.h"

#define FEED_LIMIT_MAX 100

static void utc_time(long long us, char out[24])
{
	time_t t = (time_t)(us / 1000000);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 24, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static json_t *load_row(char *text)
{
	json_error_t e;
	json_t *row = text != NULL ? json_loads(text, 0, &e) : NULL;
	free(text);
	return row;
}

/* Where a request stands, as the client reads it. first: the answer to its
 * filing (the status it had then), which a retry gets again. */
static json_t *status_view(const json_t *row, bool first)
{
	const struct gx_register_description *d = gx_registryd_get()->description;
	char received[24], decided[24], today[11];
	utc_time(json_integer_value(json_object_get(row, "received_at_us")), received);
	gx_local_today(today);
	const char *status = first ? "open" : json_string_value(json_object_get(row, "status"));
	const char *due = json_string_value(json_object_get(row, "due"));
	json_t *v = json_pack("{s:s, s:I, s:s?, s:s?, s:s?, s:s, s:s?, s:b}", "register", d->name, "id",
			      json_integer_value(json_object_get(row, "id")), "request_id",
			      json_string_value(json_object_get(row, "request_id")), "attribute",
			      json_string_value(json_object_get(row, "attribute")), "status", status, "received_at",
			      received, "due", due, "overdue", !first && gx_correction_overdue(status, due, today));
	const json_t *decision = json_object_get(row, "decision");
	if (v == NULL || first || !json_is_object(decision))
		return v;
	utc_time(json_integer_value(json_object_get(row, "decided_at_us")), decided);
	json_object_set_new(v, "decided_at", json_string(decided));
	const char *keys[] = {"reason", "rerouted_to", "version", "as_of"};
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		json_t *m = json_object_get(decision, keys[i]);
		if (m != NULL)
			json_object_set(v, keys[i], m);
	}
	return v;
}

static enum gx_outcome reply_view(struct gx_req *r, int status, const json_t *row, bool first)
{
	json_t *v = status_view(row, first);
	if (v == NULL)
		return GX_SERVER_FAULT;
	enum gx_outcome o = gx_reply_json(r, status, v);
	json_decref(v);
	return o;
}

/* --- filing ---------------------------------------------------------------------- */

struct filing {
	struct gx_correction_filing f;
	struct gx_registry_correction_new row;
	struct gx_store_evidence files[GX_EVIDENCE_FILES_MAX];
	struct gx_registry_access access;
	char attrs[GX_REGISTER_ATTRIBUTE_MAX + 8];
	char due[11];
	const char *client;
	long long id;
};

static void filing_dispose(void *p)
{
	struct filing *fl = p;
	gx_correction_filing_clear(&fl->f);
}

/* The request, its files and its access-log row, in one transaction. */
static enum gx_db_status write_filing(struct gx_store_conn *w, void *arg)
{
	struct filing *fl = arg;
	enum gx_db_status st = gx_store_registry_correction_insert(w, &fl->row, fl->files, fl->f.nfiles, &fl->id);
	if (st < 0)
		return st;
	return gx_store_registry_access_append(w, &fl->access);
}

/* The answer to a request id already filed: the first answer again, or 422
 * when the body differs. */
static enum gx_outcome replay(struct gx_req *r, json_t *row, const char *hash)
{
	enum gx_outcome o;
	if (strcmp(json_string_value(json_object_get(row, "request_hash")), hash) != 0) {
		o = gx_reply_problem(r, GX_ERR_IDEMPOTENCY_KEY_REUSED, "/request_id",
				     "this request id was filed with another body");
	} else {
		h2o_add_header_by_str(&r->h2o->pool, &r->h2o->res.headers, H2O_STRLIT("idempotency-replayed"), 0, NULL,
				      H2O_STRLIT("true"));
		o = reply_view(r, 201, row, true);
	}
	json_decref(row);
	return o;
}

static void on_filed(struct gx_req *r, void *arg, enum gx_db_status result)
{
	struct filing *fl = arg;
	if (result == GX_DB_CONFLICT) {
		/* The same request id was filed meanwhile (a retry racing the first). */
		char *text = NULL;
		if (gx_store_registry_correction_by_request(gx_req_store(r), fl->client, fl->f.request_id, &text) ==
		    GX_DB_ONE_RESULT) {
			json_t *row = load_row(text);
			if (row != NULL) {
				replay(r, row, fl->f.request_hash);
				return;
			}
		}
		gx_reply_problem(r, GX_ERR_UNAVAILABLE, NULL, "the request could not be stored; try again");
		return;
	}
	if (result < 0) {
		gx_oplog_event(GX_LOG_ERROR, "correction_not_stored", r->id, "a correction request could not be stored");
		gx_reply_problem(r, GX_ERR_UNAVAILABLE, NULL, "the request could not be stored; try again");
		return;
	}
	char *text = NULL;
	json_t *row = gx_store_registry_correction_get(gx_req_store(r), fl->id, NULL, &text) == GX_DB_ONE_RESULT
			      ? load_row(text)
			      : NULL;
	if (row == NULL) {
		gx_reply_problem(r, GX_ERR_INTERNAL, NULL, NULL);
		return;
	}
	gx_oplog_event(GX_LOG_INFO, "correction_filed", r->id, "correction %lld filed", fl->id);
	reply_view(r, 201, row, true);
	json_decref(row);
}

/* The proposed value against what the register holds: the same value is no correction. */
static int holds_already(const char *data_json, const char *attribute, const char *proposed)
{
	json_error_t e;
	json_t *data = json_loads(data_json, 0, &e);
	json_t *v = json_object_get(data, attribute);
	if (v == NULL && json_is_object(data)) {
		/* nested: address → street */
		const char *dot = strchr(attribute, '.');
		json_t *family = dot != NULL ? json_object_getn(data, attribute, (size_t)(dot - attribute)) : NULL;
		v = dot != NULL ? json_object_get(family, dot + 1) : NULL;
	}
	int same = json_is_string(v) && strcmp(json_string_value(v), proposed) == 0;
	json_decref(data);
	return same;
}

enum gx_outcome gx_registryd_correction_file(struct gx_req *r)
{
	const struct gx_registryd *app = gx_registryd_get();
	const struct gx_registry_client *client = gx_registryd_authenticate(r);
	if (client == NULL)
		return GX_CLIENT_FAULT;
	struct filing *fl = h2o_mem_alloc_shared(&r->h2o->pool, sizeof(*fl), filing_dispose);
	memset(fl, 0, sizeof(*fl));
	fl->client = client->name;
	struct gx_correction_fault fault;
	h2o_iovec_t body = r->h2o->entity;
	if (gx_correction_filing_parse(body.base != NULL ? body.base : "", body.base != NULL ? body.len : 0,
				       app->description, &fl->f, &fault) != 0) {
		if (fault.err == GX_ERR_INTERNAL)
			return GX_SERVER_FAULT;
		return gx_reply_problem(r, fault.err, fault.pointer[0] != '\0' ? fault.pointer : NULL, fault.detail);
	}
	struct gx_correction_filing *f = &fl->f;
	if (!gx_registry_client_allows(client, (size_t)(f->attr - app->description->attributes)))
		return gx_reply_problem(r, GX_ERR_FORBIDDEN, "/attribute", "this client may not read this attribute");
	char *text = NULL;
	enum gx_db_status st = gx_store_registry_correction_by_request(gx_req_store(r), client->name, f->request_id, &text);
	if (st < 0)
		return gx_reply_problem(r, GX_ERR_UNAVAILABLE, NULL, "the register cannot be read right now");
	if (st == GX_DB_ONE_RESULT) {
		json_t *row = load_row(text);
		return row != NULL ? replay(r, row, f->request_hash) : GX_SERVER_FAULT;
	}
	struct gx_registry_record rec = {0};
	st = gx_store_registry_get(gx_req_store(r), f->subject_type, f->subject, &rec);
	if (st < 0)
		return gx_reply_problem(r, GX_ERR_UNAVAILABLE, NULL, "the register cannot be read right now");
	if (st == GX_DB_NO_RESULTS)
		return gx_reply_problem(r, GX_ERR_INVALID_FIELD, "/subject/value", "the register holds no record of this subject");
	int same = holds_already(rec.data_json, f->attribute, f->proposed);
	free(rec.data_json);
	if (same)
		return gx_reply_problem(r, GX_ERR_INVALID_FIELD, "/proposed", "the register already holds this value");

	long long now = gx_wall_us();
	gx_correction_due(now, app->description->correction_days, fl->due);
	fl->row = (struct gx_registry_correction_new){
		.client = client->name, .request_id = f->request_id, .request_hash = f->request_hash,
		.subject_type = f->subject_type, .subject = f->subject, .attribute = f->attribute,
		.request_json = f->request_json, .received_at_us = now, .due = fl->due};
	for (size_t i = 0; i < f->nfiles; i++) {
		struct gx_store_evidence *e = &fl->files[i];
		e->seq = (int)i + 1;
		snprintf(e->name, sizeof(e->name), "%s", f->files[i].name);
		snprintf(e->content_type, sizeof(e->content_type), "%s", f->files[i].type);
		e->size = (long long)f->files[i].size;
		memcpy(e->sha256, f->files[i].sha256, sizeof(e->sha256));
		e->data = f->files[i].data;
	}
	snprintf(fl->attrs, sizeof(fl->attrs), "[\"%s\"]", f->attribute);  /* a name of the description: [a-z0-9_.] */
	fl->access = (struct gx_registry_access){
		.at_us = now, .client = client->name, .organisation = f->organisation, .on_behalf_of = f->on_behalf_of,
		.subject_type = f->subject_type, .subject = f->subject, .attributes_json = fl->attrs,
		.procedure = "correction.file", .legal_basis = NULL, .request_id = f->request_id};
	return gx_req_durable(r, write_filing, fl, on_filed);
}

/* --- reading one --------------------------------------------------------------------- */

struct reading {
	json_t *row;
	struct gx_registry_access access;
	char attrs[GX_REGISTER_ATTRIBUTE_MAX + 8];
};

static void reading_dispose(void *p)
{
	json_decref(((struct reading *)p)->row);
}

static enum gx_db_status write_access(struct gx_store_conn *w, void *arg)
{
	return gx_store_registry_access_append(w, &((struct reading *)arg)->access);
}

static void on_read_logged(struct gx_req *r, void *arg, enum gx_db_status result)
{
	struct reading *rd = arg;
	if (result < 0) {
		gx_reply_problem(r, GX_ERR_UNAVAILABLE, NULL, "the access log cannot be written; try again later");
		return;
	}
	if (reply_view(r, 200, rd->row, false) == GX_SERVER_FAULT)
		gx_reply_problem(r, GX_ERR_INTERNAL, NULL, NULL);
}

/* The client's request {id} into a reading in the request's pool; answers
 * 404 itself and returns NULL when there is none. */
static struct reading *read_own(struct gx_req *r, const struct gx_registry_client *client, enum gx_outcome *o)
{
	long long id = gx_req_param_id(r, "id");
	char *text = NULL;
	enum gx_db_status st =
		id > 0 ? gx_store_registry_correction_get(gx_req_store(r), id, client->name, &text) : GX_DB_NO_RESULTS;
	if (st <= 0) {
		*o = st < 0 ? gx_reply_problem(r, GX_ERR_UNAVAILABLE, NULL, "the register cannot be read right now")
			    : gx_reply_problem(r, GX_ERR_NOT_FOUND, NULL, "no such correction request of this client");
		return NULL;
	}
	struct reading *rd = h2o_mem_alloc_shared(&r->h2o->pool, sizeof(*rd), reading_dispose);
	memset(rd, 0, sizeof(*rd));
	rd->row = load_row(text);
	if (rd->row == NULL) {
		*o = GX_SERVER_FAULT;
		return NULL;
	}
	return rd;
}

enum gx_outcome gx_registryd_correction_get(struct gx_req *r)
{
	const struct gx_registry_client *client = gx_registryd_authenticate(r);
	enum gx_outcome o = GX_CLIENT_FAULT;
	if (client == NULL)
		return o;
	struct reading *rd = read_own(r, client, &o);
	if (rd == NULL)
		return o;
	const json_t *row = rd->row;
	const json_t *requester = json_object_get(json_object_get(row, "request"), "requester");
	snprintf(rd->attrs, sizeof(rd->attrs), "[\"%s\"]", json_string_value(json_object_get(row, "attribute")));
	rd->access = (struct gx_registry_access){
		.at_us = gx_wall_us(), .client = client->name,
		.organisation = json_string_value(json_object_get(requester, "organisation")),
		.on_behalf_of = json_string_value(json_object_get(requester, "on_behalf_of")),
		.subject_type = json_string_value(json_object_get(row, "subject_type")),
		.subject = json_string_value(json_object_get(row, "subject")), .attributes_json = rd->attrs,
		.procedure = "correction.read", .request_id = json_string_value(json_object_get(row, "request_id"))};
	return gx_req_durable(r, write_access, rd, on_read_logged);
}

/* --- withdrawing ----------------------------------------------------------------------- */

struct withdrawal {
	struct gx_correction_move m;
};

static void on_withdrawn(struct gx_req *r, void *arg, enum gx_db_status result)
{
	struct withdrawal *wd = arg;
	if (result < 0 && result != GX_DB_CONFLICT) {
		gx_reply_problem(r, GX_ERR_UNAVAILABLE, NULL, "the withdrawal could not be stored; try again");
		return;
	}
	if (wd->m.result == GX_CORRECTION_UNKNOWN) {
		gx_reply_problem(r, GX_ERR_NOT_FOUND, NULL, "no such correction request of this client");
		return;
	}
	if (wd->m.result != GX_CORRECTION_DONE && strcmp(wd->m.status, "withdrawn") != 0) {
		char detail[96];
		snprintf(detail, sizeof(detail), "the request was already decided: %s", wd->m.status);
		gx_reply_problem(r, GX_ERR_CONFLICT, NULL, detail);
		return;
	}
	/* Withdrawn now, or already: the same answer (a retry changes nothing). */
	char *text = NULL;
	json_t *row = gx_store_registry_correction_get(gx_req_store(r), wd->m.id, wd->m.client, &text) == GX_DB_ONE_RESULT
			      ? load_row(text)
			      : NULL;
	if (row == NULL || reply_view(r, 200, row, false) == GX_SERVER_FAULT)
		gx_reply_problem(r, GX_ERR_INTERNAL, NULL, NULL);
	json_decref(row);
}

enum gx_outcome gx_registryd_correction_withdraw(struct gx_req *r)
{
	const struct gx_registry_client *client = gx_registryd_authenticate(r);
	if (client == NULL)
		return GX_CLIENT_FAULT;
	long long id = gx_req_param_id(r, "id");
	if (id <= 0)
		return gx_reply_problem(r, GX_ERR_NOT_FOUND, NULL, "no such correction request of this client");
	struct withdrawal *wd = gx_req_alloc(r, sizeof(*wd));
	*wd = (struct withdrawal){.m = {.d = gx_registryd_get()->description, .action = GX_CORRECTION_WITHDRAW,
					.id = id, .by = client->name, .client = client->name, .at_us = gx_wall_us()}};
	return gx_req_durable(r, gx_correction_move_tx, &wd->m, on_withdrawn);
}

/* --- the feed of decisions ----------------------------------------------------------------- */

struct feed_read {
	json_t *items;                     /* the store's rows */
	json_t *answer;
	struct gx_registry_access *access; /* one per item */
	char (*attrs)[GX_REGISTER_ATTRIBUTE_MAX + 8];
	size_t n;
};

static void feed_dispose(void *p)
{
	struct feed_read *fr = p;
	json_decref(fr->items);
	json_decref(fr->answer);
}

static enum gx_db_status write_feed_access(struct gx_store_conn *w, void *arg)
{
	struct feed_read *fr = arg;
	for (size_t i = 0; i < fr->n; i++) {
		enum gx_db_status st = gx_store_registry_access_append(w, &fr->access[i]);
		if (st < 0)
			return st;
	}
	return GX_DB_ONE_RESULT;
}

static void on_feed_logged(struct gx_req *r, void *arg, enum gx_db_status result)
{
	struct feed_read *fr = arg;
	if (result < 0) {
		gx_reply_problem(r, GX_ERR_UNAVAILABLE, NULL, "the access log cannot be written; try again later");
		return;
	}
	gx_reply_json(r, 200, fr->answer);
}

static long query_number(struct gx_req *r, const char *name, long long dflt, long long min, long long max,
			 long long *out)
{
	size_t qlen;
	const char *q = gx_query_of(r->h2o->path.base, r->h2o->path.len, &qlen);
	char buf[24];
	long n = gx_query_get(q, qlen, name, buf, sizeof(buf));
	if (n == -1) {
		*out = dflt;
		return 0;
	}
	char *end;
	long long v = n > 0 ? strtoll(buf, &end, 10) : -1;
	if (n <= 0 || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

enum gx_outcome gx_registryd_correction_decisions(struct gx_req *r)
{
	const struct gx_registry_client *client = gx_registryd_authenticate(r);
	if (client == NULL)
		return GX_CLIENT_FAULT;
	long long after, limit;
	if (query_number(r, "after", 0, 0, (1LL << 53), &after) != 0)
		return gx_reply_problem(r, GX_ERR_BAD_PARAMETER, "after", "a number from 0");
	if (query_number(r, "limit", 50, 1, FEED_LIMIT_MAX, &limit) != 0)
		return gx_reply_problem(r, GX_ERR_BAD_PARAMETER, "limit", "a number from 1 to 100");
	char *text = NULL;
	long long last = after;
	if (gx_store_registry_correction_feed(gx_req_store(r), client->name, after, (size_t)limit, &text, &last) < 0)
		return gx_reply_problem(r, GX_ERR_UNAVAILABLE, NULL, "the register cannot be read right now");
	struct feed_read *fr = h2o_mem_alloc_shared(&r->h2o->pool, sizeof(*fr), feed_dispose);
	memset(fr, 0, sizeof(*fr));
	fr->items = load_row(text);
	json_t *decisions = json_array();
	fr->answer = json_pack("{s:s, s:o, s:I}", "register", gx_registryd_get()->description->name, "decisions",
			       decisions, "last", (json_int_t)last);
	if (!json_is_array(fr->items) || fr->answer == NULL)
		return GX_SERVER_FAULT;
	fr->n = json_array_size(fr->items);
	fr->access = gx_req_alloc(r, (fr->n > 0 ? fr->n : 1) * sizeof(*fr->access));
	fr->attrs = gx_req_alloc(r, (fr->n > 0 ? fr->n : 1) * sizeof(*fr->attrs));
	long long now = gx_wall_us();
	size_t i;
	json_t *it;
	json_array_foreach(fr->items, i, it) {
		char at[24];
		utc_time(json_integer_value(json_object_get(it, "at_us")), at);
		json_t *d = json_pack("{s:O, s:O, s:O, s:O, s:s}", "seq", json_object_get(it, "seq"), "id",
				      json_object_get(it, "id"), "request_id", json_object_get(it, "request_id"), "status",
				      json_object_get(it, "kind"), "at", at);
		if (d == NULL)
			return GX_SERVER_FAULT;
		json_object_update(d, json_object_get(it, "data"));
		json_array_append_new(decisions, d);
		snprintf(fr->attrs[i], sizeof(fr->attrs[i]), "[\"%s\"]",
			 json_string_value(json_object_get(it, "attribute")));
		fr->access[i] = (struct gx_registry_access){
			.at_us = now, .client = client->name, .organisation = client->name,
			.subject_type = json_string_value(json_object_get(it, "subject_type")),
			.subject = json_string_value(json_object_get(it, "subject")), .attributes_json = fr->attrs[i],
			.procedure = "correction.decision", .request_id = json_string_value(json_object_get(it, "request_id"))};
	}
	if (fr->n == 0)
		return gx_reply_json(r, 200, fr->answer);
	return gx_req_durable(r, write_feed_access, fr, on_feed_logged);
}
