#ifndef GX_OIDC_RP_H
#define GX_OIDC_RP_H

/** guichetd as an OpenID Connect relying party: its configuration, and the
 *  provider's metadata and signing keys, fetched on first use over the
 *  worker's asynchronous HTTP client and shared by all workers. The keys are
 *  fetched again (at most every 30 s) when a token names a key we do not
 *  know: that is how the provider's key rotation reaches us. */

#include <stdbool.h>

#include "client/httpc.h"
#include "oidc/discovery.h"
#include "oidc/jwk.h"

struct gx_oidc_rp_config {
	const char *issuer;
	const char *client_id;
	const char *client_secret;
	const char *redirect_uri;
	const char *post_logout_uri;
	const char *scopes;
	const char *national_id_claim;
};

/** Copies the configuration. */
int gx_oidc_rp_init(const struct gx_oidc_rp_config *cfg);
void gx_oidc_rp_free(void);
const struct gx_oidc_rp_config *gx_oidc_rp(void);

/** Called on the worker's loop with the metadata (valid until gx_oidc_rp_free)
 *  and a reference to the keys (release with gx_jwks_free), or with an error
 *  (both NULL; error is a short text without personal data). */
typedef void (*gx_oidc_provider_cb)(void *arg, const struct gx_discovery *d, struct gx_jwks *keys, const char *error);

/** Gets the provider's metadata and keys: at once when known, else fetched.
 *  refresh_keys asks for the keys again (rate-limited). cb may run before
 *  this returns. */
void gx_oidc_provider(struct gx_httpc *client, bool refresh_keys, gx_oidc_provider_cb cb, void *arg);

#endif
