/** A person's correction requests (schema PLATFORM; store/corrections.h):
 *  the requests, their files and timelines, what the registers are still
 *  to be told, and where the platform is in each register's feed. */

#include "store/corrections_int.h"
#include "store/pg/pg_int.h"

#include <stdlib.h>
#include <string.h>

static const char insert_sql[] =
	"INSERT INTO corrections (person_id, client_key, request_hash, request_id, reference, register, attribute,"
	" current_value, current_version, proposed, explanation, receipt, signature, status, outbox, created_at_us,"
	" updated_at_us) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'pending', 'file', $14, $14)"
	" ON CONFLICT (person_id, client_key) DO NOTHING RETURNING id";
static const char evidence_insert_sql[] =
	"INSERT INTO correction_evidence (correction_id, seq, name, content_type, size, sha256, data)"
	" VALUES ($1, $2, $3, $4, $5, $6, $7)";
static const char first_event_sql[] =
	"INSERT INTO correction_events (correction_id, seq, at_us, kind, detail, notify) VALUES ($1, 1, $2, 'filed', NULL, 0)";
#define ROW_COLUMNS                                                                                              \
	"id, person_id, client_key, request_hash, request_id, reference, register, attribute, current_value,"     \
	" current_version, proposed, explanation, receipt, signature, status, register_id, due, decision, outbox,"  \
	" attempts, next_attempt_at_us, created_at_us, updated_at_us"
static const struct gx_pg_json_member row_members[] = {
	{"id", GX_PG_JSON_NUMBER},          {"person_id", GX_PG_JSON_NUMBER},
	{"client_key", GX_PG_JSON_STRING},  {"request_hash", GX_PG_JSON_STRING},
	{"request_id", GX_PG_JSON_STRING},  {"reference", GX_PG_JSON_STRING},
	{"register", GX_PG_JSON_STRING},    {"attribute", GX_PG_JSON_STRING},
	{"current_value", GX_PG_JSON_STRING}, {"current_version", GX_PG_JSON_NUMBER},
	{"proposed", GX_PG_JSON_STRING},    {"explanation", GX_PG_JSON_STRING},
	{"receipt", GX_PG_JSON_RAW},        {"signature", GX_PG_JSON_STRING},
	{"status", GX_PG_JSON_STRING},      {"register_id", GX_PG_JSON_NUMBER},
	{"due", GX_PG_JSON_STRING},         {"decision", GX_PG_JSON_RAW},
	{"outbox", GX_PG_JSON_STRING},      {"attempts", GX_PG_JSON_NUMBER},
	{"next_attempt_at_us", GX_PG_JSON_NUMBER}, {"created_at_us", GX_PG_JSON_NUMBER},
	{"updated_at_us", GX_PG_JSON_NUMBER},
};
static const char get_sql[] = "SELECT " ROW_COLUMNS " FROM corrections WHERE id = $2 AND ($1 = 0 OR person_id = $1)";
static const char by_key_sql[] = "SELECT " ROW_COLUMNS " FROM corrections WHERE person_id = $1 AND client_key = $2";
static const char by_request_sql[] = "SELECT " ROW_COLUMNS " FROM corrections WHERE request_id = $1";
static const char of_sql[] =
	"SELECT id, reference, register, attribute, status, due, decision, created_at_us, updated_at_us FROM corrections"
	" WHERE person_id = $1 ORDER BY created_at_us DESC, id DESC LIMIT $2";
static const struct gx_pg_json_member of_members[] = {
	{"id", GX_PG_JSON_NUMBER},        {"reference", GX_PG_JSON_STRING}, {"register", GX_PG_JSON_STRING},
	{"attribute", GX_PG_JSON_STRING}, {"status", GX_PG_JSON_STRING},    {"due", GX_PG_JSON_STRING},
	{"decision", GX_PG_JSON_RAW},     {"created_at_us", GX_PG_JSON_NUMBER}, {"updated_at_us", GX_PG_JSON_NUMBER},
};
static const char outbox_sql[] =
	"SELECT id, outbox, attempts FROM corrections WHERE outbox <> 'none' AND next_attempt_at_us <= $1"
	" ORDER BY next_attempt_at_us, id LIMIT $2";
static const struct gx_pg_json_member outbox_members[] = {
	{"id", GX_PG_JSON_NUMBER}, {"outbox", GX_PG_JSON_STRING}, {"attempts", GX_PG_JSON_NUMBER}};
static const char events_sql[] =
	"SELECT seq, at_us, kind, detail FROM correction_events WHERE correction_id = $1 ORDER BY seq";
static const struct gx_pg_json_member event_members[] = {
	{"seq", GX_PG_JSON_NUMBER}, {"at_us", GX_PG_JSON_NUMBER}, {"kind", GX_PG_JSON_STRING}, {"detail", GX_PG_JSON_RAW}};
