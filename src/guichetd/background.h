#ifndef GX_GUICHETD_BACKGROUND_H
#define GX_GUICHETD_BACKGROUND_H

/** guichetd's background work beside the event loops (background.c): the
 *  mail sender's thread over the outbox and the in-memory queue of
 *  verification codes and of the receipts of procedures submitted without
 *  logging in (core/mail_out.h) (woken after each commit that queued a
 *  mail), and
 *  the letter box's retention purge. Each has its own store connection. */

#include "config/config.h"
#include "store/store.h"

/** Starts both threads; 0, or -1 with err (nothing left running). */
int gx_background_start(const struct gx_config *c, struct gx_store *store, char *err, size_t errlen);
/** Stops them (a send under way ends first) and frees what they held. */
void gx_background_stop(void);

#endif
