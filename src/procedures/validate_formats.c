/** Formats of single strings: email address, phone number (E.164), national
 *  identification number, attachment id. Each takes len bytes, not a C string,
 *  so that a string with an embedded NUL is refused rather than cut. */

#include <string.h>

#include "procedures/validate_int.h"
#include "util/national_id.h"

#define EMAIL_MAX 254
#define EMAIL_LOCAL_MAX 64
#define ATTACHMENT_HEX_MIN 16
#define ATTACHMENT_HEX_MAX 128

static bool is_alnum(unsigned char b)
{
	return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9');
}

static bool local_char(unsigned char b)
{
	return b > 0x20 && b != 0x7f && strchr("@\"(),:;<>[\\]", b) == NULL;
}

/* One label of a domain: letters, digits, inner hyphens (or UTF-8 bytes). */
static bool label_ok(const unsigned char *s, size_t n)
{
	if (n == 0 || n > 63 || s[0] == '-' || s[n - 1] == '-')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!is_alnum(s[i]) && s[i] != '-' && s[i] < 0x80)
			return false;
	return true;
}

bool gx_sv_email_valid(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	if (len == 0 || len > EMAIL_MAX || memchr(s, '\0', len) != NULL)
		return false;
	const unsigned char *at = memchr(s, '@', len);
	if (at == NULL || memchr(at + 1, '@', len - (size_t)(at - s) - 1) != NULL)
		return false;
	size_t local = (size_t)(at - s), dom = len - local - 1;
	if (local == 0 || local > EMAIL_LOCAL_MAX || s[0] == '.' || s[local - 1] == '.')
		return false;
	for (size_t i = 0; i < local; i++)
		if (!local_char(s[i]) || (s[i] == '.' && s[i + 1] == '.'))
			return false;
	/* a dotted domain: at least two labels, the last two characters or more */
	const unsigned char *d = at + 1;
	size_t labels = 0, start = 0, last = 0;
	for (size_t i = 0; i <= dom; i++) {
		if (i < dom && d[i] != '.')
			continue;
		if (!label_ok(d + start, i - start))
			return false;
		last = i - start;
		labels++;
		start = i + 1;
	}
	return labels >= 2 && last >= 2;
}

bool gx_sv_phone_valid(const char *s, size_t len)
{
	size_t digits = 0;
	bool plus = false;
	for (size_t i = 0; i < len; i++) {
		char ch = s[i];
		if (ch == ' ' || ch == '.' || ch == '-' || ch == '(' || ch == ')')
			continue;
		if (ch == '+' && !plus && digits == 0) {
			plus = true;
			continue;
		}
		if (ch < '0' || ch > '9' || !plus)
			return false;
		if (digits == 0 && ch == '0')
			return false; /* no country code starts with 0 */
		if (++digits > 15)
			return false;
	}
	return plus && digits >= 8;
}

bool gx_sv_national_id_valid(const char *s, size_t len)
{
	char b[GX_NATIONAL_ID_LEN + 1];
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == ' ')
			continue;
		if (n == GX_NATIONAL_ID_LEN)
			return false;
		b[n++] = s[i];
	}
	b[n] = '\0';
	return n == GX_NATIONAL_ID_LEN && gx_national_id_valid(b);
}

bool gx_sv_attachment_id_valid(const char *s, size_t len)
{
	if (len < 4 + ATTACHMENT_HEX_MIN || len > 4 + ATTACHMENT_HEX_MAX || memcmp(s, "att_", 4) != 0)
		return false;
	for (size_t i = 4; i < len; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}
