/** Cases: the organisations' side of submissions, their inbox, the case
 *  log, the timeline's entries, the organisations' event feeds,
 *  idempotency keys and reuse consents. */

#include "store/sqlite/sqlite_int.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char open_sql[] =
	"INSERT INTO cases (submission_id, org_id, procedure_id, reference, status, turn, final, submitted_at_us,"
	" updated_at_us) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)";
#define CASE_COLUMNS                                                                                             \
	"submission_id, org_id, procedure_id, reference, status, turn, final, coalesce(assignee, ''),"           \
	" coalesce(open_request, 0), revision, submitted_at_us, updated_at_us"
static const char get_sql[] = "SELECT " CASE_COLUMNS " FROM cases WHERE submission_id = ?1";
/* A change in up to four statements. The first checks the revision read and
 * moves it on; status, turn and assignee, each in an inbox index, are set by
 * statements of their own that match only when the value differs: an UPDATE
 * rewrites the row's entry in every index on a column it names, changed or
 * not, so one statement naming all three rewrote three index pages scattered
 * over a large inbox where a move changes only its status's. Run after the
 * first, their triggers see the new updated_at. */
static const char update_sql[] =
	"UPDATE cases SET final = coalesce(?3, final),"
	" open_request = CASE WHEN ?4 IS NULL THEN open_request WHEN ?4 = 0 THEN NULL ELSE ?4 END,"
	" revision = revision + 1, updated_at_us = ?5 WHERE submission_id = ?1 AND revision = ?2";
static const char set_status_sql[] = "UPDATE cases SET status = ?2 WHERE submission_id = ?1 AND status <> ?2";
static const char set_turn_sql[] = "UPDATE cases SET turn = ?2 WHERE submission_id = ?1 AND turn <> ?2";
static const char set_assignee_sql[] =
	"UPDATE cases SET assignee = nullif(?2, '') WHERE submission_id = ?1 AND assignee IS NOT nullif(?2, '')";
/* The inbox: one statement per leading filter, whose index (cases_inbox_*)
 * holds the page's order, so that a page is an index range however many
 * cases the organisation has; the other filters are checked on the rows
 * (a NULL one matches all). */
#define INBOX(table, lead)                                                                                        \
	"SELECT " CASE_COLUMNS " FROM " table " WHERE org_id = ?1 AND " lead                                       \
	" AND (?2 IS NULL OR procedure_id = ?2) AND (?3 IS NULL OR status = ?3) AND (?4 IS NULL OR turn = ?4)"    \
	" AND (?5 IS NULL OR coalesce(assignee, '-') = ?5) AND (?6 IS NULL OR reference = ?6)"                     \
	" AND (?7 = 0 OR submitted_at_us >= ?7) AND (?8 = 0 OR submitted_at_us < ?8)"                             \
	" AND (?9 = 0 OR submitted_at_us < ?10 OR (submitted_at_us = ?10 AND submission_id < ?9))"                \
	" ORDER BY submitted_at_us DESC, submission_id DESC LIMIT ?11"
static const struct {
	enum gx_sqlite_stmt_id id;
	const char *sql;
} inbox_by[] = {
	{GX_SQLITE_INBOX, INBOX("cases", "1")},
	{GX_SQLITE_INBOX_REFERENCE, INBOX("cases INDEXED BY cases_reference", "reference = ?6")},
	{GX_SQLITE_INBOX_ASSIGNEE, INBOX("cases", "assignee = ?5")},
	{GX_SQLITE_INBOX_UNASSIGNED, INBOX("cases", "assignee IS NULL")},
	{GX_SQLITE_INBOX_STATUS, INBOX("cases", "status = ?3")},
	{GX_SQLITE_INBOX_PROCEDURE, INBOX("cases", "procedure_id = ?2")},
	{GX_SQLITE_INBOX_TURN, INBOX("cases", "turn = ?4")},
};

