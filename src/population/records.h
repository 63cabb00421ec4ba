#ifndef GX_POPULATION_RECORDS_H
#define GX_POPULATION_RECORDS_H

/**
 * The six registers derived from the population, and one record of each:
 * its key, its data (a JSON object of attribute -> value, names as in
 * docs/population.md), as_of and version. A record depends only on the
 * population and its subject's index (its own random stream), so registers
 * can be written in any order, in parallel, with identical bytes.
 */

#include <jansson.h>
#include <stddef.h>

#include "population/population.h"

enum gx_register {
	GX_REG_PERSONS,
	GX_REG_COMPANIES,
	GX_REG_VEHICLES,
	GX_REG_SOCIAL_SECURITY,
	GX_REG_INCOME_TAX,
	GX_REG_DRIVING_LICENCES,
	GX_REG_COUNT
};

struct gx_pop_record {
	const char *key_type;    /* "national_id" or "rcs_number" */
	const char *key;         /* points into the population */
	json_t *data;            /* owned: the caller decrefs */
	char as_of[11];
	long long version;
};

/** The register's name ("persons" …); its database file is name + ".db". */
const char *gx_register_name(enum gx_register reg);

/** How many subjects a register's record function is asked about. */
size_t gx_register_subjects(const struct gx_population *pop, enum gx_register reg);

/**
 * Builds the record of subject i (persons in national id order, then companies
 * for vehicles; see gx_register_subjects). 1 filled, 0 no record for this
 * subject, -1 out of memory. order: persons' indexes sorted by national id.
 */
int gx_register_record(const struct gx_population *pop, const size_t *order, enum gx_register reg, size_t i,
		       struct gx_pop_record *out);

/** Persons' indexes sorted by national id (malloc'ed), NULL when out of memory. */
size_t *gx_pop_order_by_national_id(const struct gx_population *pop);

/* Per register (records_*.c); subject is the person or company index. */
int gx_record_person(const struct gx_population *pop, size_t person, struct gx_pop_record *out);
int gx_record_company(const struct gx_population *pop, size_t company, struct gx_pop_record *out);
/** The companies a person manages (keyed by their national id); 0 when none. */
int gx_record_managed_companies(const struct gx_population *pop, size_t person, struct gx_pop_record *out);
int gx_record_vehicles_person(const struct gx_population *pop, size_t person, struct gx_pop_record *out);
int gx_record_vehicles_company(const struct gx_population *pop, size_t company, struct gx_pop_record *out);
int gx_record_social_security(const struct gx_population *pop, size_t person, struct gx_pop_record *out);
int gx_record_income_tax(const struct gx_population *pop, size_t person, struct gx_pop_record *out);
int gx_record_driving_licence(const struct gx_population *pop, size_t person, struct gx_pop_record *out);

/** A person's address as the registers write it. */
json_t *gx_record_address(const struct gx_pop_address *a);
/** The employer of a person in the social security register, or -1 (records_work.c). */
int32_t gx_record_employer(const struct gx_population *pop, size_t person, int *status);

enum gx_affiliation { GX_AFF_NONE, GX_AFF_EMPLOYED, GX_AFF_SELF_EMPLOYED, GX_AFF_UNEMPLOYED, GX_AFF_RETIRED };

#endif
