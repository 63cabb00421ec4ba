#ifndef GX_POPULATION_REGISTERS_H
#define GX_POPULATION_REGISTERS_H

/**
 * Writes the six registers of a population, one store (schema REGISTRY) per
 * register: with SQLite under a directory (persons.db, companies.db …), with
 * PostgreSQL into the databases PREFIX + name (persons, companies …), which
 * must exist. Records go in key order, 10,000 per transaction, two
 * registers at a time on two threads; the bytes do not depend on the
 * scheduling. A register that already holds records is refused.
 */

#include <stddef.h>

#include "population/population.h"
#include "population/progress.h"
#include "store/store.h"

/** Where the registers go: base's backend (and PostgreSQL connection
 *  string); with SQLite the files dir/NAME.db, with PostgreSQL the
 *  databases db_prefix + NAME. */
struct gx_registers_target {
	const struct gx_store_config *base;
	const char *dir;
	const char *db_prefix;
};

/** 0, or -1 with a message (no personal data) in err. written[r] receives each register's record count. */
int gx_registers_write(const struct gx_population *pop, const struct gx_registers_target *target,
		       struct gx_seed_progress *progress, size_t written[GX_REG_COUNT], char *err, size_t err_size);

#endif
