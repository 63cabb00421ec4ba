/** Unit tests of a new draft's prefill: the registers' answers (as the
 *  prefill engine hands them over) and the person's self-declared data from
 *  the store, merged field by field: a register's value wins over a
 *  self-declared one unless the field says "prefer": "self"; a register that
 *  was declined, timed out or holds nothing leaves the field to the person's
 *  value, and the provenance says so. */

#include "core/prefill.h"
#include "sources/prefill.h"
#include "store/store.h"
#include "store/store_testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

static struct gx_test_db tdb;
static struct gx_store *store;
static struct gx_store_conn *conn;
static long long anne, ben;
static json_t *definition;

/* 2024-03-01T10:00:00Z */
#define DECLARED_AT 1709287200000000LL

static const char definition_text[] =
	"{\"steps\": [{\"id\": \"you\", \"fields\": ["
	" {\"id\": \"family_name\", \"kind\": \"text\", \"prefill\": {\"source\": \"persons\", \"attribute\": \"family_name\"}},"
	" {\"id\": \"employer\", \"kind\": \"text\", \"prefill\": {\"source\": \"social_security\","
	"  \"attribute\": \"employer_name\", \"self\": \"employer_name\"}},"
	" {\"id\": \"employer_mine\", \"kind\": \"text\", \"prefill\": {\"source\": \"social_security\","
	"  \"attribute\": \"employer_name\", \"self\": \"employer_name\"}, \"prefer\": \"self\"},"
	" {\"id\": \"occupation\", \"kind\": \"text\", \"prefill\": {\"source\": \"income_tax\","
	"  \"attribute\": \"tax_office\", \"self\": \"profession\"}},"
	" {\"id\": \"phone\", \"kind\": \"phone\", \"prefill\": {\"self\": \"phone\"}},"
	" {\"id\": \"email\", \"kind\": \"email\", \"prefill\": {\"self\": \"email\"}},"
	" {\"id\": \"language\", \"kind\": \"choice\", \"prefill\": {\"self\": \"preferred_language\"},"
	"  \"options\": [{\"value\": \"fr\"}, {\"value\": \"de\"}]},"
	" {\"id\": \"notes\", \"kind\": \"text\"}"
	"]}]}";

struct login {
	const char *national_id;
	long long person_id;
};

static enum gx_db_status do_login(struct gx_store_conn *c, void *arg)
{
	struct login *l = arg;
	struct gx_person_login in = {.national_id = l->national_id, .given_name = "A", .family_name = "B", .at_us = 1};
	long long space;
	return gx_store_person_login(c, &in, &l->person_id, &space);
}

static int setup(void **state)
{
	gx_test_db_make(&tdb);
	struct gx_store_config cfg;
	gx_test_config(&cfg, &tdb);
	char err[256];
	if (gx_store_open(&cfg, &store, err, sizeof(err)) != GX_STORE_OK)
		return -1;
	conn = gx_store_conn_open(store);
	struct login a = {"1985031410148", 0}, b = {"1972110213859", 0};
	if (conn == NULL || gx_store_run_tx(conn, true, do_login, &a) < 0 || gx_store_run_tx(conn, true, do_login, &b) < 0)
		return -1;
	anne = a.person_id;
	ben = b.person_id;
	/* Anne declared her employer, occupation, phone and a language the choice does not offer. */
	if (gx_store_self_declared_set(conn, anne, "employer_name", "Boulangerie Reuter", DECLARED_AT) < 0 ||
	    gx_store_self_declared_set(conn, anne, "profession", "Boulangère", DECLARED_AT) < 0 ||
	    gx_store_self_declared_set(conn, anne, "phone", "+352 621 999 999", DECLARED_AT) < 0 ||
	    gx_store_self_declared_set(conn, anne, "preferred_language", "lb", DECLARED_AT) < 0)
		return -1;
	json_error_t jerr;
	definition = json_loads(definition_text, 0, &jerr);
	return definition != NULL ? 0 : -1;
}

static int teardown(void **state)
{
	json_decref(definition);
	gx_store_conn_close(conn);
	gx_store_close(store);
	gx_test_db_remove(&tdb);
	return 0;
}

/* The registers of this test; income_tax is not configured: never asked. */
static struct gx_register persons = {.name = "persons"}, social_security = {.name = "social_security"};

/* What the prefill engine hands over: persons answered with a family name;
 * social_security ended with status, and when ok answered employer (NULL: JSON null). */
struct answers {
	struct gx_answer_value persons_values[1], ss_values[1];
	struct gx_prefill_source sources[2];
	struct gx_prefill pf;
	json_t *family_name, *employer;
};

static void answers_make(struct answers *a, enum gx_source_status status, const char *employer)
{
	memset(a, 0, sizeof(*a));
	a->family_name = json_string("Muller");
	a->employer = employer != NULL ? json_string(employer) : json_null();
	a->persons_values[0] = (struct gx_answer_value){.attribute = "family_name", .value = a->family_name,
							.as_of = "2020-05-04", .version = 2};
	a->ss_values[0] = (struct gx_answer_value){.attribute = "employer_name", .value = a->employer,
						   .as_of = "2025-11-02", .version = 3};
	a->sources[0] = (struct gx_prefill_source){.reg = &persons, .status = GX_SOURCE_OK,
						   .answer = {.nvalues = 1, .values = a->persons_values}};
	a->sources[1] = (struct gx_prefill_source){.reg = &social_security, .status = status};
	if (status == GX_SOURCE_OK)
		a->sources[1].answer = (struct gx_answer){.nvalues = 1, .values = a->ss_values};
	a->pf = (struct gx_prefill){.n = 2, .sources = a->sources};
}

