/** Attachments: the bytes of a draft's file fields, then of its submission. */

#include "store/pg/pg_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char put_sql[] =
	"INSERT INTO attachments (id, space_id, draft_id, field, content_type, size, sha256, data, created_at_us, name,"
	" submission_id, kind, event_seq) VALUES ($1, $2, nullif($3::bigint, 0), $4, $5, $6, $7, $8, $9, $10,"
	" nullif($11::bigint, 0), $12, nullif($13::bigint, 0))";
/* Binary results (the bytes as they are): int8 columns come as 8 bytes, big-endian. */
static const char get_sql[] =
	"SELECT space_id, coalesce(draft_id, 0), field, content_type, size, sha256, created_at_us,"
	" CASE WHEN $2::boolean THEN data END, name, coalesce(submission_id, 0), kind, coalesce(event_seq, 0)"
	" FROM attachments WHERE id = $1";
/* At submit: the first named id (in the array's order) that is not the draft's; the named ones moved; the others dropped. */
static const char missing_sql[] =
	"SELECT CASE WHEN json_typeof(j.value) = 'string' THEN j.value #>> '{}' ELSE j.value::text END"
	" FROM json_array_elements($2::json) WITH ORDINALITY AS j (value, n)"
	" WHERE json_typeof(j.value) <> 'string' OR NOT EXISTS"
	" (SELECT 1 FROM attachments a WHERE a.id = j.value #>> '{}' AND a.draft_id = $1) ORDER BY j.n LIMIT 1";
static const char submit_sql[] =
	"UPDATE attachments SET submission_id = $2, draft_id = NULL"
	" WHERE draft_id = $1 AND id IN (SELECT json_array_elements_text($3::json))";
static const char drop_unnamed_sql[] = "DELETE FROM attachments WHERE draft_id = $1";
#define LIST_OF(owner)                                                                                            \
	"SELECT id, field, name, content_type, size, kind, event_seq FROM attachments WHERE " owner " = $1"     \
	" ORDER BY created_at_us, id COLLATE \"C\""
static const char of_draft_sql[] = LIST_OF("draft_id");
static const char of_submission_sql[] = LIST_OF("submission_id");
static const char delete_sql[] = "DELETE FROM attachments WHERE id = $1 AND draft_id = $2";
static const char draft_delete_sql[] = "DELETE FROM attachments WHERE draft_id = $1";

enum gx_db_status gx_pg_attachment_put(struct gx_store_conn *conn, const struct gx_attachment *a)
{
	struct gx_pg_params p = {0};
	gx_pg_param_text(&p, a->id);
	gx_pg_param_int(&p, a->space_id);
	gx_pg_param_int(&p, a->draft_id);
	gx_pg_param_text(&p, a->field);
	gx_pg_param_text(&p, a->content_type);
	gx_pg_param_int(&p, a->size);
	gx_pg_param_text(&p, a->sha256);
	gx_pg_param_bytes(&p, a->data, (size_t)a->size);
	gx_pg_param_int(&p, a->created_at_us);
	gx_pg_param_text(&p, a->name);
	static const char *const kinds[] = {[GX_ATTACHMENT_FORM] = "form", [GX_ATTACHMENT_ANSWER] = "answer",
					    [GX_ATTACHMENT_DECISION] = "decision"};
	gx_pg_param_int(&p, a->submission_id);
	gx_pg_param_text(&p, kinds[a->kind]);
	gx_pg_param_int(&p, a->event_seq);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_ATTACHMENT_PUT, put_sql, GX_PG_WRITE, &p, 0, NULL);
	return s < 0 ? s : GX_DB_ONE_RESULT;
}

static void copy_binary_text(const PGresult *r, int col, char *out, size_t size)
{
	gx_pg_copy_text(r, 0, col, out, size); /* text's binary form is its bytes */
}

enum gx_db_status gx_pg_attachment_get(struct gx_store_conn *conn, const char *id, bool with_data,
				       struct gx_attachment *out)
{
	struct gx_pg_params p = {0};
	PGresult *r;
	gx_pg_param_text(&p, id);
	gx_pg_param_bool(&p, with_data);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_ATTACHMENT_GET, get_sql, GX_PG_READ, &p, 1, &r);
	if (s == GX_DB_ONE_RESULT) {
		memset(out, 0, sizeof(*out));
		snprintf(out->id, sizeof(out->id), "%s", id);
		out->space_id = gx_pg_int8_binary(r, 0, 0);
		out->draft_id = gx_pg_int8_binary(r, 0, 1);
		copy_binary_text(r, 2, out->field, sizeof(out->field));
		copy_binary_text(r, 3, out->content_type, sizeof(out->content_type));
		out->size = gx_pg_int8_binary(r, 0, 4);
		copy_binary_text(r, 5, out->sha256, sizeof(out->sha256));
		out->created_at_us = gx_pg_int8_binary(r, 0, 6);
		copy_binary_text(r, 8, out->name, sizeof(out->name));
		out->submission_id = gx_pg_int8_binary(r, 0, 9);
		const char *kind = PQgetisnull(r, 0, 10) ? "form" : PQgetvalue(r, 0, 10);
		out->kind = strcmp(kind, "form") == 0 ? GX_ATTACHMENT_FORM
			    : strcmp(kind, "answer") == 0 ? GX_ATTACHMENT_ANSWER
							  : GX_ATTACHMENT_DECISION;
		out->event_seq = (int)gx_pg_int8_binary(r, 0, 11);
		if (with_data) {
			int n = PQgetlength(r, 0, 7);
			void *copy = malloc(n > 0 ? (size_t)n : 1);
			if (copy == NULL) {
				PQclear(r);
				return GX_DB_HARD_ERROR;
			}
			if (n > 0)
				memcpy(copy, PQgetvalue(r, 0, 7), (size_t)n);
			out->data = copy;
			out->size = n;
		}
	}
	PQclear(r);
	return s;
}

