#include "translog/b64.h"

#include <stdint.h>

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static int value_of(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

size_t gx_tlog_b64_len(size_t n)
{
	return (n + 2) / 3 * 4;
}

long gx_tlog_b64_encode(const void *in, size_t n, char *out, size_t cap)
{
	const unsigned char *p = in;
	size_t need = gx_tlog_b64_len(n);
	if (n > SIZE_MAX / 2 || need + 1 > cap)
		return -1;
	size_t o = 0;
	for (size_t i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16;
		if (i + 1 < n)
			v |= (uint32_t)p[i + 1] << 8;
		if (i + 2 < n)
			v |= p[i + 2];
		out[o++] = alphabet[(v >> 18) & 63];
		out[o++] = alphabet[(v >> 12) & 63];
		out[o++] = i + 1 < n ? alphabet[(v >> 6) & 63] : '=';
		out[o++] = i + 2 < n ? alphabet[v & 63] : '=';
	}
	out[o] = '\0';
	return (long)o;
}

long gx_tlog_b64_decode(const char *in, size_t n, unsigned char *out, size_t cap)
{
	if (n % 4 != 0)
		return -1;
	size_t o = 0;
	for (size_t i = 0; i < n; i += 4) {
		int v[4];
		size_t pad = 0;
		for (int j = 0; j < 4; j++) {
			unsigned char c = (unsigned char)in[i + j];
			/* '=' only in the last group's last two places, and only at the end */
			if (c == '=' && i + 4 == n && j >= 2 && (j == 3 || in[i + 3] == '=')) {
				v[j] = 0;
				pad++;
				continue;
			}
			v[j] = value_of(c);
			if (v[j] < 0)
				return -1;
		}
		uint32_t bits = (uint32_t)v[0] << 18 | (uint32_t)v[1] << 12 | (uint32_t)v[2] << 6 | (uint32_t)v[3];
		/* the bits padding stands for must be zero: one text per value */
		if ((pad == 1 && (bits & 0xff) != 0) || (pad == 2 && (bits & 0xffff) != 0))
			return -1;
		size_t bytes = 3 - pad;
		if (o + bytes > cap)
			return -1;
		out[o++] = (unsigned char)(bits >> 16);
		if (bytes > 1)
			out[o++] = (unsigned char)(bits >> 8);
		if (bytes > 2)
			out[o++] = (unsigned char)bits;
	}
	return (long)o;
}
