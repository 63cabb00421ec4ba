/** Unit tests: what the platform files (sources/correction_client.h) is
 *  what the register parses (correction_request.h), files and all; and the
 *  register's own checks of a proposed value and of evidence. */

#include "registryd/correction_request.h"
#include "sources/correction_client.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

static struct gx_register_description *persons(void)
{
	struct gx_register_description *d = NULL;
	char err[256];
	if (gx_register_description_load("registers/persons.json", &d, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	return d;
}

static void test_round_trip(void **state)
{
	(void)state;
	struct gx_register_description *d = persons();
	static const char pdf[] = "%PDF-1.4\nx";
	struct gx_correction_out_file files[] = {{"lease.pdf", pdf, sizeof(pdf) - 1}};
	struct gx_correction_out out = {.request_id = "cor_0123", .subject_type = "national_id",
					.subject = "1985031410148", .attribute = "address.street",
					.current_value = "Rue de la Gare", .current_version = 4, .proposed = "Rue Neuve",
					.explanation = "moved", .organisation = "guichet", .on_behalf_of = "1985031410148",
					.files = files, .nfiles = 1};
	char *body = gx_correction_filing_body(&out);
	assert_non_null(body);
	struct gx_correction_filing f;
	struct gx_correction_fault fault;
	if (gx_correction_filing_parse(body, strlen(body), d, &f, &fault) != 0)
		fail_msg("%s: %s", fault.pointer, fault.detail);
	assert_string_equal(f.request_id, "cor_0123");
	assert_string_equal(f.current_value, "Rue de la Gare");
	assert_int_equal(f.nfiles, 1);
	assert_string_equal(f.files[0].type, "application/pdf");
	assert_int_equal(f.files[0].size, sizeof(pdf) - 1);
	assert_memory_equal(f.files[0].data, pdf, sizeof(pdf) - 1);
	assert_int_equal(strlen(f.request_hash), 64);
	assert_null(strstr(f.request_json, "JVBER")); /* the stored form has no file bytes */
	gx_correction_filing_clear(&f);
	free(body);

	/* No value held: current.value null. */
	out.current_value = NULL;
	out.nfiles = 0;
	body = gx_correction_filing_body(&out);
	assert_int_equal(gx_correction_filing_parse(body, strlen(body), d, &f, &fault), 0);
	assert_null(f.current_value);
	gx_correction_filing_clear(&f);
	free(body);

	/* The postcode's pattern, checked by the register too. */
	out.attribute = "address.postcode";
	out.proposed = "1234";
	body = gx_correction_filing_body(&out);
	assert_int_equal(gx_correction_filing_parse(body, strlen(body), d, &f, &fault), -1);
	assert_string_equal(fault.pointer, "/proposed");
	free(body);
	/* A name needs evidence. */
	out.attribute = "given_name";
	out.proposed = "Anna";
	body = gx_correction_filing_body(&out);
	assert_int_equal(gx_correction_filing_parse(body, strlen(body), d, &f, &fault), -1);
	assert_string_equal(fault.pointer, "/evidence");
	assert_int_equal(fault.err, GX_ERR_MISSING_FIELD);
	free(body);
	gx_register_description_free(d);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
