#ifndef GX_OIDC_DISCOVERY_H
#define GX_OIDC_DISCOVERY_H

/** OpenID Provider metadata (OpenID Connect Discovery 1.0 section 3), reduced
 *  to what the relying party uses, and checked: the issuer must equal the
 *  configured one exactly (section 4.3), the provider must support PKCE S256
 *  and sign ID tokens with RS256 or ES256, and every endpoint must be https
 *  (http only for a loopback host, as the test provider uses). */

#include <stddef.h>

#include "oidc/jwt.h"

#define GX_DISCOVERY_MAX_JSON (64 * 1024)
#define GX_DISCOVERY_URL_MAX 2048

/** A provider's metadata; owned by the caller, freed with gx_discovery_free. */
struct gx_discovery {
	char *issuer;
	char *authorization_endpoint;
	char *token_endpoint;
	char *jwks_uri;
	char *end_session_endpoint;  /* NULL when the provider has none */
	char *userinfo_endpoint;     /* NULL when the provider has none */
	unsigned algs;               /* GX_JWT_ALG_* the provider signs ID tokens with, never 0 */
};

/** Parses a discovery document fetched for expected_issuer. Returns the
 *  metadata, or NULL with the reason (naming the field) in err. */
struct gx_discovery *gx_discovery_parse(const char *json, size_t len, const char *expected_issuer,
                                        char *err, size_t errlen);

void gx_discovery_free(struct gx_discovery *d);

/** True when url is an absolute https URL (or http to a loopback host) of
 *  sane length, without fragment, spaces or control characters. */
int gx_discovery_url_ok(const char *url);

#endif
