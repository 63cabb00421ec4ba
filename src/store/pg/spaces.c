/** Spaces and who may act in them: the decision's read, a person's spaces,
 *  companies' spaces, children's spaces and their parents. */

#include "store/pg/pg_int.h"

#include <string.h>

/* The space, then one row per relation in force (or one row of NULLs). */
static const char access_sql[] =
	"SELECT s.kind, coalesce(s.owner_person_id, 0), coalesce(o.national_id, ''), coalesce(s.company_number, ''),"
	" coalesce(s.name, o.given_name || ' ' || o.family_name, ''),"
	" r.via, r.role, r.procedures, r.organisation, r.letterbox, r.ref, r.until_us"
	" FROM spaces s LEFT JOIN persons o ON o.id = s.owner_person_id LEFT JOIN ("
	"  SELECT 'member'::text AS via, role, procedures, NULL::text AS organisation, 1::bigint AS letterbox,"
	"  0::bigint AS ref, 0::bigint AS until_us"
	"  FROM space_members WHERE space_id = $1 AND person_id = $2"
	"  UNION ALL SELECT 'mandate', 'mandatary', procedures, organisation, letterbox, id, valid_until_us"
	"  FROM mandates WHERE space_id = $1 AND mandatary_person_id = $2 AND accepted_at_us IS NOT NULL"
	"  AND revoked_at_us IS NULL AND valid_from_us <= $3 AND valid_until_us > $3"
	"  UNION ALL SELECT 'parent', 'parent', NULL, NULL, 1, 0, adult_at_us"
	"  FROM guardianships WHERE child_space_id = $1 AND parent_person_id = $2 AND adult_at_us > $3"
	" ) r ON true WHERE s.id = $1";

#define SPACE_NAME "coalesce(s.name, o.given_name || ' ' || o.family_name, '')"
static const char spaces_of_sql[] =
	"SELECT id, kind, name, via, role, until_us FROM ("
	" SELECT s.id, s.kind, " SPACE_NAME " AS name, 'member'::text AS via, m.role, NULL::bigint AS until_us,"
	"  CASE m.role WHEN 'owner' THEN 0 ELSE 1 END AS rank"
	"  FROM space_members m JOIN spaces s ON s.id = m.space_id LEFT JOIN persons o ON o.id = s.owner_person_id"
	"  WHERE m.person_id = $1"
	" UNION ALL SELECT s.id, s.kind, " SPACE_NAME ", 'parent', 'parent', g.adult_at_us, 2"
	"  FROM guardianships g JOIN spaces s ON s.id = g.child_space_id LEFT JOIN persons o ON o.id = s.owner_person_id"
	"  WHERE g.parent_person_id = $1 AND g.adult_at_us > $2"
	" UNION ALL SELECT s.id, s.kind, " SPACE_NAME ", 'mandate', 'mandatary', d.valid_until_us, 3"
	"  FROM mandates d JOIN spaces s ON s.id = d.space_id LEFT JOIN persons o ON o.id = s.owner_person_id"
	"  WHERE d.mandatary_person_id = $1 AND d.accepted_at_us IS NOT NULL AND d.revoked_at_us IS NULL"
	"  AND d.valid_from_us <= $2 AND d.valid_until_us > $2"
	") x ORDER BY rank, name COLLATE \"C\", id";

static const char company_sql[] = "SELECT id FROM spaces WHERE company_number = $1";
static const char company_create_sql[] =
	"INSERT INTO spaces (kind, owner_person_id, created_at_us, company_number, name)"
	" VALUES ('professional', NULL, $3, $1, $2) RETURNING id";
static const char person_ensure_sql[] =
	"WITH n AS (INSERT INTO persons (national_id, given_name, family_name, created_at_us, last_login_at_us)"
	" VALUES ($1, $2, $3, $4, 0) ON CONFLICT (national_id) DO NOTHING RETURNING id)"
	" SELECT id FROM n UNION ALL SELECT id FROM persons WHERE national_id = $1";
static const char guardianship_sql[] =
	"INSERT INTO guardianships (parent_person_id, child_space_id, adult_at_us, recorded_at_us) VALUES ($1, $2, $3, $4)"
	" ON CONFLICT (parent_person_id, child_space_id) DO UPDATE SET adult_at_us = EXCLUDED.adult_at_us,"
	" recorded_at_us = EXCLUDED.recorded_at_us";

