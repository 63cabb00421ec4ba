/** Drafts, references and submissions with their timeline. */

#include "store/pg/pg_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char draft_insert_sql[] =
	"INSERT INTO drafts (space_id, procedure_id, procedure_version, data, provenance, step, created_at_us,"
	" updated_at_us) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id";
static const char draft_get_sql[] =
	"SELECT space_id, procedure_id, procedure_version, data, provenance, step, created_at_us, updated_at_us"
	" FROM drafts WHERE id = $1";
static const char draft_save_sql[] = "UPDATE drafts SET data = $2, step = $3, updated_at_us = $4 WHERE id = $1";
static const char draft_delete_sql[] = "DELETE FROM drafts WHERE id = $1";
static const char reference_bump_sql[] =
	"INSERT INTO reference_counters (year, last) VALUES ($1, 1)"
	" ON CONFLICT (year) DO UPDATE SET last = reference_counters.last + 1 RETURNING last";
/* The submission and its first event, "submitted", in one statement (one round trip). */
static const char submission_insert_sql[] =
	"WITH s AS (INSERT INTO submissions (space_id, reference, procedure_id, procedure_version, organisation, data,"
	" receipt, signature, submitted_at_us) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id, submitted_at_us)"
	" INSERT INTO submission_events (submission_id, seq, at_us, status, message)"
	" SELECT id, 1, submitted_at_us, 'submitted', NULL FROM s RETURNING submission_id";
/* The same with its id taken beforehand (the writer's, so that it can go ahead). */
static const char submission_insert_id_sql[] =
	"WITH s AS (INSERT INTO submissions (id, space_id, reference, procedure_id, procedure_version, organisation,"
	" data, receipt, signature, submitted_at_us) VALUES ($10, $1, $2, $3, $4, $5, $6, $7, $8, $9)"
	" RETURNING id, submitted_at_us)"
	" INSERT INTO submission_events (submission_id, seq, at_us, status, message)"
	" SELECT id, 1, submitted_at_us, 'submitted', NULL FROM s RETURNING submission_id";
/* Ids for the writer's next submissions, from the column's own sequence. */
static const char submission_ids_sql[] =
	"SELECT nextval(pg_get_serial_sequence('submissions', 'id')) FROM generate_series(1, $1)";
static const char submission_get_sql[] =
	"SELECT space_id, reference, procedure_id, procedure_version, organisation, data, receipt, signature,"
	" submitted_at_us FROM submissions WHERE id = $1";
static const char event_insert_sql[] =
	"INSERT INTO submission_events (submission_id, seq, at_us, status, message)"
	" VALUES ($1, (SELECT coalesce(max(seq), 0) + 1 FROM submission_events WHERE submission_id = $1), $2, $3, $4)";
static const char timeline_sql[] =
	"SELECT seq, at_us, kind, status, message, actor, detail FROM submission_events WHERE submission_id = $1"
	" ORDER BY seq";

/* A statement whose RETURNING gives one number. */
static enum gx_db_status returning_id(struct gx_pg_conn *c, enum gx_pg_stmt_id id, const char *sql,
				      const struct gx_pg_params *p, long long *out)
{
	PGresult *r;
	enum gx_db_status s = gx_pg_run(c, id, sql, GX_PG_WRITE, p, 0, &r);
	if (s == GX_DB_ONE_RESULT)
		*out = gx_pg_int(r, 0, 0);
	PQclear(r);
	return s == GX_DB_NO_RESULTS ? GX_DB_HARD_ERROR : s;
}

enum gx_db_status gx_pg_draft_create(struct gx_store_conn *conn, const struct gx_draft *d, long long *id)
{
	struct gx_pg_params p = {0};
	gx_pg_param_int(&p, d->space_id);
	gx_pg_param_text(&p, d->procedure_id);
	gx_pg_param_int(&p, d->procedure_version);
	gx_pg_param_text(&p, d->data_json);
	gx_pg_param_text(&p, d->provenance_json != NULL ? d->provenance_json : "{}");
	gx_pg_param_int(&p, d->step);
	gx_pg_param_int(&p, d->created_at_us);
	return returning_id(gx_pg_conn(conn), GX_PG_DRAFT_INSERT, draft_insert_sql, &p, id);
}

