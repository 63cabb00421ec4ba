/** Persons and their spaces. */

#include "store/sqlite/sqlite_int.h"

#include <stdio.h>
#include <string.h>

static const char upsert_sql[] =
	"INSERT INTO persons (national_id, given_name, family_name, created_at_us, last_login_at_us)"
	" VALUES (?1, ?2, ?3, ?4, ?4)"
	" ON CONFLICT (national_id) DO UPDATE SET given_name = ?2, family_name = ?3, last_login_at_us = ?4";
static const char person_id_sql[] = "SELECT id FROM persons WHERE national_id = ?1";
static const char space_insert_sql[] =
	"INSERT INTO spaces (kind, owner_person_id, created_at_us) VALUES ('private', ?1, ?2)"
	" ON CONFLICT DO NOTHING";
static const char space_id_sql[] = "SELECT id FROM spaces WHERE kind = 'private' AND owner_person_id = ?1";
static const char owner_insert_sql[] =
	"INSERT INTO space_members (space_id, person_id, role, since_us) VALUES (?1, ?2, 'owner', ?3)"
	" ON CONFLICT DO NOTHING";
static const char get_sql[] =
	"SELECT national_id, given_name, family_name, choices_version FROM persons WHERE id = ?1";
static const char owner_sql[] =
	"SELECT p.id, p.national_id, p.given_name, p.family_name, p.choices_version FROM spaces s"
	" JOIN persons p ON p.id = s.owner_person_id WHERE s.id = ?1";
static const char role_sql[] = "SELECT m.role, s.kind FROM space_members m JOIN spaces s ON s.id = m.space_id"
				" WHERE m.space_id = ?1 AND m.person_id = ?2";

/* Runs a one-column integer query; GX_DB_ONE_RESULT with *out, or NO_RESULTS. */
static enum gx_db_status one_id(sqlite3_stmt *st, long long *out)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc == SQLITE_ROW)
		return GX_DB_ONE_RESULT;
	return rc == SQLITE_DONE ? GX_DB_NO_RESULTS : gx_sqlite_status(rc);
}

enum gx_db_status gx_sqlite_person_login(struct gx_store_conn *conn, const struct gx_person_login *in,
					 long long *person_id, long long *private_space_id)
{
	struct gx_sqlite_conn *c = gx_sqlite_conn(conn);
	sqlite3_stmt *st;
	enum gx_db_status s;

	if ((st = gx_sqlite_stmt(c, GX_SQLITE_PERSON_UPSERT, upsert_sql)) == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_text(st, 1, in->national_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, in->given_name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, in->family_name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, in->at_us);
	if ((s = gx_sqlite_run(st)) < 0)
		return s;

	if ((st = gx_sqlite_stmt(c, GX_SQLITE_PERSON_ID, person_id_sql)) == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_text(st, 1, in->national_id, -1, SQLITE_STATIC);
	if ((s = one_id(st, person_id)) != GX_DB_ONE_RESULT)
		return s < 0 ? s : GX_DB_HARD_ERROR;

	return gx_sqlite_private_space_ensure(c, *person_id, in->at_us, private_space_id);
}

enum gx_db_status gx_sqlite_private_space_ensure(struct gx_sqlite_conn *c, long long person_id, long long at_us,
						 long long *space_id)
{
	sqlite3_stmt *st;
	enum gx_db_status s;
	if ((st = gx_sqlite_stmt(c, GX_SQLITE_PRIVATE_SPACE_INSERT, space_insert_sql)) == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, person_id);
	sqlite3_bind_int64(st, 2, at_us);
	if ((s = gx_sqlite_run(st)) < 0)
		return s;

	if ((st = gx_sqlite_stmt(c, GX_SQLITE_PRIVATE_SPACE_ID, space_id_sql)) == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, person_id);
	if ((s = one_id(st, space_id)) != GX_DB_ONE_RESULT)
		return s < 0 ? s : GX_DB_HARD_ERROR;

	if ((st = gx_sqlite_stmt(c, GX_SQLITE_OWNER_INSERT, owner_insert_sql)) == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, *space_id);
	sqlite3_bind_int64(st, 2, person_id);
	sqlite3_bind_int64(st, 3, at_us);
	if ((s = gx_sqlite_run(st)) < 0)
		return s;
	return GX_DB_ONE_RESULT;
}

enum gx_db_status gx_sqlite_person_get(struct gx_store_conn *conn, long long person_id, struct gx_person *out)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_PERSON_GET, get_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, person_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->id = person_id;
		gx_sqlite_copy_text(st, 0, out->national_id, sizeof(out->national_id));
		gx_sqlite_copy_text(st, 1, out->given_name, sizeof(out->given_name));
		gx_sqlite_copy_text(st, 2, out->family_name, sizeof(out->family_name));
		out->choices_version = sqlite3_column_int64(st, 3);
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc == SQLITE_ROW)
		return GX_DB_ONE_RESULT;
	return rc == SQLITE_DONE ? GX_DB_NO_RESULTS : gx_sqlite_status(rc);
}

enum gx_db_status gx_sqlite_membership(struct gx_store_conn *conn, struct gx_space_id space, struct gx_person_id person,
				       struct gx_membership *out)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_MEMBERSHIP, role_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, space.v);
	sqlite3_bind_int64(st, 2, person.v);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		gx_sqlite_copy_text(st, 0, out->role, sizeof(out->role));
		gx_sqlite_copy_text(st, 1, out->kind, sizeof(out->kind));
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc == SQLITE_ROW)
		return GX_DB_ONE_RESULT;
	return rc == SQLITE_DONE ? GX_DB_NO_RESULTS : gx_sqlite_status(rc);
}

enum gx_db_status gx_sqlite_space_owner(struct gx_store_conn *conn, long long space_id, struct gx_person *out)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_SPACE_OWNER, owner_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, space_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(st, 0);
		gx_sqlite_copy_text(st, 1, out->national_id, sizeof(out->national_id));
		gx_sqlite_copy_text(st, 2, out->given_name, sizeof(out->given_name));
		gx_sqlite_copy_text(st, 3, out->family_name, sizeof(out->family_name));
		out->choices_version = sqlite3_column_int64(st, 4);
	}
	return gx_sqlite_finish(st, rc);
}
