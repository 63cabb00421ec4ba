/** Cases: the organisations' side of submissions, their inbox, the case
 *  log, the timeline's entries, the organisations' event feeds,
 *  idempotency keys and reuse consents (PostgreSQL; see sqlite/cases.c). */

#include "store/pg/pg_int.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json/write.h"

/* The case and its "submission.new" on the organisation's feed, in one
 * statement (one round trip): the feed's number is taken as org_event_sql does. */
static const char open_sql[] =
	"WITH k AS (INSERT INTO cases (submission_id, org_id, procedure_id, reference, status, turn, final,"
	" submitted_at_us, updated_at_us) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING submission_id),"
	" c AS (INSERT INTO org_event_counters (org_id, last) SELECT $2, 1 FROM k"
	" ON CONFLICT (org_id) DO UPDATE SET last = org_event_counters.last + 1 RETURNING last)"
	" INSERT INTO org_events (org_id, seq, at_us, kind, submission_id, data)"
	" SELECT $2, c.last, $8, 'submission.new', k.submission_id, $9 FROM c, k RETURNING seq";
#define CASE_COLUMNS                                                                                             \
	"submission_id, org_id, procedure_id, reference, status, turn, final, coalesce(assignee, ''),"           \
	" coalesce(open_request, 0), revision, submitted_at_us, updated_at_us"
static const char get_sql[] = "SELECT " CASE_COLUMNS " FROM cases WHERE submission_id = $1";
static const char update_sql[] =
	"UPDATE cases SET status = coalesce($3::text, status), turn = coalesce($4::text, turn),"
	" final = coalesce($5::bigint, final),"
	" assignee = CASE WHEN $6::text IS NULL THEN assignee WHEN $6 = '' THEN NULL ELSE $6 END,"
	" open_request = CASE WHEN $7::bigint IS NULL THEN open_request WHEN $7 = 0 THEN NULL ELSE $7 END,"
	" revision = revision + 1, updated_at_us = $8 WHERE submission_id = $1 AND revision = $2";
/* The inbox: one statement per leading filter, whose index (cases_inbox_*)
 * holds the page's order; the other filters are checked on the rows (a
 * NULL one matches all). */
#define INBOX(lead)                                                                                               \
	"SELECT " CASE_COLUMNS " FROM cases WHERE org_id = $1 AND " lead                                           \
	" AND ($2::text IS NULL OR procedure_id = $2) AND ($3::text IS NULL OR status = $3)"                     \
	" AND ($4::text IS NULL OR turn = $4) AND ($5::text IS NULL OR coalesce(assignee, '-') = $5)"            \
	" AND ($6::text IS NULL OR reference = $6) AND ($7::bigint = 0 OR submitted_at_us >= $7)"                \
	" AND ($8::bigint = 0 OR submitted_at_us < $8)"                                                          \
	" AND ($9::bigint = 0 OR submitted_at_us < $10::bigint OR (submitted_at_us = $10 AND submission_id < $9))" \
	" ORDER BY submitted_at_us DESC, submission_id DESC LIMIT $11"
