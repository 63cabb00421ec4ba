/** A register's rows (schema REGISTRY): its records, and its access log. */

#include "store/sqlite/sqlite_int.h"

#include <stdlib.h>
#include <string.h>

static const char put_sql[] =
	"INSERT OR REPLACE INTO records (key_type, key, data, as_of, version) VALUES (?1, ?2, ?3, ?4, ?5)";
static const char get_sql[] = "SELECT data, as_of, version FROM records WHERE key_type = ?1 AND key = ?2";
static const char access_insert_sql[] =
	"INSERT INTO access_log (at_us, client, organisation, on_behalf_of, subject_type, subject,"
	" attributes, procedure, legal_basis, request_id)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
static const char access_count_sql[] = "SELECT count(*) FROM access_log";
static const char records_count_sql[] = "SELECT count(*) FROM records";

static void bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
	if (s == NULL)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
}

enum gx_db_status gx_sqlite_registry_put(struct gx_store_conn *conn, const char *key_type, const char *key,
					 const char *data_json, const char *as_of, long long version)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_REGISTRY_PUT, put_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_text(st, 1, key_type, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, data_json, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, as_of, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, version);
	enum gx_db_status s = gx_sqlite_run(st);
	return s < 0 ? s : GX_DB_ONE_RESULT;
}

enum gx_db_status gx_sqlite_registry_get(struct gx_store_conn *conn, const char *key_type, const char *key,
					 struct gx_registry_record *out)
{
	enum gx_db_status ret;
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_REGISTRY_GET, get_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_text(st, 1, key_type, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		ret = rc == SQLITE_DONE ? GX_DB_NO_RESULTS : gx_sqlite_status(rc);
		goto done;
	}
	const unsigned char *data = sqlite3_column_text(st, 0);
	int data_len = sqlite3_column_bytes(st, 0);
	const unsigned char *as_of = sqlite3_column_text(st, 1);
	if (data == NULL || as_of == NULL || strlen((const char *)as_of) >= sizeof(out->as_of)) {
		ret = GX_DB_HARD_ERROR;
		goto done;
	}
	out->data_json = malloc((size_t)data_len + 1);
	if (out->data_json == NULL) {
		ret = GX_DB_HARD_ERROR;
		goto done;
	}
	memcpy(out->data_json, data, (size_t)data_len);
	out->data_json[data_len] = '\0';
	memcpy(out->as_of, as_of, strlen((const char *)as_of) + 1);
	out->version = sqlite3_column_int64(st, 2);
	ret = GX_DB_ONE_RESULT;
done:
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return ret;
}

enum gx_db_status gx_sqlite_registry_access_append(struct gx_store_conn *conn, const struct gx_registry_access *a)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_REGISTRY_ACCESS_INSERT, access_insert_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	/* NULL in a required field reaches its NOT NULL constraint: a hard error. */
	sqlite3_bind_int64(st, 1, a->at_us);
	bind_text_or_null(st, 2, a->client);
	bind_text_or_null(st, 3, a->organisation);
	bind_text_or_null(st, 4, a->on_behalf_of);
	bind_text_or_null(st, 5, a->subject_type);
	bind_text_or_null(st, 6, a->subject);
	bind_text_or_null(st, 7, a->attributes_json);
	bind_text_or_null(st, 8, a->procedure);
	bind_text_or_null(st, 9, a->legal_basis);
	bind_text_or_null(st, 10, a->request_id);
	enum gx_db_status s = gx_sqlite_run(st);
	return s < 0 ? s : GX_DB_ONE_RESULT;
}

enum gx_db_status gx_sqlite_registry_access_count(struct gx_store_conn *conn, long long *out)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_REGISTRY_ACCESS_COUNT, access_count_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? GX_DB_ONE_RESULT : gx_sqlite_status(rc);
}

enum gx_db_status gx_sqlite_registry_records_count(struct gx_store_conn *conn, long long *out)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_REGISTRY_RECORDS_COUNT, records_count_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? GX_DB_ONE_RESULT : gx_sqlite_status(rc);
}

/* A subject's reads as JSON, newest first; one more row than asked says there were more. */
static const char access_of_sql[] =
	"SELECT coalesce(json_group_array(json_object('at_us', at_us, 'client', client, 'organisation', organisation,"
	" 'on_behalf_of', on_behalf_of, 'attributes', json(attributes), 'procedure', procedure, 'legal_basis',"
	" legal_basis, 'request_id', request_id)), '[]'), (SELECT count(*) FROM (SELECT 1 FROM access_log"
	" WHERE subject_type = ?1 AND subject = ?2 LIMIT ?3 + 1))"
	" FROM (SELECT * FROM access_log WHERE subject_type = ?1 AND subject = ?2 ORDER BY at_us DESC, id DESC LIMIT ?3)";

enum gx_db_status gx_sqlite_registry_access_of(struct gx_store_conn *conn, const char *subject_type,
					       const char *subject, size_t limit, char **out, bool *more)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_REGISTRY_ACCESS_OF, access_of_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_text(st, 1, subject_type, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, subject, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)limit);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = gx_sqlite_dup_text(st, 0);
		*more = (size_t)sqlite3_column_int64(st, 1) > limit;
	}
	enum gx_db_status s = gx_sqlite_finish(st, rc);
	if (s >= 0 && *out == NULL)
		return GX_DB_HARD_ERROR;
	return s;
}
