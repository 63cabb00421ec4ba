/** JWK Set parsing into OpenSSL 3 public keys (EVP_PKEY_fromdata, no
 *  deprecated per-algorithm APIs). */

#include "oidc/jwk.h"

#include "oidc/b64url.h"

#include <jansson.h>
#include <sodium.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/param_build.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RSA_MIN_BITS 2048
#define RSA_MAX_BITS 8192

struct gx_jwks {
	atomic_int refs;
	size_t n;
	struct gx_jwk keys[];
};

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

/** A string member without embedded NUL, or NULL. */
static const char *get_str(const json_t *obj, const char *name, size_t *len)
{
	const json_t *v = json_object_get(obj, name);
	if (!json_is_string(v))
		return NULL;
	const char *s = json_string_value(v);
	size_t n = json_string_length(v);
	if (strlen(s) != n)
		return NULL;
	if (len != NULL)
		*len = n;
	return s;
}

/** Decodes the base64url member name of obj into out; returns its length or -1. */
static long get_b64(const json_t *obj, const char *name, unsigned char *out, size_t cap)
{
	size_t n;
	const char *s = get_str(obj, name, &n);
	if (s == NULL)
		return -1;
	return gx_b64url_decode(s, n, out, cap);
}

/** Builds an EVP_PKEY of type name from params; NULL on failure. */
static EVP_PKEY *from_params(const char *name, OSSL_PARAM_BLD *bld)
{
	OSSL_PARAM *params = OSSL_PARAM_BLD_to_param(bld);
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, name, NULL);
	EVP_PKEY *pkey = NULL;
	if (params == NULL || ctx == NULL || EVP_PKEY_fromdata_init(ctx) != 1 ||
	    EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) != 1)
		pkey = NULL;
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);
	return pkey;
}

/** An RSA public key from n and e; NULL when they are malformed or too weak. */
static EVP_PKEY *rsa_key(const json_t *jwk, int *bits)
{
	unsigned char n[RSA_MAX_BITS / 8 + 1], e[8];
	long nlen = get_b64(jwk, "n", n, sizeof(n));
	long elen = get_b64(jwk, "e", e, sizeof(e));
	if (nlen <= 0 || elen <= 0)
		return NULL;
	const unsigned char *np = n, *ep = e;
	while (nlen > 0 && *np == 0) {  /* RFC 7518 forbids leading zeros; be lenient */
		np++;
		nlen--;
	}
	while (elen > 0 && *ep == 0) {
		ep++;
		elen--;
	}
	if (nlen == 0 || elen == 0)
		return NULL;
	int nbits = (int)nlen * 8;
	for (unsigned char top = np[0]; !(top & 0x80); top <<= 1)
		nbits--;
	if (nbits < RSA_MIN_BITS || nbits > RSA_MAX_BITS || !(np[nlen - 1] & 1))
		return NULL;
	if (!(ep[elen - 1] & 1) || (elen == 1 && ep[0] < 3))
		return NULL;  /* e must be odd and at least 3 */

	EVP_PKEY *pkey = NULL;
	BIGNUM *bn_n = BN_bin2bn(np, (int)nlen, NULL);
	BIGNUM *bn_e = BN_bin2bn(ep, (int)elen, NULL);
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	if (bn_n == NULL || bn_e == NULL || bld == NULL ||
	    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn_n) != 1 ||
	    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, bn_e) != 1)
		goto cleanup;
	pkey = from_params("RSA", bld);
	*bits = nbits;
cleanup:
	OSSL_PARAM_BLD_free(bld);
	BN_free(bn_n);
	BN_free(bn_e);
	return pkey;
}

/** A P-256 public key from x and y; NULL unless the point is on the curve. */
static EVP_PKEY *ec_key(const json_t *jwk)
{
	const char *crv = get_str(jwk, "crv", NULL);
	if (crv == NULL || strcmp(crv, "P-256") != 0)
		return NULL;
	unsigned char point[65];
	point[0] = 0x04;  /* uncompressed: 04 || x || y */
	if (get_b64(jwk, "x", point + 1, 32) != 32 || get_b64(jwk, "y", point + 33, 32) != 32)
		return NULL;

	EVP_PKEY *pkey = NULL;
	EVP_PKEY_CTX *check = NULL;
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	if (bld == NULL ||
	    OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, "P-256", 0) != 1 ||
	    OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, point, sizeof(point)) != 1)
		goto cleanup;
	pkey = from_params("EC", bld);
	if (pkey == NULL)
		goto cleanup;
	check = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL);
	if (check == NULL || EVP_PKEY_public_check(check) != 1) {
		EVP_PKEY_free(pkey);
		pkey = NULL;
	}
