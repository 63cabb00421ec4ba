/** Sessions and logins in progress. */

#include "store/sqlite/sqlite_int.h"

#include <stdio.h>
#include <string.h>

static const char insert_sql[] =
	"INSERT INTO sessions (id_hash, person_id, space_id, csrf_token, id_token, created_at_us, last_seen_at_us,"
	" expires_at_us) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
static const char get_sql[] =
	"SELECT s.person_id, s.space_id, s.csrf_token, s.created_at_us, s.last_seen_at_us, s.expires_at_us,"
	" EXISTS (SELECT 1 FROM space_members m WHERE m.space_id = s.space_id AND m.person_id = s.person_id"
	" AND m.role = 'owner'),"
	" p.given_name || ' ' || p.family_name"
	" FROM sessions s JOIN persons p ON p.id = s.person_id WHERE s.id_hash = ?1";
static const char touch_sql[] = "UPDATE sessions SET last_seen_at_us = max(last_seen_at_us, ?2) WHERE id_hash = ?1";
static const char token_sql[] = "SELECT id_token FROM sessions WHERE id_hash = ?1";
static const char delete_sql[] = "DELETE FROM sessions WHERE id_hash = ?1";
static const char purge_sql[] = "DELETE FROM sessions WHERE expires_at_us <= ?1 OR last_seen_at_us < ?2";
static const char logins_purge_sql[] = "DELETE FROM login_states WHERE created_at_us < ?1";
static const char login_put_sql[] =
	"INSERT INTO login_states (state, nonce, code_verifier, return_to, created_at_us) VALUES (?1, ?2, ?3, ?4, ?5)";
static const char login_get_sql[] =
	"SELECT nonce, code_verifier, return_to, created_at_us FROM login_states WHERE state = ?1";
static const char login_delete_sql[] = "DELETE FROM login_states WHERE state = ?1";

enum gx_db_status gx_sqlite_session_insert(struct gx_store_conn *conn, const struct gx_session_row *row,
					   const char *id_token)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_SESSION_INSERT, insert_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_blob(st, 1, row->id_hash, GX_SESSION_HASH_BYTES, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, row->person_id);
	sqlite3_bind_int64(st, 3, row->space_id);
	sqlite3_bind_text(st, 4, row->csrf_token, -1, SQLITE_STATIC);
	if (id_token != NULL)
		sqlite3_bind_text(st, 5, id_token, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 5);
	sqlite3_bind_int64(st, 6, row->created_at_us);
	sqlite3_bind_int64(st, 7, row->last_seen_at_us);
	sqlite3_bind_int64(st, 8, row->expires_at_us);
	enum gx_db_status s = gx_sqlite_run(st);
	return s < 0 ? s : GX_DB_ONE_RESULT;
}

enum gx_db_status gx_sqlite_session_get(struct gx_store_conn *conn, const unsigned char *id_hash,
					struct gx_session_row *out)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_SESSION_GET, get_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_blob(st, 1, id_hash, GX_SESSION_HASH_BYTES, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		memcpy(out->id_hash, id_hash, GX_SESSION_HASH_BYTES);
		out->person_id = sqlite3_column_int64(st, 0);
		out->space_id = sqlite3_column_int64(st, 1);
		gx_sqlite_copy_text(st, 2, out->csrf_token, sizeof(out->csrf_token));
		out->created_at_us = sqlite3_column_int64(st, 3);
		out->last_seen_at_us = sqlite3_column_int64(st, 4);
		out->expires_at_us = sqlite3_column_int64(st, 5);
		out->in_space = sqlite3_column_int(st, 6) != 0;
		gx_sqlite_copy_text(st, 7, out->person_name, sizeof(out->person_name));
	}
	return gx_sqlite_finish(st, rc);
}

enum gx_db_status gx_sqlite_session_touch(struct gx_store_conn *conn, const unsigned char *id_hash,
					  long long last_seen_at_us)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_SESSION_TOUCH, touch_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_blob(st, 1, id_hash, GX_SESSION_HASH_BYTES, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, last_seen_at_us);
	return gx_sqlite_run(st);
}

