#ifndef GX_CORE_TRANSPARENCY_H
#define GX_CORE_TRANSPARENCY_H

/** Whom the transparency log's readers believe (docs/transparency.md): the
 *  log's signing key (a C2SP signed-note Ed25519 key named by the log's
 *  origin, kept in translog.key_file and made at the first start), the
 *  witnesses' cosignature keys (translog.witnesses) and how many of them
 *  make a checkpoint "witnessed" (translog.witness_quorum). Loaded once;
 *  read-only after. */

#include <stdbool.h>
#include <stddef.h>

#include "translog/keys.h"

#define GX_TRANSPARENCY_WITNESSES_MAX 16

struct gx_transparency {
	bool loaded;
	struct gx_note_signer signer;      /* absent (zero) when loaded without the secret */
	bool can_sign;
	struct gx_note_verifier log_key;   /* its name is the checkpoints' origin */
	char log_key_text[GX_NOTE_KEY_TEXT_MAX];
	struct gx_note_verifier witnesses[GX_TRANSPARENCY_WITNESSES_MAX];
	size_t nwitnesses;
	size_t quorum;                     /* cosignatures that make a checkpoint witnessed; 0 with no witness (none is) */
	unsigned interval_ms;              /* how often a checkpoint is signed when the tree grew */
};

struct gx_transparency_files {
	const char *key_file;    /* the signer key string; made (0600) when missing and create */
	const char *origin;      /* the key's name: the log's origin */
	const char *witnesses;   /* verifier keys separated by spaces or commas; "" for none */
	unsigned quorum;
	unsigned interval_ms;
	bool create;             /* make the key when the file is missing (guichetd); else refuse */
};

/** Loads t: 0, or -1 with the reason in err (naming the file or setting; never the key). */
int gx_transparency_load(struct gx_transparency *t, const struct gx_transparency_files *f, char *err, size_t errlen);
/** Wipes the secret. */
void gx_transparency_free(struct gx_transparency *t);

/** Parses a list of witness verifier keys (spaces or commas between them)
 *  into out (cap of them): their number, or -1 with the reason in err. */
int gx_transparency_parse_witnesses(const char *text, struct gx_note_verifier *out, size_t cap, char *err,
				    size_t errlen);

#endif
