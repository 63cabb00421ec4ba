#ifndef GX_HTTP_WORKER_H
#define GX_HTTP_WORKER_H

/** Internal to src/http: one worker thread's state, and the server's. */

#include <h2o.h>
#include <pthread.h>
#include <stdbool.h>

#include "config/config.h"
#include "http/handler.h"
#include "http/metrics.h"
#include "http/route.h"
#include "store/durable.h"

struct gx_server;
struct gx_httpc;
struct gx_task;
struct gx_server_task;

struct gx_worker {
	unsigned index;
	struct gx_server *server;
	pthread_t thread;
	h2o_context_t ctx;
	h2o_accept_ctx_t accept_ctx;
	int listen_fd;
	h2o_socket_t *listener;
	h2o_multithread_queue_t *queue;
	h2o_multithread_receiver_t control;   /* shutdown */
	h2o_multithread_receiver_t durable;   /* group-commit completions */
	struct gx_durable durable_port;       /* this loop's way into the group commit (durable.c) */
	h2o_multithread_message_t stop_message;
	struct gx_store_conn *db;
	struct gx_httpc *httpc;               /* this loop's outgoing HTTP client */
	struct gx_metrics_shard *metrics;
	uint64_t next_seq;
	long in_flight;                       /* requests, and a background task's run */
	struct gx_task **tasks;               /* the first worker's (task.c) */
	bool stopping;
	int start_error;
};

struct gx_server {
	const struct gx_config *config;
	struct gx_store *store;
	h2o_globalconf_t h2o;
	struct gx_route_table routes;
	struct gx_metrics metrics;
	struct gx_throttle *throttle;  /* NULL: no rate limit */
	enum gx_outcome (*error_page)(struct gx_req *r, enum gx_err e);
	const struct gx_server_task *tasks;
	size_t ntasks;
	unsigned nworkers;
	struct gx_worker *workers;
	char id_prefix[8];
	pthread_barrier_t stopped;  /* every loop has ended */
	pthread_barrier_t drained;  /* the store has committed every queued write */
};

/** Starts a background task on w's loop (its thread); NULL when out of memory. */
struct gx_task *gx_http_task_start(struct gx_worker *w, const struct gx_server_task *def);
/** Stops and frees it (w's thread, after its loop ended). */
void gx_http_task_stop(struct gx_task *t);

/** The h2o handler: routes and runs one request (request.c). */
int gx_http_on_req(h2o_handler_t *self, h2o_req_t *req);

/** Registers the filter that turns h2o's own plain-text errors (413 on an
 *  oversized body, 400 on broken chunked encoding, 417) into problem JSON. */
void gx_http_register_error_filter(h2o_pathconf_t *pathconf, struct gx_server *server);

/** Receives group-commit completions on the worker's loop (durable.c). */
void gx_http_on_durable_messages(h2o_multithread_receiver_t *receiver, h2o_linklist_t *messages);
/** Frees completions that arrived after the worker stopped. */
void gx_http_discard_durable_messages(h2o_multithread_receiver_t *receiver);

#endif
