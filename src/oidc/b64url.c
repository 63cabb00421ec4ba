/** Strict unpadded base64url, for JWS parts, JWK members and PKCE. */

#include "oidc/b64url.h"

#include <limits.h>
#include <stdint.h>

static const char alphabet[64] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** Value of a base64url character, or -1. */
static int value_of(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '-')
		return 62;
	if (c == '_')
		return 63;
	return -1;
}

int gx_b64url_is_char(unsigned char c)
{
	return value_of(c) >= 0;
}

size_t gx_b64url_encoded_len(size_t n)
{
	size_t full = n / 3, rest = n % 3;
	if (full > (SIZE_MAX - 3) / 4)
		return (size_t)-1;
	return full * 4 + (rest == 0 ? 0 : rest + 1);
}

size_t gx_b64url_decoded_max(size_t n)
{
	return n / 4 * 3 + (n % 4 == 0 ? 0 : n % 4 - 1);
}

long gx_b64url_encode(const void *in, size_t n, char *out, size_t cap)
{
	const unsigned char *p = in;
	size_t need = gx_b64url_encoded_len(n);
	if (out == NULL || need == (size_t)-1 || need >= cap || need > LONG_MAX || (n > 0 && p == NULL))
		return -1;
	size_t o = 0, i = 0;
	for (; i + 3 <= n; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
		out[o++] = alphabet[v >> 18 & 63];
		out[o++] = alphabet[v >> 12 & 63];
		out[o++] = alphabet[v >> 6 & 63];
		out[o++] = alphabet[v & 63];
	}
	if (n - i == 1) {
		uint32_t v = (uint32_t)p[i] << 16;
		out[o++] = alphabet[v >> 18 & 63];
		out[o++] = alphabet[v >> 12 & 63];
	} else if (n - i == 2) {
		uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8;
		out[o++] = alphabet[v >> 18 & 63];
		out[o++] = alphabet[v >> 12 & 63];
		out[o++] = alphabet[v >> 6 & 63];
	}
	out[o] = '\0';
	return (long)o;
}

long gx_b64url_decode(const char *in, size_t n, unsigned char *out, size_t cap)
{
	if ((in == NULL && n > 0) || (out == NULL && cap > 0))
		return -1;
	if (n % 4 == 1)
		return -1;  /* one leftover character carries only 6 bits: never valid */
	size_t need = gx_b64url_decoded_max(n);
	if (need > cap || need > LONG_MAX)
		return -1;
	size_t o = 0, i = 0;
	const unsigned char *s = (const unsigned char *)in;
	for (; i + 4 <= n; i += 4) {
		int a = value_of(s[i]), b = value_of(s[i + 1]), c = value_of(s[i + 2]), d = value_of(s[i + 3]);
		if ((a | b | c | d) < 0)
			return -1;
		uint32_t v = (uint32_t)a << 18 | (uint32_t)b << 12 | (uint32_t)c << 6 | (uint32_t)d;
		out[o++] = (unsigned char)(v >> 16);
		out[o++] = (unsigned char)(v >> 8);
		out[o++] = (unsigned char)v;
	}
	size_t rest = n - i;
	if (rest >= 2) {
		int a = value_of(s[i]), b = value_of(s[i + 1]);
		int c = rest == 3 ? value_of(s[i + 2]) : 0;
		if ((a | b | c) < 0)
			return -1;
		uint32_t v = (uint32_t)a << 18 | (uint32_t)b << 12 | (uint32_t)c << 6;
		/* canonical form: the bits below the last whole byte must be zero */
		if ((rest == 2 && (v & 0xffff) != 0) || (rest == 3 && (v & 0xff) != 0))
			return -1;
		out[o++] = (unsigned char)(v >> 16);
		if (rest == 3)
			out[o++] = (unsigned char)(v >> 8);
	}
	return (long)o;
}
