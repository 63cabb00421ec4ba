#ifndef GX_STORE_DURABLE_H
#define GX_STORE_DURABLE_H

/**
 * Durable writes from an event loop, without blocking it: the write joins
 * the store's group commit, and its completion comes back on the loop that
 * asked. The web layer gives each worker loop one (http/durable.c); a test
 * may give a synchronous one. Whoever asks never sees a thread: done always
 * runs where submit was called.
 */

#include "store/store.h"

/**
 * Runs exactly once per submit, on the submitting loop. result >= 0: the
 * write is durable. GX_DB_REFUSED: the group commit did not take it (queue
 * full or closing, out of memory) and nothing was written. Other results
 * < 0: the write or its batch failed and nothing of it is stored.
 */
typedef void (*gx_durable_done_fn)(void *arg, enum gx_db_status result);

struct gx_durable {
	/** Queues write(arg) (run on the writer thread, inside the batch
	 *  transaction; arg must stay valid until done). done(arg, result) runs
	 *  exactly once: later on this loop, or with GX_DB_REFUSED before submit
	 *  returns when the write was not queued. */
	void (*submit)(struct gx_durable *self, gx_store_write_fn write, void *arg, gx_durable_done_fn done);
};

static inline void gx_durable_submit(struct gx_durable *d, gx_store_write_fn write, void *arg,
				     gx_durable_done_fn done)
{
	d->submit(d, write, arg, done);
}

#endif
