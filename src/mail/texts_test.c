/** Tests of the notification texts: the shipped catalogs load and say
 *  what issue 13 asks in fr, de and en; parameters are checked; a catalog
 *  that would put anything else in a mail (an unknown placeholder, a kind
 *  missing, a required placeholder left out, a control character) is
 *  refused with the key named. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "mail/texts.h"

static json_t *catalog(const char *lang)
{
	char path[64];
	snprintf(path, sizeof(path), "i18n/%s.json", lang);
	json_error_t e;
	json_t *c = json_load_file(path, 0, &e);
	assert_non_null(c);
	return c;
}

static struct gx_mail_texts *shipped(void)
{
	struct gx_mail_texts *t = gx_mail_texts_new();
	char err[256];
	const char *langs[] = {"fr", "de", "en"};
	for (int i = 0; i < 3; i++) {
		json_t *c = catalog(langs[i]);
		int rc = gx_mail_texts_add(t, langs[i], c, err, sizeof(err));
		if (rc != 0)
			fail_msg("%s", err);
		json_decref(c);
	}
	return t;
}

static void compose(const struct gx_mail_texts *t, const char *lang, enum gx_mail_kind k,
		    const struct gx_mail_params *p, char *subject, char *body, size_t cap)
{
	struct gx_buf s = GX_BUF_INIT, b = GX_BUF_INIT;
	enum gx_mail_fault f;
	assert_int_equal(gx_mail_texts_compose(t, lang, k, p, &s, &b, &f), 0);
	snprintf(subject, cap, "%s", gx_buf_cstr(&s));
	snprintf(body, cap, "%s", gx_buf_cstr(&b));
	gx_buf_free(&s);
	gx_buf_free(&b);
}

static void test_shipped_catalogs(void **state)
{
	struct gx_mail_texts *t = shipped();
	struct gx_mail_params p = {.organisation = "Commune de Mersch", .title = "Tax notice 2024"};
	char subject[512], body[2048];
	compose(t, "en", GX_MAIL_DOCUMENT, &p, subject, body, sizeof(body));
	assert_string_equal(subject, "New document in your Guichet letter box");
	assert_non_null(
		strstr(body, "You have a new document from Commune de Mersch in your Guichet letter box: Tax notice 2024"));
	compose(t, "en", GX_MAIL_REQUEST, &p, subject, body, sizeof(body));
	assert_non_null(strstr(body, "Commune de Mersch asks you for more information about one of your procedures"));
	assert_null(strstr(body, "Tax notice")); /* a title given to a kind without one stays out */
	compose(t, "en", GX_MAIL_DECISION, &p, subject, body, sizeof(body));
	assert_non_null(strstr(body, "Commune de Mersch decided on one of your procedures"));
	compose(t, "de", GX_MAIL_DOCUMENT, &p, subject, body, sizeof(body));
	assert_string_equal(subject, "Neues Dokument in Ihrem Guichet-Postfach");
	compose(t, "fr", GX_MAIL_DOCUMENT, &p, subject, body, sizeof(body));
	assert_string_equal(subject, "Nouveau document dans votre boîte aux lettres Guichet");

	/* every kind in every language: no link, no placeholder left, the site named */
	const char *langs[] = {"fr", "de", "en"};
	struct gx_mail_params all = {.organisation = "CNS", .title = "Décompte", .date = "2024-06-30",
				     .code = "012345", .minutes = "15", .reference = "2026-GX-000123"};
	for (int l = 0; l < 3; l++)
		for (int k = 0; k < GX_MAIL_KIND__COUNT; k++) {
			compose(t, langs[l], (enum gx_mail_kind)k, &all, subject, body, sizeof(body));
			assert_null(strstr(body, "http"));
			assert_null(strstr(body, "www."));
			assert_null(strchr(body, '{'));
			assert_null(strchr(subject, '{'));
			assert_non_null(strstr(body, "Guichet"));
		}
	/* a receipt: the procedure, the organisation, the day, the reference; nothing else */
	compose(t, "en", GX_MAIL_RECEIPT, &all, subject, body, sizeof(body));
	assert_string_equal(subject, "Your application \"Décompte\" was received – reference 2026-GX-000123");
	assert_non_null(strstr(body, "CNS received your application \"Décompte\" on 2024-06-30."));
	all.reference = "2026-GX-12";
	assert_int_equal(gx_mail_params_check(GX_MAIL_RECEIPT, &all), GX_MAIL_FAULT_PARAM);
	all.reference = "2026-GX-000123\nBcc: x@example.org";
	assert_int_equal(gx_mail_params_check(GX_MAIL_RECEIPT, &all), GX_MAIL_FAULT_PARAM);
	all.reference = "2026-GX-000123";
	compose(t, "de", GX_MAIL_CODE, &all, subject, body, sizeof(body));
	assert_non_null(strstr(body, "012345"));
	assert_non_null(strstr(body, "15 Minuten"));
	/* a language not added: the first one's texts */
	assert_string_equal(gx_mail_texts_lang(t, "it"), "fr");
	assert_string_equal(gx_mail_texts_lang(t, "de"), "de");
	compose(t, "it", GX_MAIL_TEST, &all, subject, body, sizeof(body));
	assert_non_null(strstr(subject, "message de test"));
	gx_mail_texts_free(t);
}

