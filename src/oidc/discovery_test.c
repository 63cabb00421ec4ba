/** Tests for OpenID Provider discovery document checks. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "oidc/discovery.h"

#define ISS "https://idp.example.lu/realms/citizens"

static json_t *good_doc(void)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:[s], s:[s,s], s:[s,s,s]}", "issuer", ISS,
	                 "authorization_endpoint", ISS "/auth", "token_endpoint", ISS "/token", "jwks_uri", ISS "/certs",
	                 "end_session_endpoint", ISS "/logout", "userinfo_endpoint", ISS "/userinfo",
	                 "response_types_supported", "code", "code_challenge_methods_supported", "plain", "S256",
	                 "id_token_signing_alg_values_supported", "HS256", "RS256", "PS256");
}

static char err[160];

/** Parses doc (stolen) for issuer. */
static struct gx_discovery *parse(json_t *doc, const char *issuer)
{
	char *text = json_dumps(doc, JSON_COMPACT);
	json_decref(doc);
	struct gx_discovery *d = gx_discovery_parse(text, strlen(text), issuer, err, sizeof(err));
	free(text);
	return d;
}

/** True when good_doc with member name set to value (NULL: removed) is refused,
 *  and the reason names the member. */
static int refused(const char *name, json_t *value, const char *issuer)
{
	json_t *doc = good_doc();
	if (value != NULL)
		json_object_set_new(doc, name, value);
	else
		json_object_del(doc, name);
	struct gx_discovery *d = parse(doc, issuer);
	gx_discovery_free(d);
	return d == NULL && strstr(err, name) != NULL;
}

static void test_good(void **state)
{
	struct gx_discovery *d = parse(good_doc(), ISS);
	assert_non_null(d);
	assert_string_equal(d->issuer, ISS);
	assert_string_equal(d->authorization_endpoint, ISS "/auth");
	assert_string_equal(d->token_endpoint, ISS "/token");
	assert_string_equal(d->jwks_uri, ISS "/certs");
	assert_string_equal(d->end_session_endpoint, ISS "/logout");
	assert_string_equal(d->userinfo_endpoint, ISS "/userinfo");
	assert_int_equal(d->algs, GX_JWT_ALG_RS256);
	gx_discovery_free(d);

	json_t *doc = good_doc();
	json_object_del(doc, "end_session_endpoint");
	json_object_del(doc, "userinfo_endpoint");
	json_object_del(doc, "response_types_supported");
	json_object_set_new(doc, "id_token_signing_alg_values_supported", json_pack("[s,s]", "ES256", "RS256"));
	d = parse(doc, ISS);
	assert_non_null(d);
	assert_null(d->end_session_endpoint);
	assert_null(d->userinfo_endpoint);
	assert_int_equal(d->algs, GX_JWT_ALG_RS256 | GX_JWT_ALG_ES256);
	gx_discovery_free(d);
}

static void test_issuer_exact(void **state)
{
	assert_true(refused("issuer", NULL, ISS));
	assert_null(parse(good_doc(), ISS "/"));
	assert_null(parse(good_doc(), "https://IDP.example.lu/realms/citizens"));
	assert_true(refused("issuer", json_string(ISS "/"), ISS));
	assert_true(refused("issuer", json_integer(1), ISS));
	/* an http issuer is fine only on loopback */
	assert_true(refused("issuer", json_string("http://idp.example.lu"), "http://idp.example.lu"));
	json_t *doc = json_pack("{s:s, s:s, s:s, s:s, s:[s], s:[s]}", "issuer", "http://127.0.0.1:4000",
	                        "authorization_endpoint", "http://127.0.0.1:4000/auth", "token_endpoint",
	                        "http://localhost:4000/token", "jwks_uri", "http://[::1]:4000/jwks",
	                        "code_challenge_methods_supported", "S256", "id_token_signing_alg_values_supported", "ES256");
	struct gx_discovery *d = parse(doc, "http://127.0.0.1:4000");
	assert_non_null(d);
	assert_int_equal(d->algs, GX_JWT_ALG_ES256);
	gx_discovery_free(d);
}

static void test_refusals(void **state)
{
	assert_true(refused("authorization_endpoint", NULL, ISS));
	assert_true(refused("token_endpoint", NULL, ISS));
	assert_true(refused("jwks_uri", NULL, ISS));
	assert_true(refused("jwks_uri", json_string("http://idp.example.lu/certs"), ISS));
	assert_true(refused("jwks_uri", json_string("http://localhost.evil.example/certs"), ISS));
	assert_true(refused("jwks_uri", json_string("https://user:pw@idp.example.lu/certs"), ISS));
	assert_true(refused("jwks_uri", json_string("https://idp.example.lu/certs#x"), ISS));
	assert_true(refused("jwks_uri", json_string("https://idp.example.lu/ce rts"), ISS));
	assert_true(refused("jwks_uri", json_string("https:///certs"), ISS));
	assert_true(refused("jwks_uri", json_string("file:///etc/passwd"), ISS));
	assert_true(refused("jwks_uri", json_string("/certs"), ISS));
	assert_true(refused("jwks_uri", json_integer(5), ISS));
	assert_true(refused("userinfo_endpoint", json_string("ftp://idp.example.lu/"), ISS));
	assert_true(refused("end_session_endpoint", json_null(), ISS));
	assert_true(refused("code_challenge_methods_supported", NULL, ISS));
	assert_true(refused("code_challenge_methods_supported", json_pack("[s]", "plain"), ISS));
	assert_true(refused("code_challenge_methods_supported", json_string("S256"), ISS));
	assert_true(refused("id_token_signing_alg_values_supported", NULL, ISS));
	assert_true(refused("id_token_signing_alg_values_supported", json_pack("[s,s]", "none", "HS256"), ISS));
	assert_true(refused("response_types_supported", json_pack("[s]", "token"), ISS));
}

static void test_junk(void **state)
{
	static const char *const junk[] = {"", "null", "[]", "{}", "not json", "{\"issuer\":\"" ISS "\"}"};
	for (size_t i = 0; i < sizeof(junk) / sizeof(junk[0]); i++)
		assert_null(gx_discovery_parse(junk[i], strlen(junk[i]), ISS, err, sizeof(err)));
	assert_null(gx_discovery_parse("{}", 2, NULL, err, sizeof(err)));
	char *big = malloc(GX_DISCOVERY_MAX_JSON + 1);
	memset(big, ' ', GX_DISCOVERY_MAX_JSON + 1);
	assert_null(gx_discovery_parse(big, GX_DISCOVERY_MAX_JSON + 1, ISS, err, sizeof(err)));
	free(big);
	assert_true(gx_discovery_url_ok("https://a"));
	assert_false(gx_discovery_url_ok("https://"));
	assert_false(gx_discovery_url_ok("http://[::1"));
	assert_true(gx_discovery_url_ok("http://localhost/x"));
	assert_false(gx_discovery_url_ok("http://localhostx/x"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_issuer_exact),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_junk),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
