#ifndef GX_STORE_TRANSLOG_INT_H
#define GX_STORE_TRANSLOG_INT_H

/** What a backend implements for the transparency log (store/translog.h):
 *  one table of functions, reached from struct gx_store_ops.tlog. */

#include "store/translog.h"

struct gx_store_tlog_ops {
	enum gx_db_status (*head_lock)(struct gx_store_conn *conn, uint64_t *size);
	enum gx_db_status (*unlogged)(struct gx_store_conn *conn, long long min_id, long long max_id, size_t max,
				      struct gx_access_row *rows, size_t *n, bool *more);
	enum gx_db_status (*salt_put)(struct gx_store_conn *conn, const char *subject, const unsigned char *salt,
				      long long at_us, unsigned char *out);
	enum gx_db_status (*append)(struct gx_store_conn *conn, uint64_t old_size, const long long *record_ids, size_t n,
				    const struct gx_tlog_node *nodes, size_t nnodes);
	enum gx_db_status (*size)(struct gx_store_conn *conn, uint64_t *size);
	enum gx_db_status (*subtree)(struct gx_store_conn *conn, unsigned level, uint64_t index, unsigned char *hash);
	enum gx_db_status (*subtrees)(struct gx_store_conn *conn, unsigned level, uint64_t from, size_t max,
				      struct gx_tlog_node *out, size_t *n);
	enum gx_db_status (*records_by_leaf)(struct gx_store_conn *conn, uint64_t from, size_t max,
					     struct gx_access_row *rows, size_t *n);
	enum gx_db_status (*unlogged_count)(struct gx_store_conn *conn, long long *n);
	enum gx_db_status (*checkpoint_put)(struct gx_store_conn *conn, const struct gx_tlog_checkpoint_row *c);
	enum gx_db_status (*checkpoints)(struct gx_store_conn *conn, bool ascending, uint64_t from, size_t max,
					 struct gx_tlog_checkpoint_row *out, size_t *n);
	enum gx_db_status (*checkpoint_get)(struct gx_store_conn *conn, uint64_t size, struct gx_tlog_checkpoint_row *out);
	enum gx_db_status (*cosignature_put)(struct gx_store_conn *conn, uint64_t size, const char *key_name,
					     uint32_t key_id, const char *line, long long at_us);
	enum gx_db_status (*records_of)(struct gx_store_conn *conn, const struct gx_access_query *q,
					struct gx_access_row *rows, size_t limit, size_t *n, bool *more);
	enum gx_db_status (*salt_get)(struct gx_store_conn *conn, const char *subject, unsigned char *salt);
	enum gx_db_status (*records_erase)(struct gx_store_conn *conn, const char *subject, long long *n);
};

extern const struct gx_store_tlog_ops gx_sqlite_tlog_ops;
extern const struct gx_store_tlog_ops gx_pg_tlog_ops;

#endif
