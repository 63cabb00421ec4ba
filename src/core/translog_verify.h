#ifndef GX_CORE_TRANSLOG_VERIFY_H
#define GX_CORE_TRANSLOG_VERIFY_H

/** `guichetctl translog verify`: recomputes the whole tree from the store
 *  and checks everything stored against it, reading each table once in
 *  order (O(log n) memory):
 *
 *  - the leaves are 0 .. size-1, none missing, none beyond the size;
 *  - each leaf whose record still exists is that record's salted hash
 *    (an erased person's leaves are checked by the tree alone);
 *  - every stored subtree is the hash of the leaves under it;
 *  - every checkpoint is signed by the log's key (and its witnesses'
 *    cosignatures verify) and its root is the root of the first `size`
 *    leaves;
 *  - no record is outside the log.
 *
 *  The first failure is reported with the first leaf index it implicates. */

#include <stdbool.h>
#include <stdint.h>

#include "core/transparency.h"
#include "store/translog.h"
#include "translog/hash.h"

struct gx_tlog_verify_report {
	uint64_t size;             /* the tree's stored size */
	uint64_t leaves;           /* leaves checked */
	uint64_t records;          /* of them, with their record (the others were erased) */
	uint64_t checkpoints;      /* checkpoints checked */
	struct gx_tlog_hash root;  /* the recomputed root */
	long long bad_index;       /* the first bad leaf, or -1 */
	long long bad_checkpoint;  /* the size of a bad checkpoint, or -1 */
	char reason[320];          /* what failed; "" when all holds */
};

/** 0 when everything holds, 1 when something does not (report->reason and
 *  bad_index / bad_checkpoint say what), -1 when the store cannot be read
 *  (reason says so). */
int gx_tlog_verify(struct gx_store_conn *conn, const struct gx_transparency *t, struct gx_tlog_verify_report *report);

#endif
