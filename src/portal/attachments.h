#ifndef GX_PORTAL_ATTACHMENTS_H
#define GX_PORTAL_ATTACHMENTS_H

/** Files for a draft's file fields (attachments.c): uploaded as the raw
 *  body, typed by their first bytes (never by what the client says), within
 *  the field's types, size and count; downloadable by the space's members
 *  only. */

#include "http/handler.h"

/** POST /api/v1/spaces/{space}/drafts/{draft}/attachments?field=ID */
enum gx_outcome gx_attachment_upload(struct gx_req *r);
/** GET /api/v1/spaces/{space}/attachments/{attachment} */
enum gx_outcome gx_attachment_download(struct gx_req *r);

/** The type of a file from its first bytes: application/pdf, image/png,
 *  image/jpeg, image/tiff, or NULL when none of these. */
const char *gx_sniff_type(const unsigned char *data, size_t len);

#endif
