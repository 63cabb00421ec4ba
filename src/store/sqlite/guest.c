/** Procedures submitted without logging in: their spaces, their form
 *  tokens, the abuse limits' counts. */

#include "store/sqlite/sqlite_int.h"

static const char reference_sql[] = "SELECT s.reference FROM guest_submissions g"
				    " JOIN submissions s ON s.id = g.submission_id WHERE g.token_hash = ?1";
static const char space_sql[] = "INSERT INTO spaces (kind, owner_person_id, created_at_us) VALUES ('private', NULL, ?1)";
static const char put_sql[] = "INSERT INTO guest_submissions (submission_id, token_hash, submitted_at_us) VALUES (?1, ?2, ?3)"
			      " ON CONFLICT (token_hash) DO NOTHING";
static const char add_sql[] = "INSERT INTO guest_limits (key_hash, window_start_us, count) VALUES (?1, ?2, 1)"
			      " ON CONFLICT (key_hash, window_start_us) DO UPDATE SET count = count + 1 RETURNING count";
static const char forget_sql[] = "DELETE FROM guest_limits WHERE window_start_us < ?1";

enum gx_db_status gx_sqlite_guest_reference(struct gx_store_conn *conn, const unsigned char token_hash[32], char *ref,
					    size_t ref_size)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_GUEST_REFERENCE, reference_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_blob(st, 1, token_hash, 32, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		gx_sqlite_copy_text(st, 0, ref, ref_size);
	return gx_sqlite_finish(st, rc);
}

enum gx_db_status gx_sqlite_guest_space_create(struct gx_store_conn *conn, long long now_us, long long *space_id)
{
	struct gx_sqlite_conn *c = gx_sqlite_conn(conn);
	sqlite3_stmt *st = gx_sqlite_stmt(c, GX_SQLITE_GUEST_SPACE, space_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, now_us);
	enum gx_db_status s = gx_sqlite_run(st);
	if (s < 0)
		return s;
	*space_id = sqlite3_last_insert_rowid(c->db);
	return GX_DB_ONE_RESULT;
}

enum gx_db_status gx_sqlite_guest_submission_put(struct gx_store_conn *conn, long long submission_id,
						 const unsigned char token_hash[32], long long now_us)
{
	struct gx_sqlite_conn *c = gx_sqlite_conn(conn);
	sqlite3_stmt *st = gx_sqlite_stmt(c, GX_SQLITE_GUEST_PUT, put_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, submission_id);
	sqlite3_bind_blob(st, 2, token_hash, 32, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, now_us);
	enum gx_db_status s = gx_sqlite_run(st);
	if (s < 0)
		return s;
	return sqlite3_changes(c->db) > 0 ? GX_DB_ONE_RESULT : GX_DB_CONFLICT;
}

enum gx_db_status gx_sqlite_guest_limit_add(struct gx_store_conn *conn, const unsigned char key_hash[32],
					    long long window_start_us, long long forget_before_us, long long *count)
{
	struct gx_sqlite_conn *c = gx_sqlite_conn(conn);
	sqlite3_stmt *st = gx_sqlite_stmt(c, GX_SQLITE_GUEST_LIMIT_FORGET, forget_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, forget_before_us);
	enum gx_db_status s = gx_sqlite_run(st);
	if (s < 0)
		return s;
	if ((st = gx_sqlite_stmt(c, GX_SQLITE_GUEST_LIMIT_ADD, add_sql)) == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_blob(st, 1, key_hash, 32, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, window_start_us);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*count = sqlite3_column_int64(st, 0);
	s = gx_sqlite_finish(st, rc);
	return s == GX_DB_NO_RESULTS ? GX_DB_HARD_ERROR : s;
}
