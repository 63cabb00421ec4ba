#ifndef GX_OIDC_JWT_INT_H
#define GX_OIDC_JWT_INT_H

/** Inside of ID token verification, exposed for the unit test and the fuzz
 *  driver: the claim checks that run once the signature is verified. */

#include "oidc/jwt.h"

/** True when expect is complete and its numbers are in range. */
bool gx_jwt_expect_valid(const struct gx_id_token_expect *expect);

/** Checks the claims of a decoded payload (JSON bytes) against expect and
 *  fills out (zeroed first, and wiped again on failure). Trusts the
 *  payload's origin: callers must have verified its signature. */
enum gx_jwt_error gx_jwt_check_claims(const char *payload, size_t len,
                                      const struct gx_id_token_expect *expect,
                                      struct gx_id_token *out, char *err, size_t errlen);

#endif
