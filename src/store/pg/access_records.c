/** The access log's rows: append one, count a subject's. */

#include "store/pg/pg_int.h"

static const char insert_sql[] =
	"INSERT INTO access_records (subject, at_us, actor_kind, actor_id, on_behalf_of,"
	" source, attributes, purpose, legal_basis, request_id, actor_role)"
	" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id";
static const char count_sql[] = "SELECT count(*) FROM access_records WHERE subject = $1";

enum gx_db_status gx_pg_access_record_append(struct gx_store_conn *conn, const struct gx_access_record *rec,
					     long long *id)
{
	struct gx_pg_params p = {0};
	/* NULL in a required field reaches the NOT NULL constraint: a hard error, as it should. */
	gx_pg_param_text(&p, rec->subject);
	gx_pg_param_int(&p, rec->at_us);
	gx_pg_param_text(&p, rec->actor_kind);
	gx_pg_param_text(&p, rec->actor_id);
	gx_pg_param_text(&p, rec->on_behalf_of);
	gx_pg_param_text(&p, rec->source);
	gx_pg_param_text(&p, rec->attributes_json);
	gx_pg_param_text(&p, rec->purpose);
	gx_pg_param_text(&p, rec->legal_basis);
	gx_pg_param_text(&p, rec->request_id);
	gx_pg_param_text(&p, rec->actor_role);
	PGresult *r;
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_ACCESS_RECORD_INSERT, insert_sql, GX_PG_WRITE, &p, 0, &r);
	if (s < 0)
		return s;
	*id = gx_pg_int(r, 0, 0);
	PQclear(r);
	return GX_DB_ONE_RESULT;
}

enum gx_db_status gx_pg_access_records_count(struct gx_store_conn *conn, const char *subject, long long *out)
{
	struct gx_pg_params p = {0};
	PGresult *r;
	gx_pg_param_text(&p, subject);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_ACCESS_RECORDS_COUNT, count_sql, GX_PG_READ, &p, 0, &r);
	if (s == GX_DB_ONE_RESULT)
		*out = gx_pg_int(r, 0, 0);
	PQclear(r);
	return s;
}
