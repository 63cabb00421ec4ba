#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "receipts/receipt.h"

static char dir[64], path[128];

static int setup(void **state)
{
	snprintf(dir, sizeof(dir), "/tmp/gx_receipt_XXXXXX");
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(path, sizeof(path), "%s/key", dir);
	return 0;
}

static int teardown(void **state)
{
	gx_receipts_free();
	unlink(path);
	rmdir(dir);
	return 0;
}

static void test_sign_and_verify(void **state)
{
	char err[200];
	assert_int_equal(gx_receipts_init(path, err, sizeof(err)), 0);
	char *r = gx_receipt_build("2026-GX-000001", "dog-registration", 2, "commune", 1795000000000000LL,
				   "{\"name\":\"Rex\"}");
	assert_non_null(r);
	assert_non_null(strstr(r, "\"reference\":\"2026-GX-000001\""));
	assert_non_null(strstr(r, "\"submitted_at\":\"2026-11-18T"));
	char sig[100];
	assert_int_equal(gx_receipt_sign(r, strlen(r), sig, sizeof(sig)), 0);
	assert_int_equal(gx_receipt_verify(r, strlen(r), sig), 1);
	r[5] ^= 1; /* one changed byte */
	assert_int_equal(gx_receipt_verify(r, strlen(r), sig), 0);
	free(r);
	assert_int_equal(gx_receipt_verify("x", 1, "not a signature"), 0);
}

static void test_key_persists(void **state)
{
	char err[200];
	assert_int_equal(gx_receipts_init(path, err, sizeof(err)), 0);
	char first[160];
	snprintf(first, sizeof(first), "%s", gx_receipts_public_jwk());
	gx_receipts_free();
	assert_int_equal(gx_receipts_init(path, err, sizeof(err)), 0);
	assert_string_equal(gx_receipts_public_jwk(), first);
	assert_non_null(strstr(first, "\"crv\":\"Ed25519\""));
}

static void test_same_receipt_same_bytes(void **state)
{
	char *a = gx_receipt_build("2026-GX-000002", "p", 1, "o", 0, "{}");
	char *b = gx_receipt_build("2026-GX-000002", "p", 1, "o", 0, "{}");
	char *c = gx_receipt_build("2026-GX-000002", "p", 1, "o", 0, "{ }");
	assert_string_equal(a, b);
	assert_string_not_equal(a, c); /* the data's hash covers every byte */
	free(a);
	free(b);
	free(c);
}

static void test_correction_receipt(void **state)
{
	char err[200];
	assert_int_equal(gx_receipts_init(path, err, sizeof(err)), 0);
	char *a = gx_receipt_build_correction("2026-GX-000009", "persons", "address.street", 1700000000000000LL,
					      "{\"proposed\":\"Rue Neuve\"}");
	char *b = gx_receipt_build_correction("2026-GX-000009", "persons", "address.street", 1700000000000000LL,
					      "{\"proposed\":\"Rue Vieille\"}");
	assert_non_null(a);
	assert_non_null(strstr(a, "\"type\":\"guichet-correction-receipt/1\""));
	assert_non_null(strstr(a, "\"filed_at\":\"2023-11-14T22:13:20Z\""));
	assert_null(strstr(a, "Rue Neuve")); /* only its hash */
	assert_string_not_equal(a, b);
	char sig[100];
	assert_int_equal(gx_receipt_sign(a, strlen(a), sig, sizeof(sig)), 0);
	assert_int_equal(gx_receipt_verify(a, strlen(a), sig), 1);
	assert_int_equal(gx_receipt_verify(b, strlen(b), sig), 0);
	free(a);
	free(b);
}

static void test_bad_key_file(void **state)
{
	FILE *f = fopen(path, "w");
	fputs("not-base64!\n", f);
	fclose(f);
	char err[200];
	assert_int_equal(gx_receipts_init(path, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "seed"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_sign_and_verify, setup, teardown),
		cmocka_unit_test_setup_teardown(test_key_persists, setup, teardown),
		cmocka_unit_test_setup_teardown(test_same_receipt_same_bytes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_correction_receipt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_key_file, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
