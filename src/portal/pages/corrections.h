#ifndef GX_PORTAL_PAGES_CORRECTIONS_H
#define GX_PORTAL_PAGES_CORRECTIONS_H

/** "Report an error" on My data, and a correction request's page
 *  (corrections.c, correction_view.c). No JavaScript needed. */

#include <jansson.h>

#include "http/handler.h"
#include "i18n/i18n.h"

enum gx_outcome gx_page_correction_new(struct gx_req *r);
enum gx_outcome gx_page_correction_file(struct gx_req *r);
enum gx_outcome gx_page_correction(struct gx_req *r);
enum gx_outcome gx_page_correction_withdraw(struct gx_req *r);

/** The catalog text t.<dotted key> with each {name} of pairs filled (new
 *  reference); the key itself when the catalog lacks it. */
json_t *gx_page_text_filled(const json_t *t, const char *key, const char *const *pairs);

/** What My data, the overview and a request's page say of a request's
 *  state: {status_label, status_class} and, for the marks, the note of its
 *  decision (accepted, rejected, re-routed) or of its being under review. */
void gx_page_correction_status(const json_t *t, const char *status, json_t *o);

#endif
