#ifndef GX_STORE_PG_TRANSLOG_INT_H
#define GX_STORE_PG_TRANSLOG_INT_H

/** What the PostgreSQL backend's transparency-log files share. Their
 *  statements return binary results: bytea as bytes, int8 big-endian. */

#include "store/pg/pg_int.h"
#include "store/translog_int.h"

/** The columns of an access row, as gx_pg_access_rows_read reads them (r:
 *  access_records), to be followed by its leaf's index (or NULL). */
#define GX_PG_ACCESS_ROW_COLUMNS                                                                                   \
	"r.id, r.at_us, r.subject, r.actor_kind, r.actor_id, r.actor_role, r.on_behalf_of, r.source, r.attributes,"  \
	" r.purpose, r.legal_basis, r.request_id"

/** Reads up to max rows of r (binary, GX_PG_ACCESS_ROW_COLUMNS then, when
 *  salt_col >= 0, the salt at that column); *more when there were more. */
enum gx_db_status gx_pg_access_rows_read(const PGresult *r, int salt_col, struct gx_access_row *rows, size_t max,
					 size_t *n, bool *more);

enum gx_db_status gx_pg_tlog_records_by_leaf(struct gx_store_conn *conn, uint64_t from, size_t max,
					     struct gx_access_row *rows, size_t *n);
enum gx_db_status gx_pg_tlog_records_of(struct gx_store_conn *conn, const struct gx_access_query *q,
					struct gx_access_row *rows, size_t limit, size_t *n, bool *more);
enum gx_db_status gx_pg_tlog_records_erase(struct gx_store_conn *conn, const char *subject, long long *n);
enum gx_db_status gx_pg_tlog_checkpoint_put(struct gx_store_conn *conn, const struct gx_tlog_checkpoint_row *c);
enum gx_db_status gx_pg_tlog_checkpoints(struct gx_store_conn *conn, bool ascending, uint64_t from, size_t max,
					 struct gx_tlog_checkpoint_row *out, size_t *n);
enum gx_db_status gx_pg_tlog_checkpoint_get(struct gx_store_conn *conn, uint64_t size,
					    struct gx_tlog_checkpoint_row *out);
enum gx_db_status gx_pg_tlog_cosignature_put(struct gx_store_conn *conn, uint64_t size, const char *key_name,
					     uint32_t key_id, const char *line, long long at_us);

#endif
