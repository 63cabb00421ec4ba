/* The letter box in core (letterbox.h, outbox.h, email.h, lb_purge.h), on
 * the store GX_TEST_STORE names: refusals write nothing; no opt-in, no
 * delivery; one idempotency key, one document; the first opening and the
 * confirmation reach the sender's feed once; the search ignores case and
 * accents; the outbox as the sender's queue (no verified address: skipped;
 * a reminder of a document read: skipped; the texts read at send time);
 * the e-mail code mailed, guessed wrong, typed right; retention purges and
 * leaves a tombstone. Document types: etc/letterbox.json. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/email.h"
#include "core/lb_purge.h"
#include "core/letterbox.h"
#include "core/outbox.h"
#include "mail/memqueue.h"
#include "store/durable_testutil.h"
#include "store/store_testutil.h"

#define MARIE "1985031410148"
#define NOBODY "1972110213859"
#define NOW 1767268800000000LL
#define DAY (86400LL * 1000000LL)

static struct gx_test_db tdb;
static struct gx_store *store;
static struct gx_store_conn *reader, *writer;
static struct gx_test_durable port;
static struct gx_domain domain;
static h2o_mem_pool_t pool;
static struct gx_core_ctx ctx;
static long long person, space;
static const char pdf[] = "%PDF-1.7\n% a letter\n%%EOF\n";

struct seen {
	int calls;
	struct gx_lb_delivered r;
	char body[2048];
	struct gx_lb_done d;
	struct gx_lb_document doc;
	size_t len;
	struct gx_email_done e;
};

static void on_delivered(void *arg, const struct gx_lb_delivered *r)
{
	struct seen *s = arg;
	s->calls++;
	s->r = *r;
	snprintf(s->body, sizeof(s->body), "%s", r->body != NULL ? r->body : "");
	s->r.body = NULL;
}

static void on_done(void *arg, const struct gx_lb_done *r)
{
	struct seen *s = arg;
	s->calls++;
	s->d = *r;
	if (r->doc != NULL)
		s->doc = *r->doc;
	s->len = r->len;
	s->d.doc = NULL;
	s->d.bytes = NULL;
}

static void on_email(void *arg, const struct gx_email_done *r)
{
	struct seen *s = arg;
	s->calls++;
	s->e = *r;
}

static int setup(void **state)
{
	char err[256];
	store = gx_test_store_open(&tdb);
	reader = gx_store_conn_open(store);
	writer = gx_store_conn_open(store);
	struct gx_person_login in = {MARIE, "Marie", "Schmit", 1};
	assert_int_equal(gx_store_person_login(writer, &in, &person, &space), GX_DB_ONE_RESULT);
	char key[128], code_key[128];
	snprintf(key, sizeof(key), "%s/receipt.key", tdb.dir);
	snprintf(code_key, sizeof(code_key), "%s/mail-code.key", tdb.dir);
	struct gx_domain_files files = {.registers = "etc/registers.json", .procedures_dir = "procedures",
					.descriptions_dir = "registers", .receipt_key = key,
					.letterbox_types = "etc/letterbox.json"};
	if (gx_domain_load(&domain, &files, err, sizeof(err)) != 0 || gx_email_init(code_key, err, sizeof(err)) != 0)
		fail_msg("domain: %s", err);
	gx_test_durable_init(&port, writer);
	h2o_mem_init_pool(&pool);
	ctx = (struct gx_core_ctx){.domain = &domain, .db = reader, .durable = &port.port, .pool = &pool,
				   .request_id = "test", .now_us = NOW, .person = GX_ID(gx_person_id, person)};
	return 0;
}

static int teardown(void **state)
{
	gx_email_free();
	h2o_mem_clear_pool(&pool);
	gx_domain_free(&domain);
	gx_store_conn_close(reader);
	gx_store_conn_close(writer);
	gx_store_close(store);
	gx_test_db_remove(&tdb);
	return 0;
}

static struct gx_lb_delivery letter(const char *org, const char *type, const char *title)
{
	return (struct gx_lb_delivery){.national_id = MARIE, .org = org, .doc_type = type, .title = title,
				       .notice_title = "Un avis", .bytes = pdf, .len = sizeof(pdf) - 1,
				       .sender = "cl_test"};
}

static struct seen deliver(const struct gx_lb_delivery *d, const struct gx_idempotency *idem)
{
	struct seen s = {0};
	gx_lb_deliver(&ctx, d, idem, on_delivered, &s);
	assert_int_equal(s.calls, 1);
	return s;
}

static void opt_in(const char *org, const char *type)
{
	struct gx_lb_choice c = {.org = org, .doc_type = type, .on = true};
	struct seen s = {0};
	gx_lb_optins_save(&ctx, GX_ID(gx_space_id, space), &c, 1, on_done, &s);
	assert_int_equal(s.calls, 1);
	assert_int_equal(s.d.status, GX_CORE_OK);
}

static long long count(const char *sql)
{
	struct gx_test_raw raw = gx_test_raw_open(&tdb);
	long long n = gx_test_raw_int(&raw, sql);
	gx_test_raw_close(&raw);
	return n;
}

static void test_refusals_write_nothing(void **state)
{
	struct {
		struct gx_lb_delivery d;
		const char *field;
	} cases[] = {
		{letter("acd", "tax-assessment", "t"), NULL},
		{letter("acd", "nope", "t"), "type"},
		{letter("cns", "tax-assessment", "t"), "type"},
		{letter("acd", "tax-assessment", ""), "title"},
		{letter("acd", "tax-assessment", "line\nbreak"), "title"},
		{letter("acd", "decision", "t"), "submission"},
	};
	cases[0].d.national_id = "1985031410149";
	cases[0].field = "recipient/national_id";
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct seen s = deliver(&cases[i].d, NULL);
		assert_int_equal(s.r.status, GX_CORE_INVALID);
		assert_string_equal(s.r.field, cases[i].field);
	}
	struct gx_lb_delivery d = letter("acd", "tax-assessment", "t");
	d.notice_title = "\x01";
	assert_string_equal(deliver(&d, NULL).r.field, "notification_title");
	d = letter("acd", "tax-assessment", "t");
	d.due_date = "2026-02-30";
	assert_string_equal(deliver(&d, NULL).r.field, "due_date");
	d = letter("acd", "tax-assessment", "t");
	d.bytes = "\x89PNG\r\n\x1a\n....";
	d.len = 12;
	struct seen s = deliver(&d, NULL);
	assert_true(s.r.unsupported_type);
	gx_lb_settings.max_bytes = 10;
	d = letter("acd", "tax-assessment", "t");
	s = deliver(&d, NULL);
	gx_lb_settings.max_bytes = 10u << 20;
	assert_true(s.r.too_large);
	assert_int_equal(port.submits, 0); /* nothing reached the store */
}

