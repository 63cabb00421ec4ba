#ifndef GX_CORE_CTX_H
#define GX_CORE_CTX_H

/**
 * What every domain operation of src/core/ is given: where it runs and who
 * asks. Core knows no HTTP: the web layer (http/request.h: gx_req_core)
 * fills one per request, a test fills its own. An operation borrows the
 * context until it ends: its one completion callback has returned.
 *
 * Ownership: what an operation allocates comes from c->pool and lives as
 * long as the pool (the request's); results handed to a completion are
 * borrowed for the callback's duration unless its comment says otherwise.
 */

#include <h2o/memory.h>
#include <stdbool.h>

#include "core/access.h"
#include "core/domain.h"
#include "store/durable.h"
#include "store/ids.h"
#include "store/store.h"

struct gx_httpc;
struct gx_procedure;

/** How an operation ended, for its caller to answer: each front end maps it
 *  to its own reply (an HTTP status, a page). */
enum gx_core_status {
	GX_CORE_OK,
	GX_CORE_NOT_FOUND,     /* no such thing, or not in the space acted in */
	GX_CORE_INVALID,       /* the input does not hold: the errors say why (422) */
	GX_CORE_CONFLICT,      /* something it relies on changed meanwhile; nothing was stored (409) */
	GX_CORE_WITHHELD,      /* the access records could not be written: no register value used (503) */
	GX_CORE_UNAVAILABLE,   /* the store failed or did not take the write; nothing was stored (503) */
	GX_CORE_FAULT,         /* a bug or no memory (500) */
	GX_CORE_FORBIDDEN,     /* known, but not allowed: no consent in force for it (403) */
};

/** The status of a durable write's result: OK for >= 0, CONFLICT, else UNAVAILABLE. */
enum gx_core_status gx_core_status_of(enum gx_db_status result);


struct gx_core_ctx {
	const struct gx_domain *domain;
	struct gx_store_conn *db;      /* this loop's connection, for reads */
	struct gx_durable *durable;    /* this loop's way into the group commit */
	struct gx_httpc *httpc;        /* this loop's client, for the registers */
	h2o_mem_pool_t *pool;          /* the operation's memory */
	const char *request_id;        /* names the operation in logs and in the registers' requests */
	long long now_us;              /* the operation's time: one clock reading for all it records */
	struct gx_person_id person;    /* who acts: the logged-in person */
	const struct gx_access *access; /* the decision for the space acted in (core/access.h); NULL without one */
	const struct gx_declined_names *own_declined; /* the acting person's No's as their session keeps them;
						       * NULL: none kept (core/choices.h) */
};

/** Whether the acting person may act for procedure id in the space acted
 *  in (c->access): its organisation comes from the loaded definition. False
 *  without a space decision. */
bool gx_core_allows(const struct gx_core_ctx *c, const char *procedure_id);

/** The procedure with this id, or NULL. */
const struct gx_procedure *gx_core_procedure(const struct gx_core_ctx *c, const char *id);

/** n bytes from the operation's pool, zeroed. */
void *gx_core_alloc(const struct gx_core_ctx *c, size_t n);

/** A copy of s (len bytes, then NUL) in the operation's pool. */
char *gx_core_strndup(const struct gx_core_ctx *c, const char *s, size_t len);

#endif
