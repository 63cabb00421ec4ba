/* Spaces and who may act in them, in the store: the decision's read (a
 * mandate only while accepted, unrevoked and between its dates; a parent
 * until the child's majority), a person's spaces, companies' spaces,
 * members, invitations, mandates, the history and acts on behalf. */
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
static long long anna, anna_space, ben, ben_space, carla, carla_space;

static int setup(void **state)
{
	store = gx_test_store_open(&tdb);
	conn = gx_store_conn_open(store);
	struct gx_person_login a = {"1985031410148", "Anna", "Schmit", 1};
	struct gx_person_login b = {"1990122300157", "Ben", "Weber", 1};
	struct gx_person_login c = {"1972110213859", "Carla", "Hoffmann", 1};
	assert_int_equal(gx_store_person_login(conn, &a, &anna, &anna_space), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_person_login(conn, &b, &ben, &ben_space), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_person_login(conn, &c, &carla, &carla_space), GX_DB_ONE_RESULT);
	return 0;
}

static int teardown(void **state)
{
	gx_store_conn_close(conn);
	gx_store_close(store);
	gx_test_db_remove(&tdb);
	return 0;
}

static size_t relations(long long space, long long person, long long now, struct gx_space_row *row,
			struct gx_space_relation *rels)
{
	size_t n = 99;
	enum gx_db_status s = gx_store_space_access(conn, GX_ID(gx_space_id, space), GX_ID(gx_person_id, person), now,
						    row, rels, 4, &n);
	assert_int_equal(s, GX_DB_ONE_RESULT);
	return n;
}

static void test_owner_and_strangers(void **state)
{
	struct gx_space_row row;
	struct gx_space_relation rels[4];
	assert_int_equal(relations(anna_space, anna, 5, &row, rels), 1);
	assert_string_equal(row.kind, "private");
	assert_int_equal(row.owner_person_id, anna);
	assert_string_equal(row.owner_national_id, "1985031410148");
	assert_string_equal(row.name, "Anna Schmit");
	assert_string_equal(rels[0].via, "member");
	assert_string_equal(rels[0].role, "owner");
	assert_string_equal(rels[0].procedures, "");
	/* Ben sees the space exists (the store says so) but has no relation: core hides it. */
	assert_int_equal(relations(anna_space, ben, 5, &row, rels), 0);
	size_t n;
	assert_int_equal(gx_store_space_access(conn, GX_ID(gx_space_id, 999999), GX_ID(gx_person_id, anna), 5, &row,
					       rels, 4, &n),
			 GX_DB_NO_RESULTS);
}

