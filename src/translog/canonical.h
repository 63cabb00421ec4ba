#ifndef GX_TRANSLOG_CANONICAL_H
#define GX_TRANSLOG_CANONICAL_H

/** The canonical JSON of an access record: RFC 8785 (JSON Canonicalization
 *  Scheme), on the subset records use, so anyone can recompute the bytes an
 *  entry hashes with an off-the-shelf JCS library:
 *
 *  - no whitespace; object members sorted by their names' UTF-16 code units;
 *  - strings as JCS writes them: \" \\ \b \f \n \r \t, other characters
 *    below U+0020 as \u00xx (lower-case hex), everything else as UTF-8;
 *  - numbers only as integers within ±(2^53 - 1), written in decimal (the
 *    range where JCS's IEEE 754 rules give the plain integer); a fraction or
 *    exponent is refused, as is a NUL character anywhere (a record's JSON
 *    could not carry it back), and nesting beyond GX_TLOG_CANON_DEPTH_MAX. */

#include <jansson.h>
#include <stddef.h>

#include "util/buf.h"

#define GX_TLOG_CANON_DEPTH_MAX 32
#define GX_TLOG_CANON_INT_MAX 9007199254740991LL

/** Appends value's canonical form to out: 0, or -1 with the reason in err
 *  (a JSON pointer to the offending place, e.g. "/attributes/2: ..."). */
int gx_tlog_canonical_json(const json_t *value, struct gx_buf *out, char *err, size_t errlen);

#endif
