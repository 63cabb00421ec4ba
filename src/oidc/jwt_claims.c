/** ID token claim checks (OpenID Connect Core 1.0 section 3.1.3.7): issuer,
 *  audience and azp, times, nonce, subject and the identity claims we keep. */

#include "oidc/jwt_int.h"

#include <jansson.h>
#include <math.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <string.h>

#define NOW_MAX ((int64_t)1 << 40)          /* far beyond any real clock */
#define MAX_IAT_AGE_CAP (366 * 86400)
#define NUMERIC_DATE_MAX 9007199254740992.0  /* 2^53: exact in a double */

static enum gx_jwt_error fail(enum gx_jwt_error e, const char *why, char *err, size_t errlen)
{
	if (err != NULL && errlen > 0)
		snprintf(err, errlen, "%s: %s", gx_jwt_error_name(e), why);
	return e;
}

/** A string claim without embedded NUL, or NULL. */
static const char *str_claim(const json_t *obj, const char *name, size_t *len)
{
	const json_t *v = json_object_get(obj, name);
	if (!json_is_string(v) || strlen(json_string_value(v)) != json_string_length(v))
		return NULL;
	*len = json_string_length(v);
	return json_string_value(v);
}

int gx_jwt_numeric_date(const json_t *obj, const char *name, int64_t *out)
{
	const json_t *v = json_object_get(obj, name);
	double d;
	if (json_is_integer(v)) {
		json_int_t i = json_integer_value(v);
		if (i < -(json_int_t)NUMERIC_DATE_MAX || i > (json_int_t)NUMERIC_DATE_MAX)
			return -1;
		*out = (int64_t)i;
		return 0;
	}
	if (!json_is_real(v))
		return -1;
	d = json_real_value(v);
	if (!isfinite(d) || d < -NUMERIC_DATE_MAX || d > NUMERIC_DATE_MAX)
		return -1;
	*out = (int64_t)floor(d);
	return 0;
}

/** Constant-time equality of a claim with an expected string. */
static int equals_ct(const char *got, size_t got_len, const char *want)
{
	size_t want_len = strlen(want);
	return got_len == want_len && CRYPTO_memcmp(got, want, want_len) == 0;
}

static enum gx_jwt_error check_audience(const json_t *claims, const char *client, char *err, size_t errlen)
{
	const json_t *aud = json_object_get(claims, "aud");
	size_t n, count = 1;
	const char *s;
	int found = 0;
	if (json_is_string(aud)) {
		found = (s = str_claim(claims, "aud", &n)) != NULL && n == strlen(client) && memcmp(s, client, n) == 0;
	} else if (json_is_array(aud)) {
		size_t i;
		const json_t *v;
		count = json_array_size(aud);
		json_array_foreach(aud, i, v) {
			if (!json_is_string(v))
				return fail(GX_JWT_BAD_AUDIENCE, "aud holds a non-string", err, errlen);
			if (json_string_length(v) == strlen(client) && strcmp(json_string_value(v), client) == 0)
				found = 1;
		}
	}
	if (!found)
		return fail(GX_JWT_BAD_AUDIENCE, "aud does not name the client", err, errlen);
	const json_t *azp = json_object_get(claims, "azp");
	if (azp == NULL && count > 1)
		return fail(GX_JWT_BAD_AZP, "several audiences and no azp", err, errlen);
	if (azp != NULL) {
		s = str_claim(claims, "azp", &n);
		if (s == NULL || n != strlen(client) || memcmp(s, client, n) != 0)
			return fail(GX_JWT_BAD_AZP, "azp is another party", err, errlen);
	}
	return GX_JWT_OK;
}

static enum gx_jwt_error check_times(const json_t *claims, const struct gx_id_token_expect *x,
                                     struct gx_id_token *out, char *err, size_t errlen)
{
	int64_t leeway = x->leeway != 0 ? x->leeway : GX_JWT_DEFAULT_LEEWAY;
	int64_t max_age = x->max_iat_age != 0 ? x->max_iat_age : GX_JWT_DEFAULT_MAX_IAT_AGE;
	int64_t nbf;
	if (gx_jwt_numeric_date(claims, "exp", &out->exp) != 0)
		return fail(GX_JWT_MISSING_CLAIM, "exp missing or not a number", err, errlen);
	if (gx_jwt_numeric_date(claims, "iat", &out->iat) != 0)
		return fail(GX_JWT_MISSING_CLAIM, "iat missing or not a number", err, errlen);
	if (out->exp <= x->now - leeway)
		return fail(GX_JWT_EXPIRED, "exp has passed", err, errlen);
	if (out->iat > x->now + leeway)
		return fail(GX_JWT_NOT_YET_VALID, "iat is in the future", err, errlen);
	if (out->iat < x->now - max_age)
		return fail(GX_JWT_TOO_OLD, "iat is too long ago", err, errlen);
	if (json_object_get(claims, "nbf") != NULL) {
		if (gx_jwt_numeric_date(claims, "nbf", &nbf) != 0)
			return fail(GX_JWT_BAD_CLAIM, "nbf is not a number", err, errlen);
		if (nbf > x->now + leeway)
			return fail(GX_JWT_NOT_YET_VALID, "nbf is in the future", err, errlen);
	}
	return GX_JWT_OK;
}

