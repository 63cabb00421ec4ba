#ifndef GX_PORTAL_PAGES_OVERVIEW_H
#define GX_PORTAL_PAGES_OVERVIEW_H

/** The overview of a space as a page (overview.c). */

#include "http/handler.h"

/* GET /spaces/{space}/overview */
enum gx_outcome gx_page_overview(struct gx_req *r);

#endif