/* The most selective filter given leads. */
static size_t inbox_lead(const struct gx_inbox_query *q)
{
	if (q->reference != NULL)
		return 1;
	if (q->assignee != NULL)
		return strcmp(q->assignee, "-") == 0 ? 3 : 2;
	if (q->status != NULL)
		return 4;
	if (q->procedure != NULL)
		return 5;
	return q->turn != NULL ? 6 : 0;
}
static const char counts_sql[] =
	"SELECT coalesce(json_group_object(status, n), '{}') FROM (SELECT status, n FROM case_counts"
	" WHERE org_id = ?1 AND n > 0 ORDER BY status)";
static const char log_insert_sql[] =
	"INSERT INTO case_log (submission_id, seq, at_us, kind, author, detail) VALUES (?1,"
	" (SELECT coalesce(max(seq), 0) + 1 FROM case_log WHERE submission_id = ?1), ?2, ?3, ?4, ?5) RETURNING seq";
static const char log_sql[] =
	"SELECT coalesce(json_group_array(json_object('seq', seq, 'at_us', at_us, 'kind', kind, 'author', author,"
	" 'detail', json(detail))), '[]') FROM (SELECT * FROM case_log WHERE submission_id = ?1 ORDER BY seq)";
static const char event_sql[] =
	"INSERT INTO submission_events (submission_id, seq, at_us, status, message, kind, actor, detail)"
	" VALUES (?1, (SELECT coalesce(max(seq), 0) + 1 FROM submission_events WHERE submission_id = ?1), ?2, ?3,"
	" ?4, ?5, ?6, ?7) RETURNING seq";
static const char counter_sql[] =
	"INSERT INTO org_event_counters (org_id, last) VALUES (?1, 1)"
	" ON CONFLICT (org_id) DO UPDATE SET last = last + 1 RETURNING last";
static const char org_event_sql[] =
	"INSERT INTO org_events (org_id, seq, at_us, kind, submission_id, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char org_events_sql[] =
	"SELECT coalesce(json_group_array(json_object('seq', seq, 'at_us', at_us, 'kind', kind, 'submission',"
	" submission_id, 'data', json(data))), '[]'), coalesce(max(seq), ?2) FROM (SELECT * FROM org_events"
	" WHERE org_id = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3)";
static const char idem_get_sql[] =
	"SELECT request_hash, status, body FROM idempotency_keys WHERE client_id = ?1 AND key = ?2";
static const char idem_put_sql[] =
	"INSERT INTO idempotency_keys (client_id, key, request_hash, status, body, created_at_us)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING";
static const char consent_put_sql[] =
	"INSERT INTO reuse_consents (submission_id, org_id, granted, registers, purpose, legal_basis, expires_at_us)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
static const char consent_get_sql[] =
	"SELECT org_id, granted, registers, purpose, legal_basis, expires_at_us, coalesce(revoked_at_us, 0)"
	" FROM reuse_consents WHERE submission_id = ?1";
static const char consent_revoke_sql[] =
	"UPDATE reuse_consents SET revoked_at_us = ?2 WHERE submission_id = ?1 AND granted = 1"
	" AND revoked_at_us IS NULL";

static void bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
	if (s != NULL)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

/* The changes of the last statement of conn: one row or none. */
static enum gx_db_status changed(struct gx_store_conn *conn, enum gx_db_status s)
{
	if (s < 0)
		return s;
	return sqlite3_changes(gx_sqlite_conn(conn)->db) > 0 ? GX_DB_ONE_RESULT : GX_DB_NO_RESULTS;
}

static void read_case(sqlite3_stmt *st, struct gx_case *c)
{
	memset(c, 0, sizeof(*c));
	c->submission_id = sqlite3_column_int64(st, 0);
	gx_sqlite_copy_text(st, 1, c->org, sizeof(c->org));
	gx_sqlite_copy_text(st, 2, c->procedure_id, sizeof(c->procedure_id));
	gx_sqlite_copy_text(st, 3, c->reference, sizeof(c->reference));
	gx_sqlite_copy_text(st, 4, c->status, sizeof(c->status));
	gx_sqlite_copy_text(st, 5, c->turn, sizeof(c->turn));
	c->final = sqlite3_column_int(st, 6) != 0;
	gx_sqlite_copy_text(st, 7, c->assignee, sizeof(c->assignee));
	c->open_request = sqlite3_column_int(st, 8);
	c->revision = sqlite3_column_int64(st, 9);
	c->submitted_at_us = sqlite3_column_int64(st, 10);
	c->updated_at_us = sqlite3_column_int64(st, 11);
}

