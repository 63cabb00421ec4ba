/** Unit tests for the certificates' PDFs (certificates/render.h, issue.h):
 *  the same inputs give the same bytes; pdftotext (poppler-utils) reads
 *  back every text in each language, accented names included; the code is
 *  in the metadata; a long household flows onto more pages; and an issued
 *  certificate's statement names the PDF's hash and is signed. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "certificates/cert_testutil.h"
#include "certificates/issue.h"
#include "receipts/receipt.h"

static char dir[64];

static int setup(void **state)
{
	gx_test_tmpdir(dir);
	return 0;
}

static int teardown(void **state)
{
	gx_receipts_free();
	gx_test_rmdir(dir);
	return 0;
}

static unsigned char *render(const struct gx_cert_doc *doc, size_t *len)
{
	unsigned char *pdf = NULL;
	char err[300];
	if (gx_cert_render(doc, &pdf, len, err, sizeof(err)) != 0)
		fail_msg("render: %s", err);
	assert_true(*len > 1000 && memcmp(pdf, "%PDF-", 5) == 0);
	return pdf;
}

/* Every one of the NULL-terminated texts is in what pdftotext reads. */
static void reads(const unsigned char *pdf, size_t len, const char *const *texts)
{
	char *text = gx_test_pdftotext(dir, pdf, len);
	for (size_t i = 0; texts[i] != NULL; i++)
		if (strstr(text, texts[i]) == NULL)
			fail_msg("pdftotext does not read \"%s\" in:\n%s", texts[i], text);
	free(text);
}

static void test_same_inputs_same_bytes(void **state)
{
	json_t *data = gx_test_data(GX_CERT_RESIDENCE, gx_test_residence);
	struct gx_cert_doc doc = gx_test_doc(GX_CERT_RESIDENCE, GX_CERT_FR, data);
	size_t a_len, b_len, c_len, d_len;
	unsigned char *a = render(&doc, &a_len), *b = render(&doc, &b_len);
	assert_int_equal(a_len, b_len);
	assert_memory_equal(a, b, a_len);
	doc.issued_at_us += 1000000; /* a second later */
	unsigned char *c = render(&doc, &c_len);
	assert_true(c_len != a_len || memcmp(a, c, a_len) != 0);
	doc.issued_at_us -= 1000000;
	doc.code.text[0] = doc.code.text[0] == '0' ? '1' : '0'; /* the renderer prints what it is given */
	unsigned char *d = render(&doc, &d_len);
	assert_true(d_len != a_len || memcmp(a, d, a_len) != 0);
	free(a);
	free(b);
	free(c);
	free(d);
	json_decref(data);
}

static void test_residence_in_french(void **state)
{
	json_t *data = gx_test_data(GX_CERT_RESIDENCE, gx_test_residence);
	struct gx_cert_doc doc = gx_test_doc(GX_CERT_RESIDENCE, GX_CERT_FR, data);
	size_t len;
	unsigned char *pdf = render(&doc, &len);
	const char *texts[] = {"Guichet", "Administration communale", "Délivré le 18 novembre 2026",
			       "Certificat de résidence", "registre national des personnes physiques",
			       "Müller-Gonçalves", "Łukasz Zoë", "14 mars 1985", "12, rue de la Gare",
			       "L-4240 Esch-sur-Alzette", "À cette adresse depuis le", "1er juin 2019",
			       "à 14:32 (heure de Luxembourg)", "Code de vérification", doc.code.text,
			       "https://guichet.example/verify", "Page 1 / 1", NULL};
	reads(pdf, len, texts);
	free(pdf);
	json_decref(data);
}

static void test_household_in_german_in_summer(void **state)
{
	json_t *data = gx_test_data(GX_CERT_HOUSEHOLD, gx_test_household);
	struct gx_cert_doc doc = gx_test_doc(GX_CERT_HOUSEHOLD, GX_CERT_DE, data);
	doc.issued_at_us = 1784381525000000LL; /* 2026-07-18T13:32:05Z: 15:32 summer time */
	size_t len;
	unsigned char *pdf = render(&doc, &len);
	const char *texts[] = {"Haushaltsbescheinigung", "einen Haushalt bilden", "3A, Grand-Rue", "L-9050 Ettelbruck",
			       "Mitglieder des Haushalts", "Nuñez José 2. November 1979", "Țărană Ștefan 1. Januar 1981",
			       "Gonçalves Nuñez Inês 23. Juli 2012", "Ausgestellt am 18. Juli 2026 um 15:32 Uhr",
			       "Prüfcode", doc.code.text, "Seite 1 / 1", NULL};
	reads(pdf, len, texts);
	free(pdf);
	json_decref(data);
}

