/** Unit tests of registryd's clients file (etc/registry-clients.json): keys
 *  by their hash, scopes checked against a register's description. */

#include "registryd/clients.h"
#include "sources/description.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#define T "{\"fr\":\"a\",\"de\":\"b\",\"en\":\"c\"}"
#define ATTR(name, c) "\"" name "\":{\"titles\":" T ",\"correctable\":" c "}"
#define DESC(keys, attrs) "{\"name\":\"persons\",\"titles\":" T ",\"keys\":" keys ",\"attributes\":{" attrs "}}"

static struct gx_register_description *parse_ok(const char *text)
{
	struct gx_register_description *d = NULL;
	char err[256] = "";
	if (gx_register_description_parse(text, strlen(text), &d, err, sizeof(err)) != 0)
		fail_msg("refused: %s", err);
	return d;
}

#define KEY_A "demo-guichet-registry-key-0001"
#define HASH_A "0485756e4056b3b24e1e4b1548fb9212f4fe956febe3e9f4df0e492bb709dbfc"
#define KEY_B "demo-scoped-test-key-0002"
#define HASH_B "466a97bc223a62a6bf3619054e75719732257858be63473fe42be775244680a6"
#define HASH_C "bb507235f0cd1068870c6bb39896bdbe26c063bf0aabddeb8200b5066466fd49"

static struct gx_register_description *persons(void)
{
	return parse_ok(DESC("[\"national_id\"]", ATTR("given_name", "true") "," ATTR("address.street", "true")));
}

