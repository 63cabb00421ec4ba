/** The provenance of a prefilled value as the pages say it, with the
 *  shipped catalogs (i18n/) and registers (etc/registers.json): a
 *  register's value by the register's title; a self-declared one as the
 *  person's own, linked to My data, never as a register named "self"; and
 *  for each outcome of the register part, why its value is not used, in
 *  fr, de, en, and lb as de. Run from the repository root. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "core/domain.h"
#include "forms/provenance.h"

static struct gx_i18n *i18n;

static int setup(void **state)
{
	char err[256];
	if (gx_i18n_load("i18n", &i18n, err, sizeof(err)) != 0 ||
	    gx_registers_load("etc/registers.json", &gx_domain.registers, err, sizeof(err)) != 0) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	gx_i18n_free(i18n);
	gx_registers_free(&gx_domain.registers);
	return 0;
}

static json_t *data_of(const char *provenance, enum gx_lang lang)
{
	json_error_t err;
	json_t *p = json_loads(provenance, 0, &err);
	assert_non_null(p);
	json_t *d = gx_provenance_data(p, gx_i18n_catalog(i18n, lang), lang);
	json_decref(p);
	return d;
}

static const char *s(const json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));
	return v != NULL ? v : "(none)";
}

/* before + link + after, as a reader gets it. */
static void sentence(const json_t *d, char *out, size_t outlen)
{
	snprintf(out, outlen, "%s%s%s", s(d, "before"), s(d, "link"), s(d, "after"));
}

static void test_register(void **state)
{
	json_t *d = data_of("{\"source\": \"social_security\", \"attribute\": \"employer_name\", \"as_of\": \"2025-11-02\","
			    " \"version\": 3}", GX_LANG_EN);
	assert_true(json_is_true(json_object_get(d, "register")));
	assert_true(json_is_false(json_object_get(d, "self")));
	assert_string_equal(s(d, "title"), "Social security");
	assert_string_equal(s(d, "as_of"), "2025-11-02");
	json_decref(d);
	d = data_of("{\"source\": \"persons\", \"attribute\": \"family_name\", \"as_of\": \"2025-11-02\"}", GX_LANG_FR);
	assert_string_equal(s(d, "title"), "Registre national des personnes physiques");
	json_decref(d);
	/* A register this platform does not have: its name. */
	d = data_of("{\"source\": \"cadastre\", \"attribute\": \"parcel\"}", GX_LANG_DE);
	assert_string_equal(s(d, "title"), "cadastre");
	assert_string_equal(s(d, "as_of"), "");
	json_decref(d);
	assert_null(data_of("{\"attribute\": \"x\"}", GX_LANG_EN));
	assert_null(json_object_get(d = data_of("{\"source\": \"persons\", \"attribute\": \"family_name\"}", GX_LANG_EN),
				    "under_review"));
	json_decref(d);
}

/* A value the person asked the register to correct says so while the request is open, in each language. */
static void test_under_review(void **state)
{
	const char *p = "{\"source\": \"persons\", \"attribute\": \"address.street\", \"as_of\": \"2026-01-03\","
			" \"version\": 4, \"under_review\": {\"id\": 7, \"since\": \"2026-03-02\"}}";
	json_t *d = data_of(p, GX_LANG_EN);
	assert_string_equal(s(d, "under_review"),
			    "You asked National register of natural persons to correct this value on 2026-03-02.");
	json_decref(d);
	d = data_of(p, GX_LANG_FR);
	assert_non_null(strstr(s(d, "under_review"), "de rectifier cette valeur"));
	assert_non_null(strstr(s(d, "under_review"), "2026-03-02"));
	json_decref(d);
	d = data_of(p, GX_LANG_DE);
	assert_non_null(strstr(s(d, "under_review"), "gebeten, diesen Wert zu berichtigen"));
	json_decref(d);
	d = data_of(p, GX_LANG_LB);  /* lb as de */
	assert_non_null(strstr(s(d, "under_review"), "gebeten, diesen Wert zu berichtigen"));
	json_decref(d);
}

/* Declared by the person: their own, with the link to My data; no register named "self". */
static void test_self(void **state)
{
	static const struct {
		enum gx_lang lang;
		const char *text;
	} want[] = {
		{GX_LANG_EN, "You declared this in My data on 2026-03-01."},
		{GX_LANG_FR, "Vous avez déclaré cette donnée le 2026-03-01 dans Mes données."},
		{GX_LANG_DE, "Sie haben dies am 2026-03-01 unter Meine Daten selbst angegeben."},
		{GX_LANG_LB, "Sie haben dies am 2026-03-01 unter Meng Donnéeën selbst angegeben."},
	};
	char text[512];
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		json_t *d = data_of("{\"source\": \"self\", \"attribute\": \"phone\", \"as_of\": \"2026-03-01\"}", want[i].lang);
		assert_true(json_is_true(json_object_get(d, "self")));
		assert_true(json_is_false(json_object_get(d, "register")));
		assert_null(json_object_get(d, "title"));
		assert_string_equal(s(d, "href"), "/my-data#self-declared");
		sentence(d, text, sizeof(text));
		assert_string_equal(text, want[i].text);
		assert_true(json_is_null(json_object_get(d, "reason")));
		json_decref(d);
	}
	json_t *d = data_of("{\"source\": \"self\", \"attribute\": \"phone\", \"as_of\": \"\"}", GX_LANG_EN);
	sentence(d, text, sizeof(text));
	assert_string_equal(text, "You declared this in My data.");
	json_decref(d);
}

