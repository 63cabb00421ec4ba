/** The client's side of client assertions: a key pair to register, and an
 *  assertion signed with its private half (guichetctl, so that a person can
 *  try the organisation API with curl; and the tests). */

#include "oidc/client_assertion.h"

#include "oidc/b64url.h"

#include <jansson.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <sodium.h>
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

/** Decodes the base64url member name of obj into out, exactly n bytes; -1 otherwise. */
static int member_bytes(const json_t *obj, const char *name, unsigned char *out, size_t n)
{
	const json_t *v = json_object_get(obj, name);
	unsigned char buf[64];
	if (!json_is_string(v) || n > sizeof(buf))
		return -1;
	long got = gx_b64url_decode(json_string_value(v), json_string_length(v), buf, sizeof(buf));
	if (got != (long)n) {
		sodium_memzero(buf, sizeof(buf));
		return -1;
	}
	memcpy(out, buf, n);
	sodium_memzero(buf, sizeof(buf));
	return 0;
}

/** The private key: Ed25519 (sk, libsodium's 64 bytes) or an OpenSSL P-256 key pair. */
struct signer {
	const char *alg;
	unsigned char sk[crypto_sign_SECRETKEYBYTES];
	EVP_PKEY *ec;
	char kid[GX_JWK_KID_MAX + 1];
};

static int ed25519_signer(const json_t *jwk, struct signer *s, char *err, size_t errlen)
{
	unsigned char seed[crypto_sign_SEEDBYTES], x[crypto_sign_PUBLICKEYBYTES], pk[crypto_sign_PUBLICKEYBYTES];
	const json_t *crv = json_object_get(jwk, "crv");
	int rc = -1;
	if (!json_is_string(crv) || strcmp(json_string_value(crv), "Ed25519") != 0)
		set_err(err, errlen, "an OKP key must have crv \"Ed25519\"");
	else if (member_bytes(jwk, "d", seed, sizeof(seed)) != 0 || member_bytes(jwk, "x", x, sizeof(x)) != 0)
		set_err(err, errlen, "an Ed25519 private key needs d and x, 32 bytes of base64url each");
	else if (crypto_sign_seed_keypair(pk, s->sk, seed) != 0 || sodium_memcmp(pk, x, sizeof(pk)) != 0)
		set_err(err, errlen, "x is not the public key of d");
	else
		rc = 0;
	s->alg = "EdDSA";
	sodium_memzero(seed, sizeof(seed));
	return rc;
}

static int p256_signer(const json_t *jwk, struct signer *s, char *err, size_t errlen)
{
	unsigned char point[65], d[32];
	const json_t *crv = json_object_get(jwk, "crv");
	int rc = -1;
	BIGNUM *priv = NULL;
	OSSL_PARAM_BLD *bld = NULL;
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *ctx = NULL, *check = NULL;
	s->alg = "ES256";
	point[0] = 0x04;
	if (!json_is_string(crv) || strcmp(json_string_value(crv), "P-256") != 0) {
		set_err(err, errlen, "an EC key must have crv \"P-256\"");
		return -1;
	}
	if (member_bytes(jwk, "x", point + 1, 32) != 0 || member_bytes(jwk, "y", point + 33, 32) != 0 ||
	    member_bytes(jwk, "d", d, sizeof(d)) != 0) {
		set_err(err, errlen, "a P-256 private key needs x, y and d, 32 bytes of base64url each");
		return -1;
	}
	priv = BN_secure_new();
	bld = OSSL_PARAM_BLD_new();
	if (priv == NULL || bld == NULL || BN_bin2bn(d, sizeof(d), priv) == NULL ||
	    OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, "P-256", 0) != 1 ||
	    OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, point, sizeof(point)) != 1 ||
	    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PRIV_KEY, priv) != 1 ||
	    (params = OSSL_PARAM_BLD_to_param(bld)) == NULL ||
	    (ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL)) == NULL || EVP_PKEY_fromdata_init(ctx) != 1 ||
	    EVP_PKEY_fromdata(ctx, &s->ec, EVP_PKEY_KEYPAIR, params) != 1) {
		set_err(err, errlen, "x, y and d are not a P-256 key pair");
		goto cleanup;
	}
	check = EVP_PKEY_CTX_new_from_pkey(NULL, s->ec, NULL);
	if (check == NULL || EVP_PKEY_pairwise_check(check) != 1) {
		set_err(err, errlen, "x and y are not the public key of d");
		goto cleanup;
	}
	rc = 0;
