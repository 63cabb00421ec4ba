/** The agents of organisations and their roles. */

#include "store/pg/pg_int.h"

static const char set_sql[] =
	"INSERT INTO org_agents (org_id, national_id, role, added_at_us) VALUES ($1, $2, $3, $4)"
	" ON CONFLICT (org_id, national_id) DO UPDATE SET role = EXCLUDED.role";
static const char remove_sql[] = "DELETE FROM org_agents WHERE org_id = $1 AND national_id = $2";
static const char role_sql[] =
	"SELECT a.role FROM org_agents a JOIN persons p ON p.national_id = a.national_id"
	" WHERE a.org_id = $1 AND p.id = $2";
static const char of_sql[] = "SELECT role FROM org_agents WHERE org_id = $1 AND national_id = $2";
static const char list_sql[] =
	"SELECT a.national_id, a.role, p.given_name, p.family_name FROM org_agents a"
	" LEFT JOIN persons p ON p.national_id = a.national_id WHERE a.org_id = $1 ORDER BY a.national_id COLLATE \"C\"";
static const char orgs_sql[] =
	"SELECT a.org_id, a.role FROM org_agents a JOIN persons p ON p.national_id = a.national_id"
	" WHERE p.id = $1 ORDER BY a.org_id COLLATE \"C\"";

enum gx_db_status gx_pg_org_agent_set(struct gx_store_conn *conn, const char *org, const char *national_id,
				      const char *role, long long at_us)
{
	struct gx_pg_params p = {0};
	gx_pg_param_text(&p, org);
	gx_pg_param_text(&p, national_id);
	gx_pg_param_text(&p, role);
	gx_pg_param_int(&p, at_us);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_AGENT_SET, set_sql, GX_PG_WRITE, &p, 0, NULL);
	return s < 0 ? s : GX_DB_ONE_RESULT;
}

enum gx_db_status gx_pg_org_agent_remove(struct gx_store_conn *conn, const char *org, const char *national_id)
{
	struct gx_pg_params p = {0};
	gx_pg_param_text(&p, org);
	gx_pg_param_text(&p, national_id);
	return gx_pg_run(gx_pg_conn(conn), GX_PG_AGENT_REMOVE, remove_sql, GX_PG_WRITE, &p, 0, NULL);
}

enum gx_db_status gx_pg_agent_role(struct gx_store_conn *conn, const char *org, struct gx_person_id person,
				   char role[16])
{
	struct gx_pg_params p = {0};
	PGresult *r;
	gx_pg_param_text(&p, org);
	gx_pg_param_int(&p, person.v);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_AGENT_ROLE, role_sql, GX_PG_READ, &p, 0, &r);
	if (s == GX_DB_ONE_RESULT)
		gx_pg_copy_text(r, 0, 0, role, 16);
	PQclear(r);
	return s;
}

/* A list as JSON text: one row per member, "[]" when none. */
static enum gx_db_status json_list(struct gx_pg_conn *c, enum gx_pg_stmt_id id, const char *sql,
				   const struct gx_pg_params *p, const struct gx_pg_json_member *members, int n,
				   char **out)
{
	PGresult *r;
	*out = NULL;
	enum gx_db_status s = gx_pg_run(c, id, sql, GX_PG_READ, p, 0, &r);
	if (s < 0)
		return s;
	*out = gx_pg_json_rows(r, members, n);
	PQclear(r);
	return *out != NULL ? GX_DB_ONE_RESULT : GX_DB_HARD_ERROR;
}

enum gx_db_status gx_pg_org_agents_list(struct gx_store_conn *conn, const char *org, char **out)
{
	static const struct gx_pg_json_member members[] = {{"national_id", GX_PG_JSON_STRING},
							   {"role", GX_PG_JSON_STRING},
							   {"given_name", GX_PG_JSON_STRING},
							   {"family_name", GX_PG_JSON_STRING}};
	struct gx_pg_params p = {0};
	gx_pg_param_text(&p, org);
	return json_list(gx_pg_conn(conn), GX_PG_AGENTS_LIST, list_sql, &p, members, 4, out);
}

enum gx_db_status gx_pg_agent_orgs(struct gx_store_conn *conn, struct gx_person_id person, char **out)
{
	static const struct gx_pg_json_member members[] = {{"org", GX_PG_JSON_STRING}, {"role", GX_PG_JSON_STRING}};
	struct gx_pg_params p = {0};
	gx_pg_param_int(&p, person.v);
	return json_list(gx_pg_conn(conn), GX_PG_AGENT_ORGS, orgs_sql, &p, members, 2, out);
}

enum gx_db_status gx_pg_org_agent_of(struct gx_store_conn *conn, const char *org, const char *national_id,
				     char role[16])
{
	struct gx_pg_params p = {0};
	PGresult *r;
	gx_pg_param_text(&p, org);
	gx_pg_param_text(&p, national_id);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_AGENT_OF, of_sql, GX_PG_READ, &p, 0, &r);
	if (s == GX_DB_ONE_RESULT)
		gx_pg_copy_text(r, 0, 0, role, 16);
	PQclear(r);
	return s;
}
