/** The agents of organisations and their roles. */

#include "store/sqlite/sqlite_int.h"

static const char set_sql[] =
	"INSERT INTO org_agents (org_id, national_id, role, added_at_us) VALUES (?1, ?2, ?3, ?4)"
	" ON CONFLICT (org_id, national_id) DO UPDATE SET role = ?3";
static const char remove_sql[] = "DELETE FROM org_agents WHERE org_id = ?1 AND national_id = ?2";
static const char role_sql[] =
	"SELECT a.role FROM org_agents a JOIN persons p ON p.national_id = a.national_id"
	" WHERE a.org_id = ?1 AND p.id = ?2";
static const char of_sql[] = "SELECT role FROM org_agents WHERE org_id = ?1 AND national_id = ?2";
static const char list_sql[] =
	"SELECT coalesce(json_group_array(json_object('national_id', national_id, 'role', role, 'given_name',"
	" given_name, 'family_name', family_name)), '[]') FROM (SELECT a.national_id, a.role, p.given_name,"
	" p.family_name FROM org_agents a LEFT JOIN persons p ON p.national_id = a.national_id"
	" WHERE a.org_id = ?1 ORDER BY a.national_id)";
static const char orgs_sql[] =
	"SELECT coalesce(json_group_array(json_object('org', org_id, 'role', role)), '[]') FROM"
	" (SELECT a.org_id, a.role FROM org_agents a JOIN persons p ON p.national_id = a.national_id"
	" WHERE p.id = ?1 ORDER BY a.org_id)";

enum gx_db_status gx_sqlite_org_agent_set(struct gx_store_conn *conn, const char *org, const char *national_id,
					  const char *role, long long at_us)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_AGENT_SET, set_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_text(st, 1, org, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, national_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, role, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, at_us);
	enum gx_db_status s = gx_sqlite_run(st);
	return s < 0 ? s : GX_DB_ONE_RESULT;
}

enum gx_db_status gx_sqlite_org_agent_remove(struct gx_store_conn *conn, const char *org, const char *national_id)
{
	struct gx_sqlite_conn *c = gx_sqlite_conn(conn);
	sqlite3_stmt *st = gx_sqlite_stmt(c, GX_SQLITE_AGENT_REMOVE, remove_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_text(st, 1, org, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, national_id, -1, SQLITE_STATIC);
	enum gx_db_status s = gx_sqlite_run(st);
	if (s < 0)
		return s;
	return sqlite3_changes(c->db) > 0 ? GX_DB_ONE_RESULT : GX_DB_NO_RESULTS;
}

enum gx_db_status gx_sqlite_agent_role(struct gx_store_conn *conn, const char *org, struct gx_person_id person,
				       char role[16])
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_AGENT_ROLE, role_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_text(st, 1, org, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, person.v);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		gx_sqlite_copy_text(st, 0, role, 16);
	return gx_sqlite_finish(st, rc);
}

/* A one-row, one-column JSON text query with one bound value. */
static enum gx_db_status json_text(sqlite3_stmt *st, char **out)
{
	int rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW ? gx_sqlite_dup_text(st, 0) : NULL;
	enum gx_db_status s = gx_sqlite_finish(st, rc);
	if (s == GX_DB_ONE_RESULT && *out == NULL)
		return GX_DB_HARD_ERROR;
	return s;
}

enum gx_db_status gx_sqlite_org_agents_list(struct gx_store_conn *conn, const char *org, char **out)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_AGENTS_LIST, list_sql);
	*out = NULL;
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_text(st, 1, org, -1, SQLITE_STATIC);
	return json_text(st, out);
}

enum gx_db_status gx_sqlite_agent_orgs(struct gx_store_conn *conn, struct gx_person_id person, char **out)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_AGENT_ORGS, orgs_sql);
	*out = NULL;
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, person.v);
	return json_text(st, out);
}

enum gx_db_status gx_sqlite_org_agent_of(struct gx_store_conn *conn, const char *org, const char *national_id,
					 char role[16])
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_AGENT_OF, of_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_text(st, 1, org, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, national_id, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		gx_sqlite_copy_text(st, 0, role, 16);
	return gx_sqlite_finish(st, rc);
}
