#include "operator/metrics.h"

#include "core/ops.h"
#include "util/histogram.h"

static const char *const outcome_names[GX_SOURCE_STATUS_COUNT] = {"ok",      "declined", "unavailable",
								   "timeout", "refused",  "bad_answer"};

/* A label value as Prometheus's text format escapes it. */
static void label(struct gx_buf *out, const char *v)
{
	for (const char *p = v; *p != '\0'; p++) {
		if (*p == '\\' || *p == '"')
			gx_buf_append_char(out, '\\');
		if (*p == '\n')
			gx_buf_append_str(out, "\\n");
		else
			gx_buf_append_char(out, *p);
	}
}

static void latency(struct gx_buf *out, const struct gx_ops_register *r)
{
	uint64_t cumulative = 0;
	for (unsigned b = 0; b < GX_HISTO_BUCKETS; b++) {
		cumulative += r->f.latency[b];
		gx_buf_append_str(out, "guichet_register_request_duration_seconds_bucket{register=\"");
		label(out, r->name);
		if (b < GX_HISTO_BUCKETS - 1)
			gx_buf_appendf(out, "\",le=\"%g\"} %llu\n", (double)gx_histo_bounds_us[b] / 1e6,
				       (unsigned long long)cumulative);
		else
			gx_buf_appendf(out, "\",le=\"+Inf\"} %llu\n", (unsigned long long)cumulative);
	}
	gx_buf_append_str(out, "guichet_register_request_duration_seconds_sum{register=\"");
	label(out, r->name);
	gx_buf_appendf(out, "\"} %.6f\n", (double)r->f.latency_sum_us / 1e6);
	gx_buf_append_str(out, "guichet_register_request_duration_seconds_count{register=\"");
	label(out, r->name);
	gx_buf_appendf(out, "\"} %llu\n", (unsigned long long)cumulative);
}

void gx_dashboard_metrics(struct gx_buf *out)
{
	struct gx_ops_snapshot s;
	if (gx_ops_snapshot_take(&gx_domain, NULL, false, &s) != 0) {
		out->failed = true;
		return;
	}
	gx_buf_append_str(out, "# HELP guichet_submissions_total Submissions stored, by organisation.\n"
			       "# TYPE guichet_submissions_total counter\n");
	for (size_t i = 0; i < s.norgs; i++) {
		gx_buf_append_str(out, "guichet_submissions_total{organisation=\"");
		label(out, s.orgs[i].id);
		gx_buf_appendf(out, "\"} %llu\n", (unsigned long long)s.orgs[i].submissions);
	}
	gx_buf_append_str(out, "# HELP guichet_register_requests_total Requests to a register by the prefill engine, by "
			       "outcome (declined: the person said No, not asked).\n"
			       "# TYPE guichet_register_requests_total counter\n");
	for (size_t i = 0; i < s.nregisters; i++)
		for (unsigned k = 0; k < GX_SOURCE_STATUS_COUNT; k++) {
			gx_buf_append_str(out, "guichet_register_requests_total{register=\"");
			label(out, s.registers[i].name);
			gx_buf_appendf(out, "\",outcome=\"%s\"} %llu\n", outcome_names[k],
				       (unsigned long long)s.registers[i].f.outcomes[k]);
		}
	gx_buf_append_str(out, "# HELP guichet_register_request_duration_seconds Time a register took to answer (or "
			       "to fail).\n"
			       "# TYPE guichet_register_request_duration_seconds histogram\n");
	for (size_t i = 0; i < s.nregisters; i++)
		latency(out, &s.registers[i]);
	gx_buf_append_str(out, "# HELP guichet_register_up Whether the register answered its last probe (GET /readyz).\n"
			       "# TYPE guichet_register_up gauge\n");
	for (size_t i = 0; i < s.nregisters; i++) {
		if (s.registers[i].f.up < 0)
			continue;
		gx_buf_append_str(out, "guichet_register_up{register=\"");
		label(out, s.registers[i].name);
		gx_buf_appendf(out, "\"} %d\n", s.registers[i].f.up);
	}
	if (s.store_bytes >= 0)
		gx_buf_appendf(out, "# HELP guichet_store_size_bytes The store on disk, as last measured.\n"
				    "# TYPE guichet_store_size_bytes gauge\n"
				    "guichet_store_size_bytes %lld\n",
			       s.store_bytes);
	gx_buf_append_str(out, "# HELP guichet_outbox_deliveries_total Mails of the outbox by how their delivery "
			       "ended (retry: failed, to be tried again).\n"
			       "# TYPE guichet_outbox_deliveries_total counter\n");
	for (unsigned k = 0; k < GX_OUTBOX__COUNT; k++)
		gx_buf_appendf(out, "guichet_outbox_deliveries_total{outcome=\"%s\"} %llu\n",
			       gx_outbox_outcome_name((enum gx_outbox_outcome)k), (unsigned long long)s.outbox[k]);
	if (s.outbox_backlog >= 0)
		gx_buf_appendf(out, "# HELP guichet_outbox_backlog Mails due and not sent, as last measured.\n"
				    "# TYPE guichet_outbox_backlog gauge\n"
				    "guichet_outbox_backlog %lld\n",
			       s.outbox_backlog);
	if (s.translog_size >= 0)
		gx_buf_appendf(out, "# HELP guichet_translog_size Leaves of the transparency log, as last measured.\n"
				    "# TYPE guichet_translog_size gauge\n"
				    "guichet_translog_size %lld\n",
			       s.translog_size);
	if (s.cosigned_at_us > 0)
		gx_buf_appendf(out, "# HELP guichet_translog_last_cosignature_timestamp_seconds When a witness last "
				    "cosigned a checkpoint.\n"
				    "# TYPE guichet_translog_last_cosignature_timestamp_seconds gauge\n"
				    "guichet_translog_last_cosignature_timestamp_seconds %.6f\n",
			       (double)s.cosigned_at_us / 1e6);
	gx_ops_snapshot_clear(&s);
}
