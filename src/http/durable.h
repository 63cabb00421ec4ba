#ifndef GX_HTTP_DURABLE_H
#define GX_HTTP_DURABLE_H

/** Durable writes from a request without blocking its loop: the write joins
 *  the store's group commit; when its batch has committed, done runs back on
 *  the request's own loop thread, where it sends the answer. Each worker
 *  loop has one struct gx_durable (store/durable.h) for the layers that know
 *  no request (core, sources); gx_req_durable is the same for the web
 *  layer's own writes (sessions, registryd's log).
 *
 *  What keeps a request's memory alive until done: guichetd and registryd
 *  speak HTTP/1.1 only (server.c turns the h2c upgrade off), and h2o 2.2's
 *  HTTP/1 stops reading a connection once its request is complete and closes
 *  it only after a reply was written or failed to be. A client that leaves
 *  meanwhile is noticed when done answers, never before, so the request pool
 *  (and every write argument in it) outlives the write. The writer thread
 *  reads only the write's argument, never the request
 *  (tests/integration/durable.test.mjs hangs up during writes under ASan). */

#include "store/durable.h"
#include "store/store.h"

struct gx_req;
struct gx_worker;

typedef void (*gx_req_durable_done_fn)(struct gx_req *r, void *arg, enum gx_db_status result);

/** Queues write(arg) for group commit. done(r, arg, result) runs exactly
 *  once: on the request's loop after the batch, or before this returns with
 *  GX_DB_REFUSED when the queue is full or closing (done then answers, 503
 *  like any store failure). arg must live as long as the request (allocate
 *  it with gx_req_alloc). Returns GX_DONE: done answers. */
enum gx_outcome gx_req_durable(struct gx_req *r, gx_store_write_fn write, void *arg, gx_req_durable_done_fn done);

/** Sets up the port of a worker (server.c, on its thread). */
void gx_http_durable_init(struct gx_worker *w);

#endif
