#ifndef GX_TRANSLOG_RANGE_INT_H
#define GX_TRANSLOG_RANGE_INT_H

/** Hashes of the ranges proofs are made of, for one tree size. Every range
 *  RFC 9162's recursion names is either a complete subtree (one read) or a
 *  range running to the end of the tree; the latter is a suffix of the
 *  tree's frontier, read once and folded once, so a proof costs about two
 *  reads per level however the tree is shaped. Internal to translog. */

#include <stdbool.h>
#include <stdint.h>

#include "translog/hash.h"
#include "translog/hashes.h"

struct gx_tlog_range_reader {
	const struct gx_tlog_hashes *h;
	uint64_t size;
	bool edge_loaded;
	unsigned edge_count;
	uint64_t edge_start[64];              /* where each frontier subtree begins */
	struct gx_tlog_hash edge_suffix[64];  /* the hash of [edge_start[i], size) */
};

void gx_tlog_range_reader_init(struct gx_tlog_range_reader *r, const struct gx_tlog_hashes *h, uint64_t size);

/** The hash of the leaves [begin, end): a complete subtree, or a range
 *  ending at the tree's size. 0, or -1 when a read fails or the range is
 *  neither (a bug in the caller). */
int gx_tlog_range_hash(struct gx_tlog_range_reader *r, uint64_t begin, uint64_t end, struct gx_tlog_hash *out);

/** The largest power of two strictly below n (n >= 2). */
static inline uint64_t gx_tlog_split(uint64_t n)
{
	uint64_t k = 1;
	while (k < n - k)
		k <<= 1;
	return k;
}

#endif