static const struct {
	enum gx_pg_stmt_id id;
	const char *sql;
} inbox_by[] = {
	{GX_PG_INBOX, INBOX("true")},
	{GX_PG_INBOX_REFERENCE, INBOX("reference = $6")},
	{GX_PG_INBOX_ASSIGNEE, INBOX("assignee = $5")},
	{GX_PG_INBOX_UNASSIGNED, INBOX("assignee IS NULL")},
	{GX_PG_INBOX_STATUS, INBOX("status = $3")},
	{GX_PG_INBOX_PROCEDURE, INBOX("procedure_id = $2")},
	{GX_PG_INBOX_TURN, INBOX("turn = $4")},
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
	"SELECT status, n FROM case_counts WHERE org_id = $1 AND n > 0 ORDER BY status COLLATE \"C\"";
static const char log_insert_sql[] =
	"INSERT INTO case_log (submission_id, seq, at_us, kind, author, detail) VALUES ($1,"
	" (SELECT coalesce(max(seq), 0) + 1 FROM case_log WHERE submission_id = $1), $2, $3, $4, $5) RETURNING seq";
static const char log_sql[] =
	"SELECT seq, at_us, kind, author, detail FROM case_log WHERE submission_id = $1 ORDER BY seq";
static const char event_sql[] =
	"INSERT INTO submission_events (submission_id, seq, at_us, status, message, kind, actor, detail)"
	" VALUES ($1, (SELECT coalesce(max(seq), 0) + 1 FROM submission_events WHERE submission_id = $1), $2, $3,"
	" $4, $5, $6, $7) RETURNING seq";
/* The organisation's next number and its event, in one statement; the
 * counter row stays locked until COMMIT: numbers commit in order. */
static const char org_event_sql[] =
	"WITH c AS (INSERT INTO org_event_counters (org_id, last) VALUES ($1, 1)"
	" ON CONFLICT (org_id) DO UPDATE SET last = org_event_counters.last + 1 RETURNING last)"
	" INSERT INTO org_events (org_id, seq, at_us, kind, submission_id, data)"
	" SELECT $1, c.last, $2, $3, nullif($4::bigint, 0), $5 FROM c RETURNING seq";
static const char org_events_sql[] =
	"SELECT seq, at_us, kind, submission_id, data FROM org_events WHERE org_id = $1 AND seq > $2"
	" ORDER BY seq LIMIT $3";
static const char idem_get_sql[] =
	"SELECT request_hash, status, body FROM idempotency_keys WHERE client_id = $1 AND key = $2";
static const char idem_put_sql[] =
	"INSERT INTO idempotency_keys (client_id, key, request_hash, status, body, created_at_us)"
	" VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING";
static const char consent_put_sql[] =
	"INSERT INTO reuse_consents (submission_id, org_id, granted, registers, purpose, legal_basis, expires_at_us)"
	" VALUES ($1, $2, $3, $4, $5, $6, $7)";
static const char consent_get_sql[] =
	"SELECT org_id, granted, registers, purpose, legal_basis, expires_at_us, coalesce(revoked_at_us, 0)"
	" FROM reuse_consents WHERE submission_id = $1";
static const char consent_revoke_sql[] =
	"UPDATE reuse_consents SET revoked_at_us = $2 WHERE submission_id = $1 AND granted = 1"
	" AND revoked_at_us IS NULL";

static void read_case(const PGresult *r, int row, struct gx_case *c)
{
	memset(c, 0, sizeof(*c));
	c->submission_id = gx_pg_int(r, row, 0);
	gx_pg_copy_text(r, row, 1, c->org, sizeof(c->org));
	gx_pg_copy_text(r, row, 2, c->procedure_id, sizeof(c->procedure_id));
	gx_pg_copy_text(r, row, 3, c->reference, sizeof(c->reference));
	gx_pg_copy_text(r, row, 4, c->status, sizeof(c->status));
	gx_pg_copy_text(r, row, 5, c->turn, sizeof(c->turn));
	c->final = gx_pg_int(r, row, 6) != 0;
	gx_pg_copy_text(r, row, 7, c->assignee, sizeof(c->assignee));
	c->open_request = (int)gx_pg_int(r, row, 8);
	c->revision = gx_pg_int(r, row, 9);
	c->submitted_at_us = gx_pg_int(r, row, 10);
	c->updated_at_us = gx_pg_int(r, row, 11);
}

/* A statement whose RETURNING gives one number: GX_DB_ONE_RESULT with *out; no row is a hard error. */
static enum gx_db_status returning(struct gx_pg_conn *c, enum gx_pg_stmt_id id, const char *sql,
				   const struct gx_pg_params *p, long long *out)
{
	PGresult *r;
	enum gx_db_status s = gx_pg_run(c, id, sql, GX_PG_WRITE, p, 0, &r);
	if (s == GX_DB_ONE_RESULT)
		*out = gx_pg_int(r, 0, 0);
	PQclear(r);
	return s == GX_DB_NO_RESULTS ? GX_DB_HARD_ERROR : s;
}

enum gx_db_status gx_pg_org_event_append(struct gx_store_conn *conn, const char *org, long long at_us,
					 const char *kind, long long submission_id, const char *data_json,
					 long long *seq)
{
	struct gx_pg_params p = {0};
	long long next = 0;
	gx_pg_param_text(&p, org);
	gx_pg_param_int(&p, at_us);
	gx_pg_param_text(&p, kind);
	gx_pg_param_int(&p, submission_id > 0 ? submission_id : 0);
	gx_pg_param_text(&p, data_json != NULL ? data_json : "{}");
	enum gx_db_status s = returning(gx_pg_conn(conn), GX_PG_ORG_EVENT_INSERT, org_event_sql, &p, &next);
	if (s < 0)
		return s;
	if (seq != NULL)
		*seq = next;
	return GX_DB_ONE_RESULT;
}

enum gx_db_status gx_pg_case_open(struct gx_store_conn *conn, const struct gx_case *k)
{
	json_t *d = json_pack("{s:s, s:s}", "reference", k->reference, "procedure", k->procedure_id);
	char *data = d != NULL ? json_dumps(d, JSON_COMPACT) : NULL;
	json_decref(d);
	if (data == NULL)
		return GX_DB_HARD_ERROR;
	struct gx_pg_params p = {0};
	gx_pg_param_int(&p, k->submission_id);
	gx_pg_param_text(&p, k->org);
	gx_pg_param_text(&p, k->procedure_id);
	gx_pg_param_text(&p, k->reference);
	gx_pg_param_text(&p, k->status);
	gx_pg_param_text(&p, k->turn);
	gx_pg_param_int(&p, k->final ? 1 : 0);
	gx_pg_param_int(&p, k->submitted_at_us);
	gx_pg_param_text(&p, data);
	/* Its feed number is not needed here: in the writer's batch it goes ahead (ahead.c). */
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_CASE_OPEN, open_sql, GX_PG_WRITE_AHEAD, &p, 0, NULL);
	free(data);
	return s < 0 ? s : s == GX_DB_ONE_RESULT ? s : GX_DB_HARD_ERROR;
}

