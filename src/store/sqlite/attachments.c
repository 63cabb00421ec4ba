/** Attachments: the bytes of a draft's file fields, then of its submission. */

#include "store/sqlite/sqlite_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char put_sql[] =
	"INSERT INTO attachments (id, space_id, draft_id, field, content_type, size, sha256, data, created_at_us, name,"
	" submission_id, kind, event_seq) VALUES (?1, ?2, nullif(?3, 0), ?4, ?5, ?6, ?7, ?8, ?9, ?10, nullif(?11, 0),"
	" ?12, nullif(?13, 0))";
static const char get_sql[] =
	"SELECT space_id, coalesce(draft_id, 0), field, content_type, size, sha256, created_at_us,"
	" CASE WHEN ?2 THEN data END, name, coalesce(submission_id, 0), kind, coalesce(event_seq, 0)"
	" FROM attachments WHERE id = ?1";
/* At submit: the first named id that is not the draft's; the named ones moved; the others dropped. */
static const char missing_sql[] =
	"SELECT j.value FROM json_each(?2) AS j WHERE j.type <> 'text' OR NOT EXISTS"
	" (SELECT 1 FROM attachments a WHERE a.id = j.value AND a.draft_id = ?1) LIMIT 1";
static const char submit_sql[] =
	"UPDATE attachments SET submission_id = ?2, draft_id = NULL"
	" WHERE draft_id = ?1 AND id IN (SELECT value FROM json_each(?3))";
static const char drop_unnamed_sql[] = "DELETE FROM attachments WHERE draft_id = ?1";
#define LIST_OF(owner)                                                                                        \
	"SELECT coalesce(json_group_array(json_object('id', id, 'field', field, 'name', name, 'content_type',"     \
	" content_type, 'size', size, 'kind', kind, 'event', event_seq)), '[]') FROM (SELECT id, field, name,"    \
	" content_type, size, kind, event_seq FROM attachments WHERE " owner " = ?1 ORDER BY created_at_us, id)"
static const char of_draft_sql[] = LIST_OF("draft_id");
static const char of_submission_sql[] = LIST_OF("submission_id");
static const char delete_sql[] = "DELETE FROM attachments WHERE id = ?1 AND draft_id = ?2";
static const char draft_delete_sql[] = "DELETE FROM attachments WHERE draft_id = ?1";

enum gx_db_status gx_sqlite_attachment_put(struct gx_store_conn *conn, const struct gx_attachment *a)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_ATTACHMENT_PUT, put_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_text(st, 1, a->id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, a->space_id);
	sqlite3_bind_int64(st, 3, a->draft_id);
	sqlite3_bind_text(st, 4, a->field, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, a->content_type, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, a->size);
	sqlite3_bind_text(st, 7, a->sha256, -1, SQLITE_STATIC);
	sqlite3_bind_blob64(st, 8, a->data, (sqlite3_uint64)a->size, SQLITE_STATIC);
	sqlite3_bind_int64(st, 9, a->created_at_us);
	sqlite3_bind_text(st, 10, a->name, -1, SQLITE_STATIC);
	static const char *const kinds[] = {[GX_ATTACHMENT_FORM] = "form", [GX_ATTACHMENT_ANSWER] = "answer",
					    [GX_ATTACHMENT_DECISION] = "decision"};
	sqlite3_bind_int64(st, 11, a->submission_id);
	sqlite3_bind_text(st, 12, kinds[a->kind], -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 13, a->event_seq);
	enum gx_db_status s = gx_sqlite_run(st);
	return s < 0 ? s : GX_DB_ONE_RESULT;
}

enum gx_db_status gx_sqlite_attachment_get(struct gx_store_conn *conn, const char *id, bool with_data,
					   struct gx_attachment *out)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_ATTACHMENT_GET, get_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, with_data ? 1 : 0);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		memset(out, 0, sizeof(*out));
		snprintf(out->id, sizeof(out->id), "%s", id);
		out->space_id = sqlite3_column_int64(st, 0);
		out->draft_id = sqlite3_column_int64(st, 1);
		gx_sqlite_copy_text(st, 2, out->field, sizeof(out->field));
		gx_sqlite_copy_text(st, 3, out->content_type, sizeof(out->content_type));
		out->size = sqlite3_column_int64(st, 4);
		gx_sqlite_copy_text(st, 5, out->sha256, sizeof(out->sha256));
		out->created_at_us = sqlite3_column_int64(st, 6);
		gx_sqlite_copy_text(st, 8, out->name, sizeof(out->name));
		out->submission_id = sqlite3_column_int64(st, 9);
		const char *kind = (const char *)sqlite3_column_text(st, 10);
		out->kind = kind == NULL || strcmp(kind, "form") == 0 ? GX_ATTACHMENT_FORM
			    : strcmp(kind, "answer") == 0	       ? GX_ATTACHMENT_ANSWER
								       : GX_ATTACHMENT_DECISION;
		out->event_seq = sqlite3_column_int(st, 11);
		if (with_data) {
			int n = sqlite3_column_bytes(st, 7);
			void *copy = malloc(n > 0 ? (size_t)n : 1);
			if (copy == NULL) {
				gx_sqlite_finish(st, rc);
				return GX_DB_HARD_ERROR;
			}
			if (n > 0)
				memcpy(copy, sqlite3_column_blob(st, 7), (size_t)n);
			out->data = copy;
			out->size = n;
		}
	}
	return gx_sqlite_finish(st, rc);
}

