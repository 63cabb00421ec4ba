#ifndef GX_PORTAL_API_REQUESTS_H
#define GX_PORTAL_API_REQUESTS_H

/** The person's answer to an organisation's request for information, and
 *  the revocation of their reuse consent, over the API (requests.c). */

#include "http/handler.h"

enum gx_outcome gx_api_request_answer(struct gx_req *r);  /* POST …/requests/{request}/answer (multipart) */
enum gx_outcome gx_api_consent_revoke(struct gx_req *r);  /* POST …/submissions/{submission}/consent/revoke */

#endif
