/** Drafts, references and submissions with their timeline. */

#include "store/sqlite/sqlite_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char draft_insert_sql[] =
	"INSERT INTO drafts (space_id, procedure_id, procedure_version, data, provenance, step, created_at_us,"
	" updated_at_us, started_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, nullif(?8, 0))";
static const char draft_get_sql[] =
	"SELECT space_id, procedure_id, procedure_version, data, provenance, step, created_at_us, updated_at_us,"
	" coalesce(started_by, 0) FROM drafts WHERE id = ?1";
static const char draft_save_sql[] = "UPDATE drafts SET data = ?2, step = ?3, updated_at_us = ?4 WHERE id = ?1";
static const char draft_delete_sql[] = "DELETE FROM drafts WHERE id = ?1";
static const char reference_bump_sql[] =
	"INSERT INTO reference_counters (year, last) VALUES (?1, 1)"
	" ON CONFLICT (year) DO UPDATE SET last = last + 1 RETURNING last";
static const char submission_insert_sql[] =
	"INSERT INTO submissions (space_id, reference, procedure_id, procedure_version, organisation, data, receipt,"
	" signature, submitted_at_us, started_by, submitted_by)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, nullif(?10, 0), nullif(?11, 0))";
static const char submission_get_sql[] =
	"SELECT space_id, reference, procedure_id, procedure_version, organisation, data, receipt, signature,"
	" submitted_at_us, coalesce(started_by, 0), coalesce(submitted_by, 0) FROM submissions WHERE id = ?1";
static const char event_insert_sql[] =
	"INSERT INTO submission_events (submission_id, seq, at_us, status, message)"
	" VALUES (?1, (SELECT coalesce(max(seq), 0) + 1 FROM submission_events WHERE submission_id = ?1), ?2, ?3, ?4)";
static const char timeline_sql[] =
	"SELECT coalesce(json_group_array(json_object('seq', seq, 'at_us', at_us, 'kind', kind, 'status', status,"
	" 'message', json(message), 'actor', json(actor), 'detail', json(detail))), '[]')"
	" FROM (SELECT * FROM submission_events WHERE submission_id = ?1 ORDER BY seq)";

enum gx_db_status gx_sqlite_draft_create(struct gx_store_conn *conn, const struct gx_draft *d, long long *id)
{
	struct gx_sqlite_conn *c = gx_sqlite_conn(conn);
	sqlite3_stmt *st = gx_sqlite_stmt(c, GX_SQLITE_DRAFT_INSERT, draft_insert_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, d->space_id);
	sqlite3_bind_text(st, 2, d->procedure_id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, d->procedure_version);
	sqlite3_bind_text(st, 4, d->data_json, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, d->provenance_json != NULL ? d->provenance_json : "{}", -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 6, d->step);
	sqlite3_bind_int64(st, 7, d->created_at_us);
	sqlite3_bind_int64(st, 8, d->started_by);
	enum gx_db_status s = gx_sqlite_run(st);
	if (s < 0)
		return s;
	*id = sqlite3_last_insert_rowid(c->db);
	return GX_DB_ONE_RESULT;
}

enum gx_db_status gx_sqlite_draft_get(struct gx_store_conn *conn, long long id, struct gx_draft *out)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_DRAFT_GET, draft_get_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->id = id;
		out->space_id = sqlite3_column_int64(st, 0);
		gx_sqlite_copy_text(st, 1, out->procedure_id, sizeof(out->procedure_id));
		out->procedure_version = sqlite3_column_int(st, 2);
		out->data_json = gx_sqlite_dup_text(st, 3);
		out->provenance_json = gx_sqlite_dup_text(st, 4);
		out->step = sqlite3_column_int(st, 5);
		out->created_at_us = sqlite3_column_int64(st, 6);
		out->updated_at_us = sqlite3_column_int64(st, 7);
		out->started_by = sqlite3_column_int64(st, 8);
		if (out->data_json == NULL || out->provenance_json == NULL) {
			gx_draft_clear(out);
			gx_sqlite_finish(st, rc);
			return GX_DB_HARD_ERROR;
		}
	}
	return gx_sqlite_finish(st, rc);
}

enum gx_db_status gx_sqlite_draft_save(struct gx_store_conn *conn, long long id, const char *data_json, int step,
				       long long at_us)
{
	struct gx_sqlite_conn *c = gx_sqlite_conn(conn);
	sqlite3_stmt *st = gx_sqlite_stmt(c, GX_SQLITE_DRAFT_SAVE, draft_save_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, data_json, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, step);
	sqlite3_bind_int64(st, 4, at_us);
	enum gx_db_status s = gx_sqlite_run(st);
	if (s < 0)
		return s;
	return sqlite3_changes(c->db) > 0 ? GX_DB_ONE_RESULT : GX_DB_NO_RESULTS;
}

