#ifndef GX_BACKOFFICE_ROUTES_H
#define GX_BACKOFFICE_ROUTES_H

/** The back office's routes: the agents' pages and the organisation API
 *  (/api/org/v1) for organisations' case systems. guichetd serves them
 *  beside the portal's (portal/routes.h); docs/backoffice-api.md lists the API. */

#include <stddef.h>

#include "http/handler.h"

extern const struct gx_route_def gx_backoffice_routes[];
extern const size_t gx_backoffice_routes_count;

#endif
