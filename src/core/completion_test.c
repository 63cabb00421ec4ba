/* Every durable operation of core ends in exactly one completion, whether
 * the group commit takes its write or refuses it (queue full, closing, out
 * of memory): each is run twice, with a port that commits at once and with
 * one that refuses every write, and its callback must run once, with the
 * right status, and nothing may be stored after a refusal. LeakSanitizer
 * (the test build) checks that the refusal path frees what the operation
 * held. The procedures are tests/fixtures/procedures/valid/ ("minimal",
 * and "rich-example" for a file field); no register is configured, so
 * opening a draft asks none. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/attachments.h"
#include "core/choices.h"
#include "core/drafts.h"
#include "core/overview.h"
#include "core/self_declared.h"
#include "core/submissions.h"
#include "store/durable_testutil.h"
#include "store/store_testutil.h"

static struct gx_test_db tdb;
static struct gx_store *store;
static struct gx_store_conn *reader, *writer;
static struct gx_test_durable port;
static struct gx_domain domain;
static struct gx_register choosable = {.name = "persons", .choice = true};
static h2o_mem_pool_t pool;
static struct gx_core_ctx ctx;
static struct gx_access decided; /* the person in their own space, as the decision gives it */
static long long space;

static int setup(void **state)
{
	char err[256];
	store = gx_test_store_open(&tdb);
	reader = gx_store_conn_open(store);
	writer = gx_store_conn_open(store);
	struct gx_person_login in = {"1985031410148", "Marie", "Schmit", 1};
	long long person;
	assert_int_equal(gx_store_person_login(writer, &in, &person, &space), GX_DB_ONE_RESULT);
	char key[128];
	snprintf(key, sizeof(key), "%s/receipt.key", tdb.dir);
	struct gx_domain_files files = {.registers = "etc/registers.json",
					.procedures_dir = "tests/fixtures/procedures/valid",
					.descriptions_dir = "registers", .receipt_key = key};
	if (gx_domain_load(&domain, &files, err, sizeof(err)) != 0)
		fail_msg("domain: %s", err);
	/* No register is asked: the configured ones are dropped, one with a choice is kept to choose. */
	gx_registers_free(&domain.registers);
	domain.registers = (struct gx_registers){.count = 1, .items = &choosable, .deadline_ms = 100};
	gx_test_durable_init(&port, writer);
	h2o_mem_init_pool(&pool);
	ctx = (struct gx_core_ctx){.domain = &domain, .db = reader, .durable = &port.port, .pool = &pool,
				   .request_id = "test", .now_us = 1767268800000000LL /* 2026-01-01T12:00Z */,
				   .person = GX_ID(gx_person_id, person)};
	assert_int_equal(gx_access_decide(reader, GX_ID(gx_space_id, space), GX_ID(gx_person_id, person), ctx.now_us, &decided),
			 GX_DB_ONE_RESULT);
	ctx.access = &decided;
	return 0;
}

static int teardown(void **state)
{
	h2o_mem_clear_pool(&pool);
	domain.registers = (struct gx_registers){0};
	gx_domain_free(&domain);
	gx_store_conn_close(reader);
	gx_store_conn_close(writer);
	gx_store_close(store);
	gx_test_db_remove(&tdb);
	return 0;
}

/* What a completion saw. */
struct seen {
	int calls;
	enum gx_core_status status;
	enum gx_db_status result;
	long long id;
	struct gx_upload upload;
};

static void on_opened(void *arg, const struct gx_draft_opened *o)
{
	struct seen *s = arg;
	s->calls++;
	s->status = o->status;
	s->id = o->id.v;
}

static void on_status(void *arg, enum gx_core_status status)
{
	struct seen *s = arg;
	s->calls++;
	s->status = status;
}

static void on_result(void *arg, enum gx_db_status result)
{
	struct seen *s = arg;
	s->calls++;
	s->result = result;
}

static void on_submitted(void *arg, const struct gx_submitted *r)
{
	struct seen *s = arg;
	s->calls++;
	s->status = r->status;
	s->id = r->id.v;
}

static void on_uploaded(void *arg, const struct gx_upload *u)
{
	struct seen *s = arg;
	s->calls++;
	s->upload = *u;
}

static void on_removed(void *arg, enum gx_db_status result, const char *pointer)
{
	struct seen *s = arg;
	s->calls++;
	s->result = result;
}