/** Copies an optional string claim into dst (cap bytes); absent or null leaves "". */
static enum gx_jwt_error copy_optional(const json_t *claims, const char *name, char *dst, size_t cap,
                                       char *err, size_t errlen)
{
	const json_t *v = json_object_get(claims, name);
	size_t n;
	if (v == NULL || json_is_null(v))
		return GX_JWT_OK;
	const char *s = str_claim(claims, name, &n);
	if (s == NULL || n >= cap)
		return fail(GX_JWT_BAD_CLAIM, "an optional claim is not a string or too long", err, errlen);
	memcpy(dst, s, n + 1);
	return GX_JWT_OK;
}

static enum gx_jwt_error check_identity(const json_t *claims, const struct gx_id_token_expect *x,
                                        struct gx_id_token *out, char *err, size_t errlen)
{
	size_t n;
	const char *s = str_claim(claims, "sub", &n);
	if (s == NULL || n == 0)
		return fail(GX_JWT_MISSING_CLAIM, "sub missing", err, errlen);
	if (n >= sizeof(out->sub))
		return fail(GX_JWT_BAD_CLAIM, "sub longer than 255 bytes", err, errlen);
	memcpy(out->sub, s, n + 1);

	if (x->national_id_claim != NULL) {
		const json_t *v = json_object_get(claims, x->national_id_claim);
		if (v == NULL || json_is_null(v))
			return fail(GX_JWT_MISSING_CLAIM, "national id claim missing", err, errlen);
		s = str_claim(claims, x->national_id_claim, &n);
		if (s == NULL || n != sizeof(out->national_id) - 1)
			return fail(GX_JWT_BAD_NATIONAL_ID, "national id is not 13 digits", err, errlen);
		for (size_t i = 0; i < n; i++) {
			if (s[i] < '0' || s[i] > '9')
				return fail(GX_JWT_BAD_NATIONAL_ID, "national id is not 13 digits", err, errlen);
		}
		memcpy(out->national_id, s, n + 1);
	}
	enum gx_jwt_error rc = copy_optional(claims, "given_name", out->given_name, sizeof(out->given_name), err, errlen);
	if (rc == GX_JWT_OK)
		rc = copy_optional(claims, "family_name", out->family_name, sizeof(out->family_name), err, errlen);
	if (rc == GX_JWT_OK)
		rc = copy_optional(claims, "locale", out->locale, sizeof(out->locale), err, errlen);
	return rc;
}

bool gx_jwt_expect_valid(const struct gx_id_token_expect *x)
{
	return x != NULL && x->issuer != NULL && x->audience != NULL && x->nonce != NULL && x->now >= 0 &&
	       x->now <= NOW_MAX && x->leeway >= 0 && x->leeway <= GX_JWT_MAX_LEEWAY && x->max_iat_age >= 0 &&
	       x->max_iat_age <= MAX_IAT_AGE_CAP;
}

enum gx_jwt_error gx_jwt_check_claims(const char *payload, size_t len, const struct gx_id_token_expect *x,
                                      struct gx_id_token *out, char *err, size_t errlen)
{
	if (out == NULL || !gx_jwt_expect_valid(x) || (payload == NULL && len > 0))
		return fail(GX_JWT_BAD_ARGUMENT, "incomplete or out-of-range expectations", err, errlen);
	memset(out, 0, sizeof(*out));

	enum gx_jwt_error rc;
	size_t n;
	const char *s;
	json_t *claims = json_loadb(payload, len, JSON_REJECT_DUPLICATES, NULL);
	if (!json_is_object(claims)) {
		rc = fail(GX_JWT_MALFORMED, "payload is not a JSON object", err, errlen);
		goto cleanup;
	}
	s = str_claim(claims, "iss", &n);
	if (s == NULL || n != strlen(x->issuer) || memcmp(s, x->issuer, n) != 0) {
		rc = fail(GX_JWT_BAD_ISSUER, "iss is not the expected issuer", err, errlen);
		goto cleanup;
	}
	rc = check_audience(claims, x->audience, err, errlen);
	if (rc == GX_JWT_OK)
		rc = check_times(claims, x, out, err, errlen);
	if (rc == GX_JWT_OK) {
		s = str_claim(claims, "nonce", &n);
		if (s == NULL || !equals_ct(s, n, x->nonce))
			rc = fail(GX_JWT_BAD_NONCE, "nonce does not match", err, errlen);
	}
	if (rc == GX_JWT_OK)
		rc = check_identity(claims, x, out, err, errlen);
cleanup:
	json_decref(claims);
	if (rc != GX_JWT_OK)
		OPENSSL_cleanse(out, sizeof(*out));
	return rc;
}
