#ifndef GX_PORTAL_API_CORRECTIONS_H
#define GX_PORTAL_API_CORRECTIONS_H

/** A person's correction requests over the API (corrections.c). */

#include "http/handler.h"

enum gx_outcome gx_api_corrections_list(struct gx_req *r);
enum gx_outcome gx_api_correction_file(struct gx_req *r);
enum gx_outcome gx_api_correction_get(struct gx_req *r);
enum gx_outcome gx_api_correction_withdraw(struct gx_req *r);
enum gx_outcome gx_api_correction_evidence(struct gx_req *r);

#endif
