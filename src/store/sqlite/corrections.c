/** A person's correction requests (schema PLATFORM; store/corrections.h):
 *  the requests, their files and timelines, what the registers are still
 *  to be told, and where the platform is in each register's feed. */

#include "store/corrections_int.h"
#include "store/sqlite/sqlite_int.h"

#include <stdlib.h>
#include <string.h>

static const char insert_sql[] =
	"INSERT INTO corrections (person_id, client_key, request_hash, request_id, reference, register, attribute,"
	" current_value, current_version, proposed, explanation, receipt, signature, status, outbox, created_at_us,"
	" updated_at_us) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 'pending', 'file', ?14, ?14)"
	" ON CONFLICT (person_id, client_key) DO NOTHING";
static const char evidence_insert_sql[] =
	"INSERT INTO correction_evidence (correction_id, seq, name, content_type, size, sha256, data)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
static const char first_event_sql[] =
	"INSERT INTO correction_events (correction_id, seq, at_us, kind, detail, notify) VALUES (?1, 1, ?2, 'filed', NULL, 0)";
#define ROW_JSON                                                                                                  \
	"json_object('id', id, 'person_id', person_id, 'client_key', client_key, 'request_hash', request_hash,"   \
	" 'request_id', request_id, 'reference', reference, 'register', register, 'attribute', attribute,"        \
	" 'current_value', current_value, 'current_version', current_version, 'proposed', proposed,"              \
	" 'explanation', explanation, 'receipt', json(receipt), 'signature', signature, 'status', status,"        \
	" 'register_id', register_id, 'due', due, 'decision', json(decision), 'outbox', outbox, 'attempts',"       \
	" attempts, 'next_attempt_at_us', next_attempt_at_us, 'created_at_us', created_at_us, 'updated_at_us',"    \
	" updated_at_us)"
static const char get_sql[] = "SELECT " ROW_JSON " FROM corrections WHERE id = ?2 AND (?1 = 0 OR person_id = ?1)";
static const char by_key_sql[] = "SELECT " ROW_JSON " FROM corrections WHERE person_id = ?1 AND client_key = ?2";
static const char by_request_sql[] = "SELECT " ROW_JSON " FROM corrections WHERE request_id = ?1";
static const char of_sql[] =
	"SELECT coalesce(json_group_array(json_object('id', id, 'reference', reference, 'register', register,"
	" 'attribute', attribute, 'status', status, 'due', due, 'decision', json(decision), 'created_at_us',"
	" created_at_us, 'updated_at_us', updated_at_us)), '[]') FROM (SELECT * FROM corrections WHERE person_id = ?1"
	" ORDER BY created_at_us DESC, id DESC LIMIT ?2)";
static const char outbox_sql[] =
	"SELECT coalesce(json_group_array(json_object('id', id, 'outbox', outbox, 'attempts', attempts)), '[]')"
	" FROM (SELECT id, outbox, attempts FROM corrections WHERE outbox <> 'none' AND next_attempt_at_us <= ?1"
	" ORDER BY next_attempt_at_us, id LIMIT ?2)";
static const char events_sql[] =
	"SELECT coalesce(json_group_array(json_object('seq', seq, 'at_us', at_us, 'kind', kind, 'detail', json(detail))),"
	" '[]') FROM (SELECT * FROM correction_events WHERE correction_id = ?1 ORDER BY seq)";
static const char event_append_sql[] =
	"INSERT INTO correction_events (correction_id, seq, at_us, kind, detail, notify) VALUES (?1,"
	" (SELECT coalesce(max(seq), 0) + 1 FROM correction_events WHERE correction_id = ?1), ?2, ?3, ?4, ?5)"
	" RETURNING seq";
static const char evidence_list_sql[] =
	"SELECT coalesce(json_group_array(json_object('seq', seq, 'name', name, 'content_type', content_type, 'size',"
	" size, 'sha256', sha256)), '[]') FROM (SELECT seq, name, content_type, size, sha256 FROM correction_evidence"
	" WHERE correction_id = ?1 ORDER BY seq)";
static const char evidence_get_sql[] =
	"SELECT name, content_type, size, sha256, data FROM correction_evidence WHERE correction_id = ?1 AND seq = ?2";
static const char claim_sql[] =
	"UPDATE corrections SET attempts = attempts + 1, next_attempt_at_us = ?2"
	" WHERE id = ?1 AND outbox <> 'none' AND next_attempt_at_us <= ?3";
static const char sent_sql[] =
	"UPDATE corrections SET register_id = ?2, due = ?3,"
	" status = CASE status WHEN 'pending' THEN 'open' ELSE status END,"
	" outbox = CASE WHEN status = 'withdrawn' THEN 'withdraw' WHEN outbox = 'file' THEN 'none' ELSE outbox END,"
	" next_attempt_at_us = 0, updated_at_us = ?4 WHERE id = ?1";
