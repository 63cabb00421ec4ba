/* Cases: an organisation works a submission. Assignment by role, notes,
 * moves through the procedure's statuses (a final one with a decision),
 * a request for information and the person's answer with its signed
 * receipt, the revision read (a stale change changes nothing), and the
 * idempotency key (a retry gives the first answer, another request with
 * the key is refused). Procedures: tests/fixtures/procedures/valid/. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/cases.h"
#include "core/drafts.h"
#include "core/submissions.h"
#include "receipts/receipt.h"
#include "store/durable_testutil.h"
#include "store/store_testutil.h"

static struct gx_test_db tdb;
static struct gx_store *store;
static struct gx_store_conn *reader, *writer;
static struct gx_test_durable port;
static struct gx_domain domain;
static h2o_mem_pool_t pool;
static struct gx_core_ctx ctx;
static struct gx_access decided; /* the person in their own space, as the decision gives it */
static long long space, submission;

#define HANDLER "1972110213859"
#define OTHER_HANDLER "1990122300157"
#define SUPERVISOR "1975061200150"

static const struct gx_org_actor handler = {.org = "commune", .agent = HANDLER, .role = "handler"};
static const struct gx_org_actor other_handler = {.org = "commune", .agent = OTHER_HANDLER, .role = "handler"};
static const struct gx_org_actor supervisor = {.org = "commune", .agent = SUPERVISOR, .role = "supervisor",
					       .supervisor = true};
static const struct gx_org_actor stranger = {.org = "cae", .agent = HANDLER, .role = "handler"};

struct seen {
	int calls;
	struct gx_case_changed r;
	char body[1024];
	long long id;
};

static void on_changed(void *arg, const struct gx_case_changed *r)
{
	struct seen *s = arg;
	s->calls++;
	s->r = *r;
	snprintf(s->body, sizeof(s->body), "%s", r->body != NULL ? r->body : "");
	s->r.body = NULL;
	s->r.kase = NULL;
}

static void on_opened(void *arg, const struct gx_draft_opened *o)
{
	((struct seen *)arg)->id = o->id.v;
}

static void on_submitted(void *arg, const struct gx_submitted *r)
{
	((struct seen *)arg)->id = r->id.v;
}

static enum gx_db_status add_agents(struct gx_store_conn *c, void *arg)
{
	enum gx_db_status st = gx_store_org_agent_set(c, "commune", HANDLER, "handler", 1);
	if (st >= 0)
		st = gx_store_org_agent_set(c, "commune", OTHER_HANDLER, "handler", 1);
	if (st >= 0)
		st = gx_store_org_agent_set(c, "commune", SUPERVISOR, "supervisor", 1);
	return st;
}

static int setup(void **state)
{
	char err[256];
	store = gx_test_store_open(&tdb);
	reader = gx_store_conn_open(store);
	writer = gx_store_conn_open(store);
	struct gx_person_login in = {"1985031410148", "Marie", "Schmit", 1};
	long long person;
	assert_int_equal(gx_store_person_login(writer, &in, &person, &space), GX_DB_ONE_RESULT);
	assert_true(gx_store_run_tx(writer, true, add_agents, NULL) >= 0);
	char key[128];
	snprintf(key, sizeof(key), "%s/receipt.key", tdb.dir);
	struct gx_domain_files files = {.registers = "etc/registers.json",
					.procedures_dir = "tests/fixtures/procedures/valid",
					.descriptions_dir = "registers", .receipt_key = key};
	if (gx_domain_load(&domain, &files, err, sizeof(err)) != 0)
		fail_msg("domain: %s", err);
	gx_registers_free(&domain.registers);
	gx_test_durable_init(&port, writer);
	h2o_mem_init_pool(&pool);
	ctx = (struct gx_core_ctx){.domain = &domain, .db = reader, .durable = &port.port, .pool = &pool,
				   .request_id = "test", .now_us = 1767268800000000LL,
				   .person = GX_ID(gx_person_id, person)};
	assert_int_equal(gx_access_decide(reader, GX_ID(gx_space_id, space), GX_ID(gx_person_id, person), ctx.now_us, &decided),
			 GX_DB_ONE_RESULT);
	ctx.access = &decided;
	/* Marie submits the minimal procedure (statuses submitted, completed, rejected). */
	struct seen s = {0};
	gx_draft_open(&ctx, GX_ID(gx_space_id, space), gx_core_procedure(&ctx, "minimal"), on_opened, &s);
	gx_submission_submit(&ctx, GX_ID(gx_space_id, space), GX_ID(gx_draft_id, s.id), "en", on_submitted, &s);
	submission = s.id;
	return submission > 0 ? 0 : -1;
}

