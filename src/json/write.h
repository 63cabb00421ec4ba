#ifndef GX_JSON_WRITE_H
#define GX_JSON_WRITE_H

/**
 * Writing JSON text straight into a buffer, for hot answers whose shape is
 * fixed (the overview): no tree to build and free, one pass. Strings are
 * escaped per RFC 8259; bytes that are not UTF-8 become U+FFFD, so the
 * output is always valid JSON. Errors stick in the buffer's failed flag.
 */

#include <stddef.h>

#include "util/buf.h"

/** "s" quoted and escaped. */
void gx_json_write_string(struct gx_buf *b, const char *s, size_t len);
void gx_json_write_cstr(struct gx_buf *b, const char *s);
/** "s" or null when s is NULL or empty. */
void gx_json_write_cstr_or_null(struct gx_buf *b, const char *s);
void gx_json_write_int(struct gx_buf *b, long long v);
/** ,"key": (the comma unless first) — keys are literals needing no escape. */
void gx_json_write_key(struct gx_buf *b, const char *key, int first);

#endif
