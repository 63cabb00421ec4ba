#include "http/route.h"

#include "util/hex.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Splits path into segments ("/a/b" → "a", "b"; "/" → none). Returns the
 * count, or -1 when the path is not absolute, has an empty segment or too many. */
static int split(const char *path, size_t len, struct gx_route_segment *segs)
{
	if (len == 0 || path[0] != '/')
		return -1;
	if (len == 1)
		return 0;
	size_t n = 0, start = 1;
	for (size_t i = 1; i <= len; i++) {
		if (i == len || path[i] == '/') {
			if (i == start || n == GX_ROUTE_MAX_SEGMENTS)
				return -1;
			segs[n++] = (struct gx_route_segment){path + start, i - start, false};
			start = i + 1;
		}
	}
	return (int)n;
}

static bool same_shape(const struct gx_route *a, const struct gx_route *b)
{
	if (a->nsegments != b->nsegments)
		return false;
	for (size_t i = 0; i < a->nsegments; i++) {
		const struct gx_route_segment *x = &a->segments[i], *y = &b->segments[i];
		if (x->is_param != y->is_param)
			return false;
		if (!x->is_param && (x->len != y->len || memcmp(x->text, y->text, x->len) != 0))
			return false;
	}
	return true;
}

int gx_route_add(struct gx_route_table *t, const char *method, const char *pattern, const void *def,
		 char *err, size_t errlen)
{
	struct gx_route r = {.method = method, .pattern = pattern, .def = def, .index = (unsigned)t->count};
	int n = split(pattern, strlen(pattern), r.segments);
	if (n < 0) {
		snprintf(err, errlen, "%s %s: not an absolute path of at most %d non-empty segments", method,
			 pattern, GX_ROUTE_MAX_SEGMENTS);
		return -1;
	}
	r.nsegments = (size_t)n;
	size_t nparams = 0;
	for (size_t i = 0; i < r.nsegments; i++) {
		struct gx_route_segment *s = &r.segments[i];
		bool open = s->text[0] == '{', close = s->text[s->len - 1] == '}';
		if (open != close || (open && s->len < 3) || memchr(s->text + 1, '{', s->len - 1) != NULL) {
			snprintf(err, errlen, "%s %s: a parameter is a whole segment written {name}", method, pattern);
			return -1;
		}
		if (open) {
			s->is_param = true;
			s->text++;
			s->len -= 2;
			if (++nparams > GX_ROUTE_MAX_PARAMS) {
				snprintf(err, errlen, "%s %s: more than %d parameters", method, pattern,
					 GX_ROUTE_MAX_PARAMS);
				return -1;
			}
		}
	}
	for (size_t i = 0; i < t->count; i++) {
		if (strcmp(t->routes[i].method, method) == 0 && same_shape(&t->routes[i], &r)) {
			snprintf(err, errlen, "%s %s: clashes with %s", method, pattern, t->routes[i].pattern);
			return -1;
		}
	}
	struct gx_route *grown = realloc(t->routes, (t->count + 1) * sizeof(*grown));
	if (grown == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	t->routes = grown;
	t->routes[t->count++] = r;
	return 0;
}

void gx_route_table_free(struct gx_route_table *t)
{
	free(t->routes);
	t->routes = NULL;
	t->count = 0;
}

/* Literal segments beat parameters: among the routes whose shape fits, the
 * one with the first literal where another has a parameter wins. */
static bool fits(const struct gx_route *r, const struct gx_route_segment *segs, size_t n)
{
	if (r->nsegments != n)
		return false;
	for (size_t i = 0; i < n; i++) {
		const struct gx_route_segment *s = &r->segments[i];
		if (!s->is_param && (s->len != segs[i].len || memcmp(s->text, segs[i].text, s->len) != 0))
			return false;
	}
	return true;
}

static bool more_specific(const struct gx_route *a, const struct gx_route *b)
{
	for (size_t i = 0; i < a->nsegments; i++)
		if (a->segments[i].is_param != b->segments[i].is_param)
			return !a->segments[i].is_param;
	return false;
}

enum gx_route_result gx_route_match(const struct gx_route_table *t, const char *method, size_t method_len,
				    const char *path, size_t path_len, struct gx_route_match *m)
{
	struct gx_route_segment segs[GX_ROUTE_MAX_SEGMENTS];
	m->route = NULL;
	m->nparams = 0;
	m->allow[0] = '\0';
	int n = split(path, path_len, segs);
	if (n < 0)
		return GX_ROUTE_NOT_FOUND;

	const struct gx_route *best = NULL;   /* the best fit with this method */
	const struct gx_route *shape = NULL;  /* the best fit with any method */
	for (size_t i = 0; i < t->count; i++) {
		const struct gx_route *r = &t->routes[i];
		if (!fits(r, segs, (size_t)n))
			continue;
		if (shape == NULL || more_specific(r, shape))
			shape = r;
		if (strlen(r->method) == method_len && memcmp(r->method, method, method_len) == 0 &&
		    (best == NULL || more_specific(r, best)))
			best = r;
	}
	if (shape == NULL)
		return GX_ROUTE_NOT_FOUND;
	if (best == NULL || more_specific(shape, best)) {
		/* The most specific route fitting the path wants other methods. */
		size_t used = 0;
		for (size_t i = 0; i < t->count; i++) {
			const struct gx_route *r = &t->routes[i];
			if (!fits(r, segs, (size_t)n) || !same_shape(r, shape))
				continue;
			int w = snprintf(m->allow + used, sizeof(m->allow) - used, "%s%s", used ? ", " : "",
					 r->method);
			if (w < 0 || (size_t)w >= sizeof(m->allow) - used)
				break;
			used += (size_t)w;
		}
		return GX_ROUTE_METHOD_NOT_ALLOWED;
	}
	m->route = best;
	for (size_t i = 0; i < best->nsegments; i++) {
		if (best->segments[i].is_param) {
			m->params[m->nparams++] = (struct gx_route_param){
				best->segments[i].text, best->segments[i].len, segs[i].text, segs[i].len};
		}
	}
	return GX_ROUTE_FOUND;
}

long gx_route_param_decode(const char *raw, size_t len, char *out, size_t outlen)
{
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		char c = raw[i];
		if (c == '%') {
			if (i + 2 >= len)
				return -1;
			int hi = gx_hex_digit(raw[i + 1]), lo = gx_hex_digit(raw[i + 2]);
			if (hi < 0 || lo < 0)
				return -1;
			c = (char)(hi * 16 + lo);
			i += 2;
		}
		if (c == '\0' || c == '/' || o + 1 >= outlen)
			return -1;
		out[o++] = c;
	}
	if (outlen == 0)
		return -1;
	out[o] = '\0';
	return (long)o;
}