cleanup:
	EVP_PKEY_CTX_free(check);
	OSSL_PARAM_BLD_free(bld);
	return pkey;
}

/** True when the optional member name is absent, or a string equal to want. */
static int absent_or_equals(const json_t *jwk, const char *name, const char *want)
{
	const json_t *v = json_object_get(jwk, name);
	if (v == NULL)
		return 1;
	const char *s = get_str(jwk, name, NULL);
	return s != NULL && strcmp(s, want) == 0;
}

/** key_ops, when present, must allow "verify". */
static int ops_allow_verify(const json_t *jwk)
{
	const json_t *ops = json_object_get(jwk, "key_ops");
	if (ops == NULL)
		return 1;
	if (!json_is_array(ops))
		return 0;
	size_t i;
	const json_t *op;
	json_array_foreach(ops, i, op) {
		if (json_is_string(op) && strcmp(json_string_value(op), "verify") == 0)
			return 1;
	}
	return 0;
}

static const char *const private_members[] = {"d", "p", "q", "dp", "dq", "qi", "oth", "k"};

/** The first private member jwk carries, or NULL. */
static const char *private_member(const json_t *jwk)
{
	for (size_t i = 0; i < sizeof(private_members) / sizeof(private_members[0]); i++) {
		if (json_object_get(jwk, private_members[i]) != NULL)
			return private_members[i];
	}
	return NULL;
}

/** Fills key from one JWK; returns 0, or -1 to skip it. */
static int load_key(const json_t *jwk, struct gx_jwk *key)
{
	if (!json_is_object(jwk) || !absent_or_equals(jwk, "use", "sig") || !ops_allow_verify(jwk))
		return -1;
	if (private_member(jwk) != NULL)
		return -1;  /* a provider publishing private keys is misconfigured */
	const char *kty = get_str(jwk, "kty", NULL);
	if (kty == NULL)
		return -1;
	if (strcmp(kty, "RSA") == 0)
		key->type = GX_JWK_RSA;
	else if (strcmp(kty, "EC") == 0)
		key->type = GX_JWK_EC_P256;
	else
		return -1;

	const char *want_alg = key->type == GX_JWK_RSA ? "RS256" : "ES256";
	if (!absent_or_equals(jwk, "alg", want_alg))
		return -1;
	snprintf(key->alg, sizeof(key->alg), "%s", json_object_get(jwk, "alg") != NULL ? want_alg : "");

	if (json_object_get(jwk, "kid") != NULL) {
		size_t kid_len;
		const char *kid = get_str(jwk, "kid", &kid_len);
		if (kid == NULL || kid_len > GX_JWK_KID_MAX)
			return -1;
		memcpy(key->kid, kid, kid_len + 1);
		key->has_kid = 1;
	}
	if (key->type == GX_JWK_RSA) {
		key->pkey = rsa_key(jwk, &key->bits);
	} else {
		key->pkey = ec_key(jwk);
		key->bits = 256;
	}
	return key->pkey != NULL ? 0 : -1;
}

