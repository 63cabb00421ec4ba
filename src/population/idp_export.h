#ifndef GX_POPULATION_IDP_EXPORT_H
#define GX_POPULATION_IDP_EXPORT_H

/**
 * What the demo identity provider needs from the population: its population
 * file (every adult: national_id, given_name, family_name, birthdate, locale,
 * featured; see idp/population.mjs) and demo-persons.json, the few featured
 * persons a demo logs in as, chosen deterministically for varied profiles.
 */

#include <stddef.h>

#include "population/population.h"

#define GX_FEATURED_COUNT 6

struct gx_featured {
	int32_t person[GX_FEATURED_COUNT];   /* -1 when the population has too few adults */
	const char *profile[GX_FEATURED_COUNT];
};

/** Picks the featured persons: a married parent, a young single adult, a single parent, a company
 *  manager, a retired person, a Portuguese national. */
void gx_featured_pick(const struct gx_population *pop, struct gx_featured *out);

/** Writes the identity provider's population file; *count receives the number of persons. 0 or -1. */
int gx_idp_write_population(const struct gx_population *pop, const struct gx_featured *f, const char *path,
			    size_t *count);

/** Writes demo-persons.json: [{national_id, name, profile}] of the featured persons. 0 or -1. */
int gx_idp_write_demo_persons(const struct gx_population *pop, const struct gx_featured *f, const char *path);

#endif