static void test_not_opted_in_stores_nothing(void **state)
{
	struct gx_lb_delivery d = letter("acd", "tax-assessment", "Avis d'impôt 2025");
	struct seen s = deliver(&d, NULL);
	assert_int_equal(s.r.status, GX_CORE_CONFLICT);
	assert_true(s.r.not_opted_in);
	d.national_id = NOBODY; /* never logged in: no letter box */
	s = deliver(&d, NULL);
	assert_true(s.r.not_opted_in);
	assert_int_equal(count("SELECT count(*) FROM letterbox_documents"), 0);
	assert_int_equal(count("SELECT count(*) FROM mail_outbox"), 0);
}

static void test_one_key_one_document_with_its_notifications(void **state)
{
	opt_in("acd", "tax-assessment");
	struct gx_idempotency idem = {.client = "cl_test", .key = "k1", .request_hash = "aa"};
	struct gx_lb_delivery d = letter("acd", "tax-assessment", "Avis d'impôt 2025");
	d.due_date = "2026-03-31";
	struct seen first = deliver(&d, &idem);
	assert_int_equal(first.r.status, GX_CORE_OK);
	assert_int_equal(first.r.http_status, 201);
	assert_false(first.r.replayed);
	assert_non_null(strstr(first.body, "\"status\":\"delivered\""));
	struct seen again = deliver(&d, &idem);
	assert_true(again.r.replayed);
	assert_string_equal(again.body, first.body);
	snprintf(idem.request_hash, sizeof(idem.request_hash), "bb");
	struct seen other = deliver(&d, &idem);
	assert_int_equal(other.r.status, GX_CORE_CONFLICT);
	assert_true(other.r.key_reused);
	assert_int_equal(count("SELECT count(*) FROM letterbox_documents"), 1);
	/* the document now, a reminder in 7 days (the type's), one 3 days before it is due */
	assert_int_equal(count("SELECT count(*) FROM mail_outbox WHERE kind = 'document'"), 1);
	assert_int_equal(count("SELECT count(*) FROM mail_outbox WHERE kind = 'reminder'"), 1);
	assert_int_equal(count("SELECT count(*) FROM mail_outbox WHERE kind = 'due'"), 1);
	/* a queue that refuses: nothing stored, one completion */
	port.refuse = true;
	idem.key = "k2";
	struct seen refused = deliver(&d, &idem);
	port.refuse = false;
	assert_int_equal(refused.r.status, GX_CORE_UNAVAILABLE);
	assert_int_equal(count("SELECT count(*) FROM letterbox_documents"), 1);
}

