#ifndef GX_PORTAL_API_SPACE_H
#define GX_PORTAL_API_SPACE_H

/** The logged-in person and their spaces over the API. Authorization has
 *  already been decided (src/authz) when these run. */

#include "http/handler.h"

enum gx_outcome gx_api_me(struct gx_req *r);          /* GET /api/v1/me */
enum gx_outcome gx_api_space(struct gx_req *r);       /* GET /api/v1/spaces/{space} */

#endif
