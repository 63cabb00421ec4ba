/* The letter box in the store, on the backend GX_TEST_STORE names: the
 * recipient of a national id, opt-ins, documents stored immutably with
 * their bytes, receipts recorded once, the list (unread first, filters,
 * search, paging), the purge that leaves tombstones; the outbox (kept once
 * per cause, leased to one sender, the verified address read at send time,
 * retries and ends); e-mail code records; issued certificates. */
#include "store/letterbox.h"
#include "store/store.h"
#include "store/store_testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct gx_test_db tdb;
static struct gx_store *store;
static struct gx_store_conn *conn;
static long long marie, marie_space, luc, luc_space;

static int setup(void **state)
{
	store = gx_test_store_open(&tdb);
	conn = gx_store_conn_open(store);
	assert_non_null(conn);
	struct gx_person_login a = {"1985031410148", "Marie", "Muller", 1000}, b = {"1990122300157", "Luc", "Weber", 1000};
	assert_int_equal(gx_store_person_login(conn, &a, &marie, &marie_space), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_person_login(conn, &b, &luc, &luc_space), GX_DB_ONE_RESULT);
	return 0;
}

static int teardown(void **state)
{
	gx_store_conn_close(conn);
	gx_store_close(store);
	gx_test_db_remove(&tdb);
	return 0;
}

static long long deliver(long long space, const char *org, const char *type, const char *title, long long at_us,
			 long long expires_us)
{
	static const char pdf[] = "%PDF-1.7\n% test\n";
	struct gx_lb_document d = {.space_id = space, .size = sizeof(pdf) - 1, .delivered_at_us = at_us,
				   .expires_at_us = expires_us, .title_folded = title, .data = pdf};
	snprintf(d.org, sizeof(d.org), "%s", org);
	snprintf(d.doc_type, sizeof(d.doc_type), "%s", type);
	snprintf(d.title, sizeof(d.title), "%s", title);
	snprintf(d.notice_title, sizeof(d.notice_title), "Notice %s", title);
	snprintf(d.file_name, sizeof(d.file_name), "%s.pdf", type);
	snprintf(d.content_type, sizeof(d.content_type), "application/pdf");
	snprintf(d.sha256, sizeof(d.sha256), "%064d", 7);
	snprintf(d.sender, sizeof(d.sender), "cl_test");
	assert_int_equal(gx_store_lb_insert(conn, &d), GX_DB_ONE_RESULT);
	assert_true(d.id > 0);
	return d.id;
}

static void test_recipient_and_optins(void **state)
{
	long long p, s;
	assert_int_equal(gx_store_lb_recipient(conn, "1985031410148", &p, &s), GX_DB_ONE_RESULT);
	assert_int_equal(p, marie);
	assert_int_equal(s, marie_space);
	assert_int_equal(gx_store_lb_recipient(conn, "1970010100000", &p, &s), GX_DB_NO_RESULTS);
	assert_int_equal(gx_store_lb_space_person(conn, luc_space, &p), GX_DB_ONE_RESULT);
	assert_int_equal(p, luc);

	assert_int_equal(gx_store_lb_optin_get(conn, marie_space, "acd", "tax-assessment"), GX_DB_NO_RESULTS);
	assert_int_equal(gx_store_lb_optin_set(conn, marie_space, "acd", "tax-assessment", true, 5), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_lb_optin_set(conn, marie_space, "acd", "tax-assessment", true, 6), GX_DB_NO_RESULTS);
	assert_int_equal(gx_store_lb_optin_set(conn, marie_space, "commune", "certificate", true, 7), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_lb_optin_get(conn, marie_space, "acd", "tax-assessment"), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_lb_optin_get(conn, luc_space, "acd", "tax-assessment"), GX_DB_NO_RESULTS);
	char *json = NULL;
	assert_int_equal(gx_store_lb_optins(conn, marie_space, &json), GX_DB_ONE_RESULT);
	assert_string_equal(json, "[{\"org\":\"acd\",\"type\":\"tax-assessment\",\"at_us\":5},"
				  "{\"org\":\"commune\",\"type\":\"certificate\",\"at_us\":7}]");
	free(json);
	assert_int_equal(gx_store_lb_optin_set(conn, marie_space, "acd", "tax-assessment", false, 8), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_lb_optin_get(conn, marie_space, "acd", "tax-assessment"), GX_DB_NO_RESULTS);
	assert_int_equal(gx_store_lb_optins(conn, luc_space, &json), GX_DB_ONE_RESULT);
	assert_string_equal(json, "[]");
	free(json);
}

