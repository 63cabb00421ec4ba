/* Folding for the letter box's search (lb_fold.h). */

#include "core/lb_fold.h"

#include <stdint.h>
#include <string.h>

/* U+00C0 .. U+017F to their base letter in lower case; 0: keep as is. */
static const char latin[0x180 - 0xC0] = {
	/* C0 */ 'a', 'a', 'a', 'a', 'a', 'a', 0, 'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i',
	/* D0 */ 'd', 'n', 'o', 'o', 'o', 'o', 'o', 0, 'o', 'u', 'u', 'u', 'u', 'y', 0, 0,
	/* E0 */ 'a', 'a', 'a', 'a', 'a', 'a', 0, 'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i',
	/* F0 */ 'd', 'n', 'o', 'o', 'o', 'o', 'o', 0, 'o', 'u', 'u', 'u', 'u', 'y', 0, 'y',
	/* 100 */ 'a', 'a', 'a', 'a', 'a', 'a', 'c', 'c', 'c', 'c', 'c', 'c', 'c', 'c', 'd', 'd',
	/* 110 */ 'd', 'd', 'e', 'e', 'e', 'e', 'e', 'e', 'e', 'e', 'e', 'e', 'g', 'g', 'g', 'g',
	/* 120 */ 'g', 'g', 'g', 'g', 'h', 'h', 'h', 'h', 'i', 'i', 'i', 'i', 'i', 'i', 'i', 'i',
	/* 130 */ 'i', 'i', 0, 0, 'j', 'j', 'k', 'k', 0, 'l', 'l', 'l', 'l', 'l', 'l', 'l',
	/* 140 */ 'l', 'l', 'l', 'n', 'n', 'n', 'n', 'n', 'n', 'n', 0, 0, 'o', 'o', 'o', 'o',
	/* 150 */ 'o', 'o', 0, 0, 'r', 'r', 'r', 'r', 'r', 'r', 's', 's', 's', 's', 's', 's',
	/* 160 */ 's', 's', 't', 't', 't', 't', 't', 't', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u',
	/* 170 */ 'u', 'u', 'u', 'u', 'w', 'w', 'y', 'y', 'y', 'z', 'z', 'z', 'z', 'z', 'z', 's',
};

/* The length of the well-formed UTF-8 sequence at s (at most n bytes) and its code point; 0 when invalid. */
static size_t decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	size_t len = s[0] >= 0xF0 && s[0] <= 0xF4 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 && s[0] < 0xE0 ? 2 : 0;
	if (len == 0 || len > n)
		return 0;
	uint32_t v = s[0] & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = v << 6 | (s[i] & 0x3F);
	}
	if ((len == 3 && (v < 0x800 || (v >= 0xD800 && v <= 0xDFFF))) || (len == 4 && (v < 0x10000 || v > 0x10FFFF)))
		return 0;
	*cp = v;
	return len;
}

size_t gx_lb_fold(const char *s, size_t len, char *out, size_t cap)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t o = 0;
	if (cap == 0)
		return 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = decode(p + i, len - i, &cp);
		if (n == 0) {
			i++; /* an invalid byte is dropped */
			continue;
		}
		char c = cp < 0x80 ? (char)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp)
			 : cp >= 0xC0 && cp < 0x180 ? latin[cp - 0xC0] : 0;
		if (c != 0) {
			if (o + 1 >= cap)
				break;
			out[o++] = c;
		} else {
			if (o + n >= cap)
				break;
			memcpy(out + o, p + i, n);
			o += n;
		}
		i += n;
	}
	out[o] = '\0';
	return o;
}

bool gx_lb_text_ok(const char *s, size_t len, size_t min, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	if (len < min || len > max)
		return false;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = decode(p + i, len - i, &cp);
		if (n == 0 || cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0x2028 || cp == 0x2029)
			return false;
		i += n;
	}
	return true;
}
