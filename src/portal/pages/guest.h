#ifndef GX_PORTAL_PAGES_GUEST_H
#define GX_PORTAL_PAGES_GUEST_H

/** A procedure without logging in, as a page (guest.c): every step's
 *  questions on one form, and an address for the receipt; sent, the
 *  receipt is shown and mailed (core/guest.h). Nothing is prefilled and
 *  nothing is kept between two visits. */

#include "http/handler.h"

enum gx_outcome gx_page_guest_form(struct gx_req *r);    /* GET /procedures/{procedure}/without-login */
enum gx_outcome gx_page_guest_submit(struct gx_req *r);  /* POST /procedures/{procedure}/without-login */

#endif