static void test_document_stored_immutably_with_receipts(void **state)
{
	long long id = deliver(marie_space, "acd", "tax-assessment", "avis 2024", 100, 1000000);
	struct gx_lb_document d;
	assert_int_equal(gx_store_lb_get(conn, id, &d), GX_DB_ONE_RESULT);
	assert_string_equal(d.title, "avis 2024");
	assert_string_equal(d.notice_title, "Notice avis 2024");
	assert_string_equal(d.org, "acd");
	assert_int_equal(d.size, 16);
	assert_int_equal(d.read_at_us, 0);
	assert_string_equal(d.due_date, "");
	assert_int_equal(d.submission_id, 0);
	void *bytes;
	size_t len;
	assert_int_equal(gx_store_lb_content(conn, id, &bytes, &len), GX_DB_ONE_RESULT);
	assert_int_equal(len, 16);
	assert_memory_equal(bytes, "%PDF-1.7\n% test\n", 16);
	free(bytes);
	assert_int_equal(gx_store_lb_get(conn, id + 1000, &d), GX_DB_NO_RESULTS);

	/* the first opening and the confirmation, each once */
	assert_int_equal(gx_store_lb_mark_read(conn, id, 200), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_lb_mark_read(conn, id, 300), GX_DB_NO_RESULTS);
	assert_int_equal(gx_store_lb_confirm(conn, id, 400), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_lb_confirm(conn, id, 500), GX_DB_NO_RESULTS);
	assert_int_equal(gx_store_lb_archive(conn, id, true), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_lb_get(conn, id, &d), GX_DB_ONE_RESULT);
	assert_int_equal(d.read_at_us, 200);
	assert_int_equal(d.confirmed_at_us, 400);
	assert_true(d.archived);

	/* what it is never changes */
	struct gx_test_raw raw = gx_test_raw_open(&tdb);
	char sql[128];
	snprintf(sql, sizeof(sql), "UPDATE letterbox_documents SET title = 'x' WHERE id = %lld", id);
	assert_int_not_equal(gx_test_raw_try(&raw, sql, NULL, 0), 0);
	snprintf(sql, sizeof(sql), "UPDATE letterbox_contents SET data = data WHERE document_id = %lld", id);
	assert_int_not_equal(gx_test_raw_try(&raw, sql, NULL, 0), 0);
	gx_test_raw_close(&raw);
}

