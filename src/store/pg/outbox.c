/** The mail outbox, e-mail verification records and issued certificates (store/letterbox.h). */

#include <stdlib.h>
#include <string.h>

#include "store/letterbox_int.h"
#include "store/pg/pg_int.h"

static const char add_sql[] =
	"INSERT INTO mail_outbox (person_id, kind, org_id, document_id, submission_id, event_seq, created_at_us,"
	" due_at_us, space_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
	" ON CONFLICT (kind, document_id, submission_id, event_seq, person_id) DO NOTHING";
/* Takes and holds the oldest due one (another guichetd skips it; still held
 * from an earlier take: an attempt cut off), and reads
 * what the mail says now: the address the person verified (if it is still
 * their declared one), their language, the document's title. */
static const char take_sql[] =
	"WITH next AS (SELECT id, locked_until_us FROM mail_outbox WHERE state = 'pending' AND due_at_us <= $1"
	" AND locked_until_us <= $1"
	" ORDER BY due_at_us, id LIMIT 1 FOR UPDATE SKIP LOCKED),"
	" held AS (UPDATE mail_outbox o SET locked_until_us = $2 FROM next WHERE o.id = next.id"
	" RETURNING o.id, o.person_id, o.attempts, o.created_at_us, o.kind, o.org_id, o.document_id, o.space_id,"
	" o.submission_id, next.locked_until_us <> 0 AS cut_off)"
	" SELECT h.id, h.attempts, h.created_at_us, h.kind, h.org_id, h.document_id,"
	" coalesce((SELECT v.address FROM email_verifications v JOIN self_declared s ON s.person_id = v.person_id"
	"  AND s.attribute = 'email' AND s.value = v.address WHERE v.person_id = h.person_id"
	"  AND v.verified_at_us IS NOT NULL), ''),"
	" coalesce((SELECT value FROM self_declared WHERE person_id = h.person_id AND attribute = 'preferred_language'),"
	"  ''),"
	" coalesce(d.notice_title, ''), coalesce(d.due_date, ''), CASE WHEN d.id IS NULL THEN 1 ELSE 0 END,"
	" CASE WHEN coalesce(d.unread, 1) = 0 THEN 1 ELSE 0 END, h.person_id, h.space_id, h.submission_id,"
	" CASE WHEN h.cut_off THEN 1 ELSE 0 END"
	" FROM held h LEFT JOIN letterbox_documents d ON h.document_id <> 0 AND d.id = h.document_id";
static const char finish_sql[] =
	"UPDATE mail_outbox SET state = $2, smtp_code = nullif($3::bigint, 0), done_at_us = $4, locked_until_us = 0,"
	" attempts = attempts + CASE WHEN $2 = 'skipped' THEN 0 ELSE 1 END WHERE id = $1 AND state = 'pending'";
static const char retry_sql[] =
	"UPDATE mail_outbox SET attempts = attempts + 1, due_at_us = $2, locked_until_us = 0"
	" WHERE id = $1 AND state = 'pending'";
static const char of_sql[] =
	"SELECT id, kind, state, attempts, due_at_us FROM mail_outbox"
	" WHERE ($1::bigint > 0 AND document_id = $1) OR ($2::bigint > 0 AND submission_id = $2) ORDER BY id";
/* Binary results: the salt and the hash as they are. */
static const char code_get_sql[] =
	"SELECT address, salt, hash, issued_us, expires_us, attempts, used, day_start_us, day_count,"
	" coalesce(verified_at_us, 0) FROM email_verifications WHERE person_id = $1";
static const char code_put_sql[] =
	"INSERT INTO email_verifications (person_id, address, salt, hash, issued_us, expires_us, attempts, used,"
	" day_start_us, day_count, verified_at_us) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, nullif($11::bigint, 0))"
	" ON CONFLICT (person_id) DO UPDATE SET address = $2, salt = $3, hash = $4, issued_us = $5, expires_us = $6,"
	" attempts = $7, used = $8, day_start_us = $9, day_count = $10, verified_at_us = nullif($11::bigint, 0)";
static const char cert_put_sql[] =
	"INSERT INTO issued_certificates (code, statement, signature, submission_id, space_id, document_id,"
	" issued_at_us) VALUES ($1, $2, $3, $4, $5, $6, $7)";
static const char cert_get_sql[] =
	"SELECT code, statement, signature, submission_id, space_id, document_id, issued_at_us"
	" FROM issued_certificates WHERE code = $1";