static const char withdraw_sql[] =
	"UPDATE corrections SET status = 'withdrawn', outbox = CASE WHEN attempts = 0 THEN 'none' ELSE 'withdraw' END,"
	" next_attempt_at_us = 0, updated_at_us = ?3"
	" WHERE id = ?1 AND person_id = ?2 AND status IN ('pending', 'open', 'in_review')";
static const char withdraw_sent_sql[] =
	"UPDATE corrections SET outbox = 'none', next_attempt_at_us = 0, updated_at_us = ?2"
	" WHERE id = ?1 AND outbox = 'withdraw'";
static const char decided_sql[] =
	"UPDATE corrections SET status = ?2, decision = coalesce(?3, decision),"
	" outbox = CASE WHEN ?2 = 'in_review' THEN outbox ELSE 'none' END, updated_at_us = ?4"
	" WHERE id = ?1 AND status NOT IN ('accepted', 'rejected', 'rerouted')"
	" AND (?2 <> 'in_review' OR status IN ('pending', 'open'))";
static const char feed_get_sql[] = "SELECT last FROM correction_feeds WHERE register = ?1";
static const char feed_set_sql[] =
	"INSERT INTO correction_feeds (register, last) VALUES (?1, ?2)"
	" ON CONFLICT (register) DO UPDATE SET last = max(last, excluded.last)";

static void bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
	if (s != NULL)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

static enum gx_db_status changed(struct gx_store_conn *conn, enum gx_db_status s)
{
	if (s < 0)
		return s;
	return sqlite3_changes(gx_sqlite_conn(conn)->db) > 0 ? GX_DB_ONE_RESULT : GX_DB_NO_RESULTS;
}

static enum gx_db_status insert(struct gx_store_conn *conn, const struct gx_correction_new *c,
				const struct gx_store_evidence *files, size_t n, long long *id)
{
	struct gx_sqlite_conn *sc = gx_sqlite_conn(conn);
	sqlite3_stmt *st = gx_sqlite_stmt(sc, GX_SQLITE_PC_INSERT, insert_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, c->person_id);
	bind_text_or_null(st, 2, c->client_key);
	bind_text_or_null(st, 3, c->request_hash);
	bind_text_or_null(st, 4, c->request_id);
	bind_text_or_null(st, 5, c->reference);
	bind_text_or_null(st, 6, c->register_name);
	bind_text_or_null(st, 7, c->attribute);
	bind_text_or_null(st, 8, c->current_value);
	sqlite3_bind_int64(st, 9, c->current_version);
	bind_text_or_null(st, 10, c->proposed);
	bind_text_or_null(st, 11, c->explanation);
	bind_text_or_null(st, 12, c->receipt_json);
	bind_text_or_null(st, 13, c->signature);
	sqlite3_bind_int64(st, 14, c->at_us);
	enum gx_db_status s = gx_sqlite_run(st);
	if (s < 0)
		return s;
	if (sqlite3_changes(sc->db) == 0)
		return GX_DB_CONFLICT;
	long long cid = sqlite3_last_insert_rowid(sc->db);
	for (size_t i = 0; i < n; i++) {
		if ((st = gx_sqlite_stmt(sc, GX_SQLITE_PC_EVIDENCE_INSERT, evidence_insert_sql)) == NULL)
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
	if ((st = gx_sqlite_stmt(sc, GX_SQLITE_PC_FIRST_EVENT, first_event_sql)) == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, cid);
	sqlite3_bind_int64(st, 2, c->at_us);
	if ((s = gx_sqlite_run(st)) < 0)
		return s;
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

/* An aggregate's one row (never none). */
static enum gx_db_status aggregate(sqlite3_stmt *st, char **out)
{
	enum gx_db_status s = one_text(st, out);
	return s == GX_DB_NO_RESULTS ? GX_DB_HARD_ERROR : s;
}

static enum gx_db_status get(struct gx_store_conn *conn, long long person_id, long long id, char **out)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_PC_GET, get_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, person_id);
	sqlite3_bind_int64(st, 2, id);
	return one_text(st, out);
}

static enum gx_db_status by_key(struct gx_store_conn *conn, long long person_id, const char *client_key, char **out)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_PC_BY_KEY, by_key_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, person_id);
	sqlite3_bind_text(st, 2, client_key, -1, SQLITE_STATIC);
	return one_text(st, out);
}

static enum gx_db_status by_request(struct gx_store_conn *conn, const char *request_id, char **out)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_PC_BY_REQUEST, by_request_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_text(st, 1, request_id, -1, SQLITE_STATIC);
	return one_text(st, out);
}

static enum gx_db_status of(struct gx_store_conn *conn, long long person_id, size_t limit, char **out)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_PC_OF, of_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, person_id);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)limit);
	return aggregate(st, out);
}