static void test_receipts_once_and_the_search(void **state)
{
	opt_in("commune", "certificate");
	struct gx_lb_delivery d = letter("commune", "certificate", "Certificat de Résidence");
	d.confirmation_required = true;
	long long id = deliver(&d, NULL).r.id;
	struct seen s = {0};
	gx_lb_open(&ctx, GX_ID(gx_space_id, space + 1000), id, on_done, &s);
	assert_int_equal(s.d.status, GX_CORE_NOT_FOUND); /* another space's */
	for (int i = 0; i < 2; i++) {
		s = (struct seen){0};
		gx_lb_open(&ctx, GX_ID(gx_space_id, space), id, on_done, &s);
		assert_int_equal(s.d.status, GX_CORE_OK);
		assert_int_equal(s.len, sizeof(pdf) - 1);
		assert_int_equal(s.doc.read_at_us, NOW);
	}
	assert_int_equal(count("SELECT count(*) FROM org_events WHERE kind = 'letterbox.read'"), 1);
	s = (struct seen){0};
	gx_lb_confirm(&ctx, GX_ID(gx_space_id, space), id, on_done, &s);
	assert_int_equal(s.d.status, GX_CORE_OK);
	gx_lb_confirm(&ctx, GX_ID(gx_space_id, space), id, on_done, &s);
	assert_int_equal(count("SELECT count(*) FROM org_events WHERE kind = 'letterbox.confirmed'"), 1);
	/* a document that did not ask for it cannot be confirmed */
	long long plain = deliver(&(struct gx_lb_delivery){.national_id = MARIE, .org = "commune", .doc_type = "certificate",
							   .title = "Autre", .notice_title = "Autre", .bytes = pdf,
							   .len = sizeof(pdf) - 1, .sender = "cl"},
				  NULL).r.id;
	s = (struct seen){0};
	gx_lb_confirm(&ctx, GX_ID(gx_space_id, space), plain, on_done, &s);
	assert_int_equal(s.d.status, GX_CORE_INVALID);
	/* case and accents do not matter; every word must be there */
	struct gx_lb_document rows[4];
	size_t n;
	bool more;
	struct gx_lb_filter f = {.q = "residence CERTIFICAT", .unread = -1};
	assert_int_equal(gx_lb_list(reader, GX_ID(gx_space_id, space), &f, rows, 4, &n, &more), GX_DB_ONE_RESULT);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].id, id);
	f.q = "résidence autre";
	assert_int_equal(gx_lb_list(reader, GX_ID(gx_space_id, space), &f, rows, 4, &n, &more), GX_DB_NO_RESULTS);
	/* the sender sees its receipts, another organisation nothing */
	enum gx_db_status st;
	json_t *view = gx_lb_org_document(reader, "commune", id, &st);
	assert_non_null(view);
	assert_string_equal(json_string_value(json_object_get(view, "status")), "confirmed");
	json_decref(view);
	assert_null(gx_lb_org_document(reader, "acd", id, &st));
	assert_int_equal(st, GX_DB_NO_RESULTS);
}