static void test_mandate_in_force_only_between_its_dates(void **state)
{
	struct gx_mandate m = {.space_id = anna_space, .granted_by = anna, .mandatary_national_id = "1990122300157",
			       .scope = "procedures", .procedures = "[\"rent-subsidy\"]", .letterbox = true,
			       .valid_from_us = 100, .valid_until_us = 200, .created_at_us = 50};
	long long id;
	assert_int_equal(gx_store_mandate_create(conn, &m, &id), GX_DB_ONE_RESULT);
	struct gx_space_row row;
	struct gx_space_relation rels[4];
	/* Not accepted yet: nothing. */
	assert_int_equal(relations(anna_space, ben, 150, &row, rels), 0);
	bool open;
	assert_int_equal(gx_store_mandate_open_exists(conn, GX_ID(gx_space_id, anna_space), "1990122300157", 150, &open),
			 GX_DB_ONE_RESULT);
	assert_true(open);
	/* Accepted: only by the person, only once. */
	assert_int_equal(gx_store_mandate_accept(conn, id, GX_ID(gx_person_id, ben), 60), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_mandate_accept(conn, id, GX_ID(gx_person_id, ben), 61), GX_DB_NO_RESULTS);
	assert_int_equal(relations(anna_space, ben, 99, &row, rels), 0);   /* before its start */
	assert_int_equal(relations(anna_space, ben, 100, &row, rels), 1);  /* from its start */
	assert_string_equal(rels[0].via, "mandate");
	assert_string_equal(rels[0].role, "mandatary");
	assert_string_equal(rels[0].procedures, "[\"rent-subsidy\"]");
	assert_true(rels[0].letterbox);
	assert_int_equal(rels[0].mandate_id, id);
	assert_int_equal(rels[0].until_us, 200);
	assert_int_equal(relations(anna_space, ben, 199, &row, rels), 1);
	assert_int_equal(relations(anna_space, ben, 200, &row, rels), 0);  /* ended */
	/* Carla holds nothing. */
	assert_int_equal(relations(anna_space, carla, 150, &row, rels), 0);
	/* Ben's spaces include Anna's while it is in force. */
	char *json = NULL;
	assert_int_equal(gx_store_spaces_of(conn, GX_ID(gx_person_id, ben), 150, &json), GX_DB_ONE_RESULT);
	assert_non_null(strstr(json, "\"via\":\"mandate\""));
	assert_non_null(strstr(json, "\"name\":\"Anna Schmit\""));
	assert_non_null(strstr(json, "\"until_us\":200"));
	free(json);
	assert_int_equal(gx_store_spaces_of(conn, GX_ID(gx_person_id, ben), 250, &json), GX_DB_ONE_RESULT);
	assert_null(strstr(json, "mandate"));
	free(json);
	/* Revoked: nothing from that moment, and revoked once. */
	assert_int_equal(gx_store_mandate_revoke(conn, id, GX_ID(gx_person_id, anna), 150), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_mandate_revoke(conn, id, GX_ID(gx_person_id, anna), 151), GX_DB_NO_RESULTS);
	assert_int_equal(relations(anna_space, ben, 160, &row, rels), 0);
	struct gx_mandate got;
	assert_int_equal(gx_store_mandate_get(conn, id, &got), GX_DB_ONE_RESULT);
	assert_int_equal(got.revoked_at_us, 150);
	assert_int_equal(got.revoked_by, anna);
	assert_int_equal(got.mandatary_person_id, ben);
	assert_int_equal(got.accepted_at_us, 60);
	assert_string_equal(got.scope, "procedures");
	assert_string_equal(got.organisation, "");
	assert_int_equal(gx_store_mandate_open_exists(conn, GX_ID(gx_space_id, anna_space), "1990122300157", 150, &open),
			 GX_DB_ONE_RESULT);
	assert_false(open);
	/* Lists on both sides. */
	assert_int_equal(gx_store_mandates_of_space(conn, GX_ID(gx_space_id, anna_space), &json), GX_DB_ONE_RESULT);
	assert_non_null(strstr(json, "\"mandatary_name\":\"Ben Weber\""));
	assert_non_null(strstr(json, "\"procedures\":[\"rent-subsidy\"]"));
	assert_non_null(strstr(json, "\"revoked_at_us\":150"));
	free(json);
	assert_int_equal(gx_store_mandates_for(conn, "1990122300157", &json), GX_DB_ONE_RESULT);
	assert_non_null(strstr(json, "\"space_name\":\"Anna Schmit\""));
	free(json);
	/* The store refuses a mandate without its scope's list, or ending before it starts. */
	struct gx_mandate bad = m;
	bad.procedures[0] = '\0';
	assert_true(gx_store_mandate_create(conn, &bad, &id) < 0);
	bad = m;
	bad.valid_until_us = bad.valid_from_us;
	assert_true(gx_store_mandate_create(conn, &bad, &id) < 0);
}

static void test_parent_until_majority(void **state)
{
	long long child, child_space;
	assert_int_equal(gx_store_person_ensure(conn, "2015060100156", "Léa", "Schmit", 10, &child, &child_space),
			 GX_DB_ONE_RESULT);
	/* Ensuring again finds the same. */
	long long again, again_space;
	assert_int_equal(gx_store_person_ensure(conn, "2015060100156", "X", "Y", 11, &again, &again_space),
			 GX_DB_ONE_RESULT);
	assert_int_equal(again, child);
	assert_int_equal(again_space, child_space);
	assert_int_equal(gx_store_guardianship_put(conn, GX_ID(gx_person_id, anna), GX_ID(gx_space_id, child_space), 1000,
						   12),
			 GX_DB_ONE_RESULT);
	struct gx_space_row row;
	struct gx_space_relation rels[4];
	assert_int_equal(relations(child_space, anna, 999, &row, rels), 1);
	assert_string_equal(row.name, "Léa Schmit");
	assert_string_equal(rels[0].via, "parent");
	assert_int_equal(rels[0].until_us, 1000);
	assert_int_equal(relations(child_space, anna, 1000, &row, rels), 0);  /* the 18th birthday */
	assert_int_equal(relations(child_space, ben, 999, &row, rels), 0);    /* not a parent */
	char *json;
	assert_int_equal(gx_store_spaces_of(conn, GX_ID(gx_person_id, anna), 999, &json), GX_DB_ONE_RESULT);
	assert_non_null(strstr(json, "\"via\":\"parent\""));
	assert_true(strstr(json, "\"role\":\"owner\"") < strstr(json, "\"role\":\"parent\"")); /* own first */
	free(json);
}

