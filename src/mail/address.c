/** E-mail addresses we can send to (address.h). */

#include "mail/address.h"

#include <stdbool.h>
#include <string.h>

#define DOMAIN_MAX 253
#define LABEL_MAX 63

static bool is_alnum(unsigned char b)
{
	return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9');
}

/* RFC 5322 atext */
static bool is_atext(unsigned char b)
{
	return is_alnum(b) || (b != '\0' && strchr("!#$%&'*+-/=?^_`{|}~", b) != NULL);
}

static bool local_ok(const unsigned char *s, size_t n)
{
	if (n == 0 || s[0] == '.' || s[n - 1] == '.')
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '.') {
			if (s[i + 1] == '.')
				return false;
		} else if (!is_atext(s[i])) {
			return false;
		}
	}
	return true;
}

/* At least two labels of letters, digits and inner hyphens, each 1 to 63
 * bytes; the last (the top-level domain) of two or more characters and not
 * all digits, so that an IPv4 address is not taken for a host name. */
static bool domain_ok(const unsigned char *d, size_t n)
{
	if (n == 0 || n > DOMAIN_MAX)
		return false;
	size_t labels = 0, start = 0, last_len = 0;
	bool last_digits = true;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && d[i] != '.')
			continue;
		size_t len = i - start;
		if (len == 0 || len > LABEL_MAX || d[start] == '-' || d[i - 1] == '-')
			return false;
		last_digits = true;
		for (size_t j = start; j < i; j++) {
			if (!is_alnum(d[j]) && d[j] != '-')
				return false;
			if (d[j] < '0' || d[j] > '9')
				last_digits = false;
		}
		last_len = len;
		labels++;
		start = i + 1;
	}
	return labels >= 2 && last_len >= 2 && !last_digits;
}

enum gx_mail_address_fault gx_mail_address_check(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	if (str == NULL || len == 0)
		return GX_MAIL_ADDRESS_EMPTY;
	if (len > GX_MAIL_ADDRESS_MAX)
		return GX_MAIL_ADDRESS_TOO_LONG;
	for (size_t i = 0; i < len; i++)
		if (s[i] <= 0x20 || s[i] >= 0x7f)
			return GX_MAIL_ADDRESS_NOT_ASCII;
	const unsigned char *at = memchr(s, '@', len);
	if (at == NULL || memchr(at + 1, '@', len - (size_t)(at - s) - 1) != NULL)
		return GX_MAIL_ADDRESS_NO_AT;
	size_t local = (size_t)(at - s);
	if (local > GX_MAIL_LOCAL_MAX)
		return GX_MAIL_ADDRESS_TOO_LONG;
	if (!local_ok(s, local))
		return GX_MAIL_ADDRESS_LOCAL;
	if (!domain_ok(at + 1, len - local - 1))
		return GX_MAIL_ADDRESS_DOMAIN;
	return GX_MAIL_ADDRESS_OK;
}

const char *gx_mail_address_fault_name(enum gx_mail_address_fault f)
{
	switch (f) {
	case GX_MAIL_ADDRESS_OK: return "ok";
	case GX_MAIL_ADDRESS_EMPTY: return "empty";
	case GX_MAIL_ADDRESS_TOO_LONG: return "too_long";
	case GX_MAIL_ADDRESS_NOT_ASCII: return "not_ascii";
	case GX_MAIL_ADDRESS_NO_AT: return "no_at";
	case GX_MAIL_ADDRESS_LOCAL: return "local_part";
	case GX_MAIL_ADDRESS_DOMAIN: return "domain";
	}
	return "invalid";
}

const char *gx_mail_address_domain(const char *address)
{
	const char *at = address != NULL ? strrchr(address, '@') : NULL;
	return at != NULL ? at + 1 : NULL;
}
