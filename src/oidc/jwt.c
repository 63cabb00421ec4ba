/** ID token verification: JWS compact structure, header, key choice and
 *  signature. The claims are checked in jwt_claims.c once the signature holds. */

#include "oidc/jwt.h"

#include "oidc/b64url.h"
#include "oidc/jwt_int.h"

#include <jansson.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ES256_SIG_LEN 64
#define DER_SIG_MAX 80  /* DER ECDSA-Sig-Value for P-256 is at most 72 bytes */

static enum gx_jwt_error fail(enum gx_jwt_error e, const char *why, char *err, size_t errlen)
{
	if (err != NULL && errlen > 0)
		snprintf(err, errlen, "%s: %s", gx_jwt_error_name(e), why);
	return e;
}

int gx_jws_split(const char *token, size_t len, struct gx_jws_parts *p)
{
	size_t start = 0, k = 0;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && token[i] != '.') {
			if (!gx_b64url_is_char((unsigned char)token[i]))
				return -1;
			continue;
		}
		if (k == 3 || (i == start && k < 2))
			return -1;  /* a fourth part, or an empty header or payload */
		p->part[k] = token + start;
		p->len[k] = i - start;
		k++;
		start = i + 1;
	}
	return k == 3 ? 0 : -1;
}

char *gx_jws_decode_part(const char *s, size_t n, size_t *out_len)
{
	size_t cap = gx_b64url_decoded_max(n) + 1;
	char *buf = malloc(cap);
	if (buf == NULL)
		return NULL;
	long got = gx_b64url_decode(s, n, (unsigned char *)buf, cap);
	if (got < 0) {
		free(buf);
		return NULL;
	}
	buf[got] = '\0';
	*out_len = (size_t)got;
	return buf;
}

/** Maps a header alg to its bit; 0 for anything we never accept. */
static unsigned alg_bit(const char *alg)
{
	if (strcmp(alg, "RS256") == 0)
		return GX_JWT_ALG_RS256;
	if (strcmp(alg, "ES256") == 0)
		return GX_JWT_ALG_ES256;
	return 0;
}

/** Converts a JOSE r||s signature to DER; returns the DER length or -1. */
static int es256_to_der(const unsigned char *raw, unsigned char *der, size_t cap)
{
	int len = -1;
	ECDSA_SIG *sig = ECDSA_SIG_new();
	BIGNUM *r = BN_bin2bn(raw, 32, NULL);
	BIGNUM *s = BN_bin2bn(raw + 32, 32, NULL);
	if (sig == NULL || r == NULL || s == NULL || ECDSA_SIG_set0(sig, r, s) != 1)
		goto cleanup;
	r = s = NULL;  /* owned by sig now */
	int need = i2d_ECDSA_SIG(sig, NULL);
	if (need <= 0 || (size_t)need > cap)
		goto cleanup;
	unsigned char *p = der;
	len = i2d_ECDSA_SIG(sig, &p);
cleanup:
	BN_free(r);
	BN_free(s);
	ECDSA_SIG_free(sig);
	return len;
}

enum gx_jwt_error gx_jws_check_signature(const struct gx_jwk *key, unsigned bit, const unsigned char *sig,
                                         size_t siglen, const char *tbs, size_t tbslen)
{
	unsigned char der[DER_SIG_MAX];
	if (bit == GX_JWT_ALG_ES256) {
		if (siglen != ES256_SIG_LEN)
			return GX_JWT_BAD_SIGNATURE;
		int n = es256_to_der(sig, der, sizeof(der));
		if (n <= 0)
			return GX_JWT_INTERNAL;
		sig = der;
		siglen = (size_t)n;
	} else if (siglen != (size_t)EVP_PKEY_get_size(key->pkey)) {
		return GX_JWT_BAD_SIGNATURE;
	}
	enum gx_jwt_error rc = GX_JWT_INTERNAL;
	EVP_PKEY_CTX *pctx = NULL;
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	if (md == NULL || EVP_DigestVerifyInit_ex(md, &pctx, "SHA256", NULL, NULL, key->pkey, NULL) != 1)
		goto cleanup;
	if (bit == GX_JWT_ALG_RS256 && EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) != 1)
		goto cleanup;
	rc = EVP_DigestVerify(md, sig, siglen, (const unsigned char *)tbs, tbslen) == 1 ? GX_JWT_OK
	                                                                             : GX_JWT_BAD_SIGNATURE;