static void test_company_members_and_invitations(void **state)
{
	long long company, again;
	assert_int_equal(gx_store_company_space(conn, "B123456", &company), GX_DB_NO_RESULTS);
	assert_int_equal(gx_store_company_space_create(conn, "B123456", "Boulangerie Schmit SARL", 5, &company),
			 GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_company_space(conn, "B123456", &again), GX_DB_ONE_RESULT);
	assert_int_equal(again, company);
	assert_true(gx_store_company_space_create(conn, "B123456", "Twice", 6, &again) < 0); /* one per company */
	struct gx_space_id sp = GX_ID(gx_space_id, company);
	assert_int_equal(gx_store_member_put(conn, sp, GX_ID(gx_person_id, anna), "administrator", NULL, 5),
			 GX_DB_ONE_RESULT);
	struct gx_invitation in = {.space_id = company, .national_id = "1990122300157", .role = "member",
				   .procedures = "[\"vat-registration\",\"business-permit\"]", .invited_by = anna,
				   .created_at_us = 7, .expires_at_us = 100};
	long long inv;
	assert_int_equal(gx_store_invitation_create(conn, &in, &inv), GX_DB_ONE_RESULT);
	char *json;
	assert_int_equal(gx_store_invitations_for(conn, "1990122300157", 50, &json), GX_DB_ONE_RESULT);
	assert_non_null(strstr(json, "\"space_name\":\"Boulangerie Schmit SARL\""));
	free(json);
	assert_int_equal(gx_store_invitations_for(conn, "1990122300157", 100, &json), GX_DB_ONE_RESULT);
	assert_string_equal(json, "[]"); /* expired */
	free(json);
	assert_int_equal(gx_store_invitations_of_space(conn, sp, 50, &json), GX_DB_ONE_RESULT);
	assert_non_null(strstr(json, "\"procedures\":[\"vat-registration\",\"business-permit\"]"));
	free(json);
	struct gx_invitation got;
	assert_int_equal(gx_store_invitation_get(conn, inv, &got), GX_DB_ONE_RESULT);
	assert_string_equal(got.state, "pending");
	assert_string_equal(got.procedures, "[\"vat-registration\",\"business-permit\"]");
	assert_int_equal(gx_store_invitation_settle(conn, inv, "accepted", 8), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_invitation_settle(conn, inv, "declined", 9), GX_DB_NO_RESULTS);
	assert_int_equal(gx_store_member_put(conn, sp, GX_ID(gx_person_id, ben), got.role, got.procedures, 8),
			 GX_DB_ONE_RESULT);

	struct gx_space_row row;
	struct gx_space_relation rels[4];
	assert_int_equal(relations(company, ben, 10, &row, rels), 1);
	assert_string_equal(row.kind, "professional");
	assert_string_equal(row.company_number, "B123456");
	assert_string_equal(row.name, "Boulangerie Schmit SARL");
	assert_int_equal(row.owner_person_id, 0);
	assert_string_equal(rels[0].role, "member");
	assert_string_equal(rels[0].procedures, "[\"vat-registration\",\"business-permit\"]");
	/* A member and a mandatary at once: both relations are read. */
	struct gx_mandate m = {.space_id = company, .granted_by = anna, .mandatary_national_id = "1990122300157",
			       .scope = "organisation", .organisation = "snca", .valid_from_us = 1,
			       .valid_until_us = 100, .created_at_us = 1};
	long long mid;
	assert_int_equal(gx_store_mandate_create(conn, &m, &mid), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_mandate_accept(conn, mid, GX_ID(gx_person_id, ben), 2), GX_DB_ONE_RESULT);
	assert_int_equal(relations(company, ben, 10, &row, rels), 2);
	assert_string_equal(rels[1].organisation, "snca");
	size_t n;
	assert_int_equal(gx_store_space_access(conn, sp, GX_ID(gx_person_id, ben), 10, &row, rels, 1, &n),
			 GX_DB_HARD_ERROR); /* more than room: never silently fewer */

	char role[16];
	long long admins;
	assert_int_equal(gx_store_member_role(conn, sp, GX_ID(gx_person_id, ben), role), GX_DB_ONE_RESULT);
	assert_string_equal(role, "member");
	assert_int_equal(gx_store_space_admins(conn, sp, &admins), GX_DB_ONE_RESULT);
	assert_int_equal(admins, 1);
	assert_int_equal(gx_store_member_put(conn, sp, GX_ID(gx_person_id, ben), "administrator", NULL, 9),
			 GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_space_admins(conn, sp, &admins), GX_DB_ONE_RESULT);
	assert_int_equal(admins, 2);
	assert_int_equal(gx_store_members_list(conn, sp, &json), GX_DB_ONE_RESULT);
	assert_non_null(strstr(json, "\"family_name\":\"Schmit\""));
	assert_true(strstr(json, "Schmit") < strstr(json, "Weber")); /* by family name */
	assert_non_null(strstr(json, "\"procedures\":null"));
	free(json);
	assert_int_equal(gx_store_member_remove(conn, sp, GX_ID(gx_person_id, ben)), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_member_remove(conn, sp, GX_ID(gx_person_id, ben)), GX_DB_NO_RESULTS);
	assert_int_equal(gx_store_member_role(conn, sp, GX_ID(gx_person_id, ben), role), GX_DB_NO_RESULTS);
	/* The owner of a private space is never removed. */
	assert_int_equal(gx_store_member_remove(conn, GX_ID(gx_space_id, anna_space), GX_ID(gx_person_id, anna)),
			 GX_DB_NO_RESULTS);
	/* A role the table does not know is refused. */
	assert_true(gx_store_member_put(conn, sp, GX_ID(gx_person_id, carla), "king", NULL, 9) < 0);
}

