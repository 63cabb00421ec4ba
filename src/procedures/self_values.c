/** Checks of self-declared values by attribute (self_values.h). */

#include "procedures/self_values.h"

#include <string.h>

#include "procedures/definition.h"
#include "procedures/validate.h"
#include "procedures/validate_int.h"

#define IBAN_TEXT_MAX 64 /* 34 characters and the spaces people group them with */

bool gx_self_attribute_known(const char *attribute)
{
	if (attribute == NULL)
		return false;
	for (size_t i = 0; gx_procedure_self_attributes[i] != NULL; i++)
		if (strcmp(gx_procedure_self_attributes[i], attribute) == 0)
			return true;
	return false;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

const char *gx_self_value_trim(const char *value, size_t *len)
{
	size_t n = *len;
	while (n > 0 && is_space(*value)) {
		value++;
		n--;
	}
	while (n > 0 && is_space(value[n - 1]))
		n--;
	*len = n;
	return value;
}

/* Well-formed UTF-8 (no overlong forms, no surrogates, at most U+10FFFF)
 * without control characters (C0, DEL, C1). */
static bool text_ok(const unsigned char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned char b = s[i];
		if (b < 0x20 || b == 0x7f)
			return false;
		if (b < 0x80) {
			i++;
			continue;
		}
		size_t more;
		unsigned cp;
		if (b >= 0xc2 && b <= 0xdf) {
			more = 1;
			cp = b & 0x1f;
		} else if (b >= 0xe0 && b <= 0xef) {
			more = 2;
			cp = b & 0x0f;
		} else if (b >= 0xf0 && b <= 0xf4) {
			more = 3;
			cp = b & 0x07;
		} else {
			return false;
		}
		if (n - i <= more)
			return false;
		for (size_t k = 1; k <= more; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if (more == 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff)))
			return false; /* overlong, or a surrogate */
		if (more == 3 && (cp < 0x10000 || cp > 0x10ffff))
			return false;
		if (cp >= 0x80 && cp <= 0x9f)
			return false;
		i += more + 1;
	}
	return true;
}

const char *gx_self_value_check(const char *attribute, const char *value, size_t len)
{
	if (!gx_self_attribute_known(attribute))
		return "not a self-declared attribute";
	if (value == NULL || len == 0)
		return "expected a value; to remove a declared value, delete it";
	if (len > GX_SELF_VALUE_MAX)
		return "too long: at most 200 bytes";
	if (memchr(value, '\0', len) != NULL || !text_ok((const unsigned char *)value, len))
		return "expected text without control characters";
	if (strcmp(attribute, "phone") == 0) {
		if (!gx_sv_phone_valid(value, len))
			return "expected a phone number in international format: + then the country code, 8 to 15 digits";
	} else if (strcmp(attribute, "email") == 0) {
		if (!gx_sv_email_valid(value, len))
			return "expected an e-mail address: one @ and a dotted domain, at most 254 bytes";
	} else if (strcmp(attribute, "iban") == 0) {
		char b[IBAN_TEXT_MAX + 1];
		if (len > IBAN_TEXT_MAX)
			return "expected an IBAN: a country code, check digits and the account number";
		memcpy(b, value, len);
		b[len] = '\0';
		if (!gx_iban_valid(b))
			return "expected an IBAN: a country code, check digits and the account number";
	} else if (strcmp(attribute, "preferred_language") == 0) {
		static const char *const langs[] = {"fr", "de", "en", "lb"};
		bool ok = false;
		for (size_t i = 0; i < sizeof(langs) / sizeof(langs[0]); i++)
			ok |= len == 2 && memcmp(value, langs[i], 2) == 0;
		if (!ok)
			return "expected one of fr, de, en, lb";
	}
	return NULL;
}
