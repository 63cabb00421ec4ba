/* The authorization layer's decisions for organisations' machine clients:
 * scopes, their own organisation only, and no person's action (nor a
 * person on a client's). None of these asks the store. */
#include "authz/authz.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

static struct gx_actor client_actor(unsigned scopes)
{
	struct gx_actor a = {.kind = GX_ACTOR_CLIENT};
	strcpy(a.client.id, "cl_case");
	strcpy(a.client.org, "snca");
	a.client.scopes = scopes;
	return a;
}

static const struct gx_resource none = {.kind = GX_RES_NONE};

static void test_scopes_decide(void **state)
{
	static const struct {
		enum gx_action action;
		unsigned scope;
	} rules[] = {
		{GX_ACT_CLIENT_SUBMISSIONS_READ, GX_SCOPE_SUBMISSIONS_READ},
		{GX_ACT_CLIENT_SUBMISSIONS_WRITE, GX_SCOPE_SUBMISSIONS_WRITE},
		{GX_ACT_CLIENT_REGISTERS_READ, GX_SCOPE_REGISTERS_READ},
		{GX_ACT_CLIENT_LETTERBOX_SEND, GX_SCOPE_LETTERBOX_SEND},
	};
	unsigned all = GX_SCOPE_SUBMISSIONS_READ | GX_SCOPE_SUBMISSIONS_WRITE | GX_SCOPE_REGISTERS_READ |
		       GX_SCOPE_LETTERBOX_SEND;
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		struct gx_actor a = client_actor(rules[i].scope);
		assert_int_equal(gx_authz_decide(NULL, &a, rules[i].action, &none), GX_ALLOW);
		a = client_actor(all & ~rules[i].scope);
		assert_int_equal(gx_authz_decide(NULL, &a, rules[i].action, &none), GX_DENY_FORBIDDEN);
		a = client_actor(0);
		assert_int_equal(gx_authz_decide(NULL, &a, rules[i].action, &none), GX_DENY_FORBIDDEN);
		assert_true(gx_action_by_client(rules[i].action));
		assert_true(gx_action_cookieless(rules[i].action));
	}
}

static void test_any_client(void **state)
{
	struct gx_actor a = client_actor(0);
	assert_int_equal(gx_authz_decide(NULL, &a, GX_ACT_CLIENT_ANY, &none), GX_ALLOW);
	assert_string_equal(gx_action_name(GX_ACT_CLIENT_ANY), "client.any");
	assert_true(gx_action_by_client(GX_ACT_CLIENT_ANY));
	struct gx_actor anon = {.kind = GX_ACTOR_ANONYMOUS};
	assert_int_equal(gx_authz_decide(NULL, &anon, GX_ACT_CLIENT_ANY, &none), GX_DENY_LOGIN);
	struct gx_actor person = {.kind = GX_ACTOR_PERSON};
	assert_int_equal(gx_authz_decide(NULL, &person, GX_ACT_CLIENT_ANY, &none), GX_DENY_LOGIN);
	assert_int_equal(gx_authz_decide(NULL, &person, GX_ACT_CLIENT_SUBMISSIONS_READ, &none), GX_DENY_LOGIN);
}

static void test_token_exchange_is_anyones_and_cookieless(void **state)
{
	struct gx_actor anon = {.kind = GX_ACTOR_ANONYMOUS};
	assert_int_equal(gx_authz_decide(NULL, &anon, GX_ACT_CLIENT_TOKEN, &none), GX_ALLOW);
	assert_false(gx_action_by_client(GX_ACT_CLIENT_TOKEN));
	assert_true(gx_action_cookieless(GX_ACT_CLIENT_TOKEN));
	/* A witness posts its cosignature without cookie or CSRF token: the signature is what counts. */
	assert_int_equal(gx_authz_decide(NULL, &anon, GX_ACT_WITNESS_COSIGN, &none), GX_ALLOW);
	assert_false(gx_action_by_client(GX_ACT_WITNESS_COSIGN));
	assert_true(gx_action_cookieless(GX_ACT_WITNESS_COSIGN));
	/* the portal's actions keep their cookies */
	assert_false(gx_action_cookieless(GX_ACT_SELF_VIEW));
	assert_false(gx_action_cookieless(GX_ACT_PUBLIC_VIEW));
	assert_false(gx_action_cookieless(GX_ACT_ORG_VIEW));
	assert_false(gx_action_by_client(GX_ACT_ORG_ADMIN));
}

static void test_client_is_no_person(void **state)
{
	struct gx_actor a = client_actor(GX_SCOPE_SUBMISSIONS_READ);
	assert_int_equal(gx_authz_decide(NULL, &a, GX_ACT_SELF_VIEW, &none), GX_DENY_LOGIN);
	assert_int_equal(gx_authz_decide(NULL, &a, GX_ACT_AGENT_HOME, &none), GX_DENY_LOGIN);
	struct gx_resource org = {.kind = GX_RES_ORG, .org = "snca"};
	assert_int_equal(gx_authz_decide(NULL, &a, GX_ACT_ORG_VIEW, &org), GX_DENY_LOGIN);
	assert_int_equal(gx_authz_decide(NULL, &a, GX_ACT_PUBLIC_VIEW, &none), GX_ALLOW);
}