static int teardown(void **state)
{
	h2o_mem_clear_pool(&pool);
	gx_domain_free(&domain);
	gx_store_conn_close(reader);
	gx_store_conn_close(writer);
	gx_store_close(store);
	gx_test_db_remove(&tdb);
	return 0;
}

static struct gx_case read_case(void)
{
	struct gx_case k;
	assert_int_equal(gx_case_read(reader, "commune", submission, &k), GX_DB_ONE_RESULT);
	return k;
}

static struct gx_case_order at(long long revision)
{
	return (struct gx_case_order){.submission_id = submission, .revision = revision};
}

static void test_opened_with_the_submission(void **state)
{
	struct gx_case k = read_case();
	assert_string_equal(k.status, "submitted");
	assert_string_equal(k.turn, "organisation");
	assert_int_equal(k.revision, 1);
	/* Another organisation does not see it. */
	assert_int_equal(gx_case_read(reader, "cae", submission, &k), GX_DB_NO_RESULTS);
	char *events = NULL;
	long long last;
	assert_true(gx_store_org_events(reader, "commune", 0, 10, &events, &last) >= 0);
	assert_non_null(strstr(events, "\"kind\":\"submission.new\""));
	free(events);
}

static void test_assignment_by_role(void **state)
{
	struct seen s = {0};
	struct gx_case_order o = at(1);
	gx_case_assign(&ctx, &stranger, &o, HANDLER, on_changed, &s);
	assert_int_equal(s.r.status, GX_CORE_NOT_FOUND);
	/* A handler takes it; another handler may not take it from them, nor give it away. */
	s = (struct seen){0};
	gx_case_assign(&ctx, &handler, &o, HANDLER, on_changed, &s);
	assert_int_equal(s.calls, 1);
	assert_int_equal(s.r.status, GX_CORE_OK);
	assert_string_equal(read_case().assignee, HANDLER);
	s = (struct seen){0};
	o = at(2);
	gx_case_assign(&ctx, &other_handler, &o, OTHER_HANDLER, on_changed, &s);
	assert_int_equal(s.r.status, GX_CORE_INVALID);
	assert_string_equal(s.r.field, "assignee");
	gx_case_assign(&ctx, &handler, &o, OTHER_HANDLER, on_changed, &s);
	assert_int_equal(s.r.status, GX_CORE_INVALID);
	/* A supervisor assigns to another agent, never to a stranger. */
	gx_case_assign(&ctx, &supervisor, &o, "1985031410148", on_changed, &s);
	assert_int_equal(s.r.status, GX_CORE_INVALID);
	gx_case_assign(&ctx, &supervisor, &o, OTHER_HANDLER, on_changed, &s);
	assert_int_equal(s.r.status, GX_CORE_OK);
	assert_string_equal(read_case().assignee, OTHER_HANDLER);
	/* A stale change: the case moved since revision 2. */
	gx_case_assign(&ctx, &supervisor, &o, HANDLER, on_changed, &s);
	assert_int_equal(s.r.status, GX_CORE_CONFLICT);
	assert_string_equal(read_case().assignee, OTHER_HANDLER);
	/* Only the assignee or a supervisor unassigns. */
	o = at(3);
	gx_case_assign(&ctx, &handler, &o, NULL, on_changed, &s);
	assert_int_equal(s.r.status, GX_CORE_INVALID);
	gx_case_assign(&ctx, &other_handler, &o, NULL, on_changed, &s);
	assert_int_equal(s.r.status, GX_CORE_OK);
	assert_string_equal(read_case().assignee, "");
	char *log = NULL;
	assert_true(gx_store_case_log(reader, submission, &log) >= 0);
	assert_non_null(strstr(log, "\"kind\":\"assigned\",\"author\":\"" SUPERVISOR "\""));
	free(log);
}

