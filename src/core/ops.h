#ifndef GX_CORE_OPS_H
#define GX_CORE_OPS_H

/** The operators' figures at one moment (docs/dashboard.md): what this
 *  guichetd counted since it started — submissions per organisation, each
 *  register's requests (outcomes, latency) and last probe, the group
 *  commit's batches and queue — and the store's size as last measured.
 *  /metrics shows them; the sampler turns two of them into the dashboard's
 *  rows (sampler.h). Names are borrowed from the domain, which outlives it. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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
	size_t nregisters;
	struct gx_ops_register *registers;
	size_t norgs;
	struct gx_ops_org *orgs;
	struct gx_store_durable_stats commit;
	bool has_commit;          /* commit was read (a store was given) */
	long long store_bytes;    /* -1: not measured yet */
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
