#ifndef GX_TRANSLOG_HASHES_H
#define GX_TRANSLOG_HASHES_H

/** Where proofs read a tree from. A complete subtree is named by its level
 *  and index: the 2^level leaves from index * 2^level on (level 0 is one
 *  leaf's hash). Only complete subtrees are ever asked for, so a store can
 *  keep one row per subtree as the frontier completes it (frontier.h) and
 *  never rewrite one; gx_tlog_memtree (memtree.h) keeps them in memory. */

#include <stdint.h>

#include "translog/hash.h"

struct gx_tlog_hashes {
	/** Writes the subtree's hash to out: 0, or -1 when it cannot be read
	 *  (the store failed, or the subtree is not complete yet). */
	int (*subtree)(void *ctx, unsigned level, uint64_t index, struct gx_tlog_hash *out);
	void *ctx;
};

#endif
