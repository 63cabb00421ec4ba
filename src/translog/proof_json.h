#ifndef GX_TRANSLOG_PROOF_JSON_H
#define GX_TRANSLOG_PROOF_JSON_H

/** A proof as the log's endpoints carry it (docs/transparency.md):
 *
 *      {"proof": ["<base64 of 32 bytes>", ...]}
 *
 *  nothing else, at most 63 hashes. The platform writes it, the witness
 *  reads it from the network: the parser is strict and bounded. */

#include <stddef.h>

#include "translog/proof.h"
#include "util/buf.h"

/** The longest text a proof can take. */
#define GX_TLOG_PROOF_JSON_MAX 4096

/** Parses text into out: 0, or -1 when it is anything but that object. */
int gx_tlog_proof_json_parse(const char *text, size_t len, struct gx_tlog_proof *out);

/** Appends p's JSON to b: 0, or -1 when out of memory or p is too long. */
int gx_tlog_proof_json_write(const struct gx_tlog_proof *p, struct gx_buf *b);

#endif
