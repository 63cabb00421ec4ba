/** Sessions and logins in progress. */

#include "store/pg/pg_int.h"

#include <stdio.h>
#include <string.h>

static const char insert_sql[] =
	"INSERT INTO sessions (id_hash, person_id, space_id, csrf_token, id_token, created_at_us, last_seen_at_us,"
	" expires_at_us) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
static const char get_sql[] =
	"SELECT s.person_id, s.space_id, s.csrf_token, s.created_at_us, s.last_seen_at_us, s.expires_at_us,"
	" EXISTS (SELECT 1 FROM space_members m WHERE m.space_id = s.space_id AND m.person_id = s.person_id),"
	" p.given_name || ' ' || p.family_name"
	" FROM sessions s JOIN persons p ON p.id = s.person_id WHERE s.id_hash = $1";
static const char touch_sql[] =
	"UPDATE sessions SET last_seen_at_us = greatest(last_seen_at_us, $2) WHERE id_hash = $1";
static const char delete_sql[] = "DELETE FROM sessions WHERE id_hash = $1 RETURNING id_token";
static const char purge_sql[] = "DELETE FROM sessions WHERE expires_at_us <= $1 OR last_seen_at_us < $2";
static const char logins_purge_sql[] = "DELETE FROM login_states WHERE created_at_us < $1";
static const char login_put_sql[] =
	"INSERT INTO login_states (state, nonce, code_verifier, return_to, created_at_us) VALUES ($1, $2, $3, $4, $5)";
/* Read and deleted in one statement: a login answer is used once. */
static const char login_take_sql[] =
	"DELETE FROM login_states WHERE state = $1 RETURNING nonce, code_verifier, return_to, created_at_us";

enum gx_db_status gx_pg_session_insert(struct gx_store_conn *conn, const struct gx_session_row *row,
				       const char *id_token)
{
	struct gx_pg_params p = {0};
	gx_pg_param_bytes(&p, row->id_hash, GX_SESSION_HASH_BYTES);
	gx_pg_param_int(&p, row->person_id);
	gx_pg_param_int(&p, row->space_id);
	gx_pg_param_text(&p, row->csrf_token);
	gx_pg_param_text(&p, id_token);
	gx_pg_param_int(&p, row->created_at_us);
	gx_pg_param_int(&p, row->last_seen_at_us);
	gx_pg_param_int(&p, row->expires_at_us);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_SESSION_INSERT, insert_sql, GX_PG_WRITE_AHEAD, &p, 0, NULL);
	return s < 0 ? s : GX_DB_ONE_RESULT;
}

enum gx_db_status gx_pg_session_get(struct gx_store_conn *conn, const unsigned char *id_hash,
				    struct gx_session_row *out)
{
	struct gx_pg_params p = {0};
	PGresult *r;
	gx_pg_param_bytes(&p, id_hash, GX_SESSION_HASH_BYTES);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_SESSION_GET, get_sql, GX_PG_READ, &p, 0, &r);
	if (s == GX_DB_ONE_RESULT) {
		memcpy(out->id_hash, id_hash, GX_SESSION_HASH_BYTES);
		out->person_id = gx_pg_int(r, 0, 0);
		out->space_id = gx_pg_int(r, 0, 1);
		gx_pg_copy_text(r, 0, 2, out->csrf_token, sizeof(out->csrf_token));
		out->created_at_us = gx_pg_int(r, 0, 3);
		out->last_seen_at_us = gx_pg_int(r, 0, 4);
		out->expires_at_us = gx_pg_int(r, 0, 5);
		out->in_space = PQgetvalue(r, 0, 6)[0] == 't';
		gx_pg_copy_text(r, 0, 7, out->person_name, sizeof(out->person_name));
	}
	PQclear(r);
	return s;
}

enum gx_db_status gx_pg_session_touch(struct gx_store_conn *conn, const unsigned char *id_hash,
				      long long last_seen_at_us)
{
	struct gx_pg_params p = {0};
	gx_pg_param_bytes(&p, id_hash, GX_SESSION_HASH_BYTES);
	gx_pg_param_int(&p, last_seen_at_us);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_SESSION_TOUCH, touch_sql, GX_PG_WRITE_AHEAD, &p, 0, NULL);
	/* As SQLite's: a statement that returns no row says "no results", however many it changed. */
	return s < 0 ? s : GX_DB_NO_RESULTS;
}

enum gx_db_status gx_pg_session_delete(struct gx_store_conn *conn, const unsigned char *id_hash, char *id_token,
				       size_t id_token_size)
{
	struct gx_pg_params p = {0};
	PGresult *r;
	if (id_token != NULL && id_token_size > 0)
		id_token[0] = '\0';
	gx_pg_param_bytes(&p, id_hash, GX_SESSION_HASH_BYTES);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_SESSION_DELETE, delete_sql, GX_PG_WRITE, &p, 0, &r);
	if (s == GX_DB_ONE_RESULT && id_token != NULL && PQgetlength(r, 0, 0) < (int)id_token_size)
		gx_pg_copy_text(r, 0, 0, id_token, id_token_size);
	PQclear(r);
	return s;
}

enum gx_db_status gx_pg_sessions_purge(struct gx_store_conn *conn, long long now_us, long long idle_before_us,
				       long long login_before_us)
{
	struct gx_pg_conn *c = gx_pg_conn(conn);
	struct gx_pg_params p = {0};
	gx_pg_param_int(&p, now_us);
	gx_pg_param_int(&p, idle_before_us);
	enum gx_db_status s = gx_pg_run(c, GX_PG_SESSIONS_PURGE, purge_sql, GX_PG_WRITE, &p, 0, NULL);
	if (s < 0)
		return s;
	p = (struct gx_pg_params){0};
	gx_pg_param_int(&p, login_before_us);
	s = gx_pg_run(c, GX_PG_LOGINS_PURGE, logins_purge_sql, GX_PG_WRITE, &p, 0, NULL);
	return s < 0 ? s : GX_DB_NO_RESULTS;
}

enum gx_db_status gx_pg_login_state_put(struct gx_store_conn *conn, const struct gx_login_state *in)
{
	struct gx_pg_params p = {0};
	gx_pg_param_text(&p, in->state);
	gx_pg_param_text(&p, in->nonce);
	gx_pg_param_text(&p, in->code_verifier);
	gx_pg_param_text(&p, in->return_to);
	gx_pg_param_int(&p, in->created_at_us);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_LOGIN_PUT, login_put_sql, GX_PG_WRITE_AHEAD, &p, 0, NULL);
	return s < 0 ? s : GX_DB_ONE_RESULT;
}

enum gx_db_status gx_pg_login_state_take(struct gx_store_conn *conn, const char *state, struct gx_login_state *out)
{
	char key[sizeof(out->state)];
	snprintf(key, sizeof(key), "%s", state); /* state may point into out */
	struct gx_pg_params p = {0};
	PGresult *r;
	gx_pg_param_text(&p, key);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_LOGIN_TAKE, login_take_sql, GX_PG_WRITE, &p, 0, &r);
	if (s == GX_DB_ONE_RESULT) {
		memcpy(out->state, key, sizeof(key));
		gx_pg_copy_text(r, 0, 0, out->nonce, sizeof(out->nonce));
		gx_pg_copy_text(r, 0, 1, out->code_verifier, sizeof(out->code_verifier));
		gx_pg_copy_text(r, 0, 2, out->return_to, sizeof(out->return_to));
		out->created_at_us = gx_pg_int(r, 0, 3);
	}
	PQclear(r);
	return s;
}
