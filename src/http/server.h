#ifndef GX_HTTP_SERVER_H
#define GX_HTTP_SERVER_H

/** guichetd's HTTP server: one h2o event loop per worker thread, all
 *  accepting on one port (SO_REUSEPORT), a route table, request limits,
 *  metrics, the operational log and graceful shutdown on SIGTERM/SIGINT. */

#include <stdbool.h>
#include <stddef.h>

#include "http/handler.h"
#include "http/problem.h"
#include "util/buf.h"

struct gx_config;
struct gx_store;
struct gx_server;
struct gx_server_task;  /* task.h */

/** A table of routes (a front end's). */
struct gx_route_list {
	const struct gx_route_def *routes;
	size_t count;
};

struct gx_server_options {
	const struct gx_config *config;
	struct gx_store *store;
	const struct gx_route_def *routes;
	size_t nroutes;
	/** More tables served beside routes (guichetd: the back office's), or NULL.
	 *  A route of one may not clash with another's (same method and shape). */
	const struct gx_route_list *more_routes;
	size_t nmore_routes;
	/** Answers a browser's page request with an HTML error page (NULL: problem JSON only). */
	enum gx_outcome (*error_page)(struct gx_req *r, enum gx_err e);
	/** Background tasks, run on the first worker's loop (task.h), or NULL. */
	const struct gx_server_task *tasks;
	size_t ntasks;
	bool rate_limits;  /* limits.rate.* apply (guichetd); registryd serves the platform only */
};

/** Runs until SIGTERM or SIGINT, then stops accepting, lets in-flight
 *  requests finish within server.shutdown_grace_ms and returns 0 (non-zero
 *  when the server could not start). */
int gx_server_run(const struct gx_server_options *opts);

const struct gx_config *gx_server_config(const struct gx_server *s);
struct gx_store *gx_server_store(const struct gx_server *s);
/** Prometheus text for /metrics. */
void gx_server_render_metrics(const struct gx_server *s, struct gx_buf *out);

#endif
