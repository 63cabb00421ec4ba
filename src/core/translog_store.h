#ifndef GX_CORE_TRANSLOG_STORE_H
#define GX_CORE_TRANSLOG_STORE_H

/** The platform's tree as translog reads it: struct gx_tlog_hashes over the
 *  store's subtrees (store/translog.h), optionally with a small cache of the
 *  subtrees already read (proofs of many leaves of one tree share their
 *  upper levels). */

#include <stddef.h>

#include "store/translog.h"
#include "translog/frontier.h"
#include "translog/hashes.h"

struct gx_tlog_store_reader {
	struct gx_store_conn *conn;
	enum gx_db_status failed;    /* the status of the read that failed (0 when none did) */
	struct gx_tlog_node *cache;  /* NULL, or cache_cap slots (gx_tlog_store_reader_cache) */
	size_t cache_cap;
};

/** A reader on conn (cache: NULL, or cap slots the caller owns, cap a power of two). */
struct gx_tlog_hashes gx_tlog_store_reader_init(struct gx_tlog_store_reader *r, struct gx_store_conn *conn,
						struct gx_tlog_node *cache, size_t cap);

/** The frontier of the stored tree of size leaves (size: UINT64_MAX for the
 *  store's current size). 0, or -1 when a read fails. */
int gx_tlog_store_frontier(struct gx_store_conn *conn, uint64_t size, struct gx_tlog_frontier *out);

#endif
