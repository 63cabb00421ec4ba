/** Tests for catalog loading (the real i18n/ catalogs and fixtures), lookups
 *  and the template key check. Run from the repository root. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n/i18n.h"

static char tmp[64];

static void write_file(const char *rel, const char *text)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", tmp, rel);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void rm_rf(const char *dir)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

static int setup(void **state)
{
	snprintf(tmp, sizeof(tmp), "/tmp/gx_i18n_test.XXXXXX");
	return mkdtemp(tmp) != NULL ? 0 : -1;
}

static int teardown(void **state)
{
	rm_rf(tmp);
	return 0;
}

#define FR "{\"nav\":{\"home\":\"Accueil\",\"login\":\"Se connecter\"},\"start\":{\"title\":\"Bienvenue\"}," \
	   "\"footer\":{\"privacy\":\"Protection des données\"},\"skip\":\"Aller au contenu\"}"
#define DE "{\"nav\":{\"home\":\"Startseite\",\"login\":\"Anmelden\"},\"start\":{\"title\":\"Willkommen\"}," \
	   "\"footer\":{\"privacy\":\"Datenschutz\"},\"skip\":\"Zum Inhalt\"}"
#define EN "{\"nav\":{\"home\":\"Home\",\"login\":\"Log in\"},\"start\":{\"title\":\"Welcome\"}," \
	   "\"footer\":{\"privacy\":\"Privacy\"},\"skip\":\"Skip to content\"}"
#define LB "{\"nav\":{\"home\":\"Startsäit\",\"login\":\"Aloggen\"},\"start\":{\"title\":\"Wëllkomm\"}}"

static void write_set(const char *fr, const char *de, const char *en, const char *lb)
{
	write_file("fr.json", fr);
	write_file("de.json", de);
	write_file("en.json", en);
	write_file("lb.json", lb);
}

/** Loads the fixture set and expects failure with every needle in err. */
static void expect_error(const char *needle1, const char *needle2)
{
	struct gx_i18n *i = (struct gx_i18n *)1;
	char err[512] = "";
	assert_int_equal(gx_i18n_load(tmp, &i, err, sizeof(err)), -1);
	assert_null(i);
	if (strstr(err, needle1) == NULL || (needle2 != NULL && strstr(err, needle2) == NULL))
		fail_msg("error \"%s\" should name \"%s\" and \"%s\"", err, needle1, needle2 ? needle2 : "");
}

static struct gx_i18n *load_fixture(void)
{
	struct gx_i18n *i = NULL;
	char err[512] = "";
	if (gx_i18n_load(tmp, &i, err, sizeof(err)) != 0)
		fail_msg("load: %s", err);
	return i;
}

/** Every string leaf of ref (fr) is a string in every language. */
static void check_complete(const struct gx_i18n *i, const json_t *ref, const char *prefix)
{
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)ref, k, v) {
		char key[256];
		snprintf(key, sizeof(key), "%s%s%s", prefix, prefix[0] ? "." : "", k);
		if (json_is_object(v)) {
			check_complete(i, v, key);
			continue;
		}
		for (int l = 0; l < GX_LANG__COUNT; l++) {
			const char *s = gx_i18n_get(i, (enum gx_lang)l, key);
			if (s == NULL || s[0] == '\0')
				fail_msg("%s missing or empty in %s", key, gx_lang_code((enum gx_lang)l));
		}
	}
}