static void verify_address(const char *address)
{
	struct gx_email_code_row row = {.person_id = person, .issued_us = 1, .expires_us = 2, .day_start_us = 1,
					.day_count = 1, .verified_at_us = 3};
	snprintf(row.address, sizeof(row.address), "%s", address);
	assert_int_equal(gx_store_self_declared_set(writer, person, "email", address, 1), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_email_code_put(writer, &row), GX_DB_ONE_RESULT);
}

static void test_the_outbox_as_the_senders_queue(void **state)
{
	opt_in("acd", "tax-assessment");
	struct gx_outbox_queue oq = {.db = reader, .domain = &domain, .lease_us = 60LL * 1000000};
	struct gx_mail_queue q = gx_outbox_queue(&oq);
	struct gx_mail_item item;
	struct gx_lb_delivery d = letter("acd", "tax-assessment", "Avis personnel de Marie");
	long long first = deliver(&d, NULL).r.id;
	/* no verified address: ended without a mail */
	assert_int_equal(q.next_due(q.ctx, NOW, &item), 0);
	assert_int_equal(oq.skipped, 1);
	verify_address("marie@example.lu");
	assert_int_equal(gx_store_self_declared_set(writer, person, "preferred_language", "en", 1), GX_DB_ONE_RESULT);
	d.title = "Deuxième avis de Marie";
	long long second = deliver(&d, NULL).r.id;
	assert_int_equal(q.next_due(q.ctx, NOW, &item), 1);
	assert_int_equal(item.kind, GX_MAIL_DOCUMENT);
	assert_string_equal(item.to, "marie@example.lu");
	assert_string_equal(item.lang, "en");
	assert_string_equal(item.title, "Un avis"); /* the notification title, never the document's */
	assert_string_equal(item.organisation, "Direct Tax Administration (ACD)");
	assert_int_equal(item.attempts, 0);
	/* held: no one else gets it before the lease ends */
	struct gx_mail_item other;
	int got = q.next_due(q.ctx, NOW, &other);
	if (got != 0)
		fail_msg("took %llu (%d) while %llu is held", (unsigned long long)other.id.value, (int)other.kind,
			 (unsigned long long)item.id.value);
	assert_int_equal(q.mark_retry(q.ctx, item.id, NOW + 10), 0);
	assert_int_equal(q.next_due(q.ctx, NOW + 10, &other), 1);
	assert_int_equal(other.attempts, 1);
	assert_int_equal(q.mark_sent(q.ctx, other.id), 0);
	/* a week later: the first document, still unread, is recalled; the second was read: its reminder skipped */
	struct seen s = {0};
	gx_lb_open(&ctx, GX_ID(gx_space_id, space), second, on_done, &s);
	oq.skipped = 0;
	assert_int_equal(q.next_due(q.ctx, NOW + 8 * DAY, &item), 1);
	assert_int_equal(item.kind, GX_MAIL_REMINDER);
	assert_int_equal(q.mark_sent(q.ctx, item.id), 0);
	assert_int_equal(q.next_due(q.ctx, NOW + 8 * DAY, &item), 0);
	assert_int_equal(oq.skipped, 1);
	char *firsts = NULL;
	assert_int_equal(gx_store_outbox_of(reader, first, 0, &firsts), GX_DB_ONE_RESULT);
	assert_non_null(strstr(firsts, "\"kind\":\"document\",\"state\":\"skipped\""));
	assert_non_null(strstr(firsts, "\"kind\":\"reminder\",\"state\":\"sent\""));
	free(firsts);
	char *json = NULL;
	assert_int_equal(gx_store_outbox_of(reader, second, 0, &json), GX_DB_ONE_RESULT);
	assert_non_null(strstr(json, "\"kind\":\"document\",\"state\":\"sent\",\"attempts\":2"));
	assert_non_null(strstr(json, "\"kind\":\"reminder\",\"state\":\"skipped\""));
	free(json);
}

