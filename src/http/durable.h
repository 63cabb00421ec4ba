#ifndef GX_HTTP_DURABLE_H
#define GX_HTTP_DURABLE_H

/** Durable writes from a request without blocking its loop: the write joins
 *  the store's group commit; when its batch has committed, done runs back on
 *  the request's own loop thread, where it sends the answer. */

#include "store/store.h"

struct gx_req;

typedef void (*gx_durable_done_fn)(struct gx_req *r, void *arg, enum gx_db_status result);

/** Queues write(arg) for group commit. Returns GX_DONE when queued (done will
 *  answer); when the queue is full or closing it answers 503 itself. arg must
 *  live as long as the request (allocate it with gx_req_alloc). */
enum gx_outcome gx_req_durable(struct gx_req *r, gx_store_write_fn write, void *arg, gx_durable_done_fn done);

#endif