enum gx_db_status gx_sqlite_session_delete(struct gx_store_conn *conn, const unsigned char *id_hash, char *id_token,
					   size_t id_token_size)
{
	struct gx_sqlite_conn *c = gx_sqlite_conn(conn);
	if (id_token != NULL && id_token_size > 0) {
		id_token[0] = '\0';
		sqlite3_stmt *st = gx_sqlite_stmt(c, GX_SQLITE_SESSION_TOKEN, token_sql);
		if (st == NULL)
			return GX_DB_HARD_ERROR;
		sqlite3_bind_blob(st, 1, id_hash, GX_SESSION_HASH_BYTES, SQLITE_STATIC);
		int rc = sqlite3_step(st);
		if (rc == SQLITE_ROW && sqlite3_column_bytes(st, 0) < (int)id_token_size)
			gx_sqlite_copy_text(st, 0, id_token, id_token_size);
		enum gx_db_status s = gx_sqlite_finish(st, rc);
		if (s < 0)
			return s;
	}
	sqlite3_stmt *st = gx_sqlite_stmt(c, GX_SQLITE_SESSION_DELETE, delete_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_blob(st, 1, id_hash, GX_SESSION_HASH_BYTES, SQLITE_STATIC);
	enum gx_db_status s = gx_sqlite_run(st);
	if (s < 0)
		return s;
	return sqlite3_changes(c->db) > 0 ? GX_DB_ONE_RESULT : GX_DB_NO_RESULTS;
}

enum gx_db_status gx_sqlite_sessions_purge(struct gx_store_conn *conn, long long now_us, long long idle_before_us,
					   long long login_before_us)
{
	struct gx_sqlite_conn *c = gx_sqlite_conn(conn);
	sqlite3_stmt *st = gx_sqlite_stmt(c, GX_SQLITE_SESSIONS_PURGE, purge_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, now_us);
	sqlite3_bind_int64(st, 2, idle_before_us);
	enum gx_db_status s = gx_sqlite_run(st);
	if (s < 0)
		return s;
	if ((st = gx_sqlite_stmt(c, GX_SQLITE_LOGINS_PURGE, logins_purge_sql)) == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, login_before_us);
	return gx_sqlite_run(st);
}

enum gx_db_status gx_sqlite_login_state_put(struct gx_store_conn *conn, const struct gx_login_state *in)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_LOGIN_PUT, login_put_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_text(st, 1, in->state, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, in->nonce, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, in->code_verifier, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, in->return_to, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, in->created_at_us);
	enum gx_db_status s = gx_sqlite_run(st);
	return s < 0 ? s : GX_DB_ONE_RESULT;
}

enum gx_db_status gx_sqlite_login_state_take(struct gx_store_conn *conn, const char *state,
					     struct gx_login_state *out)
{
	struct gx_sqlite_conn *c = gx_sqlite_conn(conn);
	char key[sizeof(out->state)];
	snprintf(key, sizeof(key), "%s", state); /* state may point into out */
	sqlite3_stmt *st = gx_sqlite_stmt(c, GX_SQLITE_LOGIN_GET, login_get_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		memcpy(out->state, key, sizeof(key));
		gx_sqlite_copy_text(st, 0, out->nonce, sizeof(out->nonce));
		gx_sqlite_copy_text(st, 1, out->code_verifier, sizeof(out->code_verifier));
		gx_sqlite_copy_text(st, 2, out->return_to, sizeof(out->return_to));
		out->created_at_us = sqlite3_column_int64(st, 3);
	}
	enum gx_db_status s = gx_sqlite_finish(st, rc);
	if (s != GX_DB_ONE_RESULT)
		return s;
	if ((st = gx_sqlite_stmt(c, GX_SQLITE_LOGIN_DELETE, login_delete_sql)) == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	enum gx_db_status d = gx_sqlite_run(st);
	return d < 0 ? d : GX_DB_ONE_RESULT;
}
