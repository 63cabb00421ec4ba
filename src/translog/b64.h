#ifndef GX_TRANSLOG_B64_H
#define GX_TRANSLOG_B64_H

/** Standard base64 with padding (RFC 4648 §4), the encoding of notes,
 *  checkpoints, keys and bundles. The decoder takes only canonical text (the
 *  standard alphabet, exact padding, unused bits zero, nothing else), so
 *  every byte string has one text form and a parsed note re-serialises to
 *  the same bytes. */

#include <stddef.h>

/** Characters that n bytes encode to, without the terminating NUL. */
size_t gx_tlog_b64_len(size_t n);

/** Encodes n bytes into out (NUL-terminated). The length written without the
 *  NUL, or -1 when cap is too small. */
long gx_tlog_b64_encode(const void *in, size_t n, char *out, size_t cap);

/** Decodes n characters into out (cap bytes). The decoded length, or -1 when
 *  the text is not canonical base64 or does not fit. */
long gx_tlog_b64_decode(const char *in, size_t n, unsigned char *out, size_t cap);

#endif