enum gx_db_status gx_sqlite_org_event_append(struct gx_store_conn *conn, const char *org, long long at_us,
					     const char *kind, long long submission_id, const char *data_json,
					     long long *seq)
{
	struct gx_sqlite_conn *c = gx_sqlite_conn(conn);
	sqlite3_stmt *st = gx_sqlite_stmt(c, GX_SQLITE_ORG_EVENT_COUNTER, counter_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_text(st, 1, org, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	long long next = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	enum gx_db_status s = gx_sqlite_finish(st, rc);
	if (s != GX_DB_ONE_RESULT)
		return s < 0 ? s : GX_DB_HARD_ERROR;
	if ((st = gx_sqlite_stmt(c, GX_SQLITE_ORG_EVENT_INSERT, org_event_sql)) == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_text(st, 1, org, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, next);
	sqlite3_bind_int64(st, 3, at_us);
	sqlite3_bind_text(st, 4, kind, -1, SQLITE_STATIC);
	if (submission_id > 0)
		sqlite3_bind_int64(st, 5, submission_id);
	else
		sqlite3_bind_null(st, 5);
	sqlite3_bind_text(st, 6, data_json != NULL ? data_json : "{}", -1, SQLITE_STATIC);
	if ((s = gx_sqlite_run(st)) < 0)
		return s;
	if (seq != NULL)
		*seq = next;
	return GX_DB_ONE_RESULT;
}

enum gx_db_status gx_sqlite_case_open(struct gx_store_conn *conn, const struct gx_case *k)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_CASE_OPEN, open_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, k->submission_id);
	sqlite3_bind_text(st, 2, k->org, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, k->procedure_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, k->reference, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, k->status, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, k->turn, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 7, k->final ? 1 : 0);
	sqlite3_bind_int64(st, 8, k->submitted_at_us);
	enum gx_db_status s = gx_sqlite_run(st);
	if (s < 0)
		return s;
	json_t *d = json_pack("{s:s, s:s}", "reference", k->reference, "procedure", k->procedure_id);
	char *data = d != NULL ? json_dumps(d, JSON_COMPACT) : NULL;
	json_decref(d);
	if (data == NULL)
		return GX_DB_HARD_ERROR;
	s = gx_sqlite_org_event_append(conn, k->org, k->submitted_at_us, "submission.new", k->submission_id, data,
				       NULL);
	free(data);
	return s;
}

enum gx_db_status gx_sqlite_case_get(struct gx_store_conn *conn, long long submission_id, struct gx_case *out)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_CASE_GET, get_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, submission_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_case(st, out);
	return gx_sqlite_finish(st, rc);
}

/* Sets one indexed column of a case to value when it differs; value NULL: leaves it. */
static enum gx_db_status set_column(struct gx_sqlite_conn *c, enum gx_sqlite_stmt_id id, const char *sql,
				    long long submission_id, const char *value)
{
	if (value == NULL)
		return GX_DB_ONE_RESULT;
	sqlite3_stmt *st = gx_sqlite_stmt(c, id, sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, submission_id);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	enum gx_db_status s = gx_sqlite_run(st);
	return s < 0 ? s : GX_DB_ONE_RESULT;
}

enum gx_db_status gx_sqlite_case_update(struct gx_store_conn *conn, long long submission_id, long long expect,
					const struct gx_case_change *ch)
{
	struct gx_sqlite_conn *c = gx_sqlite_conn(conn);
	sqlite3_stmt *st = gx_sqlite_stmt(c, GX_SQLITE_CASE_UPDATE, update_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, submission_id);
	sqlite3_bind_int64(st, 2, expect);
	if (ch->final >= 0)
		sqlite3_bind_int(st, 3, ch->final ? 1 : 0);
	else
		sqlite3_bind_null(st, 3);
	if (ch->open_request >= 0)
		sqlite3_bind_int(st, 4, ch->open_request);
	else
		sqlite3_bind_null(st, 4);
	sqlite3_bind_int64(st, 5, ch->at_us);
	enum gx_db_status s = changed(conn, gx_sqlite_run(st));
	if (s != GX_DB_ONE_RESULT)
		return s == GX_DB_NO_RESULTS ? GX_DB_CONFLICT : s;
	if ((s = set_column(c, GX_SQLITE_CASE_SET_STATUS, set_status_sql, submission_id, ch->status)) < 0 ||
	    (s = set_column(c, GX_SQLITE_CASE_SET_TURN, set_turn_sql, submission_id, ch->turn)) < 0 ||
	    (s = set_column(c, GX_SQLITE_CASE_SET_ASSIGNEE, set_assignee_sql, submission_id, ch->assignee)) < 0)
		return s;
	return GX_DB_ONE_RESULT;
}

