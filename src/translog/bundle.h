#ifndef GX_TRANSLOG_BUNDLE_H
#define GX_TRANSLOG_BUNDLE_H

/** A person's proof bundle: their access records, each with its place in
 *  the log and an inclusion proof, against one checkpoint signed by the
 *  platform and cosigned by witnesses, and the person's salt. Anyone can
 *  check it offline with the platform's and the witnesses' verifier keys
 *  (docs/transparency.md has the format):
 *
 *      {"format": "guichet-access-proof/v1",
 *       "checkpoint": "<signed note: the checkpoint, the log's signature, cosignatures>",
 *       "salt": "<base64, 32 bytes>",
 *       "entries": [{"leaf_index": 41, "record": {...},
 *                    "inclusion_proof": ["<base64, 32 bytes>", ...]}, ...]}
 *
 *  The parser is strict (no other member, no duplicate, every size bounded)
 *  and refuses with the reason; the bundle it returns owns everything. */

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "translog/checkpoint.h"
#include "translog/entry.h"
#include "translog/hash.h"
#include "translog/keys.h"
#include "translog/note.h"
#include "translog/proof.h"

#define GX_BUNDLE_FORMAT "guichet-access-proof/v1"
#define GX_BUNDLE_MAX_LEN (64u << 20)
#define GX_BUNDLE_MAX_ENTRIES 200000

struct gx_bundle_entry {
	uint64_t leaf_index;
	const json_t *record;         /* borrowed from the bundle */
	struct gx_tlog_hash leaf;     /* the record's leaf hash (entry.h), computed by the parser */
	const struct gx_tlog_hash *proof; /* proof_len hashes, borrowed from the bundle */
	size_t proof_len;
};

struct gx_bundle {
	json_t *root;
	struct gx_note checkpoint; /* parsed, not yet verified */
	unsigned char salt[GX_TLOG_SALT_LEN];
	size_t entry_count;
	struct gx_bundle_entry *entries;
	struct gx_tlog_hash *hashes; /* every entry's proof, one after another */
};

/** Parses a bundle: the bundle (free with gx_bundle_free), or NULL with the
 *  reason in err. Checks form only; gx_bundle_verify checks the proofs. */
struct gx_bundle *gx_bundle_parse(const char *json, size_t len, char *err, size_t errlen);
void gx_bundle_free(struct gx_bundle *b);

/** Whom to believe: the log's Ed25519 key (its name is the log's origin)
 *  and the witnesses' cosignature/v1 keys, of which at least quorum must
 *  have cosigned the checkpoint. */
struct gx_bundle_policy {
	const struct gx_note_verifier *log_key;
	const struct gx_note_verifier *witnesses;
	size_t witness_count;
	size_t quorum;
};

struct gx_bundle_result {
	struct gx_checkpoint checkpoint; /* the checkpoint everything was checked against */
	size_t cosigned;                 /* witnesses whose cosignature verified */
	size_t failed_entry;             /* the first entry that failed, or entry_count */
};

/** Checks a bundle: the log signed the checkpoint, a quorum of witnesses
 *  cosigned it, and every entry's record is in the tree at its index. 0 when
 *  all holds; -1 with the reason in err (and result->failed_entry naming the
 *  entry, when one is at fault). */
int gx_bundle_verify(const struct gx_bundle *b, const struct gx_bundle_policy *policy,
		     struct gx_bundle_result *result, char *err, size_t errlen);

/** One entry to write. */
struct gx_bundle_item {
	uint64_t leaf_index;
	const json_t *record;
	const struct gx_tlog_proof *proof;
};

/** Writes a bundle (malloc'ed, NUL-terminated JSON text), or NULL when out
 *  of memory or an argument is out of bounds. checkpoint is the signed note. */
char *gx_bundle_write(const char *checkpoint, const unsigned char salt[GX_TLOG_SALT_LEN],
		      const struct gx_bundle_item *items, size_t count);

#endif
