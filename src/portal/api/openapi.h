#ifndef GX_PORTAL_API_OPENAPI_H
#define GX_PORTAL_API_OPENAPI_H

/** GET /api/v1/openapi.json: the API described in OpenAPI 3.1 (api/openapi.json,
 *  loaded at start; a test checks every /api/v1 route is in it). */

#include "http/handler.h"

enum gx_outcome gx_api_openapi(struct gx_req *r);

#endif
