/** The review page's question on reuse, with the shipped procedures,
 *  register descriptions and catalogs: exactly the declared registers and
 *  attributes by their titles, purpose, legal basis, validity and what is
 *  asked instead, in the person's language (lb as de); nothing chosen
 *  until the draft holds an answer; the answer read back from the form
 *  (only yes or no); the receipt's sentence. Run from the repository root. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "portal/app.h"
#include "portal/pages/review_reuse.h"
#include "procedures/catalog.h"

static struct gx_i18n *i18n;

static int setup(void **state)
{
	char err[512];
	if (gx_i18n_load("i18n", &i18n, err, sizeof(err)) != 0 ||
	    gx_procedure_catalog_load("procedures", "registers", &gx_domain.procedures, err, sizeof(err)) != 0) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	gx_i18n_free(i18n);
	gx_procedure_catalog_free(gx_domain.procedures);
	gx_domain.procedures = NULL;
	return 0;
}

static const struct gx_procedure *proc(const char *id)
{
	const struct gx_procedure *p = gx_procedure_catalog_find(gx_domain.procedures, id);
	assert_non_null(p);
	return p;
}

static const char *s(const json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));
	return v != NULL ? v : "(none)";
}

static json_t *question(const char *id, const char *data, const char *errors, enum gx_lang lang)
{
	json_t *d = json_loads(data, 0, NULL), *e = errors != NULL ? json_loads(errors, 0, NULL) : NULL;
	assert_non_null(d);
	json_t *q = gx_review_reuse_data(proc(id), d, e, gx_i18n_catalog(i18n, lang), lang);
	json_decref(d);
	json_decref(e);
	return q;
}

/* The items of a list of strings, joined by "|". */
static void joined(const json_t *list, char *out, size_t outlen)
{
	size_t n = 0, i;
	const json_t *v;
	out[0] = '\0';
	json_array_foreach(list, i, v) n += (size_t)snprintf(out + n, outlen - n, "%s%s", i > 0 ? "|" : "", json_string_value(v));
	assert_true(n < outlen);
}

static void test_what_is_listed(void **state)
{
	char buf[512];
	json_t *q = question("residents-parking-permit", "{}", NULL, GX_LANG_EN);
	assert_non_null(q);
	assert_string_equal(s(q, "question"), "May Commune administration later fetch these data from the registers itself?");
	const json_t *regs = json_object_get(q, "registers");
	assert_int_equal(json_array_size(regs), 2);
	assert_string_equal(s(json_array_get(regs, 0), "title"), "Register of road vehicles");
	joined(json_object_get(json_array_get(regs, 0), "attributes"), buf, sizeof(buf));
	assert_string_equal(buf, "Registered vehicles (plate, make, model, first registration)");
	assert_string_equal(s(json_array_get(regs, 1), "title"), "National register of natural persons");
	joined(json_object_get(json_array_get(regs, 1), "attributes"), buf, sizeof(buf));
	assert_string_equal(buf, "Street|House number|Postcode|Locality");
	assert_string_equal(s(q, "legal_basis"), "Municipal traffic regulation (residents’ parking)");
	assert_string_equal(s(q, "validity"), "365 days from when you submit");
	joined(json_object_get(q, "instead"), buf, sizeof(buf));
	assert_string_equal(buf, "Vehicle registration certificate");
	assert_true(json_is_true(json_object_get(q, "has_instead")));
	/* nothing chosen, no error */
	assert_true(json_is_false(json_object_get(q, "yes")));
	assert_true(json_is_false(json_object_get(q, "no")));
	assert_true(json_is_null(json_object_get(q, "error")));
	assert_string_equal(s(q, "id"), "f-reuse_consent");
	assert_string_equal(s(q, "id_no"), "f-reuse_consent--2");
	json_decref(q);

	/* French; lb reads German, the catalogs' and the definition's texts alike */
	q = question("child-benefit", "{}", NULL, GX_LANG_FR);
	assert_string_equal(s(q, "question"), "Acceptez-vous que l’organisme « Caisse pour l'avenir des enfants "
					      "(Zukunftskeess) » obtienne plus tard ces données directement auprès des registres ?");
	joined(json_object_get(json_array_get(json_object_get(q, "registers"), 0), "attributes"), buf, sizeof(buf));
	assert_string_equal(buf, "Enfants (matricules)|Conjoint ou partenaire (matricule)|Commune");
	assert_string_equal(s(q, "validity"), "1095 jours à partir de l’envoi");
	json_decref(q);
	q = question("rent-subsidy", "{}", NULL, GX_LANG_LB);
	assert_string_equal(s(q, "question"), "Darf die Stelle „Wohnungsbauministerium“ diese Daten später selbst bei den "
					      "Registern abrufen?");
	assert_string_equal(s(json_array_get(json_object_get(q, "registers"), 0), "title"),
			    "Nationales Register der natürlichen Personen");
	assert_string_equal(s(q, "legal_basis"), "Geändertes Gesetz vom 25. Februar 1979 über die Wohnungsbeihilfe");
	json_decref(q);

	/* a procedure without reuse asks nothing */
	assert_null(question("certificate-of-residence", "{}", NULL, GX_LANG_EN));
}

