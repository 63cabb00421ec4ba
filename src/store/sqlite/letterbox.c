/** The letter box's documents, opt-ins, receipts and tombstones (store/letterbox.h). */

#include <stdlib.h>
#include <string.h>

#include "store/letterbox_int.h"
#include "store/sqlite/sqlite_int.h"

static const char recipient_sql[] =
	"SELECT p.id, s.id FROM persons p JOIN spaces s ON s.owner_person_id = p.id AND s.kind = 'private'"
	" WHERE p.national_id = ?1";
static const char space_person_sql[] = "SELECT owner_person_id FROM spaces WHERE id = ?1 AND owner_person_id IS NOT NULL";
static const char optin_get_sql[] =
	"SELECT 1 FROM letterbox_optins WHERE space_id = ?1 AND org_id = ?2 AND doc_type = ?3";
static const char optin_on_sql[] =
	"INSERT INTO letterbox_optins (space_id, org_id, doc_type, at_us) VALUES (?1, ?2, ?3, ?4)"
	" ON CONFLICT (space_id, org_id, doc_type) DO NOTHING";
static const char optin_off_sql[] =
	"DELETE FROM letterbox_optins WHERE space_id = ?1 AND org_id = ?2 AND doc_type = ?3";
static const char optins_sql[] =
	"SELECT coalesce(json_group_array(json_object('org', org_id, 'type', doc_type, 'at_us', at_us)), '[]') FROM"
	" (SELECT org_id, doc_type, at_us FROM letterbox_optins WHERE space_id = ?1 ORDER BY org_id, doc_type)";
static const char insert_sql[] =
	"INSERT INTO letterbox_documents (space_id, org_id, doc_type, title, title_folded, notice_title, file_name,"
	" content_type, size, sha256, due_date, confirmation_required, submission_id, sender, delivered_at_us,"
	" expires_at_us) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)";
static const char content_insert_sql[] = "INSERT INTO letterbox_contents (document_id, data) VALUES (?1, ?2)";
#define COLUMNS                                                                                                   \
	"id, space_id, org_id, doc_type, title, notice_title, file_name, content_type, size, sha256,"            \
	" coalesce(due_date, ''), confirmation_required, coalesce(submission_id, 0), sender, delivered_at_us,"   \
	" expires_at_us, coalesce(read_at_us, 0), coalesce(confirmed_at_us, 0), archived"
static const char get_sql[] = "SELECT " COLUMNS " FROM letterbox_documents WHERE id = ?1";
static const char content_sql[] = "SELECT data FROM letterbox_contents WHERE document_id = ?1";
static const char mark_read_sql[] =
	"UPDATE letterbox_documents SET unread = 0, read_at_us = ?2 WHERE id = ?1 AND read_at_us IS NULL";
static const char confirm_sql[] =
	"UPDATE letterbox_documents SET confirmed_at_us = ?2 WHERE id = ?1 AND confirmed_at_us IS NULL";
static const char archive_sql[] = "UPDATE letterbox_documents SET archived = ?2 WHERE id = ?1";
/* Unread first, newest first: the index letterbox_list read backwards (with
 * a state, from its unread key on: the state is a plain equality). */
#define LIST_SQL(state)                                                                                           \
	"SELECT " COLUMNS " FROM letterbox_documents WHERE space_id = ?1 AND archived = ?2 AND " state             \
	" AND (?3 IS NULL OR org_id = ?3) AND (?4 IS NULL OR doc_type = ?4)"                                      \
	" AND (?6 IS NULL OR instr(title_folded, ?6) > 0) AND (?7 IS NULL OR instr(title_folded, ?7) > 0)"        \
	" AND (?8 IS NULL OR instr(title_folded, ?8) > 0) AND (?9 IS NULL OR instr(title_folded, ?9) > 0)"        \
	" ORDER BY unread DESC, delivered_at_us DESC, id DESC LIMIT ?10 OFFSET ?11"
static const char list_sql[] = LIST_SQL("?5 < 0");
static const char list_state_sql[] = LIST_SQL("unread = ?5");
static const char unread_sql[] =
	"SELECT count(*) FROM letterbox_documents WHERE space_id = ?1 AND archived = 0 AND unread = 1";
static const char tombstone_get_sql[] =
	"SELECT id, space_id, org_id, doc_type, sha256, delivered_at_us, coalesce(read_at_us, 0),"
	" coalesce(confirmed_at_us, 0), purged_at_us FROM letterbox_tombstones WHERE id = ?1";
static const char expired_sql[] =
	"SELECT id FROM letterbox_documents WHERE expires_at_us < ?1 ORDER BY expires_at_us, id LIMIT ?2";
