/** A space's members and the invitations to join it. */

#include "store/pg/pg_int.h"

#include <stdlib.h>
#include <string.h>

static const char member_put_sql[] =
	"INSERT INTO space_members (space_id, person_id, role, procedures, since_us) VALUES ($1, $2, $3, $4, $5)"
	" ON CONFLICT (space_id, person_id) DO UPDATE SET role = EXCLUDED.role, procedures = EXCLUDED.procedures";
static const char member_remove_sql[] =
	"DELETE FROM space_members WHERE space_id = $1 AND person_id = $2 AND role <> 'owner'";
static const char member_role_sql[] = "SELECT role FROM space_members WHERE space_id = $1 AND person_id = $2";
static const char admins_sql[] =
	"SELECT count(*) FROM space_members WHERE space_id = $1 AND role IN ('owner', 'administrator')";
static const char actors_sql[] =
	"SELECT person_id FROM space_members WHERE space_id = $1 AND role <> 'owner'"
	" UNION SELECT mandatary_person_id FROM mandates WHERE space_id = $1 AND mandatary_person_id IS NOT NULL"
	" AND accepted_at_us IS NOT NULL AND revoked_at_us IS NULL AND valid_from_us <= $2 AND valid_until_us > $2"
	" UNION SELECT parent_person_id FROM guardianships WHERE child_space_id = $1 AND adult_at_us > $2"
	" ORDER BY 1";
static const char members_sql[] =
	"SELECT m.person_id, p.national_id, p.given_name, p.family_name, m.role, m.procedures, m.since_us"
	" FROM space_members m JOIN persons p ON p.id = m.person_id WHERE m.space_id = $1"
	" ORDER BY p.family_name COLLATE \"C\", p.given_name COLLATE \"C\", m.person_id";

static const char invitation_create_sql[] =
	"INSERT INTO space_invitations (space_id, national_id, role, procedures, invited_by, created_at_us, expires_at_us)"
	" VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
static const char invitation_get_sql[] =
	"SELECT space_id, national_id, role, coalesce(procedures, ''), invited_by, created_at_us, expires_at_us, state,"
	" coalesce(settled_at_us, 0) FROM space_invitations WHERE id = $1";
static const char invitation_settle_sql[] =
	"UPDATE space_invitations SET state = $2, settled_at_us = $3 WHERE id = $1 AND state = 'pending'";
static const char invitations_of_space_sql[] =
	"SELECT id, national_id, role, procedures, created_at_us, expires_at_us FROM space_invitations"
	" WHERE space_id = $1 AND state = 'pending' AND expires_at_us > $2 ORDER BY id DESC";
static const char invitations_for_sql[] =
	"SELECT i.id, i.space_id, coalesce(s.name, '') AS space_name, i.role, i.procedures, i.expires_at_us"
	" FROM space_invitations i JOIN spaces s ON s.id = i.space_id"
	" WHERE i.national_id = $1 AND i.state = 'pending' AND i.expires_at_us > $2 ORDER BY i.id DESC";

/* "" is SQL NULL (every procedure). */
static void param_text_or_null(struct gx_pg_params *p, const char *s)
{
	gx_pg_param_text(p, s != NULL && s[0] != '\0' ? s : NULL);
}

enum gx_db_status gx_pg_member_put(struct gx_store_conn *conn, struct gx_space_id space, struct gx_person_id person,
				   const char *role, const char *procedures_json, long long at_us)
{
	struct gx_pg_params p = {0};
	gx_pg_param_int(&p, space.v);
	gx_pg_param_int(&p, person.v);
	gx_pg_param_text(&p, role);
	param_text_or_null(&p, procedures_json);
	gx_pg_param_int(&p, at_us);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_MEMBER_PUT, member_put_sql, GX_PG_WRITE, &p, 0, NULL);
	return s < 0 ? s : GX_DB_ONE_RESULT;
}

enum gx_db_status gx_pg_member_remove(struct gx_store_conn *conn, struct gx_space_id space, struct gx_person_id person)
{
	struct gx_pg_params p = {0};
	gx_pg_param_int(&p, space.v);
	gx_pg_param_int(&p, person.v);
	return gx_pg_run(gx_pg_conn(conn), GX_PG_MEMBER_REMOVE, member_remove_sql, GX_PG_WRITE, &p, 0, NULL);
}

enum gx_db_status gx_pg_member_role(struct gx_store_conn *conn, struct gx_space_id space, struct gx_person_id person,
				    char *role)
{
	struct gx_pg_params p = {0};
	PGresult *r;
	role[0] = '\0';
	gx_pg_param_int(&p, space.v);
	gx_pg_param_int(&p, person.v);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_MEMBER_ROLE, member_role_sql, GX_PG_READ, &p, 0, &r);
	if (s == GX_DB_ONE_RESULT)
		gx_pg_copy_text(r, 0, 0, role, 16);
	PQclear(r);
	return s;
}

enum gx_db_status gx_pg_space_admins(struct gx_store_conn *conn, struct gx_space_id space, long long *n)
{
	struct gx_pg_params p = {0};
	PGresult *r;
	gx_pg_param_int(&p, space.v);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_SPACE_ADMINS, admins_sql, GX_PG_READ, &p, 0, &r);
	if (s == GX_DB_ONE_RESULT)
		*n = gx_pg_int(r, 0, 0);
	PQclear(r);
	return s == GX_DB_NO_RESULTS ? GX_DB_HARD_ERROR : s;
}

