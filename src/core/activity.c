#include "core/activity.h"

#include <stdlib.h>
#include <string.h>

#include "procedures/catalog.h"
#include "procedures/definition.h"

static int by_id(const void *a, const void *b)
{
	return strcmp(((const struct gx_activity_org *)a)->id, ((const struct gx_activity_org *)b)->id);
}

struct gx_activity *gx_activity_new(const struct gx_procedure_catalog *cat)
{
	struct gx_activity *a = calloc(1, sizeof(*a));
	size_t n = cat != NULL ? gx_procedure_catalog_count(cat) : 0;
	if (a == NULL || (a->orgs = calloc(n + 1, sizeof(*a->orgs))) == NULL)
		goto oom;
	a->store_bytes = a->outbox_backlog = a->translog_size = -1;
	for (size_t i = 0; i < n; i++) {
		const char *org = gx_procedure_organisation(gx_procedure_catalog_at(cat, i));
		bool seen = false;
		for (size_t j = 0; j < a->norgs && !seen; j++)
			seen = strcmp(a->orgs[j].id, org) == 0;
		if (seen)
			continue;
		if ((a->orgs[a->norgs].id = strdup(org)) == NULL)
			goto oom;
		a->norgs++;
	}
	qsort(a->orgs, a->norgs, sizeof(*a->orgs), by_id);
	return a;
oom:
	gx_activity_free(a);
	return NULL;
}

void gx_activity_free(struct gx_activity *a)
{
	if (a == NULL)
		return;
	for (size_t i = 0; i < a->norgs; i++)
		free(a->orgs[i].id);
	free(a->orgs);
	free(a);
}

void gx_activity_submitted(struct gx_activity *a, const char *org)
{
	if (a == NULL || org == NULL)
		return;
	struct gx_activity_org key = {.id = (char *)org};
	struct gx_activity_org *o = bsearch(&key, a->orgs, a->norgs, sizeof(*a->orgs), by_id);
	if (o != NULL)
		atomic_fetch_add_explicit(&o->submissions, 1, memory_order_relaxed);
}

void gx_activity_outbox(struct gx_activity *a, enum gx_outbox_outcome outcome)
{
	if (a != NULL && (unsigned)outcome < GX_OUTBOX__COUNT)
		atomic_fetch_add_explicit(&a->outbox[outcome], 1, memory_order_relaxed);
}

const char *gx_outbox_outcome_name(enum gx_outbox_outcome outcome)
{
	static const char *const names[GX_OUTBOX__COUNT] = {"sent", "retry", "failed", "skipped", "maybe_sent"};
	return (unsigned)outcome < GX_OUTBOX__COUNT ? names[outcome] : "unknown";
}
