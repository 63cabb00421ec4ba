#ifndef GX_STORE_MIGRATIONS_H
#define GX_STORE_MIGRATIONS_H

/** The numbered migrations of src/store/sql/ (the platform's) and of
 *  src/store/sql/registry/ (a register's), embedded at build time
 *  (embed_sql.sh), each in two dialects: SQLite's (sql/, sql/registry/) and
 *  PostgreSQL's (sql/pg/, sql/registry/pg/). One numbered sequence: both
 *  dialects of a set carry the same versions and names. */

#include "store/store.h"

#include <stddef.h>

struct gx_store_migration {
	int version;       /* NNNN of NNNN_name.sql; strictly increasing */
	const char *name;
	const char *sql;
};

enum gx_store_dialect {
	GX_STORE_DIALECT_SQLITE = 0,
	GX_STORE_DIALECT_POSTGRESQL = 1,
};

extern const struct gx_store_migration gx_store_migrations[];
extern const size_t gx_store_migrations_count;
extern const struct gx_store_migration gx_store_registry_migrations[];
extern const size_t gx_store_registry_migrations_count;
extern const struct gx_store_migration gx_store_pg_migrations[];
extern const size_t gx_store_pg_migrations_count;
extern const struct gx_store_migration gx_store_pg_registry_migrations[];
extern const size_t gx_store_pg_registry_migrations_count;

/** The highest platform version this binary knows (0 when none). */
int gx_store_migrations_latest(void);

/** The migration set of schema (SQLite's dialect); *count receives its length. */
const struct gx_store_migration *gx_store_migration_set(enum gx_store_schema schema, size_t *count);
/** The migration set of schema in dialect; *count receives its length. */
const struct gx_store_migration *gx_store_migration_set_in(enum gx_store_dialect dialect, enum gx_store_schema schema,
							    size_t *count);
/** The highest version of schema's set this binary knows (0 when none). */
int gx_store_migration_set_latest(enum gx_store_schema schema);

/** 0 when dialect's set of schema is in strictly increasing order and names
 *  the same versions as SQLite's, in the same order; else -1 with err filled. */
int gx_store_migration_set_check(enum gx_store_dialect dialect, enum gx_store_schema schema, char *err,
				 size_t err_size);

#endif