static void test_history_acts_and_active_space(void **state)
{
	struct gx_space_id sp = GX_ID(gx_space_id, anna_space);
	assert_int_equal(gx_store_space_event_append(conn, sp, 10, "mandate.granted", GX_ID(gx_person_id, anna),
						     "{\"mandate\":1}"),
			 GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_space_event_append(conn, sp, 11, "mandate.accepted", GX_ID(gx_person_id, ben), NULL),
			 GX_DB_ONE_RESULT);
	char *json;
	assert_int_equal(gx_store_space_events(conn, sp, 10, &json), GX_DB_ONE_RESULT);
	assert_true(strstr(json, "mandate.accepted") < strstr(json, "mandate.granted")); /* newest first */
	assert_non_null(strstr(json, "\"actor_name\":\"Ben Weber\""));
	assert_non_null(strstr(json, "\"detail\":{\"mandate\":1}"));
	free(json);
	assert_true(gx_store_space_event_append(conn, sp, 12, "x", GX_ID(gx_person_id, anna), "[1]") < 0);

	struct gx_space_act a = {.space_id = anna_space, .at_us = 20, .person_id = ben, .via = "mandate",
				 .kind = "submitted", .procedure_id = "rent-subsidy", .item_id = 7,
				 .request_id = "req-1"};
	assert_int_equal(gx_store_space_act_append(conn, &a), GX_DB_ONE_RESULT);
	a.kind = "flew";
	assert_true(gx_store_space_act_append(conn, &a) < 0);
	assert_int_equal(gx_store_space_acts(conn, sp, 10, &json), GX_DB_ONE_RESULT);
	assert_non_null(strstr(json, "\"person_name\":\"Ben Weber\""));
	assert_non_null(strstr(json, "\"kind\":\"submitted\""));
	assert_non_null(strstr(json, "\"item_id\":7"));
	free(json);
	assert_int_equal(gx_store_space_acts(conn, GX_ID(gx_space_id, ben_space), 10, &json), GX_DB_ONE_RESULT);
	assert_string_equal(json, "[]");
	free(json);

	/* The session's active space moves. */
	struct gx_session_row row = {.person_id = anna, .space_id = anna_space, .csrf_token = "t", .created_at_us = 1,
				     .last_seen_at_us = 1, .expires_at_us = 1000000000};
	memset(row.id_hash, 7, sizeof(row.id_hash));
	assert_int_equal(gx_store_session_insert(conn, &row, NULL), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_session_space_set(conn, row.id_hash, GX_ID(gx_space_id, ben_space)), GX_DB_ONE_RESULT);
	struct gx_session_row got;
	assert_int_equal(gx_store_session_get(conn, row.id_hash, &got), GX_DB_ONE_RESULT);
	assert_int_equal(got.space_id, ben_space);
	memset(row.id_hash, 8, sizeof(row.id_hash));
	assert_int_equal(gx_store_session_space_set(conn, row.id_hash, sp), GX_DB_NO_RESULTS);
}

/* Who acts for a space, to be told of it: members but the owner, mandataries
 * in force, parents of a minor; each once, by id. */
