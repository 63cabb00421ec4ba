#ifndef GX_STORE_SQLITE_TRANSLOG_INT_H
#define GX_STORE_SQLITE_TRANSLOG_INT_H

/** What the SQLite backend's transparency-log files share. */

#include "store/sqlite/sqlite_int.h"
#include "store/translog_int.h"

/** The columns of an access row, in the order gx_sqlite_access_rows_read
 *  reads (r: access_records), then its leaf's index and its subject's
 *  salt (columns of joined tables, or NULL). */
#define GX_SQLITE_ACCESS_ROW(leaf, salt)                                                                           \
	"r.id, r.at_us, r.subject, r.actor_kind, r.actor_id, r.actor_role, r.on_behalf_of, r.source, r.attributes,"  \
	" r.purpose, r.legal_basis, r.request_id, " leaf ", " salt

/** Steps st (bound) and reads up to max rows; *more when there was one
 *  more. Resets st. */
enum gx_db_status gx_sqlite_access_rows_read(sqlite3_stmt *st, struct gx_access_row *rows, size_t max, size_t *n,
					     bool *more);

enum gx_db_status gx_sqlite_tlog_records_by_leaf(struct gx_store_conn *conn, uint64_t from, size_t max,
						 struct gx_access_row *rows, size_t *n);
enum gx_db_status gx_sqlite_tlog_records_of(struct gx_store_conn *conn, const struct gx_access_query *q,
					    struct gx_access_row *rows, size_t limit, size_t *n, bool *more);
enum gx_db_status gx_sqlite_tlog_records_erase(struct gx_store_conn *conn, const char *subject, long long *n);
enum gx_db_status gx_sqlite_tlog_checkpoint_put(struct gx_store_conn *conn, const struct gx_tlog_checkpoint_row *c);
enum gx_db_status gx_sqlite_tlog_checkpoints(struct gx_store_conn *conn, bool ascending, uint64_t from, size_t max,
					     struct gx_tlog_checkpoint_row *out, size_t *n);
enum gx_db_status gx_sqlite_tlog_checkpoint_get(struct gx_store_conn *conn, uint64_t size,
						struct gx_tlog_checkpoint_row *out);
enum gx_db_status gx_sqlite_tlog_cosignature_put(struct gx_store_conn *conn, uint64_t size, const char *key_name,
						 uint32_t key_id, const char *line, long long at_us);

#endif
