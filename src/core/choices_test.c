/* The person's No's as their session keeps them (core/choices.h): a choice
 * set hands back the No's its transaction left, with the new version of the
 * person's choices; prefill for the acting person then follows what the
 * session keeps without reading their choices from the store (the store's
 * row is removed under it, and the register stays declined); when the
 * version has moved (a choice made on another instance) it reads the store
 * and follows that; and a representative's prefill reads the space owner's
 * No's from the store, never the representative's own.
 *
 * Registers are "asked" at a closed port: a register asked ends
 * unavailable, one declined ends declined without being asked. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/choices.h"
#include "core/prefill.h"
#include "store/durable_testutil.h"
#include "store/store_testutil.h"

static struct gx_test_db tdb;
static struct gx_store *store;
static struct gx_store_conn *reader, *writer;
static struct gx_test_durable port;
static struct gx_domain domain;
static h2o_evloop_t *loop;
static struct gx_httpc *httpc;
static h2o_mem_pool_t pool;
static long long anne, olga; /* anne acts; olga owns the space anne acts in under a mandate */

static char *attrs[] = {"family_name"};
static struct gx_register regs[] = {
	{.name = "persons", .url = "http://127.0.0.1:1", .key = "k", .subject_key = "national_id", .choice = true,
	 .nmy_data = 1, .my_data = attrs},
	{.name = "social_security", .url = "http://127.0.0.1:1", .key = "k", .subject_key = "national_id",
	 .choice = true, .nmy_data = 1, .my_data = attrs},
};
#define PERSONS 0
#define SOCIAL_SECURITY 1

static long long login(const char *national_id)
{
	struct gx_person_login in = {national_id, "A", "B", 1};
	long long person, space;
	assert_int_equal(gx_store_person_login(writer, &in, &person, &space), GX_DB_ONE_RESULT);
	return person;
}

static int setup(void **state)
{
	char err[256];
	store = gx_test_store_open(&tdb);
	reader = gx_store_conn_open(store);
	writer = gx_store_conn_open(store);
	anne = login("1985031410148");
	olga = login("1972110213859");
	char key[128];
	snprintf(key, sizeof(key), "%s/receipt.key", tdb.dir);
	struct gx_domain_files files = {.registers = "etc/registers.json",
					.procedures_dir = "tests/fixtures/procedures/valid",
					.descriptions_dir = "registers", .receipt_key = key};
	if (gx_domain_load(&domain, &files, err, sizeof(err)) != 0)
		fail_msg("domain: %s", err);
	gx_registers_free(&domain.registers);
	domain.registers = (struct gx_registers){.count = 2, .items = regs, .deadline_ms = 2000};
	gx_test_durable_init(&port, writer);
	loop = h2o_evloop_create();
	httpc = gx_httpc_new(loop, NULL);
	h2o_mem_init_pool(&pool);
	return 0;
}

static int teardown(void **state)
{
	h2o_mem_clear_pool(&pool);
	gx_httpc_free(httpc);
	for (int i = 0; i < 3; i++)
		h2o_evloop_run(loop, 0);
	h2o_evloop_destroy(loop);
	domain.registers = (struct gx_registers){0};
	gx_domain_free(&domain);
	gx_store_conn_close(reader);
	gx_store_conn_close(writer);
	gx_store_close(store);
	gx_test_db_remove(&tdb);
	return 0;
}

/* A fresh store state for each test: nobody has said No. */
static int forget_choices(void **state)
{
	struct gx_test_raw raw = gx_test_raw_open(&tdb);
	gx_test_raw_exec(&raw, "DELETE FROM prefill_choices");
	gx_test_raw_close(&raw);
	return 0;
}

static struct gx_core_ctx ctx_for(long long person, const struct gx_declined_names *kept,
				  const struct gx_access *access)
{
	return (struct gx_core_ctx){.domain = &domain, .db = reader, .durable = &port.port, .httpc = httpc,
				    .pool = &pool, .request_id = "test", .now_us = 1767268800000000LL,
				    .person = GX_ID(gx_person_id, person), .access = access, .own_declined = kept};
}

/* --- a choice's completion ------------------------------------------------------------ */

struct stored {
	int calls;
	enum gx_db_status result;
};

static void on_stored(void *arg, enum gx_db_status result)
{
	struct stored *s = arg;
	s->calls++;
	s->result = result;
}

/* The person of c says Yes (allowed) or No to reg; now: their No's after it. */
static void choose(const struct gx_core_ctx *c, const struct gx_register *reg, bool allowed,
		   struct gx_declined_names *now)
{
	struct stored s = {0};
	gx_choice_set(c, reg, allowed, now, on_stored, &s);
	assert_int_equal(s.calls, 1);
	assert_true(s.result >= 0);
}

/* --- prefill ------------------------------------------------------------------------------ */