cleanup:
	ERR_clear_error();
	EVP_PKEY_CTX_free(check);
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	BN_clear_free(priv);
	OPENSSL_cleanse(d, sizeof(d));
	return rc;
}

static void signer_clear(struct signer *s)
{
	EVP_PKEY_free(s->ec);
	sodium_memzero(s, sizeof(*s));
}

static int signer_load(const char *text, size_t len, struct signer *s, char *err, size_t errlen)
{
	memset(s, 0, sizeof(*s));
	json_t *jwk = len > 0 && len <= GX_JWK_CLIENT_MAX_JSON ? json_loadb(text, len, JSON_REJECT_DUPLICATES, NULL) : NULL;
	const json_t *kty = json_object_get(jwk, "kty"), *kid = json_object_get(jwk, "kid");
	int rc = -1;
	if (!json_is_object(jwk))
		set_err(err, errlen, "the key is not a JSON object (a JWK) of at most %d bytes", GX_JWK_CLIENT_MAX_JSON);
	else if (json_object_get(jwk, "d") == NULL)
		set_err(err, errlen, "the key has no \"d\": give the private key");
	else if (kid != NULL && (!json_is_string(kid) || json_string_length(kid) > GX_JWK_KID_MAX))
		set_err(err, errlen, "kid must be a string of at most %d bytes", GX_JWK_KID_MAX);
	else if (json_is_string(kty) && strcmp(json_string_value(kty), "OKP") == 0)
		rc = ed25519_signer(jwk, s, err, errlen);
	else if (json_is_string(kty) && strcmp(json_string_value(kty), "EC") == 0)
		rc = p256_signer(jwk, s, err, errlen);
	else
		set_err(err, errlen, "kty must be \"OKP\" (Ed25519) or \"EC\" (P-256)");
	if (rc == 0 && kid != NULL)
		snprintf(s->kid, sizeof(s->kid), "%s", json_string_value(kid));
	json_decref(jwk);
	return rc;
}

/** Signs tbs: 64 bytes into sig (Ed25519, or ES256's r||s). */
static int sign_tbs(const struct signer *s, const char *tbs, size_t n, unsigned char sig[64])
{
	if (s->ec == NULL)
		return crypto_sign_detached(sig, NULL, (const unsigned char *)tbs, n, s->sk);
	unsigned char der[80];
	size_t len = sizeof(der);
	int rc = -1;
	ECDSA_SIG *es = NULL;
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	if (md == NULL || EVP_DigestSignInit_ex(md, NULL, "SHA256", NULL, NULL, s->ec, NULL) != 1 ||
	    EVP_DigestSign(md, der, &len, (const unsigned char *)tbs, n) != 1)
		goto cleanup;
	const unsigned char *p = der;
	es = d2i_ECDSA_SIG(NULL, &p, (long)len);
	if (es != NULL && BN_bn2binpad(ECDSA_SIG_get0_r(es), sig, 32) == 32 &&
	    BN_bn2binpad(ECDSA_SIG_get0_s(es), sig + 32, 32) == 32)
		rc = 0;
cleanup:
	ERR_clear_error();
	ECDSA_SIG_free(es);
	EVP_MD_CTX_free(md);
	return rc;
}

