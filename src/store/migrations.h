#ifndef GX_STORE_MIGRATIONS_H
#define GX_STORE_MIGRATIONS_H

/** The numbered migrations of src/store/sql/, embedded at build time (embed_sql.sh). */

#include <stddef.h>

struct gx_store_migration {
	int version;       /* NNNN of NNNN_name.sql; strictly increasing */
	const char *name;
	const char *sql;
};

extern const struct gx_store_migration gx_store_migrations[];
extern const size_t gx_store_migrations_count;

/** The highest version this binary knows (0 when none). */
int gx_store_migrations_latest(void);

#endif
