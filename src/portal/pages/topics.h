#ifndef GX_PORTAL_PAGES_TOPICS_H
#define GX_PORTAL_PAGES_TOPICS_H

/** The catalogue's entry points, public: a theme's procedures, A–Z, and a
 *  life event's, in the order a person does them (topics.c). */

#include "http/handler.h"

enum gx_outcome gx_page_theme(struct gx_req *r);      /* GET /themes/{theme} */
enum gx_outcome gx_page_life_event(struct gx_req *r); /* GET /life-events/{event} */

#endif
