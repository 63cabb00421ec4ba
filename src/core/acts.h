#ifndef GX_CORE_ACTS_H
#define GX_CORE_ACTS_H

/** Who on behalf of whom: what a person does in a space that is not their
 *  own (a member in a company's, a mandatary, a parent) is recorded with
 *  both, in the same transaction as the act itself, so the represented
 *  person (or the company's administrators) see every action taken for
 *  them. The request's id joins an act to the access records it caused. */

#include "core/ctx.h"

/** Inside a durable write: records that c's acting person did kind
 *  ("draft.opened", "submitted", "data.read" …) in the space c->access
 *  decided, for procedure_id (may be NULL) and item_id (0: none), with
 *  detail (a JSON object text, may be NULL). Nothing when they act in
 *  their own space. */
enum gx_db_status gx_act_record(struct gx_store_conn *w, const struct gx_core_ctx *c, const char *kind,
				const char *procedure_id, long long item_id, const char *detail_json);

#endif
