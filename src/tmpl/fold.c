/** Folding constant values into a compiled tree (gx_tmpl_set_fold): a
 *  {{t.key}} of a set compiled for one language is text known before any
 *  request, so it is rendered once, and runs of text are joined, leaving
 *  the renderer fewer nodes and no lookups through the context stack. */

#include <stdlib.h>
#include <string.h>

#include "tmpl/tmpl_int.h"
#include "util/buf.h"

/* The string at dotted path (len bytes) under values, or NULL. */
static const json_t *resolve(const json_t *values, const char *path, size_t len)
{
	const json_t *v = values;
	while (v != NULL && len > 0) {
		const char *dot = memchr(path, '.', len);
		size_t seg = dot != NULL ? (size_t)(dot - path) : len;
		if (seg == 0 || !json_is_object(v))
			return NULL;
		v = json_object_getn(v, path, seg);
		if (dot == NULL)
			break;
		path = dot + 1;
		len -= seg + 1;
		if (len == 0)
			return NULL;
	}
	return v != NULL && json_is_string(v) ? v : NULL;
}

/* Keeps s (owned) with t; -1 when out of memory (s freed). */
static int own(struct gx_tmpl *t, char *s)
{
	char **v = realloc(t->owned, (t->nowned + 1) * sizeof(*v));
	if (v == NULL) {
		free(s);
		return -1;
	}
	t->owned = v;
	t->owned[t->nowned++] = s;
	return 0;
}

/* The text node {{name.path}} of n renders as, when it can be known now. */
static int fold_value(struct gx_tmpl *t, struct gx_tmpl_node *n, const char *name, size_t nlen,
		      const json_t *values, bool after_lt)
{
	if (n->len <= nlen + 1 || memcmp(n->s, name, nlen) != 0 || n->s[nlen] != '.')
		return 0;
	const json_t *v = resolve(values, n->s + nlen + 1, n->len - nlen - 1);
	if (v == NULL)
		return 0;
	const char *s = json_string_value(v);
	size_t len = json_string_length(v);
	/* Left to the renderer: empty (no indentation to put), a newline (a
	 * partial's indentation is not put inside a value), raw markup, and a
	 * value right after a literal '<' (the renderer decides what it may be). */
	if (len == 0 || memchr(s, '\n', len) != NULL || after_lt || (n->kind == GX_TN_RAW && memchr(s, '<', len)))
		return 0;
	struct gx_buf b = GX_BUF_INIT;
	if (n->kind == GX_TN_RAW)
		gx_buf_append(&b, s, len);
	else
		gx_tmpl_escape_html(&b, s, len);
	if (b.failed || b.len == 0) {
		bool failed = b.failed;
		gx_buf_free(&b);
		return failed ? -1 : 0;
	}
	char *text = malloc(b.len);
	if (text == NULL) {
		gx_buf_free(&b);
		return -1;
	}
	memcpy(text, b.data, b.len);
	size_t tlen = b.len;
	gx_buf_free(&b);
	if (own(t, text) != 0)
		return -1;
	n->kind = GX_TN_TEXT;
	n->flags = 0;
	n->s = text;
	n->len = tlen;
	return 0;
}

/* Joins each run of text nodes of l into one. */
static int join_texts(struct gx_tmpl *t, struct gx_tmpl_list *l)
{
	size_t out = 0;
	for (size_t i = 0; i < l->n;) {
		size_t j = i + 1;
		size_t total = l->v[i].len;
		if (l->v[i].kind == GX_TN_TEXT)
			while (j < l->n && l->v[j].kind == GX_TN_TEXT) {
				total += l->v[j].len;
				j++;
			}
		if (j > i + 1) {
			char *text = malloc(total);
			if (text == NULL)
				return -1;
			size_t at = 0;
			for (size_t k = i; k < j; k++) {
				memcpy(text + at, l->v[k].s, l->v[k].len);
				at += l->v[k].len;
			}
			if (own(t, text) != 0)
				return -1;
			struct gx_tmpl_node joined = l->v[i];
			joined.s = text;
			joined.len = total;
			joined.flags = l->v[j - 1].flags; /* what matters is how it ends */
			l->v[out++] = joined;
		} else {
			l->v[out++] = l->v[i];
		}
		i = j;
	}
	l->n = out;
	return 0;
}

static int fold_list(struct gx_tmpl *t, struct gx_tmpl_list *l, const char *name, size_t nlen, const json_t *values)
{
	for (size_t i = 0; i < l->n; i++) {
		struct gx_tmpl_node *n = &l->v[i];
		if (n->kind == GX_TN_VAR || n->kind == GX_TN_RAW) {
			/* first of a list: what precedes it is only known at render */
			bool after_lt = i == 0 || (l->v[i - 1].kind == GX_TN_TEXT && (l->v[i - 1].flags & GX_TF_LT_TAIL));
			if (fold_value(t, n, name, nlen, values, after_lt) != 0)
				return -1;
		} else if (n->kind == GX_TN_SECTION || n->kind == GX_TN_INVERTED) {
			if (fold_list(t, &n->body, name, nlen, values) != 0)
				return -1;
		}
	}
	return join_texts(t, l);
}

int gx_tmpl_fold(struct gx_tmpl *t, const char *name, const json_t *values)
{
	return fold_list(t, &t->root, name, strlen(name), values);
}
