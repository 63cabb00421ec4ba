#ifndef GX_TRANSLOG_HASH_H
#define GX_TRANSLOG_HASH_H

/** RFC 9162 §2.1.1 hashing with SHA-256: a leaf is SHA-256(0x00 || entry),
 *  an interior node SHA-256(0x01 || left || right), and the tree of no leaves
 *  has the hash of the empty string. The prefixes keep a leaf from ever being
 *  taken for a node (second-preimage attacks on the tree). */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GX_TLOG_HASH_LEN 32

/** One SHA-256 value of the tree: a leaf hash, a node hash or a root. */
struct gx_tlog_hash {
	unsigned char b[GX_TLOG_HASH_LEN];
};

/** The largest tree size the log handles: 2^63 - 1 leaves keeps every size
 *  and index a valid signed 64-bit number for SQL and JSON, and every proof
 *  under 64 hashes. */
#define GX_TLOG_MAX_SIZE ((uint64_t)INT64_MAX)

void gx_tlog_leaf_hash(const void *entry, size_t len, struct gx_tlog_hash *out);
void gx_tlog_node_hash(const struct gx_tlog_hash *left, const struct gx_tlog_hash *right, struct gx_tlog_hash *out);
/** The root of the empty tree: SHA-256 of nothing. */
void gx_tlog_empty_root(struct gx_tlog_hash *out);

static inline bool gx_tlog_hash_equal(const struct gx_tlog_hash *a, const struct gx_tlog_hash *b)
{
	unsigned char d = 0;
	for (size_t i = 0; i < GX_TLOG_HASH_LEN; i++)
		d |= (unsigned char)(a->b[i] ^ b->b[i]);
	return d == 0;
}

#endif
