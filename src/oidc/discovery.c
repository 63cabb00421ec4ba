/** OpenID Provider discovery document parsing and checks. */

#include "oidc/discovery.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void set_err(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
	if (err == NULL || errlen == 0)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/** True when the authority [start, end) names a loopback host. */
static int is_loopback(const char *start, size_t n)
{
	static const char *const hosts[] = {"localhost", "127.0.0.1", "[::1]"};
	const char *colon = NULL;
	if (n > 0 && start[0] == '[') {
		const char *close = memchr(start, ']', n);
		if (close != NULL && (size_t)(close - start) + 1 < n)
			colon = close + 1;
	} else {
		colon = memchr(start, ':', n);
	}
	size_t host_len = colon != NULL ? (size_t)(colon - start) : n;
	for (size_t i = 0; i < sizeof(hosts) / sizeof(hosts[0]); i++) {
		if (host_len == strlen(hosts[i]) && memcmp(start, hosts[i], host_len) == 0)
			return 1;
	}
	return 0;
}

int gx_discovery_url_ok(const char *url)
{
	if (url == NULL)
		return 0;
	size_t n = strlen(url), scheme;
	if (n > GX_DISCOVERY_URL_MAX)
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)url[i];
		if (c <= 0x20 || c >= 0x7f || c == '#' || c == '\\')
			return 0;
	}
	int https = strncmp(url, "https://", 8) == 0;
	if (https)
		scheme = 8;
	else if (strncmp(url, "http://", 7) == 0)
		scheme = 7;
	else
		return 0;
	const char *auth = url + scheme;
	size_t auth_len = strcspn(auth, "/?");
	if (auth_len == 0 || memchr(auth, '@', auth_len) != NULL)
		return 0;  /* no host, or credentials in the URL */
	return https || is_loopback(auth, auth_len);
}

/** A copy of the URL member name, or NULL (err set) when it is absent and
 *  required, or present and not a valid URL; *bad is set in that case. */
static char *get_url(const json_t *doc, const char *name, int required, int *bad, char *err, size_t errlen)
{
	const json_t *v = json_object_get(doc, name);
	if (v == NULL && !required)
		return NULL;
	if (!json_is_string(v) || strlen(json_string_value(v)) != json_string_length(v) ||
	    !gx_discovery_url_ok(json_string_value(v))) {
		set_err(err, errlen, "discovery: %s %s", name, v == NULL ? "missing" : "is not an https URL");
		*bad = 1;
		return NULL;
	}
	char *s = strdup(json_string_value(v));
	if (s == NULL) {
		set_err(err, errlen, "discovery: out of memory");
		*bad = 1;
	}
	return s;
}

/** True when the array member name contains the string want. */
static int array_has(const json_t *doc, const char *name, const char *want)
{
	const json_t *arr = json_object_get(doc, name), *v;
	size_t i;
	json_array_foreach(arr, i, v) {
		if (json_is_string(v) && strcmp(json_string_value(v), want) == 0)
			return 1;
	}
	return 0;
}

struct gx_discovery *gx_discovery_parse(const char *json, size_t len, const char *expected_issuer,
                                        char *err, size_t errlen)
{
	set_err(err, errlen, "ok");
	if (json == NULL || len == 0 || len > GX_DISCOVERY_MAX_JSON || expected_issuer == NULL) {
		set_err(err, errlen, "discovery: empty or larger than %d bytes", GX_DISCOVERY_MAX_JSON);
		return NULL;
	}
	int bad = 0;
	struct gx_discovery *d = NULL;
	json_t *doc = json_loadb(json, len, JSON_REJECT_DUPLICATES, NULL);
	if (!json_is_object(doc)) {
		set_err(err, errlen, "discovery: not a JSON object");
		goto fail;
	}
	const json_t *iss = json_object_get(doc, "issuer");
	if (!json_is_string(iss) || json_string_length(iss) != strlen(expected_issuer) ||
	    strcmp(json_string_value(iss), expected_issuer) != 0) {
		set_err(err, errlen, "discovery: issuer is not the configured issuer");
		goto fail;
	}
	d = calloc(1, sizeof(*d));
	if (d == NULL) {
		set_err(err, errlen, "discovery: out of memory");
		goto fail;
	}
	d->issuer = get_url(doc, "issuer", 1, &bad, err, errlen);
	if (!bad)
		d->authorization_endpoint = get_url(doc, "authorization_endpoint", 1, &bad, err, errlen);
	if (!bad)
		d->token_endpoint = get_url(doc, "token_endpoint", 1, &bad, err, errlen);
	if (!bad)
		d->jwks_uri = get_url(doc, "jwks_uri", 1, &bad, err, errlen);
	if (!bad)
		d->end_session_endpoint = get_url(doc, "end_session_endpoint", 0, &bad, err, errlen);
	if (!bad)
		d->userinfo_endpoint = get_url(doc, "userinfo_endpoint", 0, &bad, err, errlen);
	if (bad)
		goto fail;
	if (strchr(d->issuer, '?') != NULL) {
		set_err(err, errlen, "discovery: issuer has a query");
		goto fail;
	}
	if (json_object_get(doc, "response_types_supported") != NULL &&
	    !array_has(doc, "response_types_supported", "code")) {
		set_err(err, errlen, "discovery: response_types_supported lacks code");
		goto fail;
	}
	if (!array_has(doc, "code_challenge_methods_supported", "S256")) {
		set_err(err, errlen, "discovery: code_challenge_methods_supported lacks S256");
		goto fail;
	}
	if (array_has(doc, "id_token_signing_alg_values_supported", "RS256"))
		d->algs |= GX_JWT_ALG_RS256;
	if (array_has(doc, "id_token_signing_alg_values_supported", "ES256"))
		d->algs |= GX_JWT_ALG_ES256;
	if (d->algs == 0) {
		set_err(err, errlen, "discovery: id_token_signing_alg_values_supported has neither RS256 nor ES256");
		goto fail;
	}
	json_decref(doc);
	return d;
fail:
	json_decref(doc);
	gx_discovery_free(d);
	return NULL;
}

void gx_discovery_free(struct gx_discovery *d)
{
	if (d == NULL)
		return;
	free(d->issuer);
	free(d->authorization_endpoint);
	free(d->token_endpoint);
	free(d->jwks_uri);
	free(d->end_session_endpoint);
	free(d->userinfo_endpoint);
	free(d);
}
