#ifndef GX_PORTAL_PAGES_SPACE_H
#define GX_PORTAL_PAGES_SPACE_H

/** The logged-in person's spaces as pages. Authorization has already been
 *  decided (src/authz) when these run. */

#include "http/handler.h"

enum gx_outcome gx_space_home(struct gx_req *r);      /* GET /space: to the active space */
enum gx_outcome gx_space_page(struct gx_req *r);      /* GET /spaces/{space} */

#endif
