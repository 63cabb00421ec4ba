/** The transaction runner: begin, run, commit, and retry the whole on soft failures. */

#include "store/store_int.h"

#include <time.h>

#include "util/clock.h"

void gx_store_backoff(unsigned attempt)
{
	/* 1, 2, 4 … 32 ms, plus up to 1 ms of jitter so colliding writers spread out. */
	unsigned shift = attempt < 5 ? attempt : 5;
	long us = (1000L << shift) + (long)(gx_mono_us() % 1000);
	struct timespec ts = {us / 1000000, (us % 1000000) * 1000};
	while (nanosleep(&ts, &ts) != 0)
		;
}

enum gx_db_status gx_store_run_tx(struct gx_store_conn *conn, bool write, gx_store_tx_fn fn, void *arg)
{
	enum gx_db_status st = GX_DB_SOFT_ERROR;
	unsigned attempts = conn->store->cfg.tx_max_attempts;

	for (unsigned i = 0; i < attempts; i++) {
		if (i > 0)
			gx_store_backoff(i - 1);
		st = gx_store_tx_begin(conn, write);
		if (st == GX_DB_SOFT_ERROR)
			continue;
		if (st < 0)
			goto fail;
		st = fn(conn, arg);
		if (st < 0) {
			gx_store_conn_rollback_if_open(conn);
			if (st == GX_DB_SOFT_ERROR)
				continue;
			goto fail;
		}
		enum gx_db_status cst = gx_store_tx_commit(conn);
		if (cst >= 0)
			return st;
		gx_store_conn_rollback_if_open(conn);
		st = cst;
		if (st != GX_DB_SOFT_ERROR)
			goto fail;
	}
fail:
	gx_store_conn_rollback_if_open(conn);
	return st;
}