static void test_real_catalogs(void **state)
{
	struct gx_i18n *i = NULL;
	char err[512] = "";
	if (gx_i18n_load("i18n", &i, err, sizeof(err)) != 0)
		fail_msg("i18n/: %s", err);
	check_complete(i, gx_i18n_catalog(i, GX_LANG_FR), "");
	assert_string_equal(gx_i18n_get(i, GX_LANG_FR, "site.name"), "Guichet");
	assert_string_equal(gx_i18n_get(i, GX_LANG_EN, "nav.login"), "Log in");
	assert_string_equal(gx_i18n_get(i, GX_LANG_DE, "nav.home"), "Startseite");
	assert_string_equal(gx_i18n_get(i, GX_LANG_LB, "nav.home"), "Startsäit");
	assert_string_equal(gx_i18n_get(i, GX_LANG_EN, "error.not_found.title"), "Page not found");
	/* each language's own name is the same in every catalog */
	for (int l = 0; l < GX_LANG__COUNT; l++)
		assert_string_equal(gx_i18n_get(i, (enum gx_lang)l, "lang.lb"), "Lëtzebuergesch");
	/* lb has its own start page, and German where it has no text */
	assert_string_not_equal(gx_i18n_get(i, GX_LANG_LB, "start.title"), gx_i18n_get(i, GX_LANG_DE, "start.title"));
	assert_string_equal(gx_i18n_get(i, GX_LANG_LB, "privacy.title"), gx_i18n_get(i, GX_LANG_DE, "privacy.title"));
	/* a key every language has (lb through de), one none has, an object */
	assert_null(gx_i18n_missing(i, "proc.status.waiting_for_payment"));
	assert_string_equal(gx_i18n_missing(i, "proc.status.on_hold"), "fr");
	assert_string_equal(gx_i18n_missing(i, "proc.status"), "fr");
	gx_i18n_free(i);
}

static void test_fixture_loads(void **state)
{
	write_set(FR, DE, EN, LB);
	struct gx_i18n *i = load_fixture();
	assert_string_equal(gx_i18n_get(i, GX_LANG_FR, "nav.home"), "Accueil");
	assert_string_equal(gx_i18n_get(i, GX_LANG_EN, "skip"), "Skip to content");
	assert_null(gx_i18n_get(i, GX_LANG_EN, "nav"));          /* an object */
	assert_null(gx_i18n_get(i, GX_LANG_EN, "nav.home.x"));
	assert_null(gx_i18n_get(i, GX_LANG_EN, "nav.nope"));
	assert_null(gx_i18n_get(i, GX_LANG_EN, "nav..home"));
	assert_null(gx_i18n_get(i, GX_LANG_EN, ""));
	assert_null(gx_i18n_get(i, GX_LANG_EN, NULL));
	assert_null(gx_i18n_get(i, (enum gx_lang)9, "skip"));
	assert_null(gx_i18n_catalog(i, GX_LANG__COUNT));
	const json_t *en = gx_i18n_catalog(i, GX_LANG_EN);
	assert_string_equal(json_string_value(json_object_get(json_object_get(en, "start"), "title")), "Welcome");
	gx_i18n_free(i);
}

static void test_lb_fallback(void **state)
{
	write_set(FR, DE, EN, LB);
	struct gx_i18n *i = load_fixture();
	assert_string_equal(gx_i18n_get(i, GX_LANG_LB, "nav.login"), "Aloggen");
	assert_string_equal(gx_i18n_get(i, GX_LANG_LB, "start.title"), "Wëllkomm");
	/* not in lb.json: German */
	assert_string_equal(gx_i18n_get(i, GX_LANG_LB, "skip"), "Zum Inhalt");
	assert_string_equal(gx_i18n_get(i, GX_LANG_LB, "footer.privacy"), "Datenschutz");
	/* the merge did not touch de */
	assert_string_equal(gx_i18n_get(i, GX_LANG_DE, "nav.login"), "Anmelden");
	gx_i18n_free(i);

	/* lb may give part of an object outside nav and start */
	write_file("lb.json", "{\"nav\":{\"home\":\"Startsäit\",\"login\":\"Aloggen\"},\"start\":{\"title\":\"Wëllkomm\"},"
			      "\"footer\":{\"privacy\":\"Dateschutz\"}}");
	i = load_fixture();
	assert_string_equal(gx_i18n_get(i, GX_LANG_LB, "footer.privacy"), "Dateschutz");
	assert_string_equal(gx_i18n_get(i, GX_LANG_LB, "skip"), "Zum Inhalt");
	gx_i18n_free(i);
}

static void test_missing_key(void **state)
{
	write_set(FR, "{\"nav\":{\"home\":\"Startseite\"},\"start\":{\"title\":\"Willkommen\"},"
		      "\"footer\":{\"privacy\":\"Datenschutz\"},\"skip\":\"Zum Inhalt\"}", EN, LB);
	expect_error("de.json: key nav.login is missing", "fr.json");
	write_set(FR, DE, "{\"nav\":{\"home\":\"Home\",\"login\":\"Log in\"},\"start\":{\"title\":\"Welcome\"},"
			  "\"footer\":{\"privacy\":\"Privacy\"}}", LB);
	expect_error("en.json: key skip is missing", NULL);
}

