#ifndef GX_OPERATOR_ROUTES_H
#define GX_OPERATOR_ROUTES_H

/** The platform operators' routes (docs/dashboard.md): the dashboard.
 *  guichetd serves them beside the portal's and the back office's. */

#include <stddef.h>

#include "http/handler.h"

extern const struct gx_route_def gx_operator_routes[];
extern const size_t gx_operator_routes_count;

#endif
