#ifndef GX_GUICHETCTL_STORE_OPEN_H
#define GX_GUICHETCTL_STORE_OPEN_H

/** The platform's store as guichetd opens it: settings from --config FILE
 *  (when given), then GUICHET_* environment variables (docs/configuration.md).
 *  Migrations are applied. Returns 0, or -1 after saying why on stderr. */

#include "config/config.h"
#include "store/store.h"

int gx_ctl_store_open(const char *config_file, struct gx_config *c, struct gx_store **out);

#endif
