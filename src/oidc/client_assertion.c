/** Client assertion verification (RFC 7523): the JWS and its header, the
 *  signature (EdDSA with libsodium, ES256 with OpenSSL 3), then the claims. */

#include "oidc/client_assertion.h"

#include "oidc/client_assertion_int.h"
#include "oidc/jwt_int.h"

#include <jansson.h>
#include <openssl/crypto.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOW_MAX ((int64_t)1 << 40)

static enum gx_jwt_error fail(enum gx_jwt_error e, const char *why, char *err, size_t errlen)
{
	if (err != NULL && errlen > 0)
		snprintf(err, errlen, "%s: %s", gx_jwt_error_name(e), why);
	return e;
}

/** A string member without embedded NUL, or NULL. */
static const char *str_member(const json_t *obj, const char *name, size_t *len)
{
	const json_t *v = json_object_get(obj, name);
	if (!json_is_string(v) || strlen(json_string_value(v)) != json_string_length(v))
		return NULL;
	*len = json_string_length(v);
	return json_string_value(v);
}

static bool has_control(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return true;
	return false;
}

static bool same(const char *got, size_t n, const char *want)
{
	return n == strlen(want) && memcmp(got, want, n) == 0;
}

static bool expect_valid(const struct gx_client_assertion_expect *x)
{
	return x != NULL && x->client_id != NULL && x->client_id[0] != '\0' &&
	       strlen(x->client_id) <= GX_CLIENT_ASSERTION_ISS_MAX && x->audience != NULL && x->audience[0] != '\0' &&
	       x->now >= 0 && x->now <= NOW_MAX;
}

static enum gx_jwt_error check_audience(const json_t *claims, const char *audience, char *err, size_t errlen)
{
	const json_t *aud = json_object_get(claims, "aud");
	size_t n;
	const char *s;
	if (json_is_string(aud)) {
		s = str_member(claims, "aud", &n);
		if (s != NULL && same(s, n, audience))
			return GX_JWT_OK;
	} else if (json_is_array(aud)) {
		size_t i;
		const json_t *v;
		json_array_foreach(aud, i, v) {
			if (!json_is_string(v))
				return fail(GX_JWT_BAD_AUDIENCE, "aud holds a non-string", err, errlen);
			if (same(json_string_value(v), json_string_length(v), audience))
				return GX_JWT_OK;
		}
	}
	return fail(GX_JWT_BAD_AUDIENCE, "aud does not name the token endpoint", err, errlen);
}

/** An optional NumericDate: 1 present (in *out), 0 absent, -1 not a number. */
static int optional_date(const json_t *claims, const char *name, int64_t *out)
{
	if (json_object_get(claims, name) == NULL)
		return 0;
	return gx_jwt_numeric_date(claims, name, out) == 0 ? 1 : -1;
}

static enum gx_jwt_error check_times(const json_t *claims, const struct gx_client_assertion_expect *x,
				     struct gx_client_assertion *out, char *err, size_t errlen)
{
	const int64_t leeway = GX_CLIENT_ASSERTION_LEEWAY, max = GX_CLIENT_ASSERTION_MAX_LIFETIME;
	int64_t nbf = 0;
	if (gx_jwt_numeric_date(claims, "exp", &out->exp) != 0)
		return fail(GX_JWT_MISSING_CLAIM, "exp missing or not a number", err, errlen);
	int has_iat = optional_date(claims, "iat", &out->iat);
	int has_nbf = optional_date(claims, "nbf", &nbf);
	if (has_iat < 0 || has_nbf < 0)
		return fail(GX_JWT_BAD_CLAIM, "iat or nbf is not a number", err, errlen);
	if (out->exp <= x->now - leeway)
		return fail(GX_JWT_EXPIRED, "exp has passed", err, errlen);
	if (has_iat && out->iat > x->now + leeway)
		return fail(GX_JWT_NOT_YET_VALID, "iat is in the future", err, errlen);
	if (has_nbf && nbf > x->now + leeway)
		return fail(GX_JWT_NOT_YET_VALID, "nbf is in the future", err, errlen);
	if (out->exp > x->now + max + leeway || (has_iat && out->exp - out->iat > max))
		return fail(GX_JWT_TOO_LONG_LIVED, "exp is more than 300 seconds after iat or now", err, errlen);
	if (!has_iat)
		out->iat = 0;
	out->keep_until = out->exp + leeway;
	return GX_JWT_OK;
}

