/** Unit tests for verification codes (certificates/code.h): the canonical
 *  form, what a person may type, and that every single mistyped symbol and
 *  every swap of two symbols is caught by the check symbol. */

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "certificates/code.h"

static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

static enum gx_cert_code_fault parse(const char *s, struct gx_cert_code *out)
{
	return gx_cert_code_parse(s, strlen(s), out);
}

static enum gx_cert_code_fault strict(const char *s, struct gx_cert_code *out)
{
	return gx_cert_code_parse_strict(s, strlen(s), out);
}

static void test_known_codes(void **state)
{
	struct gx_cert_code c;
	unsigned char zero[GX_CERT_CODE_RANDOM_BYTES] = {0}, ones[GX_CERT_CODE_RANDOM_BYTES];
	memset(ones, 0xFF, sizeof(ones));
	gx_cert_code_from_random(zero, &c);
	assert_string_equal(c.text, "0000-0000-0000-0000"); /* the check of nothing is nothing */
	gx_cert_code_from_random(ones, &c);
	assert_memory_equal(c.text, "ZZZZ-ZZZZ-ZZZZ-ZZZ", 18); /* 15 symbols of 31, then the check */
	assert_int_equal(strlen(c.text), GX_CERT_CODE_LEN);
	struct gx_cert_code back;
	assert_int_equal(strict(c.text, &back), GX_CERT_CODE_OK);
	assert_string_equal(back.text, c.text);
}

static void test_new_codes_are_canonical_and_distinct(void **state)
{
	enum { N = 2000 };
	static struct gx_cert_code codes[N];
	for (int i = 0; i < N; i++) {
		gx_cert_code_new(&codes[i]);
		struct gx_cert_code back;
		assert_int_equal(strict(codes[i].text, &back), GX_CERT_CODE_OK);
		assert_string_equal(back.text, codes[i].text);
		for (int j = 0; j < i; j++)
			assert_string_not_equal(codes[i].text, codes[j].text);
	}
}

static void test_typed_forms(void **state)
{
	struct gx_cert_code c, got;
	unsigned char r[GX_CERT_CODE_RANDOM_BYTES] = {0x12, 0x34, 0x56, 0x78, 0x9A, 0xBC, 0xDE, 0xF0, 0x13, 0x57};
	gx_cert_code_from_random(r, &c);
	char plain[17], lower[20], spaced[64];
	size_t n = 0;
	for (size_t i = 0; c.text[i] != '\0'; i++)
		if (c.text[i] != '-')
			plain[n++] = c.text[i];
	plain[n] = '\0';
	for (size_t i = 0; i <= GX_CERT_CODE_LEN; i++)
		lower[i] = (char)(c.text[i] >= 'A' && c.text[i] <= 'Z' ? c.text[i] - 'A' + 'a' : c.text[i]);
	snprintf(spaced, sizeof(spaced), "  %.4s %.4s\t%.4s - %.4s\r\n", plain, plain + 4, plain + 8, plain + 12);
	const char *forms[] = {c.text, plain, lower, spaced};
	for (size_t k = 0; k < sizeof(forms) / sizeof(forms[0]); k++) {
		memset(&got, 0, sizeof(got));
		assert_int_equal(parse(forms[k], &got), GX_CERT_CODE_OK);
		assert_string_equal(got.text, c.text);
	}
	/* the look-alikes: O is 0, I and L are 1 */
	assert_int_equal(parse("0000-0000-0000-0000", &got), GX_CERT_CODE_OK);
	assert_int_equal(parse("oooo-OOOO-0o0O-oooo", &got), GX_CERT_CODE_OK);
	assert_string_equal(got.text, "0000-0000-0000-0000");
	gx_cert_code_from_random((unsigned char[GX_CERT_CODE_RANDOM_BYTES]){0x08, 0x42, 0x10, 0x84, 0x21, 0x08, 0x42,
									 0x10, 0x84, 0x21},
				 &c); /* fifteen symbols of value 1 */
	assert_memory_equal(c.text, "1111-1111-1111-111", 18);
	char alike[20];
	snprintf(alike, sizeof(alike), "IiLl-1Il1-lLiI-11I%c", c.text[18]);
	assert_int_equal(parse(alike, &got), GX_CERT_CODE_OK);
	assert_string_equal(got.text, c.text);
}

static void test_every_single_typo_is_caught(void **state)
{
	for (int round = 0; round < 20; round++) {
		struct gx_cert_code c, got;
		gx_cert_code_new(&c);
		for (size_t i = 0; i < GX_CERT_CODE_LEN; i++) {
			if (c.text[i] == '-')
				continue;
			for (const char *a = alphabet; *a != '\0'; a++) {
				if (*a == c.text[i])
					continue;
				struct gx_cert_code typo = c;
				typo.text[i] = *a;
				assert_int_equal(parse(typo.text, &got), GX_CERT_CODE_TYPO);
				assert_int_equal(strict(typo.text, &got), GX_CERT_CODE_TYPO);
			}
		}
	}
}

