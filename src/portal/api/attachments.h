#ifndef GX_PORTAL_API_ATTACHMENTS_H
#define GX_PORTAL_API_ATTACHMENTS_H

/** Files of a draft over the API (attachments.c). */

#include "http/handler.h"

/** POST /api/v1/spaces/{space}/drafts/{draft}/attachments?field=PLACE[&name=NAME] */
enum gx_outcome gx_api_attachment_upload(struct gx_req *r);
/** GET /api/v1/spaces/{space}/attachments/{attachment} */
enum gx_outcome gx_api_attachment_download(struct gx_req *r);

#endif