static void test_residence_in_english(void **state)
{
	json_t *data = gx_test_data(GX_CERT_RESIDENCE, gx_test_residence);
	struct gx_cert_doc doc = gx_test_doc(GX_CERT_RESIDENCE, GX_CERT_EN, data);
	size_t len;
	unsigned char *pdf = render(&doc, &len);
	const char *texts[] = {"Certificate of residence", "Family name Müller-Gonçalves", "14 March 1985",
			       "At this address since 1 June 2019",
			       "Issued on 18 November 2026 at 14:32 (Luxembourg time) by Administration communale",
			       "Verification code", "Page 1 of 1", NULL};
	reads(pdf, len, texts);
	free(pdf);
	json_decref(data);
}

static void test_code_in_metadata(void **state)
{
	json_t *data = gx_test_data(GX_CERT_RESIDENCE, gx_test_residence);
	struct gx_cert_doc doc = gx_test_doc(GX_CERT_RESIDENCE, GX_CERT_EN, data);
	size_t len;
	unsigned char *pdf = render(&doc, &len);
	char want[64];
	snprintf(want, sizeof(want), "(%s%s)", GX_CERT_PDF_MARKER, doc.code.text);
	const unsigned char *at = memmem(pdf, len, want, strlen(want));
	assert_non_null(at);
	const unsigned char *after = at + strlen(want); /* and only there */
	assert_null(memmem(after, len - (size_t)(after - pdf), GX_CERT_PDF_MARKER, strlen(GX_CERT_PDF_MARKER)));
	/* the creation date is the issue time, in Luxembourg */
	assert_non_null(memmem(pdf, len, "(D:20261118143205+01'00')", 25));
	free(pdf);
	json_decref(data);
}

static void test_long_household_takes_pages(void **state)
{
	char text[16384] = "{\"address\": {\"street\": \"Boulevard Grande-Duchesse Charlotte\", \"house_number\": "
			   "\"123-125\", \"postcode\": \"L-1331\", \"locality\": \"Luxembourg\", \"commune\": "
			   "\"Luxembourg\"}, \"members\": [";
	for (int i = 0; i < GX_CERT_HOUSEHOLD_MAX; i++)
		snprintf(text + strlen(text), sizeof(text) - strlen(text),
			 "%s{\"given_name\": \"Bartholomäus Maximilian Friedrich %02d\", \"family_name\": "
			 "\"Schmidt-Oberhausen-von-Württemberg-Hohenzollern\", \"birth_date\": \"1990-01-%02d\"}",
			 i ? "," : "", i, i % 28 + 1);
	strcat(text, "]}");
	json_t *data = gx_test_data(GX_CERT_HOUSEHOLD, text);
	struct gx_cert_doc doc = gx_test_doc(GX_CERT_HOUSEHOLD, GX_CERT_EN, data);
	size_t len;
	unsigned char *pdf = render(&doc, &len);
	const char *texts[] = {"Friedrich 00", "Friedrich 29", "Household composition certificate (continued)",
			       "Page 2 of ", doc.code.text, NULL};
	reads(pdf, len, texts);
	char *all = gx_test_pdftotext(dir, pdf, len);
	assert_null(strstr(all, "Page 1 of 1"));
	free(all);
	free(pdf);
	json_decref(data);
}

static void test_render_refuses(void **state)
{
	json_t *data = gx_test_data(GX_CERT_RESIDENCE, gx_test_residence);
	struct gx_cert_doc doc = gx_test_doc(GX_CERT_RESIDENCE, GX_CERT_FR, data);
	unsigned char *pdf = (unsigned char *)"x";
	size_t len = 1;
	char err[300];
	doc.font_dir = dir; /* no fonts there */
	assert_int_equal(gx_cert_render(&doc, &pdf, &len, err, sizeof(err)), -1);
	assert_null(pdf);
	assert_int_equal(len, 0);
	assert_non_null(strstr(err, "fonts-dejavu-core"));
	doc.font_dir = NULL;
	doc.platform = NULL;
	assert_int_equal(gx_cert_render(&doc, &pdf, &len, err, sizeof(err)), -1);
	assert_null(pdf);
	/* a text that does not fit its place is refused, not printed cut short */
	char title[2048] = "";
	for (int i = 0; i < 60; i++)
		strcat(title, "Administration ");
	doc.platform = "Guichet";
	doc.organisation_title = title;
	assert_int_equal(gx_cert_render(&doc, &pdf, &len, err, sizeof(err)), -1);
	assert_null(pdf);
	assert_non_null(strstr(err, "too long"));
	json_decref(data);
}