cleanup:
	ERR_clear_error();  /* leave no failure in this thread's queue */
	EVP_MD_CTX_free(md);
	return rc;
}

/** Counts the keys that fit alg (for tokens without kid). */
static size_t count_fitting(const struct gx_jwks *keys, const char *alg)
{
	size_t n = 0;
	for (size_t i = 0; i < gx_jwks_count(keys); i++)
		n += gx_jwk_fits_alg(gx_jwks_at(keys, i), alg) ? 1 : 0;
	return n;
}

/** Checks the header and picks the key; on success *key and *bit are set. */
static enum gx_jwt_error check_header(const json_t *hdr, const struct gx_jwks *keys, unsigned allowed,
                                      const struct gx_jwk **key, unsigned *bit, struct gx_id_token *out,
                                      char *err, size_t errlen)
{
	const json_t *jalg = json_object_get(hdr, "alg");
	if (!json_is_string(jalg) || strlen(json_string_value(jalg)) != json_string_length(jalg))
		return fail(GX_JWT_BAD_ALG, "header has no alg", err, errlen);
	const char *alg = json_string_value(jalg);
	*bit = alg_bit(alg);
	if ((*bit & allowed) == 0)
		return fail(GX_JWT_BAD_ALG, "alg is not an allowed algorithm", err, errlen);
	if (json_object_get(hdr, "crit") != NULL)
		return fail(GX_JWT_MALFORMED, "header has crit extensions", err, errlen);

	const json_t *jkid = json_object_get(hdr, "kid");
	const char *kid = NULL;
	if (jkid != NULL) {
		if (!json_is_string(jkid) || strlen(json_string_value(jkid)) != json_string_length(jkid))
			return fail(GX_JWT_MALFORMED, "kid is not a string", err, errlen);
		kid = json_string_value(jkid);
	}
	*key = gx_jwks_find(keys, kid, alg);
	if (*key != NULL)
		return GX_JWT_OK;
	size_t fitting = count_fitting(keys, alg);
	if ((kid != NULL && gx_jwks_has_kid(keys, kid)) || (kid == NULL && fitting > 1))
		return fail(GX_JWT_KEY_MISMATCH, kid != NULL ? "the kid's key does not fit alg" : "no kid and several keys",
		            err, errlen);
	out->kid_unknown = true;
	return fail(GX_JWT_UNKNOWN_KID, "no key with this kid", err, errlen);
}

enum gx_jwt_error gx_jwt_verify_id_token(const char *token, size_t len, const struct gx_jwks *keys,
                                         const struct gx_id_token_expect *expect,
                                         struct gx_id_token *out, char *err, size_t errlen)
{
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if (out == NULL)
		return fail(GX_JWT_BAD_ARGUMENT, "no output", err, errlen);
	memset(out, 0, sizeof(*out));
	if (keys == NULL || !gx_jwt_expect_valid(expect) || (token == NULL && len > 0))
		return fail(GX_JWT_BAD_ARGUMENT, "missing keys or expectations", err, errlen);
	if (len == 0 || len > GX_JWT_MAX_LEN)
		return fail(GX_JWT_TOO_LARGE, "token empty or too large", err, errlen);

	struct gx_jws_parts p;
	if (gx_jws_split(token, len, &p) != 0)
		return fail(GX_JWT_MALFORMED, "not three base64url parts", err, errlen);

	enum gx_jwt_error rc;
	json_t *hdr = NULL;
	char *hdr_txt = NULL, *payload = NULL;
	unsigned char *sig = NULL;
	size_t hdr_len, payload_len, sig_len;
	unsigned allowed = expect->algs != 0 ? expect->algs : (GX_JWT_ALG_RS256 | GX_JWT_ALG_ES256);