enum gx_db_status gx_pg_case_get(struct gx_store_conn *conn, long long submission_id, struct gx_case *out)
{
	struct gx_pg_params p = {0};
	PGresult *r;
	gx_pg_param_int(&p, submission_id);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_CASE_GET, get_sql, GX_PG_READ, &p, 0, &r);
	if (s == GX_DB_ONE_RESULT)
		read_case(r, 0, out);
	PQclear(r);
	return s;
}

enum gx_db_status gx_pg_case_update(struct gx_store_conn *conn, long long submission_id, long long expect,
				    const struct gx_case_change *ch)
{
	struct gx_pg_params p = {0};
	gx_pg_param_int(&p, submission_id);
	gx_pg_param_int(&p, expect);
	gx_pg_param_text(&p, ch->status);
	gx_pg_param_text(&p, ch->turn);
	if (ch->final >= 0)
		gx_pg_param_int(&p, ch->final ? 1 : 0);
	else
		gx_pg_param_text(&p, NULL);
	gx_pg_param_text(&p, ch->assignee);
	if (ch->open_request >= 0)
		gx_pg_param_int(&p, ch->open_request);
	else
		gx_pg_param_text(&p, NULL);
	gx_pg_param_int(&p, ch->at_us);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_CASE_UPDATE, update_sql, GX_PG_WRITE, &p, 0, NULL);
	return s == GX_DB_NO_RESULTS ? GX_DB_CONFLICT : s;
}

enum gx_db_status gx_pg_inbox(struct gx_store_conn *conn, const struct gx_inbox_query *q, struct gx_case *rows,
			      size_t limit, size_t *n, bool *more)
{
	size_t lead = inbox_lead(q);
	struct gx_pg_params p = {0};
	PGresult *r;
	*n = 0;
	*more = false;
	gx_pg_param_text(&p, q->org);
	gx_pg_param_text(&p, q->procedure);
	gx_pg_param_text(&p, q->status);
	gx_pg_param_text(&p, q->turn);
	gx_pg_param_text(&p, q->assignee);
	gx_pg_param_text(&p, q->reference);
	gx_pg_param_int(&p, q->from_us);
	gx_pg_param_int(&p, q->to_us);
	gx_pg_param_int(&p, q->after_id);
	gx_pg_param_int(&p, q->after_at_us);
	gx_pg_param_int(&p, (long long)limit + 1); /* one more says whether there are more */
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), inbox_by[lead].id, inbox_by[lead].sql, GX_PG_READ, &p, 0, &r);
	if (s < 0)
		return s;
	for (int row = 0; row < PQntuples(r); row++) {
		if (*n == limit) {
			*more = true;
			break;
		}
		read_case(r, row, &rows[(*n)++]);
	}
	PQclear(r);
	return *n > 0 ? GX_DB_ONE_RESULT : GX_DB_NO_RESULTS;
}

