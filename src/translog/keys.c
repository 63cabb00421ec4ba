#include "translog/keys.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "translog/b64.h"
#include "translog/utf8_int.h"

bool gx_note_name_valid(const char *name, size_t len)
{
	if (len == 0 || len > GX_NOTE_NAME_MAX)
		return false;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = gx_tlog_utf8_next(name + i, len - i, &cp);
		if (n == 0 || cp == '+' || gx_tlog_is_unicode_space(cp) || cp < 0x20)
			return false;
		i += n;
	}
	return true;
}

uint32_t gx_note_key_id(const char *name, size_t name_len, unsigned char type, const unsigned char public_key[32])
{
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_state st;
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const unsigned char *)name, name_len);
	crypto_hash_sha256_update(&st, (const unsigned char *)"\n", 1);
	crypto_hash_sha256_update(&st, &type, 1);
	crypto_hash_sha256_update(&st, public_key, 32);
	crypto_hash_sha256_final(&st, digest);
	return (uint32_t)digest[0] << 24 | (uint32_t)digest[1] << 16 | (uint32_t)digest[2] << 8 | digest[3];
}

static void fail(char *err, size_t errlen, const char *why)
{
	if (errlen > 0)
		snprintf(err, errlen, "%s", why);
}

/* Exactly 8 lowercase hex digits, as Go's note package writes them. */
static int parse_key_id(const char *s, size_t len, uint32_t *out)
{
	if (len != 8)
		return -1;
	uint32_t v = 0;
	for (size_t i = 0; i < 8; i++) {
		char c = s[i];
		int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
		if (d < 0)
			return -1;
		v = v << 4 | (uint32_t)d;
	}
	*out = v;
	return 0;
}

/* Splits "name+keyid+keydata" (the tail of both key strings): checks the
 * name and the key id's form, decodes keydata into type and 32 bytes. */
static int parse_tail(const char *text, size_t len, char name[GX_NOTE_NAME_MAX + 1], uint32_t *key_id,
		      unsigned char *type, unsigned char key[32], char *err, size_t errlen)
{
	const char *plus1 = memchr(text, '+', len);
	if (plus1 == NULL) {
		fail(err, errlen, "not name+keyid+keydata");
		return -1;
	}
	size_t name_len = (size_t)(plus1 - text);
	const char *rest = plus1 + 1;
	size_t rest_len = len - name_len - 1;
	const char *plus2 = memchr(rest, '+', rest_len);
	if (plus2 == NULL) {
		fail(err, errlen, "not name+keyid+keydata");
		return -1;
	}
	if (!gx_note_name_valid(text, name_len)) {
		fail(err, errlen, "the key name is empty, too long, or has a space, a '+' or bad UTF-8");
		return -1;
	}
	if (parse_key_id(rest, (size_t)(plus2 - rest), key_id) != 0) {
		fail(err, errlen, "the key id is not 8 lowercase hex digits");
		return -1;
	}
	unsigned char raw[33];
	const char *data = plus2 + 1;
	size_t data_len = rest_len - (size_t)(data - rest);
	if (data_len != 44 || gx_tlog_b64_decode(data, data_len, raw, sizeof(raw)) != 33) {
		fail(err, errlen, "the key data is not base64 of a type byte and 32 bytes");
		return -1;
	}
	if (raw[0] != GX_NOTE_KEY_ED25519 && raw[0] != GX_NOTE_KEY_COSIGNATURE_V1) {
		fail(err, errlen, "unknown key type (Ed25519 0x01 and cosignature/v1 0x04 are known)");
		sodium_memzero(raw, sizeof(raw));
		return -1;
	}
	memcpy(name, text, name_len);
	name[name_len] = '\0';
	*type = raw[0];
	memcpy(key, raw + 1, 32);
	sodium_memzero(raw, sizeof(raw));
	return 0;
}

int gx_note_verifier_parse(const char *text, size_t len, struct gx_note_verifier *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof(*out));
	if (parse_tail(text, len, out->name, &out->key_id, &out->type, out->public_key, err, errlen) != 0)
		return -1;
	if (gx_note_key_id(out->name, strlen(out->name), out->type, out->public_key) != out->key_id) {
		fail(err, errlen, "the key id does not match the name and key");
		memset(out, 0, sizeof(*out));
		return -1;
	}
	return 0;
}

static int format_key(const char *prefix, const char *name, uint32_t key_id, unsigned char type,
		      const unsigned char key[32], char *out, size_t cap)
{
	unsigned char raw[33];
	char data[45];
	raw[0] = type;
	memcpy(raw + 1, key, 32);
	gx_tlog_b64_encode(raw, sizeof(raw), data, sizeof(data));
	sodium_memzero(raw, sizeof(raw));
	int n = snprintf(out, cap, "%s%s+%08x+%s", prefix, name, (unsigned)key_id, data);
	sodium_memzero(data, sizeof(data));
	if (n < 0 || (size_t)n >= cap) {
		if (cap > 0)
			sodium_memzero(out, cap);
		return -1;
	}
	return n;
}

int gx_note_verifier_format(const struct gx_note_verifier *v, char *out, size_t cap)
{
	return format_key("", v->name, v->key_id, v->type, v->public_key, out, cap);
}

static const char private_prefix[] = "PRIVATE+KEY+";

int gx_note_signer_parse(const char *text, size_t len, struct gx_note_signer *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof(*out));
	size_t plen = sizeof(private_prefix) - 1;
	if (len < plen || memcmp(text, private_prefix, plen) != 0) {
		fail(err, errlen, "a signer key starts with PRIVATE+KEY+");
		return -1;
	}
	unsigned char seed[32];
	if (parse_tail(text + plen, len - plen, out->pub.name, &out->pub.key_id, &out->pub.type, seed, err, errlen) !=
	    0)
		return -1;
	crypto_sign_seed_keypair(out->pub.public_key, out->secret, seed);
	sodium_memzero(seed, sizeof(seed));
	if (gx_note_key_id(out->pub.name, strlen(out->pub.name), out->pub.type, out->pub.public_key) !=
	    out->pub.key_id) {
		fail(err, errlen, "the key id does not match the name and key");
		gx_note_signer_wipe(out);
		return -1;
	}
	return 0;
}

int gx_note_signer_format(const struct gx_note_signer *s, char *out, size_t cap)
{
	/* libsodium's secret key is the seed followed by the public key */
	return format_key(private_prefix, s->pub.name, s->pub.key_id, s->pub.type, s->secret, out, cap);
}

int gx_note_signer_generate(const char *name, unsigned char type, struct gx_note_signer *out, char *err,
			    size_t errlen)
{
	memset(out, 0, sizeof(*out));
	if (sodium_init() < 0) {
		fail(err, errlen, "libsodium cannot start");
		return -1;
	}
	size_t len = strlen(name);
	if (!gx_note_name_valid(name, len)) {
		fail(err, errlen, "the key name is empty, too long, or has a space, a '+' or bad UTF-8");
		return -1;
	}
	if (type != GX_NOTE_KEY_ED25519 && type != GX_NOTE_KEY_COSIGNATURE_V1) {
		fail(err, errlen, "unknown key type");
		return -1;
	}
	memcpy(out->pub.name, name, len + 1);
	out->pub.type = type;
	crypto_sign_keypair(out->pub.public_key, out->secret);
	out->pub.key_id = gx_note_key_id(name, len, type, out->pub.public_key);
	return 0;
}

void gx_note_signer_wipe(struct gx_note_signer *s)
{
	sodium_memzero(s, sizeof(*s));
}