static void test_extra_key(void **state)
{
	write_set(FR, DE, "{\"nav\":{\"home\":\"Home\",\"login\":\"Log in\",\"help\":\"Help\"},"
			  "\"start\":{\"title\":\"Welcome\"},\"footer\":{\"privacy\":\"Privacy\"},\"skip\":\"Skip\"}", LB);
	expect_error("en.json: extra key nav.help", "fr.json");
	write_set(FR, DE, EN, "{\"nav\":{\"home\":\"Startsäit\",\"login\":\"Aloggen\"},\"start\":{\"title\":\"W\"},"
			      "\"footer\":{\"cookies\":\"Cookien\"}}");
	expect_error("lb.json: extra key footer.cookies", NULL);
}

static void test_lb_must_cover_nav_and_start(void **state)
{
	write_set(FR, DE, EN, "{\"nav\":{\"home\":\"Startsäit\"},\"start\":{\"title\":\"Wëllkomm\"}}");
	expect_error("lb.json: key nav.login is missing", NULL);
	write_set(FR, DE, EN, "{\"nav\":{\"home\":\"Startsäit\",\"login\":\"Aloggen\"}}");
	expect_error("lb.json: key start is missing", NULL);
}

static void test_non_string_leaf(void **state)
{
	static const char *const leaves[] = {"42", "true", "null", "[\"a\"]", "1.5"};
	for (size_t k = 0; k < sizeof(leaves) / sizeof(leaves[0]); k++) {
		char de[512];
		snprintf(de, sizeof(de),
			 "{\"nav\":{\"home\":\"Startseite\",\"login\":%s},\"start\":{\"title\":\"Willkommen\"},"
			 "\"footer\":{\"privacy\":\"Datenschutz\"},\"skip\":\"Zum Inhalt\"}",
			 leaves[k]);
		write_set(FR, de, EN, LB);
		expect_error("de.json: key nav.login is not a string or an object", NULL);
	}
	write_set(FR, DE, EN, "[\"nav\"]");
	expect_error("lb.json: not a JSON object", NULL);
}

static void test_shape_mismatch(void **state)
{
	write_set(FR, DE, "{\"nav\":{\"home\":\"Home\",\"login\":\"Log in\"},\"start\":{\"title\":\"Welcome\"},"
			  "\"footer\":\"Privacy\",\"skip\":\"Skip\"}", LB);
	expect_error("en.json: key footer is a string but an object in", "fr.json");
}

static void test_bad_files(void **state)
{
	write_set(FR, DE, EN, LB);
	write_file("fr.json", "{\n  \"nav\": {\"home\": \"Accueil\",}\n}");
	expect_error("fr.json:2:", NULL);
	write_file("fr.json", "{\"skip\":\"a\",\"skip\":\"b\"}");
	expect_error("fr.json:", "duplicate");
	write_file("fr.json", "{\"a.b\":\"x\"}");
	expect_error("fr.json: key \"a.b\"", NULL);
	write_file("fr.json", "{\"\":\"x\"}");
	expect_error("fr.json: key \"\"", NULL);
	write_file("fr.json", FR);
	char path[256];
	snprintf(path, sizeof(path), "%s/en.json", tmp);
	assert_int_equal(unlink(path), 0);
	expect_error("en.json: cannot be read", NULL);
}

static void test_too_deep(void **state)
{
	char doc[512] = "";
	for (int d = 0; d < GX_I18N_MAX_DEPTH + 1; d++)
		strcat(doc, "{\"a\":");
	strcat(doc, "\"x\"");
	for (int d = 0; d < GX_I18N_MAX_DEPTH + 1; d++)
		strcat(doc, "}");
	write_set(doc, DE, EN, LB);
	expect_error("fr.json: key a.a.a.a.a.a.a.a nests deeper", NULL);
}

static void make_dir(const char *rel)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", tmp, rel);
	assert_int_equal(mkdir(path, 0700), 0);
}

