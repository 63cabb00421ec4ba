#include "sources/register_stats.h"

#include <string.h>

#include "sources/prefill.h"
#include "sources/registers.h"

_Static_assert(GX_SOURCE_BAD_ANSWER + 1 == GX_SOURCE_STATUS_COUNT, "one counter per enum gx_source_status");

void gx_register_stats_record(const struct gx_register *reg, unsigned status, uint64_t elapsed_us)
{
	struct gx_register_stats *s = reg->stats;
	if (s == NULL || status >= GX_SOURCE_STATUS_COUNT)
		return;
	atomic_fetch_add_explicit(&s->outcomes[status], 1, memory_order_relaxed);
	gx_histo_record(&s->latency, elapsed_us);
}

void gx_register_stats_probed(const struct gx_register *reg, bool up)
{
	if (reg->stats != NULL)
		atomic_store_explicit(&reg->stats->up, up ? 1 : 0, memory_order_relaxed);
}

void gx_register_stats_read(const struct gx_register *reg, struct gx_register_figures *out)
{
	memset(out, 0, sizeof(*out));
	out->up = -1;
	const struct gx_register_stats *s = reg->stats;
	if (s == NULL)
		return;
	for (unsigned i = 0; i < GX_SOURCE_STATUS_COUNT; i++)
		out->outcomes[i] = atomic_load_explicit(&s->outcomes[i], memory_order_relaxed);
	gx_histo_read(&s->latency, out->latency, &out->latency_sum_us);
	out->up = atomic_load_explicit(&s->up, memory_order_relaxed);
}
