/** Mandates: granted by a space, accepted by the mandatary, revoked by either. */

#include "store/sqlite/sqlite_int.h"

#include <string.h>

static const char create_sql[] =
	"INSERT INTO mandates (space_id, granted_by, mandatary_national_id, scope, procedures, organisation, letterbox,"
	" valid_from_us, valid_until_us, created_at_us) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
static const char get_sql[] =
	"SELECT space_id, granted_by, mandatary_national_id, coalesce(mandatary_person_id, 0), scope,"
	" coalesce(procedures, ''), coalesce(organisation, ''), letterbox, valid_from_us, valid_until_us, created_at_us,"
	" coalesce(accepted_at_us, 0), coalesce(revoked_at_us, 0), coalesce(revoked_by, 0) FROM mandates WHERE id = ?1";
static const char accept_sql[] =
	"UPDATE mandates SET mandatary_person_id = ?2, accepted_at_us = ?3"
	" WHERE id = ?1 AND accepted_at_us IS NULL AND revoked_at_us IS NULL";
static const char revoke_sql[] =
	"UPDATE mandates SET revoked_at_us = ?3, revoked_by = ?2 WHERE id = ?1 AND revoked_at_us IS NULL";
#define MANDATE_MEMBERS                                                                                             \
	"'scope', scope, 'procedures', json(procedures), 'organisation', organisation, 'letterbox', letterbox,"     \
	" 'valid_from_us', valid_from_us, 'valid_until_us', valid_until_us, 'created_at_us', created_at_us,"        \
	" 'accepted_at_us', accepted_at_us, 'revoked_at_us', revoked_at_us"
#define MANDATE_COLUMNS                                                                                             \
	"d.scope, d.procedures, d.organisation, d.letterbox, d.valid_from_us, d.valid_until_us, d.created_at_us,"   \
	" d.accepted_at_us, d.revoked_at_us"
static const char of_space_sql[] =
	"SELECT coalesce(json_group_array(json_object('id', id, 'mandatary_national_id', mandatary_national_id,"
	" 'mandatary_name', mandatary_name, " MANDATE_MEMBERS ")), '[]') FROM ("
	" SELECT d.id, d.mandatary_national_id, p.given_name || ' ' || p.family_name AS mandatary_name, " MANDATE_COLUMNS
	" FROM mandates d LEFT JOIN persons p ON p.id = d.mandatary_person_id WHERE d.space_id = ?1 ORDER BY d.id DESC)";
static const char for_sql[] =
	"SELECT coalesce(json_group_array(json_object('id', id, 'space_id', space_id, 'space_name', space_name, "
	MANDATE_MEMBERS ")), '[]') FROM ("
	" SELECT d.id, d.space_id, coalesce(s.name, o.given_name || ' ' || o.family_name, '') AS space_name, "
	MANDATE_COLUMNS " FROM mandates d JOIN spaces s ON s.id = d.space_id LEFT JOIN persons o ON o.id = s.owner_person_id"
	" WHERE d.mandatary_national_id = ?1 ORDER BY d.id DESC)";
static const char open_sql[] =
	"SELECT 1 FROM mandates WHERE space_id = ?1 AND mandatary_national_id = ?2 AND revoked_at_us IS NULL"
	" AND valid_until_us > ?3 LIMIT 1";

enum gx_db_status gx_sqlite_mandate_create(struct gx_store_conn *conn, const struct gx_mandate *m, long long *id)
{
	struct gx_sqlite_conn *c = gx_sqlite_conn(conn);
	sqlite3_stmt *st = gx_sqlite_stmt(c, GX_SQLITE_MANDATE_CREATE, create_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, m->space_id);
	sqlite3_bind_int64(st, 2, m->granted_by);
	sqlite3_bind_text(st, 3, m->mandatary_national_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, m->scope, -1, SQLITE_STATIC);
	if (m->procedures[0] != '\0')
		sqlite3_bind_text(st, 5, m->procedures, -1, SQLITE_STATIC);
	if (m->organisation[0] != '\0')
		sqlite3_bind_text(st, 6, m->organisation, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 7, m->letterbox ? 1 : 0);
	sqlite3_bind_int64(st, 8, m->valid_from_us);
	sqlite3_bind_int64(st, 9, m->valid_until_us);
	sqlite3_bind_int64(st, 10, m->created_at_us);
	enum gx_db_status s = gx_sqlite_run(st);
	if (s < 0)
		return s;
	*id = sqlite3_last_insert_rowid(c->db);
	return GX_DB_ONE_RESULT;
}

