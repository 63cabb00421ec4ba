#ifndef GX_OPERATOR_METRICS_H
#define GX_OPERATOR_METRICS_H

/** The operator dashboard's figures on /metrics, in Prometheus text
 *  format (docs/api.md, Metrics): submissions per organisation, each
 *  register's requests by outcome, their latency and its last probe, the
 *  store's size, the mail outbox's deliveries and backlog, the transparency
 *  log's size and last cosignature. Labels are organisations' and registers' ids: no person. */

#include "util/buf.h"

/** Appends them to out (guichetd gives it to the server: gx_server_options.more_metrics). */
void gx_dashboard_metrics(struct gx_buf *out);

#endif
