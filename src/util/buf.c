#include "util/buf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int reserve(struct gx_buf *b, size_t extra)
{
	if (b->failed)
		return -1;
	if (extra > SIZE_MAX - b->len - 1)
		goto fail;
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	char *p = realloc(b->data, cap);
	if (p == NULL)
		goto fail;
	b->data = p;
	b->cap = cap;
	return 0;
fail:
	b->failed = true;
	return -1;
}

int gx_buf_reserve(struct gx_buf *b, size_t extra)
{
	return reserve(b, extra);
}

int gx_buf_append(struct gx_buf *b, const void *data, size_t len)
{
	if (reserve(b, len) != 0)
		return -1;
	if (len > 0)
		memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
	return 0;
}

int gx_buf_append_str(struct gx_buf *b, const char *s)
{
	return gx_buf_append(b, s, strlen(s));
}

int gx_buf_append_char(struct gx_buf *b, char c)
{
	if (b->len + 2 <= b->cap && !b->failed) {
		b->data[b->len++] = c;
		b->data[b->len] = '\0';
		return 0;
	}
	return gx_buf_append(b, &c, 1);
}

int gx_buf_appendf(struct gx_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || reserve(b, (size_t)n) != 0)
		return -1;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

int gx_buf_append_filled(struct gx_buf *b, const char *tmpl, const char *const *pairs)
{
	for (const char *p = tmpl; *p != '\0';) {
		const char *open = strchr(p, '{');
		const char *close = open != NULL ? strchr(open, '}') : NULL;
		if (close == NULL)
			return gx_buf_append_str(b, p);
		size_t n = (size_t)(close - open - 1);
		const char *value = NULL;
		for (size_t i = 0; pairs[i] != NULL; i += 2)
			if (strlen(pairs[i]) == n && memcmp(pairs[i], open + 1, n) == 0)
				value = pairs[i + 1];
		gx_buf_append(b, p, (size_t)(open - p));
		if (value != NULL)
			gx_buf_append_str(b, value);
		else
			gx_buf_append(b, open, n + 2);
		p = close + 1;
	}
	return b->failed ? -1 : 0;
}

const char *gx_buf_cstr(struct gx_buf *b)
{
	return b->data != NULL ? b->data : "";
}

void gx_buf_reset(struct gx_buf *b)
{
	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

void gx_buf_free(struct gx_buf *b)
{
	free(b->data);
	*b = (struct gx_buf)GX_BUF_INIT;
}
