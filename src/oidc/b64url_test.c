/** Tests for strict unpadded base64url. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "oidc/b64url.h"

static void test_rfc4648_vectors(void **state)
{
	static const char *const plain[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
	static const char *const enc[] = {"", "Zg", "Zm8", "Zm9v", "Zm9vYg", "Zm9vYmE", "Zm9vYmFy"};
	char out[32];
	unsigned char back[32];
	for (size_t i = 0; i < 7; i++) {
		size_t n = strlen(plain[i]);
		assert_int_equal(gx_b64url_encoded_len(n), strlen(enc[i]));
		assert_int_equal(gx_b64url_encode(plain[i], n, out, sizeof(out)), (long)strlen(enc[i]));
		assert_string_equal(out, enc[i]);
		assert_int_equal(gx_b64url_decode(enc[i], strlen(enc[i]), back, sizeof(back)), (long)n);
		assert_memory_equal(back, plain[i], n);
	}
}

static void test_url_alphabet(void **state)
{
	static const unsigned char raw[] = {0xfb, 0xff, 0xbf};
	char out[8];
	unsigned char back[8];
	assert_int_equal(gx_b64url_encode(raw, 3, out, sizeof(out)), 4);
	assert_string_equal(out, "-_-_");
	assert_int_equal(gx_b64url_decode("-_-_", 4, back, sizeof(back)), 3);
	assert_memory_equal(back, raw, 3);
	/* the standard alphabet's + and / are not base64url */
	assert_int_equal(gx_b64url_decode("+/+/", 4, back, sizeof(back)), -1);
}

static void test_round_trip_all_bytes(void **state)
{
	unsigned char raw[256], back[256];
	char out[400];
	for (int i = 0; i < 256; i++)
		raw[i] = (unsigned char)i;
	for (size_t n = 0; n <= 256; n++) {
		long w = gx_b64url_encode(raw, n, out, sizeof(out));
		assert_int_equal(w, (long)gx_b64url_encoded_len(n));
		assert_true(gx_b64url_decoded_max((size_t)w) == n);
		assert_int_equal(gx_b64url_decode(out, (size_t)w, back, sizeof(back)), (long)n);
		assert_memory_equal(back, raw, n);
	}
}

static void test_rejects(void **state)
{
	unsigned char b[16];
	static const char *const bad[] = {
		"Zg==", "Zm8=", "Zg=", "=", "Z", "Zm9vY", "Zm9v Yg", " Zm9v", "Zm9v\n", "Zm9v.Yg", "Zh", "Zm9",
		"Zm+v", "Zm/v", "Zm9vYh", "Zm9vYmF", "Zm\x80v",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(gx_b64url_decode(bad[i], strlen(bad[i]), b, sizeof(b)), -1);
	/* an embedded NUL is not a character of the alphabet */
	assert_int_equal(gx_b64url_decode("Zm\0v", 4, b, sizeof(b)), -1);
	/* "Zm9" decodes to 2 bytes when the trailing bits are zero: "Zm8" */
	assert_int_equal(gx_b64url_decode("Zm8", 3, b, sizeof(b)), 2);
}

static void test_sizes(void **state)
{
	char out[8];
	unsigned char b[8];
	/* "foobar" needs 8 characters plus the NUL */
	assert_int_equal(gx_b64url_encode("foobar", 6, out, 8), -1);
	char out9[9];
	assert_int_equal(gx_b64url_encode("foobar", 6, out9, sizeof(out9)), 8);
	assert_int_equal(gx_b64url_encode("", 0, out, 0), -1);
	assert_int_equal(gx_b64url_encode("", 0, out, 1), 0);
	assert_string_equal(out, "");
	assert_int_equal(gx_b64url_encode(NULL, 3, out, sizeof(out)), -1);
	/* decoding into a buffer one byte short fails without writing past it */
	assert_int_equal(gx_b64url_decode("Zm9vYmFy", 8, b, 5), -1);
	assert_int_equal(gx_b64url_decode("Zm9vYmFy", 8, b, 6), 6);
	assert_int_equal(gx_b64url_decode("", 0, b, 0), 0);
	assert_int_equal(gx_b64url_decode(NULL, 4, b, sizeof(b)), -1);
	assert_true(gx_b64url_encoded_len(SIZE_MAX) == (size_t)-1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc4648_vectors),
		cmocka_unit_test(test_url_alphabet),
		cmocka_unit_test(test_round_trip_all_bytes),
		cmocka_unit_test(test_rejects),
		cmocka_unit_test(test_sizes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
