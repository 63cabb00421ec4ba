/* Back-office reuse under consent (core/reuse.c) and the consent the
 * submission stores (core/submissions.c): the person's Yes is stored with
 * what the definition declares and until when; a fetch without a consent in
 * force — never given, refused, expired, withdrawn — is FORBIDDEN, one
 * beyond it INVALID, another organisation's case NOT_FOUND; none of them
 * asks a register or leaves a use in the person's timeline. The registers
 * are not configured here: a fetch that got as far as asking one would not
 * end FORBIDDEN. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cases.h"
#include "core/drafts.h"
#include "core/reuse.h"
#include "core/submissions.h"
#include "store/durable_testutil.h"
#include "store/store_testutil.h"

#define NOW_US 1767268800000000LL
#define DAY_US (86400LL * 1000000LL)

/* A procedure of the commune declaring reuse of two attributes for 30 days. */
static const char definition[] =
	"{\"id\": \"reuse-min\", \"version\": 1, \"organisation\": \"commune\","
	" \"titles\": {\"fr\": \"R\", \"de\": \"R\", \"en\": \"R\"},"
	" \"statuses\": {\"submitted\": {\"to\": [\"completed\", \"rejected\"]}, \"completed\": {\"final\": true},"
	"  \"rejected\": {\"final\": true}},"
	" \"steps\": [{\"id\": \"only\", \"titles\": {\"fr\": \"E\", \"de\": \"S\", \"en\": \"S\"},"
	"  \"fields\": [{\"id\": \"remarks\", \"kind\": \"text\", \"labels\": {\"fr\": \"R\", \"de\": \"B\", \"en\": \"R\"}}]}],"
	" \"reuse\": {\"registers\": [{\"source\": \"persons\", \"attributes\": [\"address.street\", \"address.locality\"]}],"
	"  \"purpose\": {\"fr\": \"p\", \"de\": \"z\", \"en\": \"p\"}, \"legal_basis\": {\"fr\": \"l\", \"de\": \"r\", \"en\": \"l\"},"
	"  \"validity_days\": 30, \"instead\": [\"remarks\"]}}";

static struct gx_test_db tdb;
static struct gx_store *store;
static struct gx_store_conn *reader, *writer;
static struct gx_test_durable port;
static struct gx_domain domain;
static h2o_mem_pool_t pool;
static struct gx_core_ctx ctx;
static struct gx_access decided; /* the person in their own space, as the decision gives it */
static long long space;

static const struct gx_org_actor commune = {.org = "commune", .client = "cl_test", .role = "client",
					    .supervisor = true};
static const struct gx_org_actor stranger = {.org = "cae", .client = "cl_other", .role = "client",
					     .supervisor = true};

struct seen {
	int calls;
	enum gx_core_status status;
	long long id;
};

static void on_opened(void *arg, const struct gx_draft_opened *o)
{
	((struct seen *)arg)->id = o->id.v;
}

static void on_saved(void *arg, enum gx_core_status status)
{
	((struct seen *)arg)->status = status;
}

static void on_submitted(void *arg, const struct gx_submitted *r)
{
	((struct seen *)arg)->id = r->id.v;
	((struct seen *)arg)->status = r->status;
}

static void on_fetched(void *arg, const struct gx_reuse_result *r)
{
	struct seen *s = arg;
	s->calls++;
	s->status = r->status;
}

static void on_changed(void *arg, const struct gx_case_changed *r)
{
	((struct seen *)arg)->status = r->status;
}

