/** A space's history, what was done in it on someone's behalf, and the
 *  session's active space. */

#include "store/pg/pg_int.h"

static const char event_sql[] =
	"INSERT INTO space_events (space_id, at_us, kind, actor_person_id, detail) VALUES ($1, $2, $3, $4, $5)";
static const char events_sql[] =
	"SELECT e.id, e.at_us, e.kind, p.given_name || ' ' || p.family_name AS actor_name, e.detail"
	" FROM space_events e LEFT JOIN persons p ON p.id = e.actor_person_id WHERE e.space_id = $1"
	" ORDER BY e.id DESC LIMIT $2";
static const char act_sql[] =
	"INSERT INTO space_acts (space_id, at_us, person_id, via, mandate_id, kind, procedure_id, item_id, detail,"
	" request_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
static const char acts_sql[] =
	"SELECT a.id, a.at_us, p.given_name || ' ' || p.family_name AS person_name, a.via, a.kind, a.procedure_id,"
	" a.item_id, a.detail FROM space_acts a JOIN persons p ON p.id = a.person_id WHERE a.space_id = $1"
	" ORDER BY a.id DESC LIMIT $2";
static const char session_space_sql[] = "UPDATE sessions SET space_id = $2 WHERE id_hash = $1";

enum gx_db_status gx_pg_space_event_append(struct gx_store_conn *conn, struct gx_space_id space, long long at_us,
					   const char *kind, struct gx_person_id actor, const char *detail_json)
{
	struct gx_pg_params p = {0};
	gx_pg_param_int(&p, space.v);
	gx_pg_param_int(&p, at_us);
	gx_pg_param_text(&p, kind);
	if (actor.v > 0)
		gx_pg_param_int(&p, actor.v);
	else
		gx_pg_param_text(&p, NULL);
	gx_pg_param_text(&p, detail_json != NULL ? detail_json : "{}");
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_SPACE_EVENT_APPEND, event_sql, GX_PG_WRITE, &p, 0, NULL);
	return s < 0 ? s : GX_DB_ONE_RESULT;
}

enum gx_db_status gx_pg_space_events(struct gx_store_conn *conn, struct gx_space_id space, size_t limit, char **out)
{
	static const struct gx_pg_json_member members[] = {{"id", GX_PG_JSON_NUMBER},
							   {"at_us", GX_PG_JSON_NUMBER},
							   {"kind", GX_PG_JSON_STRING},
							   {"actor_name", GX_PG_JSON_STRING},
							   {"detail", GX_PG_JSON_RAW}};
	struct gx_pg_params p = {0};
	gx_pg_param_int(&p, space.v);
	gx_pg_param_int(&p, (long long)limit);
	return gx_pg_json_list(gx_pg_conn(conn), GX_PG_SPACE_EVENTS, events_sql, &p, members, 5, out);
}

enum gx_db_status gx_pg_space_act_append(struct gx_store_conn *conn, const struct gx_space_act *a)
{
	struct gx_pg_params p = {0};
	gx_pg_param_int(&p, a->space_id);
	gx_pg_param_int(&p, a->at_us);
	gx_pg_param_int(&p, a->person_id);
	gx_pg_param_text(&p, a->via);
	if (a->mandate_id > 0)
		gx_pg_param_int(&p, a->mandate_id);
	else
		gx_pg_param_text(&p, NULL);
	gx_pg_param_text(&p, a->kind);
	gx_pg_param_text(&p, a->procedure_id);
	if (a->item_id > 0)
		gx_pg_param_int(&p, a->item_id);
	else
		gx_pg_param_text(&p, NULL);
	gx_pg_param_text(&p, a->detail_json);
	gx_pg_param_text(&p, a->request_id);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_SPACE_ACT_APPEND, act_sql, GX_PG_WRITE, &p, 0, NULL);
	return s < 0 ? s : GX_DB_ONE_RESULT;
}

enum gx_db_status gx_pg_space_acts(struct gx_store_conn *conn, struct gx_space_id space, size_t limit, char **out)
{
	static const struct gx_pg_json_member members[] = {
		{"id", GX_PG_JSON_NUMBER},  {"at_us", GX_PG_JSON_NUMBER},     {"person_name", GX_PG_JSON_STRING},
		{"via", GX_PG_JSON_STRING}, {"kind", GX_PG_JSON_STRING},      {"procedure", GX_PG_JSON_STRING},
		{"item_id", GX_PG_JSON_NUMBER}, {"detail", GX_PG_JSON_RAW}};
	struct gx_pg_params p = {0};
	gx_pg_param_int(&p, space.v);
	gx_pg_param_int(&p, (long long)limit);
	return gx_pg_json_list(gx_pg_conn(conn), GX_PG_SPACE_ACTS, acts_sql, &p, members, 8, out);
}

enum gx_db_status gx_pg_session_space_set(struct gx_store_conn *conn, const unsigned char *id_hash,
					  struct gx_space_id space)
{
	struct gx_pg_params p = {0};
	gx_pg_param_bytes(&p, id_hash, GX_SESSION_HASH_BYTES);
	gx_pg_param_int(&p, space.v);
	return gx_pg_run(gx_pg_conn(conn), GX_PG_SESSION_SPACE_SET, session_space_sql, GX_PG_WRITE, &p, 0, NULL);
}
