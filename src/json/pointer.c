#include "json/spec_int.h"

#include <stdio.h>
#include <string.h>

/** Bytes in the UTF-8 sequence led by c (1 for ASCII or a stray byte). */
static size_t utf8_unit(unsigned char c)
{
	if (c >= 0xF0)
		return 4;
	if (c >= 0xE0)
		return 3;
	if (c >= 0xC0)
		return 2;
	return 1;
}

/* Appends n bytes only if they all fit with the terminating NUL. */
static bool put(struct gx_json_ptr *p, const char *b, size_t n)
{
	if (n >= sizeof p->buf - p->len)
		return false;
	memcpy(p->buf + p->len, b, n);
	p->len += n;
	p->buf[p->len] = '\0';
	return true;
}

size_t gx_json_ptr_push(struct gx_json_ptr *p, const char *seg, size_t len)
{
	size_t saved = p->len;

	if (p->cut)
		return saved;
	if (!put(p, "/", 1)) {
		p->cut = true;
		return saved;
	}
	for (size_t i = 0; i < len;) {
		unsigned char c = (unsigned char)seg[i];
		size_t n = utf8_unit(c);
		bool ok;

		if (n > len - i)
			n = len - i;
		if (c == '~')
			ok = put(p, "~0", 2);
		else if (c == '/')
			ok = put(p, "~1", 2);
		else
			ok = put(p, seg + i, n);
		if (!ok) {
			p->cut = true;
			break;
		}
		i += n;
	}
	return saved;
}

size_t gx_json_ptr_push_index(struct gx_json_ptr *p, size_t index)
{
	char num[24];
	int n = snprintf(num, sizeof num, "%zu", index);

	return gx_json_ptr_push(p, num, (size_t)n);
}

void gx_json_ptr_pop(struct gx_json_ptr *p, size_t len)
{
	if (len < p->len) {
		p->len = len;
		p->buf[len] = '\0';
		p->cut = false;
	}
}
