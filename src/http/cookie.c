/** Cookie header parsing and Set-Cookie building (RFC 6265 sections 4.1, 4.2, 5.2). */

#include "http/cookie.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static bool is_ws(char c)
{
	return c == ' ' || c == '\t';
}

int gx_cookie_get(const char *header, size_t len, const char *name, const char **value, size_t *value_len)
{
	if (header == NULL || name == NULL || value == NULL || value_len == NULL)
		return -1;
	size_t name_len = strlen(name);
	if (name_len == 0)
		return -1;
	size_t i = 0;
	while (i < len) {
		size_t start = i;
		const char *semi = memchr(header + i, ';', len - i);
		size_t end = semi != NULL ? (size_t)(semi - header) : len;
		i = semi != NULL ? end + 1 : len;

		const char *eq = memchr(header + start, '=', end - start);
		if (eq == NULL)
			continue;  /* no '=': malformed, skipped */
		size_t ns = start, ne = (size_t)(eq - header);
		while (ns < ne && is_ws(header[ns]))
			ns++;
		while (ne > ns && is_ws(header[ne - 1]))
			ne--;
		if (ne == ns)
			continue;  /* empty name */
		if (ne - ns != name_len || memcmp(header + ns, name, name_len) != 0)
			continue;
		size_t vs = (size_t)(eq - header) + 1, ve = end;
		while (vs < ve && is_ws(header[vs]))
			vs++;
		while (ve > vs && is_ws(header[ve - 1]))
			ve--;
		if (vs < ve && header[vs] == '"') {
			if (ve - vs < 2 || header[ve - 1] != '"')
				continue;  /* unterminated quote */
			vs++;
			ve--;
		}
		*value = header + vs;
		*value_len = ve - vs;
		return 0;
	}
	return -1;
}

/** RFC 2616 token characters: visible ASCII except separators. */
static bool is_token_char(unsigned char c)
{
	if (c <= 0x20 || c >= 0x7f)
		return false;
	return strchr("()<>@,;:\\\"/[]?={}", c) == NULL;
}

/** RFC 6265 cookie-octet: visible ASCII except '"', ',', ';' and '\\'. */
static bool is_cookie_octet(unsigned char c)
{
	return c >= 0x21 && c <= 0x7e && c != '"' && c != ',' && c != ';' && c != '\\';
}

static bool valid_name(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++)
		if (!is_token_char((unsigned char)*s))
			return false;
	return true;
}

static bool valid_value(const char *s)
{
	for (; *s != '\0'; s++)
		if (!is_cookie_octet((unsigned char)*s))
			return false;
	return true;
}

/** av-octet: any CHAR except controls and ';'. */
static bool valid_path(const char *s)
{
	if (s[0] != '/')
		return false;
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20 || c >= 0x7f || c == ';')
			return false;
	}
	return true;
}

struct out {
	char *p;
	size_t cap, len;
	bool overflow;
};

static void put(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(struct out *o, const char *fmt, ...)
{
	if (o->overflow)
		return;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(o->p + o->len, o->cap - o->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= o->cap - o->len) {
		o->overflow = true;
		return;
	}
	o->len += (size_t)n;
}

int gx_cookie_format(char *out, size_t outlen, const char *name, const char *value,
		     const struct gx_cookie_attrs *a)
{
	static const struct gx_cookie_attrs none = {-1, NULL, false, false, NULL};
	if (out == NULL || outlen == 0)
		return -1;
	out[0] = '\0';
	if (a == NULL)
		a = &none;
	if (name == NULL || value == NULL || !valid_name(name) || !valid_value(value))
		return -1;
	if (a->max_age < -1)
		return -1;
	if (a->path != NULL && !valid_path(a->path))
		return -1;
	if (a->same_site != NULL) {
		if (strcmp(a->same_site, "Lax") != 0 && strcmp(a->same_site, "Strict") != 0 &&
		    strcmp(a->same_site, "None") != 0)
			return -1;
		if (strcmp(a->same_site, "None") == 0 && !a->secure)
			return -1;
	}
	/* the prefixes browsers enforce (RFC 6265bis 4.1.3) */
	if (strncmp(name, "__Secure-", 9) == 0 && !a->secure)
		return -1;
	if (strncmp(name, "__Host-", 7) == 0 && (!a->secure || a->path == NULL || strcmp(a->path, "/") != 0))
		return -1;

	struct out o = {out, outlen, 0, false};
	put(&o, "%s=%s", name, value);
	if (a->max_age >= 0)
		put(&o, "; Max-Age=%ld", a->max_age);
	if (a->path != NULL)
		put(&o, "; Path=%s", a->path);
	if (a->secure)
		put(&o, "; Secure");
	if (a->http_only)
		put(&o, "; HttpOnly");
	if (a->same_site != NULL)
		put(&o, "; SameSite=%s", a->same_site);
	if (o.overflow) {
		out[0] = '\0';
		return -1;
	}
	return (int)o.len;
}
