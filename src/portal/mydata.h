#ifndef GX_PORTAL_MYDATA_H
#define GX_PORTAL_MYDATA_H

/** "My data": the registers' data about the logged-in person, and their
 *  Yes/No to prefilling from each register (mydata.c). */

#include "http/handler.h"
#include "json/spec.h"

extern const struct gx_json_field gx_mydata_choice_spec[];

enum gx_outcome gx_mydata_page(struct gx_req *r);         /* GET /my-data */
enum gx_outcome gx_mydata_api(struct gx_req *r);          /* GET /api/v1/my-data */
enum gx_outcome gx_mydata_choice_form(struct gx_req *r);  /* POST /my-data/choices (form) */
enum gx_outcome gx_mydata_choice_api(struct gx_req *r);   /* PUT /api/v1/my-data/choices (JSON) */

#endif
