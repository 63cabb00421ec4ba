/* The catalogue's search over the shipped definitions, on SQLite and
 * PostgreSQL: accents and case aside, Luxembourgish keywords in every
 * language, prefixes, typos, ranking; the typo distance and the plan. */
#include "core/search.h"
#include "store/store_testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

static struct gx_test_db tdb;
static struct gx_store *store;
static struct gx_store_conn *conn;
static struct gx_procedure_catalog *cat;
static struct gx_search_vocab *vocab;

static int setup(void **state)
{
	char err[512];
	if (gx_procedure_catalog_load("procedures", "registers", &cat, err, sizeof(err)) != 0)
		fail_msg("catalog: %s", err);
	vocab = gx_search_vocab_build(cat);
	assert_non_null(vocab);
	store = gx_test_store_open(&tdb);
	conn = gx_store_conn_open(store);
	bool changed;
	assert_true(gx_search_index(conn, cat, 1, &changed) >= 0);
	assert_true(changed);
	assert_true(gx_search_index(conn, cat, 2, &changed) >= 0);
	assert_false(changed); /* a second start with the same definitions writes nothing */
	return 0;
}

static int teardown(void **state)
{
	gx_store_conn_close(conn);
	gx_store_close(store);
	gx_test_db_remove(&tdb);
	gx_search_vocab_free(vocab);
	gx_procedure_catalog_free(cat);
	return 0;
}

/* The first result's id for query in lang ("" when none); *total the count. */
static const char *first(const char *lang, const char *query, long *total)
{
	static struct gx_search_result r;
	assert_int_equal(gx_search_procedures(conn, vocab, query, lang, &r), 0);
	if (total != NULL)
		*total = r.total;
	return r.n > 0 ? r.hits[0].procedure_id : "";
}

static bool found(const char *lang, const char *query, const char *id)
{
	static struct gx_search_result r;
	assert_int_equal(gx_search_procedures(conn, vocab, query, lang, &r), 0);
	for (size_t i = 0; i < r.n; i++)
		if (strcmp(r.hits[i].procedure_id, id) == 0)
			return true;
	return false;
}

static void test_distance(void **state)
{
	assert_int_equal(gx_search_distance("residence", 9, "residence", 9, 2), 0);
	assert_int_equal(gx_search_distance("residance", 9, "residence", 9, 2), 1);  /* one wrong */
	assert_int_equal(gx_search_distance("resdience", 9, "residence", 9, 2), 1);  /* two swapped */
	assert_int_equal(gx_search_distance("residnce", 8, "residence", 9, 2), 1);   /* one missing */
	assert_int_equal(gx_search_distance("chlid", 5, "child", 5, 1), 1);
	assert_int_equal(gx_search_distance("dgo", 3, "dog", 3, 1), 1);
	assert_int_equal(gx_search_distance("cat", 3, "dog", 3, 1), 2);             /* above max: max + 1 */
	assert_int_equal(gx_search_distance("a", 1, "abcdef", 6, 2), 3);
}

static void test_plan(void **state)
{
	struct gx_search_plan p;
	assert_int_equal(gx_search_plan(vocab, "  Résidence,   CERTIFICAT d’ ", &p), 3);
	assert_string_equal(p.groups[0].terms[0].word, "residence");
	assert_true(p.groups[0].terms[0].prefix);
	assert_int_equal(p.groups[0].nterms, 1);          /* a known word: no typos looked for */
	assert_string_equal(p.groups[2].terms[0].word, "d");
	assert_false(p.groups[2].terms[0].prefix);        /* too short to be a prefix */
	/* an unknown word gets the words it may be a typo of */
	assert_int_equal(gx_search_plan(vocab, "residance", &p), 1);
	bool has = false;
	for (size_t i = 1; i < p.groups[0].nterms; i++)
		has |= strcmp(p.groups[0].terms[i].word, "residence") == 0;
	assert_true(has);
	/* repeated words once; at most GX_SEARCH_GROUPS_MAX; nothing to search */
	assert_int_equal(gx_search_plan(vocab, "dog dog DOG", &p), 1);
	assert_int_equal(gx_search_plan(vocab, "a b c d e f g h i j k l m", &p), GX_SEARCH_GROUPS_MAX);
	assert_int_equal(gx_search_plan(vocab, " … — ? ", &p), 0);
	assert_true(gx_search_vocab_size(vocab) > 500);
}

static void test_search(void **state)
{
	long total;
	/* accents and case aside */
	assert_string_equal(first("fr", "résidence", NULL), "certificate-of-residence");
	assert_string_equal(first("fr", "residence", NULL), "certificate-of-residence");
	assert_string_equal(first("fr", "RESIDENCE", NULL), "certificate-of-residence");
	assert_string_equal(first("en", "certificate of residence", NULL), "certificate-of-residence");
	assert_string_equal(first("de", "Wohnsitzbescheinigung", NULL), "certificate-of-residence");
	assert_string_equal(first("de", "fuhrerschein verlangerung", NULL), "driving-licence-renewal");
	/* Luxembourgish words in every language */
	for (const char *const *l = (const char *const[]){"fr", "de", "en", "lb", NULL}; *l != NULL; l++)
		assert_true(found(*l, "Kannergeld", "child-benefit"));
	/* prefixes; several words all needed */
	assert_true(found("fr", "allocation", "child-benefit"));
	first("en", "dog registration", &total);
	assert_int_equal(total, 1);
	/* typos, short words too */
	assert_string_equal(first("en", "certifcate residnce", NULL), "certificate-of-residence");
	assert_true(found("en", "chlid benefit", "child-benefit"));
	assert_true(found("en", "dgo", "dog-registration"));
	assert_true(found("de", "Hnud", "dog-registration"));
	/* nothing */
	first("en", "zzyzx qwertyuiop", &total);
	assert_int_equal(total, 0);
	first("en", "", &total);
	assert_int_equal(total, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_distance),
		cmocka_unit_test(test_plan),
		cmocka_unit_test(test_search),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
