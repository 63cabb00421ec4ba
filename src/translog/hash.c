#include "translog/hash.h"

#include <sodium.h>
#include <string.h>

void gx_tlog_leaf_hash(const void *entry, size_t len, struct gx_tlog_hash *out)
{
	static const unsigned char prefix = 0x00;
	crypto_hash_sha256_state st;
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, &prefix, 1);
	crypto_hash_sha256_update(&st, entry, len);
	crypto_hash_sha256_final(&st, out->b);
}

void gx_tlog_node_hash(const struct gx_tlog_hash *left, const struct gx_tlog_hash *right, struct gx_tlog_hash *out)
{
	unsigned char in[1 + 2 * GX_TLOG_HASH_LEN];
	in[0] = 0x01;
	memcpy(in + 1, left->b, GX_TLOG_HASH_LEN);
	memcpy(in + 1 + GX_TLOG_HASH_LEN, right->b, GX_TLOG_HASH_LEN);
	crypto_hash_sha256(out->b, in, sizeof(in));
}

void gx_tlog_empty_root(struct gx_tlog_hash *out)
{
	crypto_hash_sha256(out->b, (const unsigned char *)"", 0);
}
