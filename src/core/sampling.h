#ifndef GX_CORE_SAMPLING_H
#define GX_CORE_SAMPLING_H

/** The operator dashboard's sampling thread (docs/dashboard.md): every
 *  interval, on the interval's boundary, it asks each register whether it
 *  is ready (GET /readyz, within a deadline), measures the store's size,
 *  reads the counters (ops.h), writes the interval's rows (sampler.h) and
 *  its hour's rollup again, and deletes what is older than the retention,
 *  in one transaction on a
 *  connection of its own. It never blocks a request: it is a thread of its
 *  own, with its own event loop for the probes. A failed write is logged
 *  (no personal data: counts) and the next interval tries again. */

#include <stddef.h>

#include "core/domain.h"
#include "store/store.h"

struct gx_sampling_config {
	unsigned interval_s;        /* the rows' spacing: 60 */
	unsigned retention_days;    /* hourly rollups older are deleted: 35 */
	unsigned minute_retention_hours;  /* rows older are deleted: 48 */
	const char *instance;       /* which guichetd writes (copied) */
	unsigned probe_timeout_ms;  /* a register's probe gives up after */
};

struct gx_sampling;

/** Starts the thread; the domain and the store must outlive it. NULL, with
 *  err, when it cannot. */
struct gx_sampling *gx_sampling_start(const struct gx_sampling_config *cfg, struct gx_store *store,
				      const struct gx_domain *d, char *err, size_t errlen);

/** Stops the thread (an interval under way ends first) and frees s. */
void gx_sampling_stop(struct gx_sampling *s);

#endif
