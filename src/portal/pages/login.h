#ifndef GX_PORTAL_PAGES_LOGIN_H
#define GX_PORTAL_PAGES_LOGIN_H

/** Login through the configured OpenID provider, and logout (login.c). */

#include "http/handler.h"

enum gx_outcome gx_login_start(struct gx_req *r);     /* GET /login?next= */
enum gx_outcome gx_login_callback(struct gx_req *r);  /* GET /auth/callback */
enum gx_outcome gx_logout(struct gx_req *r);          /* POST /logout */

#endif
