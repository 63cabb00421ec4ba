#include "translog/note.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "translog/b64.h"
#include "translog/cosignature.h"
#include "util/buf.h"

static void put_be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static void put_be64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (56 - 8 * i));
}

long gx_note_sign_line(const struct gx_note_signer *s, uint64_t timestamp, const char *text, size_t text_len,
		       char *out, size_t cap)
{
	if (text_len == 0 || text[text_len - 1] != '\n' || text_len > GX_NOTE_MAX_LEN)
		return -1;
	/* key id || [timestamp ||] signature */
	unsigned char raw[4 + 8 + crypto_sign_BYTES];
	size_t raw_len = 0;
	put_be32(raw, s->pub.key_id);
	raw_len = 4;
	if (s->pub.type == GX_NOTE_KEY_COSIGNATURE_V1) {
		struct gx_buf msg = GX_BUF_INIT;
		if (gx_cosignature_message(timestamp, text, text_len, &msg) != 0) {
			gx_buf_free(&msg);
			return -1;
		}
		put_be64(raw + 4, timestamp);
		crypto_sign_detached(raw + 12, NULL, (const unsigned char *)msg.data, msg.len, s->secret);
		raw_len = 12 + crypto_sign_BYTES;
		gx_buf_free(&msg);
	} else if (s->pub.type == GX_NOTE_KEY_ED25519) {
		crypto_sign_detached(raw + 4, NULL, (const unsigned char *)text, text_len, s->secret);
		raw_len = 4 + crypto_sign_BYTES;
	} else {
		return -1;
	}
	char b64[128];
	gx_tlog_b64_encode(raw, raw_len, b64, sizeof(b64));
	int n = snprintf(out, cap, "\xe2\x80\x94 %s %s\n", s->pub.name, b64);
	if (n < 0 || (size_t)n >= cap)
		return -1;
	return n;
}
