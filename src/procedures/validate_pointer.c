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

size_t gx_sv_label_push(struct gx_sv *c, const char *sep, const char *text)
{
	size_t saved = c->label_len;
	int n = snprintf(c->label + c->label_len, sizeof c->label - c->label_len, "%s%s", sep, text != NULL ? text : "");
	if (n < 0)
		return saved;
	c->label_len += (size_t)n < sizeof c->label - c->label_len ? (size_t)n : sizeof c->label - c->label_len - 1;
	return saved;
}

void gx_sv_label_pop(struct gx_sv *c, size_t len)
{
	if (len <= c->label_len) {
		c->label_len = len;
		c->label[len] = '\0';
	}
}

const char *gx_sv_text(const struct gx_sv *c, const json_t *texts)
{
	const char *t = json_string_value(json_object_get(texts, c->lang_code));
	if (t == NULL && c->lang_code != NULL && strcmp(c->lang_code, "lb") == 0)
		t = json_string_value(json_object_get(texts, "de"));
	return t != NULL ? t : json_string_value(json_object_get(texts, "fr"));
}
