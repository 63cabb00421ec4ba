#ifndef GX_PORTAL_API_MYDATA_H
#define GX_PORTAL_API_MYDATA_H

/** "My data" over the API (mydata.c): the registers' data about the
 *  logged-in person, read now (each read an access record), and their Yes/No
 *  to prefilling from each register. */

#include "http/handler.h"
#include "json/spec.h"

extern const struct gx_json_field gx_mydata_choice_spec[];

enum gx_outcome gx_api_mydata_get(struct gx_req *r);      /* GET /api/v1/my-data */
enum gx_outcome gx_api_mydata_choice(struct gx_req *r);   /* PUT /api/v1/my-data/choices */

#endif