static void test_template_check(void **state)
{
	write_set(FR, DE, EN, LB);
	struct gx_i18n *i = load_fixture();
	char dir[128], err[512];
	snprintf(dir, sizeof(dir), "%s/tpl", tmp);
	make_dir("tpl");
	make_dir("tpl/pages");
	write_file("tpl/layout.mustache",
		   "<a href=\"#main\">{{t.skip}}</a>\n<nav aria-label=\"{{ t.nav.home }}\">\n"
		   "{{#t.nav}}<a>{{home}}</a>{{/t.nav}}{{^t.start}}none{{/t.start}}\n"
		   "{{{t.start.title}}} {{&t.footer.privacy}} {{! t.not.checked }} {{user.name}} {{>partial}}\n"
		   "{{=<% %>=}}<%t.nav.login%> {{t.ignored.now}}<%={{ }}=%>{{t.skip}}\n");
	write_file("tpl/pages/notes.txt", "{{t.not.a.template}}");
	write_file("tpl/pages/.hidden.mustache", "{{t.hidden.file}}");
	if (gx_i18n_check_templates(i, dir, err, sizeof(err)) != 0)
		fail_msg("template check: %s", err);

	/* a key missing everywhere, reported with file and line */
	write_file("tpl/pages/start.mustache", "<h1>{{t.start.title}}</h1>\n\n<p>\n{{t.start.lede}}</p>\n");
	assert_int_equal(gx_i18n_check_templates(i, dir, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "tpl/pages/start.mustache:4: t.start.lede is missing in fr"));
	assert_null(strstr(err, "more"));

	/* a variable naming an object; and two problems counted */
	write_file("tpl/pages/start.mustache", "{{t.nav}}\n{{#t.nope}}x{{/t.nope}}");
	assert_int_equal(gx_i18n_check_templates(i, dir, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "start.mustache:1: t.nav is an object in fr, not a string"));
	assert_non_null(strstr(err, "(and 1 more)"));

	/* line numbers count newlines inside earlier tags and after delimiter changes */
	write_file("tpl/pages/start.mustache", "{{!\n\n}}{{=| |=}}\n|t.nav.home|\n|t.start.x|");
	assert_int_equal(gx_i18n_check_templates(i, dir, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "start.mustache:5: t.start.x is missing"));

	assert_int_equal(gx_i18n_check_templates(i, "/nonexistent/templates", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "/nonexistent/templates"));
	gx_i18n_free(i);
}

static void test_template_check_lb_only(void **state)
{
	/* a key only lb lacks is still there after the German fallback */
	write_set(FR, DE, EN, LB);
	struct gx_i18n *i = load_fixture();
	char dir[128], err[512];
	snprintf(dir, sizeof(dir), "%s/tpl2", tmp);
	make_dir("tpl2");
	write_file("tpl2/a.mustache", "{{t.footer.privacy}}");
	assert_int_equal(gx_i18n_check_templates(i, dir, err, sizeof(err)), 0);
	gx_i18n_free(i);
}

static void test_real_templates(void **state)
{
	struct stat st;
	if (stat("templates", &st) != 0 || !S_ISDIR(st.st_mode))
		skip();
	struct gx_i18n *i = NULL;
	char err[512] = "";
	if (gx_i18n_load("i18n", &i, err, sizeof(err)) != 0)
		fail_msg("i18n/: %s", err);
	if (gx_i18n_check_templates(i, "templates", err, sizeof(err)) != 0)
		fail_msg("templates/: %s", err);
	gx_i18n_free(i);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_catalogs),
		cmocka_unit_test_setup_teardown(test_fixture_loads, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lb_fallback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_extra_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lb_must_cover_nav_and_start, setup, teardown),
		cmocka_unit_test_setup_teardown(test_non_string_leaf, setup, teardown),
		cmocka_unit_test_setup_teardown(test_shape_mismatch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_too_deep, setup, teardown),
		cmocka_unit_test_setup_teardown(test_template_check, setup, teardown),
		cmocka_unit_test_setup_teardown(test_template_check_lb_only, setup, teardown),
		cmocka_unit_test(test_real_templates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
