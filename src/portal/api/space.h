#ifndef GX_PORTAL_API_SPACE_H
#define GX_PORTAL_API_SPACE_H

/** The logged-in person and their spaces over the API. Authorization has
 *  already been decided (src/authz) when these run. */

#include <jansson.h>

#include "core/access.h"
#include "http/handler.h"

enum gx_outcome gx_api_me(struct gx_req *r);              /* GET /api/v1/me */
enum gx_outcome gx_api_spaces(struct gx_req *r);          /* GET /api/v1/spaces */
enum gx_outcome gx_api_space(struct gx_req *r);           /* GET /api/v1/spaces/{space} */
enum gx_outcome gx_api_space_activate(struct gx_req *r);  /* POST /api/v1/spaces/{space}/activate */
enum gx_outcome gx_api_companies_open(struct gx_req *r);  /* POST /api/v1/spaces/companies */
enum gx_outcome gx_api_children_record(struct gx_req *r); /* POST /api/v1/spaces/children */

/** How a person acts in a space, as the API shows it (a new reference). */
json_t *gx_api_access_json(const struct gx_access *a);

#endif