static int setup(void **state)
{
	(void)state;
	char err[256], dir[512], path[1200];
	store = gx_test_store_open(&tdb);
	reader = gx_store_conn_open(store);
	writer = gx_store_conn_open(store);
	struct gx_person_login in = {"1985031410148", "Marie", "Schmit", 1};
	long long person;
	assert_int_equal(gx_store_person_login(writer, &in, &person, &space), GX_DB_ONE_RESULT);
	snprintf(dir, sizeof(dir), "%s/procedures", tdb.dir);
	snprintf(path, sizeof(path), "mkdir -p '%s' && cp procedures/organisations.json '%s/'", dir, dir);
	assert_int_equal(system(path), 0);
	snprintf(path, sizeof(path), "%s/reuse-min.json", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(definition, f);
	fclose(f);
	char key[600];
	snprintf(key, sizeof(key), "%s/receipt.key", tdb.dir);
	struct gx_domain_files files = {.registers = "etc/registers.json", .procedures_dir = dir,
					.descriptions_dir = "registers", .receipt_key = key};
	if (gx_domain_load(&domain, &files, err, sizeof(err)) != 0)
		fail_msg("domain: %s", err);
	gx_registers_free(&domain.registers);
	gx_test_durable_init(&port, writer);
	h2o_mem_init_pool(&pool);
	ctx = (struct gx_core_ctx){.domain = &domain, .db = reader, .durable = &port.port, .pool = &pool,
				   .request_id = "test", .now_us = NOW_US, .person = GX_ID(gx_person_id, person)};
	assert_int_equal(gx_access_decide(reader, GX_ID(gx_space_id, space), GX_ID(gx_person_id, person), ctx.now_us, &decided),
			 GX_DB_ONE_RESULT);
	ctx.access = &decided;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	h2o_mem_clear_pool(&pool);
	gx_domain_free(&domain);
	gx_store_conn_close(reader);
	gx_store_conn_close(writer);
	gx_store_close(store);
	gx_test_db_remove(&tdb);
	return 0;
}

/* Marie submits with data (a JSON object text): the submission's id. */
static long long submit(const char *data)
{
	struct seen s = {0};
	gx_draft_open(&ctx, GX_ID(gx_space_id, space), gx_core_procedure(&ctx, "reuse-min"), on_opened, &s);
	assert_true(s.id > 0);
	gx_draft_save(&ctx, &(struct gx_draft){.id = s.id, .procedure_id = "reuse-min"}, data, 1, on_saved, &s);
	assert_int_equal(s.status, GX_CORE_OK);
	long long draft = s.id;
	s.id = 0;
	gx_submission_submit(&ctx, GX_ID(gx_space_id, space), GX_ID(gx_draft_id, draft), "en", on_submitted, &s);
	assert_int_equal(s.status, GX_CORE_OK);
	return s.id;
}

static enum gx_core_status fetch(const struct gx_org_actor *who, long long id, const struct gx_reuse_ask *asks,
				 size_t n)
{
	struct seen s = {0};
	gx_reuse_fetch(&ctx, who, id, asks, n, on_fetched, &s);
	assert_int_equal(s.calls, 1);
	return s.status;
}

/* How many times the timeline shows a use of the consent. */
static int uses(long long id)
{
	json_t *timeline = gx_submission_timeline(reader, GX_ID(gx_submission_id, id));
	assert_non_null(timeline);
	int n = 0;
	size_t i;
	json_t *e;
	json_array_foreach(timeline, i, e) n += strcmp(json_string_value(json_object_get(e, "kind")), "consent_used") == 0;
	json_decref(timeline);
	return n;
}

static void test_yes_is_stored_as_declared(void **state)
{
	(void)state;
	long long id = submit("{\"reuse_consent\": true}");
	struct gx_reuse_consent rc;
	assert_int_equal(gx_case_consent(reader, id, &rc), GX_DB_ONE_RESULT);
	assert_true(rc.granted);
	assert_string_equal(rc.org, "commune");
	assert_string_equal(rc.registers_json,
			    "[{\"source\":\"persons\",\"attributes\":[\"address.street\",\"address.locality\"]}]");
	assert_string_equal(rc.purpose_json, "{\"fr\":\"p\",\"de\":\"z\",\"en\":\"p\"}");
	assert_true(rc.expires_at_us == NOW_US + 30 * DAY_US);
	assert_true(rc.revoked_at_us == 0);
	gx_reuse_consent_clear(&rc);
}

static void test_no_is_stored_and_refuses(void **state)
{
	(void)state;
	long long id = submit("{\"reuse_consent\": false, \"remarks\": \"my certificate instead\"}");
	struct gx_reuse_consent rc;
	assert_int_equal(gx_case_consent(reader, id, &rc), GX_DB_ONE_RESULT);
	assert_false(rc.granted);
	gx_reuse_consent_clear(&rc);
	assert_int_equal(fetch(&commune, id, NULL, 0), GX_CORE_FORBIDDEN);
	assert_int_equal(uses(id), 0);
}

static void test_expired_and_withdrawn_refuse(void **state)
{
	(void)state;
	long long id = submit("{\"reuse_consent\": true}");
	ctx.now_us = NOW_US + 30 * DAY_US;   /* the last instant is past */
	assert_int_equal(fetch(&commune, id, NULL, 0), GX_CORE_FORBIDDEN);
	ctx.now_us = NOW_US + DAY_US;
	struct seen s = {0};
	gx_case_consent_revoke(&ctx, GX_ID(gx_space_id, space), GX_ID(gx_submission_id, id), on_changed, &s);
	assert_int_equal(s.status, GX_CORE_OK);
	assert_int_equal(fetch(&commune, id, NULL, 0), GX_CORE_FORBIDDEN);
	/* Withdrawn once: a second time finds nothing in force. */
	gx_case_consent_revoke(&ctx, GX_ID(gx_space_id, space), GX_ID(gx_submission_id, id), on_changed, &s);
	assert_int_equal(s.status, GX_CORE_NOT_FOUND);
	assert_int_equal(uses(id), 0);
}

static void test_beyond_the_consent_and_other_organisations(void **state)
{
	(void)state;
	long long id = submit("{\"reuse_consent\": true}");
	const char *const birth[] = {"birth_date"}, *const street[] = {"address.street"};
	struct gx_reuse_ask attribute = {"persons", birth, 1}, reg = {"vehicles", street, 1};
	assert_int_equal(fetch(&commune, id, &attribute, 1), GX_CORE_INVALID);
	assert_int_equal(fetch(&commune, id, &reg, 1), GX_CORE_INVALID);
	assert_int_equal(fetch(&stranger, id, NULL, 0), GX_CORE_NOT_FOUND);
	assert_int_equal(fetch(&commune, id + 1000, NULL, 0), GX_CORE_NOT_FOUND);
	assert_int_equal(uses(id), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_yes_is_stored_as_declared, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_is_stored_and_refuses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_expired_and_withdrawn_refuse, setup, teardown),
		cmocka_unit_test_setup_teardown(test_beyond_the_consent_and_other_organisations, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