/* The widest data the specs let through still prints whole. */
static void test_widest_data_fits(void **state)
{
	char wide[101], street[121], text[32768];
	memset(wide, 'W', 100), wide[100] = '\0';
	memset(street, 'W', 120), street[120] = '\0';
	snprintf(text, sizeof(text),
		 "{\"given_name\": \"%s\", \"family_name\": \"%s\", \"birth_date\": \"1985-09-28\","
		 " \"address\": {\"street\": \"%s\", \"house_number\": \"WWWWWWWWWW\", \"postcode\": \"WWWWWWWWWWWW\","
		 " \"locality\": \"%.80s\", \"commune\": \"%.80s\"}, \"resident_since\": \"2019-09-28\"}",
		 wide, wide, street, street, street);
	json_t *data = gx_test_data(GX_CERT_RESIDENCE, text);
	struct gx_cert_doc doc = gx_test_doc(GX_CERT_RESIDENCE, GX_CERT_DE, data);
	size_t len;
	free(render(&doc, &len));
	json_decref(data);

	int n = snprintf(text, sizeof(text), "{\"address\": {\"street\": \"%s\", \"postcode\": \"L-1331\","
					     " \"locality\": \"L\", \"commune\": \"L\"}, \"members\": [", street);
	for (int i = 0; i < GX_CERT_HOUSEHOLD_MAX; i++)
		n += snprintf(text + n, sizeof(text) - (size_t)n,
			      "%s{\"given_name\": \"%s\", \"family_name\": \"%s\", \"birth_date\": \"1985-09-28\"}",
			      i ? "," : "", wide, wide);
	snprintf(text + n, sizeof(text) - (size_t)n, "]}");
	data = gx_test_data(GX_CERT_HOUSEHOLD, text);
	doc = gx_test_doc(GX_CERT_HOUSEHOLD, GX_CERT_DE, data);
	free(render(&doc, &len));
	json_decref(data);
}

static void test_issue(void **state)
{
	char key[128], err[300];
	snprintf(key, sizeof(key), "%s/key", dir);
	assert_int_equal(gx_receipts_init(key, err, sizeof(err)), 0);
	json_t *data = gx_test_data(GX_CERT_HOUSEHOLD, gx_test_household);
	struct gx_cert_doc doc = gx_test_doc(GX_CERT_HOUSEHOLD, GX_CERT_EN, data);
	struct gx_cert_issued c;
	assert_int_equal(gx_cert_issue(&doc, "commune", &c, err, sizeof(err)), 0);
	struct gx_cert_facts f;
	assert_int_equal(gx_cert_statement_parse(c.statement, strlen(c.statement), &f), 0);
	assert_string_equal(f.code.text, doc.code.text);
	assert_string_equal(f.certificate_type, "household");
	assert_string_equal(f.organisation, "commune");
	assert_string_equal(f.issued_at, "2026-11-18T13:32:05Z");
	char hex[65];
	gx_cert_sha256_hex(c.pdf, c.pdf_len, hex);
	assert_string_equal(f.pdf_sha256, hex);
	assert_true(gx_cert_statement_signed(c.statement, strlen(c.statement), c.signature));
	/* the statement says nothing about the persons */
	assert_null(strstr(c.statement, "Nu"));
	assert_null(strstr(c.statement, "Ettelbruck"));
	gx_cert_issued_free(&c);

	assert_int_equal(gx_cert_issue(&doc, "Commune!", &c, err, sizeof(err)), -1);
	assert_null(c.pdf);
	gx_receipts_free();
	assert_int_equal(gx_cert_issue(&doc, "commune", &c, err, sizeof(err)), -1); /* no key: nothing issued */
	assert_null(c.pdf);
	assert_null(c.statement);
	json_decref(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_same_inputs_same_bytes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_residence_in_french, setup, teardown),
		cmocka_unit_test_setup_teardown(test_household_in_german_in_summer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_residence_in_english, setup, teardown),
		cmocka_unit_test_setup_teardown(test_code_in_metadata, setup, teardown),
		cmocka_unit_test_setup_teardown(test_long_household_takes_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_render_refuses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_widest_data_fits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_issue, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
