/** The person's Yes/No to prefilling from each register. */

#include "store/sqlite/sqlite_int.h"

#include <string.h>

static const char set_sql[] =
	"INSERT INTO prefill_choices (person_id, register, allowed, changed_at_us) VALUES (?1, ?2, ?3, ?4)"
	" ON CONFLICT (person_id, register) DO UPDATE SET allowed = ?3, changed_at_us = ?4";
static const char declined_sql[] =
	"SELECT register FROM prefill_choices WHERE person_id = ?1 AND allowed = 0 ORDER BY register";
static const char bump_sql[] = "UPDATE persons SET choices_version = choices_version + 1 WHERE id = ?1";
/* One statement, so the names are those of the version read with them. */
static const char names_sql[] =
	"SELECT p.choices_version, c.register FROM persons p"
	" LEFT JOIN prefill_choices c ON c.person_id = p.id AND c.allowed = 0"
	" WHERE p.id = ?1 ORDER BY c.register LIMIT ?2";

enum gx_db_status gx_sqlite_prefill_choice_set(struct gx_store_conn *conn, long long person_id, const char *reg,
					       bool allowed, long long at_us)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_CHOICE_SET, set_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, person_id);
	sqlite3_bind_text(st, 2, reg, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, allowed ? 1 : 0);
	sqlite3_bind_int64(st, 4, at_us);
	enum gx_db_status s = gx_sqlite_run(st);
	if (s < 0)
		return s;
	if ((st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_CHOICES_BUMP, bump_sql)) == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, person_id);
	s = gx_sqlite_run(st);
	return s < 0 ? s : GX_DB_ONE_RESULT;
}

enum gx_db_status gx_sqlite_prefill_declined(struct gx_store_conn *conn, long long person_id,
					     const char *const *registers, size_t n, bool *declined)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_CHOICES_DECLINED, declined_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, person_id);
	bool any = false;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		for (size_t i = 0; name != NULL && i < n; i++)
			if (strcmp(registers[i], name) == 0)
				declined[i] = any = true;
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE)
		return gx_sqlite_status(rc);
	return any ? GX_DB_ONE_RESULT : GX_DB_NO_RESULTS;
}

enum gx_db_status gx_sqlite_prefill_declined_names(struct gx_store_conn *conn, long long person_id,
						 struct gx_declined_names *out)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_CHOICES_NAMES, names_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, person_id);
	sqlite3_bind_int(st, 2, GX_DECLINED_NAMES_MAX + 1); /* one more than fits says there are more */
	bool found = false;
	out->complete = true;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		found = true;
		out->version = sqlite3_column_int64(st, 0);
		if (sqlite3_column_type(st, 1) == SQLITE_NULL)
			continue; /* the person said No to nothing */
		if (out->n == GX_DECLINED_NAMES_MAX || sqlite3_column_bytes(st, 1) >= GX_DECLINED_NAME_SIZE) {
			out->complete = false;
			continue;
		}
		gx_sqlite_copy_text(st, 1, out->names[out->n++], GX_DECLINED_NAME_SIZE);
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE)
		return gx_sqlite_status(rc);
	return found ? GX_DB_ONE_RESULT : GX_DB_NO_RESULTS;
}
