/** A register's correction queue (schema REGISTRY; store/corrections.h):
 *  requests, their files, and each client's feed of decisions. */

#include "store/corrections_int.h"
#include "store/sqlite/sqlite_int.h"

#include <stdlib.h>
#include <string.h>

static const char insert_sql[] =
	"INSERT INTO corrections (client, request_id, request_hash, subject_type, subject, attribute, request, status,"
	" received_at_us, due) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'open', ?8, ?9)"
	" ON CONFLICT (client, request_id) DO NOTHING";
static const char evidence_insert_sql[] =
	"INSERT INTO correction_evidence (correction_id, seq, name, content_type, size, sha256, data)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
#define ROW_JSON                                                                                                  \
	"json_object('id', id, 'client', client, 'request_id', request_id, 'request_hash', request_hash,"         \
	" 'subject_type', subject_type, 'subject', subject, 'attribute', attribute, 'status', status,"            \
	" 'received_at_us', received_at_us, 'due', due, 'decided_at_us', decided_at_us, 'request', json(request),"  \
	" 'decision', json(decision))"
static const char get_sql[] = "SELECT " ROW_JSON " FROM corrections WHERE id = ?1 AND (?2 IS NULL OR client = ?2)";
static const char by_request_sql[] = "SELECT " ROW_JSON " FROM corrections WHERE client = ?1 AND request_id = ?2";
#define LIST(where)                                                                                               \
	"SELECT coalesce(json_group_array(json_object('id', id, 'client', client, 'subject_type', subject_type,"   \
	" 'subject', subject, 'attribute', attribute, 'status', status, 'received_at_us', received_at_us, 'due', due," \
	" 'decided_at_us', decided_at_us)), '[]') FROM (SELECT * FROM corrections WHERE " where                     \
	" ORDER BY received_at_us, id LIMIT ?1)"
static const char list_open_sql[] = LIST("status IN ('open', 'in_review')");
static const char list_decided_sql[] = LIST("status NOT IN ('open', 'in_review')");
static const char list_all_sql[] = LIST("1");
static const char set_status_sql[] =
	"UPDATE corrections SET status = ?2, decision = CASE WHEN ?2 = 'in_review' THEN decision ELSE ?3 END,"
	" decided_at_us = CASE WHEN ?2 = 'in_review' THEN decided_at_us ELSE ?4 END"
	" WHERE id = ?1 AND (status = 'open' OR (status = 'in_review' AND ?2 <> 'in_review'))";
static const char feed_counter_sql[] =
	"INSERT INTO correction_feed_counters (client, last) VALUES (?1, 1)"
	" ON CONFLICT (client) DO UPDATE SET last = last + 1 RETURNING last";
static const char feed_insert_sql[] =
	"INSERT INTO correction_feed (client, seq, correction_id, at_us, kind, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char feed_sql[] =
	"SELECT coalesce(json_group_array(json_object('seq', seq, 'at_us', at_us, 'kind', kind, 'data', json(data),"
	" 'id', id, 'request_id', request_id, 'subject_type', subject_type, 'subject', subject, 'attribute',"
	" attribute)), '[]'), coalesce(max(seq), ?2) FROM (SELECT f.seq, f.at_us, f.kind, f.data, c.id, c.request_id,"
	" c.subject_type, c.subject, c.attribute FROM correction_feed f JOIN corrections c ON c.id = f.correction_id"
	" WHERE f.client = ?1 AND f.seq > ?2 ORDER BY f.seq LIMIT ?3)";
static const char evidence_get_sql[] =
	"SELECT name, content_type, size, sha256, data FROM correction_evidence WHERE correction_id = ?1 AND seq = ?2";

static enum gx_db_status insert(struct gx_store_conn *conn, const struct gx_registry_correction_new *c,
				const struct gx_store_evidence *files, size_t n, long long *id)
{
	struct gx_sqlite_conn *sc = gx_sqlite_conn(conn);
	sqlite3_stmt *st = gx_sqlite_stmt(sc, GX_SQLITE_RC_INSERT, insert_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_text(st, 1, c->client, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, c->request_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, c->request_hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, c->subject_type, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, c->subject, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, c->attribute, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, c->request_json, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 8, c->received_at_us);
	sqlite3_bind_text(st, 9, c->due, -1, SQLITE_STATIC);
	enum gx_db_status s = gx_sqlite_run(st);
	if (s < 0)
		return s;
	if (sqlite3_changes(sc->db) == 0)
		return GX_DB_CONFLICT;
	long long cid = sqlite3_last_insert_rowid(sc->db);
	for (size_t i = 0; i < n; i++) {
		if ((st = gx_sqlite_stmt(sc, GX_SQLITE_RC_EVIDENCE_INSERT, evidence_insert_sql)) == NULL)
			return GX_DB_HARD_ERROR;
		sqlite3_bind_int64(st, 1, cid);
		sqlite3_bind_int64(st, 2, files[i].seq);
		sqlite3_bind_text(st, 3, files[i].name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, files[i].content_type, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 5, files[i].size);
		sqlite3_bind_text(st, 6, files[i].sha256, -1, SQLITE_STATIC);
		sqlite3_bind_blob64(st, 7, files[i].data != NULL ? files[i].data : "", (sqlite3_uint64)files[i].size,
				    SQLITE_STATIC);
		if ((s = gx_sqlite_run(st)) < 0)
			return s;
	}
	if (id != NULL)
		*id = cid;
	return GX_DB_ONE_RESULT;
}

/* Steps st for one row whose first column is a text: *out a copy of it. */
static enum gx_db_status one_text(sqlite3_stmt *st, char **out)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && (*out = gx_sqlite_dup_text(st, 0)) == NULL)
		rc = SQLITE_NOMEM;
	return gx_sqlite_finish(st, rc);
}

