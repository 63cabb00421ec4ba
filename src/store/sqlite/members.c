/** A space's members and the invitations to join it. */

#include "store/sqlite/sqlite_int.h"

#include <stdlib.h>
#include <string.h>

static const char member_put_sql[] =
	"INSERT INTO space_members (space_id, person_id, role, procedures, since_us) VALUES (?1, ?2, ?3, ?4, ?5)"
	" ON CONFLICT (space_id, person_id) DO UPDATE SET role = ?3, procedures = ?4";
static const char member_remove_sql[] =
	"DELETE FROM space_members WHERE space_id = ?1 AND person_id = ?2 AND role <> 'owner'";
static const char member_role_sql[] = "SELECT role FROM space_members WHERE space_id = ?1 AND person_id = ?2";
static const char admins_sql[] =
	"SELECT count(*) FROM space_members WHERE space_id = ?1 AND role IN ('owner', 'administrator')";
static const char actors_sql[] =
	"SELECT person_id FROM space_members WHERE space_id = ?1 AND role <> 'owner'"
	" UNION SELECT mandatary_person_id FROM mandates WHERE space_id = ?1 AND mandatary_person_id IS NOT NULL"
	" AND accepted_at_us IS NOT NULL AND revoked_at_us IS NULL AND valid_from_us <= ?2 AND valid_until_us > ?2"
	" UNION SELECT parent_person_id FROM guardianships WHERE child_space_id = ?1 AND adult_at_us > ?2"
	" ORDER BY 1";
static const char members_sql[] =
	"SELECT coalesce(json_group_array(json_object('person_id', person_id, 'national_id', national_id, 'given_name',"
	" given_name, 'family_name', family_name, 'role', role, 'procedures', json(procedures), 'since_us', since_us)),"
	" '[]') FROM (SELECT m.person_id, p.national_id, p.given_name, p.family_name, m.role, m.procedures, m.since_us"
	" FROM space_members m JOIN persons p ON p.id = m.person_id WHERE m.space_id = ?1"
	" ORDER BY p.family_name, p.given_name, m.person_id)";

static const char invitation_create_sql[] =
	"INSERT INTO space_invitations (space_id, national_id, role, procedures, invited_by, created_at_us, expires_at_us)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
static const char invitation_get_sql[] =
	"SELECT space_id, national_id, role, coalesce(procedures, ''), invited_by, created_at_us, expires_at_us, state,"
	" coalesce(settled_at_us, 0) FROM space_invitations WHERE id = ?1";
static const char invitation_settle_sql[] =
	"UPDATE space_invitations SET state = ?2, settled_at_us = ?3 WHERE id = ?1 AND state = 'pending'";
static const char invitations_of_space_sql[] =
	"SELECT coalesce(json_group_array(json_object('id', id, 'national_id', national_id, 'role', role, 'procedures',"
	" json(procedures), 'created_at_us', created_at_us, 'expires_at_us', expires_at_us)), '[]') FROM ("
	" SELECT id, national_id, role, procedures, created_at_us, expires_at_us FROM space_invitations"
	" WHERE space_id = ?1 AND state = 'pending' AND expires_at_us > ?2 ORDER BY id DESC)";
static const char invitations_for_sql[] =
	"SELECT coalesce(json_group_array(json_object('id', id, 'space_id', space_id, 'space_name', space_name, 'role',"
	" role, 'procedures', json(procedures), 'expires_at_us', expires_at_us)), '[]') FROM ("
	" SELECT i.id, i.space_id, coalesce(s.name, '') AS space_name, i.role, i.procedures, i.expires_at_us"
	" FROM space_invitations i JOIN spaces s ON s.id = i.space_id"
	" WHERE i.national_id = ?1 AND i.state = 'pending' AND i.expires_at_us > ?2 ORDER BY i.id DESC)";

static void bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
	if (s != NULL && s[0] != '\0')
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

enum gx_db_status gx_sqlite_member_put(struct gx_store_conn *conn, struct gx_space_id space, struct gx_person_id person,
				       const char *role, const char *procedures_json, long long at_us)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_MEMBER_PUT, member_put_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, space.v);
	sqlite3_bind_int64(st, 2, person.v);
	sqlite3_bind_text(st, 3, role, -1, SQLITE_STATIC);
	bind_text_or_null(st, 4, procedures_json);
	sqlite3_bind_int64(st, 5, at_us);
	enum gx_db_status s = gx_sqlite_run(st);
	return s < 0 ? s : GX_DB_ONE_RESULT;
}

enum gx_db_status gx_sqlite_member_remove(struct gx_store_conn *conn, struct gx_space_id space,
					  struct gx_person_id person)
{
	struct gx_sqlite_conn *c = gx_sqlite_conn(conn);
	sqlite3_stmt *st = gx_sqlite_stmt(c, GX_SQLITE_MEMBER_REMOVE, member_remove_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, space.v);
	sqlite3_bind_int64(st, 2, person.v);
	enum gx_db_status s = gx_sqlite_run(st);
	if (s < 0)
		return s;
	return sqlite3_changes(c->db) > 0 ? GX_DB_ONE_RESULT : GX_DB_NO_RESULTS;
}

