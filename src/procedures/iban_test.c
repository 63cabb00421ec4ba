/** Tests of the IBAN check (ISO 13616) against published example IBANs of
 *  several countries, and the same IBANs altered in the ways people err. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "procedures/validate.h"

static const char *const valid[] = {
	"LU28 0019 4006 4475 0000",
	"BE68 5390 0754 7034",
	"DE89 3704 0044 0532 0130 00",
	"FR14 2004 1010 0505 0001 3M02 606",
	"GB29 NWBK 6016 1331 9268 19",
	"NL91 ABNA 0417 1643 00",
	"CH93 0076 2011 6238 5295 7",
	"AT61 1904 3002 3457 3201",
	"ES91 2100 0418 4502 0005 1332",
	"IT60 X054 2811 1010 0000 0123 456",
	"PT50 0002 0123 1234 5678 9015 4",
	"LU280019400644750000",
	"de89370400440532013000", /* lower case is read as capitals */
};

static void test_valid(void **state)
{
	for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++) {
		if (!gx_iban_valid(valid[i]))
			fail_msg("refused a valid IBAN (vector %zu)", i);
	}
}

/** Every single-digit change of each valid IBAN is caught by mod 97. */
static void test_altered_digit(void **state)
{
	for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++) {
		char b[64];
		snprintf(b, sizeof b, "%s", valid[i]);
		for (size_t k = 2; b[k] != '\0'; k++) {
			if (b[k] < '0' || b[k] > '9')
				continue;
			char saved = b[k];
			b[k] = (char)(saved == '9' ? '0' : saved + 1);
			if (gx_iban_valid(b))
				fail_msg("accepted vector %zu altered at %zu", i, k);
			b[k] = saved;
		}
	}
}

static void test_invalid(void **state)
{
	assert_false(gx_iban_valid("LU28 0019 4006 4475 000"));    /* one digit short for LU (19) */
	assert_false(gx_iban_valid("LU28 0019 4006 4475 00000"));  /* one too many */
	assert_false(gx_iban_valid("BE68 5390 0754 70"));          /* BE is 16 */
	assert_false(gx_iban_valid("DE89 3704 0044 0532 0130 0")); /* DE is 22 */
	assert_false(gx_iban_valid("LU82 0019 4006 4475 0000"));   /* check digits swapped */
	assert_false(gx_iban_valid("LU28 0019 4006 4457 0000"));   /* two digits swapped */
	assert_false(gx_iban_valid("1U28 0019 4006 4475 0000"));   /* country not letters */
	assert_false(gx_iban_valid("LUX8 0019 4006 4475 0000"));   /* check not digits */
	assert_false(gx_iban_valid("LU28-0019-4006-4475-0000"));   /* only spaces are removed */
	assert_false(gx_iban_valid("LU28 0019 4006 4475 000é"));
	assert_false(gx_iban_valid(""));
	assert_false(gx_iban_valid("LU28"));
	assert_false(gx_iban_valid(NULL));
	assert_false(gx_iban_valid("XX00 1234 5678 9012 3456 7890 1234 5678 9")); /* over 34 */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_altered_digit),
		cmocka_unit_test(test_invalid),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