static enum gx_db_status get(struct gx_store_conn *conn, long long id, const char *client, char **out)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_RC_GET, get_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, id);
	if (client != NULL)
		sqlite3_bind_text(st, 2, client, -1, SQLITE_STATIC);
	return one_text(st, out);
}

static enum gx_db_status by_request(struct gx_store_conn *conn, const char *client, const char *request_id, char **out)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_RC_BY_REQUEST, by_request_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_text(st, 1, client, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, request_id, -1, SQLITE_STATIC);
	return one_text(st, out);
}

static enum gx_db_status list(struct gx_store_conn *conn, const char *which, size_t limit, char **out)
{
	sqlite3_stmt *st = strcmp(which, "open") == 0
				   ? gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_RC_LIST_OPEN, list_open_sql)
			   : strcmp(which, "decided") == 0
				   ? gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_RC_LIST_DECIDED, list_decided_sql)
				   : gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_RC_LIST_ALL, list_all_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)limit);
	enum gx_db_status s = one_text(st, out);
	return s == GX_DB_NO_RESULTS ? GX_DB_HARD_ERROR : s;
}

static enum gx_db_status set_status(struct gx_store_conn *conn, long long id, const char *status,
				    const char *decision_json, long long at_us)
{
	struct gx_sqlite_conn *sc = gx_sqlite_conn(conn);
	sqlite3_stmt *st = gx_sqlite_stmt(sc, GX_SQLITE_RC_SET_STATUS, set_status_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, status, -1, SQLITE_STATIC);
	if (decision_json != NULL)
		sqlite3_bind_text(st, 3, decision_json, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, at_us);
	enum gx_db_status s = gx_sqlite_run(st);
	if (s < 0)
		return s;
	return sqlite3_changes(sc->db) > 0 ? GX_DB_ONE_RESULT : GX_DB_NO_RESULTS;
}

static enum gx_db_status feed_append(struct gx_store_conn *conn, const char *client, long long id, long long at_us,
				     const char *kind, const char *data_json, long long *seq)
{
	struct gx_sqlite_conn *sc = gx_sqlite_conn(conn);
	sqlite3_stmt *st = gx_sqlite_stmt(sc, GX_SQLITE_RC_FEED_COUNTER, feed_counter_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_text(st, 1, client, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	long long next = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	enum gx_db_status s = gx_sqlite_finish(st, rc);
	if (s != GX_DB_ONE_RESULT)
		return s < 0 ? s : GX_DB_HARD_ERROR;
	if ((st = gx_sqlite_stmt(sc, GX_SQLITE_RC_FEED_INSERT, feed_insert_sql)) == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_text(st, 1, client, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, next);
	sqlite3_bind_int64(st, 3, id);
	sqlite3_bind_int64(st, 4, at_us);
	sqlite3_bind_text(st, 5, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, data_json, -1, SQLITE_STATIC);
	if ((s = gx_sqlite_run(st)) < 0)
		return s;
	if (seq != NULL)
		*seq = next;
	return GX_DB_ONE_RESULT;
}

static enum gx_db_status feed(struct gx_store_conn *conn, const char *client, long long after, size_t limit,
			      char **out, long long *last)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_RC_FEED, feed_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_text(st, 1, client, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, after);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)limit);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*last = sqlite3_column_int64(st, 1);
		if ((*out = gx_sqlite_dup_text(st, 0)) == NULL)
			rc = SQLITE_NOMEM;
	}
	enum gx_db_status s = gx_sqlite_finish(st, rc);
	return s == GX_DB_NO_RESULTS ? GX_DB_HARD_ERROR : s;
}

static enum gx_db_status evidence_get(struct gx_store_conn *conn, long long id, int seq,
				      struct gx_store_evidence *out)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_RC_EVIDENCE_GET, evidence_get_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, seq);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->seq = seq;
		gx_sqlite_copy_text(st, 0, out->name, sizeof(out->name));
		gx_sqlite_copy_text(st, 1, out->content_type, sizeof(out->content_type));
		out->size = sqlite3_column_int64(st, 2);
		gx_sqlite_copy_text(st, 3, out->sha256, sizeof(out->sha256));
		int n = sqlite3_column_bytes(st, 4);
		out->data = malloc(n > 0 ? (size_t)n : 1);
		if (out->data == NULL)
			rc = SQLITE_NOMEM;
		else if (n > 0)
			memcpy(out->data, sqlite3_column_blob(st, 4), (size_t)n);
		out->size = n;
	}
	return gx_sqlite_finish(st, rc);
}

const struct gx_store_registry_correction_ops gx_sqlite_registry_correction_ops = {
	.registry_insert = insert,
	.registry_get = get,
	.registry_by_request = by_request,
	.registry_list = list,
	.registry_set_status = set_status,
	.registry_feed_append = feed_append,
	.registry_feed = feed,
	.registry_evidence_get = evidence_get,
};