struct gx_jwks *gx_jwks_parse(const char *json, size_t len, char *err, size_t errlen)
{
	set_err(err, errlen, "ok");
	if (json == NULL || len == 0 || len > GX_JWKS_MAX_JSON) {
		set_err(err, errlen, "JWKS: empty or larger than %d bytes", GX_JWKS_MAX_JSON);
		return NULL;
	}
	struct gx_jwks *set = NULL;
	json_error_t jerr;
	json_t *doc = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
	if (doc == NULL) {
		set_err(err, errlen, "JWKS: not JSON (line %d column %d)", jerr.line, jerr.column);
		goto fail;
	}
	const json_t *arr = json_object_get(doc, "keys");
	if (!json_is_object(doc) || !json_is_array(arr)) {
		set_err(err, errlen, "JWKS: not an object with a \"keys\" array");
		goto fail;
	}
	size_t count = json_array_size(arr);
	if (count > GX_JWKS_MAX_KEYS) {
		set_err(err, errlen, "JWKS: more than %d keys", GX_JWKS_MAX_KEYS);
		goto fail;
	}
	set = calloc(1, sizeof(*set) + count * sizeof(set->keys[0]));
	if (set == NULL) {
		set_err(err, errlen, "JWKS: out of memory");
		goto fail;
	}
	atomic_init(&set->refs, 1);
	for (size_t i = 0; i < count; i++) {
		struct gx_jwk *key = &set->keys[set->n];
		if (load_key(json_array_get(arr, i), key) == 0)
			set->n++;
		else
			memset(key, 0, sizeof(*key));
	}
	if (set->n == 0) {
		set_err(err, errlen, "JWKS: no usable signature key among %zu", count);
		goto fail;
	}
	json_decref(doc);
	return set;
fail:
	json_decref(doc);
	gx_jwks_free(set);
	return NULL;
}

struct gx_jwks *gx_jwks_ref(struct gx_jwks *keys)
{
	if (keys != NULL)
		atomic_fetch_add(&keys->refs, 1);
	return keys;
}

void gx_jwks_free(struct gx_jwks *keys)
{
	if (keys == NULL || atomic_fetch_sub(&keys->refs, 1) != 1)
		return;
	for (size_t i = 0; i < keys->n; i++)
		EVP_PKEY_free(keys->keys[i].pkey);
	free(keys);
}

size_t gx_jwks_count(const struct gx_jwks *keys)
{
	return keys != NULL ? keys->n : 0;
}

const struct gx_jwk *gx_jwks_at(const struct gx_jwks *keys, size_t i)
{
	return keys != NULL && i < keys->n ? &keys->keys[i] : NULL;
}

int gx_jwk_fits_alg(const struct gx_jwk *key, const char *alg)
{
	if (key == NULL || alg == NULL)
		return 0;
	if (key->alg[0] != '\0' && strcmp(key->alg, alg) != 0)
		return 0;
	return (key->type == GX_JWK_RSA && strcmp(alg, "RS256") == 0) ||
	       (key->type == GX_JWK_EC_P256 && strcmp(alg, "ES256") == 0);
}

const struct gx_jwk *gx_jwks_find(const struct gx_jwks *keys, const char *kid, const char *alg)
{
	if (keys == NULL)
		return NULL;
	const struct gx_jwk *found = NULL;
	for (size_t i = 0; i < keys->n; i++) {
		const struct gx_jwk *k = &keys->keys[i];
		if (!gx_jwk_fits_alg(k, alg))
			continue;
		if (kid != NULL) {
			if (k->has_kid && strcmp(k->kid, kid) == 0)
				return k;
			continue;
		}
		if (found != NULL)
			return NULL;  /* several candidates and no kid to choose */
		found = k;
	}
	return found;
}

int gx_jwks_has_kid(const struct gx_jwks *keys, const char *kid)
{
	if (keys == NULL || kid == NULL)
		return 0;
	for (size_t i = 0; i < keys->n; i++) {
		if (keys->keys[i].has_kid && strcmp(keys->keys[i].kid, kid) == 0)
			return 1;
	}
	return 0;
}

/* --- one machine client's key ------------------------------------------------ */

/** Fills key from an OKP JWK: Ed25519 only, a valid point of the main subgroup. */
static int client_okp(const json_t *jwk, struct gx_jwk *key, char *err, size_t errlen)
{
	const char *crv = get_str(jwk, "crv", NULL);
	if (crv == NULL || strcmp(crv, "Ed25519") != 0) {
		set_err(err, errlen, "an OKP key must have crv \"Ed25519\"");
		return -1;
	}
	if (get_b64(jwk, "x", key->ed25519, sizeof(key->ed25519)) != (long)sizeof(key->ed25519)) {
		set_err(err, errlen, "x must be 32 bytes of unpadded base64url");
		return -1;
	}
	if (crypto_core_ed25519_is_valid_point(key->ed25519) != 1) {
		set_err(err, errlen, "x is not a valid Ed25519 public key");
		return -1;
	}
	key->type = GX_JWK_OKP_ED25519;
	key->bits = 256;
	return 0;
}

