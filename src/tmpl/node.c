/** The compiled tree's lists, and filling in errors. */

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "tmpl/tmpl_int.h"

int gx_tmpl_list_push(struct gx_tmpl_list *l, const struct gx_tmpl_node *node)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		if (cap > SIZE_MAX / sizeof(*l->v))
			return -1;
		struct gx_tmpl_node *v = realloc(l->v, cap * sizeof(*v));
		if (v == NULL)
			return -1;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = *node;
	return 0;
}

void gx_tmpl_list_free(struct gx_tmpl_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		gx_tmpl_list_free(&l->v[i].body);
	free(l->v);
	*l = (struct gx_tmpl_list){0};
}

int gx_tmpl_fail(struct gx_tmpl_error *err, const char *file, unsigned line, const char *fmt, ...)
{
	if (err == NULL)
		return -1;
	snprintf(err->file, sizeof(err->file), "%s", file ? file : "");
	err->line = line;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
	return -1;
}
