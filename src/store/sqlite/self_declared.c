/** The person's self-declared data: one value per attribute. */

#include "store/sqlite/sqlite_int.h"

#include <stdlib.h>

static const char set_sql[] =
	"INSERT INTO self_declared (person_id, attribute, value, updated_at_us) VALUES (?1, ?2, ?3, ?4)"
	" ON CONFLICT (person_id, attribute) DO UPDATE SET value = ?3, updated_at_us = ?4";
static const char delete_sql[] = "DELETE FROM self_declared WHERE person_id = ?1 AND attribute = ?2";
static const char all_sql[] =
	"SELECT coalesce(json_group_object(attribute, json_object('value', value, 'updated_at_us', updated_at_us)),"
	" '{}') FROM (SELECT attribute, value, updated_at_us FROM self_declared WHERE person_id = ?1"
	" ORDER BY attribute)";

enum gx_db_status gx_sqlite_self_declared_set(struct gx_store_conn *conn, long long person_id, const char *attribute,
					      const char *value, long long at_us)
{
	struct gx_sqlite_conn *c = gx_sqlite_conn(conn);
	sqlite3_stmt *st = value != NULL ? gx_sqlite_stmt(c, GX_SQLITE_SELF_SET, set_sql)
					 : gx_sqlite_stmt(c, GX_SQLITE_SELF_DELETE, delete_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, person_id);
	sqlite3_bind_text(st, 2, attribute, -1, SQLITE_STATIC);
	if (value != NULL) {
		sqlite3_bind_text(st, 3, value, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, at_us);
	}
	enum gx_db_status s = gx_sqlite_run(st);
	if (s < 0)
		return s;
	return sqlite3_changes(c->db) > 0 ? GX_DB_ONE_RESULT : GX_DB_NO_RESULTS;
}

enum gx_db_status gx_sqlite_self_declared_all(struct gx_store_conn *conn, long long person_id, char **json_out)
{
	*json_out = NULL;
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_SELF_ALL, all_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, person_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && (*json_out = gx_sqlite_dup_text(st, 0)) == NULL)
		rc = SQLITE_NOMEM;
	enum gx_db_status s = gx_sqlite_finish(st, rc);
	if (s < 0) {
		free(*json_out);
		*json_out = NULL;
	}
	return s;
}
