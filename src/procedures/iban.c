/** IBAN check (ISO 13616): country code, the country's length, mod 97. */

#include <string.h>

#include "procedures/validate.h"

struct iban_len {
	char cc[3];
	unsigned char len;
};

/* Lengths of the SEPA countries' IBANs (and a few neighbours). A country not
 * listed is held only to the general 15..34 characters. */
static const struct iban_len lengths[] = {
	{"AD", 24}, {"AT", 20}, {"BE", 16}, {"BG", 22}, {"CH", 21}, {"CY", 28}, {"CZ", 24}, {"DE", 22},
	{"DK", 18}, {"EE", 20}, {"ES", 24}, {"FI", 18}, {"FR", 27}, {"GB", 22}, {"GI", 23}, {"GR", 27},
	{"HR", 21}, {"HU", 28}, {"IE", 22}, {"IS", 26}, {"IT", 27}, {"LI", 21}, {"LT", 20}, {"LU", 20},
	{"LV", 21}, {"MC", 27}, {"MT", 31}, {"NL", 18}, {"NO", 15}, {"PL", 28}, {"PT", 25}, {"RO", 24},
	{"SE", 24}, {"SI", 19}, {"SK", 24}, {"SM", 27}, {"VA", 22},
};

static bool upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

static bool digit(char c)
{
	return c >= '0' && c <= '9';
}

bool gx_iban_valid(const char *s)
{
	char b[35];
	size_t n = 0;

	if (s == NULL)
		return false;
	for (; *s != '\0'; s++) {
		char ch = *s;
		if (ch == ' ')
			continue;
		if (ch >= 'a' && ch <= 'z')
			ch = (char)(ch - 'a' + 'A');
		if (!upper(ch) && !digit(ch))
			return false;
		if (n == sizeof b - 1)
			return false;
		b[n++] = ch;
	}
	b[n] = '\0';
	if (n < 15 || !upper(b[0]) || !upper(b[1]) || !digit(b[2]) || !digit(b[3]))
		return false;
	/* check digits run from 02 to 98 */
	if ((b[2] == '0' && b[3] < '2') || (b[2] == '9' && b[3] == '9'))
		return false;
	for (size_t i = 0; i < sizeof lengths / sizeof lengths[0]; i++)
		if (memcmp(lengths[i].cc, b, 2) == 0 && lengths[i].len != n)
			return false;
	/* mod 97 of the digits of BBAN + country + check, letters as 10..35 */
	unsigned r = 0;
	for (size_t k = 0; k < n; k++) {
		char ch = b[(k + 4) % n];
		if (digit(ch))
			r = (r * 10 + (unsigned)(ch - '0')) % 97;
		else
			r = (r * 100 + (unsigned)(ch - 'A' + 10)) % 97;
	}
	return r == 1;
}
