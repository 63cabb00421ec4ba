#ifndef GX_RECEIPTS_RECEIPT_H
#define GX_RECEIPTS_RECEIPT_H

/** Signed receipts: what the platform attests when it accepts a submission
 *  (its reference, the procedure and version, the organisation, when, and a
 *  SHA-256 of exactly what was submitted), signed with the platform's Ed25519
 *  key. The public key is published (GET /api/v1/receipts/key, as a JWK) so
 *  anyone can check a receipt with any Ed25519 implementation. */

#include <stddef.h>

/** Loads the signing key from path (a 32-byte seed, base64url), creating it
 *  (mode 0600) when missing. Returns -1 with a reason in err. */
int gx_receipts_init(const char *path, char *err, size_t errlen);
void gx_receipts_free(void);

/** The receipt's canonical JSON text (malloc'ed; keys in a fixed order, no
 *  spaces): the bytes that are signed and shown. */
char *gx_receipt_build(const char *reference, const char *procedure_id, int procedure_version,
		       const char *organisation, long long submitted_at_us, const char *data_json);

/** The receipt of a person's answer to an organisation's request for
 *  information: the submission's reference, which request, when, and a
 *  SHA-256 of exactly what was answered (answer_json). Canonical like the
 *  submission's (malloc'ed). */
char *gx_receipt_build_answer(const char *reference, int request, const char *organisation, long long answered_at_us,
			      const char *answer_json);

/** The receipt of a person's request to a register to correct a value: its
 *  reference, the register and attribute, when, and a SHA-256 of exactly
 *  what was asked (request_json: the values, the explanation, the files'
 *  hashes). Canonical like the submission's (malloc'ed). */
char *gx_receipt_build_correction(const char *reference, const char *register_name, const char *attribute,
				  long long filed_at_us, const char *request_json);

/** Signs text: the signature in base64url (out: at least 87 bytes). 0 or -1. */
int gx_receipt_sign(const char *text, size_t len, char *out, size_t outlen);

/** Verifies a signature made by this platform's key (1 valid, 0 not). */
int gx_receipt_verify(const char *text, size_t len, const char *signature_b64url);

/** The public key as a JWK (OKP, Ed25519) JSON text (static storage). */
const char *gx_receipts_public_jwk(void);

#endif
