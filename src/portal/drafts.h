#ifndef GX_PORTAL_DRAFTS_H
#define GX_PORTAL_DRAFTS_H

/** Drafts and submissions of procedures over the API (drafts.c). */

#include "http/handler.h"
#include "json/spec.h"

extern const struct gx_json_field gx_draft_open_spec[];
extern const struct gx_json_field gx_draft_save_spec[];

enum gx_outcome gx_draft_open(struct gx_req *r);
enum gx_outcome gx_draft_get(struct gx_req *r);
enum gx_outcome gx_draft_save(struct gx_req *r);
enum gx_outcome gx_draft_delete(struct gx_req *r);
enum gx_outcome gx_draft_submit(struct gx_req *r);
enum gx_outcome gx_submission_get(struct gx_req *r);
/** GET /api/v1/receipts/key: the platform's receipt-signing public key (JWK). */
enum gx_outcome gx_receipts_key(struct gx_req *r);

#endif
