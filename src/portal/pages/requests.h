#ifndef GX_PORTAL_PAGES_REQUESTS_H
#define GX_PORTAL_PAGES_REQUESTS_H

/** The person's answer to an organisation's request for information, and
 *  the revocation of their reuse consent, as pages (requests.c). */

#include "http/handler.h"

enum gx_outcome gx_page_request(struct gx_req *r);         /* GET …/submissions/{submission}/requests/{request} */
enum gx_outcome gx_page_request_answer(struct gx_req *r);  /* POST the same (multipart) */
enum gx_outcome gx_page_consent_revoke(struct gx_req *r);  /* POST …/submissions/{submission}/consent/revoke */

#endif
