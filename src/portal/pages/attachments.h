#ifndef GX_PORTAL_PAGES_ATTACHMENTS_H
#define GX_PORTAL_PAGES_ATTACHMENTS_H

/** Files on the procedure pages, without JavaScript (attachments.c):
 *
 *   POST /spaces/{space}/drafts/{draft}/steps/{n}/files
 *        multipart/form-data: csrf_token and one file, whose part is named
 *        by the file field's place ("rabies_certificate", "invoices.0.invoice");
 *        303 back to the step, or the step again (422) saying why the file
 *        was refused, nothing stored
 *   POST /spaces/{space}/drafts/{draft}/attachments/{attachment}/remove
 *        303 back to the step of the field it was in
 *
 * The checks and writes are attachments.c's, shared with the API. */

#include "http/handler.h"

enum gx_outcome gx_page_file_upload(struct gx_req *r);
enum gx_outcome gx_page_file_remove(struct gx_req *r);

#endif
