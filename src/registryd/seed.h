#ifndef GX_REGISTRYD_SEED_H
#define GX_REGISTRYD_SEED_H

/** Loads records into a register's store from a JSON file (tests, demos):
 *  [{"key_type", "key", "data": {...}, "as_of": "YYYY-MM-DD", "version": N}, ...]. */

#include <stddef.h>

struct gx_store_conn;
struct gx_register_description;

/** Inserts or replaces every record of the file at path in one transaction,
 *  after checking each against d (key type known, attributes served). 0, or
 *  -1 with a message (never a record's content) in err. */
int gx_registryd_seed_file(struct gx_store_conn *conn, const struct gx_register_description *d, const char *path,
			   size_t *count, char *err, size_t err_size);

#endif