static const char tombstone_put_sql[] =
	"INSERT INTO letterbox_tombstones (id, space_id, org_id, doc_type, sha256, delivered_at_us, read_at_us,"
	" confirmed_at_us, purged_at_us) SELECT id, space_id, org_id, doc_type, sha256, delivered_at_us, read_at_us,"
	" confirmed_at_us, ?2 FROM letterbox_documents WHERE id = ?1";
static const char content_delete_sql[] = "DELETE FROM letterbox_contents WHERE document_id = ?1";
static const char delete_sql[] = "DELETE FROM letterbox_documents WHERE id = ?1";

static void bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
	if (s != NULL && s[0] != '\0')
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

static enum gx_db_status recipient(struct gx_store_conn *conn, const char *national_id, long long *person_id,
				   long long *space_id)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_LB_RECIPIENT, recipient_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_text(st, 1, national_id, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*person_id = sqlite3_column_int64(st, 0);
		*space_id = sqlite3_column_int64(st, 1);
	}
	return gx_sqlite_finish(st, rc);
}

static enum gx_db_status space_person(struct gx_store_conn *conn, long long space_id, long long *person_id)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_LB_SPACE_PERSON, space_person_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, space_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*person_id = sqlite3_column_int64(st, 0);
	return gx_sqlite_finish(st, rc);
}

static enum gx_db_status optin_get(struct gx_store_conn *conn, long long space_id, const char *org,
				   const char *doc_type)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_LB_OPTIN_GET, optin_get_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, space_id);
	sqlite3_bind_text(st, 2, org, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, doc_type, -1, SQLITE_STATIC);
	return gx_sqlite_finish(st, sqlite3_step(st));
}

static enum gx_db_status optin_set(struct gx_store_conn *conn, long long space_id, const char *org,
				   const char *doc_type, bool on, long long at_us)
{
	sqlite3_stmt *st = on ? gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_LB_OPTIN_ON, optin_on_sql)
			      : gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_LB_OPTIN_OFF, optin_off_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, space_id);
	sqlite3_bind_text(st, 2, org, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, doc_type, -1, SQLITE_STATIC);
	if (on)
		sqlite3_bind_int64(st, 4, at_us);
	return changed(conn, gx_sqlite_run(st));
}

static enum gx_db_status optins(struct gx_store_conn *conn, long long space_id, char **out)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_LB_OPTINS, optins_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, space_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && (*out = gx_sqlite_dup_text(st, 0)) == NULL)
		rc = SQLITE_NOMEM;
	return gx_sqlite_finish(st, rc);
}

static enum gx_db_status insert(struct gx_store_conn *conn, struct gx_lb_document *d)
{
	struct gx_sqlite_conn *c = gx_sqlite_conn(conn);
	sqlite3_stmt *st = gx_sqlite_stmt(c, GX_SQLITE_LB_INSERT, insert_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, d->space_id);
	sqlite3_bind_text(st, 2, d->org, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, d->doc_type, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, d->title, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, d->title_folded, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, d->notice_title, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, d->file_name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, d->content_type, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 9, d->size);
	sqlite3_bind_text(st, 10, d->sha256, -1, SQLITE_STATIC);
	bind_text_or_null(st, 11, d->due_date);
	sqlite3_bind_int(st, 12, d->confirmation_required ? 1 : 0);
	if (d->submission_id > 0)
		sqlite3_bind_int64(st, 13, d->submission_id);
	else
		sqlite3_bind_null(st, 13);
	sqlite3_bind_text(st, 14, d->sender, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 15, d->delivered_at_us);
	sqlite3_bind_int64(st, 16, d->expires_at_us);
	enum gx_db_status s = gx_sqlite_run(st);
	if (s < 0)
		return s;
	d->id = sqlite3_last_insert_rowid(c->db);
	st = gx_sqlite_stmt(c, GX_SQLITE_LB_CONTENT_INSERT, content_insert_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, d->id);
	sqlite3_bind_blob64(st, 2, d->data, (sqlite3_uint64)d->size, SQLITE_STATIC);
	s = gx_sqlite_run(st);
	return s < 0 ? s : GX_DB_ONE_RESULT;
}