static void test_own_organisation_only(void **state)
{
	struct gx_actor a = client_actor(GX_SCOPE_SUBMISSIONS_READ);
	struct gx_resource own = {.kind = GX_RES_ORG, .org = "snca"};
	struct gx_resource other = {.kind = GX_RES_ORG, .org = "cns"};
	struct gx_resource invalid = {.kind = GX_RES_ORG, .org = NULL};
	assert_int_equal(gx_authz_decide(NULL, &a, GX_ACT_CLIENT_SUBMISSIONS_READ, &own), GX_ALLOW);
	assert_int_equal(gx_authz_decide(NULL, &a, GX_ACT_CLIENT_SUBMISSIONS_READ, &other), GX_DENY_HIDDEN);
	assert_int_equal(gx_authz_decide(NULL, &a, GX_ACT_CLIENT_SUBMISSIONS_READ, &invalid), GX_DENY_HIDDEN);
	assert_int_equal(gx_authz_decide(NULL, &a, GX_ACT_CLIENT_ANY, &other), GX_DENY_HIDDEN);
	/* hidden before the scope is looked at: another organisation's is not there */
	assert_int_equal(gx_authz_decide(NULL, &a, GX_ACT_CLIENT_LETTERBOX_SEND, &other), GX_DENY_HIDDEN);
	assert_int_equal(gx_authz_decide(NULL, &a, GX_ACT_CLIENT_LETTERBOX_SEND, &own), GX_DENY_FORBIDDEN);
}

static void test_scope_names(void **state)
{
	static const char *const names[] = {"submissions.read", "submissions.write", "registers.read", "letterbox.send"};
	unsigned seen = 0;
	for (size_t i = 0; i < 4; i++) {
		unsigned bit = gx_scope_from_name(names[i], strlen(names[i]));
		assert_true(bit != 0 && (seen & bit) == 0);
		seen |= bit;
		assert_string_equal(gx_scope_name((enum gx_scope)bit), names[i]);
	}
	assert_int_equal(gx_scope_from_name("submissions", 11), 0);
	assert_int_equal(gx_scope_from_name("submissions.read ", 17), 0);
	assert_int_equal(gx_scope_from_name("", 0), 0);
	assert_null(gx_scope_name((enum gx_scope)(1u << 9)));
}

static void test_scope_lists(void **state)
{
	unsigned bits = 99;
	const char *bad = NULL;
	size_t bad_len = 0;
	const char *list = "submissions.read registers.read";
	assert_int_equal(gx_scopes_parse(list, strlen(list), ' ', &bits, &bad, &bad_len), 0);
	assert_int_equal(bits, GX_SCOPE_SUBMISSIONS_READ | GX_SCOPE_REGISTERS_READ);
	assert_int_equal(gx_scopes_parse("", 0, ' ', &bits, &bad, &bad_len), 0);
	assert_int_equal(bits, 0);
	list = "letterbox.send,submissions.write,letterbox.send";
	assert_int_equal(gx_scopes_parse(list, strlen(list), ',', &bits, NULL, NULL), 0);
	assert_int_equal(bits, GX_SCOPE_LETTERBOX_SEND | GX_SCOPE_SUBMISSIONS_WRITE);
	list = "submissions.read,admin";
	assert_int_equal(gx_scopes_parse(list, strlen(list), ',', &bits, &bad, &bad_len), -1);
	assert_int_equal(bad_len, 5);
	assert_memory_equal(bad, "admin", 5);
	static const char *const broken[] = {"submissions.read  registers.read", "submissions.read ", " submissions.read",
					     "submissions.read,registers.read"};
	for (size_t i = 0; i < sizeof(broken) / sizeof(broken[0]); i++)
		assert_int_equal(gx_scopes_parse(broken[i], strlen(broken[i]), ' ', &bits, &bad, &bad_len), -1);

	char out[80];
	assert_int_equal(gx_scopes_format(GX_SCOPE_REGISTERS_READ | GX_SCOPE_SUBMISSIONS_READ, ' ', out, sizeof(out)), 0);
	assert_string_equal(out, "submissions.read registers.read");
	assert_int_equal(gx_scopes_format(0, ' ', out, sizeof(out)), 0);
	assert_string_equal(out, "");
	assert_int_equal(gx_scopes_format(15, ',', out, sizeof(out)), 0);
	assert_string_equal(out, "submissions.read,submissions.write,registers.read,letterbox.send");
	assert_int_equal(gx_scopes_format(15, ',', out, 64), -1);
	assert_int_equal(gx_scopes_format(15, ',', out, 65), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scopes_decide),
		cmocka_unit_test(test_any_client),
		cmocka_unit_test(test_token_exchange_is_anyones_and_cookieless),
		cmocka_unit_test(test_client_is_no_person),
		cmocka_unit_test(test_own_organisation_only),
		cmocka_unit_test(test_scope_names),
		cmocka_unit_test(test_scope_lists),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
