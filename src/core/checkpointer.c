#include "core/checkpointer.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/checkpoints.h"
#include "log/oplog.h"
#include "util/clock.h"

struct gx_checkpointer {
	struct gx_store *store;
	const struct gx_transparency *t;
	struct gx_store_conn *conn;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t wake;
	bool stopping;
};

static void round_once(struct gx_checkpointer *c, bool *failing)
{
	char err[256];
	uint64_t size = 0;
	int rc = gx_checkpoint_sign_round(c->conn, c->t, gx_wall_us(), &size, err, sizeof(err));
	/* A failure is logged once until it clears, not every second. */
	if (rc < 0 && !*failing)
		gx_oplog_event(GX_LOG_ERROR, "checkpoint_failed", NULL, "%s", err);
	else if (rc >= 0 && *failing)
		gx_oplog_event(GX_LOG_INFO, "checkpoint_recovered", NULL, "checkpoints are signed again");
	*failing = rc < 0;
	gx_store_conn_rollback_if_open(c->conn);
	gx_oplog_flush();
}

static void *run(void *arg)
{
	struct gx_checkpointer *c = arg;
	bool failing = false;
	pthread_mutex_lock(&c->mu);
	while (!c->stopping) {
		pthread_mutex_unlock(&c->mu);
		round_once(c, &failing);
		pthread_mutex_lock(&c->mu);
		struct timespec ts;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		long long ns = (long long)ts.tv_nsec + (long long)c->t->interval_ms * 1000000LL;
		ts.tv_sec += ns / 1000000000LL;
		ts.tv_nsec = ns % 1000000000LL;
		while (!c->stopping && pthread_cond_timedwait(&c->wake, &c->mu, &ts) != ETIMEDOUT)
			;
	}
	pthread_mutex_unlock(&c->mu);
	/* What was logged until the end is signed once more. */
	round_once(c, &failing);
	gx_oplog_thread_exit();
	return NULL;
}

struct gx_checkpointer *gx_checkpointer_start(struct gx_store *store, const struct gx_transparency *t, char *err,
					      size_t errlen)
{
	struct gx_checkpointer *c = calloc(1, sizeof(*c));
	pthread_condattr_t ca;
	if (c == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	c->store = store;
	c->t = t;
	c->conn = gx_store_conn_open(store);
	if (c->conn == NULL) {
		snprintf(err, errlen, "checkpoints: cannot open a store connection");
		free(c);
		return NULL;
	}
	pthread_mutex_init(&c->mu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&c->wake, &ca);
	pthread_condattr_destroy(&ca);
	int rc = pthread_create(&c->thread, NULL, run, c);
	if (rc != 0) {
		snprintf(err, errlen, "checkpoints: cannot start the thread: %s", strerror(rc));
		pthread_cond_destroy(&c->wake);
		pthread_mutex_destroy(&c->mu);
		gx_store_conn_close(c->conn);
		free(c);
		return NULL;
	}
	return c;
}

void gx_checkpointer_stop(struct gx_checkpointer *c)
{
	if (c == NULL)
		return;
	pthread_mutex_lock(&c->mu);
	c->stopping = true;
	pthread_cond_signal(&c->wake);
	pthread_mutex_unlock(&c->mu);
	pthread_join(c->thread, NULL);
	gx_store_conn_close(c->conn);
	pthread_cond_destroy(&c->wake);
	pthread_mutex_destroy(&c->mu);
	free(c);
}
