#ifndef GX_BACKOFFICE_ROUTES_H
#define GX_BACKOFFICE_ROUTES_H

/** The back office's routes: the agents' pages and the organisations' API
 *  (/api/org/v1). guichetd serves them beside the portal's. */

#include <stddef.h>

#include "http/handler.h"

extern const struct gx_route_def gx_backoffice_routes[];
extern const size_t gx_backoffice_routes_count;

#endif
