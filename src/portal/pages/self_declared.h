#ifndef GX_PORTAL_PAGES_SELF_DECLARED_H
#define GX_PORTAL_PAGES_SELF_DECLARED_H

/** Self-declared data on the "My data" page (self_declared.c): its block
 *  and its form.
 *
 *   POST /my-data/self-declared   attribute + value, or delete=1; 303 to /my-data */

#include <jansson.h>

#include "http/handler.h"
#include "i18n/i18n.h"

enum gx_outcome gx_page_self_declared(struct gx_req *r);

/** The page's block for the person's values (core's gx_self_declared_load):
 *  {items: [{attribute, label, value, as_of}], has_items, options:
 *  [{attribute, label}], csrf}. New reference. */
json_t *gx_page_self_declared_block(const json_t *stored, enum gx_lang lang, const char *csrf);

#endif
