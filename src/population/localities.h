#ifndef GX_POPULATION_LOCALITIES_H
#define GX_POPULATION_LOCALITIES_H

/**
 * Luxembourg's places for synthetic addresses: real localities with their
 * commune, canton and postcode range, weighted by population so that
 * Luxembourg City and the south are the most populous; and street names.
 * Hand-written data (localities.c).
 */

#include <stddef.h>

struct gx_locality {
	const char *name;
	const char *commune;
	const char *canton;
	unsigned postcode_lo, postcode_hi;   /* four digits, "L-" prefixed when written */
	unsigned weight;                     /* residents, hundreds */
	const char *const *streets;          /* NULL-terminated local streets, or NULL */
};

extern const struct gx_locality gx_localities[];
extern const size_t gx_localities_count;
/** Copies gx_localities' weights into out[gx_localities_count] (for gx_rng_weighted); returns their sum. */
unsigned gx_locality_weights(unsigned *out);

/** Street names found in most Luxembourg localities. */
extern const char *const gx_common_streets[];
extern const size_t gx_common_streets_count;

/** The tax office (bureau d'imposition) serving a canton. */
const char *gx_tax_office(const char *canton, unsigned variant);

#endif