static const char event_append_sql[] =
	"INSERT INTO correction_events (correction_id, seq, at_us, kind, detail, notify) VALUES ($1,"
	" (SELECT coalesce(max(seq), 0) + 1 FROM correction_events WHERE correction_id = $1), $2, $3, $4, $5)"
	" RETURNING seq";
static const char evidence_list_sql[] =
	"SELECT seq, name, content_type, size, sha256 FROM correction_evidence WHERE correction_id = $1 ORDER BY seq";
static const struct gx_pg_json_member evidence_members[] = {
	{"seq", GX_PG_JSON_NUMBER},  {"name", GX_PG_JSON_STRING},   {"content_type", GX_PG_JSON_STRING},
	{"size", GX_PG_JSON_NUMBER}, {"sha256", GX_PG_JSON_STRING},
};
static const char evidence_get_sql[] =
	"SELECT name, content_type, size, sha256, data FROM correction_evidence WHERE correction_id = $1 AND seq = $2";
static const char claim_sql[] =
	"UPDATE corrections SET attempts = attempts + 1, next_attempt_at_us = $2"
	" WHERE id = $1 AND outbox <> 'none' AND next_attempt_at_us <= $3";
static const char sent_sql[] =
	"UPDATE corrections SET register_id = $2, due = $3,"
	" status = CASE status WHEN 'pending' THEN 'open' ELSE status END,"
	" outbox = CASE WHEN status = 'withdrawn' THEN 'withdraw' WHEN outbox = 'file' THEN 'none' ELSE outbox END,"
	" next_attempt_at_us = 0, updated_at_us = $4 WHERE id = $1";
static const char withdraw_sql[] =
	"UPDATE corrections SET status = 'withdrawn', outbox = CASE WHEN attempts = 0 THEN 'none' ELSE 'withdraw' END,"
	" next_attempt_at_us = 0, updated_at_us = $3"
	" WHERE id = $1 AND person_id = $2 AND status IN ('pending', 'open', 'in_review')";
static const char withdraw_sent_sql[] =
	"UPDATE corrections SET outbox = 'none', next_attempt_at_us = 0, updated_at_us = $2"
	" WHERE id = $1 AND outbox = 'withdraw'";
static const char decided_sql[] =
	"UPDATE corrections SET status = $2, decision = coalesce($3, decision),"
	" outbox = CASE WHEN $2 = 'in_review' THEN outbox ELSE 'none' END, updated_at_us = $4"
	" WHERE id = $1 AND status NOT IN ('accepted', 'rejected', 'rerouted')"
	" AND ($2 <> 'in_review' OR status IN ('pending', 'open'))";
static const char feed_get_sql[] = "SELECT last FROM correction_feeds WHERE register = $1";
static const char feed_set_sql[] =
	"INSERT INTO correction_feeds (register, last) VALUES ($1, $2)"
	" ON CONFLICT (register) DO UPDATE SET last = greatest(correction_feeds.last, EXCLUDED.last)";

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

static enum gx_db_status insert(struct gx_store_conn *conn, const struct gx_correction_new *c,
				const struct gx_store_evidence *files, size_t n, long long *id)
{
	struct gx_pg_conn *pc = gx_pg_conn(conn);
	struct gx_pg_params p = {0};
	PGresult *r;
	gx_pg_param_int(&p, c->person_id);
	gx_pg_param_text(&p, c->client_key);
	gx_pg_param_text(&p, c->request_hash);
	gx_pg_param_text(&p, c->request_id);
	gx_pg_param_text(&p, c->reference);
	gx_pg_param_text(&p, c->register_name);
	gx_pg_param_text(&p, c->attribute);
	gx_pg_param_text(&p, c->current_value);
	gx_pg_param_int(&p, c->current_version);
	gx_pg_param_text(&p, c->proposed);
	gx_pg_param_text(&p, c->explanation);
	gx_pg_param_text(&p, c->receipt_json);
	gx_pg_param_text(&p, c->signature);
	gx_pg_param_int(&p, c->at_us);
	enum gx_db_status s = gx_pg_run(pc, GX_PG_PC_INSERT, insert_sql, GX_PG_WRITE, &p, 0, &r);
	if (s < 0)
		return s;
	if (s == GX_DB_NO_RESULTS) {
		PQclear(r);
		return GX_DB_CONFLICT;
	}
	long long cid = gx_pg_int(r, 0, 0);
	PQclear(r);
	for (size_t i = 0; i < n; i++) {
		struct gx_pg_params e = {0};
		gx_pg_param_int(&e, cid);
		gx_pg_param_int(&e, files[i].seq);
		gx_pg_param_text(&e, files[i].name);
		gx_pg_param_text(&e, files[i].content_type);
		gx_pg_param_int(&e, files[i].size);
		gx_pg_param_text(&e, files[i].sha256);
		gx_pg_param_bytes(&e, files[i].data != NULL ? files[i].data : "", (size_t)files[i].size);
		if ((s = gx_pg_run(pc, GX_PG_PC_EVIDENCE_INSERT, evidence_insert_sql, GX_PG_WRITE, &e, 0, NULL)) < 0)
			return s;
	}
	struct gx_pg_params ev = {0};
	gx_pg_param_int(&ev, cid);
	gx_pg_param_int(&ev, c->at_us);
	if ((s = gx_pg_run(pc, GX_PG_PC_FIRST_EVENT, first_event_sql, GX_PG_WRITE, &ev, 0, NULL)) < 0)
		return s;
	if (id != NULL)
		*id = cid;
	return GX_DB_ONE_RESULT;
}

