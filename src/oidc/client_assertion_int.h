#ifndef GX_OIDC_CLIENT_ASSERTION_INT_H
#define GX_OIDC_CLIENT_ASSERTION_INT_H

/** Inside of client assertion verification, exposed for the unit test and
 *  the fuzz driver: the claim checks that run once the signature holds. */

#include "oidc/client_assertion.h"

/** Checks the claims of a decoded payload (JSON bytes) against expect and
 *  fills out (zeroed first, and again on failure). Trusts the payload's
 *  origin: callers must have verified its signature. */
enum gx_jwt_error gx_client_assertion_check_claims(const char *payload, size_t len,
						   const struct gx_client_assertion_expect *expect,
						   struct gx_client_assertion *out, char *err, size_t errlen);

#endif
