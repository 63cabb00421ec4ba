/* UTF-8 decoding (strict: no overlong forms, no surrogates, at most
 * U+10FFFF) and the repertoire of printable code points: the ranges below
 * are those DejaVu Sans and DejaVu Sans Bold draw (fc-query), within the
 * scripts of the EU's registers, without combining marks: registers hold
 * names in composed form (NFC), and a lone mark would print apart from its
 * letter. pdf_glyphs_test.c checks that the letters print with their marks. */

#include "certificates/utf8_int.h"

int32_t gx_cert_utf8_next(const char *s, size_t n, size_t *i)
{
	const unsigned char *p = (const unsigned char *)s + *i;
	size_t left = n - *i;
	if (left == 0)
		return -1;
	unsigned c = p[0];
	size_t len;
	int32_t cp, min;
	if (c < 0x80) {
		*i += 1;
		return (int32_t)c;
	} else if ((c & 0xE0) == 0xC0) {
		len = 2, cp = c & 0x1F, min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		len = 3, cp = c & 0x0F, min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		len = 4, cp = c & 0x07, min = 0x10000;
	} else {
		return -1;
	}
	if (left < len)
		return -1;
	for (size_t k = 1; k < len; k++) {
		if ((p[k] & 0xC0) != 0x80)
			return -1;
		cp = cp << 6 | (p[k] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return -1;
	*i += len;
	return cp;
}

bool gx_cert_printable(int32_t cp)
{
	static const struct {
		int32_t from, to;
	} ranges[] = {
		{0x0020, 0x007E}, /* Basic Latin, printable */
		{0x00A0, 0x00AC}, /* Latin-1 Supplement (not the invisible soft hyphen) */
		{0x00AE, 0x024F}, /* … Latin Extended-A and -B */
		{0x0370, 0x0377}, /* Greek (the assigned code points) */
		{0x037A, 0x037F},
		{0x0384, 0x038A},
		{0x038C, 0x038C},
		{0x038E, 0x03A1},
		{0x03A3, 0x03FF},
		{0x0400, 0x0482}, /* Cyrillic (not its combining marks) */
		{0x048A, 0x04FF},
		{0x1E00, 0x1EFB}, /* Latin Extended Additional */
		{0x2010, 0x2027}, /* dashes, quotation marks, ellipsis */
	};
	for (size_t k = 0; k < sizeof(ranges) / sizeof(ranges[0]); k++)
		if (cp >= ranges[k].from && cp <= ranges[k].to)
			return true;
	return false;
}
