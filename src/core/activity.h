#ifndef GX_CORE_ACTIVITY_H
#define GX_CORE_ACTIVITY_H

/** What the platform did since it started, counted for /metrics and the
 *  operator dashboard (docs/dashboard.md): submissions per organisation,
 *  the mail outbox's deliveries, and what the sampler last measured in the
 *  store (its size, the outbox's backlog, the transparency log). The organisations are those of
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

/** How a delivery from the mail outbox ended (core/outbox.c). */
enum gx_outbox_outcome {
	GX_OUTBOX_SENT,     /* the SMTP server took it */
	GX_OUTBOX_RETRY,    /* it failed and will be tried again */
	GX_OUTBOX_FAILED,   /* it failed for good */
	GX_OUTBOX_SKIPPED,  /* ended without a mail (no verified address, read meanwhile) */
	GX_OUTBOX_MAYBE_SENT, /* taken again after an attempt cut off by a stop (maybe delivered): sent again */
	GX_OUTBOX__COUNT
};

struct gx_activity {
	size_t norgs;
	struct gx_activity_org *orgs;     /* sorted by id */
	_Atomic uint64_t outbox[GX_OUTBOX__COUNT];
	/* What the sampler last measured in the store; -1 until it did. */
	_Atomic long long store_bytes;
	_Atomic long long outbox_backlog;     /* mails due and not sent */
	_Atomic long long translog_size;      /* leaves of the transparency log */
	_Atomic long long cosigned_at_us;     /* the latest checkpoint's cosignature by a witness; 0: none yet */
};

/** The counters for the organisations of cat's procedures; NULL when out of memory. */
struct gx_activity *gx_activity_new(const struct gx_procedure_catalog *cat);
void gx_activity_free(struct gx_activity *a);

/** Counts one submission to org (a may be NULL: nothing is counted; an
 *  organisation without a procedure is not counted either). */
void gx_activity_submitted(struct gx_activity *a, const char *org);

/** Counts one delivery from the mail outbox that ended so (a may be NULL). */
void gx_activity_outbox(struct gx_activity *a, enum gx_outbox_outcome outcome);

/** The name of an outcome ("sent", "retry", "failed", "skipped"). */
const char *gx_outbox_outcome_name(enum gx_outbox_outcome outcome);

#endif