static enum gx_db_status row_json(enum gx_db_status s, PGresult *r, char **out)
{
	if (s == GX_DB_ONE_RESULT && (*out = gx_pg_json_row(r, 0, row_members, COUNT(row_members))) == NULL)
		s = GX_DB_HARD_ERROR;
	PQclear(r);
	return s;
}

static enum gx_db_status rows_json(enum gx_db_status s, PGresult *r, const struct gx_pg_json_member *m, int n,
				   char **out)
{
	if (s >= 0 && (*out = gx_pg_json_rows(r, m, n)) == NULL)
		s = GX_DB_HARD_ERROR;
	PQclear(r);
	return s < 0 ? s : GX_DB_ONE_RESULT;
}

static enum gx_db_status get(struct gx_store_conn *conn, long long person_id, long long id, char **out)
{
	struct gx_pg_params p = {0};
	PGresult *r = NULL;
	gx_pg_param_int(&p, person_id);
	gx_pg_param_int(&p, id);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_PC_GET, get_sql, GX_PG_READ, &p, 0, &r);
	return row_json(s, r, out);
}

static enum gx_db_status by_key(struct gx_store_conn *conn, long long person_id, const char *client_key, char **out)
{
	struct gx_pg_params p = {0};
	PGresult *r = NULL;
	gx_pg_param_int(&p, person_id);
	gx_pg_param_text(&p, client_key);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_PC_BY_KEY, by_key_sql, GX_PG_READ, &p, 0, &r);
	return row_json(s, r, out);
}

static enum gx_db_status by_request(struct gx_store_conn *conn, const char *request_id, char **out)
{
	struct gx_pg_params p = {0};
	PGresult *r = NULL;
	gx_pg_param_text(&p, request_id);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_PC_BY_REQUEST, by_request_sql, GX_PG_READ, &p, 0, &r);
	return row_json(s, r, out);
}

static enum gx_db_status of(struct gx_store_conn *conn, long long person_id, size_t limit, char **out)
{
	struct gx_pg_params p = {0};
	PGresult *r = NULL;
	gx_pg_param_int(&p, person_id);
	gx_pg_param_int(&p, (long long)limit);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_PC_OF, of_sql, GX_PG_READ, &p, 0, &r);
	return rows_json(s, r, of_members,
			 COUNT(of_members), out);
}

static enum gx_db_status outbox(struct gx_store_conn *conn, long long now_us, size_t limit, char **out)
{
	struct gx_pg_params p = {0};
	PGresult *r = NULL;
	gx_pg_param_int(&p, now_us);
	gx_pg_param_int(&p, (long long)limit);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_PC_OUTBOX, outbox_sql, GX_PG_READ, &p, 0, &r);
	return rows_json(s, r, outbox_members, COUNT(outbox_members), out);
}

static enum gx_db_status events(struct gx_store_conn *conn, long long id, char **out)
{
	struct gx_pg_params p = {0};
	PGresult *r = NULL;
	gx_pg_param_int(&p, id);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_PC_EVENTS, events_sql, GX_PG_READ, &p, 0, &r);
	return rows_json(s, r, event_members, COUNT(event_members), out);
}

static enum gx_db_status event_append(struct gx_store_conn *conn, long long id, long long at_us, const char *kind,
				      const char *detail_json, bool notify, int *seq)
{
	struct gx_pg_params p = {0};
	PGresult *r = NULL;
	gx_pg_param_int(&p, id);
	gx_pg_param_int(&p, at_us);
	gx_pg_param_text(&p, kind);
	gx_pg_param_text(&p, detail_json);
	gx_pg_param_int(&p, notify ? 1 : 0);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_PC_EVENT_APPEND, event_append_sql, GX_PG_WRITE, &p, 0, &r);
	if (s == GX_DB_ONE_RESULT && seq != NULL)
		*seq = (int)gx_pg_int(r, 0, 0);
	PQclear(r);
	return s < 0 ? s : GX_DB_ONE_RESULT;
}

