#ifndef GX_OIDC_B64URL_H
#define GX_OIDC_B64URL_H

/** Base64url without padding (RFC 4648 section 5, as JWS uses it, RFC 7515
 *  section 2): the encoder never pads, the decoder accepts only the URL-safe
 *  alphabet, no '=' and no whitespace, and only canonical input (unused
 *  trailing bits must be zero), so every byte string has exactly one text form. */

#include <stddef.h>

/** Characters needed to encode n bytes, without the terminating NUL;
 *  (size_t)-1 when that does not fit in a size_t. */
size_t gx_b64url_encoded_len(size_t n);

/** Bytes that decoding n characters can yield at most. */
size_t gx_b64url_decoded_max(size_t n);

/** Encodes n bytes of in into out (NUL-terminated). Returns the length
 *  written without the NUL, or -1 when out (cap bytes) is too small. */
long gx_b64url_encode(const void *in, size_t n, char *out, size_t cap);

/** Decodes n characters of in into out (cap bytes). Returns the decoded
 *  length, or -1 when the input is not canonical unpadded base64url or out is
 *  too small. Nothing useful is left in out on failure. */
long gx_b64url_decode(const char *in, size_t n, unsigned char *out, size_t cap);

/** True when c belongs to the base64url alphabet. */
int gx_b64url_is_char(unsigned char c);

#endif
