#ifndef GX_CORE_CHECKPOINTER_H
#define GX_CORE_CHECKPOINTER_H

/** guichetd's checkpoint signer: a thread with its own store connection
 *  that runs gx_checkpoint_sign_round every translog interval (default one
 *  second), so a checkpoint is signed only when the tree grew. Several
 *  guichetd may run one each: a size is stored once. */

#include "core/transparency.h"
#include "store/store.h"

struct gx_checkpointer;

/** Starts it (t must outlive it): NULL with the reason in err. */
struct gx_checkpointer *gx_checkpointer_start(struct gx_store *store, const struct gx_transparency *t, char *err,
					      size_t errlen);
/** Stops the thread (after one last round) and frees it; NULL is fine. */
void gx_checkpointer_stop(struct gx_checkpointer *c);

#endif
