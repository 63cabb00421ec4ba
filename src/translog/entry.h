#ifndef GX_TRANSLOG_ENTRY_H
#define GX_TRANSLOG_ENTRY_H

/** What the log holds for an access record: never the record, only
 *
 *      entry = SHA-256(salt || canonical JSON of the record)   (32 bytes)
 *      leaf  = SHA-256(0x00 || entry)                          (RFC 9162)
 *
 *  with the person's secret 32-byte salt and the canonical JSON of
 *  canonical.h. Without the salt nobody can test a guess of a record against
 *  the log; with the record erased (and the salt with it) the leaf stays and
 *  everyone else's proofs still hold. */

#include <jansson.h>
#include <stddef.h>

#include "translog/hash.h"

#define GX_TLOG_SALT_LEN 32
/** The longest canonical record accepted. */
#define GX_TLOG_RECORD_MAX 65536

/** The entry of a record (a JSON object): 0, or -1 with the reason in err. */
int gx_tlog_record_entry(const unsigned char salt[GX_TLOG_SALT_LEN], const json_t *record,
			 unsigned char entry[32], char *err, size_t errlen);

/** The record's leaf hash: gx_tlog_leaf_hash of its entry. 0, or -1. */
int gx_tlog_record_leaf(const unsigned char salt[GX_TLOG_SALT_LEN], const json_t *record, struct gx_tlog_hash *leaf,
			char *err, size_t errlen);

#endif
