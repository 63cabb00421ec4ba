#include "translog/proof.h"
#include "translog/range_int.h"

int gx_tlog_inclusion_prove(const struct gx_tlog_hashes *h, uint64_t index, uint64_t size, struct gx_tlog_proof *out)
{
	out->len = 0;
	if (index >= size || size > GX_TLOG_MAX_SIZE)
		return -1;
	struct gx_tlog_range_reader r;
	gx_tlog_range_reader_init(&r, h, size);
	/* RFC 9162 §2.1.3.1 PATH(m, D[n]), walked from the root down: at each
	 * split the sibling of the side holding the leaf joins the proof. The
	 * RFC lists them from the leaf up, hence the reversal at the end. */
	uint64_t begin = 0, end = size;
	while (end - begin > 1) {
		uint64_t k = gx_tlog_split(end - begin);
		int rc;
		if (index < begin + k) {
			rc = gx_tlog_range_hash(&r, begin + k, end, &out->h[out->len]);
			end = begin + k;
		} else {
			rc = gx_tlog_range_hash(&r, begin, begin + k, &out->h[out->len]);
			begin += k;
		}
		if (rc != 0 || ++out->len > GX_TLOG_PROOF_MAX - 1) {
			out->len = 0;
			return -1;
		}
	}
	for (size_t i = 0; i < out->len / 2; i++) {
		struct gx_tlog_hash t = out->h[i];
		out->h[i] = out->h[out->len - 1 - i];
		out->h[out->len - 1 - i] = t;
	}
	return 0;
}

int gx_tlog_inclusion_root(uint64_t index, uint64_t size, const struct gx_tlog_hash *leaf,
			   const struct gx_tlog_proof *proof, struct gx_tlog_hash *root)
{
	/* RFC 9162 §2.1.3.2, steps 1 to 5 but the root comparison. */
	if (index >= size || size > GX_TLOG_MAX_SIZE || proof->len > GX_TLOG_PROOF_MAX)
		return -1;
	uint64_t fn = index, sn = size - 1;
	struct gx_tlog_hash r = *leaf;
	for (size_t i = 0; i < proof->len; i++) {
		const struct gx_tlog_hash *p = &proof->h[i];
		if (sn == 0)
			return -1;
		if ((fn & 1) || fn == sn) {
			gx_tlog_node_hash(p, &r, &r);
			while (!(fn & 1) && fn != 0) {
				fn >>= 1;
				sn >>= 1;
			}
		} else {
			gx_tlog_node_hash(&r, p, &r);
		}
		fn >>= 1;
		sn >>= 1;
	}
	if (sn != 0)
		return -1;
	*root = r;
	return 0;
}

bool gx_tlog_inclusion_verify(uint64_t index, uint64_t size, const struct gx_tlog_hash *leaf,
			      const struct gx_tlog_proof *proof, const struct gx_tlog_hash *root)
{
	struct gx_tlog_hash got;
	return gx_tlog_inclusion_root(index, size, leaf, proof, &got) == 0 && gx_tlog_hash_equal(&got, root);
}
