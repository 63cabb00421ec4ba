#include "core/sampler.h"

#include <stdio.h>
#include <string.h>

#include "util/histogram.h"

size_t gx_sampler_max_rows(size_t nregisters, size_t norgs)
{
	return norgs + 5 * nregisters + 10;
}

/* What a counter grew by; a counter that went back (it cannot, within a
 * process) counts from nothing. */
static uint64_t grew(uint64_t before, uint64_t after)
{
	return after >= before ? after - before : after;
}

struct rows {
	struct gx_sample *out;
	size_t n, max;
	long long at_s;
	const char *instance;
};

static int add(struct rows *r, const char *series, const char *label, long long value)
{
	if (r->n == r->max)
		return -1;
	struct gx_sample *s = &r->out[r->n++];
	memset(s, 0, sizeof(*s));
	snprintf(s->series, sizeof(s->series), "%s", series);
	snprintf(s->label, sizeof(s->label), "%s", label != NULL ? label : "");
	snprintf(s->instance, sizeof(s->instance), "%s", r->instance);
	s->at_s = r->at_s;
	s->value = value;
	return 0;
}

/* The entry of the same name in prev (the domain's lists do not change, so
 * it is at the same place; looked up by name all the same). */
static const struct gx_ops_register *prev_register(const struct gx_ops_snapshot *prev, size_t i, const char *name)
{
	if (i < prev->nregisters && strcmp(prev->registers[i].name, name) == 0)
		return &prev->registers[i];
	for (size_t j = 0; j < prev->nregisters; j++)
		if (strcmp(prev->registers[j].name, name) == 0)
			return &prev->registers[j];
	return NULL;
}

static uint64_t prev_submissions(const struct gx_ops_snapshot *prev, size_t i, const char *id)
{
	if (i < prev->norgs && strcmp(prev->orgs[i].id, id) == 0)
		return prev->orgs[i].submissions;
	for (size_t j = 0; j < prev->norgs; j++)
		if (strcmp(prev->orgs[j].id, id) == 0)
			return prev->orgs[j].submissions;
	return 0;
}

static int registers(struct rows *r, const struct gx_ops_snapshot *prev, const struct gx_ops_snapshot *cur)
{
	for (size_t i = 0; i < cur->nregisters; i++) {
		const struct gx_ops_register *c = &cur->registers[i], *p = prev_register(prev, i, c->name);
		static const struct gx_register_figures none;
		const struct gx_register_figures *pf = p != NULL ? &p->f : &none;
		uint64_t calls = grew(gx_ops_register_calls(pf), gx_ops_register_calls(&c->f));
		uint64_t errors = grew(gx_ops_register_errors(pf), gx_ops_register_errors(&c->f));
		if (calls > 0) {
			uint64_t latency[GX_HISTO_BUCKETS];
			for (unsigned b = 0; b < GX_HISTO_BUCKETS; b++)
				latency[b] = grew(pf->latency[b], c->f.latency[b]);
			if (add(r, GX_SERIES_PREFILL_CALLS, c->name, (long long)calls) != 0 ||
			    (errors > 0 && add(r, GX_SERIES_PREFILL_ERRORS, c->name, (long long)errors) != 0) ||
			    add(r, GX_SERIES_PREFILL_P50, c->name, (long long)gx_histo_quantile(latency, 0.5)) != 0 ||
			    add(r, GX_SERIES_PREFILL_P99, c->name, (long long)gx_histo_quantile(latency, 0.99)) != 0)
				return -1;
		}
		if (c->f.up >= 0 && add(r, GX_SERIES_REGISTER_UP, c->name, c->f.up) != 0)
			return -1;
	}
	return 0;
}

long gx_sampler_rows(const struct gx_ops_snapshot *prev, const struct gx_ops_snapshot *cur, long long at_s,
		     const char *instance, struct gx_sample *out, size_t max)
{
	struct rows r = {out, 0, max, at_s, instance != NULL ? instance : ""};
	for (size_t i = 0; i < cur->norgs; i++) {
		uint64_t n = grew(prev_submissions(prev, i, cur->orgs[i].id), cur->orgs[i].submissions);
		if (n > 0 && add(&r, GX_SERIES_SUBMISSIONS, cur->orgs[i].id, (long long)n) != 0)
			return -1;
	}
	if (registers(&r, prev, cur) != 0)
		return -1;
	if (cur->has_commit) {
		const struct gx_store_durable_stats *p = &prev->commit, *c = &cur->commit;
		if (add(&r, GX_SERIES_COMMIT_BATCHES, NULL, (long long)grew(p->batches, c->batches)) != 0 ||
		    add(&r, GX_SERIES_COMMIT_ITEMS, NULL, (long long)grew(p->items, c->items)) != 0 ||
		    add(&r, GX_SERIES_COMMIT_BATCH_MAX, NULL, (long long)c->batch_peak) != 0 ||
		    add(&r, GX_SERIES_COMMIT_QUEUE_MAX, NULL, (long long)c->queue_peak) != 0)
			return -1;
	}
	if (cur->store_bytes >= 0 && add(&r, GX_SERIES_STORE_BYTES, NULL, cur->store_bytes) != 0)
		return -1;
	uint64_t sent = grew(prev->outbox[GX_OUTBOX_SENT], cur->outbox[GX_OUTBOX_SENT]);
	uint64_t failures = grew(prev->outbox[GX_OUTBOX_RETRY] + prev->outbox[GX_OUTBOX_FAILED],
				 cur->outbox[GX_OUTBOX_RETRY] + cur->outbox[GX_OUTBOX_FAILED]);
	if ((sent > 0 && add(&r, GX_SERIES_OUTBOX_SENT, NULL, (long long)sent) != 0) ||
	    (failures > 0 && add(&r, GX_SERIES_OUTBOX_FAILURES, NULL, (long long)failures) != 0) ||
	    (cur->outbox_backlog >= 0 && add(&r, GX_SERIES_OUTBOX_BACKLOG, NULL, cur->outbox_backlog) != 0) ||
	    (cur->translog_size >= 0 && add(&r, GX_SERIES_TRANSLOG_SIZE, NULL, cur->translog_size) != 0))
		return -1;
	if (cur->cosigned_at_us > 0) {
		long long age = (cur->at_us - cur->cosigned_at_us) / 1000000;
		if (add(&r, GX_SERIES_TRANSLOG_COSIGN_AGE, NULL, age > 0 ? age : 0) != 0)
			return -1;
	}
	return (long)r.n;
}
