#ifndef GX_OIDC_TESTUTIL_H
#define GX_OIDC_TESTUTIL_H

/** Test helpers shared by the oidc unit tests: fresh keys, their JWKs, and
 *  JWS tokens signed at test time (RS256, ES256 with the DER signature turned
 *  into JOSE r||s, HS256 for the confusion attack, or unsigned). */

#include "oidc/b64url.h"

#include <jansson.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline void gx_test_die(const char *what)
{
	fprintf(stderr, "test helper failed: %s\n", what);
	abort();
}

static inline EVP_PKEY *gx_test_rsa_key(unsigned bits)
{
	EVP_PKEY *k = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)bits);
	if (k == NULL)
		gx_test_die("RSA keygen");
	return k;
}

static inline EVP_PKEY *gx_test_ec_key(void)
{
	EVP_PKEY *k = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	if (k == NULL)
		gx_test_die("EC keygen");
	return k;
}

/** base64url of a big number, left-padded with zeros to pad bytes (0: minimal). */
static inline json_t *gx_test_b64_bn(EVP_PKEY *k, const char *param, int pad)
{
	BIGNUM *bn = NULL;
	unsigned char bin[1100];
	char txt[1500];
	if (EVP_PKEY_get_bn_param(k, param, &bn) != 1)
		gx_test_die("get_bn_param");
	int n = pad > 0 ? BN_bn2binpad(bn, bin, pad) : BN_bn2bin(bn, bin);
	BN_free(bn);
	if (n <= 0 || gx_b64url_encode(bin, (size_t)n, txt, sizeof(txt)) < 0)
		gx_test_die("bn to base64url");
	return json_string(txt);
}

/** The public JWK of k; kid and alg are left out when NULL. */
static inline json_t *gx_test_jwk(EVP_PKEY *k, const char *kid, const char *alg)
{
	json_t *j = json_object();
	if (EVP_PKEY_is_a(k, "RSA")) {
		json_object_set_new(j, "kty", json_string("RSA"));
		json_object_set_new(j, "n", gx_test_b64_bn(k, OSSL_PKEY_PARAM_RSA_N, 0));
		json_object_set_new(j, "e", gx_test_b64_bn(k, OSSL_PKEY_PARAM_RSA_E, 0));
	} else {
		json_object_set_new(j, "kty", json_string("EC"));
		json_object_set_new(j, "crv", json_string("P-256"));
		json_object_set_new(j, "x", gx_test_b64_bn(k, OSSL_PKEY_PARAM_EC_PUB_X, 32));
		json_object_set_new(j, "y", gx_test_b64_bn(k, OSSL_PKEY_PARAM_EC_PUB_Y, 32));
	}
	json_object_set_new(j, "use", json_string("sig"));
	if (kid != NULL)
		json_object_set_new(j, "kid", json_string(kid));
	if (alg != NULL)
		json_object_set_new(j, "alg", json_string(alg));
	return j;
}

/** {"keys": [jwks...]} as text (malloc'd); steals the JWKs. */
static inline char *gx_test_jwks_text(json_t *keys_array)
{
	json_t *doc = json_pack("{s:o}", "keys", keys_array);
	char *s = json_dumps(doc, JSON_COMPACT);
	json_decref(doc);
	if (s == NULL)
		gx_test_die("jwks dump");
	return s;
}

/** Appends base64url(data) to the token being built in buf at *pos. */
static inline void gx_test_append_b64(char *buf, size_t cap, size_t *pos, const void *data, size_t n)
{
	long w = gx_b64url_encode(data, n, buf + *pos, cap - *pos);
	if (w < 0)
		gx_test_die("token buffer");
	*pos += (size_t)w;
}

/** A raw JOSE signature over tbs with key: PKCS#1 v1.5 SHA-256 for RSA,
 *  ECDSA P-256 SHA-256 as r||s (32 bytes each) for EC. Returns its length. */
static inline size_t gx_test_sign_raw(EVP_PKEY *key, const char *tbs, size_t n, unsigned char *sig, size_t cap)
{
	unsigned char der[600];
	size_t len = sizeof(der);
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	if (md == NULL || EVP_DigestSignInit_ex(md, NULL, "SHA256", NULL, NULL, key, NULL) != 1 ||
	    EVP_DigestSign(md, der, &len, (const unsigned char *)tbs, n) != 1)
		gx_test_die("sign");
	EVP_MD_CTX_free(md);
	if (EVP_PKEY_is_a(key, "RSA")) {
		if (len > cap)
			gx_test_die("sig cap");
		memcpy(sig, der, len);
		return len;
	}
	const unsigned char *p = der;
	ECDSA_SIG *es = d2i_ECDSA_SIG(NULL, &p, (long)len);
	if (es == NULL || cap < 64 || BN_bn2binpad(ECDSA_SIG_get0_r(es), sig, 32) != 32 ||
	    BN_bn2binpad(ECDSA_SIG_get0_s(es), sig + 32, 32) != 32)
		gx_test_die("DER to r||s");
	ECDSA_SIG_free(es);
	return 64;
}

/** A JWS compact token (malloc'd). key signs it (see gx_test_sign_raw); or,
 *  when key is NULL, hmac_secret (hmac_len bytes) makes an HS256 MAC; or,
 *  with both NULL, the signature is empty. */
static inline char *gx_test_jws(const char *header, const char *payload, EVP_PKEY *key,
                                const void *hmac_secret, size_t hmac_len)
{
	size_t cap = (strlen(header) + strlen(payload)) * 2 + 2048, pos = 0;
	char *t = malloc(cap);
	unsigned char sig[1100];
	size_t siglen = 0;
	if (t == NULL)
		gx_test_die("oom");
	gx_test_append_b64(t, cap, &pos, header, strlen(header));
	t[pos++] = '.';
	gx_test_append_b64(t, cap, &pos, payload, strlen(payload));
	if (key != NULL) {
		siglen = gx_test_sign_raw(key, t, pos, sig, sizeof(sig));
	} else if (hmac_secret != NULL) {
		unsigned int mlen = 0;
		if (HMAC(EVP_sha256(), hmac_secret, (int)hmac_len, (const unsigned char *)t, pos, sig, &mlen) == NULL)
			gx_test_die("hmac");
		siglen = mlen;
	}
	t[pos++] = '.';
	t[pos] = '\0';
	if (siglen > 0)
		gx_test_append_b64(t, cap, &pos, sig, siglen);
	return t;
}

/** The PEM text of k's public key (malloc'd), the HMAC secret of the classic
 *  RS256/HS256 confusion attack. */
static inline char *gx_test_public_pem(EVP_PKEY *k)
{
	BIO *b = BIO_new(BIO_s_mem());
	char *data = NULL, *s;
	if (b == NULL || PEM_write_bio_PUBKEY(b, k) != 1)
		gx_test_die("pem");
	long n = BIO_get_mem_data(b, &data);
	s = malloc((size_t)n + 1);
	if (s == NULL)
		gx_test_die("oom");
	memcpy(s, data, (size_t)n);
	s[n] = '\0';
	BIO_free(b);
	return s;
}

#endif
