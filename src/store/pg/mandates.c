/** Mandates: granted by a space, accepted by the mandatary, revoked by either. */

#include "store/pg/pg_int.h"

#include <string.h>

static const char create_sql[] =
	"INSERT INTO mandates (space_id, granted_by, mandatary_national_id, scope, procedures, organisation, letterbox,"
	" valid_from_us, valid_until_us, created_at_us) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id";
static const char get_sql[] =
	"SELECT space_id, granted_by, mandatary_national_id, coalesce(mandatary_person_id, 0), scope,"
	" coalesce(procedures, ''), coalesce(organisation, ''), letterbox, valid_from_us, valid_until_us, created_at_us,"
	" coalesce(accepted_at_us, 0), coalesce(revoked_at_us, 0), coalesce(revoked_by, 0) FROM mandates WHERE id = $1";
static const char accept_sql[] =
	"UPDATE mandates SET mandatary_person_id = $2, accepted_at_us = $3"
	" WHERE id = $1 AND accepted_at_us IS NULL AND revoked_at_us IS NULL";
static const char revoke_sql[] =
	"UPDATE mandates SET revoked_at_us = $3, revoked_by = $2 WHERE id = $1 AND revoked_at_us IS NULL";
#define MANDATE_COLUMNS                                                                                             \
	"d.scope, d.procedures, d.organisation, d.letterbox, d.valid_from_us, d.valid_until_us, d.created_at_us,"   \
	" d.accepted_at_us, d.revoked_at_us"
static const char of_space_sql[] =
	"SELECT d.id, d.mandatary_national_id, p.given_name || ' ' || p.family_name AS mandatary_name, " MANDATE_COLUMNS
	" FROM mandates d LEFT JOIN persons p ON p.id = d.mandatary_person_id WHERE d.space_id = $1 ORDER BY d.id DESC";
static const char for_sql[] =
	"SELECT d.id, d.space_id, coalesce(s.name, o.given_name || ' ' || o.family_name, '') AS space_name, "
	MANDATE_COLUMNS " FROM mandates d JOIN spaces s ON s.id = d.space_id LEFT JOIN persons o ON o.id = s.owner_person_id"
	" WHERE d.mandatary_national_id = $1 ORDER BY d.id DESC";
static const char open_sql[] =
	"SELECT 1 FROM mandates WHERE space_id = $1 AND mandatary_national_id = $2 AND revoked_at_us IS NULL"
	" AND valid_until_us > $3 LIMIT 1";

#define MANDATE_MEMBERS                                                                                             \
	{"scope", GX_PG_JSON_STRING}, {"procedures", GX_PG_JSON_RAW}, {"organisation", GX_PG_JSON_STRING},          \
		{"letterbox", GX_PG_JSON_NUMBER}, {"valid_from_us", GX_PG_JSON_NUMBER},                              \
		{"valid_until_us", GX_PG_JSON_NUMBER}, {"created_at_us", GX_PG_JSON_NUMBER},                         \
		{"accepted_at_us", GX_PG_JSON_NUMBER}, {"revoked_at_us", GX_PG_JSON_NUMBER}

enum gx_db_status gx_pg_mandate_create(struct gx_store_conn *conn, const struct gx_mandate *m, long long *id)
{
	struct gx_pg_params p = {0};
	PGresult *r;
	gx_pg_param_int(&p, m->space_id);
	gx_pg_param_int(&p, m->granted_by);
	gx_pg_param_text(&p, m->mandatary_national_id);
	gx_pg_param_text(&p, m->scope);
	gx_pg_param_text(&p, m->procedures[0] != '\0' ? m->procedures : NULL);
	gx_pg_param_text(&p, m->organisation[0] != '\0' ? m->organisation : NULL);
	gx_pg_param_int(&p, m->letterbox ? 1 : 0);
	gx_pg_param_int(&p, m->valid_from_us);
	gx_pg_param_int(&p, m->valid_until_us);
	gx_pg_param_int(&p, m->created_at_us);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_MANDATE_CREATE, create_sql, GX_PG_WRITE, &p, 0, &r);
	if (s == GX_DB_ONE_RESULT)
		*id = gx_pg_int(r, 0, 0);
	PQclear(r);
	return s == GX_DB_NO_RESULTS ? GX_DB_HARD_ERROR : s;
}

