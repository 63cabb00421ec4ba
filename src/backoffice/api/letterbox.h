#ifndef GX_BACKOFFICE_API_LETTERBOX_H
#define GX_BACKOFFICE_API_LETTERBOX_H

/** The organisation API's letter box (scope letterbox.send, letterbox.c). */

#include "http/handler.h"

enum gx_outcome gx_org_api_lb_send(struct gx_req *r);  /* POST /api/org/v1/letterbox/documents */
enum gx_outcome gx_org_api_lb_get(struct gx_req *r);   /* GET /api/org/v1/letterbox/documents/{document} */

#endif