static long long open_draft(const char *procedure, enum gx_core_status expect)
{
	struct seen s = {0};
	gx_draft_open(&ctx, GX_ID(gx_space_id, space), gx_core_procedure(&ctx, procedure), on_opened, &s);
	assert_int_equal(s.calls, 1);
	assert_int_equal(s.status, expect);
	return s.id;
}

static long long count_items(void)
{
	struct gx_space_item items[8];
	size_t n = 0;
	bool more = false;
	struct gx_overview_query q = {.filter = "all"};
	assert_true(gx_overview_read(&ctx, GX_ID(gx_space_id, space), &q, 8, items, &n, &more) >= 0);
	return (long long)n;
}

static void test_draft_open_save_delete(void **state)
{
	port.refuse = true;
	assert_int_equal(open_draft("minimal", GX_CORE_UNAVAILABLE), 0);
	assert_int_equal(count_items(), 0);
	port.refuse = false;
	long long id = open_draft("minimal", GX_CORE_OK);
	assert_true(id > 0);

	struct seen s = {0};
	port.refuse = true;
	gx_draft_save(&ctx, &(struct gx_draft){.id = id, .procedure_id = "minimal"}, "{\"note\":\"refused\"}", 1, on_status, &s);
	assert_int_equal(s.calls, 1);
	assert_int_equal(s.status, GX_CORE_UNAVAILABLE);
	struct gx_draft d;
	assert_int_equal(gx_draft_load(&ctx, GX_ID(gx_space_id, space), GX_ID(gx_draft_id, id), &d), GX_DB_ONE_RESULT);
	assert_string_equal(d.data_json, "{}");
	gx_draft_clear(&d);

	s = (struct seen){0};
	gx_draft_delete(&ctx, &(struct gx_draft){.id = id, .procedure_id = "minimal"}, on_status, &s);
	assert_int_equal(s.calls, 1);
	assert_int_equal(s.status, GX_CORE_UNAVAILABLE);
	assert_int_equal(count_items(), 1);

	port.refuse = false;
	s = (struct seen){0};
	gx_draft_delete(&ctx, &(struct gx_draft){.id = id, .procedure_id = "minimal"}, on_status, &s);
	assert_int_equal(s.calls, 1);
	assert_int_equal(s.status, GX_CORE_OK);
	s = (struct seen){0};
	gx_draft_save(&ctx, &(struct gx_draft){.id = id, .procedure_id = "minimal"}, "{}", 1, on_status, &s);
	assert_int_equal(s.calls, 1);
	assert_int_equal(s.status, GX_CORE_NOT_FOUND);
	assert_int_equal(count_items(), 0);
}

static void test_submit(void **state)
{
	long long id = open_draft("minimal", GX_CORE_OK);
	struct seen s = {0};
	port.refuse = true;
	gx_submission_submit(&ctx, GX_ID(gx_space_id, space), GX_ID(gx_draft_id, id), "en", on_submitted, &s);
	assert_int_equal(s.calls, 1);
	assert_int_equal(s.status, GX_CORE_UNAVAILABLE);
	struct gx_draft d;
	assert_int_equal(gx_draft_load(&ctx, GX_ID(gx_space_id, space), GX_ID(gx_draft_id, id), &d), GX_DB_ONE_RESULT);
	gx_draft_clear(&d);

	port.refuse = false;
	s = (struct seen){0};
	gx_submission_submit(&ctx, GX_ID(gx_space_id, space), GX_ID(gx_draft_id, id), "en", on_submitted, &s);
	assert_int_equal(s.calls, 1);
	assert_int_equal(s.status, GX_CORE_OK);
	assert_true(s.id > 0);
	/* Again: the draft is gone. Another space's draft is not found. */
	s = (struct seen){0};
	gx_submission_submit(&ctx, GX_ID(gx_space_id, space), GX_ID(gx_draft_id, id), "en", on_submitted, &s);
	assert_int_equal(s.calls, 1);
	assert_int_equal(s.status, GX_CORE_NOT_FOUND);
	long long other = open_draft("minimal", GX_CORE_OK);
	s = (struct seen){0};
	gx_submission_submit(&ctx, GX_ID(gx_space_id, space + 1), GX_ID(gx_draft_id, other), "en", on_submitted, &s);
	assert_int_equal(s.calls, 1);
	assert_int_equal(s.status, GX_CORE_NOT_FOUND);
}

