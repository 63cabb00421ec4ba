/** The mail outbox, e-mail verification records and issued certificates (store/letterbox.h). */

#include <stdlib.h>
#include <string.h>

#include "store/letterbox_int.h"
#include "store/sqlite/sqlite_int.h"

static const char add_sql[] =
	"INSERT INTO mail_outbox (person_id, kind, org_id, document_id, submission_id, event_seq, created_at_us,"
	" due_at_us, space_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
	" ON CONFLICT (kind, document_id, submission_id, event_seq, person_id) DO NOTHING";
static const char next_sql[] =
	"SELECT id, locked_until_us <> 0 FROM mail_outbox WHERE state = 'pending' AND due_at_us <= ?1"
	" AND locked_until_us <= ?1"
	" ORDER BY due_at_us, id LIMIT 1";
static const char lease_sql[] = "UPDATE mail_outbox SET locked_until_us = ?2 WHERE id = ?1";
/* What the mail says is read now: the address the person verified (if it
 * is still their declared one), their language, the document's title. */
static const char read_sql[] =
	"SELECT o.id, o.attempts, o.created_at_us, o.kind, o.org_id, o.document_id,"
	" coalesce((SELECT v.address FROM email_verifications v JOIN self_declared s ON s.person_id = v.person_id"
	"  AND s.attribute = 'email' AND s.value = v.address WHERE v.person_id = o.person_id"
	"  AND v.verified_at_us IS NOT NULL), ''),"
	" coalesce((SELECT value FROM self_declared WHERE person_id = o.person_id AND attribute = 'preferred_language'),"
	"  ''),"
	" coalesce(d.notice_title, ''), coalesce(d.due_date, ''), d.id IS NULL, coalesce(d.unread, 1) = 0,"
	" o.person_id, o.space_id, o.submission_id"
	" FROM mail_outbox o LEFT JOIN letterbox_documents d ON o.document_id <> 0 AND d.id = o.document_id"
	" WHERE o.id = ?1";
static const char finish_sql[] =
	"UPDATE mail_outbox SET state = ?2, smtp_code = ?3, done_at_us = ?4, locked_until_us = 0,"
	" attempts = attempts + (?2 <> 'skipped') WHERE id = ?1 AND state = 'pending'";
static const char retry_sql[] =
	"UPDATE mail_outbox SET attempts = attempts + 1, due_at_us = ?2, locked_until_us = 0"
	" WHERE id = ?1 AND state = 'pending'";
static const char of_sql[] =
	"SELECT coalesce(json_group_array(json_object('id', id, 'kind', kind, 'state', state, 'attempts', attempts,"
	" 'due_at_us', due_at_us)), '[]') FROM (SELECT id, kind, state, attempts, due_at_us FROM mail_outbox"
	" WHERE (?1 > 0 AND document_id = ?1) OR (?2 > 0 AND submission_id = ?2) ORDER BY id)";
static const char code_get_sql[] =
	"SELECT address, salt, hash, issued_us, expires_us, attempts, used, day_start_us, day_count,"
	" coalesce(verified_at_us, 0) FROM email_verifications WHERE person_id = ?1";
static const char code_put_sql[] =
	"INSERT INTO email_verifications (person_id, address, salt, hash, issued_us, expires_us, attempts, used,"
	" day_start_us, day_count, verified_at_us) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
	" ON CONFLICT (person_id) DO UPDATE SET address = ?2, salt = ?3, hash = ?4, issued_us = ?5, expires_us = ?6,"
	" attempts = ?7, used = ?8, day_start_us = ?9, day_count = ?10, verified_at_us = ?11";
static const char cert_put_sql[] =
	"INSERT INTO issued_certificates (code, statement, signature, submission_id, space_id, document_id,"
	" issued_at_us) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
static const char cert_get_sql[] =
	"SELECT code, statement, signature, submission_id, space_id, document_id, issued_at_us"
	" FROM issued_certificates WHERE code = ?1";

