#ifndef GX_PORTAL_API_SELF_DECLARED_H
#define GX_PORTAL_API_SELF_DECLARED_H

/** Self-declared data over the API (self_declared.c):
 *
 *   GET    /api/v1/self-declared              {"attributes": [...], "values": {attr: {"value", "as_of"}}}
 *   PUT    /api/v1/self-declared/{attribute}  {"value": "..."}: 200 once durable; 400 naming /value
 *   DELETE /api/v1/self-declared/{attribute}  204 once durable
 *
 *  Always the logged-in person's own data: no parameter names a person. */

#include "http/handler.h"
#include "json/spec.h"

extern const struct gx_json_field gx_self_declared_put_spec[];

enum gx_outcome gx_api_self_declared_get(struct gx_req *r);
enum gx_outcome gx_api_self_declared_put(struct gx_req *r);
enum gx_outcome gx_api_self_declared_delete(struct gx_req *r);

#endif