enum gx_db_status gx_pg_mandate_get(struct gx_store_conn *conn, long long id, struct gx_mandate *out)
{
	struct gx_pg_params p = {0};
	PGresult *r;
	gx_pg_param_int(&p, id);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_MANDATE_GET, get_sql, GX_PG_READ, &p, 0, &r);
	if (s == GX_DB_ONE_RESULT) {
		memset(out, 0, sizeof(*out));
		out->id = id;
		out->space_id = gx_pg_int(r, 0, 0);
		out->granted_by = gx_pg_int(r, 0, 1);
		gx_pg_copy_text(r, 0, 2, out->mandatary_national_id, sizeof(out->mandatary_national_id));
		out->mandatary_person_id = gx_pg_int(r, 0, 3);
		gx_pg_copy_text(r, 0, 4, out->scope, sizeof(out->scope));
		gx_pg_copy_text(r, 0, 5, out->procedures, sizeof(out->procedures));
		gx_pg_copy_text(r, 0, 6, out->organisation, sizeof(out->organisation));
		out->letterbox = gx_pg_int(r, 0, 7) != 0;
		out->valid_from_us = gx_pg_int(r, 0, 8);
		out->valid_until_us = gx_pg_int(r, 0, 9);
		out->created_at_us = gx_pg_int(r, 0, 10);
		out->accepted_at_us = gx_pg_int(r, 0, 11);
		out->revoked_at_us = gx_pg_int(r, 0, 12);
		out->revoked_by = gx_pg_int(r, 0, 13);
	}
	PQclear(r);
	return s;
}

static enum gx_db_status update(struct gx_store_conn *conn, enum gx_pg_stmt_id sid, const char *sql, long long id,
				long long person, long long at_us)
{
	struct gx_pg_params p = {0};
	gx_pg_param_int(&p, id);
	gx_pg_param_int(&p, person);
	gx_pg_param_int(&p, at_us);
	return gx_pg_run(gx_pg_conn(conn), sid, sql, GX_PG_WRITE, &p, 0, NULL);
}

enum gx_db_status gx_pg_mandate_accept(struct gx_store_conn *conn, long long id, struct gx_person_id person,
				       long long at_us)
{
	return update(conn, GX_PG_MANDATE_ACCEPT, accept_sql, id, person.v, at_us);
}

enum gx_db_status gx_pg_mandate_revoke(struct gx_store_conn *conn, long long id, struct gx_person_id by,
				       long long at_us)
{
	return update(conn, GX_PG_MANDATE_REVOKE, revoke_sql, id, by.v, at_us);
}

enum gx_db_status gx_pg_mandates_of_space(struct gx_store_conn *conn, struct gx_space_id space, char **out)
{
	static const struct gx_pg_json_member members[] = {{"id", GX_PG_JSON_NUMBER},
							   {"mandatary_national_id", GX_PG_JSON_STRING},
							   {"mandatary_name", GX_PG_JSON_STRING},
							   MANDATE_MEMBERS};
	struct gx_pg_params p = {0};
	gx_pg_param_int(&p, space.v);
	return gx_pg_json_list(gx_pg_conn(conn), GX_PG_MANDATES_OF_SPACE, of_space_sql, &p, members,
			       (int)(sizeof(members) / sizeof(members[0])), out);
}

enum gx_db_status gx_pg_mandates_for(struct gx_store_conn *conn, const char *national_id, char **out)
{
	static const struct gx_pg_json_member members[] = {
		{"id", GX_PG_JSON_NUMBER}, {"space_id", GX_PG_JSON_NUMBER}, {"space_name", GX_PG_JSON_STRING},
		MANDATE_MEMBERS};
	struct gx_pg_params p = {0};
	gx_pg_param_text(&p, national_id);
	return gx_pg_json_list(gx_pg_conn(conn), GX_PG_MANDATES_FOR, for_sql, &p, members,
			       (int)(sizeof(members) / sizeof(members[0])), out);
}

enum gx_db_status gx_pg_mandate_open_exists(struct gx_store_conn *conn, struct gx_space_id space,
					    const char *national_id, long long now_us, bool *exists)
{
	struct gx_pg_params p = {0};
	gx_pg_param_int(&p, space.v);
	gx_pg_param_text(&p, national_id);
	gx_pg_param_int(&p, now_us);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_MANDATE_OPEN, open_sql, GX_PG_READ, &p, 0, NULL);
	*exists = s == GX_DB_ONE_RESULT;
	return s < 0 ? s : GX_DB_ONE_RESULT;
}