static void test_params_checked(void **state)
{
	struct gx_mail_texts *t = shipped();
	struct gx_buf s = GX_BUF_INIT, b = GX_BUF_INIT;
	enum gx_mail_fault f;
	struct gx_mail_params p = {.organisation = "Commune", .title = "Line\r\nBcc: x@example.org"};
	assert_int_equal(gx_mail_texts_compose(t, "en", GX_MAIL_DOCUMENT, &p, &s, &b, &f), -1);
	assert_int_equal(f, GX_MAIL_FAULT_PARAM);
	p.title = NULL;
	assert_int_equal(gx_mail_params_check(GX_MAIL_DOCUMENT, &p), GX_MAIL_FAULT_PARAM);
	p.title = "";
	assert_int_equal(gx_mail_params_check(GX_MAIL_DOCUMENT, &p), GX_MAIL_FAULT_PARAM);
	char long_title[GX_MAIL_PARAM_MAX + 2];
	memset(long_title, 't', sizeof(long_title) - 1);
	long_title[sizeof(long_title) - 1] = '\0';
	p.title = long_title;
	assert_int_equal(gx_mail_params_check(GX_MAIL_DOCUMENT, &p), GX_MAIL_FAULT_PARAM);
	long_title[GX_MAIL_PARAM_MAX] = '\0';
	assert_int_equal(gx_mail_params_check(GX_MAIL_DOCUMENT, &p), GX_MAIL_FAULT_NONE);
	struct gx_mail_params c = {.code = "12345", .minutes = "15"};
	assert_int_equal(gx_mail_params_check(GX_MAIL_CODE, &c), GX_MAIL_FAULT_PARAM);
	c.code = "12345a";
	assert_int_equal(gx_mail_params_check(GX_MAIL_CODE, &c), GX_MAIL_FAULT_PARAM);
	c.code = "123456";
	assert_int_equal(gx_mail_params_check(GX_MAIL_CODE, &c), GX_MAIL_FAULT_NONE);
	c.minutes = "ten";
	assert_int_equal(gx_mail_params_check(GX_MAIL_CODE, &c), GX_MAIL_FAULT_PARAM);
	assert_int_equal(gx_mail_params_check(GX_MAIL_TEST, &(struct gx_mail_params){0}), GX_MAIL_FAULT_NONE);
	assert_int_equal(gx_mail_params_check(GX_MAIL_KIND__COUNT, &p), GX_MAIL_FAULT_KIND);
	gx_buf_free(&s);
	gx_buf_free(&b);
	gx_mail_texts_free(t);
}

/* Adding en's catalog with one change at path (a, b) must fail naming key. */
static void expect_refused(const char *a, const char *b, json_t *value, const char *key)
{
	json_t *c = catalog("en");
	json_t *o = json_object_get(json_object_get(c, "mail"), a);
	if (b == NULL)
		json_object_set_new(json_object_get(c, "mail"), a, value);
	else if (value == NULL)
		json_object_del(o, b);
	else
		json_object_set_new(o, b, value);
	struct gx_mail_texts *t = gx_mail_texts_new();
	char err[256] = "";
	assert_int_equal(gx_mail_texts_add(t, "en", c, err, sizeof(err)), -1);
	if (strstr(err, key) == NULL)
		fail_msg("expected %s in: %s", key, err);
	/* the failed language is not half added */
	assert_false(gx_mail_texts_has(t, "en"));
	gx_mail_texts_free(t);
	json_decref(c);
}

static void test_bad_catalogs(void **state)
{
	expect_refused("document", "body", json_string("Dear {name}, a document: {title} from {organisation}"),
		       "unknown placeholder {name}");
	expect_refused("request", "body", json_string("{organisation} asks about {title}"),
		       "en: mail.request.body: unknown placeholder {title}");
	expect_refused("document", "body", json_string("A document from {organisation}"),
		       "mail.document: does not use {title}");
	expect_refused("code", "body", json_string("Your code works for {minutes} minutes."), "does not use {code}");
	expect_refused("document", "subject", json_string("Two\nlines"), "mail.document.subject: holds a control");
	expect_refused("document", "body", json_string("tab\there {organisation} {title}"), "mail.document.body");
	expect_refused("document", "body", json_string("a } alone {organisation} {title}"), "'}'");
	expect_refused("decision", "subject", NULL, "mail.decision.subject: missing");
	expect_refused("decision", NULL, json_string("not an object"), "mail.decision: missing or not an object");
	expect_refused("footer", NULL, json_string("See {title}"), "mail.footer: unknown placeholder");
	expect_refused("reminder", NULL, json_null(), "mail.reminder");
}

static void test_kind_names(void **state)
{
	enum gx_mail_kind k;
	assert_int_equal(gx_mail_kind_from_name("decision", &k), 0);
	assert_int_equal(k, GX_MAIL_DECISION);
	assert_int_equal(gx_mail_kind_from_name("letter", &k), -1);
	assert_int_equal(gx_mail_kind_from_name(NULL, &k), -1);
	for (int i = 0; i < GX_MAIL_KIND__COUNT; i++)
		assert_non_null(gx_mail_kind_name((enum gx_mail_kind)i));
	assert_null(gx_mail_kind_name(GX_MAIL_KIND__COUNT));
	/* no language added: nothing can be composed */
	struct gx_mail_texts *t = gx_mail_texts_new();
	struct gx_buf s = GX_BUF_INIT, b = GX_BUF_INIT;
	enum gx_mail_fault f;
	assert_int_equal(gx_mail_texts_compose(t, "fr", GX_MAIL_TEST, &(struct gx_mail_params){0}, &s, &b, &f), -1);
	assert_int_equal(f, GX_MAIL_FAULT_KIND);
	assert_null(gx_mail_texts_lang(t, "fr"));
	gx_mail_texts_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_catalogs),
		cmocka_unit_test(test_params_checked),
		cmocka_unit_test(test_bad_catalogs),
		cmocka_unit_test(test_kind_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
