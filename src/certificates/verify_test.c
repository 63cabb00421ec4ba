/** Unit tests for the /verify page's inputs and decision
 *  (certificates/verify.h): the code found in an issued PDF and not in
 *  garbage; genuine, unknown, altered (one changed byte anywhere) and
 *  unverifiable records. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "certificates/cert_testutil.h"
#include "certificates/issue.h"
#include "certificates/verify.h"
#include "receipts/receipt.h"

static char dir[64];
static json_t *data;
static struct gx_cert_doc doc;
static struct gx_cert_issued issued;

static int setup(void **state)
{
	char key[128], err[300];
	gx_test_tmpdir(dir);
	snprintf(key, sizeof(key), "%s/key", dir);
	if (gx_receipts_init(key, err, sizeof(err)) != 0)
		return -1;
	data = gx_test_data(GX_CERT_RESIDENCE, gx_test_residence);
	doc = gx_test_doc(GX_CERT_RESIDENCE, GX_CERT_FR, data);
	return gx_cert_issue(&doc, "commune", &issued, err, sizeof(err));
}

static int teardown(void **state)
{
	gx_cert_issued_free(&issued);
	json_decref(data);
	gx_receipts_free();
	gx_test_rmdir(dir);
	return 0;
}

static enum gx_cert_upload_fault extract(const char *bytes, struct gx_cert_code *out)
{
	/* a copy of exactly its length: ASan sees any read past it */
	size_t n = strlen(bytes);
	unsigned char *copy = malloc(n > 0 ? n : 1);
	memcpy(copy, bytes, n);
	enum gx_cert_upload_fault f = gx_cert_code_from_pdf(copy, n, out);
	free(copy);
	return f;
}

static void test_code_from_issued_pdf(void **state)
{
	struct gx_cert_code code;
	assert_int_equal(gx_cert_code_from_pdf(issued.pdf, issued.pdf_len, &code), GX_CERT_UPLOAD_OK);
	assert_string_equal(code.text, doc.code.text);
	/* the same file with a changed byte still names its code: the hash tells it apart */
	issued.pdf[issued.pdf_len / 2] ^= 0x20;
	assert_int_equal(gx_cert_code_from_pdf(issued.pdf, issued.pdf_len, &code), GX_CERT_UPLOAD_OK);
	issued.pdf[issued.pdf_len / 2] ^= 0x20;
}

static void test_code_from_other_bytes(void **state)
{
	struct gx_cert_code code, other;
	gx_cert_code_new(&other);
	char text[512];
	assert_int_equal(gx_cert_code_from_pdf(NULL, 0, &code), GX_CERT_UPLOAD_EMPTY);
	assert_int_equal(extract("GIF89a", &code), GX_CERT_UPLOAD_NOT_PDF);
	assert_int_equal(extract("%PDF", &code), GX_CERT_UPLOAD_NOT_PDF);
	assert_int_equal(extract("%PDF-1.4\n%%EOF\n", &code), GX_CERT_UPLOAD_NO_CODE);
	snprintf(text, sizeof(text), "%%PDF-1.3\n<< /Keywords (%s%s) >>", GX_CERT_PDF_MARKER, doc.code.text);
	assert_int_equal(extract(text, &code), GX_CERT_UPLOAD_OK);
	assert_string_equal(code.text, doc.code.text);
	/* the code must be whole, canonical, checked and closed */
	snprintf(text, sizeof(text), "%%PDF-1.3 (%s%.18s", GX_CERT_PDF_MARKER, doc.code.text);
	assert_int_equal(extract(text, &code), GX_CERT_UPLOAD_NO_CODE);
	snprintf(text, sizeof(text), "%%PDF-1.3 (%s%s", GX_CERT_PDF_MARKER, doc.code.text);
	assert_int_equal(extract(text, &code), GX_CERT_UPLOAD_NO_CODE);
	snprintf(text, sizeof(text), "%%PDF-1.3 (%s%sX)", GX_CERT_PDF_MARKER, doc.code.text);
	assert_int_equal(extract(text, &code), GX_CERT_UPLOAD_NO_CODE);
	snprintf(text, sizeof(text), "%%PDF-1.3 %s%s)", GX_CERT_PDF_MARKER, doc.code.text);
	assert_int_equal(extract(text, &code), GX_CERT_UPLOAD_NO_CODE);
	struct gx_cert_code typo = doc.code;
	typo.text[0] = typo.text[0] == '0' ? '1' : '0';
	snprintf(text, sizeof(text), "%%PDF-1.3 (%s%s)", GX_CERT_PDF_MARKER, typo.text);
	assert_int_equal(extract(text, &code), GX_CERT_UPLOAD_NO_CODE);
	/* the marker as the very first bytes after the header, or cut off at the end */
	snprintf(text, sizeof(text), "%%PDF-%s", GX_CERT_PDF_MARKER);
	assert_int_equal(extract(text, &code), GX_CERT_UPLOAD_NO_CODE);
	/* one code twice is one code; two codes are none */
	snprintf(text, sizeof(text), "%%PDF-1.3 (%s%s) (%s%s)", GX_CERT_PDF_MARKER, doc.code.text, GX_CERT_PDF_MARKER,
		 doc.code.text);
	assert_int_equal(extract(text, &code), GX_CERT_UPLOAD_OK);
	snprintf(text, sizeof(text), "%%PDF-1.3 (%s%s) (%s%s)", GX_CERT_PDF_MARKER, doc.code.text, GX_CERT_PDF_MARKER,
		 other.text);
	assert_int_equal(extract(text, &code), strcmp(doc.code.text, other.text) != 0 ? GX_CERT_UPLOAD_AMBIGUOUS
										      : GX_CERT_UPLOAD_OK);
	/* random bytes after a PDF header */
	unsigned char noise[4096];
	memcpy(noise, "%PDF-", 5);
	for (int round = 0; round < 200; round++) {
		randombytes_buf(noise + 5, sizeof(noise) - 5);
		assert_int_equal(gx_cert_code_from_pdf(noise, sizeof(noise), &code), GX_CERT_UPLOAD_NO_CODE);
	}
	unsigned char *big = calloc(GX_CERT_UPLOAD_MAX + 1, 1);
	memcpy(big, issued.pdf, issued.pdf_len);
	assert_int_equal(gx_cert_code_from_pdf(big, GX_CERT_UPLOAD_MAX + 1, &code), GX_CERT_UPLOAD_TOO_LARGE);
	assert_int_equal(gx_cert_code_from_pdf(big, GX_CERT_UPLOAD_MAX, &code), GX_CERT_UPLOAD_OK);
	free(big);
	assert_string_not_equal(gx_cert_upload_fault_text(GX_CERT_UPLOAD_AMBIGUOUS), "unknown");
}

