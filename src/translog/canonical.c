#include "translog/canonical.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "translog/utf8_int.h"

struct walk {
	struct gx_buf *out;
	char *err;
	size_t errlen;
	char where[256]; /* the JSON pointer of the value being written */
};

static int refuse(struct walk *w, const char *why)
{
	if (w->errlen > 0)
		snprintf(w->err, w->errlen, "%s: %s", w->where[0] ? w->where : "/", why);
	return -1;
}

static int write_string(struct walk *w, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	gx_buf_append_char(w->out, '"');
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *esc = NULL;
		switch (c) {
		case '"': esc = "\\\""; break;
		case '\\': esc = "\\\\"; break;
		case '\b': esc = "\\b"; break;
		case '\f': esc = "\\f"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '\t': esc = "\\t"; break;
		case 0: return refuse(w, "a NUL character");
		default: break;
		}
		if (esc != NULL) {
			gx_buf_append_str(w->out, esc);
		} else if (c < 0x20) {
			char u[7] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], 0};
			gx_buf_append_str(w->out, u);
		} else {
			gx_buf_append_char(w->out, (char)c);
		}
	}
	gx_buf_append_char(w->out, '"');
	return 0;
}

/* The next UTF-16 code unit of a UTF-8 string: what JCS sorts names by. */
struct units {
	const char *s;
	size_t len, at;
	unsigned pending; /* a low surrogate still to come, or 0 */
};

static int next_unit(struct units *u, unsigned *unit)
{
	if (u->pending) {
		*unit = u->pending;
		u->pending = 0;
		return 1;
	}
	if (u->at >= u->len)
		return 0;
	uint32_t cp;
	size_t n = gx_tlog_utf8_next(u->s + u->at, u->len - u->at, &cp);
	if (n == 0) {
		cp = (unsigned char)u->s[u->at]; /* jansson lets no invalid UTF-8 through */
		n = 1;
	}
	u->at += n;
	if (cp >= 0x10000) {
		cp -= 0x10000;
		*unit = 0xd800 + (cp >> 10);
		u->pending = 0xdc00 + (cp & 0x3ff);
	} else {
		*unit = cp;
	}
	return 1;
}

static int compare_names(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	struct units ux = {x, strlen(x), 0, 0}, uy = {y, strlen(y), 0, 0};
	for (;;) {
		unsigned cx, cy;
		int hx = next_unit(&ux, &cx), hy = next_unit(&uy, &cy);
		if (!hx || !hy)
			return hx - hy;
		if (cx != cy)
			return cx < cy ? -1 : 1;
	}
}

static int write_value(struct walk *w, const json_t *v, int depth);

/* Extends the JSON pointer (RFC 6901: '~' as ~0, '/' as ~1) with one step
 * while a child is written; returns where to cut it back. */
static size_t push_where(struct walk *w, const char *step)
{
	size_t at = strlen(w->where), o = at, cap = sizeof(w->where) - 1;
	if (o < cap)
		w->where[o++] = '/';
	for (const char *p = step; *p != '\0' && o + 2 <= cap; p++) {
		if (*p == '~' || *p == '/') {
			w->where[o++] = '~';
			w->where[o++] = *p == '~' ? '0' : '1';
		} else {
			w->where[o++] = *p;
		}
	}
	w->where[o] = '\0';
	return at;
}

static int write_object(struct walk *w, const json_t *v, int depth)
{
	size_t n = json_object_size(v);
	const char **names = n > 0 ? malloc(n * sizeof(*names)) : NULL;
	if (n > 0 && names == NULL)
		return refuse(w, "out of memory");
	size_t i = 0;
	const char *name;
	json_t *member;
	json_object_foreach((json_t *)v, name, member)
		names[i++] = name;
	if (n > 1)
		qsort(names, n, sizeof(*names), compare_names);
	int rc = 0;
	gx_buf_append_char(w->out, '{');
	for (i = 0; i < n && rc == 0; i++) {
		if (i > 0)
			gx_buf_append_char(w->out, ',');
		rc = write_string(w, names[i], strlen(names[i]));
		gx_buf_append_char(w->out, ':');
		size_t at = push_where(w, names[i]);
		if (rc == 0)
			rc = write_value(w, json_object_get(v, names[i]), depth + 1);
		if (rc == 0)
			w->where[at] = '\0';
	}
	gx_buf_append_char(w->out, '}');
	free(names);
	return rc;
}

static int write_value(struct walk *w, const json_t *v, int depth)
{
	if (depth > GX_TLOG_CANON_DEPTH_MAX)
		return refuse(w, "nested too deeply");
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return write_object(w, v, depth);
	case JSON_ARRAY: {
		gx_buf_append_char(w->out, '[');
		for (size_t i = 0; i < json_array_size(v); i++) {
			if (i > 0)
				gx_buf_append_char(w->out, ',');
			char step[24];
			snprintf(step, sizeof(step), "%zu", i);
			size_t at = push_where(w, step);
			if (write_value(w, json_array_get(v, i), depth + 1) != 0)
				return -1;
			w->where[at] = '\0';
		}
		gx_buf_append_char(w->out, ']');
		return 0;
	}
	case JSON_STRING:
		return write_string(w, json_string_value(v), json_string_length(v));
	case JSON_INTEGER: {
		json_int_t i = json_integer_value(v);
		if (i > GX_TLOG_CANON_INT_MAX || i < -GX_TLOG_CANON_INT_MAX)
			return refuse(w, "an integer beyond 2^53 - 1");
		gx_buf_appendf(w->out, "%lld", (long long)i);
		return 0;
	}
	case JSON_REAL:
		return refuse(w, "a number that is not an integer");
	case JSON_TRUE:
		gx_buf_append_str(w->out, "true");
		return 0;
	case JSON_FALSE:
		gx_buf_append_str(w->out, "false");
		return 0;
	case JSON_NULL:
		gx_buf_append_str(w->out, "null");
		return 0;
	}
	return refuse(w, "an unknown JSON type");
}

int gx_tlog_canonical_json(const json_t *value, struct gx_buf *out, char *err, size_t errlen)
{
	struct walk w = {out, err, errlen, ""};
	if (value == NULL)
		return refuse(&w, "no value");
	if (write_value(&w, value, 0) != 0)
		return -1;
	if (out->failed)
		return refuse(&w, "out of memory");
	return 0;
}
