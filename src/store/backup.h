#ifndef GX_STORE_BACKUP_H
#define GX_STORE_BACKUP_H

/**
 * A copy of the platform's store while guichetd serves it, and putting such
 * a copy back while guichetd is stopped (guichetctl backup / restore,
 * docs/operations.md). SQLite only: a PostgreSQL store is backed up with
 * the server's own tools (pg_basebackup, WAL archiving), and both calls say
 * so instead of copying.
 */

#include "store/store.h"

#include <stddef.h>

struct gx_store_copy_info {
	long long pages;       /* pages copied */
	long long bytes;       /* size of the file written */
	int schema_version;    /* the highest migration the copy holds */
	long long as_of_us;    /* the copy holds every transaction committed before this moment (backup) */
};

/**
 * Writes a consistent copy of cfg's store into the new file `to` (refused
 * when it exists): one read transaction of the live database, so writers
 * go on meanwhile and the copy holds exactly what was committed when it
 * began. Written to `to`.partial, checked (quick_check), synced, then
 * renamed. Returns 0, or -1 with err filled (no personal data).
 */
int gx_store_backup(const struct gx_store_config *cfg, const char *to, struct gx_store_copy_info *info, char *err,
		    size_t err_size);

/**
 * Replaces cfg's store with the copy in `from`, after checking that it is
 * an intact store of this platform whose schema this binary knows. Refused
 * while any process has the store open (guichetd must be stopped), and,
 * unless replace is true, when the store already holds data. The copy is
 * written through SQLite's journal: a crash midway leaves the old store.
 */
int gx_store_restore(const struct gx_store_config *cfg, const char *from, bool replace,
		     struct gx_store_copy_info *info, char *err, size_t err_size);

#endif
