/** The transparency log's signed checkpoints and their witnesses'
 *  cosignatures (PostgreSQL; see sqlite/translog_checkpoints.c). */

#include "store/pg/translog_int.h"

#include <stdlib.h>
#include <string.h>

static const char put_sql[] = "INSERT INTO tlog_checkpoints (size, root, note, signed_at_us) VALUES ($1, $2, $3, $4)"
			      " ON CONFLICT (size) DO NOTHING";
#define CHECKPOINT_COLUMNS                                                                                       \
	"c.size, c.root, c.note, c.signed_at_us, coalesce((SELECT string_agg(s.line, '' ORDER BY s.key_name"     \
	" COLLATE \"C\", s.key_id) FROM tlog_cosignatures s WHERE s.size = c.size), '')"
static const char asc_sql[] =
	"SELECT " CHECKPOINT_COLUMNS " FROM tlog_checkpoints c WHERE c.size >= $1 ORDER BY c.size LIMIT $2";
static const char desc_sql[] =
	"SELECT " CHECKPOINT_COLUMNS " FROM tlog_checkpoints c WHERE c.size <= $1 ORDER BY c.size DESC LIMIT $2";
static const char get_sql[] = "SELECT " CHECKPOINT_COLUMNS " FROM tlog_checkpoints c WHERE c.size = $1";
static const char cosignature_sql[] =
	"INSERT INTO tlog_cosignatures (size, key_name, key_id, line, at_us) VALUES ($1, $2, $3, $4, $5)"
	" ON CONFLICT (size, key_name, key_id) DO UPDATE SET line = excluded.line, at_us = excluded.at_us";

enum gx_db_status gx_pg_tlog_checkpoint_put(struct gx_store_conn *conn, const struct gx_tlog_checkpoint_row *c)
{
	struct gx_pg_params p = {0};
	gx_pg_param_int(&p, (long long)c->size);
	gx_pg_param_bytes(&p, c->root, GX_TLOG_STORE_HASH);
	gx_pg_param_text(&p, c->note);
	gx_pg_param_int(&p, c->signed_at_us);
	return gx_pg_run(gx_pg_conn(conn), GX_PG_TLOG_CHECKPOINT_PUT, put_sql, GX_PG_WRITE, &p, 0, NULL);
}

static enum gx_db_status read_checkpoints(PGresult *r, struct gx_tlog_checkpoint_row *out, size_t max, size_t *n)
{
	for (int i = 0; i < PQntuples(r) && *n < max; i++) {
		struct gx_tlog_checkpoint_row *x = &out[*n];
		memset(x, 0, sizeof(*x));
		x->size = (uint64_t)gx_pg_int8_binary(r, i, 0);
		/* A root of another length reads as zeros: it matches no tree. */
		if (!PQgetisnull(r, i, 1) && PQgetlength(r, i, 1) == GX_TLOG_STORE_HASH)
			memcpy(x->root, PQgetvalue(r, i, 1), GX_TLOG_STORE_HASH);
		x->note = gx_pg_dup_text(r, i, 2);
		x->signed_at_us = gx_pg_int8_binary(r, i, 3);
		x->cosignatures = gx_pg_dup_text(r, i, 4);
		(*n)++;
		if (x->note == NULL || x->cosignatures == NULL) {
			for (size_t j = 0; j < *n; j++)
				gx_tlog_checkpoint_row_clear(&out[j]);
			*n = 0;
			PQclear(r);
			return GX_DB_HARD_ERROR;
		}
	}
	PQclear(r);
	return *n > 0 ? GX_DB_ONE_RESULT : GX_DB_NO_RESULTS;
}

enum gx_db_status gx_pg_tlog_checkpoints(struct gx_store_conn *conn, bool ascending, uint64_t from, size_t max,
					 struct gx_tlog_checkpoint_row *out, size_t *n)
{
	struct gx_pg_params p = {0};
	PGresult *r;
	gx_pg_param_int(&p, (long long)from);
	gx_pg_param_int(&p, (long long)max);
	enum gx_db_status s = ascending ? gx_pg_run(gx_pg_conn(conn), GX_PG_TLOG_CHECKPOINTS_ASC, asc_sql, GX_PG_READ,
						    &p, 1, &r)
					: gx_pg_run(gx_pg_conn(conn), GX_PG_TLOG_CHECKPOINTS_DESC, desc_sql,
						    GX_PG_READ, &p, 1, &r);
	if (s < 0)
		return s;
	return read_checkpoints(r, out, max, n);
}

enum gx_db_status gx_pg_tlog_checkpoint_get(struct gx_store_conn *conn, uint64_t size,
					    struct gx_tlog_checkpoint_row *out)
{
	struct gx_pg_params p = {0};
	PGresult *r;
	size_t n = 0;
	gx_pg_param_int(&p, (long long)size);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_TLOG_CHECKPOINT_GET, get_sql, GX_PG_READ, &p, 1, &r);
	if (s < 0)
		return s;
	return read_checkpoints(r, out, 1, &n);
}

enum gx_db_status gx_pg_tlog_cosignature_put(struct gx_store_conn *conn, uint64_t size, const char *key_name,
					     uint32_t key_id, const char *line, long long at_us)
{
	struct gx_pg_params p = {0};
	gx_pg_param_int(&p, (long long)size);
	gx_pg_param_text(&p, key_name);
	gx_pg_param_int(&p, key_id);
	gx_pg_param_text(&p, line);
	gx_pg_param_int(&p, at_us);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_TLOG_COSIGNATURE_PUT, cosignature_sql, GX_PG_WRITE, &p,
					0, NULL);
	return s < 0 ? s : GX_DB_ONE_RESULT;
}
