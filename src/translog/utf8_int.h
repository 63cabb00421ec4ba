#ifndef GX_TRANSLOG_UTF8_INT_H
#define GX_TRANSLOG_UTF8_INT_H

/** Strict UTF-8 for notes and key names (internal to translog). */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** Decodes the character at s (n bytes available): its length in bytes, or
 *  0 when it is not well-formed UTF-8 (overlong forms, surrogates and code
 *  points above U+10FFFF are not). */
size_t gx_tlog_utf8_next(const char *s, size_t n, uint32_t *cp);

/** Unicode's White_Space property, as Go's unicode.IsSpace has it: what a
 *  key name may not contain. */
bool gx_tlog_is_unicode_space(uint32_t cp);

#endif
