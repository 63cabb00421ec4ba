/** A register's rows (schema REGISTRY): its records, and its access log. */

#include "store/pg/pg_int.h"

#include <stdlib.h>
#include <string.h>

static const char put_sql[] =
	"INSERT INTO records (key_type, key, data, as_of, version) VALUES ($1, $2, $3, $4, $5)"
	" ON CONFLICT (key_type, key) DO UPDATE SET data = EXCLUDED.data, as_of = EXCLUDED.as_of,"
	" version = EXCLUDED.version";
static const char get_sql[] = "SELECT data, as_of, version FROM records WHERE key_type = $1 AND key = $2";
static const char access_insert_sql[] =
	"INSERT INTO access_log (at_us, client, organisation, on_behalf_of, subject_type, subject,"
	" attributes, procedure, legal_basis, request_id)"
	" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
static const char access_count_sql[] = "SELECT count(*) FROM access_log";
static const char records_count_sql[] = "SELECT count(*) FROM records";

enum gx_db_status gx_pg_registry_put(struct gx_store_conn *conn, const char *key_type, const char *key,
				     const char *data_json, const char *as_of, long long version)
{
	struct gx_pg_params p = {0};
	gx_pg_param_text(&p, key_type);
	gx_pg_param_text(&p, key);
	gx_pg_param_text(&p, data_json);
	gx_pg_param_text(&p, as_of);
	gx_pg_param_int(&p, version);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_REGISTRY_PUT, put_sql, GX_PG_WRITE, &p, 0, NULL);
	return s < 0 ? s : GX_DB_ONE_RESULT;
}

enum gx_db_status gx_pg_registry_get(struct gx_store_conn *conn, const char *key_type, const char *key,
				     struct gx_registry_record *out)
{
	struct gx_pg_params p = {0};
	PGresult *r;
	gx_pg_param_text(&p, key_type);
	gx_pg_param_text(&p, key);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_REGISTRY_GET, get_sql, GX_PG_READ, &p, 0, &r);
	if (s != GX_DB_ONE_RESULT) {
		PQclear(r);
		return s;
	}
	if (PQgetisnull(r, 0, 0) || PQgetisnull(r, 0, 1) || (size_t)PQgetlength(r, 0, 1) >= sizeof(out->as_of)) {
		PQclear(r);
		return GX_DB_HARD_ERROR;
	}
	out->data_json = strdup(PQgetvalue(r, 0, 0));
	if (out->data_json == NULL) {
		PQclear(r);
		return GX_DB_HARD_ERROR;
	}
	memcpy(out->as_of, PQgetvalue(r, 0, 1), (size_t)PQgetlength(r, 0, 1) + 1);
	out->version = gx_pg_int(r, 0, 2);
	PQclear(r);
	return GX_DB_ONE_RESULT;
}

enum gx_db_status gx_pg_registry_access_append(struct gx_store_conn *conn, const struct gx_registry_access *a)
{
	struct gx_pg_params p = {0};
	/* NULL in a required field reaches its NOT NULL constraint: a hard error. */
	gx_pg_param_int(&p, a->at_us);
	gx_pg_param_text(&p, a->client);
	gx_pg_param_text(&p, a->organisation);
	gx_pg_param_text(&p, a->on_behalf_of);
	gx_pg_param_text(&p, a->subject_type);
	gx_pg_param_text(&p, a->subject);
	gx_pg_param_text(&p, a->attributes_json);
	gx_pg_param_text(&p, a->procedure);
	gx_pg_param_text(&p, a->legal_basis);
	gx_pg_param_text(&p, a->request_id);
	enum gx_db_status s =
		gx_pg_run(gx_pg_conn(conn), GX_PG_REGISTRY_ACCESS_INSERT, access_insert_sql, GX_PG_WRITE, &p, 0, NULL);
	return s < 0 ? s : GX_DB_ONE_RESULT;
}

static enum gx_db_status count(struct gx_store_conn *conn, enum gx_pg_stmt_id id, const char *sql, long long *out)
{
	PGresult *r;
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), id, sql, GX_PG_READ, NULL, 0, &r);
	if (s == GX_DB_ONE_RESULT)
		*out = gx_pg_int(r, 0, 0);
	PQclear(r);
	return s;
}

enum gx_db_status gx_pg_registry_access_count(struct gx_store_conn *conn, long long *out)
{
	return count(conn, GX_PG_REGISTRY_ACCESS_COUNT, access_count_sql, out);
}

enum gx_db_status gx_pg_registry_records_count(struct gx_store_conn *conn, long long *out)
{
	return count(conn, GX_PG_REGISTRY_RECORDS_COUNT, records_count_sql, out);
}

/* A subject's reads as JSON, newest first, written as SQLite's json_group_array (pg/json.c). */
static const char access_of_sql[] =
	"SELECT at_us, client, organisation, on_behalf_of, attributes, procedure, legal_basis, request_id"
	" FROM access_log WHERE subject_type = $1 AND subject = $2 ORDER BY at_us DESC, id DESC LIMIT $3";

enum gx_db_status gx_pg_registry_access_of(struct gx_store_conn *conn, const char *subject_type, const char *subject,
					   size_t limit, char **out, bool *more)
{
	static const struct gx_pg_json_member members[] = {
		{"at_us", GX_PG_JSON_NUMBER},	     {"client", GX_PG_JSON_STRING},
		{"organisation", GX_PG_JSON_STRING}, {"on_behalf_of", GX_PG_JSON_STRING},
		{"attributes", GX_PG_JSON_RAW},	     {"procedure", GX_PG_JSON_STRING},
		{"legal_basis", GX_PG_JSON_STRING},  {"request_id", GX_PG_JSON_STRING},
	};
	struct gx_pg_params p = {0};
	PGresult *r;
	gx_pg_param_text(&p, subject_type);
	gx_pg_param_text(&p, subject);
	gx_pg_param_int(&p, (long long)limit + 1);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_REGISTRY_ACCESS_OF, access_of_sql, GX_PG_READ, &p, 0, &r);
	if (s < 0)
		return s;
	*more = (size_t)PQntuples(r) > limit;
	/* The extra row only tells there were more: it is not written. */
	PGresult *rows = r;
	if (*more) {
		rows = PQcopyResult(r, PG_COPYRES_ATTRS);
		for (int i = 0; rows != NULL && i < (int)limit; i++)
			for (int c = 0; c < PQnfields(r); c++)
				if (!PQgetisnull(r, i, c) &&
				    !PQsetvalue(rows, i, c, PQgetvalue(r, i, c), PQgetlength(r, i, c))) {
					PQclear(rows);
					rows = NULL;
				}
	}
	*out = rows != NULL ? gx_pg_json_rows(rows, members, 8) : NULL;
	if (rows != r)
		PQclear(rows);
	PQclear(r);
	return *out != NULL ? GX_DB_ONE_RESULT : GX_DB_HARD_ERROR;
}
