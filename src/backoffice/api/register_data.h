#ifndef GX_BACKOFFICE_API_REGISTER_DATA_H
#define GX_BACKOFFICE_API_REGISTER_DATA_H

/** Back-office once-only over the API (register_data.c). */

#include "http/handler.h"
#include "json/spec.h"

extern const struct gx_json_field gx_org_register_data_spec[];

/** POST /api/org/v1/submissions/{submission}/register-data */
enum gx_outcome gx_org_api_register_data(struct gx_req *r);

#endif