enum gx_db_status gx_sqlite_inbox(struct gx_store_conn *conn, const struct gx_inbox_query *q, struct gx_case *rows,
				  size_t limit, size_t *n, bool *more)
{
	size_t lead = inbox_lead(q);
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), inbox_by[lead].id, inbox_by[lead].sql);
	*n = 0;
	*more = false;
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_text(st, 1, q->org, -1, SQLITE_STATIC);
	bind_text_or_null(st, 2, q->procedure);
	bind_text_or_null(st, 3, q->status);
	bind_text_or_null(st, 4, q->turn);
	bind_text_or_null(st, 5, q->assignee);
	bind_text_or_null(st, 6, q->reference);
	sqlite3_bind_int64(st, 7, q->from_us);
	sqlite3_bind_int64(st, 8, q->to_us);
	sqlite3_bind_int64(st, 9, q->after_id);
	sqlite3_bind_int64(st, 10, q->after_at_us);
	sqlite3_bind_int64(st, 11, (sqlite3_int64)limit + 1); /* one more says whether there are more */
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == limit) {
			*more = true;
			break;
		}
		read_case(st, &rows[(*n)++]);
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return gx_sqlite_status(rc);
	return *n > 0 ? GX_DB_ONE_RESULT : GX_DB_NO_RESULTS;
}

/* A one-row, one-column text query whose parameters are bound. */
static enum gx_db_status text_row(sqlite3_stmt *st, char **out)
{
	int rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW ? gx_sqlite_dup_text(st, 0) : NULL;
	enum gx_db_status s = gx_sqlite_finish(st, rc);
	if (s == GX_DB_ONE_RESULT && *out == NULL)
		return GX_DB_HARD_ERROR;
	return s;
}

enum gx_db_status gx_sqlite_inbox_counts(struct gx_store_conn *conn, const char *org, char **out)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_INBOX_COUNTS, counts_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_text(st, 1, org, -1, SQLITE_STATIC);
	return text_row(st, out);
}

enum gx_db_status gx_sqlite_case_log_append(struct gx_store_conn *conn, long long submission_id, long long at_us,
					    const char *kind, const char *author, const char *detail_json, int *seq)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_CASE_LOG_INSERT, log_insert_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, submission_id);
	sqlite3_bind_int64(st, 2, at_us);
	sqlite3_bind_text(st, 3, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, author, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, detail_json, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	int got = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	enum gx_db_status s = gx_sqlite_finish(st, rc);
	if (s == GX_DB_ONE_RESULT && seq != NULL)
		*seq = got;
	return s == GX_DB_NO_RESULTS ? GX_DB_HARD_ERROR : s;
}

enum gx_db_status gx_sqlite_case_log(struct gx_store_conn *conn, long long submission_id, char **out)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_CASE_LOG, log_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, submission_id);
	return text_row(st, out);
}

enum gx_db_status gx_sqlite_event_append(struct gx_store_conn *conn, const struct gx_event *e, int *seq)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_EVENT_APPEND, event_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, e->submission_id);
	sqlite3_bind_int64(st, 2, e->at_us);
	sqlite3_bind_text(st, 3, e->status, -1, SQLITE_STATIC);
	bind_text_or_null(st, 4, e->message_json);
	sqlite3_bind_text(st, 5, e->kind, -1, SQLITE_STATIC);
	bind_text_or_null(st, 6, e->actor_json);
	bind_text_or_null(st, 7, e->detail_json);
	int rc = sqlite3_step(st);
	int got = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	enum gx_db_status s = gx_sqlite_finish(st, rc);
	if (s == GX_DB_ONE_RESULT && seq != NULL)
		*seq = got;
	return s == GX_DB_NO_RESULTS ? GX_DB_HARD_ERROR : s;
}