enum gx_db_status gx_pg_draft_get(struct gx_store_conn *conn, long long id, struct gx_draft *out)
{
	struct gx_pg_params p = {0};
	PGresult *r;
	gx_pg_param_int(&p, id);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_DRAFT_GET, draft_get_sql, GX_PG_READ, &p, 0, &r);
	if (s == GX_DB_ONE_RESULT) {
		out->id = id;
		out->space_id = gx_pg_int(r, 0, 0);
		gx_pg_copy_text(r, 0, 1, out->procedure_id, sizeof(out->procedure_id));
		out->procedure_version = (int)gx_pg_int(r, 0, 2);
		out->data_json = gx_pg_dup_text(r, 0, 3);
		out->provenance_json = gx_pg_dup_text(r, 0, 4);
		out->step = (int)gx_pg_int(r, 0, 5);
		out->created_at_us = gx_pg_int(r, 0, 6);
		out->updated_at_us = gx_pg_int(r, 0, 7);
		if (out->data_json == NULL || out->provenance_json == NULL) {
			gx_draft_clear(out);
			s = GX_DB_HARD_ERROR;
		}
	}
	PQclear(r);
	return s;
}

enum gx_db_status gx_pg_draft_save(struct gx_store_conn *conn, long long id, const char *data_json, int step,
				   long long at_us)
{
	struct gx_pg_params p = {0};
	gx_pg_param_int(&p, id);
	gx_pg_param_text(&p, data_json);
	gx_pg_param_int(&p, step);
	gx_pg_param_int(&p, at_us);
	return gx_pg_run(gx_pg_conn(conn), GX_PG_DRAFT_SAVE, draft_save_sql, GX_PG_WRITE_AHEAD, &p, 0, NULL);
}

enum gx_db_status gx_pg_draft_delete(struct gx_store_conn *conn, long long id)
{
	struct gx_pg_params p = {0};
	gx_pg_param_int(&p, id);
	return gx_pg_run(gx_pg_conn(conn), GX_PG_DRAFT_DELETE, draft_delete_sql, GX_PG_WRITE_AHEAD, &p, 0, NULL);
}

enum gx_db_status gx_pg_reference_next(struct gx_store_conn *conn, int year, long long *seq)
{
	struct gx_pg_params p = {0};
	gx_pg_param_int(&p, year);
	return returning_id(gx_pg_conn(conn), GX_PG_REFERENCE_BUMP, reference_bump_sql, &p, seq);
}

/* The writer's next submission id: from its block, taken GX_PG_ID_BLOCK at a time. */
static enum gx_db_status next_submission_id(struct gx_pg_conn *c, long long *id)
{
	if (c->nids == 0) {
		struct gx_pg_params p = {0};
		PGresult *r;
		gx_pg_param_int(&p, GX_PG_ID_BLOCK);
		enum gx_db_status s = gx_pg_run(c, GX_PG_SUBMISSION_IDS, submission_ids_sql, GX_PG_WRITE, &p, 0, &r);
		if (s == GX_DB_ONE_RESULT && PQntuples(r) == GX_PG_ID_BLOCK) {
			/* Taken from the end: the smallest first. */
			for (int i = 0; i < GX_PG_ID_BLOCK; i++)
				c->ids[GX_PG_ID_BLOCK - 1 - i] = gx_pg_int(r, i, 0);
			c->nids = GX_PG_ID_BLOCK;
		} else if (s >= 0) {
			s = GX_DB_HARD_ERROR;
		}
		PQclear(r);
		if (s < 0)
			return s;
	}
	*id = c->ids[--c->nids];
	return GX_DB_ONE_RESULT;
}

