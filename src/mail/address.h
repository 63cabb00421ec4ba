#ifndef GX_MAIL_ADDRESS_H
#define GX_MAIL_ADDRESS_H

/** E-mail addresses the platform can send to: the From setting and a
 *  person's self-declared address (mailed a code, used once verified).
 *
 *  Stricter than what a form accepts as an e-mail (procedures' "email"
 *  format): what goes into RCPT TO and a To: header must be plain ASCII
 *  (an unquoted dot-atom local part, a domain of letter-digit-hyphen labels,
 *  no IP literal), so that it needs no quoting or encoding and can hold no
 *  line break. An internationalised address (UTF-8 local part or domain)
 *  is refused as GX_MAIL_ADDRESS_NOT_ASCII: the person is told we cannot
 *  mail it. Allocates nothing; reads exactly len bytes. */

#include <stddef.h>

#define GX_MAIL_ADDRESS_MAX 254
#define GX_MAIL_LOCAL_MAX 64

enum gx_mail_address_fault {
	GX_MAIL_ADDRESS_OK,
	GX_MAIL_ADDRESS_EMPTY,
	GX_MAIL_ADDRESS_TOO_LONG,   /* over 254 bytes, or a local part over 64 */
	GX_MAIL_ADDRESS_NOT_ASCII,  /* a byte outside printable ASCII (controls, line breaks, UTF-8) */
	GX_MAIL_ADDRESS_NO_AT,      /* no '@', or more than one */
	GX_MAIL_ADDRESS_LOCAL,      /* the part before '@' is not a dot-atom */
	GX_MAIL_ADDRESS_DOMAIN,     /* the part after '@' is not a dotted host name */
};

/** Checks s (len bytes). */
enum gx_mail_address_fault gx_mail_address_check(const char *s, size_t len);

/** A constant name for a fault ("not_ascii"), for logs and problems. */
const char *gx_mail_address_fault_name(enum gx_mail_address_fault f);

/** The domain of a checked address: what follows its '@' (NULL when none). */
const char *gx_mail_address_domain(const char *address);

#endif
