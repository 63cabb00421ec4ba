/* multipart/form-data: the Content-Type's boundary, then the body's parts,
 * each with its Content-Disposition (form-data, name, filename) and
 * Content-Type. Every slice points into the caller's memory. */

#include "http/multipart.h"

#include <string.h>
#include <strings.h>

static bool is_tchar(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

/* RFC 2046's bchars: DIGIT / ALPHA / "'()+_,-./:=?" and space (not last). */
static bool is_bchar(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c != '\0' && strchr("'()+_,-./:=? ", c) != NULL);
}

static void skip_ows(const char *s, size_t len, size_t *i)
{
	while (*i < len && (s[*i] == ' ' || s[*i] == '\t'))
		(*i)++;
}

static bool word_is(const char *s, size_t len, const char *word)
{
	return len == strlen(word) && strncasecmp(s, word, len) == 0;
}

/* A parameter list "; name=value; …" from s[*i]: calls back for each one.
 * Values are tokens or quoted strings (a backslash keeps the next character
 * inside; the slice is returned as sent). Returns 0, or -1 with *why. */
typedef int (*param_fn)(void *ctx, const char *name, size_t nlen, const char *value, size_t vlen, const char **why);

static int parse_params(const char *s, size_t len, size_t i, param_fn fn, void *ctx, const char **why)
{
	for (;;) {
		skip_ows(s, len, &i);
		if (i == len)
			return 0;
		if (s[i] != ';') {
			*why = "a parameter list is malformed (a ';' is missing)";
			return -1;
		}
		i++;
		skip_ows(s, len, &i);
		if (i == len)
			return 0; /* a trailing ';' */
		size_t n0 = i;
		while (i < len && is_tchar(s[i]))
			i++;
		size_t nlen = i - n0;
		if (nlen == 0 || i == len || s[i] != '=') {
			*why = "a parameter is malformed (name=value expected)";
			return -1;
		}
		i++;
		const char *v;
		size_t vlen;
		if (i < len && s[i] == '"') {
			size_t v0 = ++i;
			while (i < len && s[i] != '"') {
				if (s[i] == '\\' && i + 1 < len)
					i++;
				if (s[i] == '\r' || s[i] == '\n') {
					*why = "a quoted parameter value holds a line break";
					return -1;
				}
				i++;
			}
			if (i == len) {
				*why = "a quoted parameter value is not closed";
				return -1;
			}
			v = s + v0;
			vlen = i - v0;
			i++;
		} else {
			size_t v0 = i;
			while (i < len && is_tchar(s[i]))
				i++;
			v = s + v0;
			vlen = i - v0;
			if (vlen == 0) {
				*why = "a parameter has no value";
				return -1;
			}
		}
		if (fn(ctx, s + n0, nlen, v, vlen, why) != 0)
			return -1;
	}
}

struct boundary_ctx {
	const char *value;
	size_t len;
};

static int boundary_param(void *ctx, const char *name, size_t nlen, const char *value, size_t vlen, const char **why)
{
	struct boundary_ctx *b = ctx;
	if (!word_is(name, nlen, "boundary"))
		return 0;
	if (b->value != NULL) {
		*why = "the Content-Type names the boundary twice";
		return -1;
	}
	b->value = value;
	b->len = vlen;
	return 0;
}

int gx_multipart_boundary(const char *ct, size_t len, const char **boundary, size_t *blen, const char **why)
{
	size_t i = 0;
	skip_ows(ct, len, &i);
	size_t t0 = i;
	while (i < len && ct[i] != ';' && ct[i] != ' ' && ct[i] != '\t')
		i++;
	if (!word_is(ct + t0, i - t0, "multipart/form-data")) {
		*why = "send Content-Type: multipart/form-data";
		return -2;
	}
	struct boundary_ctx b = {0};
	if (parse_params(ct, len, i, boundary_param, &b, why) != 0)
		return -1;
	if (b.value == NULL) {
		*why = "the Content-Type has no boundary";
		return -1;
	}
	if (b.len == 0 || b.len > GX_MULTIPART_BOUNDARY_MAX || b.value[b.len - 1] == ' ') {
		*why = "the boundary must be 1 to 70 characters, not ending in a space";
		return -1;
	}
	for (size_t k = 0; k < b.len; k++)
		if (!is_bchar(b.value[k])) {
			*why = "the boundary has a character RFC 2046 does not allow";
			return -1;
		}
	*boundary = b.value;
	*blen = b.len;
	return 0;
}

/* --- the body ------------------------------------------------------------------ */

struct disposition_ctx {
	struct gx_multipart_part *part;
	bool has_name;
};

static int disposition_param(void *ctx, const char *name, size_t nlen, const char *value, size_t vlen,
			     const char **why)
{
	struct disposition_ctx *d = ctx;
	if (word_is(name, nlen, "name")) {
		if (d->has_name) {
			*why = "a part's Content-Disposition names it twice";
			return -1;
		}
		d->has_name = true;
		d->part->name = value;
		d->part->name_len = vlen;
	} else if (word_is(name, nlen, "filename")) {
		if (d->part->filename != NULL) {
			*why = "a part's Content-Disposition has two filenames";
			return -1;
		}
		d->part->filename = value;
		d->part->filename_len = vlen;
	}
	return 0; /* others (filename*, which RFC 7578 rules out) are ignored */
}

static int parse_disposition(const char *v, size_t len, struct gx_multipart_part *part, const char **why)
{
	size_t i = 0;
	while (i < len && is_tchar(v[i]))
		i++;
	if (!word_is(v, i, "form-data")) {
		*why = "a part's Content-Disposition is not form-data";
		return -1;
	}
	struct disposition_ctx d = {.part = part};
	if (parse_params(v, len, i, disposition_param, &d, why) != 0)
		return -1;
	if (!d.has_name || part->name_len == 0) {
		*why = "a part has no name";
		return -1;
	}
	return 0;
}

