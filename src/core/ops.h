#ifndef GX_CORE_OPS_H
#define GX_CORE_OPS_H

/** The operators' figures at one moment (docs/dashboard.md): what this
 *  guichetd counted since it started — submissions per organisation, each
 *  register's requests (outcomes, latency) and last probe, the group
 *  commit's batches and queue, the mail outbox's deliveries — and what the
 *  sampler last measured in the store (its size, the outbox's backlog, the
 *  transparency log's size and last cosignature).
 *  /metrics shows them; the sampler turns two of them into the dashboard's
 *  rows (sampler.h). Names are borrowed from the domain, which outlives it. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/activity.h"
#include "core/domain.h"
#include "sources/register_stats.h"
#include "store/store.h"

struct gx_ops_register {
	const char *name;
	struct gx_register_figures f;
};

struct gx_ops_org {
	const char *id;
	uint64_t submissions;
};

struct gx_ops_snapshot {
	long long at_us;          /* when it was read */
	size_t nregisters;
	struct gx_ops_register *registers;
	size_t norgs;
	struct gx_ops_org *orgs;
	struct gx_store_durable_stats commit;
	bool has_commit;          /* commit was read (a store was given) */
	uint64_t outbox[GX_OUTBOX__COUNT];  /* deliveries by how they ended (activity.h) */
	/* As the sampler last measured them in the store; -1: not yet. */
	long long store_bytes;
	long long outbox_backlog;
	long long translog_size;
	long long cosigned_at_us; /* 0: no witness cosigned yet */
};

/** Reads d's counters and, when store is not NULL, the group commit's;
 *  take_peaks: and starts its peaks again (the sampler only). Returns 0,
 *  -1 when out of memory. Free with gx_ops_snapshot_clear. */
int gx_ops_snapshot_take(const struct gx_domain *d, struct gx_store *store, bool take_peaks,
			 struct gx_ops_snapshot *out);
void gx_ops_snapshot_clear(struct gx_ops_snapshot *s);

/** Requests to a register: every outcome but "declined" (never asked);
 *  and those that did not end "ok". */
uint64_t gx_ops_register_calls(const struct gx_register_figures *f);
uint64_t gx_ops_register_errors(const struct gx_register_figures *f);

#endif
