/* The letter box's document types (lb_types.h) and the search's folding
 * (lb_fold.h): the shipped file loads, a broken one is refused naming the
 * member; titles fold to lower case without accents, the same bytes for the
 * same text, never past their end. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/lb_fold.h"
#include "core/lb_types.h"

static void test_shipped_types(void **state)
{
	struct gx_lb_types t;
	char err[256];
	assert_int_equal(gx_lb_types_load(&t, "etc/letterbox.json", NULL, err, sizeof(err)), 0);
	const struct gx_lb_type *a = gx_lb_type_find(&t, "acd", "tax-assessment");
	assert_non_null(a);
	assert_string_equal(gx_lb_type_title(a, "de"), "Steuerbescheide");
	assert_string_equal(gx_lb_type_title(a, "lb"), "Steuerbescheide");
	assert_int_equal(a->reminder_days, 7);
	assert_null(gx_lb_type_find(&t, "cns", "tax-assessment"));
	const struct gx_lb_type *d = gx_lb_type_find(&t, "cns", "decision");
	assert_non_null(d);
	assert_true(d->decision);
	gx_lb_types_free(&t);
}

static void refused(const char *text, const char *where)
{
	char path[] = "/tmp/gx-lb-types-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	struct gx_lb_types t;
	char err[256];
	assert_int_equal(gx_lb_types_load(&t, path, NULL, err, sizeof(err)), -1);
	unlink(path);
	if (strstr(err, where) == NULL)
		fail_msg("%s: expected %s", err, where);
}

static void test_broken_files_refused(void **state)
{
	refused("{\"types\": [{\"organisation\": \"acd\", \"id\": \"x\", \"retention_days\": 1}]}", "/types/0");
	refused("{\"types\": [{\"organisation\": \"acd\", \"id\": \"Bad Id\", \"titles\": {\"fr\": \"a\", \"de\": \"b\", "
		"\"en\": \"c\"}, \"retention_days\": 1}]}",
		"/types/0/id");
	refused("{\"types\": [{\"organisation\": \"acd\", \"id\": \"decision\", \"titles\": {\"fr\": \"a\", \"de\": \"b\", "
		"\"en\": \"c\"}, \"retention_days\": 1}]}",
		"/types/0/id");
	const char *one = "{\"organisation\": \"acd\", \"id\": \"x\", \"titles\": {\"fr\": \"a\", \"de\": \"b\", \"en\": "
			  "\"c\"}, \"retention_days\": 1}";
	char twice[512];
	snprintf(twice, sizeof(twice), "{\"types\": [%s, %s]}", one, one);
	refused(twice, "/types/1/id");
	refused("{\"colour\": 1}", "/colour");
	refused("not json", "");
}

static void test_fold(void **state)
{
	char out[64];
	assert_int_equal(gx_lb_fold("Avis d'Impôt ÉTÉ", strlen("Avis d'Impôt ÉTÉ"), out, sizeof(out)),
			 strlen("avis d'impot ete"));
	assert_string_equal(out, "avis d'impot ete");
	gx_lb_fold("Łódź Müller-Gonçalves Straße", strlen("Łódź Müller-Gonçalves Straße"), out, sizeof(out));
	assert_string_equal(out, "lodz muller-goncalves straße");
	gx_lb_fold("Παπαδόπουλος", strlen("Παπαδόπουλος"), out, sizeof(out));
	assert_string_equal(out, "Παπαδόπουλος"); /* beyond Latin: as it is */
	gx_lb_fold("ab\xff\xc3", 4, out, sizeof(out));
	assert_string_equal(out, "ab"); /* invalid bytes dropped */
	gx_lb_fold("abcdef", 6, out, 4);
	assert_string_equal(out, "abc");
	assert_true(gx_lb_text_ok("Avis", 4, 1, 10));
	assert_false(gx_lb_text_ok("", 0, 1, 10));
	assert_false(gx_lb_text_ok("a\nb", 3, 1, 10));
	assert_false(gx_lb_text_ok("a\xc2\x85", 3, 1, 10)); /* NEL, a C1 control */
	assert_false(gx_lb_text_ok("\xe2\x80\xa8", 3, 1, 10)); /* line separator */
	assert_false(gx_lb_text_ok("\xc3", 1, 1, 10));
	assert_false(gx_lb_text_ok("abcdefghijk", 11, 1, 10));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_types),
		cmocka_unit_test(test_broken_files_refused),
		cmocka_unit_test(test_fold),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
