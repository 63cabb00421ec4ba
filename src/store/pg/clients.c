/** Organisations' machine clients, the assertion ids they used and the
 *  access tokens they were given (migration 0013; see sqlite/clients.c). */

#include "store/pg/pg_int.h"

#include <stdlib.h>
#include <string.h>

static const char add_sql[] =
	"INSERT INTO org_clients (client_id, org_id, jwk, alg, scopes, created_at_us) VALUES ($1, $2, $3, $4, $5, $6)"
	" ON CONFLICT (client_id) DO NOTHING";
static const char get_sql[] =
	"SELECT client_id, org_id, jwk, alg, scopes, created_at_us, coalesce(revoked_at_us, 0) FROM org_clients"
	" WHERE client_id = $1";
static const char revoke_sql[] =
	"UPDATE org_clients SET revoked_at_us = $3 WHERE org_id = $1 AND client_id = $2 AND revoked_at_us IS NULL";
static const char tokens_drop_sql[] = "DELETE FROM client_tokens WHERE client_id = $1";
static const char list_sql[] =
	"SELECT client_id, alg, scopes, created_at_us, revoked_at_us FROM org_clients WHERE org_id = $1"
	" ORDER BY client_id COLLATE \"C\"";
static const char seen_sql[] =
	"INSERT INTO client_assertions_seen (client_id, jti, expires_at_us) VALUES ($1, $2, $3)"
	" ON CONFLICT (client_id, jti) DO NOTHING";
static const char token_insert_sql[] =
	"INSERT INTO client_tokens (token_hash, client_id, org_id, scopes, issued_at_us, expires_at_us)"
	" VALUES ($1, $2, $3, $4, $5, $6)";
/* A token whose client was revoked, or is gone, does not work. */
static const char token_get_sql[] =
	"SELECT t.client_id, t.org_id, t.scopes, t.issued_at_us, t.expires_at_us,"
	" c.client_id IS NULL OR c.revoked_at_us IS NOT NULL"
	" FROM client_tokens t LEFT JOIN org_clients c ON c.client_id = t.client_id WHERE t.token_hash = $1";
static const char assertions_purge_sql[] = "DELETE FROM client_assertions_seen WHERE expires_at_us < $1";
static const char tokens_purge_sql[] = "DELETE FROM client_tokens WHERE expires_at_us < $1";

enum gx_db_status gx_pg_org_client_add(struct gx_store_conn *conn, const struct gx_org_client *in)
{
	struct gx_pg_params p = {0};
	gx_pg_param_text(&p, in->client_id);
	gx_pg_param_text(&p, in->org);
	gx_pg_param_text(&p, in->jwk);
	gx_pg_param_text(&p, in->alg);
	gx_pg_param_text(&p, in->scopes);
	gx_pg_param_int(&p, in->created_at_us);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_CLIENT_ADD, add_sql, GX_PG_WRITE, &p, 0, NULL);
	return s == GX_DB_NO_RESULTS ? GX_DB_CONFLICT : s;
}

enum gx_db_status gx_pg_org_client_get(struct gx_store_conn *conn, const char *client_id, struct gx_org_client *out)
{
	struct gx_pg_params p = {0};
	PGresult *r;
	gx_pg_param_text(&p, client_id);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_CLIENT_GET, get_sql, GX_PG_READ, &p, 0, &r);
	if (s == GX_DB_ONE_RESULT) {
		gx_pg_copy_text(r, 0, 0, out->client_id, sizeof(out->client_id));
		gx_pg_copy_text(r, 0, 1, out->org, sizeof(out->org));
		out->jwk = gx_pg_dup_text(r, 0, 2);
		gx_pg_copy_text(r, 0, 3, out->alg, sizeof(out->alg));
		gx_pg_copy_text(r, 0, 4, out->scopes, sizeof(out->scopes));
		out->created_at_us = gx_pg_int(r, 0, 5);
		out->revoked_at_us = gx_pg_int(r, 0, 6);
		if (out->jwk == NULL)
			s = GX_DB_HARD_ERROR;
	}
	PQclear(r);
	return s;
}

