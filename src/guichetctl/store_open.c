#include "guichetctl/store_open.h"

#include <stdio.h>

int gx_ctl_store_open(const char *config_file, struct gx_config *c, struct gx_store **out)
{
	struct gx_config_error cerr;
	gx_config_defaults(c);
	if ((config_file != NULL && gx_config_load_file(c, config_file, &cerr) != 0) ||
	    gx_config_apply_env(c, &cerr) != 0 || gx_config_validate(c, &cerr) != 0) {
		fprintf(stderr, "guichetctl: configuration: %s: %s\n", cerr.where, cerr.message);
		return -1;
	}
	struct gx_store_config sc;
	gx_store_config_from(&sc, c, GX_STORE_SCHEMA_PLATFORM);
	char err[256];
	if (gx_store_open(&sc, out, err, sizeof(err)) != GX_STORE_OK) {
		fprintf(stderr, "guichetctl: store: %s\n", err);
		return -1;
	}
	return 0;
}