static void answers_clear(struct answers *a)
{
	json_decref(a->family_name);
	json_decref(a->employer);
}

static const char *str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* Runs the prefill for person with the answers; data and provenance are new. */
static void run(long long person, const struct answers *a, json_t **data, json_t **prov)
{
	*data = json_object();
	*prov = json_object();
	assert_int_equal(gx_prefill_draft_values(conn, GX_ID(gx_person_id, person), definition, &a->pf, NULL, *data, *prov), 0);
}

static void test_register_wins_unless_prefer_self(void **state)
{
	struct answers a;
	answers_make(&a, GX_SOURCE_OK, "Luxair S.A.");
	json_t *data, *prov;
	run(anne, &a, &data, &prov);

	assert_string_equal(str(data, "family_name"), "Muller");
	assert_string_equal(str(json_object_get(prov, "family_name"), "source"), "persons");
	/* Both have a value: the register's, with its provenance. */
	assert_string_equal(str(data, "employer"), "Luxair S.A.");
	json_t *p = json_object_get(prov, "employer");
	assert_string_equal(str(p, "source"), "social_security");
	assert_string_equal(str(p, "attribute"), "employer_name");
	assert_string_equal(str(p, "as_of"), "2025-11-02");
	assert_int_equal(json_integer_value(json_object_get(p, "version")), 3);
	/* "prefer": "self": the person's, saying the register's was not preferred. */
	assert_string_equal(str(data, "employer_mine"), "Boulangerie Reuter");
	p = json_object_get(prov, "employer_mine");
	assert_string_equal(str(p, "source"), "self");
	assert_string_equal(str(p, "attribute"), "employer_name");
	assert_string_equal(str(p, "as_of"), "2024-03-01");
	assert_string_equal(str(json_object_get(p, "register"), "outcome"), "not_preferred");
	/* A register that is not configured here counts as unavailable. */
	assert_string_equal(str(data, "occupation"), "Boulangère");
	p = json_object_get(prov, "occupation");
	assert_string_equal(str(p, "source"), "self");
	assert_string_equal(str(json_object_get(p, "register"), "source"), "income_tax");
	assert_string_equal(str(json_object_get(p, "register"), "outcome"), "unavailable");
	/* Self-declared only. */
	assert_string_equal(str(data, "phone"), "+352 621 999 999");
	assert_string_equal(str(json_object_get(prov, "phone"), "source"), "self");
	assert_null(json_object_get(json_object_get(prov, "phone"), "register"));
	/* Nothing declared, a value that is not one of the options, no prefill: empty. */
	assert_null(json_object_get(data, "email"));
	assert_null(json_object_get(data, "language"));
	assert_null(json_object_get(data, "notes"));
	assert_int_equal(json_object_size(data), 5);
	assert_int_equal(json_object_size(prov), 5);
	json_decref(data);
	json_decref(prov);
	answers_clear(&a);
}

static void test_self_fills_when_register_gave_nothing(void **state)
{
	static const struct {
		enum gx_source_status status;
		const char *outcome;
	} cases[] = {
		{GX_SOURCE_DECLINED, "declined"}, {GX_SOURCE_TIMEOUT, "timeout"},
		{GX_SOURCE_UNAVAILABLE, "unavailable"}, {GX_SOURCE_BAD_ANSWER, "bad_answer"},
		{GX_SOURCE_OK, "no_value"}, /* answered JSON null */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct answers a;
		answers_make(&a, cases[i].status, NULL);
		json_t *data, *prov;
		run(anne, &a, &data, &prov);
		for (const char *const *id = (const char *const[]){"employer", "employer_mine", NULL}; *id != NULL; id++) {
			assert_string_equal(str(data, *id), "Boulangerie Reuter");
			json_t *p = json_object_get(prov, *id);
			assert_string_equal(str(p, "source"), "self");
			assert_string_equal(str(json_object_get(p, "register"), "source"), "social_security");
			assert_string_equal(str(json_object_get(p, "register"), "outcome"), cases[i].outcome);
		}
		/* The other register's value is untouched. */
		assert_string_equal(str(data, "family_name"), "Muller");
		json_decref(data);
		json_decref(prov);
		answers_clear(&a);
	}
}

static void test_another_person_gets_nothing_of_anne(void **state)
{
	struct answers a;
	answers_make(&a, GX_SOURCE_TIMEOUT, NULL);
	json_t *data, *prov;
	run(ben, &a, &data, &prov);
	/* Ben declared nothing: only the register that answered fills a field. */
	assert_int_equal(json_object_size(data), 1);
	assert_string_equal(str(data, "family_name"), "Muller");
	assert_int_equal(json_object_size(prov), 1);
	json_decref(data);
	json_decref(prov);
	answers_clear(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_register_wins_unless_prefer_self),
		cmocka_unit_test(test_self_fills_when_register_gave_nothing),
		cmocka_unit_test(test_another_person_gets_nothing_of_anne),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
