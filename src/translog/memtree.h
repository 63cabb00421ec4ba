#ifndef GX_TRANSLOG_MEMTREE_H
#define GX_TRANSLOG_MEMTREE_H

/** A whole tree in memory: every complete subtree's hash, kept as leaves are
 *  appended. Backs struct gx_tlog_hashes for unit tests, tools and small
 *  verifiers; the platform's tree lives in the store instead. */

#include <stdint.h>

#include "translog/frontier.h"
#include "translog/hash.h"
#include "translog/hashes.h"

struct gx_tlog_memtree;

struct gx_tlog_memtree *gx_tlog_memtree_new(void);
void gx_tlog_memtree_free(struct gx_tlog_memtree *t);

/** Appends a leaf hash: 0, or -1 when out of memory (the tree is unchanged). */
int gx_tlog_memtree_append(struct gx_tlog_memtree *t, const struct gx_tlog_hash *leaf);

uint64_t gx_tlog_memtree_size(const struct gx_tlog_memtree *t);
void gx_tlog_memtree_root(const struct gx_tlog_memtree *t, struct gx_tlog_hash *out);

/** The tree as a proof source; valid while t lives. Serves any complete
 *  subtree of the current tree, so proofs at any earlier size work too. */
struct gx_tlog_hashes gx_tlog_memtree_hashes(struct gx_tlog_memtree *t);

#endif
