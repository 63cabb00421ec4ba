#include "core/ops.h"

#include <stdlib.h>
#include <string.h>

#include "core/activity.h"
#include "sources/prefill.h"
#include "util/clock.h"

int gx_ops_snapshot_take(const struct gx_domain *d, struct gx_store *store, bool take_peaks,
			 struct gx_ops_snapshot *out)
{
	memset(out, 0, sizeof(*out));
	out->at_us = gx_wall_us();
	out->store_bytes = out->outbox_backlog = out->translog_size = -1;
	size_t nreg = d->registers.count, norg = d->activity != NULL ? d->activity->norgs : 0;
	out->registers = calloc(nreg + 1, sizeof(*out->registers));
	out->orgs = calloc(norg + 1, sizeof(*out->orgs));
	if (out->registers == NULL || out->orgs == NULL) {
		gx_ops_snapshot_clear(out);
		return -1;
	}
	for (size_t i = 0; i < nreg; i++) {
		const struct gx_register *r = &d->registers.items[i];
		out->registers[i].name = r->name;
		gx_register_stats_read(r, &out->registers[i].f);
	}
	out->nregisters = nreg;
	for (size_t i = 0; i < norg; i++) {
		out->orgs[i].id = d->activity->orgs[i].id;
		out->orgs[i].submissions = atomic_load_explicit(&d->activity->orgs[i].submissions, memory_order_relaxed);
	}
	out->norgs = norg;
	if (d->activity != NULL) {
		const struct gx_activity *a = d->activity;
		for (unsigned k = 0; k < GX_OUTBOX__COUNT; k++)
			out->outbox[k] = atomic_load_explicit(&a->outbox[k], memory_order_relaxed);
		out->store_bytes = atomic_load_explicit(&a->store_bytes, memory_order_relaxed);
		out->outbox_backlog = atomic_load_explicit(&a->outbox_backlog, memory_order_relaxed);
		out->translog_size = atomic_load_explicit(&a->translog_size, memory_order_relaxed);
		out->cosigned_at_us = atomic_load_explicit(&a->cosigned_at_us, memory_order_relaxed);
	}
	if (store != NULL) {
		if (take_peaks)
			gx_store_durable_peaks_take(store, &out->commit);
		else
			gx_store_durable_stats(store, &out->commit);
		out->has_commit = true;
	}
	return 0;
}

void gx_ops_snapshot_clear(struct gx_ops_snapshot *s)
{
	free(s->registers);
	free(s->orgs);
	memset(s, 0, sizeof(*s));
	s->store_bytes = s->outbox_backlog = s->translog_size = -1;
}

uint64_t gx_ops_register_calls(const struct gx_register_figures *f)
{
	uint64_t n = 0;
	for (unsigned i = 0; i < GX_SOURCE_STATUS_COUNT; i++)
		if (i != GX_SOURCE_DECLINED)
			n += f->outcomes[i];
	return n;
}

uint64_t gx_ops_register_errors(const struct gx_register_figures *f)
{
	return gx_ops_register_calls(f) - f->outcomes[GX_SOURCE_OK];
}
