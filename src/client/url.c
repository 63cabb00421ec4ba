#include "client/url.h"

#include <arpa/inet.h>
#include <string.h>
#include <strings.h>

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_name_char(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '.';
}

/* Host names: 1..253 bytes, no empty label, no label starting or ending
 * with '-'. All-digit-and-dot hosts must be a valid dotted quad. */
static int check_host(const char *h, size_t n, enum gx_url_host_kind *kind)
{
	if (n == 0 || n > 253)
		return -1;
	int numeric = 1;
	size_t label = 0;
	for (size_t i = 0; i < n; i++) {
		char c = h[i];
		if (!is_name_char(c))
			return -1;
		if (c != '.' && !is_digit(c))
			numeric = 0;
		if (c == '.') {
			if (label == 0 || h[i - 1] == '-')
				return -1;
			label = 0;
			continue;
		}
		if (label == 0 && c == '-')
			return -1;
		if (++label > 63)
			return -1;
	}
	if (label == 0 || h[n - 1] == '-')
		return -1;
	if (numeric) {
		char tmp[16];
		struct in_addr a;
		if (n >= sizeof(tmp))
			return -1;
		memcpy(tmp, h, n);
		tmp[n] = '\0';
		if (inet_pton(AF_INET, tmp, &a) != 1)
			return -1;
		*kind = GX_URL_HOST_IPV4;
		return 0;
	}
	*kind = GX_URL_HOST_NAME;
	return 0;
}

static int check_ipv6(const char *h, size_t n)
{
	char tmp[INET6_ADDRSTRLEN];
	struct in6_addr a;
	if (n == 0 || n >= sizeof(tmp))
		return -1;
	for (size_t i = 0; i < n; i++)
		if (!(is_digit(h[i]) || (h[i] >= 'a' && h[i] <= 'f') || (h[i] >= 'A' && h[i] <= 'F') || h[i] == ':' ||
		      h[i] == '.'))
			return -1;
	memcpy(tmp, h, n);
	tmp[n] = '\0';
	return inet_pton(AF_INET6, tmp, &a) == 1 ? 0 : -1;
}

static int parse_port(const char *p, size_t n, uint16_t *port)
{
	if (n == 0 || n > 5)
		return -1;
	unsigned v = 0;
	for (size_t i = 0; i < n; i++) {
		if (!is_digit(p[i]))
			return -1;
		v = v * 10 + (unsigned)(p[i] - '0');
	}
	if (v == 0 || v > 65535)
		return -1;
	*port = (uint16_t)v;
	return 0;
}

int gx_url_parse(const char *url, size_t len, struct gx_url *out)
{
	static const char scheme[] = "http://";
	const size_t slen = sizeof(scheme) - 1;
	if (url == NULL || len > GX_URL_MAX || len < slen || strncasecmp(url, scheme, slen) != 0)
		return -1;
	const char *p = url + slen, *end = url + len;

	/* authority: up to '/', '?', '#' or the end */
	const char *a_end = p;
	while (a_end < end && *a_end != '/' && *a_end != '?' && *a_end != '#')
		a_end++;
	struct gx_url u = {.authority = p, .authority_len = (size_t)(a_end - p), .port = 80};
	const char *port_start = NULL;
	if (p < a_end && *p == '[') {
		const char *close = memchr(p, ']', (size_t)(a_end - p));
		if (close == NULL || check_ipv6(p + 1, (size_t)(close - p - 1)) != 0)
			return -1;
		u.host = p + 1;
		u.host_len = (size_t)(close - p - 1);
		u.host_kind = GX_URL_HOST_IPV6;
		if (close + 1 < a_end) {
			if (close[1] != ':')
				return -1;
			port_start = close + 2;
		}
	} else {
		const char *colon = memchr(p, ':', (size_t)(a_end - p));
		const char *h_end = colon != NULL ? colon : a_end;
		if (check_host(p, (size_t)(h_end - p), &u.host_kind) != 0)
			return -1;
		u.host = p;
		u.host_len = (size_t)(h_end - p);
		if (colon != NULL)
			port_start = colon + 1;
	}
	if (port_start != NULL) {
		if (parse_port(port_start, (size_t)(a_end - port_start), &u.port) != 0)
			return -1;
		u.explicit_port = 1;
	}

	/* path and query: visible ASCII; the fragment is not sent */
	const char *t = a_end, *t_end = t;
	while (t_end < end && *t_end != '#') {
		unsigned char c = (unsigned char)*t_end;
		if (c <= 0x20 || c >= 0x7f)
			return -1;
		t_end++;
	}
	for (const char *f = t_end; f < end; f++) {
		unsigned char c = (unsigned char)*f;
		if (c <= 0x20 || c >= 0x7f)
			return -1;
	}
	if (t == t_end) {
		u.target = "/";
		u.target_len = 1;
	} else {
		u.target = t;
		u.target_len = (size_t)(t_end - t);
	}
	*out = u;
	return 0;
}