enum gx_db_status gx_sqlite_attachments_submit(struct gx_store_conn *conn, long long draft_id, long long submission_id,
					       const char *ids_json, char *missing, size_t missing_len)
{
	struct gx_sqlite_conn *c = gx_sqlite_conn(conn);
	if (missing_len > 0)
		missing[0] = '\0';
	/* Every id the answers name must still be the draft's: a file removed
	 * since the answers were checked fails the submission, nothing changed. */
	sqlite3_stmt *st = gx_sqlite_stmt(c, GX_SQLITE_ATTACHMENTS_MISSING, missing_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, draft_id);
	sqlite3_bind_text(st, 2, ids_json, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		gx_sqlite_copy_text(st, 0, missing, missing_len);
	enum gx_db_status s = gx_sqlite_finish(st, rc);
	if (s != GX_DB_NO_RESULTS)
		return s < 0 ? s : GX_DB_CONFLICT;
	st = gx_sqlite_stmt(c, GX_SQLITE_ATTACHMENTS_SUBMIT, submit_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, draft_id);
	sqlite3_bind_int64(st, 2, submission_id);
	sqlite3_bind_text(st, 3, ids_json, -1, SQLITE_STATIC);
	if ((s = gx_sqlite_run(st)) < 0)
		return s;
	/* Files the answers do not name (a removed group item's, a hidden field's) go with the draft. */
	st = gx_sqlite_stmt(c, GX_SQLITE_ATTACHMENTS_DROP_UNNAMED, drop_unnamed_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, draft_id);
	s = gx_sqlite_run(st);
	return s < 0 ? s : GX_DB_ONE_RESULT;
}

enum gx_db_status gx_sqlite_attachments_list(struct gx_store_conn *conn, enum gx_attachment_owner owner,
					     long long owner_id, char **out)
{
	bool draft = owner == GX_ATTACHMENTS_OF_DRAFT;
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn),
					  draft ? GX_SQLITE_ATTACHMENTS_OF_DRAFT : GX_SQLITE_ATTACHMENTS_OF_SUBMISSION,
					  draft ? of_draft_sql : of_submission_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, owner_id);
	int rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW ? gx_sqlite_dup_text(st, 0) : NULL;
	enum gx_db_status s = gx_sqlite_finish(st, rc);
	if (s == GX_DB_ONE_RESULT && *out == NULL)
		return GX_DB_HARD_ERROR;
	return s;
}

enum gx_db_status gx_sqlite_attachment_delete(struct gx_store_conn *conn, const char *id, long long draft_id)
{
	struct gx_sqlite_conn *c = gx_sqlite_conn(conn);
	sqlite3_stmt *st = gx_sqlite_stmt(c, GX_SQLITE_ATTACHMENT_DELETE, delete_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, draft_id);
	enum gx_db_status s = gx_sqlite_run(st);
	if (s < 0)
		return s;
	return sqlite3_changes(c->db) > 0 ? GX_DB_ONE_RESULT : GX_DB_NO_RESULTS;
}

enum gx_db_status gx_sqlite_draft_attachments_delete(struct gx_store_conn *conn, long long draft_id)
{
	struct gx_sqlite_conn *c = gx_sqlite_conn(conn);
	sqlite3_stmt *st = gx_sqlite_stmt(c, GX_SQLITE_DRAFT_ATTACHMENTS_DELETE, draft_delete_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, draft_id);
	enum gx_db_status s = gx_sqlite_run(st);
	if (s < 0)
		return s;
	return sqlite3_changes(c->db) > 0 ? GX_DB_ONE_RESULT : GX_DB_NO_RESULTS;
}
