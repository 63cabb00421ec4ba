/** libFuzzer driver for signed notes, checkpoints and note keys. The input is
 *  a note (and, when short, also a key string). Whatever the parsers accept
 *  must re-serialise to exactly the input, and verification against fixed
 *  keys (a log key and two witnesses', whose signer keys made the seeds with
 *  tests/tools/tlog_tool) must give the same answer twice. */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "translog/checkpoint.h"
#include "translog/keys.h"
#include "translog/note.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const vkeys[] = {
	"fuzz.example/log+6a89b6fa+AYqI4910CfGV/VLbLTy6XXLKZwm/HZQSG/N0iAG0D29c",
	"fuzz.example/witness+9dff2b7b+BIE5dw6ofRdfVqNUZsNMfszLjYqRtO43ol32D1uPybOU",
	"fuzz.example/witness2+6676d9cb+BO1JKMYo0cLG6ukDOJBZlWEpWSc6XGP5NjbBRhSshzfR",
};
#define NKEYS 3

static struct gx_note_verifier keys[NKEYS];
static int ready;
static struct gx_note note, again;
static char out[GX_NOTE_MAX_LEN + 1];

static void init_keys(void)
{
	char err[128];
	for (int i = 0; i < NKEYS; i++) {
		if (gx_note_verifier_parse(vkeys[i], strlen(vkeys[i]), &keys[i], err, sizeof(err)) != 0)
			abort();
	}
	ready = 1;
}

/* A key string the parsers accept is written back identically. */
static void check_key_strings(const char *text, size_t size)
{
	char err[128], back[GX_NOTE_KEY_TEXT_MAX];
	struct gx_note_verifier v;
	struct gx_note_signer s;
	if (gx_note_verifier_parse(text, size, &v, err, sizeof(err)) == 0) {
		int n = gx_note_verifier_format(&v, back, sizeof(back));
		if (n < 0 || (size_t)n != size || memcmp(back, text, size) != 0)
			abort();
	}
	if (gx_note_signer_parse(text, size, &s, err, sizeof(err)) == 0) {
		int n = gx_note_signer_format(&s, back, sizeof(back));
		if (n < 0 || (size_t)n != size || memcmp(back, text, size) != 0)
			abort();
		gx_note_signer_wipe(&s);
	}
}

static void check_checkpoint(const struct gx_note *n)
{
	struct gx_checkpoint c, c2;
	char err[160], text[GX_CHECKPOINT_TEXT_MAX];
	if (gx_checkpoint_parse(n->buf, n->text_len, &c, err, sizeof(err)) == 0) {
		long len = gx_checkpoint_format(&c, text, sizeof(text));
		if (len < 0 || (size_t)len != n->text_len || memcmp(text, n->buf, n->text_len) != 0)
			abort();
	}
	int rc1 = gx_checkpoint_from_note(n, &keys[0], &c, err, sizeof(err));
	int rc2 = gx_checkpoint_from_note(n, &keys[0], &c2, err, sizeof(err));
	if (rc1 != rc2 || (rc1 == 0 && (memcmp(&c, &c2, sizeof(c)) != 0 || strcmp(c.origin, keys[0].name) != 0)))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!ready)
		init_keys();
	/* an exact-size heap copy, so ASan sees any read past the input */
	char *msg = malloc(size > 0 ? size : 1);
	if (msg == NULL)
		abort();
	memcpy(msg, data, size);
	if (size < GX_NOTE_KEY_TEXT_MAX)
		check_key_strings(msg, size);
	char err[160] = "";
	if (gx_note_parse(msg, size, &note, err, sizeof(err)) == 0) {
		if (note.len != size || note.text_len == 0 || note.sig_count == 0 || note.sig_count > GX_NOTE_MAX_SIGS)
			abort();
		long n = gx_note_serialise(&note, out, sizeof(out));
		if (n < 0 || (size_t)n != size || memcmp(out, msg, size) != 0)
			abort();
		if (gx_note_parse(out, (size_t)n, &again, err, sizeof(err)) != 0 || again.text_len != note.text_len ||
		    again.sig_count != note.sig_count)
			abort();
		bool by1[NKEYS], by2[NKEYS];
		uint64_t t1[NKEYS], t2[NKEYS];
		int r1 = gx_note_verify(&note, keys, NKEYS, by1, t1, err, sizeof(err));
		int r2 = gx_note_verify(&again, keys, NKEYS, by2, t2, err, sizeof(err));
		if (r1 != r2 || r1 > NKEYS)
			abort();
		if (r1 >= 0 && (memcmp(by1, by2, sizeof(by1)) != 0 || memcmp(t1, t2, sizeof(t1)) != 0))
			abort();
		check_checkpoint(&note);
	} else if (err[0] == '\0') {
		abort(); /* every refusal says why */
	}
	free(msg);
	return 0;
}
