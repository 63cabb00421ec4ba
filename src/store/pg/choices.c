/** The person's Yes/No to prefilling from each register. */

#include "store/pg/pg_int.h"

#include <string.h>

static const char set_sql[] =
	"INSERT INTO prefill_choices (person_id, register, allowed, changed_at_us) VALUES ($1, $2, $3, $4)"
	" ON CONFLICT (person_id, register) DO UPDATE SET allowed = EXCLUDED.allowed,"
	" changed_at_us = EXCLUDED.changed_at_us";
static const char declined_sql[] =
	"SELECT register FROM prefill_choices WHERE person_id = $1 AND allowed = 0 ORDER BY register COLLATE \"C\"";
static const char bump_sql[] = "UPDATE persons SET choices_version = choices_version + 1 WHERE id = $1";
/* One statement, so the names are those of the version read with them. */
static const char names_sql[] =
	"SELECT p.choices_version, c.register FROM persons p"
	" LEFT JOIN prefill_choices c ON c.person_id = p.id AND c.allowed = 0"
	" WHERE p.id = $1 ORDER BY c.register COLLATE \"C\" LIMIT $2";

enum gx_db_status gx_pg_prefill_choice_set(struct gx_store_conn *conn, long long person_id, const char *reg,
					   bool allowed, long long at_us)
{
	struct gx_pg_params p = {0};
	gx_pg_param_int(&p, person_id);
	gx_pg_param_text(&p, reg);
	gx_pg_param_int(&p, allowed ? 1 : 0);
	gx_pg_param_int(&p, at_us);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_CHOICE_SET, set_sql, GX_PG_WRITE, &p, 0, NULL);
	if (s < 0)
		return s;
	struct gx_pg_params b = {0};
	gx_pg_param_int(&b, person_id);
	s = gx_pg_run(gx_pg_conn(conn), GX_PG_CHOICES_BUMP, bump_sql, GX_PG_WRITE, &b, 0, NULL);
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

enum gx_db_status gx_pg_prefill_declined_names(struct gx_store_conn *conn, long long person_id,
					     struct gx_declined_names *out)
{
	struct gx_pg_params p = {0};
	PGresult *r;
	gx_pg_param_int(&p, person_id);
	gx_pg_param_int(&p, GX_DECLINED_NAMES_MAX + 1); /* one more than fits says there are more */
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_CHOICES_NAMES, names_sql, GX_PG_READ, &p, 0, &r);
	if (s < 0)
		return s;
	out->complete = true;
	for (int row = 0; row < PQntuples(r); row++) {
		out->version = gx_pg_int(r, row, 0);
		if (PQgetisnull(r, row, 1))
			continue; /* the person said No to nothing */
		if (out->n == GX_DECLINED_NAMES_MAX || PQgetlength(r, row, 1) >= GX_DECLINED_NAME_SIZE) {
			out->complete = false;
			continue;
		}
		gx_pg_copy_text(r, row, 1, out->names[out->n++], GX_DECLINED_NAME_SIZE);
	}
	s = PQntuples(r) > 0 ? GX_DB_ONE_RESULT : GX_DB_NO_RESULTS;
	PQclear(r);
	return s;
}
