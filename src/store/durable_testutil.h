#ifndef GX_STORE_DURABLE_TESTUTIL_H
#define GX_STORE_DURABLE_TESTUTIL_H

/** For unit tests of code that writes durably (core, sources): a
 *  struct gx_durable that runs each write at once, in its own transaction
 *  on the test's writer connection, and calls done before returning; or,
 *  with refuse set, answers every submit with GX_DB_REFUSED as a full queue
 *  does. It counts submits and completions. */

#include "store/durable.h"
#include "store/store.h"

struct gx_test_durable {
	struct gx_durable port;   /* first: the port's self is the whole struct */
	struct gx_store_conn *writer;
	bool refuse;
	int submits, completions;
};

struct gx_test_write {
	gx_store_write_fn write;
	void *arg;
};

static inline enum gx_db_status gx_test_durable_run(struct gx_store_conn *conn, void *p)
{
	struct gx_test_write *w = p;
	return w->write(conn, w->arg);
}

static inline void gx_test_durable_submit(struct gx_durable *self, gx_store_write_fn write, void *arg,
					  gx_durable_done_fn done)
{
	struct gx_test_durable *d = (struct gx_test_durable *)self;
	d->submits++;
	enum gx_db_status result = GX_DB_REFUSED;
	if (!d->refuse) {
		struct gx_test_write w = {write, arg};
		result = gx_store_run_tx(d->writer, true, gx_test_durable_run, &w);
	}
	d->completions++;
	done(arg, result);
}

static inline void gx_test_durable_init(struct gx_test_durable *d, struct gx_store_conn *writer)
{
	*d = (struct gx_test_durable){.port = {.submit = gx_test_durable_submit}, .writer = writer};
}

#endif
