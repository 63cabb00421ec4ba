#ifndef GX_BACKOFFICE_API_WHOAMI_H
#define GX_BACKOFFICE_API_WHOAMI_H

/** GET /api/org/v1/whoami: what the access token says — the client, its
 *  organisation, the token's scopes and when it expires. For a client to
 *  check its set-up end to end. */

#include "http/handler.h"

enum gx_outcome gx_org_api_whoami(struct gx_req *r);

#endif