static void test_every_swap_is_caught(void **state)
{
	for (int round = 0; round < 50; round++) {
		struct gx_cert_code c, got;
		gx_cert_code_new(&c);
		for (size_t i = 0; i < GX_CERT_CODE_LEN; i++)
			for (size_t j = i + 1; j < GX_CERT_CODE_LEN; j++) {
				if (c.text[i] == '-' || c.text[j] == '-' || c.text[i] == c.text[j])
					continue;
				struct gx_cert_code swapped = c;
				swapped.text[i] = c.text[j];
				swapped.text[j] = c.text[i];
				assert_int_equal(parse(swapped.text, &got), GX_CERT_CODE_TYPO);
			}
	}
}

static void test_not_codes(void **state)
{
	struct gx_cert_code c, got;
	gx_cert_code_new(&c);
	char longer[40], shorter[40];
	snprintf(longer, sizeof(longer), "%s0", c.text);
	snprintf(shorter, sizeof(shorter), "%.18s", c.text);
	assert_int_equal(parse("", &got), GX_CERT_CODE_EMPTY);
	assert_int_equal(parse(" - - ", &got), GX_CERT_CODE_EMPTY);
	assert_int_equal(parse(longer, &got), GX_CERT_CODE_WRONG_LENGTH);
	assert_int_equal(parse(shorter, &got), GX_CERT_CODE_WRONG_LENGTH);
	assert_int_equal(parse("UUUU-0000-0000-0000", &got), GX_CERT_CODE_BAD_SYMBOL); /* no U in Crockford's */
	assert_int_equal(parse("0000_0000_0000_0000", &got), GX_CERT_CODE_BAD_SYMBOL);
	assert_int_equal(parse("0000-0000-0000-000*", &got), GX_CERT_CODE_BAD_SYMBOL);
	assert_int_equal(parse("0000-0000-0000-000\xc3\xa9", &got), GX_CERT_CODE_BAD_SYMBOL);
	assert_int_equal(gx_cert_code_parse("0000-0000\0-0000-0000", 20, &got), GX_CERT_CODE_BAD_SYMBOL);
	char spaces[GX_CERT_CODE_INPUT_MAX + 2];
	memset(spaces, ' ', sizeof(spaces));
	memcpy(spaces, c.text, GX_CERT_CODE_LEN);
	assert_int_equal(gx_cert_code_parse(spaces, GX_CERT_CODE_INPUT_MAX, &got), GX_CERT_CODE_OK);
	assert_int_equal(gx_cert_code_parse(spaces, GX_CERT_CODE_INPUT_MAX + 1, &got), GX_CERT_CODE_TOO_LONG);
	/* only len bytes are read: the first 18 of a good code are not one */
	assert_int_equal(gx_cert_code_parse(c.text, 18, &got), GX_CERT_CODE_WRONG_LENGTH);
	assert_string_not_equal(gx_cert_code_fault_text(GX_CERT_CODE_TYPO), "unknown");
}

static void test_strict_form_only(void **state)
{
	struct gx_cert_code c, got;
	gx_cert_code_new(&c);
	char lower[20], plain[20], spaced[24];
	for (size_t i = 0; i <= GX_CERT_CODE_LEN; i++)
		lower[i] = (char)(c.text[i] >= 'A' && c.text[i] <= 'Z' ? c.text[i] - 'A' + 'a' : c.text[i]);
	snprintf(plain, sizeof(plain), "%.4s%.4s%.4s%.4s", c.text, c.text + 5, c.text + 10, c.text + 15);
	snprintf(spaced, sizeof(spaced), " %s", c.text);
	assert_int_equal(strict(c.text, &got), GX_CERT_CODE_OK);
	bool has_letter = strpbrk(c.text, "ABCDEFGHJKMNPQRSTVWXYZ") != NULL;
	assert_int_equal(strict(lower, &got), has_letter ? GX_CERT_CODE_BAD_SYMBOL : GX_CERT_CODE_OK);
	assert_int_equal(strict(plain, &got), GX_CERT_CODE_WRONG_LENGTH);
	assert_int_equal(strict(spaced, &got), GX_CERT_CODE_WRONG_LENGTH);
	assert_int_equal(strict("", &got), GX_CERT_CODE_EMPTY);
	assert_int_equal(strict("0000 0000-0000-0000", &got), GX_CERT_CODE_BAD_SYMBOL);
	assert_int_equal(strict("O000-0000-0000-0000", &got), GX_CERT_CODE_BAD_SYMBOL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_codes),
		cmocka_unit_test(test_new_codes_are_canonical_and_distinct),
		cmocka_unit_test(test_typed_forms),
		cmocka_unit_test(test_every_single_typo_is_caught),
		cmocka_unit_test(test_every_swap_is_caught),
		cmocka_unit_test(test_not_codes),
		cmocka_unit_test(test_strict_form_only),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
