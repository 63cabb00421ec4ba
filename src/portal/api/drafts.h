#ifndef GX_PORTAL_API_DRAFTS_H
#define GX_PORTAL_API_DRAFTS_H

/** Drafts of procedures over the API (drafts.c). */

#include "http/handler.h"
#include "json/spec.h"

extern const struct gx_json_field gx_draft_open_spec[];
extern const struct gx_json_field gx_draft_save_spec[];

enum gx_outcome gx_api_draft_open(struct gx_req *r);    /* POST /api/v1/spaces/{space}/drafts */
enum gx_outcome gx_api_draft_get(struct gx_req *r);     /* GET /api/v1/spaces/{space}/drafts/{draft} */
enum gx_outcome gx_api_draft_save(struct gx_req *r);    /* PUT /api/v1/spaces/{space}/drafts/{draft} */
enum gx_outcome gx_api_draft_delete(struct gx_req *r);  /* DELETE /api/v1/spaces/{space}/drafts/{draft} */

#endif
