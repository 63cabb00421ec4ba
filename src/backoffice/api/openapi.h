#ifndef GX_BACKOFFICE_API_OPENAPI_H
#define GX_BACKOFFICE_API_OPENAPI_H

/** The organisation API's OpenAPI document (openapi.c). */

#include <stddef.h>

#include "config/config.h"
#include "http/handler.h"

/** Loads what the back office serves as it is (the OpenAPI document): -1 with err naming the file. */
int gx_backoffice_load(const struct gx_config *c, char *err, size_t errlen);
void gx_backoffice_free(void);

enum gx_outcome gx_org_api_openapi(struct gx_req *r);  /* GET /api/org/v1/openapi.json */

#endif
