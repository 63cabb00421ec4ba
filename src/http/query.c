#include "http/query.h"

#include "util/hex.h"

#include <stdbool.h>
#include <string.h>

const char *gx_query_of(const char *target, size_t len, size_t *query_len)
{
	const char *q = memchr(target, '?', len);
	if (q == NULL) {
		*query_len = 0;
		return target + len;
	}
	q++;
	const char *end = memchr(q, '#', len - (size_t)(q - target));
	*query_len = (size_t)((end != NULL ? end : target + len) - q);
	return q;
}

static long decode(const char *s, size_t len, char *out, size_t outlen)
{
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == '+') {
			c = ' ';
		} else if (c == '%') {
			if (i + 2 >= len)
				return -2;
			int hi = gx_hex_digit(s[i + 1]), lo = gx_hex_digit(s[i + 2]);
			if (hi < 0 || lo < 0)
				return -2;
			c = (char)(hi * 16 + lo);
			i += 2;
		}
		if (c == '\0' || o + 1 >= outlen)
			return -2;
		out[o++] = c;
	}
	if (outlen == 0)
		return -2;
	out[o] = '\0';
	return (long)o;
}

long gx_query_get(const char *query, size_t len, const char *name, char *out, size_t outlen)
{
	return gx_query_get_nth(query, len, name, 0, out, outlen);
}

long gx_query_get_nth(const char *query, size_t len, const char *name, size_t nth, char *out, size_t outlen)
{
	size_t nlen = strlen(name), pos = 0;
	while (pos < len) {
		const char *amp = memchr(query + pos, '&', len - pos);
		size_t end = amp != NULL ? (size_t)(amp - query) : len;
		const char *pair = query + pos;
		size_t plen = end - pos;
		const char *eq = memchr(pair, '=', plen);
		size_t klen = eq != NULL ? (size_t)(eq - pair) : plen;
		if (klen == nlen && memcmp(pair, name, nlen) == 0 && nth-- == 0) {
			if (eq == NULL)
				return decode("", 0, out, outlen);
			return decode(eq + 1, plen - klen - 1, out, outlen);
		}
		pos = end + 1;
	}
	return -1;
}

long gx_query_encode(const char *s, size_t len, char *out, size_t outlen)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
			     c == '.' || c == '_' || c == '~' || c == '/';
		if (o + (plain ? 1 : 3) >= outlen)
			return -1;
		if (plain) {
			out[o++] = (char)c;
		} else {
			out[o++] = '%';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		}
	}
	if (outlen == 0)
		return -1;
	out[o] = '\0';
	return (long)o;
}

bool gx_is_local_path(const char *p)
{
	if (p[0] != '/' || p[1] == '/' || p[1] == '\\')
		return false;
	for (; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f || *p == '\\')
			return false;
	return true;
}
