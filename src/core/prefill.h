#ifndef GX_CORE_PREFILL_H
#define GX_CORE_PREFILL_H

/**
 * Prefill orchestration: who is asked for what, for a procedure or for My
 * data. The registers the person said No to are never asked; every other
 * register the procedure (or My data) needs is asked at once for only the
 * attributes needed, by the engine (sources/prefill.h), which commits one
 * access record per register before any value is handed back. Then a new
 * draft's first values: for every field naming a register attribute, a
 * self-declared attribute or both, the value gx_prefill_merge picks, with
 * its provenance. Values are personal data: never logged.
 */

#include <jansson.h>

#include "core/ctx.h"
#include "sources/prefill.h"

struct gx_procedure;

/** done runs exactly once (possibly before the start returns): pf holds
 *  every register's status and answers, or pf->failed_closed when the
 *  access records could not be written (no value may then be used); pf is
 *  NULL when the person or their choices could not be read. */
typedef void (*gx_core_prefill_done_fn)(void *arg, struct gx_prefill *pf);

/** Asks the registers procedure p's fields name, for the acting person,
 *  with p's id as the purpose. */
void gx_prefill_for_procedure(const struct gx_core_ctx *c, const struct gx_procedure *p, gx_core_prefill_done_fn done,
			      void *arg);

/** Asks every configured register for the attributes My data shows, for
 *  the acting person (purpose "my-data", the right of access). */
void gx_prefill_for_mydata(const struct gx_core_ctx *c, gx_core_prefill_done_fn done, void *arg);

/** Asks register reg for one attribute, for the acting person (the value a
 *  correction request starts from: purpose "correction"). */
void gx_prefill_for_attribute(const struct gx_core_ctx *c, const struct gx_register *reg, const char *attribute,
			      gx_core_prefill_done_fn done, void *arg);

/**
 * Fills data and provenance (objects keyed by field id) for definition from
 * pf (the registers' answers, access records already durable) and the
 * self-declared data of person, read from db only when a field names it.
 * A register the field names that was not asked (not configured here) counts
 * as unavailable. A register's value the person asked that register to
 * correct, while the request is open, has "under_review": {"id", "since"}
 * (YYYY-MM-DD) in its provenance (core/corrections.h). Returns 0, or -1 on
 * a store error or out of memory (data and provenance may then hold some
 * fields: discard them).
 */
int gx_prefill_draft_values(struct gx_store_conn *db, struct gx_person_id person, const json_t *definition,
			    const struct gx_prefill *pf, json_t *data, json_t *provenance);

#endif
