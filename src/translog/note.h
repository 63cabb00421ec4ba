#ifndef GX_TRANSLOG_NOTE_H
#define GX_TRANSLOG_NOTE_H

/** C2SP signed notes: a text ending in a newline, a blank line, then one or
 *  more lines "— <key name> base64(key id || signature)". The parser is
 *  strict: valid UTF-8, no control character but newline, canonical base64,
 *  valid key names, at most GX_NOTE_MAX_SIGS signatures and GX_NOTE_MAX_LEN
 *  bytes; anything else is refused with the reason. Whatever it accepts
 *  re-serialises to the same bytes. A note is parsed into a struct the
 *  caller owns (no allocation); it holds its own copy of the text. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "translog/keys.h"

#define GX_NOTE_MAX_LEN 16384
/** The spec asks verifiers to take at least 16. */
#define GX_NOTE_MAX_SIGS 32
/** The largest signature accepted (key id included, decoded): room for
 *  other witnesses' post-quantum cosignatures, which must be ignored, not
 *  refused. */
#define GX_NOTE_SIG_MAX 4096

/** One signature line; the name and base64 are offsets into the note's buf. */
struct gx_note_sig {
	uint32_t name_off, name_len;
	uint32_t b64_off, b64_len;
	uint32_t key_id;
};

struct gx_note {
	size_t len;      /* the whole note, in buf */
	size_t text_len; /* the signed text: buf[0, text_len), ending in '\n' */
	size_t sig_count;
	struct gx_note_sig sigs[GX_NOTE_MAX_SIGS];
	char buf[GX_NOTE_MAX_LEN + 1]; /* NUL-terminated */
};

/** Parses msg: 0, or -1 with the reason in err. */
int gx_note_parse(const char *msg, size_t len, struct gx_note *out, char *err, size_t errlen);

/** Writes the note from its parts (text, blank line, signature lines) into
 *  out, NUL-terminated: its length, or -1 when cap is too small. */
long gx_note_serialise(const struct gx_note *n, char *out, size_t cap);

/** A signature line "— name base64\n" by s over text (which must end in a
 *  newline). A cosignature/v1 key signs the timestamped message of
 *  cosignature.h with timestamp (seconds since the epoch); an Ed25519 key
 *  ignores it. Writes the line NUL-terminated: its length, or -1. */
long gx_note_sign_line(const struct gx_note_signer *s, uint64_t timestamp, const char *text, size_t text_len,
		       char *out, size_t cap);

/** Checks n's signatures against the known keys (nkeys of them). Lines from
 *  other keys are ignored, as the spec says; a line whose name and key id
 *  are a known key's must verify, or the whole note is refused (a known key
 *  that does not verify means a forgery or a broken signer). signed_by[i]
 *  (when not NULL) says whether keys[i] signed; times[i] (when not NULL) is
 *  the latest timestamp of keys[i]'s cosignatures. Returns how many of the
 *  keys signed (0 when none did), or -1 with the reason in err. */
int gx_note_verify(const struct gx_note *n, const struct gx_note_verifier *keys, size_t nkeys, bool *signed_by,
		   uint64_t *times, char *err, size_t errlen);

#endif
