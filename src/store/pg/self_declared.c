/** The person's self-declared data: one value per attribute. */

#include "store/pg/pg_int.h"

#include <stdlib.h>

#include "json/write.h"

static const char set_sql[] =
	"INSERT INTO self_declared (person_id, attribute, value, updated_at_us) VALUES ($1, $2, $3, $4)"
	" ON CONFLICT (person_id, attribute) DO UPDATE SET value = EXCLUDED.value, updated_at_us = EXCLUDED.updated_at_us";
static const char delete_sql[] = "DELETE FROM self_declared WHERE person_id = $1 AND attribute = $2";
static const char all_sql[] =
	"SELECT attribute, value, updated_at_us FROM self_declared WHERE person_id = $1 ORDER BY attribute COLLATE \"C\"";

enum gx_db_status gx_pg_self_declared_set(struct gx_store_conn *conn, long long person_id, const char *attribute,
					  const char *value, long long at_us)
{
	struct gx_pg_params p = {0};
	gx_pg_param_int(&p, person_id);
	gx_pg_param_text(&p, attribute);
	if (value == NULL)
		return gx_pg_run(gx_pg_conn(conn), GX_PG_SELF_DELETE, delete_sql, GX_PG_WRITE, &p, 0, NULL);
	gx_pg_param_text(&p, value);
	gx_pg_param_int(&p, at_us);
	return gx_pg_run(gx_pg_conn(conn), GX_PG_SELF_SET, set_sql, GX_PG_WRITE, &p, 0, NULL);
}

enum gx_db_status gx_pg_self_declared_all(struct gx_store_conn *conn, long long person_id, char **json_out)
{
	struct gx_pg_params p = {0};
	PGresult *r;
	*json_out = NULL;
	gx_pg_param_int(&p, person_id);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_SELF_ALL, all_sql, GX_PG_READ, &p, 0, &r);
	if (s < 0)
		return s;
	/* As SQLite's json_group_object(attribute, json_object('value', …, 'updated_at_us', …)). */
	struct gx_buf b = GX_BUF_INIT;
	gx_buf_append_char(&b, '{');
	for (int row = 0; row < PQntuples(r); row++) {
		if (row > 0)
			gx_buf_append_char(&b, ',');
		gx_json_write_string(&b, PQgetvalue(r, row, 0), (size_t)PQgetlength(r, row, 0));
		gx_buf_append(&b, ":{\"value\":", 10);
		gx_json_write_string(&b, PQgetvalue(r, row, 1), (size_t)PQgetlength(r, row, 1));
		gx_buf_append(&b, ",\"updated_at_us\":", 17);
		gx_buf_append(&b, PQgetvalue(r, row, 2), (size_t)PQgetlength(r, row, 2));
		gx_buf_append_char(&b, '}');
	}
	gx_buf_append_char(&b, '}');
	PQclear(r);
	if (b.failed) {
		gx_buf_free(&b);
		return GX_DB_HARD_ERROR;
	}
	*json_out = b.data;
	return GX_DB_ONE_RESULT;
}
