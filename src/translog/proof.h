#ifndef GX_TRANSLOG_PROOF_H
#define GX_TRANSLOG_PROOF_H

/** Inclusion proofs (RFC 9162 §2.1.3) and consistency proofs (§2.1.4):
 *  made from a tree's stored subtrees (hashes.h), checked with nothing but
 *  hashes. Verification follows the RFC's algorithms step by step, so a
 *  proof with a hash too many or too few fails, as does one for another
 *  index or size. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "translog/hash.h"
#include "translog/hashes.h"

/** Sizes stay below 2^63, so no proof has more than 63 hashes; 64 leaves
 *  room for the consistency proof's extra hash. */
#define GX_TLOG_PROOF_MAX 64

/** A proof's hashes, in the RFC's order (from the leaf or the old tree up). */
struct gx_tlog_proof {
	size_t len;
	struct gx_tlog_hash h[GX_TLOG_PROOF_MAX];
};

/** The inclusion proof of leaf index in the tree of size leaves (index <
 *  size): 0, or -1 when a read fails or the arguments are out of range. */
int gx_tlog_inclusion_prove(const struct gx_tlog_hashes *h, uint64_t index, uint64_t size, struct gx_tlog_proof *out);

/** True when proof shows the leaf hash at index in the tree of size leaves
 *  whose root is root. */
bool gx_tlog_inclusion_verify(uint64_t index, uint64_t size, const struct gx_tlog_hash *leaf,
			      const struct gx_tlog_proof *proof, const struct gx_tlog_hash *root);

/** The root a proof leads to (RFC 9162 §2.1.3.2 without the last
 *  comparison): 0, or -1 when the proof does not fit index and size. Lets a
 *  verifier name what it got when the roots differ. */
int gx_tlog_inclusion_root(uint64_t index, uint64_t size, const struct gx_tlog_hash *leaf,
			   const struct gx_tlog_proof *proof, struct gx_tlog_hash *root);

/** The consistency proof from the tree of size old_size to the tree of size
 *  new_size (old_size <= new_size; empty when old_size is 0 or equal to
 *  new_size): 0, or -1 when a read fails or the sizes are out of range. */
int gx_tlog_consistency_prove(const struct gx_tlog_hashes *h, uint64_t old_size, uint64_t new_size,
			      struct gx_tlog_proof *out);

/** True when proof shows that the tree of old_size leaves with root old_root
 *  is a prefix of the tree of new_size leaves with root new_root. With equal
 *  sizes the proof must be empty and the roots equal; from size 0 the proof
 *  must be empty and old_root the empty tree's. */
bool gx_tlog_consistency_verify(uint64_t old_size, uint64_t new_size, const struct gx_tlog_hash *old_root,
				const struct gx_tlog_hash *new_root, const struct gx_tlog_proof *proof);

#endif
