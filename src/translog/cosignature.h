#ifndef GX_TRANSLOG_COSIGNATURE_H
#define GX_TRANSLOG_COSIGNATURE_H

/** C2SP tlog-cosignature/v1 with Ed25519 (key type 0x04): a witness signs
 *
 *      cosignature/v1\n
 *      time <timestamp>\n
 *      <the checkpoint's note text>
 *
 *  and its signature line carries base64(key id || timestamp as 8 bytes
 *  big-endian || 64-byte Ed25519 signature). The cosignature says that, at
 *  that time, this is the largest tree the witness has seen the log be
 *  consistent with. Making and checking lines goes through note.h. */

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

/** A timestamp must not exceed 2^63 - 1. */
#define GX_COSIGNATURE_TIME_MAX ((uint64_t)INT64_MAX)

/** Appends the signed message to out: 0, or -1 when out of memory or the
 *  timestamp is too large. */
int gx_cosignature_message(uint64_t timestamp, const char *text, size_t text_len, struct gx_buf *out);

#endif