enum gx_db_status gx_pg_space_access(struct gx_store_conn *conn, struct gx_space_id space, struct gx_person_id person,
				     long long now_us, struct gx_space_row *out, struct gx_space_relation *rels,
				     size_t max, size_t *n)
{
	struct gx_pg_params p = {0};
	PGresult *r;
	*n = 0;
	gx_pg_param_int(&p, space.v);
	gx_pg_param_int(&p, person.v);
	gx_pg_param_int(&p, now_us);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_SPACE_ACCESS, access_sql, GX_PG_READ, &p, 0, &r);
	if (s < 0)
		return s;
	int rows = s == GX_DB_ONE_RESULT ? PQntuples(r) : 0;
	bool overflow = false;
	if (rows > 0) {
		memset(out, 0, sizeof(*out));
		out->id = space.v;
		gx_pg_copy_text(r, 0, 0, out->kind, sizeof(out->kind));
		out->owner_person_id = gx_pg_int(r, 0, 1);
		gx_pg_copy_text(r, 0, 2, out->owner_national_id, sizeof(out->owner_national_id));
		gx_pg_copy_text(r, 0, 3, out->company_number, sizeof(out->company_number));
		gx_pg_copy_text(r, 0, 4, out->name, sizeof(out->name));
	}
	for (int row = 0; row < rows; row++) {
		if (PQgetisnull(r, row, 5))
			continue;
		if (*n >= max) {
			overflow = true;
			break;
		}
		struct gx_space_relation *x = &rels[(*n)++];
		memset(x, 0, sizeof(*x));
		gx_pg_copy_text(r, row, 5, x->via, sizeof(x->via));
		gx_pg_copy_text(r, row, 6, x->role, sizeof(x->role));
		gx_pg_copy_text(r, row, 7, x->procedures, sizeof(x->procedures));
		gx_pg_copy_text(r, row, 8, x->organisation, sizeof(x->organisation));
		x->letterbox = gx_pg_int(r, row, 9) != 0;
		x->mandate_id = gx_pg_int(r, row, 10);
		x->until_us = gx_pg_int(r, row, 11);
	}
	PQclear(r);
	if (overflow)
		return GX_DB_HARD_ERROR;
	return rows > 0 ? GX_DB_ONE_RESULT : GX_DB_NO_RESULTS;
}

enum gx_db_status gx_pg_spaces_of(struct gx_store_conn *conn, struct gx_person_id person, long long now_us, char **out)
{
	static const struct gx_pg_json_member members[] = {
		{"id", GX_PG_JSON_NUMBER},  {"kind", GX_PG_JSON_STRING}, {"name", GX_PG_JSON_STRING},
		{"via", GX_PG_JSON_STRING}, {"role", GX_PG_JSON_STRING}, {"until_us", GX_PG_JSON_NUMBER}};
	struct gx_pg_params p = {0};
	gx_pg_param_int(&p, person.v);
	gx_pg_param_int(&p, now_us);
	return gx_pg_json_list(gx_pg_conn(conn), GX_PG_SPACES_OF, spaces_of_sql, &p, members, 6, out);
}

/* A statement answering one number in its first row. */
static enum gx_db_status one_number(struct gx_pg_conn *c, enum gx_pg_stmt_id id, const char *sql,
				    enum gx_pg_access access, const struct gx_pg_params *p, long long *out)
{
	PGresult *r;
	enum gx_db_status s = gx_pg_run(c, id, sql, access, p, 0, &r);
	if (s == GX_DB_ONE_RESULT)
		*out = gx_pg_int(r, 0, 0);
	PQclear(r);
	return s;
}

enum gx_db_status gx_pg_company_space(struct gx_store_conn *conn, const char *company_number, long long *id)
{
	struct gx_pg_params p = {0};
	gx_pg_param_text(&p, company_number);
	return one_number(gx_pg_conn(conn), GX_PG_COMPANY_SPACE, company_sql, GX_PG_READ, &p, id);
}

enum gx_db_status gx_pg_company_space_create(struct gx_store_conn *conn, const char *company_number, const char *name,
					     long long at_us, long long *id)
{
	struct gx_pg_params p = {0};
	gx_pg_param_text(&p, company_number);
	gx_pg_param_text(&p, name);
	gx_pg_param_int(&p, at_us);
	enum gx_db_status s = one_number(gx_pg_conn(conn), GX_PG_COMPANY_SPACE_CREATE, company_create_sql, GX_PG_WRITE,
					 &p, id);
	return s == GX_DB_NO_RESULTS ? GX_DB_HARD_ERROR : s;
}

enum gx_db_status gx_pg_person_ensure(struct gx_store_conn *conn, const char *national_id, const char *given_name,
				      const char *family_name, long long at_us, long long *person, long long *space)
{
	struct gx_pg_conn *c = gx_pg_conn(conn);
	struct gx_pg_params p = {0};
	gx_pg_param_text(&p, national_id);
	gx_pg_param_text(&p, given_name);
	gx_pg_param_text(&p, family_name);
	gx_pg_param_int(&p, at_us);
	enum gx_db_status s = one_number(c, GX_PG_PERSON_ENSURE, person_ensure_sql, GX_PG_WRITE, &p, person);
	if (s != GX_DB_ONE_RESULT)
		return s < 0 ? s : GX_DB_HARD_ERROR;
	return gx_pg_private_space_ensure(c, *person, at_us, space);
}

enum gx_db_status gx_pg_guardianship_put(struct gx_store_conn *conn, struct gx_person_id parent,
					 struct gx_space_id child_space, long long adult_at_us, long long at_us)
{
	struct gx_pg_params p = {0};
	gx_pg_param_int(&p, parent.v);
	gx_pg_param_int(&p, child_space.v);
	gx_pg_param_int(&p, adult_at_us);
	gx_pg_param_int(&p, at_us);
	enum gx_db_status s =
		gx_pg_run(gx_pg_conn(conn), GX_PG_GUARDIANSHIP_PUT, guardianship_sql, GX_PG_WRITE, &p, 0, NULL);
	return s < 0 ? s : GX_DB_ONE_RESULT;
}