static void test_moves_and_decision(void **state)
{
	struct seen s = {0};
	struct gx_case_order o = at(1);
	gx_case_move(&ctx, &handler, &o, "unknown", NULL, NULL, on_changed, &s);
	assert_int_equal(s.r.status, GX_CORE_INVALID);
	assert_string_equal(s.r.field, "status");
	gx_case_move(&ctx, &handler, &o, "completed", NULL, NULL, on_changed, &s);
	assert_int_equal(s.r.status, GX_CORE_INVALID);
	assert_string_equal(s.r.field, "decision");
	struct gx_case_decision not_pdf = {.text = "Granted.", .pdf = "GIF89a", .pdf_len = 6};
	gx_case_move(&ctx, &handler, &o, "completed", NULL, &not_pdf, on_changed, &s);
	assert_int_equal(s.r.status, GX_CORE_INVALID);
	assert_string_equal(s.r.field, "file");
	static const char pdf[] = "%PDF-1.7 the decision";
	struct gx_case_decision d = {.text = "Granted.", .pdf = pdf, .pdf_len = sizeof(pdf) - 1, .pdf_name = "decision.pdf"};
	gx_case_move(&ctx, &handler, &o, "completed",
		     "{\"fr\":\"Accordé\",\"de\":\"Gewährt\",\"en\":\"Granted\"}", &d, on_changed, &s);
	assert_int_equal(s.r.status, GX_CORE_OK);
	struct gx_case k = read_case();
	assert_string_equal(k.status, "completed");
	assert_true(k.final);
	/* The person sees the decision, by the organisation's handler, with its file. */
	char *timeline = NULL;
	assert_true(gx_store_submission_timeline(reader, submission, &timeline) >= 0);
	assert_non_null(strstr(timeline, "\"kind\":\"decision\""));
	assert_non_null(strstr(timeline, "\"actor\":{\"kind\":\"agent\",\"org\":\"commune\",\"role\":\"handler\"}"));
	assert_null(strstr(timeline, HANDLER));
	assert_non_null(strstr(timeline, "\"text\":\"Granted.\""));
	free(timeline);
	char *files = NULL;
	assert_true(gx_store_attachments_list(reader, GX_ATTACHMENTS_OF_SUBMISSION, submission, &files) >= 0);
	assert_non_null(strstr(files, "\"kind\":\"decision\""));
	free(files);
	/* A final case moves no more, nor takes requests. */
	o = at(k.revision);
	gx_case_move(&ctx, &handler, &o, "rejected", NULL, &d, on_changed, &s);
	assert_int_equal(s.r.status, GX_CORE_INVALID);
	gx_case_request(&ctx, &handler, &o, "Why?", 0, on_changed, &s);
	assert_int_equal(s.r.status, GX_CORE_INVALID);
}

