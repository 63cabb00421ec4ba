/** Unit tests of the statuses table (statuses.h): a valid table compiled
 *  and read back (initial, final, turn, transitions, next statuses), every
 *  refusal of the checker at its JSON Pointer, the tables of the shipped
 *  definitions, and the check that every status has a label. Run from the
 *  repository root (reads procedures/ and registers/). */

#include "procedures/catalog.h"
#include "procedures/statuses.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

/* A municipality's table: a person's turn, a status two others lead to, a
 * final one besides completed and rejected. */
static const char table_text[] =
	"{\"submitted\": {\"turn\": \"organisation\", \"to\": [\"received\", \"rejected\"]},"
	" \"received\": {\"to\": [\"rejected\", \"waiting_for_payment\", \"in_processing\"]},"
	" \"waiting_for_payment\": {\"turn\": \"person\", \"to\": [\"in_processing\", \"withdrawn\"]},"
	" \"in_processing\": {\"to\": [\"completed\", \"rejected\"]},"
	" \"completed\": {\"final\": true},"
	" \"rejected\": {\"final\": true},"
	" \"withdrawn\": {\"final\": true}}";

static json_t *parse(const char *text)
{
	json_error_t jerr;
	json_t *t = json_loads(text, JSON_DECODE_ANY, &jerr);
	if (t == NULL)
		fail_msg("bad test JSON %s: %s", text, jerr.text);
	return t;
}

