/** Tests of the person's answer to a definition's reuse in the submission
 *  validator: required (in the person's language) and a boolean; No makes
 *  the "instead" fields required, Yes does not; the answer is kept in the
 *  normalised answers (so in the signed receipt, which hashes them); a
 *  definition without reuse drops it. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "procedures/validate.h"

#define TODAY "2026-03-01"

/* A housing aid: the ministry may read the household from the persons
 * register, or the person attaches a certificate (and, inside the
 * children's group, nothing changes). */
static const char with_reuse[] =
	"{\"id\": \"housing-aid\", \"version\": 1, \"organisation\": \"commune\","
	" \"steps\": ["
	"  {\"id\": \"you\", \"fields\": ["
	"   {\"id\": \"given_name\", \"kind\": \"text\", \"required\": true},"
	"   {\"id\": \"children\", \"kind\": \"group\", \"fields\": [{\"id\": \"name\", \"kind\": \"text\"}]}]},"
	"  {\"id\": \"documents\", \"fields\": ["
	"   {\"id\": \"household_certificate\", \"kind\": \"file\", \"file\": {\"types\": [\"application/pdf\"], \"max_files\": 2}},"
	"   {\"id\": \"tenancy\", \"kind\": \"text\"},"
	"   {\"id\": \"note\", \"kind\": \"text\"}]}],"
	" \"reuse\": {\"registers\": [{\"source\": \"persons\", \"attributes\": [\"children\", \"partner\"]}],"
	"  \"purpose\": {\"fr\": \"p\", \"de\": \"p\", \"en\": \"p\"}, \"legal_basis\": {\"fr\": \"l\", \"de\": \"l\", \"en\": \"l\"},"
	"  \"validity_days\": 365, \"instead\": [\"household_certificate\", \"tenancy\"]}}";

static const char *const cert = "[\"att_0123456789abcdef\"]";

static json_t *definition, *without;

static int setup(void **state)
{
	json_error_t e;
	definition = json_loads(with_reuse, 0, &e);
	if (definition == NULL) {
		fprintf(stderr, "definition: %s at %d\n", e.text, e.column);
		return -1;
	}
	without = json_deep_copy(definition);
	json_object_del(without, "reuse");
	return 0;
}

static int teardown(void **state)
{
	json_decref(definition);
	json_decref(without);
	return 0;
}

/* data: a JSON object text. */
static json_t *check(const json_t *def, const char *data, const char *lang, json_t **norm)
{
	json_t *d = json_loads(data, 0, NULL);
	assert_non_null(d);
	json_t *errors = gx_submission_validate(def, d, NULL, lang, TODAY, norm);
	json_decref(d);
	assert_non_null(errors);
	return errors;
}

/* errors as "<pointer> <code>" lines, for one comparison. */
static void assert_errors(const json_t *errors, const char *want)
{
	char got[1024] = "";
	size_t n = 0, i;
	json_t *e;
	json_array_foreach(errors, i, e) {
		n += (size_t)snprintf(got + n, sizeof(got) - n, "%s%s %s", n > 0 ? "\n" : "",
				      json_string_value(json_object_get(e, "field")), json_string_value(json_object_get(e, "code")));
		assert_true(n < sizeof(got));
	}
	assert_string_equal(got, want);
}

static void test_missing(void **state)
{
	json_t *norm = NULL;
	json_t *errors = check(definition, "{\"given_name\": \"Marie\"}", "en", &norm);
	assert_errors(errors, "/reuse_consent required");
	assert_string_equal(json_string_value(json_object_get(json_array_get(errors, 0), "message")),
			    "Say whether the organisation may fetch these data from the registers itself");
	assert_null(json_object_get(norm, "reuse_consent"));
	json_decref(errors);
	json_decref(norm);
	/* null is no answer; the message in the person's language (lb reads de) */
	errors = check(definition, "{\"given_name\": \"Marie\", \"reuse_consent\": null}", "fr", NULL);
	assert_errors(errors, "/reuse_consent required");
	assert_string_equal(json_string_value(json_object_get(json_array_get(errors, 0), "message")),
			    "Indiquez si l'organisme peut obtenir lui-même ces données auprès des registres");
	json_decref(errors);
	errors = check(definition, "{\"given_name\": \"Marie\"}", "lb", NULL);
	assert_string_equal(json_string_value(json_object_get(json_array_get(errors, 0), "message")),
			    "Geben Sie an, ob die Behörde diese Daten selbst bei den Registern abrufen darf");
	json_decref(errors);
	/* after the fields' errors */
	errors = check(definition, "{}", "en", NULL);
	assert_errors(errors, "/given_name required\n/reuse_consent required");
	json_decref(errors);
}