static enum gx_db_status evidence_list(struct gx_store_conn *conn, long long id, char **out)
{
	struct gx_pg_params p = {0};
	PGresult *r = NULL;
	gx_pg_param_int(&p, id);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_PC_EVIDENCE_LIST, evidence_list_sql, GX_PG_READ, &p, 0, &r);
	return rows_json(s, r, evidence_members, COUNT(evidence_members), out);
}

static enum gx_db_status evidence_get(struct gx_store_conn *conn, long long id, int seq, struct gx_store_evidence *out)
{
	struct gx_pg_params p = {0};
	PGresult *r = NULL;
	gx_pg_param_int(&p, id);
	gx_pg_param_int(&p, seq);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_PC_EVIDENCE_GET, evidence_get_sql, GX_PG_READ, &p, 1, &r);
	if (s != GX_DB_ONE_RESULT) {
		PQclear(r);
		return s;
	}
	out->seq = seq;
	gx_pg_copy_text(r, 0, 0, out->name, sizeof(out->name));
	gx_pg_copy_text(r, 0, 1, out->content_type, sizeof(out->content_type));
	gx_pg_copy_text(r, 0, 3, out->sha256, sizeof(out->sha256));
	int n = PQgetlength(r, 0, 4);
	out->data = malloc(n > 0 ? (size_t)n : 1);
	if (out->data == NULL) {
		PQclear(r);
		return GX_DB_HARD_ERROR;
	}
	if (n > 0)
		memcpy(out->data, PQgetvalue(r, 0, 4), (size_t)n);
	out->size = n;
	PQclear(r);
	return GX_DB_ONE_RESULT;
}

static enum gx_db_status change(struct gx_store_conn *conn, const struct gx_correction_change *ch)
{
	struct gx_pg_params p = {0};
	gx_pg_param_int(&p, ch->id);
	enum gx_pg_stmt_id id;
	const char *sql;
	switch (ch->kind) {
	case GX_CC_CLAIM:
		id = GX_PG_PC_CLAIM, sql = claim_sql;
		gx_pg_param_int(&p, ch->next_at_us);
		gx_pg_param_int(&p, ch->at_us);
		break;
	case GX_CC_SENT:
		id = GX_PG_PC_SENT, sql = sent_sql;
		gx_pg_param_int(&p, ch->register_id);
		gx_pg_param_text(&p, ch->due);
		gx_pg_param_int(&p, ch->at_us);
		break;
	case GX_CC_WITHDRAW:
		id = GX_PG_PC_WITHDRAW, sql = withdraw_sql;
		gx_pg_param_int(&p, ch->person_id);
		gx_pg_param_int(&p, ch->at_us);
		break;
	case GX_CC_WITHDRAW_SENT:
		id = GX_PG_PC_WITHDRAW_SENT, sql = withdraw_sent_sql;
		gx_pg_param_int(&p, ch->at_us);
		break;
	case GX_CC_DECIDED:
		id = GX_PG_PC_DECIDED, sql = decided_sql;
		gx_pg_param_text(&p, ch->status);
		gx_pg_param_text(&p, ch->decision_json);
		gx_pg_param_int(&p, ch->at_us);
		break;
	default:
		return GX_DB_HARD_ERROR;
	}
	return gx_pg_run(gx_pg_conn(conn), id, sql, GX_PG_WRITE, &p, 0, NULL);
}

static enum gx_db_status feed_get(struct gx_store_conn *conn, const char *register_name, long long *last)
{
	struct gx_pg_params p = {0};
	PGresult *r = NULL;
	gx_pg_param_text(&p, register_name);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_PC_FEED_GET, feed_get_sql, GX_PG_READ, &p, 0, &r);
	if (s == GX_DB_ONE_RESULT)
		*last = gx_pg_int(r, 0, 0);
	PQclear(r);
	return s;
}

static enum gx_db_status feed_set(struct gx_store_conn *conn, const char *register_name, long long last)
{
	struct gx_pg_params p = {0};
	gx_pg_param_text(&p, register_name);
	gx_pg_param_int(&p, last);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_PC_FEED_SET, feed_set_sql, GX_PG_WRITE, &p, 0, NULL);
	return s < 0 ? s : GX_DB_ONE_RESULT;
}

const struct gx_store_correction_ops gx_pg_correction_ops = {
	.insert = insert,
	.get = get,
	.by_key = by_key,
	.by_request = by_request,
	.of = of,
	.outbox = outbox,
	.events = events,
	.event_append = event_append,
	.evidence_list = evidence_list,
	.evidence_get = evidence_get,
	.change = change,
	.feed_get = feed_get,
	.feed_set = feed_set,
};