enum gx_db_status gx_sqlite_mandate_get(struct gx_store_conn *conn, long long id, struct gx_mandate *out)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_MANDATE_GET, get_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		memset(out, 0, sizeof(*out));
		out->id = id;
		out->space_id = sqlite3_column_int64(st, 0);
		out->granted_by = sqlite3_column_int64(st, 1);
		gx_sqlite_copy_text(st, 2, out->mandatary_national_id, sizeof(out->mandatary_national_id));
		out->mandatary_person_id = sqlite3_column_int64(st, 3);
		gx_sqlite_copy_text(st, 4, out->scope, sizeof(out->scope));
		gx_sqlite_copy_text(st, 5, out->procedures, sizeof(out->procedures));
		gx_sqlite_copy_text(st, 6, out->organisation, sizeof(out->organisation));
		out->letterbox = sqlite3_column_int(st, 7) != 0;
		out->valid_from_us = sqlite3_column_int64(st, 8);
		out->valid_until_us = sqlite3_column_int64(st, 9);
		out->created_at_us = sqlite3_column_int64(st, 10);
		out->accepted_at_us = sqlite3_column_int64(st, 11);
		out->revoked_at_us = sqlite3_column_int64(st, 12);
		out->revoked_by = sqlite3_column_int64(st, 13);
	}
	return gx_sqlite_finish(st, rc);
}

static enum gx_db_status update(struct gx_store_conn *conn, enum gx_sqlite_stmt_id sid, const char *sql, long long id,
				long long person, long long at_us)
{
	struct gx_sqlite_conn *c = gx_sqlite_conn(conn);
	sqlite3_stmt *st = gx_sqlite_stmt(c, sid, sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, person);
	sqlite3_bind_int64(st, 3, at_us);
	enum gx_db_status s = gx_sqlite_run(st);
	if (s < 0)
		return s;
	return sqlite3_changes(c->db) > 0 ? GX_DB_ONE_RESULT : GX_DB_NO_RESULTS;
}

enum gx_db_status gx_sqlite_mandate_accept(struct gx_store_conn *conn, long long id, struct gx_person_id person,
					   long long at_us)
{
	return update(conn, GX_SQLITE_MANDATE_ACCEPT, accept_sql, id, person.v, at_us);
}

enum gx_db_status gx_sqlite_mandate_revoke(struct gx_store_conn *conn, long long id, struct gx_person_id by,
					   long long at_us)
{
	return update(conn, GX_SQLITE_MANDATE_REVOKE, revoke_sql, id, by.v, at_us);
}

enum gx_db_status gx_sqlite_mandates_of_space(struct gx_store_conn *conn, struct gx_space_id space, char **out)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_MANDATES_OF_SPACE, of_space_sql);
	*out = NULL;
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, space.v);
	return gx_sqlite_json_one(st, out);
}

enum gx_db_status gx_sqlite_mandates_for(struct gx_store_conn *conn, const char *national_id, char **out)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_MANDATES_FOR, for_sql);
	*out = NULL;
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_text(st, 1, national_id, -1, SQLITE_STATIC);
	return gx_sqlite_json_one(st, out);
}

enum gx_db_status gx_sqlite_mandate_open_exists(struct gx_store_conn *conn, struct gx_space_id space,
						const char *national_id, long long now_us, bool *exists)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_MANDATE_OPEN, open_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, space.v);
	sqlite3_bind_text(st, 2, national_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, now_us);
	int rc = sqlite3_step(st);
	*exists = rc == SQLITE_ROW;
	enum gx_db_status s = gx_sqlite_finish(st, rc);
	return s < 0 ? s : GX_DB_ONE_RESULT;
}
