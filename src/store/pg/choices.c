/** The person's Yes/No to prefilling from each register. */

#include "store/pg/pg_int.h"

#include <string.h>

static const char set_sql[] =
	"INSERT INTO prefill_choices (person_id, register, allowed, changed_at_us) VALUES ($1, $2, $3, $4)"
	" ON CONFLICT (person_id, register) DO UPDATE SET allowed = EXCLUDED.allowed,"
	" changed_at_us = EXCLUDED.changed_at_us";
static const char declined_sql[] =
	"SELECT register FROM prefill_choices WHERE person_id = $1 AND allowed = 0 ORDER BY register COLLATE \"C\"";

enum gx_db_status gx_pg_prefill_choice_set(struct gx_store_conn *conn, long long person_id, const char *reg,
					   bool allowed, long long at_us)
{
	struct gx_pg_params p = {0};
	gx_pg_param_int(&p, person_id);
	gx_pg_param_text(&p, reg);
	gx_pg_param_int(&p, allowed ? 1 : 0);
	gx_pg_param_int(&p, at_us);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_CHOICE_SET, set_sql, GX_PG_WRITE, &p, 0, NULL);
	return s < 0 ? s : GX_DB_ONE_RESULT;
}

enum gx_db_status gx_pg_prefill_declined(struct gx_store_conn *conn, long long person_id,
					 const char *const *registers, size_t n, bool *declined)
{
	struct gx_pg_params p = {0};
	PGresult *r;
	gx_pg_param_int(&p, person_id);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_CHOICES_DECLINED, declined_sql, GX_PG_READ, &p, 0, &r);
	if (s < 0)
		return s;
	bool any = false;
	for (int row = 0; row < PQntuples(r); row++) {
		const char *name = PQgetvalue(r, row, 0);
		for (size_t i = 0; i < n; i++)
			if (strcmp(registers[i], name) == 0)
				declined[i] = any = true;
	}
	PQclear(r);
	return any ? GX_DB_ONE_RESULT : GX_DB_NO_RESULTS;
}
