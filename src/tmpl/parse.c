/** Mustache syntax: tags, delimiters, standalone lines, section nesting. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpl/tmpl_int.h"

#define DELIM_MAX 16

struct parser {
	const char *file;
	const char *src;
	size_t len;
	size_t line_off;   /* offset up to which newlines were counted */
	unsigned line;     /* line at line_off */
	char otag[DELIM_MAX + 1], ctag[DELIM_MAX + 1];
	size_t olen, clen;
	struct gx_tmpl_error *err;
};

/** Open sections: the list being filled at each level. */
struct open_sec {
	struct gx_tmpl_list *list;
	const char *name;
	size_t name_len;
	unsigned line;
};

static unsigned line_at(struct parser *p, size_t off)
{
	for (; p->line_off < off; p->line_off++)
		if (p->src[p->line_off] == '\n')
			p->line++;
	return p->line;
}

static const char *find(const char *hay, size_t hay_len, const char *needle, size_t n)
{
	if (n == 0 || hay_len < n)
		return NULL;
	for (size_t i = 0; i + n <= hay_len; i++)
		if (hay[i] == needle[0] && memcmp(hay + i, needle, n) == 0)
			return hay + i;
	return NULL;
}

static bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void trim(const char **s, size_t *n)
{
	while (*n > 0 && is_ws(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && is_ws((*s)[*n - 1]))
		(*n)--;
}

/** Parses "=<open> <close>=" content; 0 or -1. */
static int set_delims(struct parser *p, const char *s, size_t n, unsigned line)
{
	if (n < 2 || s[n - 1] != '=')
		goto bad;
	s++;
	n -= 2;
	trim(&s, &n);
	size_t a = 0;
	while (a < n && !is_ws(s[a]))
		a++;
	size_t b = a;
	while (b < n && is_ws(s[b]))
		b++;
	const char *c = s + b;
	size_t clen = n - b;
	for (size_t i = 0; i < clen; i++)
		if (is_ws(c[i]))
			goto bad;
	if (a == 0 || clen == 0 || a > DELIM_MAX || clen > DELIM_MAX)
		goto bad;
	if (memchr(s, '=', a) != NULL || memchr(c, '=', clen) != NULL)
		goto bad;
	memcpy(p->otag, s, a);
	p->otag[a] = '\0';
	p->olen = a;
	memcpy(p->ctag, c, clen);
	p->ctag[clen] = '\0';
	p->clen = clen;
	return 0;
bad:
	return gx_tmpl_fail(p->err, p->file, line, "bad set-delimiter tag (want {{=<open> <close>=}})");
}

static int push_text(struct parser *p, struct gx_tmpl_list *l, size_t from, size_t to)
{
	if (to <= from)
		return 0;
	struct gx_tmpl_node t = {.kind = GX_TN_TEXT, .line = line_at(p, from),
				 .s = p->src + from, .len = to - from};
	if (gx_tmpl_list_push(l, &t) != 0)
		return gx_tmpl_fail(p->err, p->file, t.line, "out of memory");
	return 0;
}

int gx_tmpl_parse(const char *file, const char *src, size_t len,
		  struct gx_tmpl_list *out, struct gx_tmpl_error *err)
{
	struct parser p = {.file = file, .src = src, .len = len, .line = 1,
			   .otag = "{{", .ctag = "}}", .olen = 2, .clen = 2, .err = err};
	struct open_sec stack[GX_TMPL_MAX_NESTING + 1];
	size_t depth = 0;
	stack[0] = (struct open_sec){.list = out};
	size_t pos = 0, text_start = 0;

	for (;;) {
		const char *o = find(src + pos, len - pos, p.otag, p.olen);
		if (o == NULL)
			break;
		size_t t = (size_t)(o - src);
		size_t c = t + p.olen;
		char type = c < len ? src[c] : '\0';
		const char *name;
		size_t name_len, end;
		unsigned tag_line;
		/* count lines for the text before the tag first (monotonic) */
		(void)line_at(&p, text_start);
		tag_line = line_at(&p, t);
		if (type == '{') {
			char close[DELIM_MAX + 2] = "}";
			memcpy(close + 1, p.ctag, p.clen + 1);
			const char *e = find(src + c + 1, len - c - 1, close, p.clen + 1);
			if (e == NULL)
				return gx_tmpl_fail(err, file, tag_line, "unclosed tag {{{");
			name = src + c + 1;
			name_len = (size_t)(e - name);
			end = (size_t)(e - src) + p.clen + 1;
		} else {
			/* the close delimiter cannot overlap the type character */
			size_t body = c + (type != '\0' && strchr("!#^/>=&", type) != NULL);
			const char *e = find(src + body, len - body, p.ctag, p.clen);
			if (e == NULL)
				return gx_tmpl_fail(err, file, tag_line, "unclosed tag (missing '%s')", p.ctag);
			if (strchr("!#^/>=&", type) != NULL && type != '\0') {
				name = src + c + 1;
				name_len = (size_t)(e - name);
			} else {
				type = 'v';
				name = src + c;
				name_len = (size_t)(e - name);
			}
			end = (size_t)(e - src) + p.clen;
			if (type == '=') {
				name = src + c;
				name_len = (size_t)(e - name);
			}
		}

		/* standalone: alone on its line apart from spaces and tabs */
		size_t ls = t, eol = end;
		bool standalone = false;
		if (strchr("!#^/>=", type) != NULL) {
			while (ls > 0 && (src[ls - 1] == ' ' || src[ls - 1] == '\t'))
				ls--;
			if ((ls == 0 || src[ls - 1] == '\n') && ls >= text_start) {
				size_t a = end;
				while (a < len && (src[a] == ' ' || src[a] == '\t'))
					a++;
				if (a == len)
					standalone = true, eol = a;
				else if (src[a] == '\n')
					standalone = true, eol = a + 1;
				else if (src[a] == '\r' && a + 1 < len && src[a + 1] == '\n')
					standalone = true, eol = a + 2;
			}
		}
		struct gx_tmpl_list *cur = stack[depth].list;
		if (push_text(&p, cur, text_start, standalone ? ls : t) != 0)
			return -1;
		text_start = pos = standalone ? eol : end;

		if (type == '!')
			continue;
		if (type == '=') {
			if (set_delims(&p, name, name_len, tag_line) != 0)
				return -1;
			continue;
		}
		trim(&name, &name_len);
		if (name_len == 0)
			return gx_tmpl_fail(err, file, tag_line, "empty tag name");
		struct gx_tmpl_node n = {.line = tag_line, .s = name, .len = name_len};
		switch (type) {
		case '/':
			if (depth == 0)
				return gx_tmpl_fail(err, file, tag_line, "closing tag {{/%.*s}} without an open section",
						    (int)(name_len > 80 ? 80 : name_len), name);
			if (stack[depth].name_len != name_len || memcmp(stack[depth].name, name, name_len) != 0)
				return gx_tmpl_fail(err, file, tag_line,
						    "closing tag {{/%.*s}} does not match {{#%.*s}} opened on line %u",
						    (int)(name_len > 60 ? 60 : name_len), name,
						    (int)(stack[depth].name_len > 60 ? 60 : stack[depth].name_len),
						    stack[depth].name, stack[depth].line);
			depth--;
			continue;
		case '#':
		case '^':
			if (depth == GX_TMPL_MAX_NESTING)
				return gx_tmpl_fail(err, file, tag_line, "sections nested deeper than %d",
						    GX_TMPL_MAX_NESTING);
			n.kind = type == '#' ? GX_TN_SECTION : GX_TN_INVERTED;
			if (gx_tmpl_list_push(cur, &n) != 0)
				return gx_tmpl_fail(err, file, tag_line, "out of memory");
			depth++;
			stack[depth] = (struct open_sec){.list = &cur->v[cur->n - 1].body,
							 .name = name, .name_len = name_len, .line = tag_line};
			continue;
		case '>':
			n.kind = GX_TN_PARTIAL;
			if (standalone) {
				n.indent = src + ls;
				n.indent_len = t - ls;
			}
			break;
		case '{':
		case '&':
			n.kind = GX_TN_RAW;
			break;
		default:
			n.kind = GX_TN_VAR;
			break;
		}
		if (gx_tmpl_list_push(cur, &n) != 0)
			return gx_tmpl_fail(err, file, tag_line, "out of memory");
	}
	if (push_text(&p, stack[depth].list, text_start, len) != 0)
		return -1;
	if (depth > 0)
		return gx_tmpl_fail(err, file, stack[depth].line, "unclosed section {{#%.*s}}",
				    (int)(stack[depth].name_len > 80 ? 80 : stack[depth].name_len),
				    stack[depth].name);
	return 0;
}