static void test_list_unread_first_filters_paging(void **state)
{
	long long a = deliver(luc_space, "acd", "tax-assessment", "avis d'imposition 2023", 100, 1LL << 60);
	long long b = deliver(luc_space, "commune", "certificate", "certificat de residence", 200, 1LL << 60);
	long long c = deliver(luc_space, "acd", "tax-assessment", "avis d'imposition 2024", 300, 1LL << 60);
	long long d = deliver(luc_space, "cns", "statement", "decompte", 400, 1LL << 60);
	deliver(marie_space, "acd", "tax-assessment", "not luc's", 500, 1LL << 60);
	assert_int_equal(gx_store_lb_mark_read(conn, d, 450), GX_DB_ONE_RESULT);

	struct gx_lb_document rows[3];
	size_t n;
	bool more;
	struct gx_lb_query q = {.space_id = luc_space, .unread = -1};
	assert_int_equal(gx_store_lb_list(conn, &q, rows, 3, &n, &more), GX_DB_ONE_RESULT);
	assert_int_equal(n, 3);
	assert_true(more);
	assert_int_equal(rows[0].id, c); /* unread, newest first */
	assert_int_equal(rows[1].id, b);
	assert_int_equal(rows[2].id, a);
	q.offset = 3;
	assert_int_equal(gx_store_lb_list(conn, &q, rows, 3, &n, &more), GX_DB_ONE_RESULT);
	assert_int_equal(n, 1);
	assert_false(more);
	assert_int_equal(rows[0].id, d); /* then the read one */

	q = (struct gx_lb_query){.space_id = luc_space, .unread = -1, .org = "acd"};
	assert_int_equal(gx_store_lb_list(conn, &q, rows, 3, &n, &more), GX_DB_ONE_RESULT);
	assert_int_equal(n, 2);
	q = (struct gx_lb_query){.space_id = luc_space, .unread = 0};
	assert_int_equal(gx_store_lb_list(conn, &q, rows, 3, &n, &more), GX_DB_ONE_RESULT);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].id, d);
	q = (struct gx_lb_query){.space_id = luc_space, .unread = 1, .doc_type = "certificate"};
	assert_int_equal(gx_store_lb_list(conn, &q, rows, 3, &n, &more), GX_DB_ONE_RESULT);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].id, b);
	q = (struct gx_lb_query){.space_id = luc_space, .unread = -1, .words = {"imposition 202"}};
	assert_int_equal(gx_store_lb_list(conn, &q, rows, 3, &n, &more), GX_DB_ONE_RESULT);
	assert_int_equal(n, 2);
	q = (struct gx_lb_query){.space_id = luc_space, .unread = -1, .words = {"avis", "2024"}};
	assert_int_equal(gx_store_lb_list(conn, &q, rows, 3, &n, &more), GX_DB_ONE_RESULT);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].id, c);
	q.words[2] = "nothing like it";
	assert_int_equal(gx_store_lb_list(conn, &q, rows, 3, &n, &more), GX_DB_NO_RESULTS);
	assert_int_equal(n, 0);

	long long unread;
	assert_int_equal(gx_store_lb_unread_count(conn, luc_space, &unread), GX_DB_ONE_RESULT);
	assert_int_equal(unread, 3);
	assert_int_equal(gx_store_lb_archive(conn, a, true), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_lb_unread_count(conn, luc_space, &unread), GX_DB_ONE_RESULT);
	assert_int_equal(unread, 2);
	q = (struct gx_lb_query){.space_id = luc_space, .unread = -1, .archived = true};
	assert_int_equal(gx_store_lb_list(conn, &q, rows, 3, &n, &more), GX_DB_ONE_RESULT);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].id, a);
}

static void test_purge_leaves_tombstones(void **state)
{
	long long old = deliver(marie_space, "acd", "tax-assessment", "old", 100, 1000);
	long long fresh = deliver(marie_space, "acd", "tax-assessment", "fresh", 100, 5000);
	assert_int_equal(gx_store_lb_mark_read(conn, old, 150), GX_DB_ONE_RESULT);
	size_t purged;
	assert_int_equal(gx_store_lb_purge(conn, 2000, 10, &purged), GX_DB_ONE_RESULT);
	assert_int_equal(purged, 1);
	struct gx_lb_document d;
	assert_int_equal(gx_store_lb_get(conn, old, &d), GX_DB_NO_RESULTS);
	void *bytes;
	size_t len;
	assert_int_equal(gx_store_lb_content(conn, old, &bytes, &len), GX_DB_NO_RESULTS);
	struct gx_lb_tombstone t;
	assert_int_equal(gx_store_lb_tombstone_get(conn, old, &t), GX_DB_ONE_RESULT);
	assert_int_equal(t.id, old);
	assert_int_equal(t.space_id, marie_space);
	assert_string_equal(t.org, "acd");
	assert_int_equal(t.read_at_us, 150);
	assert_int_equal(t.confirmed_at_us, 0);
	assert_int_equal(t.purged_at_us, 2000);
	assert_int_equal(strlen(t.sha256), 64);
	assert_int_equal(gx_store_lb_get(conn, fresh, &d), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_lb_tombstone_get(conn, fresh, &t), GX_DB_NO_RESULTS);
	assert_int_equal(gx_store_lb_purge(conn, 2000, 10, &purged), GX_DB_NO_RESULTS);
	assert_int_equal(purged, 0);
}

static enum gx_db_status take_tx(struct gx_store_conn *c, void *arg)
{
	struct gx_outbox_due *due = arg;
	return gx_store_outbox_take(c, due->created_at_us, due->created_at_us + 1000, due);
}

/* gx_store_outbox_take at now (leased until now + 1000), in a write transaction. */
static enum gx_db_status take(long long now, struct gx_outbox_due *due)
{
	due->created_at_us = now;
	return gx_store_run_tx(conn, true, take_tx, due);
}

struct finishing {
	long long id, at_us;
	const char *state;
};

static enum gx_db_status finish_tx(struct gx_store_conn *c, void *arg)
{
	struct finishing *f = arg;
	return gx_store_outbox_finish(c, f->id, f->state, 250, f->at_us);
}