enum gx_db_status gx_pg_attachments_submit(struct gx_store_conn *conn, long long draft_id, long long submission_id,
					   const char *ids_json, char *missing, size_t missing_len)
{
	struct gx_pg_conn *c = gx_pg_conn(conn);
	struct gx_pg_params p = {0};
	PGresult *r;
	if (missing_len > 0)
		missing[0] = '\0';
	/* Every id the answers name must still be the draft's: a file removed
	 * since the answers were checked fails the submission, nothing changed. */
	gx_pg_param_int(&p, draft_id);
	gx_pg_param_text(&p, ids_json);
	enum gx_db_status s = gx_pg_run(c, GX_PG_ATTACHMENTS_MISSING, missing_sql, GX_PG_READ, &p, 0, &r);
	if (s == GX_DB_ONE_RESULT)
		gx_pg_copy_text(r, 0, 0, missing, missing_len);
	PQclear(r);
	if (s != GX_DB_NO_RESULTS)
		return s < 0 ? s : GX_DB_CONFLICT;
	p = (struct gx_pg_params){0};
	gx_pg_param_int(&p, draft_id);
	gx_pg_param_int(&p, submission_id);
	gx_pg_param_text(&p, ids_json);
	if ((s = gx_pg_run(c, GX_PG_ATTACHMENTS_SUBMIT, submit_sql, GX_PG_WRITE, &p, 0, NULL)) < 0)
		return s;
	/* Files the answers do not name (a removed group item's, a hidden field's) go with the draft. */
	p = (struct gx_pg_params){0};
	gx_pg_param_int(&p, draft_id);
	s = gx_pg_run(c, GX_PG_ATTACHMENTS_DROP_UNNAMED, drop_unnamed_sql, GX_PG_WRITE, &p, 0, NULL);
	return s < 0 ? s : GX_DB_ONE_RESULT;
}

enum gx_db_status gx_pg_attachments_list(struct gx_store_conn *conn, enum gx_attachment_owner owner,
					 long long owner_id, char **out)
{
	static const struct gx_pg_json_member members[] = {{"id", GX_PG_JSON_STRING},
							   {"field", GX_PG_JSON_STRING},
							   {"name", GX_PG_JSON_STRING},
							   {"content_type", GX_PG_JSON_STRING},
							   {"size", GX_PG_JSON_NUMBER},
							   {"kind", GX_PG_JSON_STRING},
							   {"event", GX_PG_JSON_NUMBER}};
	bool draft = owner == GX_ATTACHMENTS_OF_DRAFT;
	struct gx_pg_params p = {0};
	PGresult *r;
	*out = NULL;
	gx_pg_param_int(&p, owner_id);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), draft ? GX_PG_ATTACHMENTS_OF_DRAFT : GX_PG_ATTACHMENTS_OF_SUBMISSION,
					draft ? of_draft_sql : of_submission_sql, GX_PG_READ, &p, 0, &r);
	if (s < 0)
		return s;
	*out = gx_pg_json_rows(r, members, 7);
	PQclear(r);
	return *out != NULL ? GX_DB_ONE_RESULT : GX_DB_HARD_ERROR;
}

enum gx_db_status gx_pg_attachment_delete(struct gx_store_conn *conn, const char *id, long long draft_id)
{
	struct gx_pg_params p = {0};
	gx_pg_param_text(&p, id);
	gx_pg_param_int(&p, draft_id);
	return gx_pg_run(gx_pg_conn(conn), GX_PG_ATTACHMENT_DELETE, delete_sql, GX_PG_WRITE, &p, 0, NULL);
}

enum gx_db_status gx_pg_draft_attachments_delete(struct gx_store_conn *conn, long long draft_id)
{
	struct gx_pg_params p = {0};
	gx_pg_param_int(&p, draft_id);
	return gx_pg_run(gx_pg_conn(conn), GX_PG_DRAFT_ATTACHMENTS_DELETE, draft_delete_sql, GX_PG_WRITE, &p, 0, NULL);
}
