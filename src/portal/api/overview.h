#ifndef GX_PORTAL_API_OVERVIEW_H
#define GX_PORTAL_API_OVERVIEW_H

/** The overview of a space: drafts, active and completed procedures (overview.c). */

#include "http/handler.h"

enum gx_outcome gx_api_overview(struct gx_req *r);

#endif