enum gx_db_status gx_sqlite_org_events(struct gx_store_conn *conn, const char *org, long long after, size_t limit,
				       char **out, long long *last)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_ORG_EVENTS, org_events_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_text(st, 1, org, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, after);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)limit);
	int rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW ? gx_sqlite_dup_text(st, 0) : NULL;
	*last = rc == SQLITE_ROW ? sqlite3_column_int64(st, 1) : after;
	enum gx_db_status s = gx_sqlite_finish(st, rc);
	if (s == GX_DB_ONE_RESULT && *out == NULL)
		return GX_DB_HARD_ERROR;
	return s;
}

enum gx_db_status gx_sqlite_idempotent_get(struct gx_store_conn *conn, const char *client, const char *key,
					   struct gx_idempotent *out)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_IDEM_GET, idem_get_sql);
	memset(out, 0, sizeof(*out));
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_text(st, 1, client, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		gx_sqlite_copy_text(st, 0, out->request_hash, sizeof(out->request_hash));
		out->status = sqlite3_column_int(st, 1);
		out->body = gx_sqlite_dup_text(st, 2);
	}
	enum gx_db_status s = gx_sqlite_finish(st, rc);
	if (s == GX_DB_ONE_RESULT && out->body == NULL)
		return GX_DB_HARD_ERROR;
	return s;
}

enum gx_db_status gx_sqlite_idempotent_put(struct gx_store_conn *conn, const char *client, const char *key,
					   const char *request_hash, int status, const char *body, long long at_us)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_IDEM_PUT, idem_put_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_text(st, 1, client, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, request_hash, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, status);
	sqlite3_bind_text(st, 5, body, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, at_us);
	enum gx_db_status s = changed(conn, gx_sqlite_run(st));
	return s == GX_DB_NO_RESULTS ? GX_DB_CONFLICT : s;
}

enum gx_db_status gx_sqlite_consent_put(struct gx_store_conn *conn, const struct gx_reuse_consent *c)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_CONSENT_PUT, consent_put_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, c->submission_id);
	sqlite3_bind_text(st, 2, c->org, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, c->granted ? 1 : 0);
	sqlite3_bind_text(st, 4, c->registers_json, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, c->purpose_json, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, c->legal_basis_json, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, c->expires_at_us);
	enum gx_db_status s = gx_sqlite_run(st);
	return s < 0 ? s : GX_DB_ONE_RESULT;
}

enum gx_db_status gx_sqlite_consent_get(struct gx_store_conn *conn, long long submission_id,
					struct gx_reuse_consent *out)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_CONSENT_GET, consent_get_sql);
	memset(out, 0, sizeof(*out));
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, submission_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->submission_id = submission_id;
		gx_sqlite_copy_text(st, 0, out->org, sizeof(out->org));
		out->granted = sqlite3_column_int(st, 1) != 0;
		out->registers_json = gx_sqlite_dup_text(st, 2);
		out->purpose_json = gx_sqlite_dup_text(st, 3);
		out->legal_basis_json = gx_sqlite_dup_text(st, 4);
		out->expires_at_us = sqlite3_column_int64(st, 5);
		out->revoked_at_us = sqlite3_column_int64(st, 6);
	}
	enum gx_db_status s = gx_sqlite_finish(st, rc);
	if (s == GX_DB_ONE_RESULT &&
	    (out->registers_json == NULL || out->purpose_json == NULL || out->legal_basis_json == NULL)) {
		gx_reuse_consent_clear(out);
		return GX_DB_HARD_ERROR;
	}
	return s;
}

enum gx_db_status gx_sqlite_consent_revoke(struct gx_store_conn *conn, long long submission_id, long long at_us)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_CONSENT_REVOKE, consent_revoke_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, submission_id);
	sqlite3_bind_int64(st, 2, at_us);
	return changed(conn, gx_sqlite_run(st));
}