/* The header fields of a part, from *pos to the empty line (consumed). */
static int parse_headers(const char *body, size_t len, size_t *pos, struct gx_multipart_part *part,
			 const char **why)
{
	size_t start = *pos, i = *pos;
	bool has_disposition = false;
	for (int count = 0;; count++) {
		size_t limit = start + GX_MULTIPART_HEADERS_MAX < len ? start + GX_MULTIPART_HEADERS_MAX : len;
		const char *eol = i < limit ? memchr(body + i, '\n', limit - i) : NULL;
		if (eol == NULL) {
			*why = limit < len ? "a part's header is larger than the limit" : "a part's header is cut off";
			return -1;
		}
		size_t end = (size_t)(eol - body);
		if (end == i || body[end - 1] != '\r') {
			*why = "a part's header lines must end with CRLF";
			return -1;
		}
		size_t line_end = end - 1; /* at the CR */
		if (line_end == i) {       /* the empty line */
			if (!has_disposition) {
				*why = "a part has no Content-Disposition";
				return -1;
			}
			*pos = end + 1;
			return 0;
		}
		if (count == GX_MULTIPART_MAX_HEADERS) {
			*why = "a part has too many header fields";
			return -1;
		}
		size_t n0 = i;
		while (i < line_end && is_tchar(body[i]))
			i++;
		if (i == n0 || i == line_end || body[i] != ':') {
			*why = "a part's header line is not a field (name: value)";
			return -1;
		}
		const char *name = body + n0;
		size_t nlen = i - n0;
		i++;
		skip_ows(body, line_end, &i);
		size_t v_end = line_end;
		while (v_end > i && (body[v_end - 1] == ' ' || body[v_end - 1] == '\t'))
			v_end--;
		for (size_t k = i; k < v_end; k++)
			if ((unsigned char)body[k] < 0x20 && body[k] != '\t') {
				*why = "a part's header value holds a control character";
				return -1;
			}
		if (word_is(name, nlen, "content-disposition")) {
			if (has_disposition) {
				*why = "a part has two Content-Disposition fields";
				return -1;
			}
			has_disposition = true;
			if (parse_disposition(body + i, v_end - i, part, why) != 0)
				return -1;
		} else if (word_is(name, nlen, "content-type")) {
			if (part->type != NULL) {
				*why = "a part has two Content-Type fields";
				return -1;
			}
			part->type = body + i;
			part->type_len = v_end - i;
		} /* others are ignored (RFC 7578 §4.8) */
		i = end + 1;
	}
}

/* The next "\r\n--" boundary at or after from, or (size_t)-1. */
static size_t find_delimiter(const char *body, size_t len, size_t from, const char *boundary, size_t blen)
{
	while (from + 4 + blen <= len) {
		const char *p = memmem(body + from, len - from, "\r\n--", 4);
		if (p == NULL)
			return (size_t)-1;
		size_t at = (size_t)(p - body);
		if (at + 4 + blen <= len && memcmp(p + 4, boundary, blen) == 0)
			return at;
		from = at + 1;
	}
	return (size_t)-1;
}

int gx_multipart_parse(const char *body, size_t len, const char *boundary, size_t blen, struct gx_multipart *out,
		       const char **why)
{
	memset(out, 0, sizeof(*out));
	if (blen == 0 || blen > GX_MULTIPART_BOUNDARY_MAX) {
		*why = "the boundary must be 1 to 70 characters";
		return -1;
	}
	size_t pos;
	if (len >= 2 + blen && body[0] == '-' && body[1] == '-' && memcmp(body + 2, boundary, blen) == 0) {
		pos = 2 + blen;
	} else {
		size_t at = find_delimiter(body, len, 0, boundary, blen); /* after a preamble */
		if (at == (size_t)-1) {
			*why = "the body does not start with the boundary";
			return -1;
		}
		pos = at + 4 + blen;
	}
	for (;;) {
		/* After a boundary: "--" ends the body; else padding, then CRLF. */
		if (pos + 2 <= len && body[pos] == '-' && body[pos + 1] == '-') {
			if (out->nparts == 0) {
				*why = "the body has no part";
				return -1;
			}
			return 0; /* the epilogue is ignored */
		}
		skip_ows(body, len, &pos);
		if (pos + 2 > len || body[pos] != '\r' || body[pos + 1] != '\n') {
			*why = "a boundary line must end with CRLF (or -- after the last part)";
			return -1;
		}
		pos += 2;
		if (out->nparts == GX_MULTIPART_MAX_PARTS) {
			*why = "the body has too many parts";
			return -1;
		}
		struct gx_multipart_part *part = &out->parts[out->nparts];
		if (parse_headers(body, len, &pos, part, why) != 0)
			return -1;
		size_t at = find_delimiter(body, len, pos, boundary, blen);
		if (at == (size_t)-1) {
			*why = "the closing boundary is missing";
			return -1;
		}
		part->data = body + pos;
		part->len = at - pos;
		out->nparts++;
		pos = at + 4 + blen;
	}
}

const struct gx_multipart_part *gx_multipart_find(const struct gx_multipart *m, const char *name)
{
	size_t n = strlen(name);
	for (size_t i = 0; i < m->nparts; i++)
		if (m->parts[i].name_len == n && memcmp(m->parts[i].name, name, n) == 0)
			return &m->parts[i];
	return NULL;
}
