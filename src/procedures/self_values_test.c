/** Tests of the checks of self-declared values, by attribute. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "procedures/definition.h"
#include "procedures/self_values.h"

static const char *check(const char *attribute, const char *value)
{
	return gx_self_value_check(attribute, value, strlen(value));
}

static void test_attributes(void **state)
{
	for (size_t i = 0; gx_procedure_self_attributes[i] != NULL; i++)
		assert_true(gx_self_attribute_known(gx_procedure_self_attributes[i]));
	assert_false(gx_self_attribute_known("shoe_size"));
	assert_false(gx_self_attribute_known(""));
	assert_false(gx_self_attribute_known(NULL));
	assert_false(gx_self_attribute_known("Phone"));
	assert_non_null(check("shoe_size", "42"));
}

static void test_phone(void **state)
{
	assert_null(check("phone", "+352 621 123 456"));
	assert_null(check("phone", "+49301234567"));
	assert_non_null(check("phone", "621 123 456"));      /* no country code */
	assert_non_null(check("phone", "+352 abc"));
	assert_non_null(check("phone", "+3521234"));         /* 7 digits */
	assert_non_null(check("phone", "+1234567890123456")); /* 16 digits */
	assert_non_null(check("phone", "+0352621123456"));
}

static void test_email(void **state)
{
	assert_null(check("email", "anne.muller@example.lu"));
	assert_non_null(check("email", "anne.muller"));
	assert_non_null(check("email", "anne@muller@example.lu"));
	assert_non_null(check("email", "anne@localhost"));
	assert_non_null(check("email", "@example.lu"));
}

static void test_iban(void **state)
{
	assert_null(check("iban", "LU28 0019 4006 4475 0000"));
	assert_null(check("iban", "DE89370400440532013000"));
	assert_non_null(check("iban", "LU28 0019 4006 4475 0001")); /* mod 97 */
	assert_non_null(check("iban", "LU28"));
	assert_non_null(check("iban", "LU28 0019 4006 4475 0000 0000 0000 0000 0000 0000 0000 0000 0000 0000"));
}

static void test_language(void **state)
{
	assert_null(check("preferred_language", "fr"));
	assert_null(check("preferred_language", "de"));
	assert_null(check("preferred_language", "en"));
	assert_null(check("preferred_language", "lb"));
	assert_non_null(check("preferred_language", "it"));
	assert_non_null(check("preferred_language", "FR"));
	assert_non_null(check("preferred_language", "fra"));
	assert_non_null(check("preferred_language", "f"));
}

static void test_text(void **state)
{
	char long_text[GX_SELF_VALUE_MAX + 2];
	memset(long_text, 'a', sizeof(long_text) - 1);
	long_text[sizeof(long_text) - 1] = '\0';
	assert_non_null(check("profession", long_text));
	long_text[GX_SELF_VALUE_MAX] = '\0';
	assert_null(check("profession", long_text));
	assert_null(check("profession", "Ingénieure en génie civil"));
	assert_null(check("employer_name", "Société Électrique S.à r.l."));
	assert_non_null(check("profession", ""));
	assert_non_null(check("profession", "line\nbreak"));
	assert_non_null(check("profession", "bell\x07"));
	assert_non_null(check("profession", "\xc3"));            /* cut UTF-8 */
	assert_non_null(check("profession", "\xc0\xaf"));        /* overlong */
	assert_non_null(check("profession", "\xed\xa0\x80"));    /* a surrogate */
	assert_non_null(check("profession", "\xc2\x85"));        /* a C1 control */
	assert_non_null(gx_self_value_check("profession", "a\0b", 3));
}

static void test_trim(void **state)
{
	size_t n = strlen("  +352 621 123 456 \r\n");
	const char *v = gx_self_value_trim("  +352 621 123 456 \r\n", &n);
	assert_int_equal(n, strlen("+352 621 123 456"));
	assert_memory_equal(v, "+352 621 123 456", n);
	n = 3;
	gx_self_value_trim("   ", &n);
	assert_int_equal(n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_attributes), cmocka_unit_test(test_phone), cmocka_unit_test(test_email),
		cmocka_unit_test(test_iban),       cmocka_unit_test(test_language), cmocka_unit_test(test_text),
		cmocka_unit_test(test_trim),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
