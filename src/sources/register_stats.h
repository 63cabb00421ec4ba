#ifndef GX_SOURCES_REGISTER_STATS_H
#define GX_SOURCES_REGISTER_STATS_H

/** What the platform saw of each register since it started, for /metrics
 *  and the operator dashboard (docs/dashboard.md): every request the
 *  prefill engine made to it (its outcome and how long it took) and the
 *  last availability probe. Any thread records, without a lock (relaxed
 *  atomics); readers take what they find. No subject, no value: counts. */

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "util/histogram.h"

#define GX_SOURCE_STATUS_COUNT 6   /* enum gx_source_status */

struct gx_register_stats {
	struct gx_histo latency;                                  /* every request that was sent */
	_Atomic uint64_t outcomes[GX_SOURCE_STATUS_COUNT];        /* by enum gx_source_status (declined: not asked) */
	_Atomic int up;                                           /* the last probe: 1 up, 0 down, -1 not probed yet */
};

/** A register's (reg->stats). */
struct gx_register;

/** Counts one request to reg that ended with status (enum gx_source_status, sources/prefill.h) after elapsed_us. */
void gx_register_stats_record(const struct gx_register *reg, unsigned status, uint64_t elapsed_us);

/** Records the last probe of reg's availability. */
void gx_register_stats_probed(const struct gx_register *reg, bool up);

/** A copy of reg's counters: the outcomes, the latency buckets and sum, the last probe. */
struct gx_register_figures {
	uint64_t outcomes[GX_SOURCE_STATUS_COUNT];
	uint64_t latency[GX_HISTO_BUCKETS];
	uint64_t latency_sum_us;
	int up;
};
void gx_register_stats_read(const struct gx_register *reg, struct gx_register_figures *out);

#endif
