/** Unit tests for the certificates' data (certificates/data.h): the shape
 *  of each type, real dates, printable characters, and the field at fault
 *  named without quoting its value. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "certificates/cert_testutil.h"
#include "certificates/data.h"

#define ADDRESS                                                                                              \
	"\"address\": {\"street\": \"rue de la Gare\", \"postcode\": \"L-4240\", \"locality\": \"Esch-sur-Alzette\"," \
	" \"commune\": \"Esch-sur-Alzette\"}"

static void refused(enum gx_cert_type t, const char *text, enum gx_json_fault fault, const char *pointer)
{
	json_t *out = (json_t *)1;
	struct gx_json_error err;
	int rc = gx_cert_data_parse(t, text, strlen(text), &out, &err);
	if (rc != -1 || err.fault != fault || strcmp(err.pointer, pointer) != 0)
		fail_msg("got rc %d %s at \"%s\" (%s); want %s at \"%s\"", rc, gx_json_fault_name(err.fault),
			 err.pointer, err.detail, gx_json_fault_name(fault), pointer);
	assert_null(out);
	assert_true(err.detail[0] != '\0');
	/* the detail never quotes the data */
	assert_null(strstr(err.detail, "Gare"));
	assert_null(strstr(err.detail, "Müller"));
}

static void test_good_data(void **state)
{
	json_t *r = gx_test_data(GX_CERT_RESIDENCE, gx_test_residence);
	assert_string_equal(json_string_value(json_object_get(json_object_get(r, "address"), "postcode")), "L-4240");
	json_decref(r);
	json_t *h = gx_test_data(GX_CERT_HOUSEHOLD, gx_test_household);
	assert_int_equal(json_array_size(json_object_get(h, "members")), 3);
	json_decref(h);
	/* optional members may be absent or null */
	json_decref(gx_test_data(GX_CERT_RESIDENCE, "{\"given_name\": \"Anna\", \"family_name\": \"Muller\","
						    " \"birth_date\": \"2000-02-29\", " ADDRESS
						    ", \"resident_since\": null}"));
}

static void test_shape(void **state)
{
	refused(GX_CERT_RESIDENCE, "{\"family_name\": \"Muller\", \"birth_date\": \"1985-03-14\", " ADDRESS "}",
		GX_JSON_MISSING_FIELD, "/given_name");
	refused(GX_CERT_RESIDENCE,
		"{\"given_name\": \"Anna\", \"family_name\": \"Muller\", \"birth_date\": \"1985-03-14\", " ADDRESS
		", \"national_id\": \"1985031410148\"}",
		GX_JSON_UNKNOWN_FIELD, "/national_id");
	refused(GX_CERT_RESIDENCE, "{\"given_name\": \"Anna\", \"family_name\": \"Muller\", \"birth_date\": \"1985-03-14\"}",
		GX_JSON_MISSING_FIELD, "/address");
	refused(GX_CERT_RESIDENCE,
		"{\"given_name\": \"\", \"family_name\": \"Muller\", \"birth_date\": \"1985-03-14\", " ADDRESS "}",
		GX_JSON_TOO_SHORT, "/given_name");
	refused(GX_CERT_HOUSEHOLD, "{" ADDRESS ", \"members\": []}", GX_JSON_TOO_SHORT, "/members");
	refused(GX_CERT_HOUSEHOLD, "{" ADDRESS ", \"members\": [{\"given_name\": \"Anna\"}]}", GX_JSON_MISSING_FIELD,
		"/members/0/family_name");
	refused(GX_CERT_HOUSEHOLD, "[]", GX_JSON_NOT_OBJECT, "");
	refused(GX_CERT_HOUSEHOLD, "{\"address\": ", GX_JSON_MALFORMED, "");

	/* at most GX_CERT_HOUSEHOLD_MAX members */
	char many[8192] = "{" ADDRESS ", \"members\": [";
	for (int i = 0; i <= GX_CERT_HOUSEHOLD_MAX; i++)
		snprintf(many + strlen(many), sizeof(many) - strlen(many),
			 "%s{\"given_name\": \"A\", \"family_name\": \"B\", \"birth_date\": \"2001-01-01\"}", i ? "," : "");
	strcat(many, "]}");
	refused(GX_CERT_HOUSEHOLD, many, GX_JSON_TOO_MANY_ITEMS, "/members");

	char *huge = malloc(GX_CERT_DATA_MAX + 2);
	memset(huge, ' ', GX_CERT_DATA_MAX + 1);
	huge[GX_CERT_DATA_MAX + 1] = '\0';
	refused(GX_CERT_RESIDENCE, huge, GX_JSON_TOO_LONG, "");
	free(huge);
}

static void test_dates(void **state)
{
	refused(GX_CERT_RESIDENCE,
		"{\"given_name\": \"Anna\", \"family_name\": \"Muller\", \"birth_date\": \"2001-02-29\", " ADDRESS "}",
		GX_JSON_OUT_OF_RANGE, "/birth_date");
	refused(GX_CERT_RESIDENCE,
		"{\"given_name\": \"Anna\", \"family_name\": \"Muller\", \"birth_date\": \"14.03.1985\", " ADDRESS "}",
		GX_JSON_OUT_OF_RANGE, "/birth_date");
	refused(GX_CERT_RESIDENCE,
		"{\"given_name\": \"Anna\", \"family_name\": \"Muller\", \"birth_date\": \"1985-03-14\", " ADDRESS
		", \"resident_since\": \"2019-13-01\"}",
		GX_JSON_OUT_OF_RANGE, "/resident_since");
	refused(GX_CERT_HOUSEHOLD,
		"{" ADDRESS ", \"members\": [{\"given_name\": \"A\", \"family_name\": \"B\", \"birth_date\": \"2001-01-01\"},"
		"{\"given_name\": \"A\", \"family_name\": \"B\", \"birth_date\": \"2001-01-32\"}]}",
		GX_JSON_OUT_OF_RANGE, "/members/1/birth_date");
}

static void test_printable(void **state)
{
	/* a control character, an emoji, a combining accent, a soft hyphen: not printed on a certificate */
	static const char *const values[] = {"Anna\\u0007", "Anna \xf0\x9f\x98\x80", "Anne\xcc\x81", "An\xc2\xadna",
					     "\\u200bAnna"};
	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		char text[512];
		snprintf(text, sizeof(text),
			 "{\"given_name\": \"Anna\", \"family_name\": \"Muller\", \"birth_date\": \"1985-03-14\","
			 " \"address\": {\"street\": \"%s\", \"postcode\": \"L-4240\", \"locality\": \"Esch\","
			 " \"commune\": \"Esch\"}}",
			 values[i]);
		refused(GX_CERT_RESIDENCE, text, GX_JSON_OUT_OF_RANGE, "/address/street");
	}
	/* Latin, Greek and Cyrillic letters and typographic quotes are */
	json_decref(gx_test_data(GX_CERT_RESIDENCE,
				 "{\"given_name\": \"Αθανάσιος Ivan Иван Şükrü Ștefan Nguyễn Đức\","
				 " \"family_name\": \"O’Brien – «Ĳssel»\", \"birth_date\": \"1985-03-14\", " ADDRESS "}"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_data),
		cmocka_unit_test(test_shape),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_printable),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