struct outcome {
	int calls;
	struct gx_prefill *pf;
	const struct gx_prefill_pair *pair;
};

static void on_mydata(void *arg, struct gx_prefill *pf)
{
	struct outcome *o = arg;
	o->calls++;
	o->pf = pf;
}

static void on_procedure(void *arg, const struct gx_prefill_pair *pair)
{
	struct outcome *o = arg;
	o->calls++;
	o->pair = pair;
	o->pf = pair != NULL ? pair->space : NULL;
}

static void wait_for(struct outcome *o)
{
	for (int i = 0; i < 500 && o->calls == 0; i++)
		h2o_evloop_run(loop, 10);
	assert_int_equal(o->calls, 1);
	assert_non_null(o->pf);
}

static enum gx_source_status status_of(const struct gx_prefill *pf, const char *name)
{
	for (size_t i = 0; i < pf->n; i++)
		if (strcmp(pf->sources[i].reg->name, name) == 0)
			return pf->sources[i].status;
	fail_msg("%s was not in the prefill", name);
	return GX_SOURCE_OK;
}

static struct gx_prefill *mydata(const struct gx_core_ctx *c)
{
	struct outcome o = {0};
	gx_prefill_for_mydata(c, on_mydata, &o);
	wait_for(&o);
	return o.pf;
}

static long long version_of(long long person)
{
	struct gx_person p;
	assert_int_equal(gx_store_person_get(reader, person, &p), GX_DB_ONE_RESULT);
	return p.choices_version;
}

/* --- the tests ------------------------------------------------------------------------------ */

/* A No's transaction hands back the No's it left, with the version it moved to. */
static void test_choice_hands_back_the_new_nos(void **state)
{
	long long before = version_of(anne);
	struct gx_core_ctx c = ctx_for(anne, NULL, NULL);
	struct gx_declined_names now;
	choose(&c, &regs[SOCIAL_SECURITY], false, &now);
	assert_true(now.complete);
	assert_int_equal(now.version, before + 1);
	assert_int_equal(now.version, version_of(anne));
	assert_int_equal(now.n, 1);
	assert_string_equal(now.names[0], "social_security");
	/* A Yes moves the version on too, and takes the No back. */
	choose(&c, &regs[SOCIAL_SECURITY], true, &now);
	assert_int_equal(now.version, before + 2);
	assert_int_equal(now.n, 0);
	assert_true(now.complete);
}

/* What the session keeps is what prefill follows: the store's row is
 * removed under it (as no write through the platform could: the version
 * stays), and the register is still not asked. */
static void test_prefill_follows_the_session_not_the_store(void **state)
{
	struct gx_core_ctx c = ctx_for(anne, NULL, NULL);
	struct gx_declined_names kept;
	choose(&c, &regs[SOCIAL_SECURITY], false, &kept);

	struct gx_test_raw raw = gx_test_raw_open(&tdb);
	gx_test_raw_exec(&raw, "DELETE FROM prefill_choices");
	gx_test_raw_close(&raw);

	c = ctx_for(anne, &kept, NULL);
	struct gx_prefill *pf = mydata(&c);
	assert_int_equal(status_of(pf, "social_security"), GX_SOURCE_DECLINED);
	assert_int_equal(status_of(pf, "persons"), GX_SOURCE_UNAVAILABLE);

	/* Without a session's copy the store is read: its row is gone, so asked. */
	c = ctx_for(anne, NULL, NULL);
	pf = mydata(&c);
	assert_int_equal(status_of(pf, "social_security"), GX_SOURCE_UNAVAILABLE);
}

/* A No said elsewhere (another instance: straight to the store) moves the
 * version; the session's older copy is then not used, and the No counts
 * on the very next prefill. */
static void test_a_no_said_elsewhere_counts_at_once(void **state)
{
	struct gx_core_ctx c = ctx_for(anne, NULL, NULL);
	struct gx_declined_names kept;
	choose(&c, &regs[SOCIAL_SECURITY], true, &kept);
	assert_int_equal(kept.n, 0);

	assert_int_equal(gx_store_prefill_choice_set(writer, anne, "persons", false, 2), GX_DB_ONE_RESULT);
	assert_true(version_of(anne) > kept.version);

	c = ctx_for(anne, &kept, NULL);
	struct gx_prefill *pf = mydata(&c);
	assert_int_equal(status_of(pf, "persons"), GX_SOURCE_DECLINED);
	assert_int_equal(status_of(pf, "social_security"), GX_SOURCE_UNAVAILABLE);
}

/* A copy that says it is incomplete (more No's than a session keeps) is
 * never used: the store is read. */