static void test_outbox(void **state)
{
	long long doc = deliver(marie_space, "acd", "tax-assessment", "avis", 100, 1LL << 60);
	struct gx_outbox_entry e = {.person_id = marie, .kind = "document", .org = "acd", .document_id = doc,
				    .created_at_us = 100, .due_at_us = 100};
	assert_int_equal(gx_store_outbox_add(conn, &e), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_outbox_add(conn, &e), GX_DB_NO_RESULTS); /* kept once */
	struct gx_outbox_entry r = e;
	r.kind = "reminder";
	r.due_at_us = 10000;
	assert_int_equal(gx_store_outbox_add(conn, &r), GX_DB_ONE_RESULT);

	struct gx_outbox_due due;
	assert_int_equal(take(50, &due), GX_DB_NO_RESULTS); /* not due yet */
	assert_int_equal(take(200, &due), GX_DB_ONE_RESULT);
	assert_string_equal(due.kind, "document");
	assert_int_equal(due.document_id, doc);
	assert_string_equal(due.notice_title, "Notice avis");
	assert_string_equal(due.address, ""); /* no verified address */
	assert_false(due.document_gone);
	assert_false(due.document_read);
	assert_false(due.cut_off); /* never taken before */
	long long first = due.id;
	assert_int_equal(take(300, &due), GX_DB_NO_RESULTS); /* leased until 1200 */
	assert_int_equal(gx_store_outbox_retry(conn, first, 2000), GX_DB_ONE_RESULT);
	assert_int_equal(take(1500, &due), GX_DB_NO_RESULTS);

	/* a verified address that is still the declared one, and a language */
	assert_int_equal(gx_store_self_declared_set(conn, marie, "email", "marie@example.lu", 1), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_self_declared_set(conn, marie, "preferred_language", "de", 1), GX_DB_ONE_RESULT);
	struct gx_email_code_row row = {.person_id = marie, .issued_us = 1, .expires_us = 2, .day_start_us = 1,
					.day_count = 1, .verified_at_us = 3};
	snprintf(row.address, sizeof(row.address), "marie@example.lu");
	assert_int_equal(gx_store_email_code_put(conn, &row), GX_DB_ONE_RESULT);
	assert_int_equal(take(2000, &due), GX_DB_ONE_RESULT);
	assert_int_equal(due.id, first);
	assert_int_equal(due.attempts, 1);
	assert_string_equal(due.address, "marie@example.lu");
	assert_string_equal(due.lang, "de");
	assert_false(due.cut_off); /* its earlier attempt ended (retry) */
	/* "sent" as soon as the store can: SQLite's group commit, PostgreSQL's own transaction */
	struct finishing f = {.id = first, .at_us = 2100, .state = "sent"};
	assert_int_equal(gx_store_run_tx_soon(conn, finish_tx, &f), GX_DB_ONE_RESULT);
	assert_false(gx_store_conn_in_tx(conn));
	assert_int_equal(gx_store_outbox_finish(conn, first, "sent", 250, 2100), GX_DB_NO_RESULTS);

	/* the address changed: no longer verified */
	assert_int_equal(gx_store_self_declared_set(conn, marie, "email", "other@example.lu", 5), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_lb_mark_read(conn, doc, 9000), GX_DB_ONE_RESULT);
	assert_int_equal(take(20000, &due), GX_DB_ONE_RESULT);
	assert_string_equal(due.kind, "reminder");
	assert_string_equal(due.address, "");
	assert_true(due.document_read);
	assert_false(due.cut_off);
	/* its sender stopped before an outcome: taken again once the hold is over, as an attempt cut off */
	long long held = due.id;
	assert_int_equal(take(20999, &due), GX_DB_NO_RESULTS);
	assert_int_equal(take(21000, &due), GX_DB_ONE_RESULT);
	assert_int_equal(due.id, held);
	assert_true(due.cut_off);
	assert_int_equal(gx_store_outbox_finish(conn, due.id, "skipped", 0, 21000), GX_DB_ONE_RESULT);

	char *json = NULL;
	assert_int_equal(gx_store_outbox_of(conn, doc, 0, &json), GX_DB_ONE_RESULT);
	char expect[256];
	snprintf(expect, sizeof(expect),
		 "[{\"id\":%lld,\"kind\":\"document\",\"state\":\"sent\",\"attempts\":2,\"due_at_us\":2000},"
		 "{\"id\":%lld,\"kind\":\"reminder\",\"state\":\"skipped\",\"attempts\":0,\"due_at_us\":10000}]",
		 first, due.id);
	assert_string_equal(json, expect);
	free(json);

	/* a request's notification names its submission's timeline entry; a purged document's is gone */
	size_t purged;
	long long gone = deliver(marie_space, "acd", "tax-assessment", "gone", 100, 150);
	struct gx_outbox_entry g = {.person_id = marie, .kind = "document", .org = "acd", .document_id = gone,
				    .created_at_us = 100, .due_at_us = 100};
	assert_int_equal(gx_store_outbox_add(conn, &g), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_lb_purge(conn, 30000, 10, &purged), GX_DB_ONE_RESULT);
	assert_int_equal(take(30000, &due), GX_DB_ONE_RESULT);
	assert_true(due.document_gone);
	assert_int_equal(gx_store_outbox_finish(conn, due.id, "failed", 550, 30000), GX_DB_ONE_RESULT);
}

