#ifndef GX_PORTAL_API_SUBMISSIONS_H
#define GX_PORTAL_API_SUBMISSIONS_H

/** Submitting a draft and reading a submission over the API (submissions.c). */

#include "http/handler.h"

/** POST /api/v1/spaces/{space}/drafts/{draft}/submit: 201 once durable, 422 with every error at once. */
enum gx_outcome gx_api_submission_submit(struct gx_req *r);
/** GET /api/v1/spaces/{space}/submissions/{submission}: the submission, its receipt and timeline. */
enum gx_outcome gx_api_submission_get(struct gx_req *r);
/** GET /api/v1/receipts/key: the platform's receipt-signing public key (JWK). */
enum gx_outcome gx_api_receipts_key(struct gx_req *r);

#endif
