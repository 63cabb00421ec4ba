#ifndef GX_CERTIFICATES_UTF8_INT_H
#define GX_CERTIFICATES_UTF8_INT_H

/** UTF-8 for the certificates module (internal): reading code points, and
 *  the repertoire a certificate prints. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** Reads the code point at s[*i] (n bytes in all) and advances *i. Returns
 *  the code point, or -1 for a malformed, overlong or surrogate sequence
 *  (then *i is unchanged). */
int32_t gx_cert_utf8_next(const char *s, size_t n, size_t *i);

/** True when a certificate prints cp: printable Basic Latin, Latin-1,
 *  Latin Extended-A, -B and Additional, Greek, Cyrillic and common
 *  punctuation (dashes, quotes) — what names and addresses in the EU's
 *  registers use, and what DejaVu Sans draws. No combining marks. */
bool gx_cert_printable(int32_t cp);

#endif