/* A row of COLUMNS into d. */
static void read_row(sqlite3_stmt *st, struct gx_lb_document *d)
{
	memset(d, 0, sizeof(*d));
	d->id = sqlite3_column_int64(st, 0);
	d->space_id = sqlite3_column_int64(st, 1);
	gx_sqlite_copy_text(st, 2, d->org, sizeof(d->org));
	gx_sqlite_copy_text(st, 3, d->doc_type, sizeof(d->doc_type));
	gx_sqlite_copy_text(st, 4, d->title, sizeof(d->title));
	gx_sqlite_copy_text(st, 5, d->notice_title, sizeof(d->notice_title));
	gx_sqlite_copy_text(st, 6, d->file_name, sizeof(d->file_name));
	gx_sqlite_copy_text(st, 7, d->content_type, sizeof(d->content_type));
	d->size = sqlite3_column_int64(st, 8);
	gx_sqlite_copy_text(st, 9, d->sha256, sizeof(d->sha256));
	gx_sqlite_copy_text(st, 10, d->due_date, sizeof(d->due_date));
	d->confirmation_required = sqlite3_column_int(st, 11) != 0;
	d->submission_id = sqlite3_column_int64(st, 12);
	gx_sqlite_copy_text(st, 13, d->sender, sizeof(d->sender));
	d->delivered_at_us = sqlite3_column_int64(st, 14);
	d->expires_at_us = sqlite3_column_int64(st, 15);
	d->read_at_us = sqlite3_column_int64(st, 16);
	d->confirmed_at_us = sqlite3_column_int64(st, 17);
	d->archived = sqlite3_column_int(st, 18) != 0;
}

static enum gx_db_status get(struct gx_store_conn *conn, long long id, struct gx_lb_document *out)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_LB_GET, get_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_row(st, out);
	return gx_sqlite_finish(st, rc);
}

static enum gx_db_status content(struct gx_store_conn *conn, long long id, void **data, size_t *len)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_LB_CONTENT, content_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		int n = sqlite3_column_bytes(st, 0);
		*data = malloc(n > 0 ? (size_t)n : 1);
		if (*data == NULL)
			rc = SQLITE_NOMEM;
		else if (n > 0)
			memcpy(*data, sqlite3_column_blob(st, 0), (size_t)n);
		*len = (size_t)n;
	}
	return gx_sqlite_finish(st, rc);
}

static enum gx_db_status update_at(struct gx_store_conn *conn, enum gx_sqlite_stmt_id sid, const char *sql,
				   long long id, long long v)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), sid, sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, v);
	return changed(conn, gx_sqlite_run(st));
}

static enum gx_db_status mark_read(struct gx_store_conn *conn, long long id, long long at_us)
{
	return update_at(conn, GX_SQLITE_LB_MARK_READ, mark_read_sql, id, at_us);
}

static enum gx_db_status confirm(struct gx_store_conn *conn, long long id, long long at_us)
{
	return update_at(conn, GX_SQLITE_LB_CONFIRM, confirm_sql, id, at_us);
}

static enum gx_db_status archive(struct gx_store_conn *conn, long long id, bool archived)
{
	return update_at(conn, GX_SQLITE_LB_ARCHIVE, archive_sql, id, archived ? 1 : 0);
}

static enum gx_db_status list(struct gx_store_conn *conn, const struct gx_lb_query *q, struct gx_lb_document *rows,
			      size_t limit, size_t *n, bool *more)
{
	sqlite3_stmt *st = q->unread < 0 ? gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_LB_LIST, list_sql)
					 : gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_LB_LIST_STATE, list_state_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, q->space_id);
	sqlite3_bind_int(st, 2, q->archived ? 1 : 0);
	bind_text_or_null(st, 3, q->org);
	bind_text_or_null(st, 4, q->doc_type);
	sqlite3_bind_int(st, 5, q->unread < 0 ? -1 : q->unread > 0 ? 1 : 0);
	for (int i = 0; i < GX_LB_SEARCH_WORDS; i++)
		bind_text_or_null(st, 6 + i, q->words[i]);
	sqlite3_bind_int64(st, 10, (sqlite3_int64)limit + 1);
	sqlite3_bind_int64(st, 11, q->offset);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == limit) {
			*more = true;
			break;
		}
		read_row(st, &rows[(*n)++]);
	}
	enum gx_db_status s = gx_sqlite_finish(st, rc == SQLITE_ROW ? SQLITE_DONE : rc);
	return s < 0 ? s : *n > 0 ? GX_DB_ONE_RESULT : GX_DB_NO_RESULTS;
}

static enum gx_db_status unread_count(struct gx_store_conn *conn, long long space_id, long long *n)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_LB_UNREAD, unread_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, space_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*n = sqlite3_column_int64(st, 0);
	return gx_sqlite_finish(st, rc);
}

