#ifndef GX_PORTAL_PAGES_SUBMISSIONS_H
#define GX_PORTAL_PAGES_SUBMISSIONS_H

/** A submission's receipt as a page (submissions.c). */

#include "http/handler.h"

enum gx_outcome gx_page_receipt(struct gx_req *r);  /* GET /spaces/{space}/submissions/{submission} */

#endif
