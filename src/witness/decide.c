#include "witness/decide.h"

enum gx_witness_verdict gx_witness_decide(const struct gx_witness_seen *last, const struct gx_checkpoint *c,
					  const struct gx_tlog_proof *proof)
{
	struct gx_tlog_hash empty;
	gx_tlog_empty_root(&empty);
	if (last == NULL) {
		/* The empty tree has one root; anything else at size 0 is a lie. */
		if (c->size == 0 && !gx_tlog_hash_equal(&c->root, &empty))
			return GX_WITNESS_REFUSE_FORK;
		return GX_WITNESS_COSIGN;
	}
	if (c->size < last->size)
		return GX_WITNESS_REFUSE_SMALLER;
	if (c->size == last->size)
		return gx_tlog_hash_equal(&c->root, &last->root) ? GX_WITNESS_SAME : GX_WITNESS_REFUSE_FORK;
	if (last->size == 0) {
		struct gx_tlog_proof none = {0};
		return gx_tlog_consistency_verify(0, c->size, &last->root, &c->root, &none)
			       ? GX_WITNESS_COSIGN
			       : GX_WITNESS_REFUSE_INCONSISTENT;
	}
	if (proof == NULL)
		return GX_WITNESS_NEEDS_PROOF;
	return gx_tlog_consistency_verify(last->size, c->size, &last->root, &c->root, proof)
		       ? GX_WITNESS_COSIGN
		       : GX_WITNESS_REFUSE_INCONSISTENT;
}

bool gx_witness_verdict_is_refusal(enum gx_witness_verdict v)
{
	return v == GX_WITNESS_REFUSE_SMALLER || v == GX_WITNESS_REFUSE_FORK || v == GX_WITNESS_REFUSE_INCONSISTENT;
}

const char *gx_witness_verdict_name(enum gx_witness_verdict v)
{
	switch (v) {
	case GX_WITNESS_COSIGN: return "cosign";
	case GX_WITNESS_SAME: return "same";
	case GX_WITNESS_NEEDS_PROOF: return "needs-proof";
	case GX_WITNESS_REFUSE_SMALLER: return "smaller";
	case GX_WITNESS_REFUSE_FORK: return "fork";
	case GX_WITNESS_REFUSE_INCONSISTENT: return "inconsistent";
	}
	return "unknown";
}
