#ifndef GX_PORTAL_PAGES_EMAIL_H
#define GX_PORTAL_PAGES_EMAIL_H

/** The e-mail address on My data (email.c): its state, a code mailed to
 *  it, the code typed back.
 *
 *   POST /my-data/email/code     303 to /my-data?email=sent#email, or My data again (422) saying why
 *   POST /my-data/email/verify   code=NNNNNN; 303 to /my-data?email=ok#email, or 422 saying why */

#include <jansson.h>
#include <stdbool.h>

#include "http/handler.h"
#include "i18n/i18n.h"

enum gx_outcome gx_page_email_code(struct gx_req *r);
enum gx_outcome gx_page_email_verify(struct gx_req *r);

/** The block: {address, verified, code_pending, csrf, message, error}. New reference. */
json_t *gx_page_email_block(struct gx_req *r, enum gx_lang lang, const char *note, bool error);

#endif
