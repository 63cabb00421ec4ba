#ifndef GX_CORE_ACTIVITY_H
#define GX_CORE_ACTIVITY_H

/** What the platform did since it started, counted for /metrics and the
 *  operator dashboard (docs/dashboard.md): submissions per organisation,
 *  and the store's size as last measured. The organisations are those of
 *  the procedures, fixed at load; any thread counts without a lock
 *  (relaxed atomics). Counts and ids of organisations only: no person. */

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct gx_procedure_catalog;

struct gx_activity_org {
	char *id;
	_Atomic uint64_t submissions;
};

struct gx_activity {
	size_t norgs;
	struct gx_activity_org *orgs;     /* sorted by id */
	_Atomic long long store_bytes;    /* -1 until the sampler measured it */
};

/** The counters for the organisations of cat's procedures; NULL when out of memory. */
struct gx_activity *gx_activity_new(const struct gx_procedure_catalog *cat);
void gx_activity_free(struct gx_activity *a);

/** Counts one submission to org (a may be NULL: nothing is counted; an
 *  organisation without a procedure is not counted either). */
void gx_activity_submitted(struct gx_activity *a, const char *org);

#endif
