#ifndef GX_POPULATION_NAMES_H
#define GX_POPULATION_NAMES_H

/**
 * Nationalities of Luxembourg's residents in realistic proportions, each with
 * the given and family names and birth places the generator draws from.
 * Hand-written data (names.c).
 */

#include <stddef.h>

struct gx_name_list {
	const char *const *items;
	size_t count;
};

struct gx_name_group {
	struct gx_name_list male, female, family, birth_places;
};

struct gx_nationality {
	const char *code;                     /* ISO 3166-1 alpha-3 */
	unsigned permille;                    /* share of residents */
	const struct gx_name_group *names;
	const char *locale;                   /* the identity provider's usual locale: fr, de, en, lb */
};

extern const struct gx_nationality gx_nationalities[];
extern const size_t gx_nationalities_count;
/** Index of LUX in gx_nationalities. */
#define GX_NATIONALITY_LUX 0

/** Places of birth in Luxembourg (maternity hospitals' towns). */
extern const struct gx_name_list gx_lux_birth_places;

#endif
