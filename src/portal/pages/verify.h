#ifndef GX_PORTAL_PAGES_VERIFY_H
#define GX_PORTAL_PAGES_VERIFY_H

/** The public page that checks a certificate (verify.c). */

#include "http/handler.h"

enum gx_outcome gx_page_verify(struct gx_req *r);       /* GET /verify[?code=] */
enum gx_outcome gx_page_verify_post(struct gx_req *r);  /* POST /verify (multipart: code or file) */

#endif
