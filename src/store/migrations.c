/** The embedded migration sets, by dialect and schema, and their one numbered sequence. */

#include "store/migrations.h"

#include <stdio.h>
#include <string.h>

const struct gx_store_migration *gx_store_migration_set_in(enum gx_store_dialect dialect, enum gx_store_schema schema,
							    size_t *count)
{
	bool pg = dialect == GX_STORE_DIALECT_POSTGRESQL;
	if (schema == GX_STORE_SCHEMA_REGISTRY) {
		*count = pg ? gx_store_pg_registry_migrations_count : gx_store_registry_migrations_count;
		return pg ? gx_store_pg_registry_migrations : gx_store_registry_migrations;
	}
	*count = pg ? gx_store_pg_migrations_count : gx_store_migrations_count;
	return pg ? gx_store_pg_migrations : gx_store_migrations;
}

const struct gx_store_migration *gx_store_migration_set(enum gx_store_schema schema, size_t *count)
{
	return gx_store_migration_set_in(GX_STORE_DIALECT_SQLITE, schema, count);
}

int gx_store_migration_set_latest(enum gx_store_schema schema)
{
	size_t n;
	const struct gx_store_migration *set = gx_store_migration_set(schema, &n);
	return n == 0 ? 0 : set[n - 1].version;
}

int gx_store_migrations_latest(void)
{
	return gx_store_migration_set_latest(GX_STORE_SCHEMA_PLATFORM);
}

int gx_store_migration_set_check(enum gx_store_dialect dialect, enum gx_store_schema schema, char *err,
				 size_t err_size)
{
	size_t n, ref_n;
	const struct gx_store_migration *set = gx_store_migration_set_in(dialect, schema, &n);
	const struct gx_store_migration *ref = gx_store_migration_set(schema, &ref_n);
	for (size_t i = 1; i < n; i++) {
		if (set[i].version <= set[i - 1].version) {
			snprintf(err, err_size, "store: migration %04d is out of order or duplicated", set[i].version);
			return -1;
		}
	}
	for (size_t i = 0; i < n || i < ref_n; i++) {
		if (i >= n || i >= ref_n || set[i].version != ref[i].version || strcmp(set[i].name, ref[i].name) != 0) {
			const struct gx_store_migration *m = i < n ? &set[i] : &ref[i];
			snprintf(err, err_size, "store: migration %04d_%s is not in both dialects", m->version, m->name);
			return -1;
		}
	}
	return 0;
}
