#ifndef GX_HTTP_COOKIE_H
#define GX_HTTP_COOKIE_H

/** Cookies (RFC 6265): reading one cookie from a request's Cookie header and
 *  building the value of a Set-Cookie header. Pure functions on caller
 *  buffers, no allocation: unit-tested and fuzzed (fuzz/cookie_header.c).
 *  Used by language negotiation (the "lang" cookie) and, later, sessions. */

#include <stdbool.h>
#include <stddef.h>

/** Finds the first cookie called name (exact, case-sensitive) in a Cookie
 *  header of len bytes (need not be NUL-terminated; never read past len).
 *  Pairs are separated by ';', spaces and tabs around names and values are
 *  ignored, a value in double quotes is returned without them, an empty value
 *  is a match of length 0. Malformed pairs (no '=', empty name, an opening
 *  quote without its closing one) are skipped. On a match *value points into
 *  header (not NUL-terminated) and 0 is returned; otherwise -1. */
int gx_cookie_get(const char *header, size_t len, const char *name, const char **value, size_t *value_len);

/** Attributes of a Set-Cookie. */
struct gx_cookie_attrs {
	long max_age;           /* seconds; -1: no Max-Age (a session cookie); 0 deletes */
	const char *path;       /* NULL: no Path; else must start with '/' */
	bool http_only;
	bool secure;
	const char *same_site;  /* NULL, "Lax", "Strict" or "None" (None needs secure) */
};

/** Writes "name=value; Max-Age=…; Path=…; Secure; HttpOnly; SameSite=…" into
 *  out (NUL-terminated). Refuses, with -1, a name that is not an RFC 6265
 *  token, a value with characters outside cookie-octet (controls, space,
 *  '"', ',', ';', '\\', non-ASCII), a path with controls or ';', an unknown
 *  SameSite, SameSite=None without Secure, a "__Secure-" name without Secure,
 *  a "__Host-" name without Secure and Path=/, and output longer than outlen.
 *  Returns the length written (without the NUL). a may be NULL (no attributes). */
int gx_cookie_format(char *out, size_t outlen, const char *name, const char *value,
		     const struct gx_cookie_attrs *a);

#endif
