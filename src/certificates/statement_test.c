/** Unit tests for certificate statements (certificates/statement.h): the
 *  exact canonical bytes, reading back only those, and the signature with
 *  the platform's receipt key. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "certificates/cert_testutil.h"
#include "certificates/statement.h"
#include "receipts/receipt.h"

static char dir[64], key[128];

static int setup(void **state)
{
	char err[200];
	gx_test_tmpdir(dir);
	snprintf(key, sizeof(key), "%s/key", dir);
	return gx_receipts_init(key, err, sizeof(err));
}

static int teardown(void **state)
{
	gx_receipts_free();
	gx_test_rmdir(dir);
	return 0;
}

static struct gx_cert_code code_of(const char *text)
{
	struct gx_cert_code c;
	assert_int_equal(gx_cert_code_parse_strict(text, strlen(text), &c), GX_CERT_CODE_OK);
	return c;
}

static const char canonical[] =
	"{\"type\":\"guichet-certificate/1\",\"code\":\"0000-0000-0000-0000\",\"certificate_type\":\"residence\","
	"\"organisation\":\"commune\",\"issued_at\":\"2026-11-18T13:32:05Z\","
	"\"pdf_sha256\":\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\"}";

static void test_canonical_bytes(void **state)
{
	struct gx_cert_code c = code_of("0000-0000-0000-0000");
	/* the microseconds are cut: the statement says whole seconds */
	char *s = gx_cert_statement_build(&c, "residence", "commune", GX_TEST_AT + 999999,
					  (const unsigned char *)"abc", 3);
	assert_non_null(s);
	assert_string_equal(s, canonical);
	struct gx_cert_facts f;
	assert_int_equal(gx_cert_statement_parse(s, strlen(s), &f), 0);
	assert_string_equal(f.code.text, "0000-0000-0000-0000");
	assert_string_equal(f.certificate_type, "residence");
	assert_string_equal(f.organisation, "commune");
	assert_string_equal(f.issued_at, "2026-11-18T13:32:05Z");
	assert_true(f.issued_at_us == GX_TEST_AT);
	assert_string_equal(f.pdf_sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	free(s);
}

static void test_build_refuses(void **state)
{
	struct gx_cert_code c = code_of("0000-0000-0000-0000"), bad = c;
	bad.text[3] = '1';
	const unsigned char pdf[] = "%PDF-";
	assert_null(gx_cert_statement_build(&bad, "residence", "commune", GX_TEST_AT, pdf, 5));
	assert_null(gx_cert_statement_build(&c, "Residence", "commune", GX_TEST_AT, pdf, 5));
	assert_null(gx_cert_statement_build(&c, "residence", "", GX_TEST_AT, pdf, 5));
	assert_null(gx_cert_statement_build(&c, "residence", "a\"b", GX_TEST_AT, pdf, 5));
	assert_null(gx_cert_statement_build(&c, "residence", "commune", 253402300800000000LL, pdf, 5)); /* year 10000 */
	assert_false(gx_cert_id_valid(NULL));
	assert_false(gx_cert_id_valid("0123456789012345678901234567890123456789012345678901234567890123"));
	assert_true(gx_cert_id_valid("household-2"));
}