enum gx_db_status gx_pg_org_client_revoke(struct gx_store_conn *conn, const char *org, const char *client_id,
					  long long at_us)
{
	struct gx_pg_conn *c = gx_pg_conn(conn);
	struct gx_pg_params p = {0};
	gx_pg_param_text(&p, org);
	gx_pg_param_text(&p, client_id);
	gx_pg_param_int(&p, at_us);
	enum gx_db_status s = gx_pg_run(c, GX_PG_CLIENT_REVOKE, revoke_sql, GX_PG_WRITE, &p, 0, NULL);
	if (s <= 0)
		return s;
	p = (struct gx_pg_params){0};
	gx_pg_param_text(&p, client_id);
	s = gx_pg_run(c, GX_PG_CLIENT_TOKENS_DROP, tokens_drop_sql, GX_PG_WRITE, &p, 0, NULL);
	return s < 0 ? s : GX_DB_ONE_RESULT;
}

enum gx_db_status gx_pg_org_clients_list(struct gx_store_conn *conn, const char *org, char **out)
{
	static const struct gx_pg_json_member members[] = {{"client_id", GX_PG_JSON_STRING},
							   {"alg", GX_PG_JSON_STRING},
							   {"scopes", GX_PG_JSON_STRING},
							   {"created_at_us", GX_PG_JSON_NUMBER},
							   {"revoked_at_us", GX_PG_JSON_NUMBER}};
	struct gx_pg_params p = {0};
	PGresult *r;
	*out = NULL;
	gx_pg_param_text(&p, org);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_CLIENTS_LIST, list_sql, GX_PG_READ, &p, 0, &r);
	if (s < 0)
		return s;
	*out = gx_pg_json_rows(r, members, 5);
	PQclear(r);
	return *out != NULL ? GX_DB_ONE_RESULT : GX_DB_HARD_ERROR;
}

enum gx_db_status gx_pg_client_assertion_record(struct gx_store_conn *conn, const char *client_id, const char *jti,
						long long expires_at_us)
{
	struct gx_pg_params p = {0};
	gx_pg_param_text(&p, client_id);
	gx_pg_param_text(&p, jti);
	gx_pg_param_int(&p, expires_at_us);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_ASSERTION_SEEN, seen_sql, GX_PG_WRITE, &p, 0, NULL);
	return s == GX_DB_NO_RESULTS ? GX_DB_CONFLICT : s;
}

enum gx_db_status gx_pg_client_token_insert(struct gx_store_conn *conn, const struct gx_client_token *t)
{
	struct gx_pg_params p = {0};
	gx_pg_param_bytes(&p, t->hash, GX_STORE_TOKEN_HASH_BYTES);
	gx_pg_param_text(&p, t->client_id);
	gx_pg_param_text(&p, t->org);
	gx_pg_param_text(&p, t->scopes);
	gx_pg_param_int(&p, t->issued_at_us);
	gx_pg_param_int(&p, t->expires_at_us);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_TOKEN_INSERT, token_insert_sql, GX_PG_WRITE, &p, 0, NULL);
	return s < 0 ? s : GX_DB_ONE_RESULT;
}

enum gx_db_status gx_pg_client_token_get(struct gx_store_conn *conn, const unsigned char *hash,
					 struct gx_client_token *out)
{
	struct gx_pg_params p = {0};
	PGresult *r;
	gx_pg_param_bytes(&p, hash, GX_STORE_TOKEN_HASH_BYTES);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_TOKEN_GET, token_get_sql, GX_PG_READ, &p, 0, &r);
	if (s == GX_DB_ONE_RESULT) {
		memcpy(out->hash, hash, GX_STORE_TOKEN_HASH_BYTES);
		gx_pg_copy_text(r, 0, 0, out->client_id, sizeof(out->client_id));
		gx_pg_copy_text(r, 0, 1, out->org, sizeof(out->org));
		gx_pg_copy_text(r, 0, 2, out->scopes, sizeof(out->scopes));
		out->issued_at_us = gx_pg_int(r, 0, 3);
		out->expires_at_us = gx_pg_int(r, 0, 4);
		out->revoked = PQgetvalue(r, 0, 5)[0] == 't';
	}
	PQclear(r);
	return s;
}

enum gx_db_status gx_pg_clients_purge(struct gx_store_conn *conn, long long now_us)
{
	struct gx_pg_conn *c = gx_pg_conn(conn);
	struct gx_pg_params p = {0};
	gx_pg_param_int(&p, now_us);
	enum gx_db_status s = gx_pg_run(c, GX_PG_ASSERTIONS_PURGE, assertions_purge_sql, GX_PG_WRITE, &p, 0, NULL);
	if (s < 0)
		return s;
	s = gx_pg_run(c, GX_PG_TOKENS_PURGE, tokens_purge_sql, GX_PG_WRITE, &p, 0, NULL);
	return s < 0 ? s : GX_DB_ONE_RESULT;
}