enum gx_db_status gx_pg_outbox_add(struct gx_store_conn *conn, const struct gx_outbox_entry *e)
{
	struct gx_pg_params p = {0};
	gx_pg_param_int(&p, e->person_id);
	gx_pg_param_text(&p, e->kind);
	gx_pg_param_text(&p, e->org);
	gx_pg_param_int(&p, e->document_id);
	gx_pg_param_int(&p, e->submission_id);
	gx_pg_param_int(&p, e->event_seq);
	gx_pg_param_int(&p, e->created_at_us);
	gx_pg_param_int(&p, e->due_at_us);
	gx_pg_param_int(&p, e->space_id);
	return gx_pg_run(gx_pg_conn(conn), GX_PG_OUTBOX_ADD, add_sql, GX_PG_WRITE, &p, 0, NULL);
}

enum gx_db_status gx_pg_outbox_take(struct gx_store_conn *conn, long long now_us, long long lease_until_us,
				    struct gx_outbox_due *out)
{
	struct gx_pg_params p = {0};
	PGresult *r;
	gx_pg_param_int(&p, now_us);
	gx_pg_param_int(&p, lease_until_us);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_OUTBOX_READ, take_sql, GX_PG_WRITE, &p, 0, &r);
	if (s < 0)
		return s;
	if (s == GX_DB_ONE_RESULT) {
		out->id = gx_pg_int(r, 0, 0);
		out->attempts = (unsigned)gx_pg_int(r, 0, 1);
		out->created_at_us = gx_pg_int(r, 0, 2);
		gx_pg_copy_text(r, 0, 3, out->kind, sizeof(out->kind));
		gx_pg_copy_text(r, 0, 4, out->org, sizeof(out->org));
		out->document_id = gx_pg_int(r, 0, 5);
		gx_pg_copy_text(r, 0, 6, out->address, sizeof(out->address));
		gx_pg_copy_text(r, 0, 7, out->lang, sizeof(out->lang));
		gx_pg_copy_text(r, 0, 8, out->notice_title, sizeof(out->notice_title));
		gx_pg_copy_text(r, 0, 9, out->due_date, sizeof(out->due_date));
		out->document_gone = out->document_id != 0 && gx_pg_int(r, 0, 10) != 0;
		out->document_read = gx_pg_int(r, 0, 11) != 0;
		out->person_id = gx_pg_int(r, 0, 12);
		out->space_id = gx_pg_int(r, 0, 13);
		out->submission_id = gx_pg_int(r, 0, 14);
		out->cut_off = gx_pg_int(r, 0, 15) != 0;
	}
	PQclear(r);
	return s;
}

enum gx_db_status gx_pg_outbox_finish(struct gx_store_conn *conn, long long id, const char *state,
				      unsigned smtp_code, long long at_us)
{
	struct gx_pg_params p = {0};
	gx_pg_param_int(&p, id);
	gx_pg_param_text(&p, state);
	gx_pg_param_int(&p, smtp_code);
	gx_pg_param_int(&p, at_us);
	return gx_pg_run(gx_pg_conn(conn), GX_PG_OUTBOX_FINISH, finish_sql, GX_PG_WRITE, &p, 0, NULL);
}

enum gx_db_status gx_pg_outbox_retry(struct gx_store_conn *conn, long long id, long long due_at_us)
{
	struct gx_pg_params p = {0};
	gx_pg_param_int(&p, id);
	gx_pg_param_int(&p, due_at_us);
	return gx_pg_run(gx_pg_conn(conn), GX_PG_OUTBOX_RETRY, retry_sql, GX_PG_WRITE, &p, 0, NULL);
}

enum gx_db_status gx_pg_outbox_of(struct gx_store_conn *conn, long long document_id, long long submission_id,
				  char **out)
{
	struct gx_pg_params p = {0};
	PGresult *r;
	gx_pg_param_int(&p, document_id);
	gx_pg_param_int(&p, submission_id);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_OUTBOX_OF, of_sql, GX_PG_READ, &p, 0, &r);
	if (s < 0)
		return s;
	static const struct gx_pg_json_member members[] = {
		{"id", GX_PG_JSON_NUMBER},       {"kind", GX_PG_JSON_STRING},      {"state", GX_PG_JSON_STRING},
		{"attempts", GX_PG_JSON_NUMBER}, {"due_at_us", GX_PG_JSON_NUMBER},
	};
	*out = gx_pg_json_rows(r, members, 5);
	PQclear(r);
	return *out != NULL ? GX_DB_ONE_RESULT : GX_DB_HARD_ERROR;
}