static void test_email_code_and_certificates(void **state)
{
	struct gx_email_code_row row = {.person_id = luc, .issued_us = 10, .expires_us = 20, .attempts = 2,
					.used = true, .day_start_us = 5, .day_count = 3};
	snprintf(row.address, sizeof(row.address), "luc@example.lu");
	memset(row.salt, 0xA5, sizeof(row.salt));
	memset(row.hash, 0x00, sizeof(row.hash));
	row.hash[31] = 0xFF;
	struct gx_email_code_row got;
	assert_int_equal(gx_store_email_code_get(conn, luc, &got), GX_DB_NO_RESULTS);
	assert_int_equal(gx_store_email_code_put(conn, &row), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_email_code_get(conn, luc, &got), GX_DB_ONE_RESULT);
	assert_memory_equal(&got, &row, sizeof(row));
	row.verified_at_us = 99;
	row.attempts = 0;
	assert_int_equal(gx_store_email_code_put(conn, &row), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_email_code_get(conn, luc, &got), GX_DB_ONE_RESULT);
	assert_int_equal(got.verified_at_us, 99);
	assert_int_equal(got.attempts, 0);

	/* a certificate needs its submission */
	struct gx_submission s = {.space_id = luc_space, .reference = "2026-GX-000001", .procedure_id = "p",
				  .procedure_version = 1, .organisation = "commune", .data_json = "{}",
				  .receipt_json = "{}", .signature = "sig", .submitted_at_us = 1};
	long long sid;
	assert_int_equal(gx_store_submission_insert(conn, &s, &sid), GX_DB_ONE_RESULT);
	char statement[] = "{\"type\":\"guichet-certificate/1\"}";
	struct gx_cert_row c = {.code = "7KQ2-9XHM-RB4T-0WDC", .statement = statement, .signature = "c2ln",
				.submission_id = sid, .space_id = luc_space, .document_id = 42, .issued_at_us = 77};
	assert_int_equal(gx_store_cert_put(conn, &c), GX_DB_ONE_RESULT);
	assert_true(gx_store_cert_put(conn, &c) < 0); /* one record per code */
	struct gx_cert_row back;
	assert_int_equal(gx_store_cert_get(conn, "7KQ2-9XHM-RB4T-0WDC", &back), GX_DB_ONE_RESULT);
	assert_string_equal(back.statement, statement);
	assert_string_equal(back.signature, "c2ln");
	assert_int_equal(back.submission_id, sid);
	assert_int_equal(back.document_id, 42);
	assert_int_equal(back.issued_at_us, 77);
	free(back.statement);
	assert_int_equal(gx_store_cert_get(conn, "0000-0000-0000-0000", &back), GX_DB_NO_RESULTS);
	assert_null(back.statement);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_recipient_and_optins, setup, teardown),
		cmocka_unit_test_setup_teardown(test_document_stored_immutably_with_receipts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_unread_first_filters_paging, setup, teardown),
		cmocka_unit_test_setup_teardown(test_purge_leaves_tombstones, setup, teardown),
		cmocka_unit_test_setup_teardown(test_outbox, setup, teardown),
		cmocka_unit_test_setup_teardown(test_email_code_and_certificates, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
