/** Picks a request's language: the "lang" cookie, else Accept-Language
 *  (RFC 9110 section 12.5.4, basic filtering of RFC 4647 on the primary
 *  subtag), else the fallback. Allocation-free and linear in the header. */

#include "i18n/i18n.h"

#include <stdbool.h>
#include <string.h>

#include "http/cookie.h"
#include "http/request.h"

static bool is_ows(char c)
{
	return c == ' ' || c == '\t';
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static void trim(const char **s, size_t *n)
{
	while (*n > 0 && is_ows(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && is_ows((*s)[*n - 1]))
		(*n)--;
}

/** language-range = (1*8ALPHA *("-" 1*8alphanum)) / "*". Sets *primary_len. */
static bool valid_range(const char *s, size_t n, size_t *primary_len)
{
	if (n == 1 && s[0] == '*') {
		*primary_len = 1;
		return true;
	}
	size_t i = 0;
	while (i < n && is_alpha(s[i]))
		i++;
	if (i == 0 || i > 8)
		return false;
	*primary_len = i;
	while (i < n) {
		if (s[i] != '-')
			return false;
		size_t start = ++i;
		while (i < n && (is_alpha(s[i]) || is_digit(s[i])))
			i++;
		if (i == start || i - start > 8)
			return false;
	}
	return true;
}

/** qvalue = ("0" ["." 0*3DIGIT]) / ("1" ["." 0*3("0")]), as thousandths; -1 if malformed. */
static int parse_qvalue(const char *s, size_t n)
{
	if (n == 0 || (s[0] != '0' && s[0] != '1'))
		return -1;
	int q = (s[0] - '0') * 1000;
	if (n == 1)
		return q;
	if (s[1] != '.' || n > 5)
		return -1;
	int scale = 100;
	for (size_t i = 2; i < n; i++) {
		if (!is_digit(s[i]))
			return -1;
		q += (s[i] - '0') * scale;
		scale /= 10;
	}
	return q > 1000 ? -1 : q;
}

/** The weight of one element's parameters (after the range): 1000 when
 *  there is no q, -1 when a q is malformed. Other parameters are ignored. */
static int parse_weight(const char *s, size_t n)
{
	int q = 1000;
	size_t i = 0;
	while (i < n) {
		/* s[i] is ';' */
		size_t start = i + 1;
		const char *semi = start < n ? memchr(s + start, ';', n - start) : NULL;
		size_t end = semi != NULL ? (size_t)(semi - s) : n;
		const char *p = s + start;
		size_t pn = end - start;
		trim(&p, &pn);
		if (pn > 0 && (p[0] == 'q' || p[0] == 'Q')) {
			const char *v = p + 1;
			size_t vn = pn - 1;
			trim(&v, &vn);
			if (vn == 0 || v[0] != '=')
				return -1;
			v++;
			vn--;
			trim(&v, &vn);
			q = parse_qvalue(v, vn);
			if (q < 0)
				return -1;
		}
		i = end;
	}
	return q;
}

struct weight {
	int q;        /* thousandths; -1: not named */
	size_t pos;   /* index of the element that gave q */
};

static bool better(int q, size_t pos, unsigned prio, int bq, size_t bpos, unsigned bprio)
{
	if (q != bq)
		return q > bq;
	if (pos != bpos)
		return pos < bpos;
	return prio < bprio;
}

static bool from_accept_language(const char *h, size_t len, enum gx_lang fallback, enum gx_lang *out)
{
	struct weight w[GX_LANG__COUNT];
	struct weight wild = {-1, 0};
	for (int l = 0; l < GX_LANG__COUNT; l++)
		w[l] = (struct weight){-1, 0};

	size_t i = 0, pos = 0;
	while (i < len) {
		const char *comma = memchr(h + i, ',', len - i);
		size_t end = comma != NULL ? (size_t)(comma - h) : len;
		const char *el = h + i;
		size_t eln = end - i;
		i = comma != NULL ? end + 1 : len;

		const char *semi = memchr(el, ';', eln);
		const char *range = el;
		size_t rn = semi != NULL ? (size_t)(semi - el) : eln;
		trim(&range, &rn);
		if (rn == 0)
			continue;  /* empty list element */
		size_t primary;
		if (!valid_range(range, rn, &primary))
			continue;
		int q = semi != NULL ? parse_weight(semi, eln - (size_t)(semi - el)) : 1000;
		if (q < 0)
			continue;
		size_t this_pos = pos++;
		if (primary == 1 && range[0] == '*') {
			if (q > wild.q)
				wild = (struct weight){q, this_pos};
			continue;
		}
		enum gx_lang l;
		if (gx_lang_from_code(range, primary, &l) != 0)
			continue;
		if (q > w[l].q)
			w[l] = (struct weight){q, this_pos};
	}

	int bq = 0;
	size_t bpos = (size_t)-1;
	unsigned bprio = ~0u;
	bool found = false;
	for (int l = 0; l < GX_LANG__COUNT; l++) {
		int q;
		size_t p;
		unsigned prio;
		if (w[l].q >= 0) {
			q = w[l].q;
			p = w[l].pos;
			prio = 0;
		} else if (wild.q >= 0) {
			/* "*": any language not named; the fallback first */
			q = wild.q;
			p = wild.pos;
			prio = (enum gx_lang)l == fallback ? 0 : 1 + (unsigned)l;
		} else {
			continue;
		}
		if (q > 0 && better(q, p, prio, bq, bpos, bprio)) {
			bq = q;
			bpos = p;
			bprio = prio;
			*out = (enum gx_lang)l;
			found = true;
		}
	}
	return found;
}

enum gx_lang gx_lang_negotiate(const char *cookie_header, size_t cookie_len, const char *accept_language,
			       size_t al_len, enum gx_lang fallback)
{
	if ((unsigned)fallback >= GX_LANG__COUNT)
		fallback = GX_LANG_FR;
	enum gx_lang l;
	const char *v;
	size_t vn;
	if (cookie_header != NULL && gx_cookie_get(cookie_header, cookie_len, "lang", &v, &vn) == 0 &&
	    gx_lang_from_code(v, vn, &l) == 0)
		return l;
	if (accept_language != NULL && from_accept_language(accept_language, al_len, fallback, &l))
		return l;
	return fallback;
}

enum gx_lang gx_req_lang(struct gx_req *r)
{
	h2o_headers_t *h = &r->h2o->headers;
	ssize_t c = h2o_find_header(h, H2O_TOKEN_COOKIE, -1);
	ssize_t a = h2o_find_header(h, H2O_TOKEN_ACCEPT_LANGUAGE, -1);
	h2o_iovec_t cookie = c >= 0 ? h->entries[c].value : h2o_iovec_init(NULL, 0);
	h2o_iovec_t accept = a >= 0 ? h->entries[a].value : h2o_iovec_init(NULL, 0);
	return gx_lang_negotiate(cookie.base, cookie.len, accept.base, accept.len, GX_LANG_FR);
}