static void test_email_code(void **state)
{
	struct gx_mail_memqueue *mq = gx_mail_memqueue_new(8);
	gx_email_set_queue(mq, NULL, NULL);
	struct seen s = {0};
	gx_email_send_code(&ctx, "de", on_email, &s);
	assert_int_equal(s.e.status, GX_CORE_INVALID);
	assert_string_equal(s.e.why, "no_address");
	assert_int_equal(gx_store_self_declared_set(writer, person, "email", "marie@example.lu", 1), GX_DB_ONE_RESULT);
	gx_email_send_code(&ctx, "de", on_email, &s);
	assert_int_equal(s.e.status, GX_CORE_OK);
	struct gx_mail_queue q = gx_mail_memqueue_queue(mq);
	struct gx_mail_item item;
	assert_int_equal(q.next_due(q.ctx, NOW, &item), 1);
	assert_int_equal(item.kind, GX_MAIL_CODE);
	assert_string_equal(item.to, "marie@example.lu");
	assert_string_equal(item.lang, "de");
	assert_int_equal(strlen(item.code), 6);
	assert_true(item.id.value >= (1ULL << 63)); /* never an outbox id: another Message-ID */
	/* the code is nowhere in the store */
	struct gx_test_raw raw = gx_test_raw_open(&tdb);
	char sql[160];
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM email_verifications WHERE address = '%s'", item.code);
	assert_int_equal(gx_test_raw_int(&raw, sql), 0);
	gx_test_raw_close(&raw);
	gx_email_send_code(&ctx, "de", on_email, &s);
	assert_string_equal(s.e.why, "too_soon");
	char wrong[8];
	snprintf(wrong, sizeof(wrong), "%06d", (atoi(item.code) + 1) % 1000000);
	gx_email_verify(&ctx, wrong, on_email, &s);
	assert_string_equal(s.e.why, "wrong");
	gx_email_verify(&ctx, "12a", on_email, &s);
	assert_string_equal(s.e.why, "malformed");
	struct gx_email_state st;
	assert_int_equal(gx_email_state(reader, ctx.person, NOW, &st), GX_DB_ONE_RESULT);
	assert_false(st.verified);
	assert_true(st.code_pending);
	gx_email_verify(&ctx, item.code, on_email, &s);
	assert_int_equal(s.e.status, GX_CORE_OK);
	assert_int_equal(gx_email_state(reader, ctx.person, NOW, &st), GX_DB_ONE_RESULT);
	assert_true(st.verified);
	/* another address: no longer verified */
	assert_int_equal(gx_store_self_declared_set(writer, person, "email", "autre@example.lu", 2), GX_DB_ONE_RESULT);
	assert_int_equal(gx_email_state(reader, ctx.person, NOW, &st), GX_DB_ONE_RESULT);
	assert_false(st.verified);
	gx_email_set_queue(NULL, NULL, NULL);
	gx_mail_memqueue_free(mq);
}

static void test_retention_leaves_a_tombstone(void **state)
{
	opt_in("commune", "certificate"); /* kept 365 days */
	long long id = deliver(&(struct gx_lb_delivery){.national_id = MARIE, .org = "commune", .doc_type = "certificate",
							.title = "Vieux", .notice_title = "Vieux", .bytes = pdf,
							.len = sizeof(pdf) - 1, .sender = "cl"},
			       NULL).r.id;
	size_t purged;
	assert_int_equal(gx_lb_purge_run(writer, NOW + 364 * DAY, &purged), 0);
	assert_int_equal(purged, 0);
	assert_int_equal(gx_lb_purge_run(writer, NOW + 366 * DAY, &purged), 0);
	assert_int_equal(purged, 1);
	struct gx_lb_document d;
	assert_int_equal(gx_lb_read(reader, GX_ID(gx_space_id, space), id, &d), GX_DB_NO_RESULTS);
	enum gx_db_status st;
	json_t *view = gx_lb_org_document(reader, "commune", id, &st);
	assert_non_null(view);
	assert_string_equal(json_string_value(json_object_get(view, "status")), "purged");
	assert_int_equal(strlen(json_string_value(json_object_get(view, "sha256"))), 64);
	assert_null(json_object_get(view, "title"));
	json_decref(view);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_refusals_write_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_opted_in_stores_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_one_key_one_document_with_its_notifications, setup, teardown),
		cmocka_unit_test_setup_teardown(test_receipts_once_and_the_search, setup, teardown),
		cmocka_unit_test_setup_teardown(test_the_outbox_as_the_senders_queue, setup, teardown),
		cmocka_unit_test_setup_teardown(test_email_code, setup, teardown),
		cmocka_unit_test_setup_teardown(test_retention_leaves_a_tombstone, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