static void test_genuine(void **state)
{
	struct gx_cert_record rec = {issued.statement, strlen(issued.statement), issued.signature};
	struct gx_cert_facts f;
	/* a typed code */
	assert_int_equal(gx_cert_decide(&doc.code, &rec, NULL, 0, &f), GX_CERT_GENUINE);
	assert_string_equal(f.certificate_type, "residence");
	assert_string_equal(f.organisation, "commune");
	assert_string_equal(f.issued_at, "2026-11-18T13:32:05Z");
	/* the file as delivered */
	assert_int_equal(gx_cert_decide(&doc.code, &rec, issued.pdf, issued.pdf_len, &f), GX_CERT_GENUINE);
	assert_string_equal(gx_cert_verdict_name(GX_CERT_GENUINE), "genuine");
}

static void test_unknown(void **state)
{
	struct gx_cert_facts f;
	assert_int_equal(gx_cert_decide(&doc.code, NULL, issued.pdf, issued.pdf_len, &f), GX_CERT_UNKNOWN);
	assert_int_equal(gx_cert_decide(&doc.code, NULL, NULL, 0, &f), GX_CERT_UNKNOWN);
}

static void test_any_changed_byte_is_altered(void **state)
{
	struct gx_cert_record rec = {issued.statement, strlen(issued.statement), issued.signature};
	struct gx_cert_facts f;
	size_t n = issued.pdf_len;
	/* every byte of the first and last KiB, and a spread through the middle */
	for (size_t i = 0; i < n; i += (i < 1024 || i > n - 1024) ? 1 : 97) {
		issued.pdf[i] ^= 0x01;
		if (gx_cert_decide(&doc.code, &rec, issued.pdf, n, &f) != GX_CERT_ALTERED)
			fail_msg("byte %zu changed, not seen", i);
		issued.pdf[i] ^= 0x01;
	}
	/* what was issued under the code is still said */
	assert_string_equal(f.certificate_type, "residence");
	/* a byte more, a byte less */
	unsigned char *longer = malloc(n + 1);
	memcpy(longer, issued.pdf, n);
	longer[n] = '\n';
	assert_int_equal(gx_cert_decide(&doc.code, &rec, longer, n + 1, &f), GX_CERT_ALTERED);
	assert_int_equal(gx_cert_decide(&doc.code, &rec, longer, n - 1, &f), GX_CERT_ALTERED);
	free(longer);
}

static void test_unverifiable_records(void **state)
{
	struct gx_cert_facts f;
	size_t n = strlen(issued.statement);
	char *changed = strdup(issued.statement);
	/* a stored statement changed after signing (here: the organisation) */
	char *org = strstr(changed, "commune");
	org[0] = 'k';
	struct gx_cert_record rec = {changed, n, issued.signature};
	assert_int_equal(gx_cert_decide(&doc.code, &rec, issued.pdf, issued.pdf_len, &f), GX_CERT_UNVERIFIABLE);
	/* a signature that is not the statement's */
	char sig[GX_CERT_SIGNATURE_SIZE];
	assert_int_equal(gx_cert_statement_sign(changed, n, sig), 0);
	struct gx_cert_record wrong = {issued.statement, n, sig};
	assert_int_equal(gx_cert_decide(&doc.code, &wrong, NULL, 0, &f), GX_CERT_UNVERIFIABLE);
	/* a record stored under another code */
	struct gx_cert_code other;
	gx_cert_code_new(&other);
	struct gx_cert_record rec2 = {issued.statement, n, issued.signature};
	if (strcmp(other.text, doc.code.text) != 0)
		assert_int_equal(gx_cert_decide(&other, &rec2, NULL, 0, &f), GX_CERT_UNVERIFIABLE);
	struct gx_cert_record empty = {NULL, 0, NULL};
	assert_int_equal(gx_cert_decide(&doc.code, &empty, NULL, 0, &f), GX_CERT_UNVERIFIABLE);
	free(changed);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_code_from_issued_pdf),
		cmocka_unit_test(test_code_from_other_bytes),
		cmocka_unit_test(test_genuine),
		cmocka_unit_test(test_unknown),
		cmocka_unit_test(test_any_changed_byte_is_altered),
		cmocka_unit_test(test_unverifiable_records),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
