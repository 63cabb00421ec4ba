/** Organisations' machine clients, the assertion ids they used and the
 *  access tokens they were given (migration 0013). */

#include "store/sqlite/sqlite_int.h"

#include <stdlib.h>
#include <string.h>

static const char add_sql[] =
	"INSERT INTO org_clients (client_id, org_id, jwk, alg, scopes, created_at_us) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
	" ON CONFLICT (client_id) DO NOTHING";
static const char get_sql[] =
	"SELECT client_id, org_id, jwk, alg, scopes, created_at_us, coalesce(revoked_at_us, 0) FROM org_clients"
	" WHERE client_id = ?1";
static const char revoke_sql[] =
	"UPDATE org_clients SET revoked_at_us = ?3 WHERE org_id = ?1 AND client_id = ?2 AND revoked_at_us IS NULL";
static const char tokens_drop_sql[] = "DELETE FROM client_tokens WHERE client_id = ?1";
static const char list_sql[] =
	"SELECT coalesce(json_group_array(json_object('client_id', client_id, 'alg', alg, 'scopes', scopes,"
	" 'created_at_us', created_at_us, 'revoked_at_us', revoked_at_us)), '[]') FROM (SELECT client_id, alg, scopes,"
	" created_at_us, revoked_at_us FROM org_clients WHERE org_id = ?1 ORDER BY client_id)";
static const char seen_sql[] =
	"INSERT INTO client_assertions_seen (client_id, jti, expires_at_us) VALUES (?1, ?2, ?3)"
	" ON CONFLICT (client_id, jti) DO NOTHING";
static const char token_insert_sql[] =
	"INSERT INTO client_tokens (token_hash, client_id, org_id, scopes, issued_at_us, expires_at_us)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
/* A token whose client was revoked, or is gone, does not work. */
static const char token_get_sql[] =
	"SELECT t.client_id, t.org_id, t.scopes, t.issued_at_us, t.expires_at_us,"
	" c.client_id IS NULL OR c.revoked_at_us IS NOT NULL"
	" FROM client_tokens t LEFT JOIN org_clients c ON c.client_id = t.client_id WHERE t.token_hash = ?1";
static const char assertions_purge_sql[] = "DELETE FROM client_assertions_seen WHERE expires_at_us < ?1";
static const char tokens_purge_sql[] = "DELETE FROM client_tokens WHERE expires_at_us < ?1";

enum gx_db_status gx_sqlite_org_client_add(struct gx_store_conn *conn, const struct gx_org_client *in)
{
	struct gx_sqlite_conn *c = gx_sqlite_conn(conn);
	sqlite3_stmt *st = gx_sqlite_stmt(c, GX_SQLITE_CLIENT_ADD, add_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_text(st, 1, in->client_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, in->org, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, in->jwk, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, in->alg, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, in->scopes, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, in->created_at_us);
	enum gx_db_status s = gx_sqlite_run(st);
	if (s < 0)
		return s;
	return sqlite3_changes(c->db) > 0 ? GX_DB_ONE_RESULT : GX_DB_CONFLICT;
}

enum gx_db_status gx_sqlite_org_client_get(struct gx_store_conn *conn, const char *client_id, struct gx_org_client *out)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_CLIENT_GET, get_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_text(st, 1, client_id, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		gx_sqlite_copy_text(st, 0, out->client_id, sizeof(out->client_id));
		gx_sqlite_copy_text(st, 1, out->org, sizeof(out->org));
		out->jwk = gx_sqlite_dup_text(st, 2);
		gx_sqlite_copy_text(st, 3, out->alg, sizeof(out->alg));
		gx_sqlite_copy_text(st, 4, out->scopes, sizeof(out->scopes));
		out->created_at_us = sqlite3_column_int64(st, 5);
		out->revoked_at_us = sqlite3_column_int64(st, 6);
	}
	enum gx_db_status s = gx_sqlite_finish(st, rc);
	if (s == GX_DB_ONE_RESULT && out->jwk == NULL)
		return GX_DB_HARD_ERROR;
	return s;
}

