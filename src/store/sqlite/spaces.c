/** Spaces and who may act in them: the decision's read, a person's spaces,
 *  companies' spaces, children's spaces and their parents. */

#include "store/sqlite/sqlite_int.h"

#include <string.h>

/* The space, then one row per relation in force (or one row of NULLs). */
static const char access_sql[] =
	"SELECT s.kind, coalesce(s.owner_person_id, 0), coalesce(o.national_id, ''), coalesce(s.company_number, ''),"
	" coalesce(s.name, o.given_name || ' ' || o.family_name, ''),"
	" r.via, r.role, r.procedures, r.organisation, r.letterbox, r.ref, r.until_us"
	" FROM spaces s LEFT JOIN persons o ON o.id = s.owner_person_id LEFT JOIN ("
	"  SELECT 'member' AS via, role, procedures, NULL AS organisation, 1 AS letterbox, 0 AS ref, 0 AS until_us"
	"  FROM space_members WHERE space_id = ?1 AND person_id = ?2"
	"  UNION ALL SELECT 'mandate', 'mandatary', procedures, organisation, letterbox, id, valid_until_us"
	"  FROM mandates WHERE space_id = ?1 AND mandatary_person_id = ?2 AND accepted_at_us IS NOT NULL"
	"  AND revoked_at_us IS NULL AND valid_from_us <= ?3 AND valid_until_us > ?3"
	"  UNION ALL SELECT 'parent', 'parent', NULL, NULL, 1, 0, adult_at_us"
	"  FROM guardianships WHERE child_space_id = ?1 AND parent_person_id = ?2 AND adult_at_us > ?3"
	" ) r ON 1 WHERE s.id = ?1";

#define SPACE_NAME "coalesce(s.name, o.given_name || ' ' || o.family_name, '')"
static const char spaces_of_sql[] =
	"SELECT coalesce(json_group_array(json_object('id', id, 'kind', kind, 'name', name, 'via', via, 'role', role,"
	" 'until_us', until_us)), '[]') FROM ("
	" SELECT s.id AS id, s.kind AS kind, " SPACE_NAME " AS name, 'member' AS via, m.role AS role, NULL AS until_us,"
	"  CASE m.role WHEN 'owner' THEN 0 ELSE 1 END AS rank"
	"  FROM space_members m JOIN spaces s ON s.id = m.space_id LEFT JOIN persons o ON o.id = s.owner_person_id"
	"  WHERE m.person_id = ?1"
	" UNION ALL SELECT s.id, s.kind, " SPACE_NAME ", 'parent', 'parent', g.adult_at_us, 2"
	"  FROM guardianships g JOIN spaces s ON s.id = g.child_space_id LEFT JOIN persons o ON o.id = s.owner_person_id"
	"  WHERE g.parent_person_id = ?1 AND g.adult_at_us > ?2"
	" UNION ALL SELECT s.id, s.kind, " SPACE_NAME ", 'mandate', 'mandatary', d.valid_until_us, 3"
	"  FROM mandates d JOIN spaces s ON s.id = d.space_id LEFT JOIN persons o ON o.id = s.owner_person_id"
	"  WHERE d.mandatary_person_id = ?1 AND d.accepted_at_us IS NOT NULL AND d.revoked_at_us IS NULL"
	"  AND d.valid_from_us <= ?2 AND d.valid_until_us > ?2"
	" ORDER BY rank, name, id)";

static const char company_sql[] = "SELECT id FROM spaces WHERE company_number = ?1";
static const char company_create_sql[] =
	"INSERT INTO spaces (kind, owner_person_id, created_at_us, company_number, name)"
	" VALUES ('professional', NULL, ?3, ?1, ?2)";
static const char person_ensure_sql[] =
	"INSERT INTO persons (national_id, given_name, family_name, created_at_us, last_login_at_us)"
	" VALUES (?1, ?2, ?3, ?4, 0) ON CONFLICT (national_id) DO NOTHING";
static const char guardianship_sql[] =
	"INSERT INTO guardianships (parent_person_id, child_space_id, adult_at_us, recorded_at_us) VALUES (?1, ?2, ?3, ?4)"
	" ON CONFLICT (parent_person_id, child_space_id) DO UPDATE SET adult_at_us = ?3, recorded_at_us = ?4";
static const char person_id_sql[] = "SELECT id FROM persons WHERE national_id = ?1";

enum gx_db_status gx_sqlite_json_one(sqlite3_stmt *st, char **out)
{
	int rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW ? gx_sqlite_dup_text(st, 0) : NULL;
	enum gx_db_status s = gx_sqlite_finish(st, rc);
	if (s == GX_DB_ONE_RESULT && *out == NULL)
		return GX_DB_HARD_ERROR;
	if (s == GX_DB_NO_RESULTS)
		return GX_DB_HARD_ERROR; /* an aggregate always answers one row */
	return s;
}

