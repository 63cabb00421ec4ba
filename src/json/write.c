#include "json/write.h"

#include <stdio.h>
#include <string.h>

/* The length of the valid UTF-8 sequence at s (at most n bytes), or 0. */
static size_t utf8_length(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	size_t len;
	unsigned min;
	unsigned cp;
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2, cp = c & 0x1f, min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3, cp = c & 0x0f, min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4, cp = c & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

void gx_json_write_string(struct gx_buf *b, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	gx_buf_append_char(b, '"');
	size_t run = 0; /* bytes copied as they are, pending */
	for (size_t i = 0; i < len;) {
		unsigned char c = p[i];
		if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
			run++, i++;
			continue;
		}
		size_t u = c >= 0x80 ? utf8_length(p + i, len - i) : 0;
		if (u > 0) {
			run += u, i += u;
			continue;
		}
		gx_buf_append(b, p + i - run, run);
		run = 0;
		char esc[8];
		size_t n = 2;
		esc[0] = '\\';
		switch (c) {
		case '"': esc[1] = '"'; break;
		case '\\': esc[1] = '\\'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		case '\t': esc[1] = 't'; break;
		case '\b': esc[1] = 'b'; break;
		case '\f': esc[1] = 'f'; break;
		default:
			if (c >= 0x80) { /* not UTF-8: U+FFFD */
				memcpy(esc, "\xef\xbf\xbd", 3);
				n = 3;
			} else {
				memcpy(esc, "\\u00", 4);
				esc[4] = hex[c >> 4];
				esc[5] = hex[c & 15];
				n = 6;
			}
		}
		gx_buf_append(b, esc, n);
		i++;
	}
	gx_buf_append(b, p + len - run, run);
	gx_buf_append_char(b, '"');
}

void gx_json_write_cstr(struct gx_buf *b, const char *s)
{
	gx_json_write_string(b, s, strlen(s));
}

void gx_json_write_cstr_or_null(struct gx_buf *b, const char *s)
{
	if (s == NULL || s[0] == '\0')
		gx_buf_append(b, "null", 4);
	else
		gx_json_write_cstr(b, s);
}

void gx_json_write_int(struct gx_buf *b, long long v)
{
	char tmp[24];
	char *end = tmp + sizeof(tmp), *q = end;
	unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
	do {
		*--q = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		*--q = '-';
	gx_buf_append(b, q, (size_t)(end - q));
}

void gx_json_write_key(struct gx_buf *b, const char *key, int first)
{
	if (!first)
		gx_buf_append_char(b, ',');
	gx_buf_append_char(b, '"');
	gx_buf_append_str(b, key);
	gx_buf_append(b, "\":", 2);
}