/** Fills key from an EC JWK: P-256 only, the point on the curve. */
static int client_ec(const json_t *jwk, struct gx_jwk *key, char *err, size_t errlen)
{
	const char *crv = get_str(jwk, "crv", NULL);
	unsigned char coord[33];
	if (crv == NULL || strcmp(crv, "P-256") != 0) {
		set_err(err, errlen, "an EC key must have crv \"P-256\"");
		return -1;
	}
	if (get_b64(jwk, "x", coord, sizeof(coord)) != 32 || get_b64(jwk, "y", coord, sizeof(coord)) != 32) {
		set_err(err, errlen, "x and y must be 32 bytes of unpadded base64url each");
		return -1;
	}
	key->pkey = ec_key(jwk);
	if (key->pkey == NULL) {
		ERR_clear_error();  /* leave no failure in this thread's queue */
		set_err(err, errlen, "x and y are not a point on P-256");
		return -1;
	}
	key->type = GX_JWK_EC_P256;
	key->bits = 256;
	return 0;
}

int gx_jwk_parse_client_key(const char *json, size_t len, struct gx_jwk *out, char *err, size_t errlen)
{
	set_err(err, errlen, "ok");
	if (out == NULL)
		return -1;
	memset(out, 0, sizeof(*out));
	if (json == NULL || len == 0 || len > GX_JWK_CLIENT_MAX_JSON) {
		set_err(err, errlen, "the key is empty or larger than %d bytes", GX_JWK_CLIENT_MAX_JSON);
		return -1;
	}
	int rc = -1;
	json_t *jwk = json_loadb(json, len, JSON_REJECT_DUPLICATES, NULL);
	const char *kty, *priv, *want_alg;
	if (!json_is_object(jwk)) {
		set_err(err, errlen, "the key is not a JSON object (a JWK)");
		goto done;
	}
	if ((priv = private_member(jwk)) != NULL) {
		set_err(err, errlen, "the key holds the private member \"%s\": give the public key", priv);
		goto done;
	}
	kty = get_str(jwk, "kty", NULL);
	if (kty != NULL && strcmp(kty, "OKP") == 0) {
		want_alg = "EdDSA";
		rc = client_okp(jwk, out, err, errlen);
	} else if (kty != NULL && strcmp(kty, "EC") == 0) {
		want_alg = "ES256";
		rc = client_ec(jwk, out, err, errlen);
	} else {
		set_err(err, errlen, "kty must be \"OKP\" (Ed25519) or \"EC\" (P-256)");
		goto done;
	}
	if (rc != 0)
		goto done;
	rc = -1;
	if (!absent_or_equals(jwk, "use", "sig") || !ops_allow_verify(jwk)) {
		set_err(err, errlen, "the key is not for signatures (use or key_ops)");
		goto done;
	}
	if (!absent_or_equals(jwk, "alg", want_alg)) {
		set_err(err, errlen, "alg must be \"%s\" for this key, or absent", want_alg);
		goto done;
	}
	snprintf(out->alg, sizeof(out->alg), "%s", want_alg);
	if (json_object_get(jwk, "kid") != NULL) {
		size_t kid_len;
		const char *kid = get_str(jwk, "kid", &kid_len);
		if (kid == NULL || kid_len > GX_JWK_KID_MAX) {
			set_err(err, errlen, "kid must be a string of at most %d bytes", GX_JWK_KID_MAX);
			goto done;
		}
		memcpy(out->kid, kid, kid_len + 1);
		out->has_kid = 1;
	}
	rc = 0;
done:
	json_decref(jwk);
	if (rc != 0)
		gx_jwk_clear(out);
	return rc;
}

void gx_jwk_clear(struct gx_jwk *key)
{
	if (key == NULL)
		return;
	EVP_PKEY_free(key->pkey);
	memset(key, 0, sizeof(*key));
}

const char *gx_jwk_client_alg(const struct gx_jwk *key)
{
	if (key == NULL)
		return NULL;
	if (key->type == GX_JWK_OKP_ED25519)
		return "EdDSA";
	if (key->type == GX_JWK_EC_P256 && key->pkey != NULL)
		return "ES256";
	return NULL;
}
