#ifndef GX_TRANSLOG_FRONTIER_H
#define GX_TRANSLOG_FRONTIER_H

/** The frontier (a "compact range" from 0) of a growing tree: for a tree of
 *  size n, the hash of one complete subtree per set bit of n, largest first.
 *  That is all it takes to append the next leaf and to compute the root of
 *  the tree, in O(log n) memory: the platform appends in commit order and
 *  signs checkpoints from it without reading the tree back. The caller owns
 *  the struct (no allocation). */

#include <stdint.h>

#include "translog/hash.h"
#include "translog/hashes.h"

struct gx_tlog_frontier {
	uint64_t size;
	/* by_level[k]: the complete subtree of 2^k leaves that bit k of size
	 * stands for; meaningless when that bit is clear. */
	struct gx_tlog_hash by_level[64];
};

/** Told of each complete subtree an append makes: the leaf itself (level 0),
 *  then every parent it completes, bottom up. A store records these so that
 *  proofs can later read them (hashes.h). */
typedef void gx_tlog_subtree_cb(void *ctx, unsigned level, uint64_t index, const struct gx_tlog_hash *hash);

void gx_tlog_frontier_init(struct gx_tlog_frontier *f);

/** Appends one leaf hash; completed (may be NULL) hears of the subtrees it
 *  completes. -1 when the tree is at GX_TLOG_MAX_SIZE. */
int gx_tlog_frontier_append(struct gx_tlog_frontier *f, const struct gx_tlog_hash *leaf,
			    gx_tlog_subtree_cb *completed, void *ctx);

/** The tree head (root hash) of the frontier's tree; the empty root at size 0. */
void gx_tlog_frontier_root(const struct gx_tlog_frontier *f, struct gx_tlog_hash *out);

/** Rebuilds the frontier of a tree of size leaves from stored subtrees (one
 *  read per set bit of size), e.g. when guichetd starts. 0, or -1 when a read
 *  fails or size is too large. */
int gx_tlog_frontier_load(struct gx_tlog_frontier *f, uint64_t size, const struct gx_tlog_hashes *h);

/** The root of the tree of the n leaf hashes in leaves. 0, or -1 when n is
 *  too large. */
int gx_tlog_root_of_leaves(const struct gx_tlog_hash *leaves, uint64_t n, struct gx_tlog_hash *out);

/** The root of the tree of n leaves read one by one, in order, through leaf
 *  (0, or -1 to stop); O(log n) memory, so a whole store can be recomputed.
 *  0, or -1 when a read fails or n is too large. */
int gx_tlog_root_of_reader(uint64_t n, int (*leaf)(void *ctx, uint64_t index, struct gx_tlog_hash *out), void *ctx,
			   struct gx_tlog_hash *out);

#endif
