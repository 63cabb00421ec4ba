#ifndef GX_BACKOFFICE_API_SUBMISSIONS_H
#define GX_BACKOFFICE_API_SUBMISSIONS_H

/** The organisation API's reading side (submissions.c). */

#include "http/handler.h"

enum gx_outcome gx_org_api_inbox(struct gx_req *r);       /* GET /api/org/v1/submissions */
enum gx_outcome gx_org_api_submission(struct gx_req *r);  /* GET /api/org/v1/submissions/{submission} */
enum gx_outcome gx_org_api_file(struct gx_req *r);        /* GET …/submissions/{submission}/files/{attachment} */

#endif
