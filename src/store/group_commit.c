/**
 * Group commit: requests queue durable writes without blocking; one writer
 * thread commits them in batches, one transaction and one fsync per batch,
 * each item in its own savepoint, and calls each item's done after COMMIT.
 */

#include "store/group_commit.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/clock.h"

struct gc_item {
	gx_store_write_fn write;
	gx_store_done_fn done;
	void *arg;
	long long queued_us;  /* monotonic; only kept when max_wait_us > 0 */
};

struct gx_group_commit {
	struct gx_store *store;
	struct gx_store_conn *conn;  /* the writer's; used by the writer thread only */
	pthread_t thread;
	unsigned max_batch;
	unsigned max_wait_us;
	unsigned attempts;

	pthread_mutex_t mu;          /* guards everything below */
	pthread_cond_t wake;         /* the writer waits on it for items or stop */
	pthread_cond_t idle;         /* drain waits on it for the writer to finish a batch */
	size_t in_flight;            /* items taken by the writer whose done has not returned */
	struct gc_item *ring;
	size_t cap, head, count;
	bool stopping;
	struct gx_store_durable_stats stats;

	/* Writer-thread scratch, max_batch long. */
	struct gc_item *batch;
	enum gx_db_status *results;
};

/** Retries a step that failed softly (BEGIN or COMMIT under a lock held
 *  elsewhere). A COMMIT that failed softly is retried only while its
 *  transaction is still open (SQLite's BUSY): a backend that ended it
 *  (PostgreSQL) has nothing left to commit, and says so through tx_lost. */
static enum gx_db_status with_retries(struct gx_group_commit *gc,
				      enum gx_db_status (*step)(struct gx_store_conn *, bool), bool arg, bool in_tx)
{
	enum gx_db_status st = GX_DB_SOFT_ERROR;
	for (unsigned i = 0; i < gc->attempts; i++) {
		if (i > 0)
			gx_store_backoff(i - 1);
		st = step(gc->conn, arg);
		if (st != GX_DB_SOFT_ERROR || (in_tx && !gc->conn->ops->in_tx(gc->conn)))
			break;
	}
	return st;
}

static enum gx_db_status commit_step(struct gx_store_conn *conn, bool unused)
{
	(void)unused;
	return conn->ops->tx_commit(conn);
}

/** Runs n items in one transaction, each in its savepoint when savepoints;
 *  fills gc->results; returns true when COMMIT succeeded. *lost: it failed,
 *  and the backend says its transaction ended without COMMIT in a way that
 *  makes running the batch again safe. *item_failed: without savepoints, an
 *  item failed (it cannot be undone alone: the batch was rolled back). */
static bool run_batch_once(struct gx_group_commit *gc, size_t n, bool savepoints, bool *lost, bool *item_failed)
{
	struct gx_store *store = gc->store;
	struct gx_store_conn *conn = gc->conn;
	const struct gx_store_ops *ops = conn->ops;
	enum gx_db_status st;
	size_t i = 0;

	*lost = *item_failed = false;
	st = with_retries(gc, ops->tx_begin, true, false);
	if (st < 0)
		goto fail;
	for (i = 0; i < n; i++) {
		if (savepoints && (st = ops->savepoint(conn)) < 0)
			goto fail;
		enum gx_db_status r = gc->batch[i].write(conn, gc->batch[i].arg);
		if (!ops->in_tx(conn)) {
			/* The write ended the transaction (or the backend aborted it): nothing is left to commit. */
			st = GX_DB_HARD_ERROR;
			goto fail;
		}
		if (!savepoints && r < 0) {
			*item_failed = true;
			st = r;
			goto fail;
		}
		if (savepoints && (st = r < 0 ? ops->savepoint_rollback(conn) : ops->savepoint_release(conn)) < 0)
			goto fail;
		gc->results[i] = r;
	}
	if (!savepoints && ops->flush != NULL && (st = ops->flush(conn)) < 0) {
		/* Something sent ahead failed: which item is not known; all run again with savepoints. */
		*item_failed = st != GX_DB_SOFT_ERROR || ops->in_tx(conn);
		goto fail;
	}
	/* The batch's last step (the transparency log's appends), once every
	 * item's statements have been answered: its soft failure (writers took
	 * turns badly) runs the whole batch again. */
	if (store->precommit != NULL) {
		enum gx_db_status pst = store->precommit(conn, store->precommit_arg);
		if (pst < 0 || !ops->in_tx(conn)) {
			st = pst < 0 ? pst : GX_DB_HARD_ERROR;
			if (ops->in_tx(conn))
				ops->tx_rollback(conn);
			*lost = pst == GX_DB_SOFT_ERROR;
			goto fail_lost_known;
		}
	}
	st = with_retries(gc, commit_step, false, true);
	if (st < 0)
		goto fail;
	return true;
fail:
	/* The whole batch is lost: every item that had succeeded, and every item not run, gets st. */
	if (ops->in_tx(conn))
		ops->tx_rollback(conn);
	*lost = ops->tx_lost != NULL && ops->tx_lost(conn);
fail_lost_known:
	if (st >= 0)
		st = GX_DB_HARD_ERROR;
	for (size_t j = 0; j < n; j++)
		if (j >= i || gc->results[j] >= 0)
			gc->results[j] = st;
	return false;
}

