#ifndef GX_CORE_CLIENTS_H
#define GX_CORE_CLIENTS_H

/** Organisations' machine clients (their case systems), as an
 *  organisation's administrator registers and removes them from the back
 *  office (guichetctl does the same from the command line). A client holds
 *  a public key only; its private key never reaches the platform. */

#include <jansson.h>

#include "core/ctx.h"
#include "store/store.h"

/** org's clients, [{client_id, alg, scopes: [...], created_at_us,
 *  revoked_at_us}] (new reference; NULL on a store error). */
json_t *gx_org_clients(struct gx_store_conn *db, const char *org);

struct gx_client_registered {
	/* OK (id), INVALID (why: the key is not a public Ed25519 or P-256
	 * JWK, or is a private one), UNAVAILABLE, FAULT */
	enum gx_core_status status;
	const char *why;
	const char *id;   /* OK: the new client's id, "cl_" and 24 hex digits */
};
typedef void (*gx_client_registered_fn)(void *arg, const struct gx_client_registered *r);

/** Registers a client of org with the public JWK text jwk (len bytes) and
 *  scopes (space-separated names the caller checked; "" for none); done
 *  runs exactly once. */
void gx_org_client_register(const struct gx_core_ctx *c, const char *org, const char *jwk, size_t len,
			    const char *scopes, gx_client_registered_fn done, void *arg);

/** Removes org's client id: its tokens stop working at once. done(arg,
 *  status): OK, NOT_FOUND (no such active client of org), UNAVAILABLE. */
void gx_org_client_remove(const struct gx_core_ctx *c, const char *org, const char *id,
			  void (*done)(void *arg, enum gx_core_status status), void *arg);

/** A new client id: "cl_" and 24 random hex digits. */
void gx_org_client_new_id(char out[GX_STORE_CLIENT_ID_MAX]);

#endif
