/** Persons and their spaces. */

#include "store/pg/pg_int.h"

static const char upsert_sql[] =
	"INSERT INTO persons (national_id, given_name, family_name, created_at_us, last_login_at_us)"
	" VALUES ($1, $2, $3, $4, $4)"
	" ON CONFLICT (national_id) DO UPDATE SET given_name = EXCLUDED.given_name,"
	" family_name = EXCLUDED.family_name, last_login_at_us = EXCLUDED.last_login_at_us RETURNING id";
static const char space_insert_sql[] =
	"INSERT INTO spaces (kind, owner_person_id, created_at_us) VALUES ('private', $1, $2) ON CONFLICT DO NOTHING";
static const char space_id_sql[] = "SELECT id FROM spaces WHERE kind = 'private' AND owner_person_id = $1";
static const char owner_insert_sql[] =
	"INSERT INTO space_members (space_id, person_id, role, since_us) VALUES ($1, $2, 'owner', $3)"
	" ON CONFLICT DO NOTHING";
static const char get_sql[] =
	"SELECT national_id, given_name, family_name, choices_version FROM persons WHERE id = $1";
static const char owner_sql[] =
	"SELECT p.id, p.national_id, p.given_name, p.family_name, p.choices_version FROM spaces s"
	" JOIN persons p ON p.id = s.owner_person_id WHERE s.id = $1";
static const char role_sql[] = "SELECT m.role, s.kind FROM space_members m JOIN spaces s ON s.id = m.space_id"
			       " WHERE m.space_id = $1 AND m.person_id = $2";

/* A one-row, one-number query: GX_DB_ONE_RESULT with *out; no row is a hard error here. */
static enum gx_db_status one_id(struct gx_pg_conn *c, enum gx_pg_stmt_id id, const char *sql, enum gx_pg_access access,
				const struct gx_pg_params *p, long long *out)
{
	PGresult *r;
	enum gx_db_status s = gx_pg_run(c, id, sql, access, p, 0, &r);
	if (s == GX_DB_ONE_RESULT)
		*out = gx_pg_int(r, 0, 0);
	PQclear(r);
	return s == GX_DB_NO_RESULTS ? GX_DB_HARD_ERROR : s;
}

enum gx_db_status gx_pg_person_login(struct gx_store_conn *conn, const struct gx_person_login *in, long long *person_id,
				     long long *private_space_id)
{
	struct gx_pg_conn *c = gx_pg_conn(conn);
	struct gx_pg_params p = {0};
	enum gx_db_status s;

	gx_pg_param_text(&p, in->national_id);
	gx_pg_param_text(&p, in->given_name);
	gx_pg_param_text(&p, in->family_name);
	gx_pg_param_int(&p, in->at_us);
	if ((s = one_id(c, GX_PG_PERSON_UPSERT, upsert_sql, GX_PG_WRITE, &p, person_id)) < 0)
		return s;

	return gx_pg_private_space_ensure(c, *person_id, in->at_us, private_space_id);
}

enum gx_db_status gx_pg_private_space_ensure(struct gx_pg_conn *c, long long person_id, long long at_us,
					     long long *space_id)
{
	struct gx_pg_params p = {0};
	enum gx_db_status s;
	gx_pg_param_int(&p, person_id);
	gx_pg_param_int(&p, at_us);
	if ((s = gx_pg_run(c, GX_PG_PRIVATE_SPACE_INSERT, space_insert_sql, GX_PG_WRITE, &p, 0, NULL)) < 0)
		return s;

	p = (struct gx_pg_params){0};
	gx_pg_param_int(&p, person_id);
	if ((s = one_id(c, GX_PG_PRIVATE_SPACE_ID, space_id_sql, GX_PG_READ, &p, space_id)) < 0)
		return s;

	p = (struct gx_pg_params){0};
	gx_pg_param_int(&p, *space_id);
	gx_pg_param_int(&p, person_id);
	gx_pg_param_int(&p, at_us);
	if ((s = gx_pg_run(c, GX_PG_OWNER_INSERT, owner_insert_sql, GX_PG_WRITE, &p, 0, NULL)) < 0)
		return s;
	return GX_DB_ONE_RESULT;
}

enum gx_db_status gx_pg_person_get(struct gx_store_conn *conn, long long person_id, struct gx_person *out)
{
	struct gx_pg_params p = {0};
	PGresult *r;
	gx_pg_param_int(&p, person_id);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_PERSON_GET, get_sql, GX_PG_READ, &p, 0, &r);
	if (s == GX_DB_ONE_RESULT) {
		out->id = person_id;
		gx_pg_copy_text(r, 0, 0, out->national_id, sizeof(out->national_id));
		gx_pg_copy_text(r, 0, 1, out->given_name, sizeof(out->given_name));
		gx_pg_copy_text(r, 0, 2, out->family_name, sizeof(out->family_name));
		out->choices_version = gx_pg_int(r, 0, 3);
	}
	PQclear(r);
	return s;
}

enum gx_db_status gx_pg_membership(struct gx_store_conn *conn, struct gx_space_id space, struct gx_person_id person,
				   struct gx_membership *out)
{
	struct gx_pg_params p = {0};
	PGresult *r;
	gx_pg_param_int(&p, space.v);
	gx_pg_param_int(&p, person.v);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_MEMBERSHIP, role_sql, GX_PG_READ, &p, 0, &r);
	if (s == GX_DB_ONE_RESULT) {
		gx_pg_copy_text(r, 0, 0, out->role, sizeof(out->role));
		gx_pg_copy_text(r, 0, 1, out->kind, sizeof(out->kind));
	}
	PQclear(r);
	return s;
}

enum gx_db_status gx_pg_space_owner(struct gx_store_conn *conn, long long space_id, struct gx_person *out)
{
	struct gx_pg_params p = {0};
	PGresult *r;
	gx_pg_param_int(&p, space_id);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_SPACE_OWNER, owner_sql, GX_PG_READ, &p, 0, &r);
	if (s == GX_DB_ONE_RESULT) {
		out->id = gx_pg_int(r, 0, 0);
		gx_pg_copy_text(r, 0, 1, out->national_id, sizeof(out->national_id));
		gx_pg_copy_text(r, 0, 2, out->given_name, sizeof(out->given_name));
		gx_pg_copy_text(r, 0, 3, out->family_name, sizeof(out->family_name));
		out->choices_version = gx_pg_int(r, 0, 4);
	}
	PQclear(r);
	return s;
}