enum gx_jwt_error gx_client_assertion_check_claims(const char *payload, size_t len,
						   const struct gx_client_assertion_expect *x,
						   struct gx_client_assertion *out, char *err, size_t errlen)
{
	if (out == NULL || !expect_valid(x) || (payload == NULL && len > 0))
		return fail(GX_JWT_BAD_ARGUMENT, "incomplete or out-of-range expectations", err, errlen);
	memset(out, 0, sizeof(*out));
	enum gx_jwt_error rc;
	size_t n;
	const char *s;
	json_t *claims = json_loadb(payload != NULL ? payload : "", len, JSON_REJECT_DUPLICATES, NULL);
	if (!json_is_object(claims)) {
		rc = fail(GX_JWT_MALFORMED, "payload is not a JSON object", err, errlen);
		goto cleanup;
	}
	s = str_member(claims, "iss", &n);
	if (s == NULL || !same(s, n, x->client_id)) {
		rc = fail(GX_JWT_BAD_ISSUER, "iss is not the client", err, errlen);
		goto cleanup;
	}
	s = str_member(claims, "sub", &n);
	if (s == NULL || !same(s, n, x->client_id)) {
		rc = fail(GX_JWT_BAD_SUBJECT, "sub is not the client", err, errlen);
		goto cleanup;
	}
	rc = check_audience(claims, x->audience, err, errlen);
	if (rc == GX_JWT_OK)
		rc = check_times(claims, x, out, err, errlen);
	if (rc != GX_JWT_OK)
		goto cleanup;
	if (!json_is_string(json_object_get(claims, "jti"))) {
		rc = fail(GX_JWT_MISSING_CLAIM, "jti missing or not a string", err, errlen);
		goto cleanup;
	}
	s = str_member(claims, "jti", &n);
	if (s == NULL || n == 0 || n > GX_CLIENT_ASSERTION_JTI_MAX || has_control(s, n)) {
		rc = fail(GX_JWT_BAD_CLAIM, "jti is empty, longer than 128 bytes or has control characters", err, errlen);
		goto cleanup;
	}
	memcpy(out->jti, s, n);
	out->jti[n] = '\0';
cleanup:
	json_decref(claims);
	if (rc != GX_JWT_OK)
		memset(out, 0, sizeof(*out));
	return rc;
}

/** Decodes the payload part of token (checked for size and shape) into a JSON object. */
static enum gx_jwt_error split_checked(const char *token, size_t len, struct gx_jws_parts *p, char *err,
				      size_t errlen)
{
	if (token == NULL || len == 0 || len > GX_CLIENT_ASSERTION_MAX_LEN)
		return fail(GX_JWT_TOO_LARGE, "assertion empty or too large", err, errlen);
	if (gx_jws_split(token, len, p) != 0)
		return fail(GX_JWT_MALFORMED, "not three base64url parts", err, errlen);
	return GX_JWT_OK;
}

enum gx_jwt_error gx_client_assertion_issuer(const char *token, size_t len, char iss[GX_CLIENT_ASSERTION_ISS_MAX + 1],
					     char *err, size_t errlen)
{
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	iss[0] = '\0';
	struct gx_jws_parts p;
	enum gx_jwt_error rc = split_checked(token, len, &p, err, errlen);
	if (rc != GX_JWT_OK)
		return rc;
	size_t plen, n;
	char *payload = gx_jws_decode_part(p.part[1], p.len[1], &plen);
	if (payload == NULL)
		return fail(GX_JWT_MALFORMED, "payload is not base64url", err, errlen);
	json_t *claims = json_loadb(payload, plen, JSON_REJECT_DUPLICATES, NULL);
	const char *s;
	if (!json_is_object(claims)) {
		rc = fail(GX_JWT_MALFORMED, "payload is not a JSON object", err, errlen);
	} else if ((s = str_member(claims, "iss", &n)) == NULL || n == 0 || n > GX_CLIENT_ASSERTION_ISS_MAX ||
		   has_control(s, n)) {
		rc = fail(GX_JWT_BAD_ISSUER, "iss missing, empty, too long or not printable", err, errlen);
	} else {
		memcpy(iss, s, n);
		iss[n] = '\0';
	}
	json_decref(claims);
	free(payload);
	return rc;
}

/** Checks the header: alg EdDSA or ES256, the key's, no crit. */
static enum gx_jwt_error check_header(const char *txt, size_t len, const struct gx_jwk *key, char *err, size_t errlen)
{
	enum gx_jwt_error rc = GX_JWT_OK;
	size_t n;
	const char *alg;
	json_t *hdr = json_loadb(txt, len, JSON_REJECT_DUPLICATES, NULL);
	if (!json_is_object(hdr))
		rc = fail(GX_JWT_MALFORMED, "header is not a JSON object", err, errlen);
	else if ((alg = str_member(hdr, "alg", &n)) == NULL || (!same(alg, n, "EdDSA") && !same(alg, n, "ES256")))
		rc = fail(GX_JWT_BAD_ALG, "alg is not EdDSA or ES256", err, errlen);
	else if (json_object_get(hdr, "crit") != NULL)
		rc = fail(GX_JWT_MALFORMED, "header has crit extensions", err, errlen);
	else if (!same(alg, n, gx_jwk_client_alg(key)))
		rc = fail(GX_JWT_KEY_MISMATCH, "alg is not the client key's", err, errlen);
	json_decref(hdr);
	return rc;
}

