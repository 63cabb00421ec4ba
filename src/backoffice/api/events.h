#ifndef GX_BACKOFFICE_API_EVENTS_H
#define GX_BACKOFFICE_API_EVENTS_H

/** The organisation's event feed over the API, with long polling (events.c). */

#include "http/handler.h"

enum gx_outcome gx_org_api_events(struct gx_req *r);  /* GET /api/org/v1/events */

#endif
