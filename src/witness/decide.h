#ifndef GX_WITNESS_DECIDE_H
#define GX_WITNESS_DECIDE_H

/** The one decision a witness makes: may it cosign this checkpoint, given
 *  the last one it cosigned for the same log? Pure: no I/O, so every case is
 *  unit-tested. */

#include <stdbool.h>
#include <stdint.h>

#include "translog/checkpoint.h"
#include "translog/hash.h"
#include "translog/proof.h"

/** What the witness last cosigned for a log. */
struct gx_witness_seen {
	uint64_t size;
	struct gx_tlog_hash root;
};

enum gx_witness_verdict {
	GX_WITNESS_COSIGN,              /* larger, and proven consistent (or the first sight) */
	GX_WITNESS_SAME,                /* the same size and root as last time */
	GX_WITNESS_NEEDS_PROOF,         /* larger: fetch the consistency proof first */
	GX_WITNESS_REFUSE_SMALLER,      /* the tree shrank: history was removed */
	GX_WITNESS_REFUSE_FORK,         /* the same size with another root */
	GX_WITNESS_REFUSE_INCONSISTENT, /* larger, but not an extension of what was cosigned */
};

/** Decides for checkpoint c. last is NULL when the witness never cosigned
 *  this log (it then trusts the first checkpoint it sees, as C2SP
 *  tlog-witness does with an old size of 0). proof is the consistency proof
 *  from last->size to c->size, or NULL when not fetched yet. */
enum gx_witness_verdict gx_witness_decide(const struct gx_witness_seen *last, const struct gx_checkpoint *c,
					  const struct gx_tlog_proof *proof);

/** True for the three refusals: the log misbehaved. */
bool gx_witness_verdict_is_refusal(enum gx_witness_verdict v);

/** A short name for logs ("fork", "smaller", ...). */
const char *gx_witness_verdict_name(enum gx_witness_verdict v);

#endif
