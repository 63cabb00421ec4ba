#ifndef GX_PORTAL_ROUTES_H
#define GX_PORTAL_ROUTES_H

/** Every route guichetd serves, in one table (docs/api.md lists them). */

#include <stddef.h>

#include "http/handler.h"

extern const struct gx_route_def gx_routes[];
extern const size_t gx_routes_count;

#endif
