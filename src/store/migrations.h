#ifndef GX_STORE_MIGRATIONS_H
#define GX_STORE_MIGRATIONS_H

/** The numbered migrations of src/store/sql/ (the platform's) and of
 *  src/store/sql/registry/ (a register's), embedded at build time (embed_sql.sh). */

#include "store/store.h"

#include <stddef.h>

struct gx_store_migration {
	int version;       /* NNNN of NNNN_name.sql; strictly increasing */
	const char *name;
	const char *sql;
};

extern const struct gx_store_migration gx_store_migrations[];
extern const size_t gx_store_migrations_count;
extern const struct gx_store_migration gx_store_registry_migrations[];
extern const size_t gx_store_registry_migrations_count;

/** The highest platform version this binary knows (0 when none). */
int gx_store_migrations_latest(void);

/** The migration set of schema; *count receives its length. */
const struct gx_store_migration *gx_store_migration_set(enum gx_store_schema schema, size_t *count);
/** The highest version of schema's set this binary knows (0 when none). */
int gx_store_migration_set_latest(enum gx_store_schema schema);

#endif