/** Runs the batch; runs it again (at most tx_max_attempts in all) while its
 *  transaction was lost before COMMIT (a connection that died mid-batch is
 *  replaced at the next BEGIN; when it cannot be, BEGIN fails and so does
 *  the batch). Nothing of a lost transaction was committed, and each item's
 *  write runs again from the start, as the transaction runner's fn does.
 *  A backend with optimistic_batches runs a batch without item savepoints
 *  first; when an item fails, the batch runs again with them. */
static bool run_batch(struct gx_group_commit *gc, size_t n)
{
	bool savepoints = !gc->conn->ops->optimistic_batches;
	struct gx_store *store = gc->store;
	for (unsigned attempt = 1;; attempt++) {
		bool lost, item_failed;
		bool ok = run_batch_once(gc, n, savepoints, &lost, &item_failed);
		if (store->postcommit != NULL)
			store->postcommit(store->precommit_arg, ok);
		if (ok)
			return true;
		if (item_failed) {
			savepoints = true; /* once: with savepoints, no item fails the batch */
			continue;
		}
		if (!lost || attempt >= gc->attempts)
			return false;
		gx_store_backoff(attempt - 1);
	}
}

static void *writer_main(void *p)
{
	struct gx_group_commit *gc = p;

	pthread_mutex_lock(&gc->mu);
	for (;;) {
		while (gc->count == 0 && !gc->stopping)
			pthread_cond_wait(&gc->wake, &gc->mu);
		if (gc->count == 0)
			break;  /* stopping, and everything submitted is done */
		if (gc->max_wait_us > 0 && gc->count < gc->max_batch && !gc->stopping) {
			/* Give a partial batch until its oldest item is max_wait_us old to fill up. */
			long long deadline = gc->ring[gc->head].queued_us + gc->max_wait_us;
			struct timespec ts = {deadline / 1000000, (deadline % 1000000) * 1000};
			while (gc->count < gc->max_batch && !gc->stopping)
				if (pthread_cond_timedwait(&gc->wake, &gc->mu, &ts) == ETIMEDOUT)
					break;
		}
		size_t n = gc->count < gc->max_batch ? gc->count : gc->max_batch;
		for (size_t i = 0; i < n; i++)
			gc->batch[i] = gc->ring[(gc->head + i) % gc->cap];
		gc->head = (gc->head + n) % gc->cap;
		gc->count -= n;
		gc->in_flight = n;
		pthread_mutex_unlock(&gc->mu);

		bool committed = run_batch(gc, n);

		uint64_t ok = 0;
		for (size_t i = 0; i < n; i++)
			ok += gc->results[i] >= 0;
		pthread_mutex_lock(&gc->mu);
		if (committed) {
			gc->stats.batches++;
			if (n > gc->stats.largest_batch)
				gc->stats.largest_batch = n;
		}
		gc->stats.items += ok;
		gc->stats.failed += n - ok;
		pthread_mutex_unlock(&gc->mu);

		/* After COMMIT returned: each done may now acknowledge its request. */
		for (size_t i = 0; i < n; i++)
			gc->batch[i].done(gc->batch[i].arg, gc->results[i]);
		if (gc->store->ops->between_batches != NULL)
			gc->store->ops->between_batches(gc->conn);
		pthread_mutex_lock(&gc->mu);
		gc->in_flight = 0;
		if (gc->count == 0)
			pthread_cond_broadcast(&gc->idle);
	}
	pthread_mutex_unlock(&gc->mu);
	return NULL;
}

static void free_gc(struct gx_group_commit *gc)
{
	free(gc->ring);
	free(gc->batch);
	free(gc->results);
	free(gc);
}

struct gx_group_commit *gx_group_commit_start(struct gx_store *store, char *err, size_t err_size)
{
	struct gx_group_commit *gc = calloc(1, sizeof(*gc));
	pthread_condattr_t ca;
	bool mu_init = false, cond_init = false;
	int rc;  /* pthread functions return their error; they do not set errno */