static void test_compiled(void **state)
{
	json_t *table = parse(table_text);
	struct gx_status_table t;
	char err[256] = "x";
	if (gx_status_table_check(table, &t, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	assert_string_equal(err, "");
	assert_int_equal(t.n, 7);
	assert_string_equal(gx_status_initial(&t), "submitted");
	/* the definition's order */
	assert_string_equal(t.statuses[2].id, "waiting_for_payment");
	assert_int_equal(gx_status_index(&t, "withdrawn"), 6);
	assert_int_equal(gx_status_index(&t, "closed"), -1);
	assert_int_equal(gx_status_index(&t, NULL), -1);

	assert_true(gx_status_exists(&t, "received"));
	assert_false(gx_status_exists(&t, "closed"));
	assert_true(gx_status_final(&t, "completed"));
	assert_true(gx_status_final(&t, "withdrawn"));
	assert_false(gx_status_final(&t, "in_processing"));
	assert_false(gx_status_final(&t, "closed"));

	assert_int_equal(gx_status_turn_of(&t, "submitted"), GX_TURN_ORGANISATION);
	assert_int_equal(gx_status_turn_of(&t, "received"), GX_TURN_ORGANISATION); /* the default */
	assert_int_equal(gx_status_turn_of(&t, "waiting_for_payment"), GX_TURN_PERSON);
	assert_int_equal(gx_status_turn_of(&t, "rejected"), GX_TURN_NONE);
	assert_int_equal(gx_status_turn_of(&t, "closed"), GX_TURN_NONE);
	assert_string_equal(gx_status_turn_name(GX_TURN_ORGANISATION), "organisation");
	assert_string_equal(gx_status_turn_name(GX_TURN_PERSON), "person");
	assert_null(gx_status_turn_name(GX_TURN_NONE));

	assert_true(gx_status_transition_allowed(&t, "submitted", "received"));
	assert_true(gx_status_transition_allowed(&t, "waiting_for_payment", "withdrawn"));
	assert_false(gx_status_transition_allowed(&t, "received", "submitted"));
	assert_false(gx_status_transition_allowed(&t, "submitted", "completed"));
	assert_false(gx_status_transition_allowed(&t, "completed", "rejected"));
	assert_false(gx_status_transition_allowed(&t, "received", "received"));
	assert_false(gx_status_transition_allowed(&t, "received", "closed"));
	assert_false(gx_status_transition_allowed(&t, "closed", "received"));
	assert_false(gx_status_transition_allowed(&t, NULL, NULL));

	/* next statuses in the table's order, whatever the order of "to"; a short buffer says how many there are */
	const char *next[4] = {0};
	assert_int_equal(gx_status_next(&t, "received", next, 4), 3);
	assert_string_equal(next[0], "waiting_for_payment");
	assert_string_equal(next[1], "in_processing");
	assert_string_equal(next[2], "rejected");
	const char *one[1] = {0};
	assert_int_equal(gx_status_next(&t, "received", one, 1), 3);
	assert_string_equal(one[0], "waiting_for_payment");
	assert_int_equal(gx_status_next(&t, "received", NULL, 0), 3);
	assert_int_equal(gx_status_next(&t, "completed", next, 4), 0);
	assert_int_equal(gx_status_next(&t, "closed", next, 4), 0);
	json_decref(table);
}

/* The table text is refused with err starting "<pointer>: " and containing reason. */
static void refused(const char *text, const char *pointer, const char *reason)
{
	json_t *table = parse(text);
	struct gx_status_table t;
	char err[256] = "", want[128];
	int rc = gx_status_table_check(table, &t, err, sizeof(err));
	json_decref(table);
	if (rc == 0)
		fail_msg("accepted %s; expected a fault at \"%s\"", text, pointer);
	snprintf(want, sizeof(want), "%s: ", pointer);
	if (strncmp(err, want, strlen(want)) != 0 || strstr(err, reason) == NULL)
		fail_msg("error \"%s\", expected at \"%s\" with \"%s\"", err, pointer, reason);
}

#define END "\"completed\": {\"final\": true}, \"rejected\": {\"final\": true}"

static void test_refusals(void **state)
{
	/* the table */
	refused("[\"submitted\", \"completed\", \"rejected\"]", "", "expected an object of 3 to 20");
	refused("{\"submitted\": {\"to\": [\"completed\"]}, \"completed\": {\"final\": true}}", "", "3 to 20");
	char big[2048];
	size_t n = (size_t)snprintf(big, sizeof(big), "{\"submitted\": {\"to\": [\"completed\"]}, " END);
	for (int i = 0; i < 18; i++)
		n += (size_t)snprintf(big + n, sizeof(big) - n, ", \"s%d\": {\"final\": true}", i);
	snprintf(big + n, sizeof(big) - n, "}");
	refused(big, "", "3 to 20");
	refused("{\"received\": {\"to\": [\"completed\"]}, " END "}", "", "missing the status submitted");
	/* a status */
	refused("{\"submitted\": {\"to\": [\"completed\"]}, \"In_Processing\": {\"final\": true}, " END "}", "/In_Processing",
		"a status is [a-z][a-z0-9_]{0,63}");
	refused("{\"submitted\": {\"to\": [\"completed\"]}, \"a/b\": {\"final\": true}, " END "}", "/a~1b", "a status is");
	refused("{\"submitted\": [\"completed\"], " END "}", "/submitted", "expected a status");
	refused("{\"submitted\": {\"to\": [\"completed\"], \"colour\": \"red\"}, " END "}", "/submitted/colour",
		"unknown member");
	refused("{\"submitted\": {\"to\": [\"completed\"]}, \"completed\": {\"final\": \"yes\"}, \"rejected\": {\"final\": true}}",
		"/completed/final", "true or false");
	refused("{\"submitted\": {\"to\": [\"completed\"]}, \"completed\": {\"final\": true, \"to\": [\"rejected\"]},"
		" \"rejected\": {\"final\": true}}",
		"/completed/to", "a final status has no transitions");
	refused("{\"submitted\": {\"to\": [\"completed\"]}, \"completed\": {\"final\": true},"
		" \"rejected\": {\"final\": true, \"turn\": \"organisation\"}}",
		"/rejected/turn", "a final status is nobody's turn");
	refused("{\"submitted\": {\"turn\": \"citizen\", \"to\": [\"completed\"]}, " END "}", "/submitted/turn",
		"expected \"organisation\" or \"person\"");
	refused("{\"submitted\": {\"turn\": 1, \"to\": [\"completed\"]}, " END "}", "/submitted/turn", "\"person\"");
	refused("{\"submitted\": {\"turn\": \"person\"}, " END "}", "/submitted/to", "missing: a status that is not final");
	refused("{\"submitted\": {\"final\": false}, " END "}", "/submitted/to", "missing");
	refused("{\"submitted\": {\"to\": []}, " END "}", "/submitted/to", "expected an array of 1 to 19 statuses");
	refused("{\"submitted\": {\"to\": \"completed\"}, " END "}", "/submitted/to", "an array");
	/* transitions */
	refused("{\"submitted\": {\"to\": [\"completed\", 3]}, " END "}", "/submitted/to/1", "the id of a status");
	refused("{\"submitted\": {\"to\": [\"completed\", \"closed\"]}, " END "}", "/submitted/to/1",
		"no status closed in this table");
	refused("{\"submitted\": {\"to\": [\"submitted\", \"completed\"]}, " END "}", "/submitted/to/0",
		"does not move to itself");
	refused("{\"submitted\": {\"to\": [\"completed\", \"rejected\", \"completed\"]}, " END "}", "/submitted/to/2",
		"duplicate transition");
	/* where cases start and end */
	refused("{\"submitted\": {\"final\": true}, " END "}", "/submitted/final", "submitted cannot be final");
	refused("{\"submitted\": {\"to\": [\"done\"]}, \"done\": {\"final\": true}, \"rejected\": {\"final\": true}}", "",
		"missing the status completed");
	refused("{\"submitted\": {\"to\": [\"completed\"]}, \"completed\": {\"final\": true}, \"closed\": {\"final\": true}}",
		"", "missing the status rejected");
	refused("{\"submitted\": {\"to\": [\"completed\"]}, \"completed\": {\"to\": [\"rejected\"]}, \"rejected\": {\"final\": true}}",
		"/completed/final", "completed must be final");
	/* paths */
	refused("{\"submitted\": {\"to\": [\"completed\", \"rejected\"]}, \"on_hold\": {\"to\": [\"completed\"]}, " END "}",
		"/on_hold", "unreachable: no path from submitted");
	refused("{\"submitted\": {\"to\": [\"a\", \"rejected\"]}, \"a\": {\"to\": [\"b\"]}, \"b\": {\"to\": [\"a\"]}, " END
		", \"closed\": {\"final\": true}}",
		"/a/to", "no path from this status to a final one");
	/* a cycle is fine as long as it has a way out */
	json_t *table = parse("{\"submitted\": {\"to\": [\"a\"]}, \"a\": {\"to\": [\"b\"]}, \"b\": {\"to\": [\"a\", \"completed\"]},"
			      " \"completed\": {\"final\": true}, \"rejected\": {\"final\": true}}");
	struct gx_status_table t;
	char err[256];
	/* rejected is unreachable here: every status must be reachable */
	assert_int_equal(gx_status_table_check(table, &t, err, sizeof(err)), -1);
	assert_string_equal(err, "/rejected: unreachable: no path from submitted leads to this status");
	json_decref(table);
	table = parse("{\"submitted\": {\"to\": [\"a\"]}, \"a\": {\"to\": [\"b\"]}, \"b\": {\"to\": [\"a\", \"completed\", \"rejected\"]},"
		      " \"completed\": {\"final\": true}, \"rejected\": {\"final\": true}}");
	if (gx_status_table_check(table, &t, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	assert_true(gx_status_transition_allowed(&t, "b", "a"));
	json_decref(table);
	/* no room for the error: still refused */
	table = parse("{}");
	assert_int_equal(gx_status_table_check(table, &t, err, 0), -1);
	json_decref(table);
}

/* Whether the shipped definitions' tables hold what the back office relies on. */
static void test_shipped(void **state)
{
	struct gx_procedure_catalog *cat = NULL;
	char err[1024];
	if (access("procedures/organisations.json", R_OK) != 0)
		skip();
	if (gx_procedure_catalog_load("procedures", "registers", &cat, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	assert_true(gx_procedure_catalog_count(cat) >= 30);
	for (size_t i = 0; i < gx_procedure_catalog_count(cat); i++) {
		const struct gx_procedure *p = gx_procedure_catalog_at(cat, i);
		const struct gx_status_table *t = gx_procedure_statuses(p);
		assert_string_equal(gx_status_initial(t), "submitted");
		assert_int_equal(gx_status_turn_of(t, "submitted"), GX_TURN_ORGANISATION);
		assert_true(gx_status_final(t, "completed"));
		assert_true(gx_status_final(t, "rejected"));
		/* every case can be rejected until it ends */
		for (size_t s = 0; s < t->n; s++)
			if (!t->statuses[s].final && !gx_status_transition_allowed(t, t->statuses[s].id, "rejected"))
				fail_msg("%s: %s cannot move to rejected", gx_procedure_id(p), t->statuses[s].id);
	}
	/* one with a payment the person makes */
	const struct gx_status_table *t = gx_procedure_statuses(gx_procedure_catalog_find(cat, "identity-card"));
	assert_int_equal(gx_status_turn_of(t, "waiting_for_payment"), GX_TURN_PERSON);
	assert_true(gx_status_transition_allowed(t, "submitted", "waiting_for_payment"));
	assert_false(gx_status_transition_allowed(t, "submitted", "completed"));
	gx_procedure_catalog_free(cat);
}

/* Labels: "on_hold" has none in German. */
static const char *no_german_on_hold(const char *status, void *arg)
{
	(*(int *)arg)++;
	return strcmp(status, "on_hold") == 0 ? "de" : NULL;
}

static void test_labels(void **state)
{
	json_t *table = parse("{\"submitted\": {\"to\": [\"on_hold\", \"completed\", \"rejected\"]},"
			      " \"on_hold\": {\"turn\": \"person\", \"to\": [\"completed\"]}, " END "}");
	struct gx_status_table t;
	char err[256];
	int asked = 0;
	assert_int_equal(gx_status_table_check(table, &t, err, sizeof(err)), 0);
	assert_int_equal(gx_status_labels_check(&t, no_german_on_hold, &asked, "proc.status", err, sizeof(err)), -1);
	assert_string_equal(err, "/statuses/on_hold: no label proc.status.on_hold in de");
	assert_int_equal(asked, 2);
	json_decref(table);
	table = parse(table_text);
	asked = 0;
	assert_int_equal(gx_status_table_check(table, &t, err, sizeof(err)), 0);
	assert_int_equal(gx_status_labels_check(&t, no_german_on_hold, &asked, "proc.status", err, sizeof(err)), 0);
	assert_int_equal(asked, 7);
	json_decref(table);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_compiled),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_shipped),
		cmocka_unit_test(test_labels),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
