#include "translog/proof.h"
#include "translog/range_int.h"

int gx_tlog_consistency_prove(const struct gx_tlog_hashes *h, uint64_t old_size, uint64_t new_size,
			      struct gx_tlog_proof *out)
{
	out->len = 0;
	if (old_size > new_size || new_size > GX_TLOG_MAX_SIZE)
		return -1;
	if (old_size == 0 || old_size == new_size)
		return 0;
	struct gx_tlog_range_reader r;
	gx_tlog_range_reader_init(&r, h, new_size);
	/* RFC 9162 §2.1.4.1 SUBPROOF(m, D[n], b), walked from the root down;
	 * whole says whether the old tree is still the whole left part (b), in
	 * which case its root is known to the verifier and is left out. */
	uint64_t begin = 0, end = new_size;
	bool whole = true;
	for (;;) {
		int rc = 0;
		if (old_size == end) {
			if (!whole)
				rc = gx_tlog_range_hash(&r, begin, end, &out->h[out->len++]);
			if (rc != 0)
				goto fail;
			break;
		}
		uint64_t k = gx_tlog_split(end - begin);
		if (old_size <= begin + k) {
			rc = gx_tlog_range_hash(&r, begin + k, end, &out->h[out->len]);
			end = begin + k;
		} else {
			rc = gx_tlog_range_hash(&r, begin, begin + k, &out->h[out->len]);
			begin += k;
			whole = false;
		}
		if (rc != 0 || ++out->len >= GX_TLOG_PROOF_MAX)
			goto fail;
	}
	for (size_t i = 0; i < out->len / 2; i++) {
		struct gx_tlog_hash t = out->h[i];
		out->h[i] = out->h[out->len - 1 - i];
		out->h[out->len - 1 - i] = t;
	}
	return 0;
fail:
	out->len = 0;
	return -1;
}

bool gx_tlog_consistency_verify(uint64_t old_size, uint64_t new_size, const struct gx_tlog_hash *old_root,
				const struct gx_tlog_hash *new_root, const struct gx_tlog_proof *proof)
{
	if (old_size > new_size || new_size > GX_TLOG_MAX_SIZE || proof->len > GX_TLOG_PROOF_MAX)
		return false;
	if (old_size == new_size)
		return proof->len == 0 && gx_tlog_hash_equal(old_root, new_root);
	if (old_size == 0) {
		struct gx_tlog_hash empty;
		gx_tlog_empty_root(&empty);
		return proof->len == 0 && gx_tlog_hash_equal(old_root, &empty);
	}
	/* RFC 9162 §2.1.4.2. */
	if (proof->len == 0)
		return false;
	const struct gx_tlog_hash *path = proof->h;
	size_t len = proof->len;
	/* 2: when the old tree is a complete subtree its root starts the path. */
	bool old_is_subtree = (old_size & (old_size - 1)) == 0;
	uint64_t fn = old_size - 1, sn = new_size - 1;
	while (fn & 1) {
		fn >>= 1;
		sn >>= 1;
	}
	struct gx_tlog_hash fr = old_is_subtree ? *old_root : path[0];
	struct gx_tlog_hash sr = fr;
	for (size_t i = old_is_subtree ? 0 : 1; i < len; i++) {
		const struct gx_tlog_hash *c = &path[i];
		if (sn == 0)
			return false;
		if ((fn & 1) || fn == sn) {
			gx_tlog_node_hash(c, &fr, &fr);
			gx_tlog_node_hash(c, &sr, &sr);
			while (!(fn & 1) && fn != 0) {
				fn >>= 1;
				sn >>= 1;
			}
		} else {
			gx_tlog_node_hash(&sr, c, &sr);
		}
		fn >>= 1;
		sn >>= 1;
	}
	return sn == 0 && gx_tlog_hash_equal(&fr, old_root) && gx_tlog_hash_equal(&sr, new_root);
}