	if (gc == NULL)
		goto oom;
	gc->store = store;
	gc->max_batch = store->cfg.group_commit_max_batch;
	gc->max_wait_us = store->cfg.group_commit_max_wait_us;
	gc->attempts = store->cfg.tx_max_attempts;
	gc->cap = store->cfg.group_commit_queue_cap;
	gc->ring = calloc(gc->cap, sizeof(*gc->ring));
	gc->batch = calloc(gc->max_batch, sizeof(*gc->batch));
	gc->results = calloc(gc->max_batch, sizeof(*gc->results));
	if (gc->ring == NULL || gc->batch == NULL || gc->results == NULL)
		goto oom;
	if ((rc = pthread_mutex_init(&gc->mu, NULL)) != 0)
		goto sys_fail;
	mu_init = true;
	if ((rc = pthread_condattr_init(&ca)) != 0)
		goto sys_fail;
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	rc = pthread_cond_init(&gc->wake, &ca);
	pthread_condattr_destroy(&ca);
	if (rc != 0)
		goto sys_fail;
	if ((rc = pthread_cond_init(&gc->idle, NULL)) != 0) {
		pthread_cond_destroy(&gc->wake);
		goto sys_fail;
	}
	cond_init = true;
	gc->conn = store->ops->conn_open(store->state, true);
	if (gc->conn == NULL) {
		snprintf(err, err_size, "store: cannot open the group-commit writer connection");
		goto fail;
	}
	gc->conn->store = store;
	gc->conn->ops = store->ops;
	if ((rc = pthread_create(&gc->thread, NULL, writer_main, gc)) != 0)
		goto sys_fail;
	return gc;
oom:
	snprintf(err, err_size, "store: out of memory");
	goto fail;
sys_fail:
	snprintf(err, err_size, "store: cannot start the group-commit writer: %s", strerror(rc));
fail:
	if (gc != NULL) {
		if (gc->conn != NULL)
			store->ops->conn_close(gc->conn);
		if (cond_init) {
			pthread_cond_destroy(&gc->wake);
			pthread_cond_destroy(&gc->idle);
		}
		if (mu_init)
			pthread_mutex_destroy(&gc->mu);
		free_gc(gc);
	}
	return NULL;
}

void gx_group_commit_stop(struct gx_group_commit *gc)
{
	if (gc == NULL)
		return;
	pthread_mutex_lock(&gc->mu);
	gc->stopping = true;
	pthread_cond_signal(&gc->wake);
	pthread_mutex_unlock(&gc->mu);
	pthread_join(gc->thread, NULL);
	gc->store->ops->conn_close(gc->conn);
	pthread_cond_destroy(&gc->wake);
	pthread_cond_destroy(&gc->idle);
	pthread_mutex_destroy(&gc->mu);
	free_gc(gc);
}

int gx_group_commit_submit(struct gx_group_commit *gc, gx_store_write_fn write, gx_store_done_fn done, void *arg)
{
	int rc = GX_STORE_OK;
	long long now = gc->max_wait_us > 0 ? gx_mono_us() : 0;

	pthread_mutex_lock(&gc->mu);
	if (gc->stopping) {
		rc = GX_STORE_CLOSED;
	} else if (gc->count == gc->cap) {
		gc->stats.rejected_full++;
		rc = GX_STORE_QUEUE_FULL;
	} else {
		gc->ring[(gc->head + gc->count) % gc->cap] = (struct gc_item){write, done, arg, now};
		gc->count++;
		/* The writer sleeps only for the first item, or for a partial batch to fill. */
		if (gc->count == 1 || gc->count == gc->max_batch)
			pthread_cond_signal(&gc->wake);
	}
	pthread_mutex_unlock(&gc->mu);
	return rc;
}

void gx_group_commit_drain(struct gx_group_commit *gc)
{
	/* Called from done on the writer thread it would wait for itself: return instead. */
	if (pthread_equal(pthread_self(), gc->thread))
		return;
	pthread_mutex_lock(&gc->mu);
	while (gc->count > 0 || gc->in_flight > 0)
		pthread_cond_wait(&gc->idle, &gc->mu);
	pthread_mutex_unlock(&gc->mu);
}

void gx_group_commit_stats(struct gx_group_commit *gc, struct gx_store_durable_stats *out)
{
	pthread_mutex_lock(&gc->mu);
	*out = gc->stats;
	out->queued = gc->count;
	pthread_mutex_unlock(&gc->mu);
}
