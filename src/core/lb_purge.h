#ifndef GX_CORE_LB_PURGE_H
#define GX_CORE_LB_PURGE_H

/** Retention: documents whose type's retention ran out are purged — the
 *  bytes and the row deleted, a tombstone (id, hash, dates) left so that
 *  the receipts stay checkable — in batches of 500, each its own
 *  transaction. guichetd runs it every letterbox.purge_interval_s on a
 *  background thread with its own store connection. */

#include <stddef.h>

#include "store/store.h"

/** Purges everything expired at now_us: 0 and *purged, or -1 on a store error. */
int gx_lb_purge_run(struct gx_store_conn *db, long long now_us, size_t *purged);

#endif
