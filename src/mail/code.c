/** One-time codes for e-mail verification (code.h). */

#include "mail/code.h"

#include <sodium.h>
#include <string.h>

#define DAY_US (24LL * 3600 * 1000000)
static const char CONTEXT[] = "guichet mail code v1";

void gx_mail_code_generate(char code[GX_MAIL_CODE_DIGITS + 1])
{
	uint32_t v = randombytes_uniform(1000000);
	for (int i = GX_MAIL_CODE_DIGITS - 1; i >= 0; i--) {
		code[i] = (char)('0' + v % 10);
		v /= 10;
	}
	code[GX_MAIL_CODE_DIGITS] = '\0';
}

void gx_mail_code_hash(const uint8_t key[GX_MAIL_CODE_KEY_BYTES], const uint8_t salt[GX_MAIL_CODE_SALT_BYTES],
		       const void *binding, size_t binding_len, const char code[GX_MAIL_CODE_DIGITS],
		       uint8_t out[GX_MAIL_CODE_HASH_BYTES])
{
	crypto_generichash_state st;
	uint8_t len[8];
	for (int i = 0; i < 8; i++)
		len[i] = (uint8_t)((uint64_t)binding_len >> (56 - 8 * i));
	crypto_generichash_init(&st, key, GX_MAIL_CODE_KEY_BYTES, GX_MAIL_CODE_HASH_BYTES);
	crypto_generichash_update(&st, (const unsigned char *)CONTEXT, sizeof(CONTEXT));
	crypto_generichash_update(&st, salt, GX_MAIL_CODE_SALT_BYTES);
	crypto_generichash_update(&st, len, sizeof(len));
	crypto_generichash_update(&st, binding, binding_len);
	crypto_generichash_update(&st, (const unsigned char *)code, GX_MAIL_CODE_DIGITS);
	crypto_generichash_final(&st, out, GX_MAIL_CODE_HASH_BYTES);
	sodium_memzero(&st, sizeof(st));
}

bool gx_mail_code_may_issue(const struct gx_mail_code_record *last, long long now_us,
			    const struct gx_mail_code_policy *p)
{
	if (last == NULL)
		return p->max_per_day > 0;
	if (now_us < last->issued_us + (long long)p->resend_s * 1000000)
		return false;
	bool same_day = now_us < last->day_start_us + DAY_US;
	return !same_day || last->day_count < p->max_per_day;
}

int gx_mail_code_issue(const struct gx_mail_code_record *last, const uint8_t key[GX_MAIL_CODE_KEY_BYTES],
		       const void *binding, size_t binding_len, long long now_us, const struct gx_mail_code_policy *p,
		       char code[GX_MAIL_CODE_DIGITS + 1], struct gx_mail_code_record *rec)
{
	if (!gx_mail_code_may_issue(last, now_us, p))
		return -1;
	struct gx_mail_code_record r = {0};
	if (last != NULL && now_us < last->day_start_us + DAY_US) {
		r.day_start_us = last->day_start_us;
		r.day_count = last->day_count + 1;
	} else {
		r.day_start_us = now_us;
		r.day_count = 1;
	}
	gx_mail_code_generate(code);
	randombytes_buf(r.salt, sizeof(r.salt));
	gx_mail_code_hash(key, r.salt, binding, binding_len, code, r.hash);
	r.issued_us = now_us;
	r.expires_us = now_us + (long long)p->ttl_s * 1000000;
	*rec = r;
	return 0;
}

/* The six digits of typed, spaces and hyphens left out ("123 456"). */
static int normalise(const char *typed, size_t len, char out[GX_MAIL_CODE_DIGITS])
{
	size_t n = 0;
	if (typed == NULL || len > 32)
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (typed[i] == ' ' || typed[i] == '-')
			continue;
		if (typed[i] < '0' || typed[i] > '9' || n == GX_MAIL_CODE_DIGITS)
			return -1;
		out[n++] = typed[i];
	}
	return n == GX_MAIL_CODE_DIGITS ? 0 : -1;
}

enum gx_mail_code_verdict gx_mail_code_check(struct gx_mail_code_record *rec,
					     const uint8_t key[GX_MAIL_CODE_KEY_BYTES], const void *binding,
					     size_t binding_len, const char *typed, size_t typed_len, long long now_us,
					     const struct gx_mail_code_policy *p)
{
	/* Locked and expired first: after them, no answer tells anything of the code. */
	if (rec->used || rec->attempts >= p->max_attempts)
		return GX_MAIL_CODE_LOCKED;
	if (now_us >= rec->expires_us || now_us < rec->issued_us)
		return GX_MAIL_CODE_EXPIRED;
	char digits[GX_MAIL_CODE_DIGITS];
	if (normalise(typed, typed_len, digits) != 0)
		return GX_MAIL_CODE_MALFORMED;
	uint8_t h[GX_MAIL_CODE_HASH_BYTES];
	gx_mail_code_hash(key, rec->salt, binding, binding_len, digits, h);
	bool same = sodium_memcmp(h, rec->hash, sizeof(h)) == 0;
	sodium_memzero(digits, sizeof(digits));
	sodium_memzero(h, sizeof(h));
	if (!same) {
		rec->attempts++;
		return GX_MAIL_CODE_WRONG;
	}
	rec->used = true;
	return GX_MAIL_CODE_OK;
}

const char *gx_mail_code_verdict_name(enum gx_mail_code_verdict v)
{
	switch (v) {
	case GX_MAIL_CODE_OK: return "ok";
	case GX_MAIL_CODE_WRONG: return "wrong";
	case GX_MAIL_CODE_MALFORMED: return "malformed";
	case GX_MAIL_CODE_EXPIRED: return "expired";
	case GX_MAIL_CODE_LOCKED: return "locked";
	}
	return "invalid";
}