static void test_answer_and_error(void **state)
{
	json_t *q = question("rent-subsidy", "{\"reuse_consent\": false}", NULL, GX_LANG_EN);
	assert_true(json_is_false(json_object_get(q, "yes")));
	assert_true(json_is_true(json_object_get(q, "no")));
	json_decref(q);
	q = question("rent-subsidy", "{\"reuse_consent\": true}", NULL, GX_LANG_EN);
	assert_true(json_is_true(json_object_get(q, "yes")));
	json_decref(q);
	/* an answer that is no boolean chooses nothing */
	q = question("rent-subsidy", "{\"reuse_consent\": \"yes\"}", NULL, GX_LANG_EN);
	assert_true(json_is_false(json_object_get(q, "yes")));
	assert_true(json_is_false(json_object_get(q, "no")));
	json_decref(q);
	/* the check's error at /reuse_consent beside the radios; others are not its */
	q = question("rent-subsidy", "{}",
		     "[{\"field\": \"/iban\", \"code\": \"required\", \"message\": \"This field is required\"},"
		     " {\"field\": \"/reuse_consent\", \"code\": \"required\", \"message\": \"Say whether\"}]",
		     GX_LANG_EN);
	assert_string_equal(s(q, "error"), "Say whether");
	json_decref(q);
}

static void test_read(void **state)
{
	json_t *d = json_object();
	const char *yes = "csrf_token=abc&reuse_consent=yes";
	assert_int_equal(gx_review_reuse_read(yes, strlen(yes), d), 1);
	assert_true(json_is_true(json_object_get(d, "reuse_consent")));
	const char *no = "reuse_consent=no&csrf_token=abc";
	assert_int_equal(gx_review_reuse_read(no, strlen(no), d), 1);
	assert_true(json_is_false(json_object_get(d, "reuse_consent")));
	/* nothing chosen: the draft keeps what it had */
	const char *none = "csrf_token=abc";
	assert_int_equal(gx_review_reuse_read(none, strlen(none), d), 0);
	assert_int_equal(gx_review_reuse_read("reuse_consent=", 14, d), 0);
	assert_true(json_is_false(json_object_get(d, "reuse_consent")));
	/* anything else is refused, and changes nothing */
	const char *bad[] = {"reuse_consent=maybe", "reuse_consent=Yes", "reuse_consent=true", "reuse_consent=%zz",
			     "reuse_consent=yes%00", "reuse_consent=yesyesyesyes"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(gx_review_reuse_read(bad[i], strlen(bad[i]), d), -1);
		assert_true(json_is_false(json_object_get(d, "reuse_consent")));
	}
	json_decref(d);
}

static void test_receipt_sentence(void **state)
{
	json_t *yes = json_pack("{s:b}", "reuse_consent", 1), *no = json_pack("{s:b}", "reuse_consent", 0);
	json_t *none = json_object();
	json_t *a = gx_review_reuse_answer(proc("rent-subsidy"), yes, gx_i18n_catalog(i18n, GX_LANG_EN), GX_LANG_EN);
	assert_string_equal(json_string_value(a), "Yes: Ministry of Housing may fetch these data itself");
	json_decref(a);
	a = gx_review_reuse_answer(proc("rent-subsidy"), no, gx_i18n_catalog(i18n, GX_LANG_DE), GX_LANG_DE);
	assert_string_equal(json_string_value(a), "Nein: Sie legen selbst vor, was stattdessen verlangt wird");
	json_decref(a);
	assert_null(gx_review_reuse_answer(proc("rent-subsidy"), none, gx_i18n_catalog(i18n, GX_LANG_EN), GX_LANG_EN));
	assert_null(gx_review_reuse_answer(proc("certificate-of-residence"), yes, gx_i18n_catalog(i18n, GX_LANG_EN),
					   GX_LANG_EN));
	json_decref(yes);
	json_decref(no);
	json_decref(none);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_what_is_listed),
		cmocka_unit_test(test_answer_and_error),
		cmocka_unit_test(test_read),
		cmocka_unit_test(test_receipt_sentence),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
