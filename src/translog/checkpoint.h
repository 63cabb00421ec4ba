#ifndef GX_TRANSLOG_CHECKPOINT_H
#define GX_TRANSLOG_CHECKPOINT_H

/** C2SP tlog-checkpoint: the note text a log signs,
 *
 *      <origin>\n
 *      <tree size, decimal, no leading zero>\n
 *      <root hash, base64>\n
 *      [extension lines, each non-empty]
 *
 *  Guichet's log writes no extension lines, but keeps and re-serialises any
 *  it reads so that signatures over them still verify. */

#include <stddef.h>
#include <stdint.h>

#include "translog/hash.h"
#include "translog/note.h"

#define GX_CHECKPOINT_ORIGIN_MAX 255
#define GX_CHECKPOINT_EXT_MAX 1024
/** Room for any checkpoint text this module writes, with its NUL. */
#define GX_CHECKPOINT_TEXT_MAX (GX_CHECKPOINT_ORIGIN_MAX + 1 + 20 + 1 + 44 + 1 + GX_CHECKPOINT_EXT_MAX + 1)

struct gx_checkpoint {
	char origin[GX_CHECKPOINT_ORIGIN_MAX + 1];
	uint64_t size;
	struct gx_tlog_hash root;
	size_t ext_len;
	char ext[GX_CHECKPOINT_EXT_MAX + 1]; /* the extension lines, each ending in '\n' */
};

/** Parses a checkpoint's note text: 0, or -1 with the reason in err. */
int gx_checkpoint_parse(const char *text, size_t len, struct gx_checkpoint *out, char *err, size_t errlen);

/** Writes the note text of c (NUL-terminated): its length, or -1 when c is
 *  not a valid checkpoint or cap is too small. */
long gx_checkpoint_format(const struct gx_checkpoint *c, char *out, size_t cap);

/** Opens a signed checkpoint as a log's client does: parses the note, checks
 *  that log_key (an Ed25519 key) signed it and that its origin is the key's
 *  name, and parses the text into c. The note stays in n for witnesses'
 *  cosignatures to be checked. 0, or -1 with the reason in err. */
int gx_checkpoint_open(const char *note, size_t len, const struct gx_note_verifier *log_key, struct gx_note *n,
		       struct gx_checkpoint *c, char *err, size_t errlen);

/** The same for a note already parsed. */
int gx_checkpoint_from_note(const struct gx_note *n, const struct gx_note_verifier *log_key, struct gx_checkpoint *c,
			    char *err, size_t errlen);

#endif
