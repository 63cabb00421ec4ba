#ifndef GX_PORTAL_OVERVIEW_PAGE_H
#define GX_PORTAL_OVERVIEW_PAGE_H

/** The overview of a space as a page (overview.c). */

#include "http/handler.h"

/* GET /spaces/{space}/overview */
enum gx_outcome gx_proc_overview(struct gx_req *r);

#endif
