#ifndef GX_CORE_ACCESS_RECORD_H
#define GX_CORE_ACCESS_RECORD_H

/** An access record as the transparency log hashes it and a person's
 *  bundle carries it: a JSON object of its stored columns, names as in the
 *  table, optional ones only when set (docs/transparency.md):
 *
 *      {"at_us": 1750000000123456, "subject": "…", "actor_kind": "organisation",
 *       "actor_id": "commune", "actor_role": "handler", "on_behalf_of": "…",
 *       "source": "persons", "attributes": ["address.street"],
 *       "purpose": "…", "legal_basis": "…", "request_id": "…"}
 *
 *  Its leaf is SHA-256(0x00 || SHA-256(salt || JCS(record))) (translog/entry.h). */

#include <jansson.h>
#include <stdbool.h>

#include "util/buf.h"

#include "store/translog.h"
#include "translog/hash.h"

/** The record of a stored row (a new reference), or NULL when its
 *  attributes are not a JSON array of strings or no memory is left. */
json_t *gx_access_record_json(const struct gx_access_row *r);

/** The record's canonical JSON (RFC 8785) written directly into out, when
 *  every text is printable ASCII and the attributes are stored as their
 *  canonical form (as guichetd writes them): true; false (out untouched or
 *  partly written: discard it) otherwise, for the general path. The same
 *  bytes as canonicalising gx_access_record_json (a unit test holds it). */
bool gx_access_record_canonical_fast(const struct gx_access_row *r, struct gx_buf *out);

/** The leaf of a stored row with salt: 0, or -1 (the row cannot be a record). */
int gx_access_record_leaf(const struct gx_access_row *r, const unsigned char salt[32], struct gx_tlog_hash *leaf);

#endif
