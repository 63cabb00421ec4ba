/* Attachments in the store: a draft's files with their names, listed,
 * removed only from their own draft, then handed to the submission. */
#include "store/store.h"
#include "store/store_testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

static struct gx_test_db tdb;
static struct gx_store *store;
static struct gx_store_conn *conn;
static long long space, draft, other_draft;

static int setup(void **state)
{
	store = gx_test_store_open(&tdb);
	conn = gx_store_conn_open(store);
	struct gx_person_login in = {"1985031410148", "Marie", "Schmit", 1};
	long long person;
	assert_int_equal(gx_store_person_login(conn, &in, &person, &space), GX_DB_ONE_RESULT);
	struct gx_draft d = {.space_id = space, .procedure_id = "dog-registration", .procedure_version = 1,
			     .data_json = "{}", .provenance_json = "{}", .created_at_us = 1};
	assert_int_equal(gx_store_draft_create(conn, &d, &draft), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_draft_create(conn, &d, &other_draft), GX_DB_ONE_RESULT);
	return 0;
}

static int teardown(void **state)
{
	gx_store_conn_close(conn);
	gx_store_close(store);
	gx_test_db_remove(&tdb);
	return 0;
}

static void put(const char *id, long long draft_id, const char *field, const char *name, long long at)
{
	static const char bytes[] = "%PDF-1.7 tiny";
	struct gx_attachment a = {.space_id = space, .draft_id = draft_id, .size = sizeof(bytes) - 1, .data = bytes,
				  .created_at_us = at};
	snprintf(a.id, sizeof(a.id), "%s", id);
	snprintf(a.field, sizeof(a.field), "%s", field);
	snprintf(a.name, sizeof(a.name), "%s", name);
	snprintf(a.content_type, sizeof(a.content_type), "application/pdf");
	snprintf(a.sha256, sizeof(a.sha256), "%064d", 0);
	assert_int_equal(gx_store_attachment_put(conn, &a), GX_DB_ONE_RESULT);
}

/* In a transaction, as the submit does: a change of its own first (a row the
 * rollback must undo), then the files. */
static char submitted_missing[40];
static long long made_in_tx;
static enum gx_db_status submit_named(struct gx_store_conn *c, void *ids_json)
{
	struct gx_draft d = {.space_id = space, .procedure_id = "dog-registration", .procedure_version = 1,
			     .data_json = "{}", .provenance_json = "{}", .created_at_us = 2};
	enum gx_db_status st = gx_store_draft_create(c, &d, &made_in_tx);
	if (st < 0)
		return st;
	return gx_store_attachments_submit(c, draft, 78, ids_json, submitted_missing, sizeof(submitted_missing));
}

#define A1 "att_00000000000000000000000000000001"
#define A2 "att_00000000000000000000000000000002"
#define A3 "att_00000000000000000000000000000003"

static void test_names_lists_and_removal(void **state)
{
	put(A2, draft, "rabies_certificate", "vaccination 2026.pdf", 20);
	put(A1, draft, "insurance_certificate", "assurance \"RC\" é.pdf", 10);
	put(A3, other_draft, "rabies_certificate", "other.pdf", 30);

	struct gx_attachment got = {0};
	assert_int_equal(gx_store_attachment_get(conn, A2, false, &got), GX_DB_ONE_RESULT);
	assert_string_equal(got.name, "vaccination 2026.pdf");
	assert_string_equal(got.field, "rabies_certificate");
	assert_int_equal(got.draft_id, draft);
	gx_attachment_clear(&got);

	char *list = NULL;
	assert_int_equal(gx_store_attachments_list(conn, GX_ATTACHMENTS_OF_DRAFT, draft, &list), GX_DB_ONE_RESULT);
	assert_string_equal(list, "[{\"id\":\"" A1 "\",\"field\":\"insurance_certificate\",\"name\":\"assurance \\\"RC\\\" é.pdf\","
				  "\"content_type\":\"application/pdf\",\"size\":13,\"kind\":\"form\",\"event\":null},"
				  "{\"id\":\"" A2 "\",\"field\":\"rabies_certificate\",\"name\":\"vaccination 2026.pdf\","
				  "\"content_type\":\"application/pdf\",\"size\":13,\"kind\":\"form\",\"event\":null}]");
	free(list);

	/* Removed only from its own draft. */
	assert_int_equal(gx_store_attachment_delete(conn, A3, draft), GX_DB_NO_RESULTS);
	assert_int_equal(gx_store_attachment_get(conn, A3, false, &got), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_attachment_delete(conn, A2, draft), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_attachment_delete(conn, A2, draft), GX_DB_NO_RESULTS);
	assert_int_equal(gx_store_attachment_get(conn, A2, false, &got), GX_DB_NO_RESULTS);

	/* Submitted: the draft has none left, the submission lists them. */
	char missing[40];
	assert_int_equal(gx_store_attachments_submit(conn, draft, 77, "[\"" A1 "\"]", missing, sizeof(missing)),
			 GX_DB_ONE_RESULT);
	assert_string_equal(missing, "");
	assert_int_equal(gx_store_attachments_list(conn, GX_ATTACHMENTS_OF_DRAFT, draft, &list), GX_DB_ONE_RESULT);
	assert_string_equal(list, "[]");
	free(list);
	assert_int_equal(gx_store_attachments_list(conn, GX_ATTACHMENTS_OF_SUBMISSION, 77, &list), GX_DB_ONE_RESULT);
	assert_non_null(strstr(list, A1));
	assert_null(strstr(list, A3));
	free(list);
	assert_int_equal(gx_store_attachment_delete(conn, A1, draft), GX_DB_NO_RESULTS); /* submitted: kept */
}

