/** A register's correction queue (schema REGISTRY; store/corrections.h):
 *  requests, their files, and each client's feed of decisions. */

#include "store/corrections_int.h"
#include "store/pg/pg_int.h"

#include <stdlib.h>
#include <string.h>

static const char insert_sql[] =
	"INSERT INTO corrections (client, request_id, request_hash, subject_type, subject, attribute, request, status,"
	" received_at_us, due) VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8, $9)"
	" ON CONFLICT (client, request_id) DO NOTHING RETURNING id";
static const char evidence_insert_sql[] =
	"INSERT INTO correction_evidence (correction_id, seq, name, content_type, size, sha256, data)"
	" VALUES ($1, $2, $3, $4, $5, $6, $7)";
#define ROW_COLUMNS                                                                                              \
	"id, client, request_id, request_hash, subject_type, subject, attribute, status, received_at_us, due,"    \
	" decided_at_us, request, decision"
static const struct gx_pg_json_member row_members[] = {
	{"id", GX_PG_JSON_NUMBER},           {"client", GX_PG_JSON_STRING},
	{"request_id", GX_PG_JSON_STRING},   {"request_hash", GX_PG_JSON_STRING},
	{"subject_type", GX_PG_JSON_STRING}, {"subject", GX_PG_JSON_STRING},
	{"attribute", GX_PG_JSON_STRING},    {"status", GX_PG_JSON_STRING},
	{"received_at_us", GX_PG_JSON_NUMBER}, {"due", GX_PG_JSON_STRING},
	{"decided_at_us", GX_PG_JSON_NUMBER}, {"request", GX_PG_JSON_RAW},
	{"decision", GX_PG_JSON_RAW},
};
static const char get_sql[] =
	"SELECT " ROW_COLUMNS " FROM corrections WHERE id = $1 AND ($2::text IS NULL OR client = $2)";
static const char by_request_sql[] = "SELECT " ROW_COLUMNS " FROM corrections WHERE client = $1 AND request_id = $2";
#define LIST(where)                                                                                               \
	"SELECT id, client, subject_type, subject, attribute, status, received_at_us, due, decided_at_us"          \
	" FROM corrections WHERE " where " ORDER BY received_at_us, id LIMIT $1"
static const struct gx_pg_json_member list_members[] = {
	{"id", GX_PG_JSON_NUMBER},        {"client", GX_PG_JSON_STRING},         {"subject_type", GX_PG_JSON_STRING},
	{"subject", GX_PG_JSON_STRING},   {"attribute", GX_PG_JSON_STRING},      {"status", GX_PG_JSON_STRING},
	{"received_at_us", GX_PG_JSON_NUMBER}, {"due", GX_PG_JSON_STRING},     {"decided_at_us", GX_PG_JSON_NUMBER},
};
static const char list_open_sql[] = LIST("status IN ('open', 'in_review')");
static const char list_decided_sql[] = LIST("status NOT IN ('open', 'in_review')");
static const char list_all_sql[] = LIST("true");
static const char set_status_sql[] =
	"UPDATE corrections SET status = $2, decision = CASE WHEN $2 = 'in_review' THEN decision ELSE $3 END,"
	" decided_at_us = CASE WHEN $2 = 'in_review' THEN decided_at_us ELSE $4::bigint END"
	" WHERE id = $1 AND (status = 'open' OR (status = 'in_review' AND $2 <> 'in_review'))";
/* The client's next number and its event, in one statement; the counter
 * row stays locked until COMMIT: numbers commit in order. */
static const char feed_append_sql[] =
	"WITH c AS (INSERT INTO correction_feed_counters (client, last) VALUES ($1, 1)"
	" ON CONFLICT (client) DO UPDATE SET last = correction_feed_counters.last + 1 RETURNING last)"
	" INSERT INTO correction_feed (client, seq, correction_id, at_us, kind, data)"
	" SELECT $1, c.last, $2, $3, $4, $5 FROM c RETURNING seq";
static const char feed_sql[] =
	"SELECT f.seq, f.at_us, f.kind, f.data, c.id, c.request_id, c.subject_type, c.subject, c.attribute"
	" FROM correction_feed f JOIN corrections c ON c.id = f.correction_id"
	" WHERE f.client = $1 AND f.seq > $2 ORDER BY f.seq LIMIT $3";
static const struct gx_pg_json_member feed_members[] = {
	{"seq", GX_PG_JSON_NUMBER},        {"at_us", GX_PG_JSON_NUMBER},        {"kind", GX_PG_JSON_STRING},
	{"data", GX_PG_JSON_RAW},          {"id", GX_PG_JSON_NUMBER},           {"request_id", GX_PG_JSON_STRING},
	{"subject_type", GX_PG_JSON_STRING}, {"subject", GX_PG_JSON_STRING},    {"attribute", GX_PG_JSON_STRING},
};
static const char evidence_get_sql[] =
	"SELECT name, content_type, size, sha256, data FROM correction_evidence WHERE correction_id = $1 AND seq = $2";

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

static enum gx_db_status insert(struct gx_store_conn *conn, const struct gx_registry_correction_new *c,
				const struct gx_store_evidence *files, size_t n, long long *id)
{
	struct gx_pg_conn *pc = gx_pg_conn(conn);
	struct gx_pg_params p = {0};
	PGresult *r;
	gx_pg_param_text(&p, c->client);
	gx_pg_param_text(&p, c->request_id);
	gx_pg_param_text(&p, c->request_hash);
	gx_pg_param_text(&p, c->subject_type);
	gx_pg_param_text(&p, c->subject);
	gx_pg_param_text(&p, c->attribute);
	gx_pg_param_text(&p, c->request_json);
	gx_pg_param_int(&p, c->received_at_us);
	gx_pg_param_text(&p, c->due);
	enum gx_db_status s = gx_pg_run(pc, GX_PG_RC_INSERT, insert_sql, GX_PG_WRITE, &p, 0, &r);
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
		if ((s = gx_pg_run(pc, GX_PG_RC_EVIDENCE_INSERT, evidence_insert_sql, GX_PG_WRITE, &e, 0, NULL)) < 0)
			return s;
	}
	if (id != NULL)
		*id = cid;
	return GX_DB_ONE_RESULT;
}

