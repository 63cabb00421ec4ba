#ifndef GX_HTTP_BEARER_H
#define GX_HTTP_BEARER_H

/** Access tokens of the organisation API (RFC 6750 bearer tokens): 256
 *  random bits in base64url, sent as "Authorization: Bearer TOKEN". The
 *  store keeps only their SHA-256, like sessions. The gate checks them on
 *  the client actions' routes; the back office's token endpoint makes them. */

#include <stdbool.h>
#include <stddef.h>

#include "store/store.h"

#define GX_ACCESS_TOKEN_CHARS 43   /* base64url of 32 random bytes */

/** A fresh token (NUL-terminated) and its SHA-256. */
void gx_access_token_new(char token[GX_ACCESS_TOKEN_CHARS + 1], unsigned char hash[GX_STORE_TOKEN_HASH_BYTES]);

/** The SHA-256 of a token's text. */
void gx_access_token_hash(const char *token, size_t len, unsigned char hash[GX_STORE_TOKEN_HASH_BYTES]);

enum gx_bearer_result {
	GX_BEARER_OK,
	GX_BEARER_ABSENT,     /* no credentials at all */
	GX_BEARER_MALFORMED,  /* another scheme, or not one well-formed token */
};

/** Reads an Authorization header's value ("Bearer TOKEN", the scheme in any
 *  case, one or more spaces): *token and *len point into value. */
enum gx_bearer_result gx_bearer_parse(const char *value, size_t len, const char **token, size_t *token_len);

#endif
