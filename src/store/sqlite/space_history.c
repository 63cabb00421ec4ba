/** A space's history, what was done in it on someone's behalf, and the
 *  session's active space. */

#include "store/sqlite/sqlite_int.h"

static const char event_sql[] =
	"INSERT INTO space_events (space_id, at_us, kind, actor_person_id, detail) VALUES (?1, ?2, ?3, ?4, ?5)";
static const char events_sql[] =
	"SELECT coalesce(json_group_array(json_object('id', id, 'at_us', at_us, 'kind', kind, 'actor_name', actor_name,"
	" 'detail', json(detail))), '[]') FROM (SELECT e.id, e.at_us, e.kind, p.given_name || ' ' || p.family_name"
	" AS actor_name, e.detail FROM space_events e LEFT JOIN persons p ON p.id = e.actor_person_id"
	" WHERE e.space_id = ?1 ORDER BY e.id DESC LIMIT ?2)";
static const char act_sql[] =
	"INSERT INTO space_acts (space_id, at_us, person_id, via, mandate_id, kind, procedure_id, item_id, detail,"
	" request_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
static const char acts_sql[] =
	"SELECT coalesce(json_group_array(json_object('id', id, 'at_us', at_us, 'person_name', person_name, 'via', via,"
	" 'kind', kind, 'procedure', procedure_id, 'item_id', item_id, 'detail', json(detail))), '[]') FROM ("
	" SELECT a.id, a.at_us, p.given_name || ' ' || p.family_name AS person_name, a.via, a.kind, a.procedure_id,"
	" a.item_id, a.detail FROM space_acts a JOIN persons p ON p.id = a.person_id WHERE a.space_id = ?1"
	" ORDER BY a.id DESC LIMIT ?2)";
static const char session_space_sql[] = "UPDATE sessions SET space_id = ?2 WHERE id_hash = ?1";

enum gx_db_status gx_sqlite_space_event_append(struct gx_store_conn *conn, struct gx_space_id space, long long at_us,
					       const char *kind, struct gx_person_id actor, const char *detail_json)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_SPACE_EVENT_APPEND, event_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, space.v);
	sqlite3_bind_int64(st, 2, at_us);
	sqlite3_bind_text(st, 3, kind, -1, SQLITE_STATIC);
	if (actor.v > 0)
		sqlite3_bind_int64(st, 4, actor.v);
	sqlite3_bind_text(st, 5, detail_json != NULL ? detail_json : "{}", -1, SQLITE_STATIC);
	enum gx_db_status s = gx_sqlite_run(st);
	return s < 0 ? s : GX_DB_ONE_RESULT;
}

enum gx_db_status gx_sqlite_space_events(struct gx_store_conn *conn, struct gx_space_id space, size_t limit, char **out)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_SPACE_EVENTS, events_sql);
	*out = NULL;
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, space.v);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)limit);
	return gx_sqlite_json_one(st, out);
}

enum gx_db_status gx_sqlite_space_act_append(struct gx_store_conn *conn, const struct gx_space_act *a)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_SPACE_ACT_APPEND, act_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, a->space_id);
	sqlite3_bind_int64(st, 2, a->at_us);
	sqlite3_bind_int64(st, 3, a->person_id);
	sqlite3_bind_text(st, 4, a->via, -1, SQLITE_STATIC);
	if (a->mandate_id > 0)
		sqlite3_bind_int64(st, 5, a->mandate_id);
	sqlite3_bind_text(st, 6, a->kind, -1, SQLITE_STATIC);
	if (a->procedure_id != NULL)
		sqlite3_bind_text(st, 7, a->procedure_id, -1, SQLITE_STATIC);
	if (a->item_id > 0)
		sqlite3_bind_int64(st, 8, a->item_id);
	if (a->detail_json != NULL)
		sqlite3_bind_text(st, 9, a->detail_json, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, a->request_id, -1, SQLITE_STATIC);
	enum gx_db_status s = gx_sqlite_run(st);
	return s < 0 ? s : GX_DB_ONE_RESULT;
}

enum gx_db_status gx_sqlite_space_acts(struct gx_store_conn *conn, struct gx_space_id space, size_t limit, char **out)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_SPACE_ACTS, acts_sql);
	*out = NULL;
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, space.v);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)limit);
	return gx_sqlite_json_one(st, out);
}

enum gx_db_status gx_sqlite_session_space_set(struct gx_store_conn *conn, const unsigned char *id_hash,
					      struct gx_space_id space)
{
	struct gx_sqlite_conn *c = gx_sqlite_conn(conn);
	sqlite3_stmt *st = gx_sqlite_stmt(c, GX_SQLITE_SESSION_SPACE_SET, session_space_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_blob(st, 1, id_hash, GX_SESSION_HASH_BYTES, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, space.v);
	enum gx_db_status s = gx_sqlite_run(st);
	if (s < 0)
		return s;
	return sqlite3_changes(c->db) > 0 ? GX_DB_ONE_RESULT : GX_DB_NO_RESULTS;
}