static enum gx_db_status changed(struct gx_store_conn *conn, enum gx_db_status s)
{
	if (s < 0)
		return s;
	return sqlite3_changes(gx_sqlite_conn(conn)->db) > 0 ? GX_DB_ONE_RESULT : GX_DB_NO_RESULTS;
}

enum gx_db_status gx_sqlite_outbox_add(struct gx_store_conn *conn, const struct gx_outbox_entry *e)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_OUTBOX_ADD, add_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, e->person_id);
	sqlite3_bind_text(st, 2, e->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, e->org, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, e->document_id);
	sqlite3_bind_int64(st, 5, e->submission_id);
	sqlite3_bind_int(st, 6, e->event_seq);
	sqlite3_bind_int64(st, 7, e->created_at_us);
	sqlite3_bind_int64(st, 8, e->due_at_us);
	sqlite3_bind_int64(st, 9, e->space_id);
	return changed(conn, gx_sqlite_run(st));
}

enum gx_db_status gx_sqlite_outbox_take(struct gx_store_conn *conn, long long now_us, long long lease_until_us,
					struct gx_outbox_due *out)
{
	struct gx_sqlite_conn *c = gx_sqlite_conn(conn);
	sqlite3_stmt *st = gx_sqlite_stmt(c, GX_SQLITE_OUTBOX_NEXT, next_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, now_us);
	int rc = sqlite3_step(st);
	long long id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	bool cut_off = rc == SQLITE_ROW && sqlite3_column_int(st, 1) != 0;
	enum gx_db_status s = gx_sqlite_finish(st, rc);
	if (s <= 0)
		return s;
	if ((st = gx_sqlite_stmt(c, GX_SQLITE_OUTBOX_LEASE, lease_sql)) == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, lease_until_us);
	if ((s = gx_sqlite_run(st)) < 0)
		return s;
	if ((st = gx_sqlite_stmt(c, GX_SQLITE_OUTBOX_READ, read_sql)) == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(st, 0);
		out->attempts = (unsigned)sqlite3_column_int(st, 1);
		out->created_at_us = sqlite3_column_int64(st, 2);
		gx_sqlite_copy_text(st, 3, out->kind, sizeof(out->kind));
		gx_sqlite_copy_text(st, 4, out->org, sizeof(out->org));
		out->document_id = sqlite3_column_int64(st, 5);
		gx_sqlite_copy_text(st, 6, out->address, sizeof(out->address));
		gx_sqlite_copy_text(st, 7, out->lang, sizeof(out->lang));
		gx_sqlite_copy_text(st, 8, out->notice_title, sizeof(out->notice_title));
		gx_sqlite_copy_text(st, 9, out->due_date, sizeof(out->due_date));
		out->document_gone = out->document_id != 0 && sqlite3_column_int(st, 10) != 0;
		out->document_read = sqlite3_column_int(st, 11) != 0;
		out->person_id = sqlite3_column_int64(st, 12);
		out->space_id = sqlite3_column_int64(st, 13);
		out->submission_id = sqlite3_column_int64(st, 14);
		out->cut_off = cut_off;
	}
	s = gx_sqlite_finish(st, rc);
	return s == GX_DB_NO_RESULTS ? GX_DB_HARD_ERROR : s;
}

enum gx_db_status gx_sqlite_outbox_finish(struct gx_store_conn *conn, long long id, const char *state,
					  unsigned smtp_code, long long at_us)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_OUTBOX_FINISH, finish_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, state, -1, SQLITE_STATIC);
	if (smtp_code > 0)
		sqlite3_bind_int(st, 3, (int)smtp_code);
	else
		sqlite3_bind_null(st, 3);
	sqlite3_bind_int64(st, 4, at_us);
	return changed(conn, gx_sqlite_run(st));
}

enum gx_db_status gx_sqlite_outbox_retry(struct gx_store_conn *conn, long long id, long long due_at_us)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_OUTBOX_RETRY, retry_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, due_at_us);
	return changed(conn, gx_sqlite_run(st));
}

