#include "translog/checkpoint.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "translog/b64.h"
#include "translog/utf8_int.h"

static int refuse(char *err, size_t errlen, const char *why)
{
	if (errlen > 0)
		snprintf(err, errlen, "checkpoint: %s", why);
	return -1;
}

/* Non-empty, valid UTF-8, no control characters (the newline ends it). */
static int line_ok(const char *s, size_t len)
{
	if (len == 0)
		return 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = gx_tlog_utf8_next(s + i, len - i, &cp);
		if (n == 0 || cp < 0x20)
			return 0;
		i += n;
	}
	return 1;
}

static int parse_size(const char *s, size_t len, uint64_t *out)
{
	if (len == 0 || len > 19 || (len > 1 && s[0] == '0'))
		return -1;
	uint64_t v = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0'); /* 19 digits fit in 64 bits */
	}
	if (v > GX_TLOG_MAX_SIZE)
		return -1;
	*out = v;
	return 0;
}

/* The next line of text[*at, len): its start and length; -1 when there is
 * no newline left. */
static int next_line(const char *text, size_t len, size_t *at, const char **line, size_t *line_len)
{
	if (*at >= len)
		return -1;
	const char *nl = memchr(text + *at, '\n', len - *at);
	if (nl == NULL)
		return -1;
	*line = text + *at;
	*line_len = (size_t)(nl - *line);
	*at += *line_len + 1;
	return 0;
}

int gx_checkpoint_parse(const char *text, size_t len, struct gx_checkpoint *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof(*out));
	size_t at = 0;
	const char *line;
	size_t n;
	if (len == 0 || text[len - 1] != '\n')
		return refuse(err, errlen, "the text does not end in a newline");
	if (next_line(text, len, &at, &line, &n) != 0 || !line_ok(line, n))
		return refuse(err, errlen, "the origin line is empty or not text");
	if (n > GX_CHECKPOINT_ORIGIN_MAX)
		return refuse(err, errlen, "the origin is longer than 255 bytes");
	memcpy(out->origin, line, n);
	if (next_line(text, len, &at, &line, &n) != 0 || parse_size(line, n, &out->size) != 0)
		return refuse(err, errlen, "the second line is not a tree size (decimal, no leading zero, below 2^63)");
	if (next_line(text, len, &at, &line, &n) != 0 || n != 44 ||
	    gx_tlog_b64_decode(line, n, out->root.b, sizeof(out->root.b)) != GX_TLOG_HASH_LEN)
		return refuse(err, errlen, "the third line is not the base64 of a 32-byte root hash");
	size_t ext_at = at;
	while (at < len) {
		if (next_line(text, len, &at, &line, &n) != 0 || !line_ok(line, n))
			return refuse(err, errlen, "an extension line is empty or not text");
	}
	if (len - ext_at > GX_CHECKPOINT_EXT_MAX)
		return refuse(err, errlen, "the extension lines are longer than 1024 bytes");
	out->ext_len = len - ext_at;
	memcpy(out->ext, text + ext_at, out->ext_len);
	return 0;
}

long gx_checkpoint_format(const struct gx_checkpoint *c, char *out, size_t cap)
{
	size_t origin_len = strnlen(c->origin, sizeof(c->origin));
	if (!line_ok(c->origin, origin_len) || origin_len > GX_CHECKPOINT_ORIGIN_MAX || c->size > GX_TLOG_MAX_SIZE ||
	    c->ext_len > GX_CHECKPOINT_EXT_MAX || (c->ext_len > 0 && c->ext[c->ext_len - 1] != '\n'))
		return -1;
	char root[48];
	gx_tlog_b64_encode(c->root.b, sizeof(c->root.b), root, sizeof(root));
	int n = snprintf(out, cap, "%s\n%" PRIu64 "\n%s\n%.*s", c->origin, c->size, root, (int)c->ext_len, c->ext);
	if (n < 0 || (size_t)n >= cap)
		return -1;
	return n;
}

int gx_checkpoint_from_note(const struct gx_note *n, const struct gx_note_verifier *log_key, struct gx_checkpoint *c,
			    char *err, size_t errlen)
{
	char why[160];
	memset(c, 0, sizeof(*c));
	if (log_key->type != GX_NOTE_KEY_ED25519)
		return refuse(err, errlen, "the log's key is not an Ed25519 (0x01) key");
	int signers = gx_note_verify(n, log_key, 1, NULL, NULL, why, sizeof(why));
	if (signers < 0) {
		snprintf(err, errlen, "checkpoint: %s", why);
		return -1;
	}
	if (signers == 0)
		return refuse(err, errlen, "not signed by the log's key");
	if (gx_checkpoint_parse(n->buf, n->text_len, c, err, errlen) != 0)
		return -1;
	if (strcmp(c->origin, log_key->name) != 0) {
		memset(c, 0, sizeof(*c));
		return refuse(err, errlen, "the origin is not the log key's name");
	}
	return 0;
}

int gx_checkpoint_open(const char *note, size_t len, const struct gx_note_verifier *log_key, struct gx_note *n,
		       struct gx_checkpoint *c, char *err, size_t errlen)
{
	char why[160];
	memset(c, 0, sizeof(*c));
	if (gx_note_parse(note, len, n, why, sizeof(why)) != 0) {
		snprintf(err, errlen, "checkpoint note: %s", why);
		return -1;
	}
	return gx_checkpoint_from_note(n, log_key, c, err, errlen);
}
