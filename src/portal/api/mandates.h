#ifndef GX_PORTAL_API_MANDATES_H
#define GX_PORTAL_API_MANDATES_H

/** Mandates over the API (core/spaces.h). */

#include "http/handler.h"
#include "json/spec.h"

extern const struct gx_json_field gx_mandate_spec[];

enum gx_outcome gx_api_mandates(struct gx_req *r);        /* GET /api/v1/spaces/{space}/mandates */
enum gx_outcome gx_api_mandate_grant(struct gx_req *r);   /* POST /api/v1/spaces/{space}/mandates */
enum gx_outcome gx_api_mandate_accept(struct gx_req *r);  /* POST /api/v1/mandates/{mandate}/accept */
enum gx_outcome gx_api_mandate_revoke(struct gx_req *r);  /* POST /api/v1/mandates/{mandate}/revoke */

#endif
