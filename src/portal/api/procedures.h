#ifndef GX_PORTAL_API_PROCEDURES_H
#define GX_PORTAL_API_PROCEDURES_H

/** The catalogue over the API, public: GET /api/v1/procedures with ?q=
 *  (the search, best first), ?theme= or ?life_event= (in the life event's
 *  order), or nothing (every procedure A–Z); GET /api/v1/themes (the themes
 *  and life events). Texts in the request's language (procedures.c). */

#include "http/handler.h"

enum gx_outcome gx_api_procedures(struct gx_req *r);
enum gx_outcome gx_api_themes(struct gx_req *r);

#endif