enum gx_db_status gx_sqlite_outbox_of(struct gx_store_conn *conn, long long document_id, long long submission_id,
				      char **out)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_OUTBOX_OF, of_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, document_id);
	sqlite3_bind_int64(st, 2, submission_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && (*out = gx_sqlite_dup_text(st, 0)) == NULL)
		rc = SQLITE_NOMEM;
	return gx_sqlite_finish(st, rc);
}

static void copy_blob(sqlite3_stmt *st, int col, unsigned char *out, size_t size)
{
	memset(out, 0, size);
	int n = sqlite3_column_bytes(st, col);
	if (n > 0)
		memcpy(out, sqlite3_column_blob(st, col), (size_t)n < size ? (size_t)n : size);
}

enum gx_db_status gx_sqlite_email_code_get(struct gx_store_conn *conn, long long person_id,
					   struct gx_email_code_row *out)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_EMAIL_CODE_GET, code_get_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, person_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->person_id = person_id;
		gx_sqlite_copy_text(st, 0, out->address, sizeof(out->address));
		copy_blob(st, 1, out->salt, sizeof(out->salt));
		copy_blob(st, 2, out->hash, sizeof(out->hash));
		out->issued_us = sqlite3_column_int64(st, 3);
		out->expires_us = sqlite3_column_int64(st, 4);
		out->attempts = (unsigned)sqlite3_column_int(st, 5);
		out->used = sqlite3_column_int(st, 6) != 0;
		out->day_start_us = sqlite3_column_int64(st, 7);
		out->day_count = (unsigned)sqlite3_column_int(st, 8);
		out->verified_at_us = sqlite3_column_int64(st, 9);
	}
	return gx_sqlite_finish(st, rc);
}

enum gx_db_status gx_sqlite_email_code_put(struct gx_store_conn *conn, const struct gx_email_code_row *row)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_EMAIL_CODE_PUT, code_put_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, row->person_id);
	sqlite3_bind_text(st, 2, row->address, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 3, row->salt, sizeof(row->salt), SQLITE_STATIC);
	sqlite3_bind_blob(st, 4, row->hash, sizeof(row->hash), SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, row->issued_us);
	sqlite3_bind_int64(st, 6, row->expires_us);
	sqlite3_bind_int(st, 7, (int)row->attempts);
	sqlite3_bind_int(st, 8, row->used ? 1 : 0);
	sqlite3_bind_int64(st, 9, row->day_start_us);
	sqlite3_bind_int(st, 10, (int)row->day_count);
	if (row->verified_at_us > 0)
		sqlite3_bind_int64(st, 11, row->verified_at_us);
	else
		sqlite3_bind_null(st, 11);
	enum gx_db_status s = gx_sqlite_run(st);
	return s < 0 ? s : GX_DB_ONE_RESULT;
}

enum gx_db_status gx_sqlite_cert_put(struct gx_store_conn *conn, const struct gx_cert_row *row)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_CERT_PUT, cert_put_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_text(st, 1, row->code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, row->statement, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, row->signature, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, row->submission_id);
	sqlite3_bind_int64(st, 5, row->space_id);
	sqlite3_bind_int64(st, 6, row->document_id);
	sqlite3_bind_int64(st, 7, row->issued_at_us);
	enum gx_db_status s = gx_sqlite_run(st);
	return s < 0 ? s : GX_DB_ONE_RESULT;
}

enum gx_db_status gx_sqlite_cert_get(struct gx_store_conn *conn, const char *code, struct gx_cert_row *out)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_CERT_GET, cert_get_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		gx_sqlite_copy_text(st, 0, out->code, sizeof(out->code));
		if ((out->statement = gx_sqlite_dup_text(st, 1)) == NULL)
			rc = SQLITE_NOMEM;
		gx_sqlite_copy_text(st, 2, out->signature, sizeof(out->signature));
		out->submission_id = sqlite3_column_int64(st, 3);
		out->space_id = sqlite3_column_int64(st, 4);
		out->document_id = sqlite3_column_int64(st, 5);
		out->issued_at_us = sqlite3_column_int64(st, 6);
	}
	return gx_sqlite_finish(st, rc);
}