/* Each is not the canonical statement, or not a statement at all. */
static void test_parse_refuses(void **state)
{
	static const char *const bad[] = {
		/* spaces */
		"{\"type\": \"guichet-certificate/1\",\"code\":\"0000-0000-0000-0000\",\"certificate_type\":\"residence\","
		"\"organisation\":\"commune\",\"issued_at\":\"2026-11-18T13:32:05Z\","
		"\"pdf_sha256\":\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\"}",
		/* two keys in another order */
		"{\"code\":\"0000-0000-0000-0000\",\"type\":\"guichet-certificate/1\",\"certificate_type\":\"residence\","
		"\"organisation\":\"commune\",\"issued_at\":\"2026-11-18T13:32:05Z\","
		"\"pdf_sha256\":\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\"}",
		/* another type */
		"{\"type\":\"guichet-receipt/1\",\"code\":\"0000-0000-0000-0000\",\"certificate_type\":\"residence\","
		"\"organisation\":\"commune\",\"issued_at\":\"2026-11-18T13:32:05Z\","
		"\"pdf_sha256\":\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\"}",
		/* a code that fails its check */
		"{\"type\":\"guichet-certificate/1\",\"code\":\"0000-0000-0000-0001\",\"certificate_type\":\"residence\","
		"\"organisation\":\"commune\",\"issued_at\":\"2026-11-18T13:32:05Z\","
		"\"pdf_sha256\":\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\"}",
		/* upper-case hex */
		"{\"type\":\"guichet-certificate/1\",\"code\":\"0000-0000-0000-0000\",\"certificate_type\":\"residence\","
		"\"organisation\":\"commune\",\"issued_at\":\"2026-11-18T13:32:05Z\","
		"\"pdf_sha256\":\"BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD\"}",
		/* a day that does not exist */
		"{\"type\":\"guichet-certificate/1\",\"code\":\"0000-0000-0000-0000\",\"certificate_type\":\"residence\","
		"\"organisation\":\"commune\",\"issued_at\":\"2026-02-29T13:32:05Z\","
		"\"pdf_sha256\":\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\"}",
		/* a seventh key */
		"{\"type\":\"guichet-certificate/1\",\"code\":\"0000-0000-0000-0000\",\"certificate_type\":\"residence\","
		"\"organisation\":\"commune\",\"issued_at\":\"2026-11-18T13:32:05Z\","
		"\"pdf_sha256\":\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\",\"name\":\"x\"}",
		/* a key twice */
		"{\"type\":\"guichet-certificate/1\",\"code\":\"0000-0000-0000-0000\",\"certificate_type\":\"residence\","
		"\"organisation\":\"commune\",\"organisation\":\"commune\","
		"\"pdf_sha256\":\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\"}",
		"[]",
		"",
		"{\"type\":\"guichet-certificate/1\"",
	};
	struct gx_cert_facts f;
	assert_int_equal(gx_cert_statement_parse(canonical, strlen(canonical), &f), 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (gx_cert_statement_parse(bad[i], strlen(bad[i]), &f) != -1)
			fail_msg("statement %zu was read", i);
	}
	/* a trailing byte, or the bytes cut short */
	char longer[sizeof(canonical) + 1];
	snprintf(longer, sizeof(longer), "%s ", canonical);
	assert_int_equal(gx_cert_statement_parse(longer, strlen(longer), &f), -1);
	assert_int_equal(gx_cert_statement_parse(canonical, strlen(canonical) - 1, &f), -1);
	char huge[GX_CERT_STATEMENT_MAX + 2];
	memset(huge, ' ', sizeof(huge));
	assert_int_equal(gx_cert_statement_parse(huge, sizeof(huge), &f), -1);
}

static void test_signature(void **state)
{
	char sig[GX_CERT_SIGNATURE_SIZE];
	size_t n = strlen(canonical);
	assert_int_equal(gx_cert_statement_sign(canonical, n, sig), 0);
	assert_int_equal(strlen(sig), GX_CERT_SIGNATURE_SIZE - 1);
	assert_true(gx_cert_statement_signed(canonical, n, sig));
	/* the same key checks receipts: one key, one mechanism */
	assert_int_equal(gx_receipt_verify(canonical, n, sig), 1);

	char changed[sizeof(canonical)];
	for (size_t i = 0; i < n; i++) {
		memcpy(changed, canonical, sizeof(canonical));
		changed[i] ^= 0x01;
		assert_false(gx_cert_statement_signed(changed, n, sig));
	}
	char other[GX_CERT_SIGNATURE_SIZE];
	memcpy(other, sig, sizeof(other));
	other[10] = other[10] == 'A' ? 'B' : 'A';
	assert_false(gx_cert_statement_signed(canonical, n, other));
	assert_false(gx_cert_statement_signed(canonical, n, ""));
	assert_false(gx_cert_statement_signed(canonical, n, NULL));
	other[GX_CERT_SIGNATURE_SIZE - 2] = '\0';
	assert_false(gx_cert_statement_signed(canonical, n, other));

	/* another key's signature is not the platform's */
	gx_receipts_free();
	unlink(key);
	char err[200];
	assert_int_equal(gx_receipts_init(key, err, sizeof(err)), 0);
	assert_false(gx_cert_statement_signed(canonical, n, sig));
	gx_receipts_free();
	assert_int_equal(gx_cert_statement_sign(canonical, n, sig), -1); /* no key loaded */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_canonical_bytes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_build_refuses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_parse_refuses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_signature, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
