#ifndef GX_PORTAL_PAGES_MYDATA_H
#define GX_PORTAL_PAGES_MYDATA_H

/** "My data" as a page (mydata.c): the registers' data about the logged-in
 *  person with the Yes/No to prefilling from each, and apart, the data they
 *  declared themselves (self_declared.c). */

#include <stdbool.h>

#include "http/handler.h"

enum gx_outcome gx_page_mydata(struct gx_req *r);         /* GET /my-data */
enum gx_outcome gx_page_mydata_choice(struct gx_req *r);  /* POST /my-data/choices (form) */

/** Renders My data with status and, in its e-mail block, the message
 *  mydata.email_<note> (NULL: none), an error when error is set. */
enum gx_outcome gx_page_mydata_render(struct gx_req *r, int status, const char *note, bool error);

#endif
