#ifndef GX_CERTIFICATES_STATEMENT_H
#define GX_CERTIFICATES_STATEMENT_H

/** What the platform attests when it issues a certificate, and its
 *  signature. The statement is compact JSON with its keys in a fixed order:
 *
 *    {"type":"guichet-certificate/1","code":"7KQ2-9XHM-RB4T-0WDC",
 *     "certificate_type":"residence","organisation":"commune",
 *     "issued_at":"2026-11-18T13:32:05Z","pdf_sha256":"<64 hex>"}
 *
 *  pdf_sha256 is the SHA-256 of the PDF exactly as delivered. The statement
 *  names no person, so the public /verify page may show it. It is signed
 *  with the platform's receipt key (receipts/receipt.h: Ed25519, public key
 *  published as a JWK), so anyone can check it offline. */

#include <stdbool.h>
#include <stddef.h>

#include "certificates/code.h"

#define GX_CERT_STATEMENT_TYPE "guichet-certificate/1"
/** A statement is never longer than this (bounded fields). */
#define GX_CERT_STATEMENT_MAX 512
/** An Ed25519 signature in base64url without padding (86 bytes) and its NUL. */
#define GX_CERT_SIGNATURE_SIZE 87
/** certificate_type and organisation: 1-63 bytes of [a-z0-9_-]. */
#define GX_CERT_ID_MAX 63

/** The statement's facts, read back (all NUL-terminated). */
struct gx_cert_facts {
	struct gx_cert_code code;
	char certificate_type[GX_CERT_ID_MAX + 1];
	char organisation[GX_CERT_ID_MAX + 1];
	char issued_at[21];             /* "YYYY-MM-DDTHH:MM:SSZ" */
	long long issued_at_us;         /* the same instant, whole seconds */
	char pdf_sha256[65];            /* lower-case hex */
};

/** True when id may be a certificate type or organisation id in a statement. */
bool gx_cert_id_valid(const char *id);

/** The canonical statement (malloc'ed, NUL-terminated) for a PDF, or NULL
 *  when an id is not valid (or out of memory). issued_at_us is cut to
 *  whole seconds. */
char *gx_cert_statement_build(const struct gx_cert_code *code, const char *certificate_type,
			      const char *organisation, long long issued_at_us, const unsigned char *pdf, size_t pdf_len);

/** Reads a statement: 0 and out filled when text is exactly the canonical
 *  statement gx_cert_statement_build would write for its facts; -1 for
 *  anything else (other keys, order, spacing, an invalid value). */
int gx_cert_statement_parse(const char *text, size_t len, struct gx_cert_facts *out);

/** Signs a statement with the platform's key (gx_receipts_init first).
 *  0, or -1 when the key is not loaded. */
int gx_cert_statement_sign(const char *text, size_t len, char signature[GX_CERT_SIGNATURE_SIZE]);

/** True when signature is the platform key's signature of text. */
bool gx_cert_statement_signed(const char *text, size_t len, const char *signature);

/** The SHA-256 of bytes in lower-case hex. */
void gx_cert_sha256_hex(const unsigned char *bytes, size_t len, char hex[65]);

#endif
