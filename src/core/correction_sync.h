#ifndef GX_CORE_CORRECTION_SYNC_H
#define GX_CORE_CORRECTION_SYNC_H

/**
 * Keeping the registers told of correction requests, and the person told
 * of their decisions (docs/corrections.md). One run:
 *
 *  1. the outbox: each request a register is still to be told of (filed,
 *     or withdrawn), claimed first (one instance of guichetd takes it; the
 *     next attempt is set back by the backoff), then sent: POST
 *     /v1/corrections, idempotent at the register by the request's id, so
 *     a request whose answer was lost is sent again and stored once; a
 *     withdrawal as POST /v1/corrections/{id}/withdraw. A register that is
 *     down leaves the request where it was, to be sent at a later run.
 *  2. the feeds: each register's decisions after the last one read, each
 *     applied to its request in one transaction with its timeline entry
 *     (marked to notify the person) and the access record of the read.
 *
 * Every request the register took, every withdrawal it was told of and
 * every decision read is an access record, matching the register's own
 * access-log row by the request's id. Runs on one loop (guichetd's first
 * worker); done runs exactly once, when the run is over.
 */

#include "core/ctx.h"

struct gx_correction_sync_config {
	unsigned retry_initial_ms;   /* the backoff after a first failed attempt */
	unsigned retry_max_ms;       /* its cap */
	unsigned deadline_ms;        /* each request to a register */
	bool (*stopping)(void *arg); /* true when the run is to end at its next step (shutdown); may be NULL */
	void *stopping_arg;
};

/** One run on c's loop (c->pool lives until done). */
void gx_corrections_sync(const struct gx_core_ctx *c, const struct gx_correction_sync_config *cfg,
			 void (*done)(void *arg), void *arg);

/** The backoff before attempt number attempts + 1 (attempts already
 *  made): initial, doubling, capped. Pure. */
long long gx_correction_backoff_us(const struct gx_correction_sync_config *cfg, long long attempts);

#endif