char *gx_client_assertion_make(const char *private_jwk, size_t len, const char *client_id, const char *audience,
			       int64_t now, int lifetime, char *err, size_t errlen)
{
	if (client_id == NULL || client_id[0] == '\0' || strlen(client_id) > GX_CLIENT_ASSERTION_ISS_MAX ||
	    audience == NULL || audience[0] == '\0' || lifetime < 1 || lifetime > GX_CLIENT_ASSERTION_MAX_LIFETIME) {
		set_err(err, errlen, "a client id of 1 to %d bytes, an audience and a lifetime of 1 to %d seconds are needed",
			GX_CLIENT_ASSERTION_ISS_MAX, GX_CLIENT_ASSERTION_MAX_LIFETIME);
		return NULL;
	}
	if (private_jwk == NULL || sodium_init() < 0) {
		set_err(err, errlen, private_jwk == NULL ? "no key" : "libsodium cannot start");
		return NULL;
	}
	struct signer s;
	if (signer_load(private_jwk, len, &s, err, errlen) != 0) {
		signer_clear(&s);
		return NULL;
	}
	unsigned char rnd[16], sig[64];
	char jti[32];
	randombytes_buf(rnd, sizeof(rnd));
	gx_b64url_encode(rnd, sizeof(rnd), jti, sizeof(jti));
	json_t *hdr = json_pack("{s:s, s:s}", "alg", s.alg, "typ", "JWT");
	if (hdr != NULL && s.kid[0] != '\0')
		json_object_set_new(hdr, "kid", json_string(s.kid));
	json_t *claims = json_pack("{s:s, s:s, s:s, s:I, s:I, s:s}", "iss", client_id, "sub", client_id, "aud", audience,
				   "iat", (json_int_t)now, "exp", (json_int_t)(now + lifetime), "jti", jti);
	char *htxt = hdr != NULL ? json_dumps(hdr, JSON_COMPACT) : NULL;
	char *ctxt = claims != NULL ? json_dumps(claims, JSON_COMPACT) : NULL;
	char *out = NULL;
	size_t cap = 0, pos = 0;
	long w;
	if (htxt == NULL || ctxt == NULL)
		goto fail;
	cap = gx_b64url_encoded_len(strlen(htxt)) + gx_b64url_encoded_len(strlen(ctxt)) + gx_b64url_encoded_len(sizeof(sig)) + 3;
	out = malloc(cap);
	if (out == NULL || (w = gx_b64url_encode(htxt, strlen(htxt), out, cap)) < 0)
		goto fail;
	pos = (size_t)w;
	out[pos++] = '.';
	if ((w = gx_b64url_encode(ctxt, strlen(ctxt), out + pos, cap - pos)) < 0)
		goto fail;
	pos += (size_t)w;
	if (sign_tbs(&s, out, pos, sig) != 0)
		goto fail;
	out[pos++] = '.';
	if (gx_b64url_encode(sig, sizeof(sig), out + pos, cap - pos) < 0)
		goto fail;
	goto done;
fail:
	set_err(err, errlen, "the assertion could not be made (no memory, or a crypto library failure)");
	free(out);
	out = NULL;
done:
	free(htxt);
	free(ctxt);
	json_decref(hdr);
	json_decref(claims);
	signer_clear(&s);
	return out;
}

int gx_client_key_generate(char **private_jwk, char **public_jwk, char *err, size_t errlen)
{
	unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES], seed[crypto_sign_SEEDBYTES];
	char x[48], d[48];
	*private_jwk = *public_jwk = NULL;
	if (sodium_init() < 0) {
		set_err(err, errlen, "libsodium cannot start");
		return -1;
	}
	crypto_sign_keypair(pk, sk);
	crypto_sign_ed25519_sk_to_seed(seed, sk);
	gx_b64url_encode(pk, sizeof(pk), x, sizeof(x));
	gx_b64url_encode(seed, sizeof(seed), d, sizeof(d));
	json_t *pub = json_pack("{s:s, s:s, s:s, s:s, s:s}", "kty", "OKP", "crv", "Ed25519", "x", x, "alg", "EdDSA",
				"use", "sig");
	json_t *priv = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "kty", "OKP", "crv", "Ed25519", "x", x, "d", d,
				 "alg", "EdDSA", "use", "sig");
	*public_jwk = pub != NULL ? json_dumps(pub, JSON_COMPACT) : NULL;
	*private_jwk = priv != NULL ? json_dumps(priv, JSON_COMPACT) : NULL;
	json_decref(pub);
	json_decref(priv);  /* jansson frees its strings without wiping: d lived in its heap copy too */
	sodium_memzero(sk, sizeof(sk));
	sodium_memzero(seed, sizeof(seed));
	sodium_memzero(d, sizeof(d));
	if (*public_jwk == NULL || *private_jwk == NULL) {
		if (*private_jwk != NULL)
			sodium_memzero(*private_jwk, strlen(*private_jwk));
		free(*private_jwk);
		free(*public_jwk);
		*private_jwk = *public_jwk = NULL;
		set_err(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}