/* One row of r as a JSON object into *out. */
static enum gx_db_status row_json(enum gx_db_status s, PGresult *r, char **out)
{
	if (s == GX_DB_ONE_RESULT && (*out = gx_pg_json_row(r, 0, row_members, COUNT(row_members))) == NULL)
		s = GX_DB_HARD_ERROR;
	PQclear(r);
	return s;
}

static enum gx_db_status get(struct gx_store_conn *conn, long long id, const char *client, char **out)
{
	struct gx_pg_params p = {0};
	PGresult *r = NULL;
	gx_pg_param_int(&p, id);
	gx_pg_param_text(&p, client);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_RC_GET, get_sql, GX_PG_READ, &p, 0, &r);
	return row_json(s, s >= 0 ? r : NULL, out);
}

static enum gx_db_status by_request(struct gx_store_conn *conn, const char *client, const char *request_id, char **out)
{
	struct gx_pg_params p = {0};
	PGresult *r = NULL;
	gx_pg_param_text(&p, client);
	gx_pg_param_text(&p, request_id);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_RC_BY_REQUEST, by_request_sql, GX_PG_READ, &p, 0, &r);
	return row_json(s, s >= 0 ? r : NULL, out);
}

static enum gx_db_status list(struct gx_store_conn *conn, const char *which, size_t limit, char **out)
{
	struct gx_pg_params p = {0};
	PGresult *r;
	gx_pg_param_int(&p, (long long)limit);
	enum gx_pg_stmt_id id = strcmp(which, "open") == 0	  ? GX_PG_RC_LIST_OPEN
				: strcmp(which, "decided") == 0 ? GX_PG_RC_LIST_DECIDED
								: GX_PG_RC_LIST_ALL;
	const char *sql = id == GX_PG_RC_LIST_OPEN ? list_open_sql : id == GX_PG_RC_LIST_DECIDED ? list_decided_sql
												   : list_all_sql;
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), id, sql, GX_PG_READ, &p, 0, &r);
	if (s < 0)
		return s;
	*out = gx_pg_json_rows(r, list_members, COUNT(list_members));
	PQclear(r);
	return *out != NULL ? GX_DB_ONE_RESULT : GX_DB_HARD_ERROR;
}

static enum gx_db_status set_status(struct gx_store_conn *conn, long long id, const char *status,
				    const char *decision_json, long long at_us)
{
	struct gx_pg_params p = {0};
	gx_pg_param_int(&p, id);
	gx_pg_param_text(&p, status);
	gx_pg_param_text(&p, decision_json);
	gx_pg_param_int(&p, at_us);
	return gx_pg_run(gx_pg_conn(conn), GX_PG_RC_SET_STATUS, set_status_sql, GX_PG_WRITE, &p, 0, NULL);
}

static enum gx_db_status feed_append(struct gx_store_conn *conn, const char *client, long long id, long long at_us,
				     const char *kind, const char *data_json, long long *seq)
{
	struct gx_pg_params p = {0};
	PGresult *r;
	gx_pg_param_text(&p, client);
	gx_pg_param_int(&p, id);
	gx_pg_param_int(&p, at_us);
	gx_pg_param_text(&p, kind);
	gx_pg_param_text(&p, data_json);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_RC_FEED_APPEND, feed_append_sql, GX_PG_WRITE, &p, 0, &r);
	if (s < 0)
		return s;
	if (s == GX_DB_ONE_RESULT && seq != NULL)
		*seq = gx_pg_int(r, 0, 0);
	PQclear(r);
	return s == GX_DB_ONE_RESULT ? s : GX_DB_HARD_ERROR;
}

static enum gx_db_status feed(struct gx_store_conn *conn, const char *client, long long after, size_t limit,
			      char **out, long long *last)
{
	struct gx_pg_params p = {0};
	PGresult *r;
	gx_pg_param_text(&p, client);
	gx_pg_param_int(&p, after);
	gx_pg_param_int(&p, (long long)limit);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_RC_FEED, feed_sql, GX_PG_READ, &p, 0, &r);
	if (s < 0)
		return s;
	*last = after;
	for (int i = 0; i < PQntuples(r); i++)
		if (gx_pg_int(r, i, 0) > *last)
			*last = gx_pg_int(r, i, 0);
	*out = gx_pg_json_rows(r, feed_members, COUNT(feed_members));
	PQclear(r);
	return *out != NULL ? GX_DB_ONE_RESULT : GX_DB_HARD_ERROR;
}

static enum gx_db_status evidence_get(struct gx_store_conn *conn, long long id, int seq,
				      struct gx_store_evidence *out)
{
	struct gx_pg_params p = {0};
	PGresult *r;
	gx_pg_param_int(&p, id);
	gx_pg_param_int(&p, seq);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_RC_EVIDENCE_GET, evidence_get_sql, GX_PG_READ, &p, 1, &r);
	if (s != GX_DB_ONE_RESULT) {
		if (s >= 0)
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

const struct gx_store_registry_correction_ops gx_pg_registry_correction_ops = {
	.registry_insert = insert,
	.registry_get = get,
	.registry_by_request = by_request,
	.registry_list = list,
	.registry_set_status = set_status,
	.registry_feed_append = feed_append,
	.registry_feed = feed,
	.registry_evidence_get = evidence_get,
};