static void test_an_incomplete_copy_is_not_used(void **state)
{
	assert_int_equal(gx_store_prefill_choice_set(writer, anne, "persons", false, 3), GX_DB_ONE_RESULT);
	struct gx_declined_names kept = {.version = version_of(anne), .complete = false};
	struct gx_core_ctx c = ctx_for(anne, &kept, NULL);
	struct gx_prefill *pf = mydata(&c);
	assert_int_equal(status_of(pf, "persons"), GX_SOURCE_DECLINED);
}

/* More No's than fit: the read says so, rather than dropping one. */
static void test_more_nos_than_fit_are_incomplete(void **state)
{
	char name[32];
	for (int i = 0; i <= GX_DECLINED_NAMES_MAX; i++) {
		snprintf(name, sizeof(name), "register_%02d", i);
		assert_int_equal(gx_store_prefill_choice_set(writer, anne, name, false, 4), GX_DB_ONE_RESULT);
	}
	struct gx_declined_names d;
	assert_int_equal(gx_store_prefill_declined_names(reader, anne, &d), GX_DB_ONE_RESULT);
	assert_false(d.complete);
	assert_int_equal(d.version, version_of(anne));
	/* One fewer fits. */
	assert_int_equal(gx_store_prefill_choice_set(writer, anne, "register_00", true, 5), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_prefill_declined_names(reader, anne, &d), GX_DB_ONE_RESULT);
	assert_true(d.complete);
	assert_int_equal(d.n, GX_DECLINED_NAMES_MAX);
	assert_string_equal(d.names[0], "register_01");
	/* A name longer than a session keeps: incomplete too, not cut. */
	char longer[GX_DECLINED_NAME_SIZE + 1];
	memset(longer, 'r', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	assert_int_equal(gx_store_prefill_choice_set(writer, anne, "register_01", true, 6), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_prefill_choice_set(writer, anne, longer, false, 7), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_prefill_declined_names(reader, anne, &d), GX_DB_ONE_RESULT);
	assert_false(d.complete);
	/* No such person. */
	assert_int_equal(gx_store_prefill_declined_names(reader, olga + anne + 1000, &d), GX_DB_NO_RESULTS);
	assert_false(d.complete);
}

/* Anne acts in Olga's space under a mandate: the No's that count are
 * Olga's, read from the store, not the ones Anne's session keeps. */
static void test_a_representative_reads_the_owners_nos(void **state)
{
	struct gx_core_ctx c = ctx_for(olga, NULL, NULL);
	struct gx_declined_names olgas;
	choose(&c, &regs[PERSONS], false, &olgas);
	c = ctx_for(anne, NULL, NULL);
	struct gx_declined_names annes;
	choose(&c, &regs[SOCIAL_SECURITY], false, &annes);

	struct gx_access access = {.via = GX_VIA_MANDATE, .person_id = anne, .all_procedures = true,
				   .space = {.id = 1, .kind = "private", .owner_person_id = olga,
					     .owner_national_id = "1972110213859"}};
	c = ctx_for(anne, &annes, &access);
	const struct gx_procedure *p = gx_core_procedure(&c, "rich-example");
	assert_non_null(p);
	struct outcome o = {0};
	gx_prefill_for_procedure(&c, p, on_procedure, &o);
	wait_for(&o);
	assert_int_equal(status_of(o.pf, "persons"), GX_SOURCE_DECLINED);
	assert_int_equal(status_of(o.pf, "social_security"), GX_SOURCE_UNAVAILABLE);

	/* The same procedure in Anne's own space: her No's, from her session. */
	access = (struct gx_access){.via = GX_VIA_OWNER, .person_id = anne, .all_procedures = true,
				    .space = {.id = 2, .kind = "private", .owner_person_id = anne,
					      .owner_national_id = "1985031410148"}};
	struct gx_test_raw raw = gx_test_raw_open(&tdb);
	gx_test_raw_exec(&raw, "DELETE FROM prefill_choices");
	gx_test_raw_close(&raw);
	c = ctx_for(anne, &annes, &access);
	o = (struct outcome){0};
	gx_prefill_for_procedure(&c, p, on_procedure, &o);
	wait_for(&o);
	assert_int_equal(status_of(o.pf, "social_security"), GX_SOURCE_DECLINED);
	assert_int_equal(status_of(o.pf, "persons"), GX_SOURCE_UNAVAILABLE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_choice_hands_back_the_new_nos, forget_choices),
		cmocka_unit_test_setup(test_prefill_follows_the_session_not_the_store, forget_choices),
		cmocka_unit_test_setup(test_a_no_said_elsewhere_counts_at_once, forget_choices),
		cmocka_unit_test_setup(test_an_incomplete_copy_is_not_used, forget_choices),
		cmocka_unit_test_setup(test_more_nos_than_fit_are_incomplete, forget_choices),
		cmocka_unit_test_setup(test_a_representative_reads_the_owners_nos, forget_choices),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
