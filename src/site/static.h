#ifndef GX_SITE_STATIC_H
#define GX_SITE_STATIC_H

/** GET /static/{file} (and /static/{dir}/{file} when that route exists):
 *  the content-hashed assets loaded at start (gx_site.assets), cached by
 *  browsers for a year since a new content has a new URL. A stale or
 *  unknown name is a 404; a matching If-None-Match a 304. */

#include "http/handler.h"

enum gx_outcome gx_static_get(struct gx_req *r);

#endif
