#ifndef GX_CLIENT_URL_H
#define GX_CLIENT_URL_H

/** The URL parser of the HTTP client: splits "http://host[:port][/path][?query]"
 *  into the parts a request needs. Strict on purpose: register and identity
 *  provider addresses come from configuration, so anything unusual is refused
 *  rather than guessed at. Fuzzed by fuzz/httpc_response.c. */

#include <stddef.h>
#include <stdint.h>

/** Longest URL accepted, in bytes. */
#define GX_URL_MAX 8192

enum gx_url_host_kind { GX_URL_HOST_NAME, GX_URL_HOST_IPV4, GX_URL_HOST_IPV6 };

/** Views into the parsed string (not copies). */
struct gx_url {
	const char *host;      /* without brackets for IPv6 */
	size_t host_len;
	enum gx_url_host_kind host_kind;
	uint16_t port;         /* 80 when absent */
	int explicit_port;     /* the URL named a port */
	const char *authority; /* host[:port] as written: the Host header */
	size_t authority_len;
	const char *target;    /* "/path?query" without fragment; "/" when empty;
	                        * starts with '?' when the path is empty ("http://h?q"):
	                        * the request line then needs a '/' in front */
	size_t target_len;
};

/** Parses an absolute http URL of len bytes. Accepts only the scheme "http"
 *  (any case), no user info, a host that is a name (letters, digits, '-', '.'),
 *  a dotted-quad IPv4 address or a bracketed IPv6 address, an optional port
 *  1..65535, and a path and query made of visible ASCII. A fragment is
 *  dropped. Returns 0, or -1 when the URL is refused. */
int gx_url_parse(const char *url, size_t len, struct gx_url *out);

#endif