	hdr_txt = gx_jws_decode_part(p.part[0], p.len[0], &hdr_len);
	if (hdr_txt == NULL) {
		rc = fail(GX_JWT_MALFORMED, "header is not base64url", err, errlen);
		goto cleanup;
	}
	hdr = json_loadb(hdr_txt, hdr_len, JSON_REJECT_DUPLICATES, NULL);
	if (!json_is_object(hdr)) {
		rc = fail(GX_JWT_MALFORMED, "header is not a JSON object", err, errlen);
		goto cleanup;
	}
	const struct gx_jwk *key = NULL;
	unsigned bit = 0;
	rc = check_header(hdr, keys, allowed, &key, &bit, out, err, errlen);
	if (rc != GX_JWT_OK)
		goto cleanup;

	sig = (unsigned char *)gx_jws_decode_part(p.part[2], p.len[2], &sig_len);
	if (sig == NULL) {
		rc = fail(GX_JWT_MALFORMED, "signature is not base64url", err, errlen);
		goto cleanup;
	}
	rc = gx_jws_check_signature(key, bit, sig, sig_len, token, p.len[0] + 1 + p.len[1]);
	if (rc != GX_JWT_OK) {
		rc = fail(rc, "signature does not verify", err, errlen);
		goto cleanup;
	}
	payload = gx_jws_decode_part(p.part[1], p.len[1], &payload_len);
	if (payload == NULL) {
		rc = fail(GX_JWT_MALFORMED, "payload is not base64url", err, errlen);
		goto cleanup;
	}
	rc = gx_jwt_check_claims(payload, payload_len, expect, out, err, errlen);
cleanup:
	json_decref(hdr);
	free(hdr_txt);
	free(sig);
	if (payload != NULL) {
		OPENSSL_cleanse(payload, payload_len);
		free(payload);
	}
	return rc;
}

const char *gx_jwt_error_name(enum gx_jwt_error e)
{
	switch (e) {
	case GX_JWT_OK: return "ok";
	case GX_JWT_BAD_ARGUMENT: return "bad_argument";
	case GX_JWT_TOO_LARGE: return "too_large";
	case GX_JWT_MALFORMED: return "malformed";
	case GX_JWT_BAD_ALG: return "bad_alg";
	case GX_JWT_UNKNOWN_KID: return "unknown_kid";
	case GX_JWT_KEY_MISMATCH: return "key_mismatch";
	case GX_JWT_BAD_SIGNATURE: return "bad_signature";
	case GX_JWT_BAD_ISSUER: return "bad_issuer";
	case GX_JWT_BAD_AUDIENCE: return "bad_audience";
	case GX_JWT_BAD_AZP: return "bad_azp";
	case GX_JWT_EXPIRED: return "expired";
	case GX_JWT_NOT_YET_VALID: return "not_yet_valid";
	case GX_JWT_TOO_OLD: return "too_old";
	case GX_JWT_BAD_NONCE: return "bad_nonce";
	case GX_JWT_MISSING_CLAIM: return "missing_claim";
	case GX_JWT_BAD_CLAIM: return "bad_claim";
	case GX_JWT_BAD_NATIONAL_ID: return "bad_national_id";
	case GX_JWT_INTERNAL: return "internal";
	case GX_JWT_BAD_SUBJECT: return "bad_subject";
	case GX_JWT_TOO_LONG_LIVED: return "too_long_lived";
	}
	return "unknown";
}

const char *gx_jwt_error_message(enum gx_jwt_error e)
{
	switch (e) {
	case GX_JWT_OK:
		return "The login was verified.";
	case GX_JWT_EXPIRED:
	case GX_JWT_TOO_OLD:
		return "The login took too long and has expired. Please log in again.";
	case GX_JWT_NOT_YET_VALID:
		return "The login could not be verified because of a clock difference. Please try again in a minute.";
	case GX_JWT_BAD_NONCE:
		return "The login does not belong to this browser session. Please log in again.";
	case GX_JWT_BAD_NATIONAL_ID:
	case GX_JWT_MISSING_CLAIM:
		return "The identity provider did not give the identity details Guichet needs.";
	case GX_JWT_UNKNOWN_KID:
	case GX_JWT_INTERNAL:
		return "The login could not be verified right now. Please try again later.";
	default:
		return "The identity provider's answer could not be trusted. Please log in again.";
	}
}

void gx_id_token_clear(struct gx_id_token *t)
{
	if (t != NULL)
		OPENSSL_cleanse(t, sizeof(*t));
}
