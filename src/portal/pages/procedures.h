#ifndef GX_PORTAL_PAGES_PROCEDURES_H
#define GX_PORTAL_PAGES_PROCEDURES_H

/** The catalogue of procedures as a page (procedures.c). */

#include "http/handler.h"

enum gx_outcome gx_page_catalogue(struct gx_req *r);  /* GET /procedures */

#endif
