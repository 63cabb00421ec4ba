#include "receipts/receipt.h"

#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static unsigned char secret[crypto_sign_SECRETKEYBYTES];
static unsigned char public_key[crypto_sign_PUBLICKEYBYTES];
static char jwk[160];
static int ready;

static int write_seed(const char *path, const unsigned char *seed, char *err, size_t errlen)
{
	char text[64];
	sodium_bin2base64(text, sizeof(text), seed, crypto_sign_SEEDBYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(err, errlen, "%s: cannot create: %s", path, strerror(errno));
		return -1;
	}
	size_t n = strlen(text);
	bool ok = write(fd, text, n) == (ssize_t)n && write(fd, "\n", 1) == 1 && fsync(fd) == 0;
	close(fd);
	sodium_memzero(text, sizeof(text));
	if (!ok) {
		snprintf(err, errlen, "%s: cannot write", path);
		unlink(path);
		return -1;
	}
	return 0;
}

int gx_receipts_init(const char *path, char *err, size_t errlen)
{
	if (sodium_init() < 0) {
		snprintf(err, errlen, "libsodium cannot start");
		return -1;
	}
	unsigned char seed[crypto_sign_SEEDBYTES];
	char text[128] = "";
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		randombytes_buf(seed, sizeof(seed));
		if (write_seed(path, seed, err, errlen) != 0)
			return -1;
	} else {
		size_t n = fread(text, 1, sizeof(text) - 1, f);
		fclose(f);
		while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == '\r'))
			text[--n] = '\0';
		size_t got = 0;
		if (sodium_base642bin(seed, sizeof(seed), text, n, NULL, &got, NULL,
				      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
		    got != sizeof(seed)) {
			sodium_memzero(text, sizeof(text));
			snprintf(err, errlen, "%s: not a 32-byte base64url seed", path);
			return -1;
		}
		sodium_memzero(text, sizeof(text));
	}
	crypto_sign_seed_keypair(public_key, secret, seed);
	sodium_memzero(seed, sizeof(seed));
	char x[64];
	sodium_bin2base64(x, sizeof(x), public_key, sizeof(public_key), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	snprintf(jwk, sizeof(jwk), "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"%s\",\"use\":\"sig\",\"alg\":\"EdDSA\"}", x);
	ready = 1;
	return 0;
}

void gx_receipts_free(void)
{
	sodium_memzero(secret, sizeof(secret));
	ready = 0;
}

/* The SHA-256 of text in hex, and an instant as "YYYY-MM-DDTHH:MM:SSZ". */
static void digest_hex(const char *text, char hex[crypto_hash_sha256_BYTES * 2 + 1])
{
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(digest, (const unsigned char *)text, strlen(text));
	sodium_bin2hex(hex, crypto_hash_sha256_BYTES * 2 + 1, digest, sizeof(digest));
}

static void utc_time(long long at_us, char when[32])
{
	time_t secs = (time_t)(at_us / 1000000);
	struct tm tm;
	gmtime_r(&secs, &tm);
	strftime(when, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

char *gx_receipt_build(const char *reference, const char *procedure_id, int procedure_version,
		       const char *organisation, long long submitted_at_us, const char *data_json)
{
	char hex[crypto_hash_sha256_BYTES * 2 + 1], when[32];
	digest_hex(data_json, hex);
	utc_time(submitted_at_us, when);
	/* JSON_PRESERVE_ORDER + JSON_COMPACT: the same receipt is always the same bytes. */
	json_t *r = json_pack("{s:s, s:s, s:i, s:s, s:s, s:s, s:s}", "type", "guichet-receipt/1", "reference", reference,
			      "procedure_version", procedure_version, "procedure", procedure_id, "organisation",
			      organisation, "submitted_at", when, "data_sha256", hex);
	char *text = r != NULL ? json_dumps(r, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(r);
	return text;
}

char *gx_receipt_build_answer(const char *reference, int request, const char *organisation, long long answered_at_us,
			      const char *answer_json)
{
	char hex[crypto_hash_sha256_BYTES * 2 + 1], when[32];
	digest_hex(answer_json, hex);
	utc_time(answered_at_us, when);
	json_t *r = json_pack("{s:s, s:s, s:i, s:s, s:s, s:s}", "type", "guichet-answer-receipt/1", "reference",
			      reference, "request", request, "organisation", organisation, "answered_at", when,
			      "answer_sha256", hex);
	char *text = r != NULL ? json_dumps(r, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(r);
	return text;
}

char *gx_receipt_build_correction(const char *reference, const char *register_name, const char *attribute,
				  long long filed_at_us, const char *request_json)
{
	char hex[crypto_hash_sha256_BYTES * 2 + 1], when[32];
	digest_hex(request_json, hex);
	utc_time(filed_at_us, when);
	json_t *r = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "type", "guichet-correction-receipt/1", "reference",
			      reference, "register", register_name, "attribute", attribute, "filed_at", when,
			      "request_sha256", hex);
	char *text = r != NULL ? json_dumps(r, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(r);
	return text;
}

int gx_receipt_sign(const char *text, size_t len, char *out, size_t outlen)
{
	unsigned char sig[crypto_sign_BYTES];
	if (!ready || outlen < sodium_base64_ENCODED_LEN(sizeof(sig), sodium_base64_VARIANT_URLSAFE_NO_PADDING))
		return -1;
	crypto_sign_detached(sig, NULL, (const unsigned char *)text, len, secret);
	sodium_bin2base64(out, outlen, sig, sizeof(sig), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return 0;
}

int gx_receipt_verify(const char *text, size_t len, const char *signature_b64url)
{
	unsigned char sig[crypto_sign_BYTES];
	size_t got = 0;
	if (sodium_base642bin(sig, sizeof(sig), signature_b64url, strlen(signature_b64url), NULL, &got, NULL,
			      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    got != sizeof(sig))
		return 0;
	return crypto_sign_verify_detached(sig, (const unsigned char *)text, len, public_key) == 0;
}

const char *gx_receipts_public_jwk(void)
{
	return jwk;
}