enum gx_db_status gx_pg_inbox_counts(struct gx_store_conn *conn, const char *org, char **out)
{
	struct gx_pg_params p = {0};
	PGresult *r;
	*out = NULL;
	gx_pg_param_text(&p, org);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_INBOX_COUNTS, counts_sql, GX_PG_READ, &p, 0, &r);
	if (s < 0)
		return s;
	/* As SQLite's json_group_object(status, n). */
	struct gx_buf b = GX_BUF_INIT;
	gx_buf_append_char(&b, '{');
	for (int row = 0; row < PQntuples(r); row++) {
		if (row > 0)
			gx_buf_append_char(&b, ',');
		gx_json_write_string(&b, PQgetvalue(r, row, 0), (size_t)PQgetlength(r, row, 0));
		gx_buf_append_char(&b, ':');
		gx_buf_append(&b, PQgetvalue(r, row, 1), (size_t)PQgetlength(r, row, 1));
	}
	gx_buf_append_char(&b, '}');
	PQclear(r);
	if (b.failed) {
		gx_buf_free(&b);
		return GX_DB_HARD_ERROR;
	}
	*out = b.data;
	return GX_DB_ONE_RESULT;
}

enum gx_db_status gx_pg_case_log_append(struct gx_store_conn *conn, long long submission_id, long long at_us,
					const char *kind, const char *author, const char *detail_json, int *seq)
{
	struct gx_pg_params p = {0};
	long long got = 0;
	gx_pg_param_int(&p, submission_id);
	gx_pg_param_int(&p, at_us);
	gx_pg_param_text(&p, kind);
	gx_pg_param_text(&p, author);
	gx_pg_param_text(&p, detail_json);
	enum gx_db_status s = returning(gx_pg_conn(conn), GX_PG_CASE_LOG_INSERT, log_insert_sql, &p, &got);
	if (s == GX_DB_ONE_RESULT && seq != NULL)
		*seq = (int)got;
	return s;
}

/* A list as JSON text: one row per member, "[]" when none. */
static enum gx_db_status json_list(struct gx_pg_conn *c, enum gx_pg_stmt_id id, const char *sql,
				   const struct gx_pg_params *p, const struct gx_pg_json_member *members, int n,
				   char **out)
{
	PGresult *r;
	*out = NULL;
	enum gx_db_status s = gx_pg_run(c, id, sql, GX_PG_READ, p, 0, &r);
	if (s < 0)
		return s;
	*out = gx_pg_json_rows(r, members, n);
	PQclear(r);
	return *out != NULL ? GX_DB_ONE_RESULT : GX_DB_HARD_ERROR;
}

enum gx_db_status gx_pg_case_log(struct gx_store_conn *conn, long long submission_id, char **out)
{
	static const struct gx_pg_json_member members[] = {{"seq", GX_PG_JSON_NUMBER},
							   {"at_us", GX_PG_JSON_NUMBER},
							   {"kind", GX_PG_JSON_STRING},
							   {"author", GX_PG_JSON_STRING},
							   {"detail", GX_PG_JSON_RAW}};
	struct gx_pg_params p = {0};
	gx_pg_param_int(&p, submission_id);
	return json_list(gx_pg_conn(conn), GX_PG_CASE_LOG, log_sql, &p, members, 5, out);
}

enum gx_db_status gx_pg_event_append(struct gx_store_conn *conn, const struct gx_event *e, int *seq)
{
	struct gx_pg_params p = {0};
	long long got = 0;
	gx_pg_param_int(&p, e->submission_id);
	gx_pg_param_int(&p, e->at_us);
	gx_pg_param_text(&p, e->status);
	gx_pg_param_text(&p, e->message_json);
	gx_pg_param_text(&p, e->kind);
	gx_pg_param_text(&p, e->actor_json);
	gx_pg_param_text(&p, e->detail_json);
	enum gx_db_status s = returning(gx_pg_conn(conn), GX_PG_EVENT_APPEND, event_sql, &p, &got);
	if (s == GX_DB_ONE_RESULT && seq != NULL)
		*seq = (int)got;
	return s;
}

enum gx_db_status gx_pg_org_events(struct gx_store_conn *conn, const char *org, long long after, size_t limit,
				   char **out, long long *last)
{
	static const struct gx_pg_json_member members[] = {{"seq", GX_PG_JSON_NUMBER},
							   {"at_us", GX_PG_JSON_NUMBER},
							   {"kind", GX_PG_JSON_STRING},
							   {"submission", GX_PG_JSON_NUMBER},
							   {"data", GX_PG_JSON_RAW}};
	struct gx_pg_params p = {0};
	PGresult *r;
	*out = NULL;
	*last = after;
	gx_pg_param_text(&p, org);
	gx_pg_param_int(&p, after);
	gx_pg_param_int(&p, (long long)limit);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_ORG_EVENTS, org_events_sql, GX_PG_READ, &p, 0, &r);
	if (s < 0)
		return s;
	for (int row = 0; row < PQntuples(r); row++)
		if (gx_pg_int(r, row, 0) > *last)
			*last = gx_pg_int(r, row, 0);
	*out = gx_pg_json_rows(r, members, 5);
	PQclear(r);
	/* As SQLite's aggregate: one row, "[]" when there is nothing. */
	return *out != NULL ? GX_DB_ONE_RESULT : GX_DB_HARD_ERROR;
}

