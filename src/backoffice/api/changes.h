#ifndef GX_BACKOFFICE_API_CHANGES_H
#define GX_BACKOFFICE_API_CHANGES_H

/** The organisation API's writes to a case (changes.c). */

#include "http/handler.h"
#include "json/spec.h"

extern const struct gx_json_field gx_org_status_spec[];
extern const struct gx_json_field gx_org_assignee_spec[];
extern const struct gx_json_field gx_org_request_spec[];
extern const struct gx_json_field gx_org_note_spec[];

enum gx_outcome gx_org_api_status(struct gx_req *r);    /* POST /api/org/v1/submissions/{submission}/status */
enum gx_outcome gx_org_api_assignee(struct gx_req *r);  /* POST /api/org/v1/submissions/{submission}/assignee */
enum gx_outcome gx_org_api_request(struct gx_req *r);   /* POST /api/org/v1/submissions/{submission}/requests */
enum gx_outcome gx_org_api_note(struct gx_req *r);      /* POST /api/org/v1/submissions/{submission}/notes */

#endif