static void copy_bytes(const PGresult *r, int col, unsigned char *out, size_t size)
{
	memset(out, 0, size);
	size_t n = PQgetisnull(r, 0, col) ? 0 : (size_t)PQgetlength(r, 0, col);
	if (n > 0)
		memcpy(out, PQgetvalue(r, 0, col), n < size ? n : size);
}

enum gx_db_status gx_pg_email_code_get(struct gx_store_conn *conn, long long person_id,
				       struct gx_email_code_row *out)
{
	struct gx_pg_params p = {0};
	PGresult *r;
	gx_pg_param_int(&p, person_id);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_EMAIL_CODE_GET, code_get_sql, GX_PG_READ, &p, 1, &r);
	if (s < 0)
		return s;
	if (s == GX_DB_ONE_RESULT) {
		out->person_id = person_id;
		gx_pg_copy_text(r, 0, 0, out->address, sizeof(out->address)); /* text's binary form is its bytes */
		copy_bytes(r, 1, out->salt, sizeof(out->salt));
		copy_bytes(r, 2, out->hash, sizeof(out->hash));
		out->issued_us = gx_pg_int8_binary(r, 0, 3);
		out->expires_us = gx_pg_int8_binary(r, 0, 4);
		out->attempts = (unsigned)gx_pg_int8_binary(r, 0, 5);
		out->used = gx_pg_int8_binary(r, 0, 6) != 0;
		out->day_start_us = gx_pg_int8_binary(r, 0, 7);
		out->day_count = (unsigned)gx_pg_int8_binary(r, 0, 8);
		out->verified_at_us = gx_pg_int8_binary(r, 0, 9);
	}
	PQclear(r);
	return s;
}

enum gx_db_status gx_pg_email_code_put(struct gx_store_conn *conn, const struct gx_email_code_row *row)
{
	struct gx_pg_params p = {0};
	gx_pg_param_int(&p, row->person_id);
	gx_pg_param_text(&p, row->address);
	gx_pg_param_bytes(&p, row->salt, sizeof(row->salt));
	gx_pg_param_bytes(&p, row->hash, sizeof(row->hash));
	gx_pg_param_int(&p, row->issued_us);
	gx_pg_param_int(&p, row->expires_us);
	gx_pg_param_int(&p, row->attempts);
	gx_pg_param_int(&p, row->used ? 1 : 0);
	gx_pg_param_int(&p, row->day_start_us);
	gx_pg_param_int(&p, row->day_count);
	gx_pg_param_int(&p, row->verified_at_us);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_EMAIL_CODE_PUT, code_put_sql, GX_PG_WRITE, &p, 0, NULL);
	return s < 0 ? s : GX_DB_ONE_RESULT;
}

enum gx_db_status gx_pg_cert_put(struct gx_store_conn *conn, const struct gx_cert_row *row)
{
	struct gx_pg_params p = {0};
	gx_pg_param_text(&p, row->code);
	gx_pg_param_text(&p, row->statement);
	gx_pg_param_text(&p, row->signature);
	gx_pg_param_int(&p, row->submission_id);
	gx_pg_param_int(&p, row->space_id);
	gx_pg_param_int(&p, row->document_id);
	gx_pg_param_int(&p, row->issued_at_us);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_CERT_PUT, cert_put_sql, GX_PG_WRITE, &p, 0, NULL);
	return s < 0 ? s : GX_DB_ONE_RESULT;
}

enum gx_db_status gx_pg_cert_get(struct gx_store_conn *conn, const char *code, struct gx_cert_row *out)
{
	struct gx_pg_params p = {0};
	PGresult *r;
	gx_pg_param_text(&p, code);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_CERT_GET, cert_get_sql, GX_PG_READ, &p, 0, &r);
	if (s < 0)
		return s;
	if (s == GX_DB_ONE_RESULT) {
		gx_pg_copy_text(r, 0, 0, out->code, sizeof(out->code));
		if ((out->statement = gx_pg_dup_text(r, 0, 1)) == NULL)
			s = GX_DB_HARD_ERROR;
		gx_pg_copy_text(r, 0, 2, out->signature, sizeof(out->signature));
		out->submission_id = gx_pg_int(r, 0, 3);
		out->space_id = gx_pg_int(r, 0, 4);
		out->document_id = gx_pg_int(r, 0, 5);
		out->issued_at_us = gx_pg_int(r, 0, 6);
	}
	PQclear(r);
	return s;
}