enum gx_db_status gx_pg_idempotent_get(struct gx_store_conn *conn, const char *client, const char *key,
				       struct gx_idempotent *out)
{
	struct gx_pg_params p = {0};
	PGresult *r;
	memset(out, 0, sizeof(*out));
	gx_pg_param_text(&p, client);
	gx_pg_param_text(&p, key);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_IDEM_GET, idem_get_sql, GX_PG_READ, &p, 0, &r);
	if (s == GX_DB_ONE_RESULT) {
		gx_pg_copy_text(r, 0, 0, out->request_hash, sizeof(out->request_hash));
		out->status = (int)gx_pg_int(r, 0, 1);
		if ((out->body = gx_pg_dup_text(r, 0, 2)) == NULL)
			s = GX_DB_HARD_ERROR;
	}
	PQclear(r);
	return s;
}

enum gx_db_status gx_pg_idempotent_put(struct gx_store_conn *conn, const char *client, const char *key,
				       const char *request_hash, int status, const char *body, long long at_us)
{
	struct gx_pg_params p = {0};
	gx_pg_param_text(&p, client);
	gx_pg_param_text(&p, key);
	gx_pg_param_text(&p, request_hash);
	gx_pg_param_int(&p, status);
	gx_pg_param_text(&p, body);
	gx_pg_param_int(&p, at_us);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_IDEM_PUT, idem_put_sql, GX_PG_WRITE, &p, 0, NULL);
	return s == GX_DB_NO_RESULTS ? GX_DB_CONFLICT : s;
}

enum gx_db_status gx_pg_consent_put(struct gx_store_conn *conn, const struct gx_reuse_consent *k)
{
	struct gx_pg_params p = {0};
	gx_pg_param_int(&p, k->submission_id);
	gx_pg_param_text(&p, k->org);
	gx_pg_param_int(&p, k->granted ? 1 : 0);
	gx_pg_param_text(&p, k->registers_json);
	gx_pg_param_text(&p, k->purpose_json);
	gx_pg_param_text(&p, k->legal_basis_json);
	gx_pg_param_int(&p, k->expires_at_us);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_CONSENT_PUT, consent_put_sql, GX_PG_WRITE, &p, 0, NULL);
	return s < 0 ? s : GX_DB_ONE_RESULT;
}

enum gx_db_status gx_pg_consent_get(struct gx_store_conn *conn, long long submission_id,
				    struct gx_reuse_consent *out)
{
	struct gx_pg_params p = {0};
	PGresult *r;
	memset(out, 0, sizeof(*out));
	gx_pg_param_int(&p, submission_id);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_CONSENT_GET, consent_get_sql, GX_PG_READ, &p, 0, &r);
	if (s == GX_DB_ONE_RESULT) {
		out->submission_id = submission_id;
		gx_pg_copy_text(r, 0, 0, out->org, sizeof(out->org));
		out->granted = gx_pg_int(r, 0, 1) != 0;
		out->registers_json = gx_pg_dup_text(r, 0, 2);
		out->purpose_json = gx_pg_dup_text(r, 0, 3);
		out->legal_basis_json = gx_pg_dup_text(r, 0, 4);
		out->expires_at_us = gx_pg_int(r, 0, 5);
		out->revoked_at_us = gx_pg_int(r, 0, 6);
		if (out->registers_json == NULL || out->purpose_json == NULL || out->legal_basis_json == NULL) {
			gx_reuse_consent_clear(out);
			s = GX_DB_HARD_ERROR;
		}
	}
	PQclear(r);
	return s;
}

enum gx_db_status gx_pg_consent_revoke(struct gx_store_conn *conn, long long submission_id, long long at_us)
{
	struct gx_pg_params p = {0};
	gx_pg_param_int(&p, submission_id);
	gx_pg_param_int(&p, at_us);
	return gx_pg_run(gx_pg_conn(conn), GX_PG_CONSENT_REVOKE, consent_revoke_sql, GX_PG_WRITE, &p, 0, NULL);
}