/* Why the register's value is not the one shown: each outcome, each language, the register by its title. */
static void test_reasons(void **state)
{
	static const struct {
		const char *outcome;
		const char *en;
		const char *fr;
		const char *de;
	} want[] = {
		{"no_value", "Social security: holds no value for you, so the value you declared is used.",
		 "Sécurité sociale : aucune valeur vous concernant, la valeur que vous avez déclarée est donc utilisée.",
		 "Sozialversicherung: keine Angabe zu Ihnen, daher wird Ihre eigene Angabe verwendet."},
		{"declined", "Social security: you chose not to prefill your forms from it, so the value you declared is used.",
		 "Sécurité sociale : vous avez choisi de ne pas préremplir vos formulaires à partir de cette source, la valeur "
		 "que vous avez déclarée est donc utilisée.",
		 "Sozialversicherung: Sie haben entschieden, Ihre Formulare nicht aus dieser Quelle vorauszufüllen, daher wird "
		 "Ihre eigene Angabe verwendet."},
		{"unavailable", "Social security: could not be reached, so the value you declared is used.",
		 "Sécurité sociale : source injoignable, la valeur que vous avez déclarée est donc utilisée.",
		 "Sozialversicherung: nicht erreichbar, daher wird Ihre eigene Angabe verwendet."},
		{"timeout", "Social security: did not answer in time, so the value you declared is used.",
		 "Sécurité sociale : pas de réponse à temps, la valeur que vous avez déclarée est donc utilisée.",
		 "Sozialversicherung: keine rechtzeitige Antwort, daher wird Ihre eigene Angabe verwendet."},
		{"refused", "Social security: refused the request, so the value you declared is used.",
		 "Sécurité sociale : demande refusée, la valeur que vous avez déclarée est donc utilisée.",
		 "Sozialversicherung: Anfrage abgelehnt, daher wird Ihre eigene Angabe verwendet."},
		{"bad_answer", "Social security: its answer could not be read, so the value you declared is used.",
		 "Sécurité sociale : réponse illisible, la valeur que vous avez déclarée est donc utilisée.",
		 "Sozialversicherung: Antwort nicht lesbar, daher wird Ihre eigene Angabe verwendet."},
		{"not_preferred", "Social security: has a value too, but this procedure prefers the one you declared.",
		 "Sécurité sociale : a aussi une valeur, mais cette démarche préfère celle que vous avez déclarée.",
		 "Sozialversicherung: hat ebenfalls einen Wert, aber dieses Verfahren bevorzugt Ihre eigene Angabe."},
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		char p[512];
		snprintf(p, sizeof(p),
			 "{\"source\": \"self\", \"attribute\": \"employer_name\", \"as_of\": \"2026-03-01\", \"register\":"
			 " {\"source\": \"social_security\", \"attribute\": \"employer_name\", \"outcome\": \"%s\"}}",
			 want[i].outcome);
		const enum gx_lang langs[] = {GX_LANG_EN, GX_LANG_FR, GX_LANG_DE, GX_LANG_LB};
		const char *texts[] = {want[i].en, want[i].fr, want[i].de, want[i].de};
		for (size_t l = 0; l < 4; l++) {
			json_t *d = data_of(p, langs[l]);
			assert_true(json_is_true(json_object_get(d, "self")));
			assert_string_equal(s(d, "reason"), texts[l]);
			json_decref(d);
		}
	}
	/* An outcome this platform does not know: the person's value is still theirs, no reason made up. */
	json_t *d = data_of("{\"source\": \"self\", \"attribute\": \"employer_name\", \"as_of\": \"2026-03-01\","
			    " \"register\": {\"source\": \"social_security\", \"outcome\": \"eaten_by_a_grue\"}}", GX_LANG_EN);
	assert_true(json_is_null(json_object_get(d, "reason")));
	json_decref(d);
	/* A register not configured here is named by its name. */
	d = data_of("{\"source\": \"self\", \"attribute\": \"employer_name\", \"as_of\": \"2026-03-01\","
		    " \"register\": {\"source\": \"pensions\", \"outcome\": \"unavailable\"}}", GX_LANG_EN);
	assert_string_equal(s(d, "reason"), "pensions: could not be reached, so the value you declared is used.");
	json_decref(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_register),
		cmocka_unit_test(test_under_review),
		cmocka_unit_test(test_self),
		cmocka_unit_test(test_reasons),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