enum gx_db_status gx_sqlite_org_client_revoke(struct gx_store_conn *conn, const char *org, const char *client_id,
					      long long at_us)
{
	struct gx_sqlite_conn *c = gx_sqlite_conn(conn);
	sqlite3_stmt *st = gx_sqlite_stmt(c, GX_SQLITE_CLIENT_REVOKE, revoke_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_text(st, 1, org, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, client_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, at_us);
	enum gx_db_status s = gx_sqlite_run(st);
	if (s < 0)
		return s;
	if (sqlite3_changes(c->db) == 0)
		return GX_DB_NO_RESULTS;
	st = gx_sqlite_stmt(c, GX_SQLITE_CLIENT_TOKENS_DROP, tokens_drop_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_text(st, 1, client_id, -1, SQLITE_STATIC);
	s = gx_sqlite_run(st);
	return s < 0 ? s : GX_DB_ONE_RESULT;
}

enum gx_db_status gx_sqlite_org_clients_list(struct gx_store_conn *conn, const char *org, char **out)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_CLIENTS_LIST, list_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_text(st, 1, org, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW ? gx_sqlite_dup_text(st, 0) : NULL;
	enum gx_db_status s = gx_sqlite_finish(st, rc);
	if (s == GX_DB_ONE_RESULT && *out == NULL)
		return GX_DB_HARD_ERROR;
	return s;
}

enum gx_db_status gx_sqlite_client_assertion_record(struct gx_store_conn *conn, const char *client_id, const char *jti,
						    long long expires_at_us)
{
	struct gx_sqlite_conn *c = gx_sqlite_conn(conn);
	sqlite3_stmt *st = gx_sqlite_stmt(c, GX_SQLITE_ASSERTION_SEEN, seen_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_text(st, 1, client_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, jti, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, expires_at_us);
	enum gx_db_status s = gx_sqlite_run(st);
	if (s < 0)
		return s;
	return sqlite3_changes(c->db) > 0 ? GX_DB_ONE_RESULT : GX_DB_CONFLICT;
}

enum gx_db_status gx_sqlite_client_token_insert(struct gx_store_conn *conn, const struct gx_client_token *t)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_TOKEN_INSERT, token_insert_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_blob(st, 1, t->hash, GX_STORE_TOKEN_HASH_BYTES, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, t->client_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, t->org, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, t->scopes, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, t->issued_at_us);
	sqlite3_bind_int64(st, 6, t->expires_at_us);
	enum gx_db_status s = gx_sqlite_run(st);
	return s < 0 ? s : GX_DB_ONE_RESULT;
}

enum gx_db_status gx_sqlite_client_token_get(struct gx_store_conn *conn, const unsigned char *hash,
					     struct gx_client_token *out)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_TOKEN_GET, token_get_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_blob(st, 1, hash, GX_STORE_TOKEN_HASH_BYTES, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		memcpy(out->hash, hash, GX_STORE_TOKEN_HASH_BYTES);
		gx_sqlite_copy_text(st, 0, out->client_id, sizeof(out->client_id));
		gx_sqlite_copy_text(st, 1, out->org, sizeof(out->org));
		gx_sqlite_copy_text(st, 2, out->scopes, sizeof(out->scopes));
		out->issued_at_us = sqlite3_column_int64(st, 3);
		out->expires_at_us = sqlite3_column_int64(st, 4);
		out->revoked = sqlite3_column_int(st, 5) != 0;
	}
	return gx_sqlite_finish(st, rc);
}

enum gx_db_status gx_sqlite_clients_purge(struct gx_store_conn *conn, long long now_us)
{
	struct gx_sqlite_conn *c = gx_sqlite_conn(conn);
	sqlite3_stmt *st = gx_sqlite_stmt(c, GX_SQLITE_ASSERTIONS_PURGE, assertions_purge_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, now_us);
	enum gx_db_status s = gx_sqlite_run(st);
	if (s < 0)
		return s;
	st = gx_sqlite_stmt(c, GX_SQLITE_TOKENS_PURGE, tokens_purge_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, now_us);
	s = gx_sqlite_run(st);
	return s < 0 ? s : GX_DB_ONE_RESULT;
}
