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
	struct gx_store_config cfg;
	char err[256];
	gx_test_db_make(&tdb);
	gx_test_config(&cfg, &tdb);
	if (gx_store_open(&cfg, &store, err, sizeof(err)) != GX_STORE_OK)
		fail_msg("open: %s", err);
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
				  "\"content_type\":\"application/pdf\",\"size\":13},"
				  "{\"id\":\"" A2 "\",\"field\":\"rabies_certificate\",\"name\":\"vaccination 2026.pdf\","
				  "\"content_type\":\"application/pdf\",\"size\":13}]");
	free(list);

	/* Removed only from its own draft. */
	assert_int_equal(gx_store_attachment_delete(conn, A3, draft), GX_DB_NO_RESULTS);
	assert_int_equal(gx_store_attachment_get(conn, A3, false, &got), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_attachment_delete(conn, A2, draft), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_attachment_delete(conn, A2, draft), GX_DB_NO_RESULTS);
	assert_int_equal(gx_store_attachment_get(conn, A2, false, &got), GX_DB_NO_RESULTS);

	/* Submitted: the draft has none left, the submission lists them. */
	assert_int_equal(gx_store_attachments_submit(conn, draft, 77), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_attachments_list(conn, GX_ATTACHMENTS_OF_DRAFT, draft, &list), GX_DB_ONE_RESULT);
	assert_string_equal(list, "[]");
	free(list);
	assert_int_equal(gx_store_attachments_list(conn, GX_ATTACHMENTS_OF_SUBMISSION, 77, &list), GX_DB_ONE_RESULT);
	assert_non_null(strstr(list, A1));
	assert_null(strstr(list, A3));
	free(list);
	assert_int_equal(gx_store_attachment_delete(conn, A1, draft), GX_DB_NO_RESULTS); /* submitted: kept */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_names_lists_and_removal, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
