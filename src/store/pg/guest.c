/** Procedures submitted without logging in: their spaces, their form
 *  tokens, the abuse limits' counts. */

#include "store/pg/pg_int.h"

#include <stdio.h>

static const char reference_sql[] = "SELECT s.reference FROM guest_submissions g"
				    " JOIN submissions s ON s.id = g.submission_id WHERE g.token_hash = $1";
static const char space_sql[] =
	"INSERT INTO spaces (kind, owner_person_id, created_at_us) VALUES ('private', NULL, $1) RETURNING id";
static const char put_sql[] = "INSERT INTO guest_submissions (submission_id, token_hash, submitted_at_us) VALUES ($1, $2, $3)"
			      " ON CONFLICT (token_hash) DO NOTHING";
static const char add_sql[] = "INSERT INTO guest_limits (key_hash, window_start_us, count) VALUES ($1, $2, 1)"
			      " ON CONFLICT (key_hash, window_start_us) DO UPDATE SET count = guest_limits.count + 1"
			      " RETURNING count";
static const char forget_sql[] = "DELETE FROM guest_limits WHERE window_start_us < $1";

enum gx_db_status gx_pg_guest_reference(struct gx_store_conn *conn, const unsigned char token_hash[32], char *ref,
					size_t ref_size)
{
	struct gx_pg_params p = {0};
	PGresult *r = NULL;
	gx_pg_param_bytes(&p, token_hash, 32);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_GUEST_REFERENCE, reference_sql, GX_PG_READ, &p, 0, &r);
	if (s == GX_DB_ONE_RESULT)
		snprintf(ref, ref_size, "%s", PQgetvalue(r, 0, 0));
	PQclear(r);
	return s;
}

enum gx_db_status gx_pg_guest_space_create(struct gx_store_conn *conn, long long now_us, long long *space_id)
{
	struct gx_pg_params p = {0};
	PGresult *r = NULL;
	gx_pg_param_int(&p, now_us);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_GUEST_SPACE, space_sql, GX_PG_WRITE, &p, 0, &r);
	if (s == GX_DB_ONE_RESULT)
		*space_id = gx_pg_int(r, 0, 0);
	PQclear(r);
	return s < 0 ? s : s == GX_DB_ONE_RESULT ? GX_DB_ONE_RESULT : GX_DB_HARD_ERROR;
}

enum gx_db_status gx_pg_guest_submission_put(struct gx_store_conn *conn, long long submission_id,
					     const unsigned char token_hash[32], long long now_us)
{
	struct gx_pg_params p = {0};
	gx_pg_param_int(&p, submission_id);
	gx_pg_param_bytes(&p, token_hash, 32);
	gx_pg_param_int(&p, now_us);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_GUEST_PUT, put_sql, GX_PG_WRITE, &p, 0, NULL);
	return s < 0 ? s : s == GX_DB_ONE_RESULT ? GX_DB_ONE_RESULT : GX_DB_CONFLICT;
}

enum gx_db_status gx_pg_guest_limit_add(struct gx_store_conn *conn, const unsigned char key_hash[32],
					long long window_start_us, long long forget_before_us, long long *count)
{
	struct gx_pg_params p = {0};
	PGresult *r = NULL;
	gx_pg_param_int(&p, forget_before_us);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_GUEST_LIMIT_FORGET, forget_sql, GX_PG_WRITE, &p, 0, NULL);
	if (s < 0)
		return s;
	p = (struct gx_pg_params){0};
	gx_pg_param_bytes(&p, key_hash, 32);
	gx_pg_param_int(&p, window_start_us);
	s = gx_pg_run(gx_pg_conn(conn), GX_PG_GUEST_LIMIT_ADD, add_sql, GX_PG_WRITE, &p, 0, &r);
	if (s == GX_DB_ONE_RESULT)
		*count = gx_pg_int(r, 0, 0);
	PQclear(r);
	return s < 0 ? s : s == GX_DB_ONE_RESULT ? GX_DB_ONE_RESULT : GX_DB_HARD_ERROR;
}