enum gx_db_status gx_sqlite_draft_delete(struct gx_store_conn *conn, long long id)
{
	struct gx_sqlite_conn *c = gx_sqlite_conn(conn);
	sqlite3_stmt *st = gx_sqlite_stmt(c, GX_SQLITE_DRAFT_DELETE, draft_delete_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, id);
	enum gx_db_status s = gx_sqlite_run(st);
	if (s < 0)
		return s;
	return sqlite3_changes(c->db) > 0 ? GX_DB_ONE_RESULT : GX_DB_NO_RESULTS;
}

enum gx_db_status gx_sqlite_reference_next(struct gx_store_conn *conn, int year, long long *seq)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_REFERENCE_BUMP, reference_bump_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int(st, 1, year);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*seq = sqlite3_column_int64(st, 0);
		rc = sqlite3_step(st); /* to its end, so the change is complete before the reset */
		rc = rc == SQLITE_DONE ? SQLITE_ROW : rc;
	}
	enum gx_db_status s = gx_sqlite_finish(st, rc);
	return s == GX_DB_NO_RESULTS ? GX_DB_HARD_ERROR : s;
}

enum gx_db_status gx_sqlite_submission_insert(struct gx_store_conn *conn, const struct gx_submission *s, long long *id)
{
	struct gx_sqlite_conn *c = gx_sqlite_conn(conn);
	sqlite3_stmt *st = gx_sqlite_stmt(c, GX_SQLITE_SUBMISSION_INSERT, submission_insert_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, s->space_id);
	sqlite3_bind_text(st, 2, s->reference, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, s->procedure_id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, s->procedure_version);
	sqlite3_bind_text(st, 5, s->organisation, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, s->data_json, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, s->receipt_json, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, s->signature, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 9, s->submitted_at_us);
	sqlite3_bind_int64(st, 10, s->started_by);
	sqlite3_bind_int64(st, 11, s->submitted_by);
	enum gx_db_status r = gx_sqlite_run(st);
	if (r < 0)
		return r;
	*id = sqlite3_last_insert_rowid(c->db);
	return gx_sqlite_submission_event(conn, *id, s->submitted_at_us, "submitted", NULL) < 0 ? GX_DB_HARD_ERROR
												  : GX_DB_ONE_RESULT;
}

enum gx_db_status gx_sqlite_submission_get(struct gx_store_conn *conn, long long id, struct gx_submission *out)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_SUBMISSION_GET, submission_get_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->id = id;
		out->space_id = sqlite3_column_int64(st, 0);
		gx_sqlite_copy_text(st, 1, out->reference, sizeof(out->reference));
		gx_sqlite_copy_text(st, 2, out->procedure_id, sizeof(out->procedure_id));
		out->procedure_version = sqlite3_column_int(st, 3);
		gx_sqlite_copy_text(st, 4, out->organisation, sizeof(out->organisation));
		out->data_json = gx_sqlite_dup_text(st, 5);
		out->receipt_json = gx_sqlite_dup_text(st, 6);
		gx_sqlite_copy_text(st, 7, out->signature, sizeof(out->signature));
		out->submitted_at_us = sqlite3_column_int64(st, 8);
		out->started_by = sqlite3_column_int64(st, 9);
		out->submitted_by = sqlite3_column_int64(st, 10);
		if (out->data_json == NULL || out->receipt_json == NULL) {
			gx_submission_clear(out);
			gx_sqlite_finish(st, rc);
			return GX_DB_HARD_ERROR;
		}
	}
	return gx_sqlite_finish(st, rc);
}

enum gx_db_status gx_sqlite_submission_event(struct gx_store_conn *conn, long long submission_id, long long at_us,
					     const char *status, const char *message_json)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_EVENT_INSERT, event_insert_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, submission_id);
	sqlite3_bind_int64(st, 2, at_us);
	sqlite3_bind_text(st, 3, status, -1, SQLITE_STATIC);
	if (message_json != NULL)
		sqlite3_bind_text(st, 4, message_json, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 4);
	enum gx_db_status s = gx_sqlite_run(st);
	return s < 0 ? s : GX_DB_ONE_RESULT;
}

enum gx_db_status gx_sqlite_submission_timeline(struct gx_store_conn *conn, long long submission_id, char **out)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_TIMELINE, timeline_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, submission_id);
	int rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW ? gx_sqlite_dup_text(st, 0) : NULL;
	enum gx_db_status s = gx_sqlite_finish(st, rc);
	if (s == GX_DB_ONE_RESULT && *out == NULL)
		return GX_DB_HARD_ERROR;
	return s;
}