enum gx_db_status gx_sqlite_member_role(struct gx_store_conn *conn, struct gx_space_id space,
					struct gx_person_id person, char *role)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_MEMBER_ROLE, member_role_sql);
	role[0] = '\0';
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, space.v);
	sqlite3_bind_int64(st, 2, person.v);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		gx_sqlite_copy_text(st, 0, role, 16);
	return gx_sqlite_finish(st, rc);
}

enum gx_db_status gx_sqlite_space_admins(struct gx_store_conn *conn, struct gx_space_id space, long long *n)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_SPACE_ADMINS, admins_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, space.v);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*n = sqlite3_column_int64(st, 0);
	enum gx_db_status s = gx_sqlite_finish(st, rc);
	return s == GX_DB_NO_RESULTS ? GX_DB_HARD_ERROR : s;
}

enum gx_db_status gx_sqlite_space_actors(struct gx_store_conn *conn, struct gx_space_id space, long long now_us,
					 long long **out, size_t *n)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_SPACE_ACTORS, actors_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, space.v);
	sqlite3_bind_int64(st, 2, now_us);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			size_t more = cap > 0 ? cap * 2 : 8;
			long long *grown = realloc(*out, more * sizeof(**out));
			if (grown == NULL) {
				rc = SQLITE_NOMEM;
				break;
			}
			*out = grown;
			cap = more;
		}
		(*out)[(*n)++] = sqlite3_column_int64(st, 0);
	}
	enum gx_db_status s = gx_sqlite_finish(st, rc);
	if (s < 0) {
		free(*out);
		*out = NULL;
		*n = 0;
		return s;
	}
	return *n > 0 ? GX_DB_ONE_RESULT : GX_DB_NO_RESULTS;
}

enum gx_db_status gx_sqlite_members_list(struct gx_store_conn *conn, struct gx_space_id space, char **out)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_MEMBERS_LIST, members_sql);
	*out = NULL;
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, space.v);
	return gx_sqlite_json_one(st, out);
}

enum gx_db_status gx_sqlite_invitation_create(struct gx_store_conn *conn, const struct gx_invitation *in, long long *id)
{
	struct gx_sqlite_conn *c = gx_sqlite_conn(conn);
	sqlite3_stmt *st = gx_sqlite_stmt(c, GX_SQLITE_INVITATION_CREATE, invitation_create_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, in->space_id);
	sqlite3_bind_text(st, 2, in->national_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, in->role, -1, SQLITE_STATIC);
	bind_text_or_null(st, 4, in->procedures);
	sqlite3_bind_int64(st, 5, in->invited_by);
	sqlite3_bind_int64(st, 6, in->created_at_us);
	sqlite3_bind_int64(st, 7, in->expires_at_us);
	enum gx_db_status s = gx_sqlite_run(st);
	if (s < 0)
		return s;
	*id = sqlite3_last_insert_rowid(c->db);
	return GX_DB_ONE_RESULT;
}

enum gx_db_status gx_sqlite_invitation_get(struct gx_store_conn *conn, long long id, struct gx_invitation *out)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_INVITATION_GET, invitation_get_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		memset(out, 0, sizeof(*out));
		out->id = id;
		out->space_id = sqlite3_column_int64(st, 0);
		gx_sqlite_copy_text(st, 1, out->national_id, sizeof(out->national_id));
		gx_sqlite_copy_text(st, 2, out->role, sizeof(out->role));
		gx_sqlite_copy_text(st, 3, out->procedures, sizeof(out->procedures));
		out->invited_by = sqlite3_column_int64(st, 4);
		out->created_at_us = sqlite3_column_int64(st, 5);
		out->expires_at_us = sqlite3_column_int64(st, 6);
		gx_sqlite_copy_text(st, 7, out->state, sizeof(out->state));
		out->settled_at_us = sqlite3_column_int64(st, 8);
	}
	return gx_sqlite_finish(st, rc);
}

enum gx_db_status gx_sqlite_invitation_settle(struct gx_store_conn *conn, long long id, const char *state,
					      long long at_us)
{
	struct gx_sqlite_conn *c = gx_sqlite_conn(conn);
	sqlite3_stmt *st = gx_sqlite_stmt(c, GX_SQLITE_INVITATION_SETTLE, invitation_settle_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, state, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, at_us);
	enum gx_db_status s = gx_sqlite_run(st);
	if (s < 0)
		return s;
	return sqlite3_changes(c->db) > 0 ? GX_DB_ONE_RESULT : GX_DB_NO_RESULTS;
}

enum gx_db_status gx_sqlite_invitations_of_space(struct gx_store_conn *conn, struct gx_space_id space, long long now_us,
						 char **out)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_INVITATIONS_OF_SPACE, invitations_of_space_sql);
	*out = NULL;
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, space.v);
	sqlite3_bind_int64(st, 2, now_us);
	return gx_sqlite_json_one(st, out);
}

enum gx_db_status gx_sqlite_invitations_for(struct gx_store_conn *conn, const char *national_id, long long now_us,
					    char **out)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_INVITATIONS_FOR, invitations_for_sql);
	*out = NULL;
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_text(st, 1, national_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now_us);
	return gx_sqlite_json_one(st, out);
}