static enum gx_db_status outbox(struct gx_store_conn *conn, long long now_us, size_t limit, char **out)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_PC_OUTBOX, outbox_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, now_us);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)limit);
	return aggregate(st, out);
}

static enum gx_db_status events(struct gx_store_conn *conn, long long id, char **out)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_PC_EVENTS, events_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, id);
	return aggregate(st, out);
}

static enum gx_db_status event_append(struct gx_store_conn *conn, long long id, long long at_us, const char *kind,
				      const char *detail_json, bool notify, int *seq)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_PC_EVENT_APPEND, event_append_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, at_us);
	sqlite3_bind_text(st, 3, kind, -1, SQLITE_STATIC);
	bind_text_or_null(st, 4, detail_json);
	sqlite3_bind_int(st, 5, notify ? 1 : 0);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && seq != NULL)
		*seq = sqlite3_column_int(st, 0);
	if (rc == SQLITE_ROW)
		rc = sqlite3_step(st); /* RETURNING: run the statement to its end */
	enum gx_db_status s = gx_sqlite_finish(st, rc);
	return s < 0 ? s : GX_DB_ONE_RESULT;
}

static enum gx_db_status evidence_list(struct gx_store_conn *conn, long long id, char **out)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_PC_EVIDENCE_LIST, evidence_list_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, id);
	return aggregate(st, out);
}

static enum gx_db_status evidence_get(struct gx_store_conn *conn, long long id, int seq, struct gx_store_evidence *out)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_PC_EVIDENCE_GET, evidence_get_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, seq);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->seq = seq;
		gx_sqlite_copy_text(st, 0, out->name, sizeof(out->name));
		gx_sqlite_copy_text(st, 1, out->content_type, sizeof(out->content_type));
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

static enum gx_db_status change(struct gx_store_conn *conn, const struct gx_correction_change *ch)
{
	struct gx_sqlite_conn *sc = gx_sqlite_conn(conn);
	sqlite3_stmt *st = NULL;
	switch (ch->kind) {
	case GX_CC_CLAIM:
		if ((st = gx_sqlite_stmt(sc, GX_SQLITE_PC_CLAIM, claim_sql)) == NULL)
			return GX_DB_HARD_ERROR;
		sqlite3_bind_int64(st, 2, ch->next_at_us);
		sqlite3_bind_int64(st, 3, ch->at_us);
		break;
	case GX_CC_SENT:
		if ((st = gx_sqlite_stmt(sc, GX_SQLITE_PC_SENT, sent_sql)) == NULL)
			return GX_DB_HARD_ERROR;
		sqlite3_bind_int64(st, 2, ch->register_id);
		sqlite3_bind_text(st, 3, ch->due, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, ch->at_us);
		break;
	case GX_CC_WITHDRAW:
		if ((st = gx_sqlite_stmt(sc, GX_SQLITE_PC_WITHDRAW, withdraw_sql)) == NULL)
			return GX_DB_HARD_ERROR;
		sqlite3_bind_int64(st, 2, ch->person_id);
		sqlite3_bind_int64(st, 3, ch->at_us);
		break;
	case GX_CC_WITHDRAW_SENT:
		if ((st = gx_sqlite_stmt(sc, GX_SQLITE_PC_WITHDRAW_SENT, withdraw_sent_sql)) == NULL)
			return GX_DB_HARD_ERROR;
		sqlite3_bind_int64(st, 2, ch->at_us);
		break;
	case GX_CC_DECIDED:
		if ((st = gx_sqlite_stmt(sc, GX_SQLITE_PC_DECIDED, decided_sql)) == NULL)
			return GX_DB_HARD_ERROR;
		sqlite3_bind_text(st, 2, ch->status, -1, SQLITE_STATIC);
		bind_text_or_null(st, 3, ch->decision_json);
		sqlite3_bind_int64(st, 4, ch->at_us);
		break;
	default:
		return GX_DB_HARD_ERROR;
	}
	sqlite3_bind_int64(st, 1, ch->id);
	return changed(conn, gx_sqlite_run(st));
}

static enum gx_db_status feed_get(struct gx_store_conn *conn, const char *register_name, long long *last)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_PC_FEED_GET, feed_get_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_text(st, 1, register_name, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*last = sqlite3_column_int64(st, 0);
	return gx_sqlite_finish(st, rc);
}

static enum gx_db_status feed_set(struct gx_store_conn *conn, const char *register_name, long long last)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_PC_FEED_SET, feed_set_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_text(st, 1, register_name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, last);
	enum gx_db_status s = gx_sqlite_run(st);
	return s < 0 ? s : GX_DB_ONE_RESULT;
}

const struct gx_store_correction_ops gx_sqlite_correction_ops = {
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