enum gx_db_status gx_pg_submission_insert(struct gx_store_conn *conn, const struct gx_submission *s, long long *id)
{
	struct gx_pg_conn *c = gx_pg_conn(conn);
	struct gx_pg_params p = {0};
	gx_pg_param_int(&p, s->space_id);
	gx_pg_param_text(&p, s->reference);
	gx_pg_param_text(&p, s->procedure_id);
	gx_pg_param_int(&p, s->procedure_version);
	gx_pg_param_text(&p, s->organisation);
	gx_pg_param_text(&p, s->data_json);
	gx_pg_param_text(&p, s->receipt_json);
	gx_pg_param_text(&p, s->signature);
	gx_pg_param_int(&p, s->submitted_at_us);
	if (!c->writer)
		return returning_id(c, GX_PG_SUBMISSION_INSERT, submission_insert_sql, &p, id);
	/* The writer knows the id beforehand, so the insert needs no answer and goes ahead. */
	long long taken;
	enum gx_db_status st = next_submission_id(c, &taken);
	if (st < 0)
		return st;
	gx_pg_param_int(&p, taken);
	st = gx_pg_run(c, GX_PG_SUBMISSION_INSERT_ID, submission_insert_id_sql, GX_PG_WRITE_AHEAD, &p, 0, NULL);
	if (st == GX_DB_ONE_RESULT)
		*id = taken;
	return st == GX_DB_NO_RESULTS ? GX_DB_HARD_ERROR : st;
}

enum gx_db_status gx_pg_submission_get(struct gx_store_conn *conn, long long id, struct gx_submission *out)
{
	struct gx_pg_params p = {0};
	PGresult *r;
	gx_pg_param_int(&p, id);
	enum gx_db_status s =
		gx_pg_run(gx_pg_conn(conn), GX_PG_SUBMISSION_GET, submission_get_sql, GX_PG_READ, &p, 0, &r);
	if (s == GX_DB_ONE_RESULT) {
		out->id = id;
		out->space_id = gx_pg_int(r, 0, 0);
		gx_pg_copy_text(r, 0, 1, out->reference, sizeof(out->reference));
		gx_pg_copy_text(r, 0, 2, out->procedure_id, sizeof(out->procedure_id));
		out->procedure_version = (int)gx_pg_int(r, 0, 3);
		gx_pg_copy_text(r, 0, 4, out->organisation, sizeof(out->organisation));
		out->data_json = gx_pg_dup_text(r, 0, 5);
		out->receipt_json = gx_pg_dup_text(r, 0, 6);
		gx_pg_copy_text(r, 0, 7, out->signature, sizeof(out->signature));
		out->submitted_at_us = gx_pg_int(r, 0, 8);
		if (out->data_json == NULL || out->receipt_json == NULL) {
			gx_submission_clear(out);
			s = GX_DB_HARD_ERROR;
		}
	}
	PQclear(r);
	return s;
}

enum gx_db_status gx_pg_submission_event(struct gx_store_conn *conn, long long submission_id, long long at_us,
					 const char *status, const char *message_json)
{
	struct gx_pg_params p = {0};
	gx_pg_param_int(&p, submission_id);
	gx_pg_param_int(&p, at_us);
	gx_pg_param_text(&p, status);
	gx_pg_param_text(&p, message_json);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_EVENT_INSERT, event_insert_sql, GX_PG_WRITE_AHEAD, &p, 0, NULL);
	return s < 0 ? s : GX_DB_ONE_RESULT;
}

enum gx_db_status gx_pg_submission_timeline(struct gx_store_conn *conn, long long submission_id, char **out)
{
	static const struct gx_pg_json_member members[] = {
		{"seq", GX_PG_JSON_NUMBER},     {"at_us", GX_PG_JSON_NUMBER}, {"kind", GX_PG_JSON_STRING},
		{"status", GX_PG_JSON_STRING},  {"message", GX_PG_JSON_RAW},  {"actor", GX_PG_JSON_RAW},
		{"detail", GX_PG_JSON_RAW}};
	struct gx_pg_params p = {0};
	PGresult *r;
	*out = NULL;
	gx_pg_param_int(&p, submission_id);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_TIMELINE, timeline_sql, GX_PG_READ, &p, 0, &r);
	if (s < 0)
		return s;
	*out = gx_pg_json_rows(r, members, 7);
	PQclear(r);
	/* As SQLite's aggregate: one row, "[]" when there is nothing. */
	return *out != NULL ? GX_DB_ONE_RESULT : GX_DB_HARD_ERROR;
}
