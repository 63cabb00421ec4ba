#ifndef GX_CORE_SAMPLER_H
#define GX_CORE_SAMPLER_H

/** The operator dashboard's rows of one interval (docs/dashboard.md), made
 *  from two readings of the counters (ops.h): a counter's row is what it
 *  grew by between them, a gauge's row what the second reading says. No
 *  clock, no store: given the readings, the rows. */

#include <stddef.h>

#include "core/ops.h"
#include "store/operators.h"

/* The series, and what their rows hold. Counters' rows are left out when
 * nothing happened (a missing row is 0); gauges have a row each interval. */
#define GX_SERIES_SUBMISSIONS "submissions"          /* per organisation: submissions stored */
#define GX_SERIES_PREFILL_CALLS "prefill.calls"      /* per register: requests sent */
#define GX_SERIES_PREFILL_ERRORS "prefill.errors"    /* per register: of which not "ok" */
#define GX_SERIES_PREFILL_P50 "prefill.p50_us"       /* per register: median latency, µs (when calls) */
#define GX_SERIES_PREFILL_P99 "prefill.p99_us"       /* per register: 99th percentile, µs (when calls) */
#define GX_SERIES_REGISTER_UP "register.up"          /* per register: 1 the probe answered, 0 not (gauge) */
#define GX_SERIES_COMMIT_BATCHES "commit.batches"    /* group-commit transactions (gauge-like: every interval) */
#define GX_SERIES_COMMIT_ITEMS "commit.items"        /* durable writes they committed */
#define GX_SERIES_COMMIT_BATCH_MAX "commit.batch_max"  /* the largest batch of the interval */
#define GX_SERIES_COMMIT_QUEUE_MAX "commit.queue_max"  /* the most writes waiting at once */
#define GX_SERIES_STORE_BYTES "store.bytes"          /* the store on disk (gauge) */
#define GX_SERIES_OUTBOX_BACKLOG "outbox.backlog"    /* mails due and not sent (gauge) */
#define GX_SERIES_OUTBOX_SENT "outbox.sent"          /* mails the SMTP server took */
#define GX_SERIES_OUTBOX_FAILURES "outbox.failures"  /* deliveries that failed (to be tried again, or for good) */
#define GX_SERIES_TRANSLOG_SIZE "translog.size"      /* leaves of the transparency log (gauge) */
#define GX_SERIES_TRANSLOG_COSIGN_AGE "translog.cosign_age_s"  /* seconds since a witness's last cosignature (gauge, once one did) */

/** At most this many rows per interval for nregisters registers and norgs organisations. */
size_t gx_sampler_max_rows(size_t nregisters, size_t norgs);

/** Writes the rows of the interval that ends at at_s, measured by instance,
 *  from prev and cur (the same domain's, prev read first) into out (room
 *  for max); returns their number, or -1 when max is too small. */
long gx_sampler_rows(const struct gx_ops_snapshot *prev, const struct gx_ops_snapshot *cur, long long at_s,
		     const char *instance, struct gx_sample *out, size_t max);

#endif
