#ifndef GX_REGISTRYD_MAIN_MAIN_H
#define GX_REGISTRYD_MAIN_MAIN_H

/** What registryd's commands share (the program only, not the library). */

#include <stddef.h>

#include "config/config.h"
#include "store/store.h"

/** Settings from the GUICHET_* environment, then the flags; the register's
 *  database db_path. 0, or -1 after saying why on stderr. */
int gx_registryd_configure(const char *db_path, const char *threads, const char *port, struct gx_config *c);

/** Opens the register's store (migrating it). 0, or -1 with err. */
int gx_registryd_open_store(const struct gx_config *c, const char *db_path, struct gx_store **store, char *err,
			    size_t err_size);

/** `registryd corrections …` (corrections_cmd.c): argv[0] is "corrections". Exit status. */
int gx_registryd_corrections_cmd(int argc, char **argv);

#endif