static void test_space_actors(void **state)
{
	long long *ids;
	size_t n;
	/* Anna's own space: nobody else yet. */
	assert_int_equal(gx_store_space_actors(conn, GX_ID(gx_space_id, anna_space), 150, &ids, &n), GX_DB_NO_RESULTS);
	assert_int_equal(n, 0);
	assert_null(ids);
	/* Ben's mandate, from 100 to 200, once accepted; Carla's never accepted. */
	struct gx_mandate m = {.space_id = anna_space, .granted_by = anna, .mandatary_national_id = "1990122300157",
			       .scope = "all", .valid_from_us = 100, .valid_until_us = 200, .created_at_us = 50};
	long long mid, other;
	assert_int_equal(gx_store_mandate_create(conn, &m, &mid), GX_DB_ONE_RESULT);
	snprintf(m.mandatary_national_id, sizeof(m.mandatary_national_id), "%s", "1972110213859");
	assert_int_equal(gx_store_mandate_create(conn, &m, &other), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_space_actors(conn, GX_ID(gx_space_id, anna_space), 150, &ids, &n), GX_DB_NO_RESULTS);
	assert_int_equal(gx_store_mandate_accept(conn, mid, GX_ID(gx_person_id, ben), 60), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_space_actors(conn, GX_ID(gx_space_id, anna_space), 99, &ids, &n), GX_DB_NO_RESULTS);
	assert_int_equal(gx_store_space_actors(conn, GX_ID(gx_space_id, anna_space), 150, &ids, &n), GX_DB_ONE_RESULT);
	assert_int_equal(n, 1);
	assert_int_equal(ids[0], ben);
	free(ids);
	assert_int_equal(gx_store_space_actors(conn, GX_ID(gx_space_id, anna_space), 200, &ids, &n), GX_DB_NO_RESULTS);
	assert_int_equal(gx_store_mandate_revoke(conn, mid, GX_ID(gx_person_id, anna), 160), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_space_actors(conn, GX_ID(gx_space_id, anna_space), 170, &ids, &n), GX_DB_NO_RESULTS);
	/* A child's parents until the 18th birthday, each once even with a mandate too. */
	long long child, child_space;
	assert_int_equal(gx_store_person_ensure(conn, "2015060100156", "L", "S", 10, &child, &child_space),
			 GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_guardianship_put(conn, GX_ID(gx_person_id, anna), GX_ID(gx_space_id, child_space), 1000,
						   12),
			 GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_guardianship_put(conn, GX_ID(gx_person_id, carla), GX_ID(gx_space_id, child_space),
						   1000, 12),
			 GX_DB_ONE_RESULT);
	struct gx_mandate cm = {.space_id = child_space, .granted_by = anna, .mandatary_national_id = "1972110213859",
				.scope = "all", .valid_from_us = 100, .valid_until_us = 2000, .created_at_us = 50};
	assert_int_equal(gx_store_mandate_create(conn, &cm, &mid), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_mandate_accept(conn, mid, GX_ID(gx_person_id, carla), 60), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_space_actors(conn, GX_ID(gx_space_id, child_space), 999, &ids, &n), GX_DB_ONE_RESULT);
	assert_int_equal(n, 2);
	assert_int_equal(ids[0], anna < carla ? anna : carla);
	assert_int_equal(ids[1], anna < carla ? carla : anna);
	free(ids);
	assert_int_equal(gx_store_space_actors(conn, GX_ID(gx_space_id, child_space), 1000, &ids, &n), GX_DB_ONE_RESULT);
	assert_int_equal(n, 1);   /* of age: the parents no longer; Carla's mandate still */
	assert_int_equal(ids[0], carla);
	free(ids);
	/* A company's members, administrators included. */
	long long co;
	assert_int_equal(gx_store_company_space_create(conn, "B123456", "ACME", 5, &co), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_member_put(conn, GX_ID(gx_space_id, co), GX_ID(gx_person_id, ben), "administrator", NULL,
					     5),
			 GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_member_put(conn, GX_ID(gx_space_id, co), GX_ID(gx_person_id, carla), "member",
					     "[\"vat-registration\"]", 6),
			 GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_space_actors(conn, GX_ID(gx_space_id, co), 10, &ids, &n), GX_DB_ONE_RESULT);
	assert_int_equal(n, 2);
	free(ids);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_owner_and_strangers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mandate_in_force_only_between_its_dates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_parent_until_majority, setup, teardown),
		cmocka_unit_test_setup_teardown(test_company_members_and_invitations, setup, teardown),
		cmocka_unit_test_setup_teardown(test_history_acts_and_active_space, setup, teardown),
		cmocka_unit_test_setup_teardown(test_space_actors, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
