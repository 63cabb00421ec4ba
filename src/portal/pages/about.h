#ifndef GX_PORTAL_PAGES_ABOUT_H
#define GX_PORTAL_PAGES_ABOUT_H

/** A procedure's public page, reachable without logging in: what it is,
 *  who may use it, what is needed, how long it takes, what it costs, its
 *  themes and life events, and how to start it (about.c). */

#include "http/handler.h"

enum gx_outcome gx_page_procedure_about(struct gx_req *r); /* GET /procedures/{procedure} */

#endif