enum gx_db_status gx_sqlite_space_access(struct gx_store_conn *conn, struct gx_space_id space,
					 struct gx_person_id person, long long now_us, struct gx_space_row *out,
					 struct gx_space_relation *rels, size_t max, size_t *n)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_SPACE_ACCESS, access_sql);
	*n = 0;
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, space.v);
	sqlite3_bind_int64(st, 2, person.v);
	sqlite3_bind_int64(st, 3, now_us);
	int rc;
	bool found = false, overflow = false;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!found) {
			memset(out, 0, sizeof(*out));
			out->id = space.v;
			gx_sqlite_copy_text(st, 0, out->kind, sizeof(out->kind));
			out->owner_person_id = sqlite3_column_int64(st, 1);
			gx_sqlite_copy_text(st, 2, out->owner_national_id, sizeof(out->owner_national_id));
			gx_sqlite_copy_text(st, 3, out->company_number, sizeof(out->company_number));
			gx_sqlite_copy_text(st, 4, out->name, sizeof(out->name));
			found = true;
		}
		if (sqlite3_column_type(st, 5) == SQLITE_NULL)
			continue;
		if (*n >= max) {
			overflow = true;
			continue;
		}
		struct gx_space_relation *r = &rels[(*n)++];
		memset(r, 0, sizeof(*r));
		gx_sqlite_copy_text(st, 5, r->via, sizeof(r->via));
		gx_sqlite_copy_text(st, 6, r->role, sizeof(r->role));
		gx_sqlite_copy_text(st, 7, r->procedures, sizeof(r->procedures));
		gx_sqlite_copy_text(st, 8, r->organisation, sizeof(r->organisation));
		r->letterbox = sqlite3_column_int(st, 9) != 0;
		r->mandate_id = sqlite3_column_int64(st, 10);
		r->until_us = sqlite3_column_int64(st, 11);
	}
	enum gx_db_status s = gx_sqlite_finish(st, rc);
	if (s < 0)
		return s;
	if (overflow)
		return GX_DB_HARD_ERROR;
	return found ? GX_DB_ONE_RESULT : GX_DB_NO_RESULTS;
}

enum gx_db_status gx_sqlite_spaces_of(struct gx_store_conn *conn, struct gx_person_id person, long long now_us,
				      char **out)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_SPACES_OF, spaces_of_sql);
	*out = NULL;
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, person.v);
	sqlite3_bind_int64(st, 2, now_us);
	return gx_sqlite_json_one(st, out);
}

enum gx_db_status gx_sqlite_company_space(struct gx_store_conn *conn, const char *company_number, long long *id)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_COMPANY_SPACE, company_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_text(st, 1, company_number, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	return gx_sqlite_finish(st, rc);
}

enum gx_db_status gx_sqlite_company_space_create(struct gx_store_conn *conn, const char *company_number,
						 const char *name, long long at_us, long long *id)
{
	struct gx_sqlite_conn *c = gx_sqlite_conn(conn);
	sqlite3_stmt *st = gx_sqlite_stmt(c, GX_SQLITE_COMPANY_SPACE_CREATE, company_create_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_text(st, 1, company_number, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, at_us);
	enum gx_db_status s = gx_sqlite_run(st);
	if (s < 0)
		return s;
	*id = sqlite3_last_insert_rowid(c->db);
	return GX_DB_ONE_RESULT;
}

enum gx_db_status gx_sqlite_person_ensure(struct gx_store_conn *conn, const char *national_id, const char *given_name,
					  const char *family_name, long long at_us, long long *person, long long *space)
{
	struct gx_sqlite_conn *c = gx_sqlite_conn(conn);
	sqlite3_stmt *st = gx_sqlite_stmt(c, GX_SQLITE_PERSON_ENSURE, person_ensure_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_text(st, 1, national_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, given_name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, family_name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, at_us);
	enum gx_db_status s = gx_sqlite_run(st);
	if (s < 0)
		return s;
	if ((st = gx_sqlite_stmt(c, GX_SQLITE_PERSON_ID, person_id_sql)) == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_text(st, 1, national_id, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*person = sqlite3_column_int64(st, 0);
	if ((s = gx_sqlite_finish(st, rc)) != GX_DB_ONE_RESULT)
		return s < 0 ? s : GX_DB_HARD_ERROR;
	return gx_sqlite_private_space_ensure(c, *person, at_us, space);
}

enum gx_db_status gx_sqlite_guardianship_put(struct gx_store_conn *conn, struct gx_person_id parent,
					     struct gx_space_id child_space, long long adult_at_us, long long at_us)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_GUARDIANSHIP_PUT, guardianship_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, parent.v);
	sqlite3_bind_int64(st, 2, child_space.v);
	sqlite3_bind_int64(st, 3, adult_at_us);
	sqlite3_bind_int64(st, 4, at_us);
	enum gx_db_status s = gx_sqlite_run(st);
	return s < 0 ? s : GX_DB_ONE_RESULT;
}