static enum gx_db_status tombstone_get(struct gx_store_conn *conn, long long id, struct gx_lb_tombstone *out)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_LB_TOMBSTONE_GET, tombstone_get_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(st, 0);
		out->space_id = sqlite3_column_int64(st, 1);
		gx_sqlite_copy_text(st, 2, out->org, sizeof(out->org));
		gx_sqlite_copy_text(st, 3, out->doc_type, sizeof(out->doc_type));
		gx_sqlite_copy_text(st, 4, out->sha256, sizeof(out->sha256));
		out->delivered_at_us = sqlite3_column_int64(st, 5);
		out->read_at_us = sqlite3_column_int64(st, 6);
		out->confirmed_at_us = sqlite3_column_int64(st, 7);
		out->purged_at_us = sqlite3_column_int64(st, 8);
	}
	return gx_sqlite_finish(st, rc);
}

static enum gx_db_status purge_one(struct gx_store_conn *conn, long long id, long long now_us)
{
	struct gx_sqlite_conn *c = gx_sqlite_conn(conn);
	enum gx_db_status s = update_at(conn, GX_SQLITE_LB_TOMBSTONE_PUT, tombstone_put_sql, id, now_us);
	if (s <= 0)
		return s;
	sqlite3_stmt *st = gx_sqlite_stmt(c, GX_SQLITE_LB_CONTENT_DELETE, content_delete_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, id);
	if ((s = gx_sqlite_run(st)) < 0)
		return s;
	if ((st = gx_sqlite_stmt(c, GX_SQLITE_LB_DELETE, delete_sql)) == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, id);
	return changed(conn, gx_sqlite_run(st));
}

static enum gx_db_status purge(struct gx_store_conn *conn, long long now_us, size_t limit, size_t *purged)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_LB_EXPIRED, expired_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	long long *ids = malloc((limit > 0 ? limit : 1) * sizeof(*ids));
	if (ids == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, now_us);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)limit);
	size_t n = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < limit)
		ids[n++] = sqlite3_column_int64(st, 0);
	enum gx_db_status s = gx_sqlite_finish(st, rc == SQLITE_ROW ? SQLITE_DONE : rc);
	for (size_t i = 0; s >= 0 && i < n; i++)
		if ((s = purge_one(conn, ids[i], now_us)) > 0)
			(*purged)++;
	free(ids);
	return s < 0 ? s : *purged > 0 ? GX_DB_ONE_RESULT : GX_DB_NO_RESULTS;
}

/* outbox.c */
enum gx_db_status gx_sqlite_outbox_add(struct gx_store_conn *conn, const struct gx_outbox_entry *e);
enum gx_db_status gx_sqlite_outbox_take(struct gx_store_conn *conn, long long now_us, long long lease_until_us,
					struct gx_outbox_due *out);
enum gx_db_status gx_sqlite_outbox_finish(struct gx_store_conn *conn, long long id, const char *state,
					  unsigned smtp_code, long long at_us);
enum gx_db_status gx_sqlite_outbox_retry(struct gx_store_conn *conn, long long id, long long due_at_us);
enum gx_db_status gx_sqlite_outbox_of(struct gx_store_conn *conn, long long document_id, long long submission_id,
				      char **out);
enum gx_db_status gx_sqlite_email_code_get(struct gx_store_conn *conn, long long person_id,
					   struct gx_email_code_row *out);
enum gx_db_status gx_sqlite_email_code_put(struct gx_store_conn *conn, const struct gx_email_code_row *row);
enum gx_db_status gx_sqlite_cert_put(struct gx_store_conn *conn, const struct gx_cert_row *row);
enum gx_db_status gx_sqlite_cert_get(struct gx_store_conn *conn, const char *code, struct gx_cert_row *out);

const struct gx_store_lb_ops gx_sqlite_lb_ops = {
	.recipient = recipient,
	.space_person = space_person,
	.optin_get = optin_get,
	.optin_set = optin_set,
	.optins = optins,
	.insert = insert,
	.get = get,
	.content = content,
	.mark_read = mark_read,
	.confirm = confirm,
	.archive = archive,
	.list = list,
	.unread_count = unread_count,
	.tombstone_get = tombstone_get,
	.purge = purge,
	.outbox_add = gx_sqlite_outbox_add,
	.outbox_take = gx_sqlite_outbox_take,
	.outbox_finish = gx_sqlite_outbox_finish,
	.outbox_retry = gx_sqlite_outbox_retry,
	.outbox_of = gx_sqlite_outbox_of,
	.email_code_get = gx_sqlite_email_code_get,
	.email_code_put = gx_sqlite_email_code_put,
	.cert_put = gx_sqlite_cert_put,
	.cert_get = gx_sqlite_cert_get,
};