static long long count(const char *owner, long long id)
{
	char *list = NULL;
	assert_int_equal(gx_store_attachments_list(conn, strcmp(owner, "draft") == 0 ? GX_ATTACHMENTS_OF_DRAFT
										      : GX_ATTACHMENTS_OF_SUBMISSION,
						   id, &list),
			 GX_DB_ONE_RESULT);
	long long n = 0;
	for (const char *p = list; (p = strstr(p, "\"id\"")) != NULL; p++)
		n++;
	free(list);
	return n;
}

/* A file removed between the check and the submit transaction: the submit
 * fails with a conflict naming it, and changes nothing; a file of another
 * draft, or a made-up id, the same. The named ones move, the draft's
 * others are dropped. */
static void test_submit_only_the_named_files_of_the_draft(void **state)
{
	put(A1, draft, "rabies_certificate", "one.pdf", 10);
	put(A2, draft, "insurance_certificate", "two.pdf", 20);
	put(A3, other_draft, "rabies_certificate", "other.pdf", 30);
	char missing[40] = "untouched";

	/* Removed meanwhile. */
	assert_int_equal(gx_store_attachment_delete(conn, A2, draft), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_run_tx(conn, true, submit_named, "[\"" A1 "\", \"" A2 "\"]"), GX_DB_CONFLICT);
	assert_string_equal(submitted_missing, A2);
	struct gx_draft gone = {0};
	assert_true(made_in_tx > 0);
	assert_int_equal(gx_store_draft_get(conn, made_in_tx, &gone), GX_DB_NO_RESULTS); /* the transaction rolled back */
	assert_int_equal(count("draft", draft), 1);
	assert_int_equal(count("submission", 78), 0);

	/* Another draft's file, an id that does not exist, not a string: the same. */
	const char *bad[] = {"[\"" A1 "\", \"" A3 "\"]", "[\"att_ffffffffffffffffffffffffffffffff\"]", "[7]"};
	const char *named[] = {A3, "att_ffffffffffffffffffffffffffffffff", "7"};
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(gx_store_attachments_submit(conn, draft, 78, bad[i], missing, sizeof(missing)),
				 GX_DB_CONFLICT);
		assert_string_equal(missing, named[i]);
		assert_int_equal(count("draft", draft), 1);
		assert_int_equal(count("draft", other_draft), 1);
		assert_int_equal(count("submission", 78), 0);
	}
	/* A missing id cut to fit. */
	char small[8];
	assert_int_equal(gx_store_attachments_submit(conn, draft, 78, bad[1], small, sizeof(small)), GX_DB_CONFLICT);
	assert_string_equal(small, "att_fff");

	/* The named one moves; a file the answers no longer name goes with the draft. */
	put(A2, draft, "insurance_certificate", "again.pdf", 40);
	assert_int_equal(gx_store_attachments_submit(conn, draft, 78, "[\"" A1 "\"]", missing, sizeof(missing)),
			 GX_DB_ONE_RESULT);
	assert_string_equal(missing, "");
	assert_int_equal(count("submission", 78), 1);
	assert_int_equal(count("draft", draft), 0);
	struct gx_attachment got = {0};
	assert_int_equal(gx_store_attachment_get(conn, A2, false, &got), GX_DB_NO_RESULTS);
	assert_int_equal(gx_store_attachment_get(conn, A3, false, &got), GX_DB_ONE_RESULT); /* another draft's: kept */

	/* No file named at all: none moves, the draft's are dropped. */
	assert_int_equal(gx_store_attachments_submit(conn, other_draft, 79, "[]", missing, sizeof(missing)),
			 GX_DB_ONE_RESULT);
	assert_int_equal(count("draft", other_draft), 0);
	assert_int_equal(count("submission", 79), 0);
}

/* A deleted draft's files go with it; another draft's and a submission's stay. */
static void test_deleted_draft_files_go(void **state)
{
	put(A1, draft, "rabies_certificate", "a.pdf", 10);
	put(A2, draft, "insurance_certificate", "b.pdf", 20);
	put(A3, other_draft, "rabies_certificate", "c.pdf", 30);
	char missing[40];
	assert_int_equal(gx_store_attachments_submit(conn, other_draft, 80, "[\"" A3 "\"]", missing, sizeof(missing)),
			 GX_DB_ONE_RESULT);
	put("att_00000000000000000000000000000004", other_draft, "rabies_certificate", "d.pdf", 40);
	assert_int_equal(gx_store_draft_attachments_delete(conn, draft), GX_DB_ONE_RESULT);
	assert_int_equal(count("draft", draft), 0);
	assert_int_equal(gx_store_draft_attachments_delete(conn, draft), GX_DB_NO_RESULTS);
	assert_int_equal(count("draft", other_draft), 1);
	assert_int_equal(gx_store_draft_attachments_delete(conn, other_draft), GX_DB_ONE_RESULT);
	assert_int_equal(count("draft", other_draft), 0);
	assert_int_equal(count("submission", 80), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_names_lists_and_removal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_submit_only_the_named_files_of_the_draft, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deleted_draft_files_go, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
