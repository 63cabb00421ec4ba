/* The one decision and the writes of spaces (core/access.h, core/spaces.h)
 * on a real store: a company's administrator invites a member limited to
 * two procedures, who accepts and may act for those only; the last
 * administrator stays one; a person grants a dated mandate, which gives
 * nothing until accepted, covers its scope only, ends at its date and at
 * its revocation; every act on someone's behalf is recorded with both
 * persons. Procedures: tests/fixtures/procedures/spaces/. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/access.h"
#include "core/drafts.h"
#include "core/spaces.h"
#include "core/submissions.h"
#include "store/durable_testutil.h"
#include "store/store_testutil.h"
#include "util/calendar.h"

#define NOW 1767268800000000LL /* 2026-01-01T12:00Z */
#define DAY (86400LL * 1000000)

static struct gx_test_db tdb;
static struct gx_store *store;
static struct gx_store_conn *reader, *writer;
static struct gx_test_durable port;
static struct gx_domain domain;
static h2o_mem_pool_t pool;
static struct gx_core_ctx ctx;
static struct gx_access decided;
static long long anna, anna_space, ben, ben_space, carla, carla_space, company;

static int setup(void **state)
{
	char err[256];
	store = gx_test_store_open(&tdb);
	reader = gx_store_conn_open(store);
	writer = gx_store_conn_open(store);
	struct gx_person_login a = {"1985031410148", "Anna", "Schmit", 1};
	struct gx_person_login b = {"1990072117589", "Ben", "Weber", 1};
	struct gx_person_login c = {"1972110213859", "Carla", "Hoffmann", 1};
	assert_int_equal(gx_store_person_login(writer, &a, &anna, &anna_space), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_person_login(writer, &b, &ben, &ben_space), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_person_login(writer, &c, &carla, &carla_space), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_company_space_create(writer, "B123456", "Boulangerie SARL", 1, &company),
			 GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_member_put(writer, GX_ID(gx_space_id, company), GX_ID(gx_person_id, anna),
					     "administrator", NULL, 1),
			 GX_DB_ONE_RESULT);
	char key[128];
	snprintf(key, sizeof(key), "%s/receipt.key", tdb.dir);
	struct gx_domain_files files = {.registers = "etc/registers.json",
					.procedures_dir = "tests/fixtures/procedures/spaces",
					.descriptions_dir = "registers", .receipt_key = key};
	if (gx_domain_load(&domain, &files, err, sizeof(err)) != 0)
		fail_msg("domain: %s", err);
	gx_registers_free(&domain.registers); /* no register is asked */
	gx_test_durable_init(&port, writer);
	h2o_mem_init_pool(&pool);
	return 0;
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

/* person acts in space at now: ctx with the decision; returns its via. */
static enum gx_access_via act_as(long long person, long long space, long long now)
{
	ctx = (struct gx_core_ctx){.domain = &domain, .db = reader, .durable = &port.port, .pool = &pool,
				   .request_id = "req-test", .now_us = now, .person = GX_ID(gx_person_id, person)};
	enum gx_db_status s = gx_access_decide(reader, GX_ID(gx_space_id, space), GX_ID(gx_person_id, person), now,
					       &decided);
	assert_true(s >= 0);
	ctx.access = &decided;
	return s == GX_DB_ONE_RESULT ? decided.via : GX_VIA_NONE;
}

static struct gx_space_result last;
static int calls;
static void on_result(void *arg, const struct gx_space_result *r)
{
	(void)arg;
	last = *r;
	calls++;
}

/* Runs an operation's call and checks it ended once with status. */
#define EXPECT(call, status_)                                                                                      \
	do {                                                                                                       \
		calls = 0;                                                                                         \
		call;                                                                                              \
		assert_int_equal(calls, 1);                                                                        \
		assert_int_equal(last.status, status_);                                                            \
	} while (0)

static void test_merge(void **state)
{
	struct gx_access a = {0};
	struct gx_space_relation member = {.via = "member", .role = "member", .procedures = "[\"pro-a\",\"pro-b\"]"};
	assert_int_equal(gx_access_merge(&a, &member, 1), 0);
	assert_int_equal(a.via, GX_VIA_MEMBER);
	assert_false(a.admin);
	assert_false(a.letterbox); /* limited: no letters */
	assert_true(gx_access_allows(&a, "pro-a", "commune"));
	assert_false(gx_access_allows(&a, "both-c", "snca"));
	assert_false(gx_access_allows(&a, NULL, NULL));
	struct gx_space_relation two[2] = {member, {.via = "mandate", .role = "mandatary", .organisation = "snca",
						    .mandate_id = 9, .until_us = 5}};
	assert_int_equal(gx_access_merge(&a, two, 2), 0);
	assert_int_equal(a.via, GX_VIA_MEMBER); /* the stronger relation names the role */
	assert_int_equal(a.mandate_id, 0);
	assert_true(gx_access_allows(&a, "both-c", "snca")); /* the mandate's organisation */
	struct gx_space_relation admin = {.via = "member", .role = "administrator"};
	assert_int_equal(gx_access_merge(&a, &admin, 1), 0);
	assert_true(a.admin && a.letterbox && a.all_procedures);
	struct gx_space_relation parent = {.via = "parent", .role = "parent", .letterbox = true, .until_us = 7};
	assert_int_equal(gx_access_merge(&a, &parent, 1), 0);
	assert_int_equal(a.via, GX_VIA_PARENT);
	assert_false(a.admin);
	assert_true(a.letterbox && a.all_procedures);
	assert_int_equal(a.until_us, 7);
	struct gx_space_relation bad = {.via = "friend"};
	assert_int_equal(gx_access_merge(&a, &bad, 1), -1);
	struct gx_space_relation garbage = {.via = "member", .role = "member", .procedures = "{\"x\":1}"};
	assert_int_equal(gx_access_merge(&a, &garbage, 1), -1);
	assert_false(gx_access_allows(NULL, "pro-a", "commune"));
}

static void test_majority_day(void **state)
{
	assert_int_equal(gx_majority_day(gx_cal_days_from_civil(2008, 6, 15)), gx_cal_days_from_civil(2026, 6, 15));
	assert_int_equal(gx_majority_day(gx_cal_days_from_civil(2008, 2, 29)), gx_cal_days_from_civil(2026, 3, 1));
	assert_int_equal(gx_majority_day(gx_cal_days_from_civil(2008, 3, 1)), gx_cal_days_from_civil(2026, 3, 1));
}

static void on_opened(void *arg, const struct gx_draft_opened *o)
{
	struct gx_draft_opened *out = arg;
	*out = *o;
	calls++;
}

static void on_submitted(void *arg, const struct gx_submitted *r)
{
	*(long long *)arg = r->status == GX_CORE_OK ? r->id.v : -1;
	calls++;
}

static enum gx_core_status open_draft(const char *procedure, long long space, long long *id)
{
	struct gx_draft_opened o = {0};
	calls = 0;
	gx_draft_open(&ctx, GX_ID(gx_space_id, space), gx_core_procedure(&ctx, procedure), on_opened, &o);
	assert_int_equal(calls, 1);
	if (id != NULL)
		*id = o.id.v;
	return o.status;
}

static void test_member_limited_to_two_procedures(void **state)
{
	const char *two[] = {"pro-a", "pro-b"};
	const char *private_one[] = {"priv-d"};
	struct gx_member_input in = {.role = "member", .procedures = two, .nprocedures = 2};
	/* Only an administrator invites, and what they send is checked. */
	assert_int_equal(act_as(ben, company, NOW), GX_VIA_NONE);
	EXPECT(gx_invitation_create(&ctx, GX_ID(gx_space_id, company), "1990072117589", &in, on_result, NULL),
	       GX_CORE_FORBIDDEN);
	assert_int_equal(act_as(anna, company, NOW), GX_VIA_MEMBER);
	EXPECT(gx_invitation_create(&ctx, GX_ID(gx_space_id, company), "1990072117588", &in, on_result, NULL),
	       GX_CORE_INVALID);
	assert_string_equal(last.field, "national_id");
	struct gx_member_input bad = {.role = "owner"};
	EXPECT(gx_invitation_create(&ctx, GX_ID(gx_space_id, company), "1990072117589", &bad, on_result, NULL),
	       GX_CORE_INVALID);
	assert_string_equal(last.field, "role");
	bad = (struct gx_member_input){.role = "administrator", .procedures = two, .nprocedures = 2};
	EXPECT(gx_invitation_create(&ctx, GX_ID(gx_space_id, company), "1990072117589", &bad, on_result, NULL),
	       GX_CORE_INVALID);
	bad = (struct gx_member_input){.role = "member", .procedures = private_one, .nprocedures = 1};
	EXPECT(gx_invitation_create(&ctx, GX_ID(gx_space_id, company), "1990072117589", &bad, on_result, NULL),
	       GX_CORE_INVALID);
	assert_string_equal(last.field, "procedures");
	EXPECT(gx_invitation_create(&ctx, GX_ID(gx_space_id, company), "1990072117589", &in, on_result, NULL),
	       GX_CORE_OK);
	long long invitation = last.id;

	/* Only the invitee answers it, once. */
	act_as(carla, carla_space, NOW);
	EXPECT(gx_invitation_answer(&ctx, invitation, true, on_result, NULL), GX_CORE_NOT_FOUND);
	act_as(ben, ben_space, NOW + 31 * DAY);
	EXPECT(gx_invitation_answer(&ctx, invitation, true, on_result, NULL), GX_CORE_NOT_FOUND); /* expired */
	act_as(ben, ben_space, NOW);
	EXPECT(gx_invitation_answer(&ctx, invitation, true, on_result, NULL), GX_CORE_OK);
	assert_int_equal(last.id, company);
	EXPECT(gx_invitation_answer(&ctx, invitation, true, on_result, NULL), GX_CORE_NOT_FOUND);

	/* Ben acts for the two, and neither for a third nor as an administrator. */
	assert_int_equal(act_as(ben, company, NOW), GX_VIA_MEMBER);
	assert_string_equal(decided.role, "member");
	assert_false(decided.admin);
	long long draft;
	assert_int_equal(open_draft("pro-a", company, &draft), GX_CORE_OK);
	assert_int_equal(open_draft("both-c", company, NULL), GX_CORE_FORBIDDEN);
	struct gx_draft d;
	assert_int_equal(gx_draft_load(&ctx, GX_ID(gx_space_id, company), GX_ID(gx_draft_id, draft), &d), GX_DB_ONE_RESULT);
	assert_int_equal(d.started_by, ben);
	gx_draft_clear(&d);
	EXPECT(gx_invitation_create(&ctx, GX_ID(gx_space_id, company), "1972110213859", &in, on_result, NULL),
	       GX_CORE_FORBIDDEN);
	/* Anna (every procedure) opens the third, whose draft Ben then cannot even see. */
	act_as(anna, company, NOW);
	long long third;
	assert_int_equal(open_draft("both-c", company, &third), GX_CORE_OK);
	assert_int_equal(open_draft("priv-d", company, NULL), GX_CORE_CONFLICT); /* not for a company */
	act_as(ben, company, NOW);
	assert_int_equal(gx_draft_load(&ctx, GX_ID(gx_space_id, company), GX_ID(gx_draft_id, third), &d),
			 GX_DB_NO_RESULTS);
	/* The space's history and its acts say who did what. */
	char *json;
	assert_int_equal(gx_space_history_read(reader, GX_ID(gx_space_id, company), 10, &json), GX_DB_ONE_RESULT);
	assert_non_null(strstr(json, "\"kind\":\"member.joined\""));
	assert_non_null(strstr(json, "\"kind\":\"member.invited\""));
	free(json);
	assert_int_equal(gx_space_acts_read(reader, GX_ID(gx_space_id, company), 10, &json), GX_DB_ONE_RESULT);
	assert_non_null(strstr(json, "\"person_name\":\"Ben Weber\",\"via\":\"member\",\"kind\":\"draft.opened\""));
	free(json);
}

static void test_last_administrator_stays(void **state)
{
	act_as(anna, company, NOW);
	struct gx_member_input member = {.role = "member"};
	EXPECT(gx_member_change(&ctx, GX_ID(gx_space_id, company), GX_ID(gx_person_id, anna), &member, on_result, NULL),
	       GX_CORE_CONFLICT);
	EXPECT(gx_member_change(&ctx, GX_ID(gx_space_id, company), GX_ID(gx_person_id, anna), NULL, on_result, NULL),
	       GX_CORE_CONFLICT);
	EXPECT(gx_member_change(&ctx, GX_ID(gx_space_id, company), GX_ID(gx_person_id, carla), &member, on_result, NULL),
	       GX_CORE_NOT_FOUND);
	/* Nor does an invitation to herself as a member demote her: a member keeps their role. */
	EXPECT(gx_invitation_create(&ctx, GX_ID(gx_space_id, company), "1985031410148", &member, on_result, NULL),
	       GX_CORE_OK);
	long long self = last.id;
	act_as(anna, anna_space, NOW);
	EXPECT(gx_invitation_answer(&ctx, self, true, on_result, NULL), GX_CORE_OK);
	assert_int_equal(act_as(anna, company, NOW), GX_VIA_MEMBER);
	assert_string_equal(decided.role, "administrator");
	assert_int_equal(gx_store_member_put(writer, GX_ID(gx_space_id, company), GX_ID(gx_person_id, ben), "member", NULL,
					     2),
			 GX_DB_ONE_RESULT);
	struct gx_member_input admin = {.role = "administrator"};
	EXPECT(gx_member_change(&ctx, GX_ID(gx_space_id, company), GX_ID(gx_person_id, ben), &admin, on_result, NULL),
	       GX_CORE_OK);
	EXPECT(gx_member_change(&ctx, GX_ID(gx_space_id, company), GX_ID(gx_person_id, anna), NULL, on_result, NULL),
	       GX_CORE_OK);
	assert_int_equal(act_as(anna, company, NOW), GX_VIA_NONE); /* removed: nothing from now on */
	/* A private space's owner cannot be changed by anyone. */
	act_as(anna, anna_space, NOW);
	EXPECT(gx_member_change(&ctx, GX_ID(gx_space_id, anna_space), GX_ID(gx_person_id, anna), &admin, on_result, NULL),
	       GX_CORE_CONFLICT);
}

static void test_mandate_dated_scoped_revocable(void **state)
{
	const char *one[] = {"priv-d"};
	const char *pro[] = {"pro-a"};
	struct gx_mandate_input in = {.mandatary = "1990072117589", .scope = "procedures", .procedures = one,
				      .nprocedures = 1, .valid_until = "2026-06-30"};
	act_as(anna, anna_space, NOW);
	struct gx_mandate_input bad = in;
	bad.valid_until = NULL;
	EXPECT(gx_mandate_grant(&ctx, GX_ID(gx_space_id, anna_space), &bad, on_result, NULL), GX_CORE_INVALID);
	assert_string_equal(last.field, "valid_until");
	bad.valid_until = "2031-01-01"; /* five years from today is too far */
	EXPECT(gx_mandate_grant(&ctx, GX_ID(gx_space_id, anna_space), &bad, on_result, NULL), GX_CORE_INVALID);
	bad.valid_until = "2030-12-31";
	bad.valid_from = "2025-12-31"; /* yesterday */
	EXPECT(gx_mandate_grant(&ctx, GX_ID(gx_space_id, anna_space), &bad, on_result, NULL), GX_CORE_INVALID);
	assert_string_equal(last.field, "valid_from");
	bad = in;
	bad.mandatary = "1985031410148"; /* oneself */
	EXPECT(gx_mandate_grant(&ctx, GX_ID(gx_space_id, anna_space), &bad, on_result, NULL), GX_CORE_INVALID);
	bad = in;
	bad.procedures = pro; /* not a private space's procedure */
	EXPECT(gx_mandate_grant(&ctx, GX_ID(gx_space_id, anna_space), &bad, on_result, NULL), GX_CORE_INVALID);
	bad = in;
	bad.scope = "everything";
	EXPECT(gx_mandate_grant(&ctx, GX_ID(gx_space_id, anna_space), &bad, on_result, NULL), GX_CORE_INVALID);
	/* Nobody but the owner (or a company's administrator) grants. */
	act_as(ben, anna_space, NOW);
	EXPECT(gx_mandate_grant(&ctx, GX_ID(gx_space_id, anna_space), &in, on_result, NULL), GX_CORE_FORBIDDEN);
	act_as(anna, anna_space, NOW);
	EXPECT(gx_mandate_grant(&ctx, GX_ID(gx_space_id, anna_space), &in, on_result, NULL), GX_CORE_OK);
	long long mandate = last.id;
	EXPECT(gx_mandate_grant(&ctx, GX_ID(gx_space_id, anna_space), &in, on_result, NULL), GX_CORE_CONFLICT);

	/* Pending: nothing yet. Carla cannot accept Ben's. */
	assert_int_equal(act_as(ben, anna_space, NOW + 1), GX_VIA_NONE);
	act_as(carla, carla_space, NOW + 1);
	EXPECT(gx_mandate_accept(&ctx, mandate, on_result, NULL), GX_CORE_NOT_FOUND);
	act_as(ben, ben_space, NOW + 1);
	EXPECT(gx_mandate_accept(&ctx, mandate, on_result, NULL), GX_CORE_OK);
	EXPECT(gx_mandate_accept(&ctx, mandate, on_result, NULL), GX_CORE_NOT_FOUND);

	/* In force: the one procedure, on Anna's behalf, recorded as such. */
	assert_int_equal(act_as(ben, anna_space, NOW + 2), GX_VIA_MANDATE);
	assert_int_equal(decided.mandate_id, mandate);
	assert_false(decided.letterbox);
	long long draft;
	assert_int_equal(open_draft("priv-e", anna_space, NULL), GX_CORE_FORBIDDEN);
	assert_int_equal(open_draft("priv-d", anna_space, &draft), GX_CORE_OK);
	long long submission = 0;
	calls = 0;
	gx_submission_submit(&ctx, GX_ID(gx_space_id, anna_space), GX_ID(gx_draft_id, draft), "en", on_submitted,
			     &submission);
	assert_int_equal(calls, 1);
	assert_true(submission > 0);
	struct gx_submission s;
	assert_int_equal(gx_store_submission_get(reader, submission, &s), GX_DB_ONE_RESULT);
	assert_int_equal(s.started_by, ben);
	assert_int_equal(s.submitted_by, ben);
	assert_int_equal(s.space_id, anna_space);
	gx_submission_clear(&s);
	char *json;
	assert_int_equal(gx_space_acts_read(reader, GX_ID(gx_space_id, anna_space), 10, &json), GX_DB_ONE_RESULT);
	assert_non_null(strstr(json, "\"via\":\"mandate\",\"kind\":\"draft.opened\",\"procedure\":\"priv-d\""));
	assert_non_null(strstr(json, "\"via\":\"mandate\",\"kind\":\"submitted\",\"procedure\":\"priv-d\""));
	free(json);

	/* Over at its end date (00:00 after 2026-06-30 in Luxembourg), and at its revocation. */
	assert_int_equal(act_as(ben, anna_space, NOW + 179 * DAY), GX_VIA_MANDATE);
	assert_int_equal(act_as(ben, anna_space, NOW + 181 * DAY), GX_VIA_NONE);
	act_as(carla, carla_space, NOW + 3);
	EXPECT(gx_mandate_revoke(&ctx, mandate, on_result, NULL), GX_CORE_NOT_FOUND);
	act_as(anna, anna_space, NOW + 3);
	EXPECT(gx_mandate_revoke(&ctx, mandate, on_result, NULL), GX_CORE_OK);
	assert_int_equal(act_as(ben, anna_space, NOW + 4), GX_VIA_NONE);
	act_as(ben, ben_space, NOW + 4);
	EXPECT(gx_mandate_revoke(&ctx, mandate, on_result, NULL), GX_CORE_CONFLICT);
	assert_int_equal(gx_space_history_read(reader, GX_ID(gx_space_id, anna_space), 10, &json), GX_DB_ONE_RESULT);
	assert_non_null(strstr(json, "mandate.revoked"));
	assert_non_null(strstr(json, "mandate.accepted"));
	assert_non_null(strstr(json, "mandate.granted"));
	free(json);
	/* The mandatary may revoke too (a new one, for an organisation). */
	in = (struct gx_mandate_input){.mandatary = "1990072117589", .scope = "organisation", .organisation = "snca",
				       .valid_until = "2026-02-01", .letterbox = true};
	act_as(anna, anna_space, NOW + 5);
	EXPECT(gx_mandate_grant(&ctx, GX_ID(gx_space_id, anna_space), &in, on_result, NULL), GX_CORE_OK);
	mandate = last.id;
	act_as(ben, ben_space, NOW + 6);
	EXPECT(gx_mandate_accept(&ctx, mandate, on_result, NULL), GX_CORE_OK);
	assert_int_equal(act_as(ben, anna_space, NOW + 7), GX_VIA_MANDATE);
	assert_true(decided.letterbox);
	assert_true(gx_access_allows(&decided, "priv-e", "snca"));
	assert_false(gx_access_allows(&decided, "priv-d", "commune"));
	act_as(ben, ben_space, NOW + 8);
	EXPECT(gx_mandate_revoke(&ctx, mandate, on_result, NULL), GX_CORE_OK);
	assert_int_equal(act_as(ben, anna_space, NOW + 9), GX_VIA_NONE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_majority_day),
		cmocka_unit_test_setup_teardown(test_member_limited_to_two_procedures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_last_administrator_stays, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mandate_dated_scoped_revocable, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
