#ifndef GX_PORTAL_SPACE_H
#define GX_PORTAL_SPACE_H

/** The logged-in person's spaces: the page and the API. Authorization has
 *  already been decided (src/authz) when these run. */

#include "http/handler.h"

enum gx_outcome gx_space_home(struct gx_req *r);      /* GET /space: to the active space */
enum gx_outcome gx_space_page(struct gx_req *r);      /* GET /spaces/{space} */
enum gx_outcome gx_api_me(struct gx_req *r);          /* GET /api/v1/me */
enum gx_outcome gx_api_space(struct gx_req *r);       /* GET /api/v1/spaces/{space} */

#endif