static void test_not_a_boolean(void **state)
{
	const char *answers[] = {"\"yes\"", "\"true\"", "1", "0", "[true]", "{}", "\"\""};
	for (size_t i = 0; i < sizeof(answers) / sizeof(answers[0]); i++) {
		char data[128];
		json_t *norm = NULL;
		snprintf(data, sizeof(data), "{\"given_name\": \"Marie\", \"reuse_consent\": %s}", answers[i]);
		json_t *errors = check(definition, data, "en", &norm);
		assert_errors(errors, "/reuse_consent wrong_type");
		assert_string_equal(json_string_value(json_object_get(json_array_get(errors, 0), "message")),
				    "Answer yes or no");
		/* not a No either: the instead fields stay optional */
		assert_null(json_object_get(norm, "reuse_consent"));
		json_decref(errors);
		json_decref(norm);
	}
}

static void test_no(void **state)
{
	/* No without what is asked instead: each required, on its own step */
	json_t *norm = NULL;
	json_t *errors = check(definition, "{\"given_name\": \"Marie\", \"reuse_consent\": false}", "en", &norm);
	assert_errors(errors, "/household_certificate required\n/tenancy required");
	json_decref(errors);
	json_decref(norm);
	errors = check(definition, "{\"given_name\": \"Marie\", \"reuse_consent\": false, \"tenancy\": \"  \","
				   " \"household_certificate\": []}", "en", NULL);
	assert_errors(errors, "/household_certificate required\n/tenancy required");
	json_decref(errors);
	/* No with them: valid, the answer kept */
	char data[256];
	snprintf(data, sizeof(data),
		 "{\"given_name\": \"Marie\", \"reuse_consent\": false, \"tenancy\": \"since 2020\","
		 " \"household_certificate\": %s}", cert);
	errors = check(definition, data, "en", &norm);
	assert_errors(errors, "");
	assert_true(json_is_false(json_object_get(norm, "reuse_consent")));
	assert_string_equal(json_string_value(json_object_get(norm, "tenancy")), "since 2020");
	/* the text the receipt's hash is computed over (core/submissions.c) holds the choice */
	char *text = json_dumps(norm, JSON_COMPACT | JSON_SORT_KEYS);
	assert_non_null(strstr(text, "\"reuse_consent\":false"));
	free(text);
	json_decref(errors);
	json_decref(norm);
	/* a group's item may not answer for the person: reuse_consent is unknown there */
	errors = check(definition, "{\"given_name\": \"Marie\", \"reuse_consent\": true,"
				   " \"children\": [{\"name\": \"Paul\", \"reuse_consent\": false}]}", "en", NULL);
	assert_errors(errors, "/children/0/reuse_consent unknown_field");
	json_decref(errors);
}

static void test_yes(void **state)
{
	json_t *norm = NULL;
	json_t *errors = check(definition, "{\"given_name\": \"Marie\", \"reuse_consent\": true}", "en", &norm);
	assert_errors(errors, "");
	assert_true(json_is_true(json_object_get(norm, "reuse_consent")));
	char *text = json_dumps(norm, JSON_COMPACT | JSON_SORT_KEYS);
	assert_string_equal(text, "{\"given_name\":\"Marie\",\"reuse_consent\":true}");
	free(text);
	json_decref(errors);
	json_decref(norm);
	/* what was given anyway is kept, still checked */
	errors = check(definition, "{\"given_name\": \"Marie\", \"reuse_consent\": true, \"tenancy\": 5}", "en", &norm);
	assert_errors(errors, "/tenancy wrong_type");
	json_decref(errors);
	json_decref(norm);
}

static void test_without_reuse(void **state)
{
	/* the answer is dropped, whatever it is: no error, not in the answers */
	const char *answers[] = {"true", "false", "\"maybe\""};
	for (size_t i = 0; i < sizeof(answers) / sizeof(answers[0]); i++) {
		char data[128];
		json_t *norm = NULL;
		snprintf(data, sizeof(data), "{\"given_name\": \"Marie\", \"reuse_consent\": %s}", answers[i]);
		json_t *errors = check(without, data, "en", &norm);
		assert_errors(errors, "");
		assert_null(json_object_get(norm, "reuse_consent"));
		json_decref(errors);
		json_decref(norm);
	}
	/* and nothing is asked instead */
	json_t *errors = check(without, "{\"given_name\": \"Marie\"}", "en", NULL);
	assert_errors(errors, "");
	json_decref(errors);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_missing),     cmocka_unit_test(test_not_a_boolean), cmocka_unit_test(test_no),
		cmocka_unit_test(test_yes),         cmocka_unit_test(test_without_reuse),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
