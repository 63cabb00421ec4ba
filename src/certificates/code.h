#ifndef GX_CERTIFICATES_CODE_H
#define GX_CERTIFICATES_CODE_H

/** A certificate's verification code: 16 symbols of Crockford's base32
 *  (0-9 A-Z without I L O U), printed in four groups "7KQ2-9XHM-RB4T-0WDC".
 *  The first 15 symbols are random (75 bits from libsodium), the last is a
 *  check symbol over GF(32) that catches every single mistyped symbol and
 *  every swap of two different symbols (docs/certificates.md). The code
 *  names a certificate on the public /verify page; it says nothing about
 *  the person. */

#include <stddef.h>

#define GX_CERT_CODE_SYMBOLS 16
/** The canonical text: four groups of four joined by '-'. */
#define GX_CERT_CODE_LEN 19
/** How many random bytes a code is made from (75 of their 80 bits are used). */
#define GX_CERT_CODE_RANDOM_BYTES 10
/** The longest text a person may type for a code (separators included). */
#define GX_CERT_CODE_INPUT_MAX 64

struct gx_cert_code {
	char text[GX_CERT_CODE_LEN + 1];   /* canonical, NUL-terminated */
};

enum gx_cert_code_fault {
	GX_CERT_CODE_OK,
	GX_CERT_CODE_EMPTY,        /* nothing but separators */
	GX_CERT_CODE_TOO_LONG,     /* more than GX_CERT_CODE_INPUT_MAX bytes */
	GX_CERT_CODE_BAD_SYMBOL,   /* a character that is neither a symbol nor a separator */
	GX_CERT_CODE_WRONG_LENGTH, /* not 16 symbols */
	GX_CERT_CODE_TYPO,         /* 16 symbols whose check symbol does not match */
};

/** A new random code. */
void gx_cert_code_new(struct gx_cert_code *out);

/** The code made from the given random bytes (tests and fuzzing; the
 *  platform uses gx_cert_code_new). */
void gx_cert_code_from_random(const unsigned char random[GX_CERT_CODE_RANDOM_BYTES], struct gx_cert_code *out);

/** Reads a code as a person types or pastes it: letters in either case,
 *  spaces, tabs, line ends and hyphens anywhere, and Crockford's look-alikes
 *  (I and L read as 1, O as 0). Exactly 16 symbols with a matching check
 *  symbol, or a fault. Reads at most len bytes of in (no NUL needed). */
enum gx_cert_code_fault gx_cert_code_parse(const char *in, size_t len, struct gx_cert_code *out);

/** Reads only the canonical form (exactly GX_CERT_CODE_LEN bytes, upper
 *  case, hyphens at 4, 9 and 14, a matching check symbol): what the platform
 *  itself writes, in PDFs and statements. */
enum gx_cert_code_fault gx_cert_code_parse_strict(const char *in, size_t len, struct gx_cert_code *out);

/** A short English sentence for a fault (a constant; for logs and tests —
 *  pages say it in the person's language from their own catalogue). */
const char *gx_cert_code_fault_text(enum gx_cert_code_fault f);

#endif
