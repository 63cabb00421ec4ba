/* Retention (lb_purge.h). */

#include "core/lb_purge.h"

#include "store/letterbox.h"

#define BATCH 500

struct batch {
	long long now_us;
	size_t n;
};

static enum gx_db_status purge_tx(struct gx_store_conn *c, void *arg)
{
	struct batch *b = arg;
	b->n = 0;
	return gx_store_lb_purge(c, b->now_us, BATCH, &b->n);
}

int gx_lb_purge_run(struct gx_store_conn *db, long long now_us, size_t *purged)
{
	*purged = 0;
	for (;;) {
		struct batch b = {.now_us = now_us};
		if (gx_store_run_tx(db, true, purge_tx, &b) < 0)
			return -1;
		*purged += b.n;
		if (b.n < BATCH)
			return 0;
	}
}
