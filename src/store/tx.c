/** The transaction runner: begin, run, commit, and retry the whole on soft failures. */

#include "store/store_int.h"

#include <pthread.h>
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

/* One gx_store_run_tx_soon's write in the group commit, and its wait. */
struct soon {
	gx_store_tx_fn fn;
	void *arg;
	pthread_mutex_t mu;
	pthread_cond_t cond;
	bool done;
	enum gx_db_status result;
};

static enum gx_db_status soon_write(struct gx_store_conn *writer, void *arg)
{
	struct soon *w = arg;
	return w->fn(writer, w->arg);
}

static void soon_done(void *arg, enum gx_db_status result)
{
	struct soon *w = arg;
	pthread_mutex_lock(&w->mu);
	w->result = result;
	w->done = true;
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->mu);
}

enum gx_db_status gx_store_run_tx_soon(struct gx_store_conn *conn, gx_store_tx_fn fn, void *arg)
{
	if (!conn->ops->one_writer || conn->store == NULL)
		return gx_store_run_tx(conn, true, fn, arg);
	struct soon w = {.fn = fn, .arg = arg};
	pthread_mutex_init(&w.mu, NULL);
	pthread_cond_init(&w.cond, NULL);
	enum gx_db_status st;
	if (gx_store_durable_submit(conn->store, soon_write, soon_done, &w) != GX_STORE_OK) {
		st = gx_store_run_tx(conn, true, fn, arg); /* not taken (done is not called): on conn */
	} else {
		pthread_mutex_lock(&w.mu);
		while (!w.done)
			pthread_cond_wait(&w.cond, &w.mu);
		st = w.result;
		pthread_mutex_unlock(&w.mu);
	}
	pthread_cond_destroy(&w.cond);
	pthread_mutex_destroy(&w.mu);
	return st;
}
