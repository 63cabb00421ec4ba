#ifndef GX_TRANSLOG_KEYS_H
#define GX_TRANSLOG_KEYS_H

/** Signed-note keys (C2SP signed-note, Go's golang.org/x/mod/sumdb/note):
 *
 *  - a verifier key, given to whoever checks:  name+hexkeyid+base64(type || public key)
 *  - a signer key, kept secret:  PRIVATE+KEY+name+hexkeyid+base64(type || 32-byte seed)
 *
 *  where keyid = SHA-256(name || 0x0A || type || public key)[:4], written as
 *  8 lowercase hex digits. Two types: 0x01, Ed25519 over the note text (the
 *  log signs checkpoints with it), and 0x04, C2SP tlog-cosignature/v1
 *  timestamped Ed25519 (witnesses cosign with it; cosignature.h). Go's note
 *  package reads and writes the 0x01 strings exactly so; a 0x04 signer key
 *  is the same string with the 0x04 type byte. Key names are non-empty UTF-8
 *  without Unicode spaces or '+', at most GX_NOTE_NAME_MAX bytes. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GX_NOTE_NAME_MAX 255
#define GX_NOTE_KEY_ED25519 0x01
#define GX_NOTE_KEY_COSIGNATURE_V1 0x04
/** The longest key string (a signer key with the longest name) plus NUL. */
#define GX_NOTE_KEY_TEXT_MAX (12 + GX_NOTE_NAME_MAX + 1 + 8 + 1 + 44 + 1)

struct gx_note_verifier {
	char name[GX_NOTE_NAME_MAX + 1];
	uint32_t key_id;
	unsigned char type; /* GX_NOTE_KEY_ED25519 or GX_NOTE_KEY_COSIGNATURE_V1 */
	unsigned char public_key[32];
};

/** A signing key: its public half, and libsodium's 64-byte secret key. Wipe
 *  it with gx_note_signer_wipe when done. */
struct gx_note_signer {
	struct gx_note_verifier pub;
	unsigned char secret[64];
};

/** True for a valid key name (also what a signature line's name must be). */
bool gx_note_name_valid(const char *name, size_t len);

uint32_t gx_note_key_id(const char *name, size_t name_len, unsigned char type, const unsigned char public_key[32]);

/** Parses a verifier key string: 0, or -1 with the reason in err. */
int gx_note_verifier_parse(const char *text, size_t len, struct gx_note_verifier *out, char *err, size_t errlen);
/** Writes the verifier key string (NUL-terminated): its length, or -1 when cap is too small. */
int gx_note_verifier_format(const struct gx_note_verifier *v, char *out, size_t cap);

/** Parses a signer key string: 0, or -1 with the reason in err (never the key). */
int gx_note_signer_parse(const char *text, size_t len, struct gx_note_signer *out, char *err, size_t errlen);
/** Writes the signer key string: its length, or -1 when cap is too small. */
int gx_note_signer_format(const struct gx_note_signer *s, char *out, size_t cap);

/** A new random key of the type for name: 0, or -1 with the reason in err. */
int gx_note_signer_generate(const char *name, unsigned char type, struct gx_note_signer *out, char *err, size_t errlen);

void gx_note_signer_wipe(struct gx_note_signer *s);

#endif
