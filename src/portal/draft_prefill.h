#ifndef GX_PORTAL_DRAFT_PREFILL_H
#define GX_PORTAL_DRAFT_PREFILL_H

/** The first values of a new draft (draft_prefill.c): for every step field
 *  whose definition names a register attribute, a self-declared attribute or
 *  both, the value gx_prefill_merge picks from the registers' answers and the
 *  person's self-declared data, with its provenance. */

#include <jansson.h>

struct gx_prefill;
struct gx_store_conn;

/**
 * Fills data and provenance (objects keyed by field id) for definition from
 * pf (the registers' answers, access records already durable) and the
 * self-declared data of person_id, read from db only when a field names it.
 * A register the field names that was not asked (not configured here) counts
 * as unavailable. Returns 0, or -1 on a store error or out of memory (data
 * and provenance may then hold some fields: discard them).
 */
int gx_draft_prefill(struct gx_store_conn *db, long long person_id, const json_t *definition,
		     const struct gx_prefill *pf, json_t *data, json_t *provenance);

#endif