static void test_request_and_answer(void **state)
{
	struct seen s = {0};
	struct gx_case_order o = at(1);
	gx_case_request(&ctx, &handler, &o, "Please send your dog's vaccination card.", 1, on_changed, &s);
	assert_int_equal(s.r.status, GX_CORE_OK);
	assert_int_equal(s.r.http_status, 201);
	struct gx_case k = read_case();
	assert_string_equal(k.turn, "person");
	assert_int_equal(k.open_request, 2);
	o = at(k.revision);
	gx_case_request(&ctx, &handler, &o, "And?", 0, on_changed, &s);
	assert_int_equal(s.r.status, GX_CORE_INVALID); /* one open request at a time */

	/* The answer needs the file asked for; another space's person cannot answer. */
	struct gx_submission_id id = GX_ID(gx_submission_id, submission);
	gx_case_answer(&ctx, GX_ID(gx_space_id, space), id, 2, "Here it is.", NULL, 0, on_changed, &s);
	assert_int_equal(s.r.status, GX_CORE_INVALID);
	assert_string_equal(s.r.field, "files");
	static const char card[] = "%PDF-1.4 card";
	struct gx_answer_file f = {"card.pdf", 8, card, sizeof(card) - 1};
	gx_case_answer(&ctx, GX_ID(gx_space_id, space + 1), id, 2, "Here it is.", &f, 1, on_changed, &s);
	assert_int_equal(s.r.status, GX_CORE_NOT_FOUND);
	gx_case_answer(&ctx, GX_ID(gx_space_id, space), id, 3, "Here it is.", &f, 1, on_changed, &s);
	assert_int_equal(s.r.status, GX_CORE_NOT_FOUND);
	s = (struct seen){0};
	gx_case_answer(&ctx, GX_ID(gx_space_id, space), id, 2, "Here it is.", &f, 1, on_changed, &s);
	assert_int_equal(s.calls, 1);
	assert_int_equal(s.r.status, GX_CORE_OK);
	k = read_case();
	assert_string_equal(k.turn, "organisation");
	assert_int_equal(k.open_request, 0);
	/* The answer's receipt is signed by the platform. */
	char *timeline = NULL;
	assert_true(gx_store_submission_timeline(reader, submission, &timeline) >= 0);
	json_error_t err;
	json_t *events = json_loads(timeline, 0, &err);
	free(timeline);
	json_t *answer = json_array_get(events, json_array_size(events) - 1);
	assert_string_equal(json_string_value(json_object_get(answer, "kind")), "answer");
	const char *receipt = json_string_value(json_object_get(json_object_get(answer, "detail"), "receipt"));
	const char *sig = json_string_value(json_object_get(json_object_get(answer, "detail"), "signature"));
	assert_non_null(strstr(receipt, "guichet-answer-receipt/1"));
	assert_int_equal(gx_receipt_verify(receipt, strlen(receipt), sig), 1);
	json_decref(events);
	/* The organisation is told. */
	char *feed = NULL;
	long long last;
	assert_true(gx_store_org_events(reader, "commune", 1, 10, &feed, &last) >= 0);
	assert_non_null(strstr(feed, "\"kind\":\"request.answered\""));
	free(feed);
	/* Answered: no second answer. */
	gx_case_answer(&ctx, GX_ID(gx_space_id, space), id, 2, "Again.", &f, 1, on_changed, &s);
	assert_int_equal(s.r.status, GX_CORE_NOT_FOUND);
}

static void test_idempotency_key(void **state)
{
	struct gx_idempotency idem = {.client = "commune-cms", .key = "k-1", .request_hash = "aaaa"};
	struct gx_org_actor client = {.org = "commune", .client = "commune-cms", .role = "client", .supervisor = true};
	struct gx_case_order o = {.submission_id = submission, .revision = 1, .idem = &idem};
	struct seen first = {0}, again = {0}, other = {0};
	gx_case_note(&ctx, &client, &o, "Checked the register.", on_changed, &first);
	assert_int_equal(first.r.status, GX_CORE_OK);
	assert_false(first.r.replayed);
	gx_case_note(&ctx, &client, &o, "Checked the register.", on_changed, &again);
	assert_int_equal(again.r.status, GX_CORE_OK);
	assert_true(again.r.replayed);
	assert_int_equal(again.r.http_status, first.r.http_status);
	assert_string_equal(again.body, first.body);
	char *log = NULL;
	assert_true(gx_store_case_log(reader, submission, &log) >= 0);
	assert_non_null(strstr(log, "Checked the register."));
	assert_null(strstr(strstr(log, "Checked the register.") + 1, "Checked the register.")); /* one note */
	free(log);
	snprintf(idem.request_hash, sizeof(idem.request_hash), "bbbb");
	gx_case_note(&ctx, &client, &o, "Something else.", on_changed, &other);
	assert_int_equal(other.r.status, GX_CORE_CONFLICT);
	assert_true(other.r.key_reused);
}

static void test_refused_queue_is_one_completion(void **state)
{
	port.refuse = true;
	struct seen s = {0};
	struct gx_case_order o = at(1);
	gx_case_move(&ctx, &handler, &o, "rejected", NULL, &(struct gx_case_decision){.text = "No."}, on_changed, &s);
	assert_int_equal(s.calls, 1);
	assert_int_equal(s.r.status, GX_CORE_UNAVAILABLE);
	assert_string_equal(read_case().status, "submitted");
	port.refuse = false;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_opened_with_the_submission, setup, teardown),
		cmocka_unit_test_setup_teardown(test_assignment_by_role, setup, teardown),
		cmocka_unit_test_setup_teardown(test_moves_and_decision, setup, teardown),
		cmocka_unit_test_setup_teardown(test_request_and_answer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_idempotency_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused_queue_is_one_completion, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
