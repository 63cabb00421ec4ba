#ifndef GX_POPULATION_POPULATION_H
#define GX_POPULATION_POPULATION_H

/**
 * The synthetic population in memory: persons grouped in households (couples
 * with or without children, single people, single parents) sharing an address,
 * and companies managed by adults of the population. Generated
 * deterministically from a seed; the registers (registers.h) are derived from
 * it. Owner: the caller of gx_pop_generate, who frees with gx_pop_free.
 */

#include <stddef.h>
#include <stdint.h>

#include "population/rng.h"
#include "util/national_id.h"

enum gx_civil_status {
	GX_CIVIL_SINGLE,
	GX_CIVIL_MARRIED,
	GX_CIVIL_PARTNERED,   /* PACS */
	GX_CIVIL_DIVORCED,
	GX_CIVIL_WIDOWED,
};

const char *gx_civil_status_name(enum gx_civil_status s);

struct gx_pop_address {
	uint16_t locality;        /* index in gx_localities */
	uint16_t street;          /* < 1000: gx_common_streets; else 1000 + index in the locality's own streets */
	uint16_t house_number;
	uint16_t postcode;        /* four digits */
	char house_suffix;        /* 0, 'A', 'B' */
};

struct gx_pop_person {
	char national_id[GX_NATIONAL_ID_LEN + 1];
	int32_t birth;            /* day number (util/calendar.h) */
	uint32_t household;       /* index in households (its address) */
	int32_t partner;          /* person index or -1 */
	int32_t parents[2];       /* person indexes or -1 */
	int32_t first_child;      /* children are consecutive persons; -1 when none */
	uint8_t child_count;
	uint8_t female;
	uint8_t nationality;      /* index in gx_nationalities */
	uint8_t civil_status;     /* enum gx_civil_status */
	uint8_t locale;           /* index in gx_pop_locales */
	uint16_t given_name;      /* indexes in the nationality's name lists */
	uint16_t family_name;
	uint16_t birth_place;     /* < 1000: gx_lux_birth_places; else 1000 + the nationality's list */
};

enum gx_legal_form { GX_SARL, GX_SA, GX_SARLS, GX_SCS, GX_SECS, GX_SNC, GX_ASBL, GX_LEGAL_FORM_COUNT };

const char *gx_legal_form_name(enum gx_legal_form f);

#define GX_POP_MAX_MANAGERS 3

struct gx_pop_company {
	char rcs_number[12];
	char name[96];
	uint8_t legal_form;
	uint8_t manager_count;
	int32_t managers[GX_POP_MAX_MANAGERS];   /* person indexes of adults */
	int32_t founded;                         /* day number */
	struct gx_pop_address address;
};

struct gx_population {
	uint64_t seed;
	int32_t reference_day;            /* the day the registers describe (as_of is on or before it) */
	size_t person_count;
	struct gx_pop_person *persons;
	size_t household_count;
	struct gx_pop_address *households;
	size_t company_count;
	struct gx_pop_company *companies;
	int32_t *managed_company;         /* per person: a company they manage, or -1 */
	/* Every company each person manages: person p's are
	 * manages[manages_start[p] .. manages_start[p + 1]) (company indexes). */
	uint32_t *manages_start;
	int32_t *manages;
};

extern const char *const gx_pop_locales[4];   /* "fr", "de", "en", "lb" */

/** Generates person_count persons (>= 1) and about one company per 20 persons. 0, or -1 when out of memory. */
int gx_pop_generate(struct gx_population *pop, uint64_t seed, size_t person_count);
void gx_pop_free(struct gx_population *pop);

/** Age in whole years on the reference day. */
int gx_pop_age(const struct gx_population *pop, size_t person);

/** Strings of a person and an address. */
const char *gx_pop_given_name(const struct gx_pop_person *p);
const char *gx_pop_family_name(const struct gx_pop_person *p);
const char *gx_pop_birth_place(const struct gx_pop_person *p);
const char *gx_pop_street(const struct gx_pop_address *a);

/* Internal to the generator: companies are drawn once the persons exist (companies.c). */
int gx_pop_generate_companies(struct gx_population *pop);
void gx_pop_draw_address(struct gx_rng *rng, struct gx_pop_address *out);

#endif
