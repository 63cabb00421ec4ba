#ifndef GX_POPULATION_REGISTERS_H
#define GX_POPULATION_REGISTERS_H

/**
 * Writes the six registers of a population under a directory, one SQLite
 * store (schema REGISTRY) per register: persons.db, companies.db … Records go
 * in key order, 10,000 per transaction, two registers at a time on two threads;
 * the bytes do not depend on the scheduling.
 */

#include <stddef.h>

#include "population/population.h"
#include "population/progress.h"

/** 0, or -1 with a message (no personal data) in err. written[r] receives each register's record count. */
int gx_registers_write(const struct gx_population *pop, const char *dir, struct gx_seed_progress *progress,
		       size_t written[GX_REG_COUNT], char *err, size_t err_size);

#endif