enum gx_db_status gx_pg_space_actors(struct gx_store_conn *conn, struct gx_space_id space, long long now_us,
				     long long **out, size_t *n)
{
	struct gx_pg_params p = {0};
	PGresult *r;
	gx_pg_param_int(&p, space.v);
	gx_pg_param_int(&p, now_us);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_SPACE_ACTORS, actors_sql, GX_PG_READ, &p, 0, &r);
	if (s == GX_DB_ONE_RESULT) {
		int rows = PQntuples(r);
		if ((*out = malloc((size_t)rows * sizeof(**out))) == NULL)
			s = GX_DB_HARD_ERROR;
		for (int i = 0; *out != NULL && i < rows; i++)
			(*out)[(*n)++] = gx_pg_int(r, i, 0);
	}
	PQclear(r);
	return s;
}

enum gx_db_status gx_pg_members_list(struct gx_store_conn *conn, struct gx_space_id space, char **out)
{
	static const struct gx_pg_json_member members[] = {
		{"person_id", GX_PG_JSON_NUMBER},   {"national_id", GX_PG_JSON_STRING}, {"given_name", GX_PG_JSON_STRING},
		{"family_name", GX_PG_JSON_STRING}, {"role", GX_PG_JSON_STRING},        {"procedures", GX_PG_JSON_RAW},
		{"since_us", GX_PG_JSON_NUMBER}};
	struct gx_pg_params p = {0};
	gx_pg_param_int(&p, space.v);
	return gx_pg_json_list(gx_pg_conn(conn), GX_PG_MEMBERS_LIST, members_sql, &p, members, 7, out);
}

enum gx_db_status gx_pg_invitation_create(struct gx_store_conn *conn, const struct gx_invitation *in, long long *id)
{
	struct gx_pg_params p = {0};
	PGresult *r;
	gx_pg_param_int(&p, in->space_id);
	gx_pg_param_text(&p, in->national_id);
	gx_pg_param_text(&p, in->role);
	param_text_or_null(&p, in->procedures);
	gx_pg_param_int(&p, in->invited_by);
	gx_pg_param_int(&p, in->created_at_us);
	gx_pg_param_int(&p, in->expires_at_us);
	enum gx_db_status s =
		gx_pg_run(gx_pg_conn(conn), GX_PG_INVITATION_CREATE, invitation_create_sql, GX_PG_WRITE, &p, 0, &r);
	if (s == GX_DB_ONE_RESULT)
		*id = gx_pg_int(r, 0, 0);
	PQclear(r);
	return s == GX_DB_NO_RESULTS ? GX_DB_HARD_ERROR : s;
}

enum gx_db_status gx_pg_invitation_get(struct gx_store_conn *conn, long long id, struct gx_invitation *out)
{
	struct gx_pg_params p = {0};
	PGresult *r;
	gx_pg_param_int(&p, id);
	enum gx_db_status s =
		gx_pg_run(gx_pg_conn(conn), GX_PG_INVITATION_GET, invitation_get_sql, GX_PG_READ, &p, 0, &r);
	if (s == GX_DB_ONE_RESULT) {
		memset(out, 0, sizeof(*out));
		out->id = id;
		out->space_id = gx_pg_int(r, 0, 0);
		gx_pg_copy_text(r, 0, 1, out->national_id, sizeof(out->national_id));
		gx_pg_copy_text(r, 0, 2, out->role, sizeof(out->role));
		gx_pg_copy_text(r, 0, 3, out->procedures, sizeof(out->procedures));
		out->invited_by = gx_pg_int(r, 0, 4);
		out->created_at_us = gx_pg_int(r, 0, 5);
		out->expires_at_us = gx_pg_int(r, 0, 6);
		gx_pg_copy_text(r, 0, 7, out->state, sizeof(out->state));
		out->settled_at_us = gx_pg_int(r, 0, 8);
	}
	PQclear(r);
	return s;
}

enum gx_db_status gx_pg_invitation_settle(struct gx_store_conn *conn, long long id, const char *state, long long at_us)
{
	struct gx_pg_params p = {0};
	gx_pg_param_int(&p, id);
	gx_pg_param_text(&p, state);
	gx_pg_param_int(&p, at_us);
	return gx_pg_run(gx_pg_conn(conn), GX_PG_INVITATION_SETTLE, invitation_settle_sql, GX_PG_WRITE, &p, 0, NULL);
}

enum gx_db_status gx_pg_invitations_of_space(struct gx_store_conn *conn, struct gx_space_id space, long long now_us,
					     char **out)
{
	static const struct gx_pg_json_member members[] = {
		{"id", GX_PG_JSON_NUMBER},         {"national_id", GX_PG_JSON_STRING},   {"role", GX_PG_JSON_STRING},
		{"procedures", GX_PG_JSON_RAW},    {"created_at_us", GX_PG_JSON_NUMBER}, {"expires_at_us", GX_PG_JSON_NUMBER}};
	struct gx_pg_params p = {0};
	gx_pg_param_int(&p, space.v);
	gx_pg_param_int(&p, now_us);
	return gx_pg_json_list(gx_pg_conn(conn), GX_PG_INVITATIONS_OF_SPACE, invitations_of_space_sql, &p, members, 6,
			       out);
}

enum gx_db_status gx_pg_invitations_for(struct gx_store_conn *conn, const char *national_id, long long now_us,
					char **out)
{
	static const struct gx_pg_json_member members[] = {
		{"id", GX_PG_JSON_NUMBER},      {"space_id", GX_PG_JSON_NUMBER},     {"space_name", GX_PG_JSON_STRING},
		{"role", GX_PG_JSON_STRING},    {"procedures", GX_PG_JSON_RAW},       {"expires_at_us", GX_PG_JSON_NUMBER}};
	struct gx_pg_params p = {0};
	gx_pg_param_text(&p, national_id);
	gx_pg_param_int(&p, now_us);
	return gx_pg_json_list(gx_pg_conn(conn), GX_PG_INVITATIONS_FOR, invitations_for_sql, &p, members, 6, out);
}
