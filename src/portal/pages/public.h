#ifndef GX_PORTAL_PAGES_PUBLIC_H
#define GX_PORTAL_PAGES_PUBLIC_H

/** The public pages: start page, accessibility statement, privacy notice,
 *  and the language switch. */

#include "http/handler.h"

enum gx_outcome gx_page_start(struct gx_req *r);
enum gx_outcome gx_page_accessibility(struct gx_req *r);
enum gx_outcome gx_page_privacy(struct gx_req *r);
/** GET /language/{lang}?next=/path: remembers the choice in a cookie and
 *  goes back to the page (303). */
enum gx_outcome gx_page_language(struct gx_req *r);

#endif