enum gx_jwt_error gx_client_assertion_verify(const char *token, size_t len, const struct gx_jwk *key,
					     const struct gx_client_assertion_expect *expect,
					     struct gx_client_assertion *out, char *err, size_t errlen)
{
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if (out == NULL)
		return fail(GX_JWT_BAD_ARGUMENT, "no output", err, errlen);
	memset(out, 0, sizeof(*out));
	if (gx_jwk_client_alg(key) == NULL || !expect_valid(expect) || (token == NULL && len > 0))
		return fail(GX_JWT_BAD_ARGUMENT, "missing key or expectations", err, errlen);

	struct gx_jws_parts p;
	enum gx_jwt_error rc = split_checked(token, len, &p, err, errlen);
	if (rc != GX_JWT_OK)
		return rc;
	char *hdr = NULL, *payload = NULL;
	unsigned char *sig = NULL;
	size_t hdr_len, payload_len = 0, sig_len;
	size_t tbs_len = p.len[0] + 1 + p.len[1];

	hdr = gx_jws_decode_part(p.part[0], p.len[0], &hdr_len);
	if (hdr == NULL) {
		rc = fail(GX_JWT_MALFORMED, "header is not base64url", err, errlen);
		goto cleanup;
	}
	rc = check_header(hdr, hdr_len, key, err, errlen);
	if (rc != GX_JWT_OK)
		goto cleanup;
	sig = (unsigned char *)gx_jws_decode_part(p.part[2], p.len[2], &sig_len);
	if (sig == NULL) {
		rc = fail(GX_JWT_MALFORMED, "signature is not base64url", err, errlen);
		goto cleanup;
	}
	if (key->type == GX_JWK_OKP_ED25519) {
		if (sodium_init() < 0) {
			rc = fail(GX_JWT_INTERNAL, "libsodium cannot start", err, errlen);
			goto cleanup;
		}
		rc = sig_len == crypto_sign_BYTES && crypto_sign_verify_detached(sig, (const unsigned char *)token, tbs_len,
										 key->ed25519) == 0
			     ? GX_JWT_OK
			     : GX_JWT_BAD_SIGNATURE;
	} else {
		rc = gx_jws_check_signature(key, GX_JWT_ALG_ES256, sig, sig_len, token, tbs_len);
	}
	if (rc != GX_JWT_OK) {
		rc = fail(rc, "signature does not verify", err, errlen);
		goto cleanup;
	}
	payload = gx_jws_decode_part(p.part[1], p.len[1], &payload_len);
	if (payload == NULL) {
		rc = fail(GX_JWT_MALFORMED, "payload is not base64url", err, errlen);
		goto cleanup;
	}
	rc = gx_client_assertion_check_claims(payload, payload_len, expect, out, err, errlen);
cleanup:
	free(hdr);
	free(sig);
	free(payload);
	return rc;
}

const char *gx_client_assertion_error_message(enum gx_jwt_error e)
{
	switch (e) {
	case GX_JWT_TOO_LARGE:
		return "The client assertion is empty or longer than 8 KiB.";
	case GX_JWT_MALFORMED:
		return "The client assertion is not a signed JWT: three base64url parts, a JSON header and claims, no crit.";
	case GX_JWT_BAD_ALG:
		return "The client assertion's alg must be EdDSA or ES256.";
	case GX_JWT_KEY_MISMATCH:
		return "The client assertion's alg is not the one of the client's registered key.";
	case GX_JWT_BAD_SIGNATURE:
		return "The client assertion's signature does not verify with the client's registered key.";
	case GX_JWT_BAD_ISSUER:
		return "The client assertion's iss must be the client id of a registered client.";
	case GX_JWT_BAD_SUBJECT:
		return "The client assertion's sub must be the client id, as its iss.";
	case GX_JWT_BAD_AUDIENCE:
		return "The client assertion's aud must be this token endpoint's URL.";
	case GX_JWT_EXPIRED:
		return "The client assertion has expired (exp).";
	case GX_JWT_NOT_YET_VALID:
		return "The client assertion is not valid yet (iat or nbf is in the future).";
	case GX_JWT_TOO_LONG_LIVED:
		return "The client assertion's exp is more than 300 seconds after its iat or after now.";
	case GX_JWT_MISSING_CLAIM:
		return "The client assertion lacks exp or jti, or has one of the wrong type.";
	case GX_JWT_BAD_CLAIM:
		return "The client assertion's iat, nbf or jti is malformed.";
	default:
		return "The client assertion could not be checked.";
	}
}
