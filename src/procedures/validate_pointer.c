/** The JSON Pointer (RFC 6901) of the value being checked, built one segment
 *  at a time; a segment that does not fit is cut at a character boundary. */

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "procedures/validate_int.h"

/* Appends n bytes if they fit with the terminating NUL. */
static bool put(struct gx_sv *c, const char *b, size_t n)
{
	if (n >= sizeof c->ptr - c->len)
		return false;
	memcpy(c->ptr + c->len, b, n);
	c->len += n;
	c->ptr[c->len] = '\0';
	return true;
}

size_t gx_sv_push(struct gx_sv *c, const char *seg)
{
	size_t saved = c->len;
	if (c->cut)
		return SIZE_MAX; /* the pointer already names an ancestor: popping this is a no-op */
	if (!put(c, "/", 1)) {
		c->cut = true;
		return saved;
	}
	for (size_t i = 0; seg[i] != '\0';) {
		unsigned char b = (unsigned char)seg[i];
		size_t n = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
		bool ok;
		if (strnlen(seg + i, n) < n)
			n = strnlen(seg + i, n);
		if (b == '~')
			ok = put(c, "~0", 2);
		else if (b == '/')
			ok = put(c, "~1", 2);
		else
			ok = put(c, seg + i, n);
		if (!ok) {
			c->cut = true;
			break;
		}
		i += n;
	}
	return saved;
}

size_t gx_sv_push_index(struct gx_sv *c, size_t i)
{
	char b[24];
	snprintf(b, sizeof b, "%zu", i);
	return gx_sv_push(c, b);
}

void gx_sv_pop(struct gx_sv *c, size_t len)
{
	if (len != SIZE_MAX && len <= c->len) {
		c->len = len;
		c->ptr[len] = '\0';
		c->cut = false;
	}
}