static void test_choice_and_self_declared(void **state)
{
	const struct gx_register *reg = gx_choice_register(&ctx, "persons");
	assert_non_null(reg);
	assert_null(gx_choice_register(&ctx, "vehicles"));
	bool declined = false;
	const struct gx_register *regs[] = {reg};

	struct seen s = {0};
	port.refuse = true;
	gx_choice_set(&ctx, reg, false, NULL, on_result, &s);
	assert_int_equal(s.calls, 1);
	assert_int_equal(s.result, GX_DB_REFUSED);
	assert_true(gx_choices_declined(&ctx, regs, 1, &declined) >= 0);
	assert_false(declined);
	s = (struct seen){0};
	gx_self_declared_write(&ctx, "phone", "+352621000001", 13, on_result, &s);
	assert_int_equal(s.calls, 1);
	assert_int_equal(s.result, GX_DB_REFUSED);
	json_t *v = gx_self_declared_load(reader, ctx.person);
	assert_int_equal(json_object_size(v), 0);
	json_decref(v);

	port.refuse = false;
	s = (struct seen){0};
	gx_choice_set(&ctx, reg, false, NULL, on_result, &s);
	assert_int_equal(s.calls, 1);
	assert_true(s.result >= 0);
	assert_true(gx_choices_declined(&ctx, regs, 1, &declined) >= 0);
	assert_true(declined);
	s = (struct seen){0};
	gx_self_declared_write(&ctx, "phone", "+352621000001", 13, on_result, &s);
	assert_int_equal(s.calls, 1);
	v = gx_self_declared_load(reader, ctx.person);
	assert_int_equal(json_object_size(v), 1);
	json_decref(v);
}

static void test_attachments(void **state)
{
	long long id = open_draft("rich-example", GX_CORE_OK);
	struct gx_draft d;
	assert_int_equal(gx_draft_load(&ctx, GX_ID(gx_space_id, space), GX_ID(gx_draft_id, id), &d), GX_DB_ONE_RESULT);
	static const char pdf[] = "%PDF-1.7 a lease";
	struct seen s = {0};
	port.refuse = true;
	assert_int_equal(gx_attachment_add(&ctx, &d, "lease", "lease.pdf", 9, pdf, sizeof(pdf) - 1, on_uploaded, &s), 0);
	assert_int_equal(s.calls, 1);
	assert_int_equal(s.upload.fault, GX_UPLOAD_STORE_FAILED);
	json_t *list = gx_attachments_list(reader, GX_ATTACHMENTS_OF_DRAFT, id);
	assert_int_equal(json_array_size(list), 0);
	json_decref(list);
	/* A refusal of the checks is a completion too, before any write. */
	s = (struct seen){0};
	assert_int_equal(gx_attachment_add(&ctx, &d, "lease", "x.txt", 5, "text", 4, on_uploaded, &s), 0);
	assert_int_equal(s.calls, 1);
	assert_int_equal(s.upload.fault, GX_UPLOAD_WRONG_TYPE);

	port.refuse = false;
	s = (struct seen){0};
	assert_int_equal(gx_attachment_add(&ctx, &d, "lease", "lease.pdf", 9, pdf, sizeof(pdf) - 1, on_uploaded, &s), 0);
	assert_int_equal(s.calls, 1);
	assert_int_equal(s.upload.fault, GX_UPLOAD_OK);
	char att[40];
	snprintf(att, sizeof(att), "%s", s.upload.a.id);

	s = (struct seen){0};
	port.refuse = true;
	gx_attachment_remove(&ctx, GX_ID(gx_draft_id, id), att, on_removed, &s);
	assert_int_equal(s.calls, 1);
	assert_int_equal(s.result, GX_DB_REFUSED);
	struct gx_attachment a;
	assert_int_equal(gx_attachment_read(&ctx, GX_ID(gx_space_id, space), att, &a), GX_DB_ONE_RESULT);
	gx_attachment_clear(&a);
	assert_int_equal(gx_attachment_read(&ctx, GX_ID(gx_space_id, space + 1), att, &a), GX_DB_NO_RESULTS);

	port.refuse = false;
	s = (struct seen){0};
	gx_attachment_remove(&ctx, GX_ID(gx_draft_id, id), att, on_removed, &s);
	assert_int_equal(s.calls, 1);
	assert_int_equal(s.result, GX_DB_ONE_RESULT);
	assert_int_equal(gx_attachment_read(&ctx, GX_ID(gx_space_id, space), att, &a), GX_DB_NO_RESULTS);
	gx_draft_clear(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_draft_open_save_delete, setup, teardown),
		cmocka_unit_test_setup_teardown(test_submit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_choice_and_self_declared, setup, teardown),
		cmocka_unit_test_setup_teardown(test_attachments, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
