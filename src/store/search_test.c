/* The procedure search in the store, on SQLite (FTS5) and PostgreSQL (full-
 * text search): rows refreshed once per fingerprint, words ANDed, each
 * word's terms ORed, prefixes, one language at a time, the title ranked
 * above the rest, and words that look like query syntax taken as words. */
#include "store/store.h"
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

static const struct gx_search_doc docs[] = {
	{"child-benefit", "en", "child benefit family allowance", "kannergeld children", "money for each child"},
	{"child-benefit", "fr", "allocations familiales", "kannergeld enfant", "argent pour chaque enfant"},
	{"residence", "en", "certificate of residence", "address", "proof of where you live child"},
	{"residence", "fr", "certificat de residence", "adresse domicile", "preuve de votre adresse"},
	{"dog", "en", "dog registration", "pet", "declare your dog and pay the tax"},
};

struct refresh {
	const struct gx_search_doc *d;
	size_t n;
	const char *fp;
	bool changed;
};

static enum gx_db_status refresh_fn(struct gx_store_conn *c, void *arg)
{
	struct refresh *r = arg;
	return gx_store_search_refresh(c, r->d, r->n, r->fp, 1, &r->changed);
}

static bool refresh(const struct gx_search_doc *d, size_t n, const char *fp)
{
	struct refresh r = {d, n, fp, false};
	assert_true(gx_store_run_tx(conn, true, refresh_fn, &r) >= 0);
	return r.changed;
}

static int setup(void **state)
{
	store = gx_test_store_open(&tdb);
	conn = gx_store_conn_open(store);
	return 0;
}

static int teardown(void **state)
{
	gx_store_conn_close(conn);
	gx_store_close(store);
	gx_test_db_remove(&tdb);
	return 0;
}

/* Searches lang for groups given as "a|b* c" (words by spaces, terms by |, * a prefix); ids joined by ','. */
static long find(const char *lang, const char *query, char *ids, size_t cap)
{
	struct gx_search_group groups[GX_SEARCH_GROUPS_MAX];
	struct gx_search_term terms[GX_SEARCH_GROUPS_MAX][GX_SEARCH_TERMS_MAX];
	char words[GX_SEARCH_GROUPS_MAX][GX_SEARCH_TERMS_MAX][GX_SEARCH_WORD_MAX + 1];
	char copy[256];
	snprintf(copy, sizeof(copy), "%s", query);
	size_t ng = 0;
	char *s1 = NULL;
	for (char *w = strtok_r(copy, " ", &s1); w != NULL; w = strtok_r(NULL, " ", &s1), ng++) {
		size_t nt = 0;
		char *s2 = NULL;
		for (char *t = strtok_r(w, "|", &s2); t != NULL; t = strtok_r(NULL, "|", &s2), nt++) {
			size_t len = strlen(t);
			bool prefix = len > 0 && t[len - 1] == '*';
			snprintf(words[ng][nt], sizeof(words[ng][nt]), "%.*s", (int)(len - prefix), t);
			terms[ng][nt] = (struct gx_search_term){words[ng][nt], prefix};
		}
		groups[ng] = (struct gx_search_group){terms[ng], nt};
	}
	struct gx_search_hit hits[8];
	long n = gx_store_search(conn, lang, groups, ng, hits, 8);
	ids[0] = '\0';
	for (long i = 0; i < n && i < 8; i++)
		snprintf(ids + strlen(ids), cap - strlen(ids), "%s%s", i > 0 ? "," : "", hits[i].procedure_id);
	return n;
}

static void test_search(void **state)
{
	char ids[256];
	assert_true(refresh(docs, 5, "one"));
	assert_false(refresh(docs, 5, "one")); /* the same definitions: nothing written */

	assert_int_equal(find("en", "child", ids, sizeof(ids)), 2);
	assert_string_equal(ids, "child-benefit,residence"); /* in the title beats in the body */
	assert_int_equal(find("en", "kannergeld", ids, sizeof(ids)), 1);
	assert_string_equal(ids, "child-benefit");
	assert_int_equal(find("fr", "kannergeld", ids, sizeof(ids)), 1);
	/* every word must match; a word's terms are alternatives */
	assert_int_equal(find("en", "child proof", ids, sizeof(ids)), 1);
	assert_string_equal(ids, "residence");
	assert_int_equal(find("en", "cat|dog", ids, sizeof(ids)), 1);
	assert_string_equal(ids, "dog");
	/* a prefix, and not without the star */
	assert_int_equal(find("en", "regis*", ids, sizeof(ids)), 1);
	assert_int_equal(find("en", "regis", ids, sizeof(ids)), 0);
	assert_int_equal(find("fr", "resid*", ids, sizeof(ids)), 1);
	assert_string_equal(ids, "residence");
	/* one language at a time */
	assert_int_equal(find("de", "child", ids, sizeof(ids)), 0);
	assert_int_equal(find("fr", "dog", ids, sizeof(ids)), 0);
	/* what looks like query syntax is a word like any other */
	assert_int_equal(find("en", "NOT", ids, sizeof(ids)), 0);
	assert_int_equal(find("en", "dog|OR", ids, sizeof(ids)), 1);
	assert_int_equal(find("en", "child\")|NEAR(x", ids, sizeof(ids)), 2);
	assert_int_equal(find("en", "'&|!:*", ids, sizeof(ids)), 0);

	/* fewer asked than found: the best ones, and how many there are */
	struct gx_search_term child = {"child", false};
	struct gx_search_group one = {&child, 1};
	struct gx_search_hit best;
	assert_int_equal(gx_store_search(conn, "en", &one, 1, &best, 1), 2);
	assert_string_equal(best.procedure_id, "child-benefit");
	/* other definitions: the rows are replaced */
	const struct gx_search_doc other[] = {{"bike", "en", "bicycle subsidy", "bike", "money for a bike"}};
	assert_true(refresh(other, 1, "two"));
	assert_int_equal(find("en", "child", ids, sizeof(ids)), 0);
	assert_int_equal(find("en", "bike", ids, sizeof(ids)), 1);
	assert_string_equal(ids, "bike");
	/* the caller's shape is checked */
	assert_true(gx_store_search(conn, "en", NULL, 0, NULL, 0) < 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_search),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