static void test_clients_find_and_scope(void **state)
{
	struct gx_register_description *d = persons();
	struct gx_registry_clients c;
	char err[256] = "";
	const char *text = "{\"clients\":["
			   "{\"name\":\"guichet\",\"key_sha256\":\"" HASH_A "\",\"registers\":\"*\"},"
			   "{\"name\":\"scoped\",\"key_sha256\":\"" HASH_B "\",\"registers\":{\"persons\":[\"given_name\"]}},"
			   "{\"name\":\"other\",\"key_sha256\":\"" HASH_C "\",\"registers\":{\"companies\":\"*\"}}"
			   "]}";
	if (gx_registry_clients_parse(text, strlen(text), d, &c, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	assert_int_equal(c.n, 2);  /* "other" has no scope for persons */
	const struct gx_registry_client *a = gx_registry_clients_find(&c, KEY_A, strlen(KEY_A));
	const struct gx_registry_client *b = gx_registry_clients_find(&c, KEY_B, strlen(KEY_B));
	assert_non_null(a);
	assert_non_null(b);
	assert_string_equal(a->name, "guichet");
	assert_string_equal(b->name, "scoped");
	assert_null(gx_registry_clients_find(&c, KEY_A, strlen(KEY_A) - 1));
	assert_null(gx_registry_clients_find(&c, "", 0));
	assert_null(gx_registry_clients_find(&c, HASH_A, strlen(HASH_A)));  /* the hash is not the key */
	long gn = gx_register_attribute_index(d, "given_name"), st = gx_register_attribute_index(d, "address.street");
	assert_true(gx_registry_client_allows(a, (size_t)gn) && gx_registry_client_allows(a, (size_t)st));
	assert_true(gx_registry_client_allows(b, (size_t)gn));
	assert_false(gx_registry_client_allows(b, (size_t)st));
	gx_registry_clients_free(&c);
	gx_register_description_free(d);
}

static void clients_refused(const char *text, const char *where)
{
	struct gx_register_description *d = persons();
	struct gx_registry_clients c;
	char err[256] = "";
	assert_int_equal(gx_registry_clients_parse(text, strlen(text), d, &c, err, sizeof(err)), -1);
	assert_int_equal(c.n, 0);
	if (strstr(err, where) == NULL)
		fail_msg("error \"%s\" does not name %s", err, where);
	gx_register_description_free(d);
}

static void test_clients_refusals(void **state)
{
	clients_refused("{\"clients\":[{\"name\":\"a\",\"key_sha256\":\"abc\",\"registers\":\"*\"}]}", "/clients/0/key_sha256");
	clients_refused("{\"clients\":[{\"name\":\"a\",\"key_sha256\":\"" HASH_A "\",\"registers\":{\"persons\":[\"shoe\"]}}]}",
			"/clients/0/registers/persons/0");
	clients_refused("{\"clients\":[{\"name\":\"a\",\"key_sha256\":\"" HASH_A "\",\"registers\":\"*\"},"
			"{\"name\":\"b\",\"key_sha256\":\"" HASH_A "\",\"registers\":\"*\"}]}",
			"/clients/1");
	clients_refused("{\"clients\":[{\"name\":\"a\",\"key\":\"plaintext\",\"registers\":\"*\"}]}", "/clients/0/key");
	clients_refused("{\"clients\":[{\"name\":\"\",\"key_sha256\":\"" HASH_A "\",\"registers\":\"*\"}]}", "/clients/0/name");
	clients_refused("{\"people\":[]}", "clients");
}

static void test_operators(void **state)
{
	struct gx_register_description *d = persons();
	struct gx_registry_clients c;
	char err[256] = "";
	const char *text = "{\"clients\":[{\"name\":\"guichet\",\"key_sha256\":\"" HASH_A "\",\"registers\":\"*\"}],"
			   "\"operators\":[{\"name\":\"anne\",\"key_sha256\":\"" HASH_B "\",\"registers\":[\"persons\"]},"
			   "{\"name\":\"ben\",\"key_sha256\":\"" HASH_C "\",\"registers\":[\"vehicles\"]}]}";
	if (gx_registry_clients_parse(text, strlen(text), d, &c, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	assert_int_equal(c.noperators, 1); /* ben operates another register */
	const struct gx_registry_operator *op = gx_registry_operators_find(&c, "anne", 4, KEY_B, strlen(KEY_B));
	assert_non_null(op);
	assert_int_equal(strlen(op->csrf), 64);
	assert_null(gx_registry_operators_find(&c, "ann", 3, KEY_B, strlen(KEY_B)));     /* the name must match */
	assert_null(gx_registry_operators_find(&c, "anne", 4, KEY_A, strlen(KEY_A)));    /* a client's key is no operator's */
	assert_null(gx_registry_clients_find(&c, KEY_B, strlen(KEY_B)));                 /* nor an operator's a client's */
	gx_registry_clients_free(&c);
	clients_refused("{\"clients\":[{\"name\":\"a\",\"key_sha256\":\"" HASH_A "\",\"registers\":\"*\"}],"
			"\"operators\":[{\"name\":\"o\",\"key_sha256\":\"" HASH_A "\",\"registers\":\"*\"}]}",
			"/operators/0");
	clients_refused("{\"clients\":[],\"operators\":[{\"name\":\"o\",\"key_sha256\":\"" HASH_A "\",\"registers\":\"persons\"}]}",
			"/operators/0/registers");
	clients_refused("{\"clients\":[],\"operators\":[{\"name\":\"o\",\"key_sha256\":\"" HASH_A "\",\"registers\":\"*\","
			"\"x\":1}]}", "/operators/0/x");
	clients_refused("{\"clients\":[],\"operators\":{}}", "operators");
	gx_register_description_free(d);
}

static void test_shipped_clients(void **state)
{
	struct gx_register_description *d = NULL;
	struct gx_registry_clients c;
	char err[512];
	assert_int_equal(gx_register_description_load("registers/persons.json", &d, err, sizeof(err)), 0);
	if (gx_registry_clients_load("etc/registry-clients.json", d, &c, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	const struct gx_registry_client *g = gx_registry_clients_find(&c, KEY_A, strlen(KEY_A));
	assert_non_null(g);
	assert_true(g->all);
	assert_int_equal(c.noperators, 1);
	assert_non_null(gx_registry_operators_find(&c, "registry-operator", 17, "demo-registry-operator-key-0003", 31));
	gx_registry_clients_free(&c);
	gx_register_description_free(d);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clients_find_and_scope),
		cmocka_unit_test(test_clients_refusals),
		cmocka_unit_test(test_operators),
		cmocka_unit_test(test_shipped_clients),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
