#ifndef GX_HTTP_GATE_H
#define GX_HTTP_GATE_H

/** Runs between routing and the handler: finds the actor (the session; on
 *  a machine client's route, the access token of "Authorization: Bearer",
 *  never a cookie: 401 invalid_token without a valid one), refuses
 *  cross-site and token-less state-changing requests (CSRF, on the cookie
 *  routes only), and asks the authorization layer about the route's action.
 *  Returns GX_DONE when the handler may run; otherwise a reply was queued. */

#include "http/handler.h"

enum gx_outcome gx_gate(struct gx_req *r);

#endif
