#include "translog/note.h"

#include <stdio.h>
#include <string.h>

#include "translog/b64.h"
#include "translog/utf8_int.h"

/* "— ": an em dash (U+2014) and a space. */
static const char sig_prefix[] = "\xe2\x80\x94 ";
#define SIG_PREFIX_LEN (sizeof(sig_prefix) - 1)

static int refuse(char *err, size_t errlen, const char *fmt, size_t at)
{
	if (errlen > 0)
		snprintf(err, errlen, fmt, at);
	return -1;
}

/* Valid UTF-8 with no control character but the newline. */
static int check_characters(const char *s, size_t len, char *err, size_t errlen)
{
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = gx_tlog_utf8_next(s + i, len - i, &cp);
		if (n == 0)
			return refuse(err, errlen, "not valid UTF-8 at byte %zu", i);
		if (cp < 0x20 && cp != '\n')
			return refuse(err, errlen, "a control character at byte %zu", i);
		i += n;
	}
	return 0;
}

/* One signature line (without its newline) at buf[off, off + len). */
static int parse_sig_line(const char *buf, size_t off, size_t len, struct gx_note_sig *sig, char *err,
			  size_t errlen)
{
	const char *line = buf + off;
	if (len < SIG_PREFIX_LEN || memcmp(line, sig_prefix, SIG_PREFIX_LEN) != 0)
		return refuse(err, errlen, "the signature line at byte %zu does not start with an em dash and a space",
			      off);
	const char *name = line + SIG_PREFIX_LEN;
	size_t rest = len - SIG_PREFIX_LEN;
	const char *space = memchr(name, ' ', rest);
	if (space == NULL)
		return refuse(err, errlen, "the signature line at byte %zu has no signature after the key name", off);
	size_t name_len = (size_t)(space - name);
	if (!gx_note_name_valid(name, name_len))
		return refuse(err, errlen, "the signature line at byte %zu has an invalid key name", off);
	const char *b64 = space + 1;
	size_t b64_len = rest - name_len - 1;
	unsigned char raw[GX_NOTE_SIG_MAX];
	long n = b64_len > 0 ? gx_tlog_b64_decode(b64, b64_len, raw, sizeof(raw)) : -1;
	if (n < 0)
		return refuse(err, errlen, "the signature at byte %zu is not canonical base64 (or too long)", off);
	if (n < 5)
		return refuse(err, errlen, "the signature at byte %zu is shorter than a key id and one byte", off);
	sig->name_off = (uint32_t)(name - buf);
	sig->name_len = (uint32_t)name_len;
	sig->b64_off = (uint32_t)(b64 - buf);
	sig->b64_len = (uint32_t)b64_len;
	sig->key_id = (uint32_t)raw[0] << 24 | (uint32_t)raw[1] << 16 | (uint32_t)raw[2] << 8 | raw[3];
	return 0;
}

int gx_note_parse(const char *msg, size_t len, struct gx_note *out, char *err, size_t errlen)
{
	out->len = out->text_len = out->sig_count = 0;
	out->buf[0] = '\0';
	if (len > GX_NOTE_MAX_LEN)
		return refuse(err, errlen, "longer than %zu bytes", (size_t)GX_NOTE_MAX_LEN);
	if (check_characters(msg, len, err, errlen) != 0)
		return -1;
	/* The text ends at the last blank line; signatures follow it. */
	size_t split = len;
	for (size_t i = len; i >= 2; i--) {
		if (msg[i - 1] == '\n' && msg[i - 2] == '\n') {
			split = i - 2;
			break;
		}
	}
	if (split == len)
		return refuse(err, errlen, "no blank line before the signatures (%zu bytes)", len);
	size_t sigs_at = split + 2;
	if (sigs_at == len)
		return refuse(err, errlen, "no signature after the blank line at byte %zu", split + 1);
	if (msg[len - 1] != '\n')
		return refuse(err, errlen, "the last signature line does not end in a newline (byte %zu)", len - 1);
	memcpy(out->buf, msg, len);
	out->buf[len] = '\0';
	size_t count = 0;
	for (size_t at = sigs_at; at < len;) {
		const char *nl = memchr(out->buf + at, '\n', len - at);
		size_t line_len = (size_t)(nl - (out->buf + at));
		if (count == GX_NOTE_MAX_SIGS) {
			refuse(err, errlen, "more than %zu signatures", (size_t)GX_NOTE_MAX_SIGS);
			goto fail;
		}
		if (parse_sig_line(out->buf, at, line_len, &out->sigs[count], err, errlen) != 0)
			goto fail;
		count++;
		at += line_len + 1;
	}
	out->len = len;
	out->text_len = split + 1;
	out->sig_count = count;
	return 0;
fail:
	out->buf[0] = '\0';
	return -1;
}

long gx_note_serialise(const struct gx_note *n, char *out, size_t cap)
{
	size_t o = 0;
#define PUT(p, l)                               \
	do {                                    \
		if ((l) >= cap - o)             \
			return -1;              \
		memcpy(out + o, (p), (l));      \
		o += (l);                       \
	} while (0)
	if (cap == 0)
		return -1;
	PUT(n->buf, n->text_len);
	PUT("\n", 1);
	for (size_t i = 0; i < n->sig_count; i++) {
		const struct gx_note_sig *s = &n->sigs[i];
		PUT(sig_prefix, SIG_PREFIX_LEN);
		PUT(n->buf + s->name_off, s->name_len);
		PUT(" ", 1);
		PUT(n->buf + s->b64_off, s->b64_len);
		PUT("\n", 1);
	}
#undef PUT
	out[o] = '\0';
	return (long)o;
}
