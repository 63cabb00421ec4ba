#ifndef GX_BACKOFFICE_API_TOKEN_H
#define GX_BACKOFFICE_API_TOKEN_H

/** POST /api/org/v1/token: an organisation's machine client exchanges a
 *  client assertion (RFC 7523, private_key_jwt) for a short-lived access
 *  token (OAuth 2.0 client credentials grant, RFC 6749 section 4.4). The
 *  assertion's jti and the token's hash are stored in one durable write, so
 *  an assertion works once even when two requests race. Every refusal is a
 *  401 invalid_client problem, or a 400 naming the bad form field; nothing
 *  of the assertion, the key or the token reaches the log. See
 *  docs/backoffice-api.md. */

#include "http/handler.h"

enum gx_outcome gx_org_api_token(struct gx_req *r);

#endif
