/** Folding text for matching and sorting (fold.h). */

#include "util/fold.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* U+00C0 … U+017F (Latin-1 Supplement letters, Latin Extended-A): the
 * letters without their marks, lower case; "" for the two signs (× ÷). */
static const char *const latin[192] = {
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "ss",
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "y",
	"a", "a", "a", "a", "a", "a", "c", "c", "c", "c", "c", "c", "c", "c", "d", "d",
	"d", "d", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "g", "g", "g", "g",
	"g", "g", "g", "g", "h", "h", "h", "h", "i", "i", "i", "i", "i", "i", "i", "i",
	"i", "i", "ij", "ij", "j", "j", "k", "k", "k", "l", "l", "l", "l", "l", "l", "l",
	"l", "l", "l", "n", "n", "n", "n", "n", "n", "n", "n", "n", "o", "o", "o", "o",
	"o", "o", "oe", "oe", "r", "r", "r", "r", "r", "r", "s", "s", "s", "s", "s", "s",
	"s", "s", "t", "t", "t", "t", "t", "t", "u", "u", "u", "u", "u", "u", "u", "u",
	"u", "u", "u", "u", "w", "w", "y", "y", "y", "z", "z", "z", "z", "z", "z", "s",
};

/* The code point at s (n bytes left) and its length, or -1 for a byte that
 * does not start a well-formed sequence (then *len is 1). */
static int32_t decode(const unsigned char *s, size_t n, size_t *len)
{
	*len = 1;
	if (s[0] < 0x80)
		return s[0];
	size_t need = s[0] >= 0xF0 && s[0] <= 0xF4 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 && s[0] < 0xE0 ? 2 : 0;
	if (need == 0 || need > n)
		return -1;
	int32_t cp = s[0] & (need == 2 ? 0x1F : need == 3 ? 0x0F : 0x07);
	for (size_t i = 1; i < need; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return -1;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if ((need == 3 && cp < 0x800) || (need == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
		return -1;
	*len = need;
	return cp;
}

/* Whether a code point outside ASCII and Latin counts as part of a word:
 * letters of other scripts do; punctuation and spaces (U+2000 … U+206F,
 * U+00A0 … U+00BF, U+3000 …) do not. */
static bool other_letter(int32_t cp)
{
	return cp >= 0x0180 && !(cp >= 0x2000 && cp <= 0x2BFF) && !(cp >= 0x3000 && cp <= 0x303F) &&
	       !(cp >= 0xFE00 && cp <= 0xFE6F) && cp != 0xFEFF;
}

int gx_fold_append(struct gx_buf *out, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	bool gap = false, any = false;
	size_t i = 0;
	while (i < n) {
		size_t len;
		int32_t cp = decode(s + i, n - i, &len);
		const char *piece = NULL;
		char ascii[2] = {0, 0};
		if (cp >= 'A' && cp <= 'Z')
			ascii[0] = (char)(cp - 'A' + 'a');
		else if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
			ascii[0] = (char)cp;
		if (ascii[0] != 0)
			piece = ascii;
		else if (cp >= 0xC0 && cp < 0x180 && latin[cp - 0xC0][0] != '\0')
			piece = latin[cp - 0xC0];
		if (piece != NULL || (cp > 0 && other_letter(cp))) {
			if (gap && any)
				gx_buf_append_char(out, ' ');
			if (piece != NULL)
				gx_buf_append_str(out, piece);
			else
				gx_buf_append(out, s + i, len);
			gap = false;
			any = true;
		} else {
			gap = true;
		}
		i += len;
	}
	return out->failed ? -1 : 0;
}

size_t gx_fold(const char *s, char *out, size_t cap)
{
	struct gx_buf b = GX_BUF_INIT;
	gx_fold_append(&b, s, strlen(s));
	size_t n = b.len < cap ? b.len : (cap > 0 ? cap - 1 : 0);
	while (n > 0 && n < b.len && ((unsigned char)b.data[n] & 0xC0) == 0x80)
		n--; /* not in the middle of a character */
	if (cap > 0) {
		if (n > 0)
			memcpy(out, b.data, n);
		out[n] = '\0';
	}
	gx_buf_free(&b);
	return n;
}
