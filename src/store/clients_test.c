/* Organisations' machine clients in the store: registration, revocation,
 * assertion ids seen once, access tokens by hash, and the purge of what expired. */
#include "store/store.h"
#include "store/store_testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>

static struct gx_test_db tdb;
static struct gx_store *store;
static struct gx_store_conn *conn;

static const char jwk[] = "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}";

static int setup(void **state)
{
	store = gx_test_store_open(&tdb);
	conn = gx_store_conn_open(store);
	assert_non_null(conn);
	return 0;
}

static int teardown(void **state)
{
	gx_store_conn_close(conn);
	gx_store_close(store);
	gx_test_db_remove(&tdb);
	return 0;
}

static struct gx_org_client client(const char *id, const char *org, const char *scopes)
{
	struct gx_org_client c = {.jwk = (char *)jwk, .alg = "EdDSA", .created_at_us = 1000};
	snprintf(c.client_id, sizeof(c.client_id), "%s", id);
	snprintf(c.org, sizeof(c.org), "%s", org);
	snprintf(c.scopes, sizeof(c.scopes), "%s", scopes);
	return c;
}

static struct gx_client_token token(unsigned char tag, const char *id, const char *org, long long expires)
{
	struct gx_client_token t = {.issued_at_us = 1000, .expires_at_us = expires};
	memset(t.hash, tag, sizeof(t.hash));
	snprintf(t.client_id, sizeof(t.client_id), "%s", id);
	snprintf(t.org, sizeof(t.org), "%s", org);
	snprintf(t.scopes, sizeof(t.scopes), "submissions.read");
	return t;
}

static void test_client_add_get_list(void **state)
{
	struct gx_org_client c = client("cl_case", "snca", "submissions.read registers.read");
	assert_int_equal(gx_store_org_client_add(conn, &c), GX_DB_ONE_RESULT);
	struct gx_org_client other = client("cl_other", "cns", "");
	assert_int_equal(gx_store_org_client_add(conn, &other), GX_DB_ONE_RESULT);

	struct gx_org_client got;
	assert_int_equal(gx_store_org_client_get(conn, "cl_case", &got), GX_DB_ONE_RESULT);
	assert_string_equal(got.client_id, "cl_case");
	assert_string_equal(got.org, "snca");
	assert_string_equal(got.jwk, jwk);
	assert_string_equal(got.alg, "EdDSA");
	assert_string_equal(got.scopes, "submissions.read registers.read");
	assert_int_equal(got.created_at_us, 1000);
	assert_int_equal(got.revoked_at_us, 0);
	gx_org_client_clear(&got);
	assert_null(got.jwk);
	assert_int_equal(gx_store_org_client_get(conn, "cl_none", &got), GX_DB_NO_RESULTS);
	assert_null(got.jwk);

	char *text = NULL;
	assert_int_equal(gx_store_org_clients_list(conn, "snca", &text), GX_DB_ONE_RESULT);
	assert_string_equal(text, "[{\"client_id\":\"cl_case\",\"alg\":\"EdDSA\",\"scopes\":\"submissions.read registers.read\","
				  "\"created_at_us\":1000,\"revoked_at_us\":null}]");
	free(text);
	assert_int_equal(gx_store_org_clients_list(conn, "commune", &text), GX_DB_ONE_RESULT);
	assert_string_equal(text, "[]");
	free(text);
}

static void test_client_id_taken_conflicts(void **state)
{
	struct gx_org_client c = client("cl_dup", "snca", "submissions.read");
	assert_int_equal(gx_store_org_client_add(conn, &c), GX_DB_ONE_RESULT);
	struct gx_org_client again = client("cl_dup", "cns", "registers.read");
	assert_int_equal(gx_store_org_client_add(conn, &again), GX_DB_CONFLICT);
	struct gx_org_client got;
	assert_int_equal(gx_store_org_client_get(conn, "cl_dup", &got), GX_DB_ONE_RESULT);
	assert_string_equal(got.org, "snca");  /* the first stays as it was */
	assert_string_equal(got.scopes, "submissions.read");
	gx_org_client_clear(&got);
	/* what the schema refuses: an id too long, another algorithm */
	struct gx_org_client bad = client("cl_x", "snca", "");
	memset(bad.client_id, 'a', 64);
	bad.client_id[64] = '\0';
	assert_int_equal(gx_store_org_client_add(conn, &bad), GX_DB_ONE_RESULT);
	bad = client("cl_rs", "snca", "");
	snprintf(bad.alg, sizeof(bad.alg), "RS256");
	assert_true(gx_store_org_client_add(conn, &bad) < 0);
	assert_int_equal(gx_store_org_client_get(conn, "cl_rs", &got), GX_DB_NO_RESULTS);
}

static void test_assertion_seen_once_then_purged(void **state)
{
	assert_int_equal(gx_store_client_assertion_record(conn, "cl_a", "jti-1", 5000), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_client_assertion_record(conn, "cl_a", "jti-1", 9000), GX_DB_CONFLICT);
	/* the same jti from another client is another assertion */
	assert_int_equal(gx_store_client_assertion_record(conn, "cl_b", "jti-1", 5000), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_client_assertion_record(conn, "cl_a", "jti-2", 7000), GX_DB_ONE_RESULT);

	/* kept until it expires: a purge before then keeps it */
	assert_int_equal(gx_store_clients_purge(conn, 5000), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_client_assertion_record(conn, "cl_a", "jti-1", 5000), GX_DB_CONFLICT);
	assert_int_equal(gx_store_clients_purge(conn, 5001), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_client_assertion_record(conn, "cl_a", "jti-1", 9000), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_client_assertion_record(conn, "cl_a", "jti-2", 9000), GX_DB_CONFLICT);
}

static void test_token_by_hash(void **state)
{
	struct gx_org_client c = client("cl_tok", "snca", "submissions.read");
	assert_int_equal(gx_store_org_client_add(conn, &c), GX_DB_ONE_RESULT);
	struct gx_client_token t = token(0xab, "cl_tok", "snca", 2000000);
	assert_int_equal(gx_store_client_token_insert(conn, &t), GX_DB_ONE_RESULT);
	assert_true(gx_store_client_token_insert(conn, &t) < 0);  /* one row per hash */

	struct gx_client_token got;
	assert_int_equal(gx_store_client_token_get(conn, t.hash, &got), GX_DB_ONE_RESULT);
	assert_memory_equal(got.hash, t.hash, sizeof(t.hash));
	assert_string_equal(got.client_id, "cl_tok");
	assert_string_equal(got.org, "snca");
	assert_string_equal(got.scopes, "submissions.read");
	assert_int_equal(got.issued_at_us, 1000);
	assert_int_equal(got.expires_at_us, 2000000);
	assert_false(got.revoked);

	unsigned char other[GX_STORE_TOKEN_HASH_BYTES];
	memcpy(other, t.hash, sizeof(other));
	other[31] ^= 1;
	assert_int_equal(gx_store_client_token_get(conn, other, &got), GX_DB_NO_RESULTS);

	/* a token whose client is unknown does not work */
	struct gx_client_token orphan = token(0xcd, "cl_gone", "snca", 2000000);
	assert_int_equal(gx_store_client_token_insert(conn, &orphan), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_client_token_get(conn, orphan.hash, &got), GX_DB_ONE_RESULT);
	assert_true(got.revoked);

	/* the purge removes what expired, and only that */
	struct gx_client_token old = token(0x01, "cl_tok", "snca", 3000);
	assert_int_equal(gx_store_client_token_insert(conn, &old), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_clients_purge(conn, 3001), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_client_token_get(conn, old.hash, &got), GX_DB_NO_RESULTS);
	assert_int_equal(gx_store_client_token_get(conn, t.hash, &got), GX_DB_ONE_RESULT);
}

static void test_revoke_ends_tokens(void **state)
{
	struct gx_org_client c = client("cl_rev", "snca", "submissions.read");
	assert_int_equal(gx_store_org_client_add(conn, &c), GX_DB_ONE_RESULT);
	struct gx_org_client keep = client("cl_keep", "snca", "submissions.read");
	assert_int_equal(gx_store_org_client_add(conn, &keep), GX_DB_ONE_RESULT);
	struct gx_client_token t = token(0x11, "cl_rev", "snca", 9000000);
	struct gx_client_token k = token(0x22, "cl_keep", "snca", 9000000);
	assert_int_equal(gx_store_client_token_insert(conn, &t), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_client_token_insert(conn, &k), GX_DB_ONE_RESULT);

	/* only by its own organisation */
	assert_int_equal(gx_store_org_client_revoke(conn, "cns", "cl_rev", 4000), GX_DB_NO_RESULTS);
	struct gx_client_token got;
	assert_int_equal(gx_store_client_token_get(conn, t.hash, &got), GX_DB_ONE_RESULT);
	assert_false(got.revoked);

	assert_int_equal(gx_store_org_client_revoke(conn, "snca", "cl_rev", 4000), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_client_token_get(conn, t.hash, &got), GX_DB_NO_RESULTS);
	assert_int_equal(gx_store_client_token_get(conn, k.hash, &got), GX_DB_ONE_RESULT);
	assert_false(got.revoked);
	assert_int_equal(gx_store_org_client_revoke(conn, "snca", "cl_rev", 5000), GX_DB_NO_RESULTS);
	assert_int_equal(gx_store_org_client_revoke(conn, "snca", "cl_none", 5000), GX_DB_NO_RESULTS);

	struct gx_org_client g;
	assert_int_equal(gx_store_org_client_get(conn, "cl_rev", &g), GX_DB_ONE_RESULT);
	assert_int_equal(g.revoked_at_us, 4000);
	gx_org_client_clear(&g);
	/* a token stored for it after the revocation (an exchange racing it) does not work */
	struct gx_client_token late = token(0x33, "cl_rev", "snca", 9000000);
	assert_int_equal(gx_store_client_token_insert(conn, &late), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_client_token_get(conn, late.hash, &got), GX_DB_ONE_RESULT);
	assert_true(got.revoked);

	char *text = NULL;
	assert_int_equal(gx_store_org_clients_list(conn, "snca", &text), GX_DB_ONE_RESULT);
	assert_non_null(strstr(text, "\"client_id\":\"cl_rev\",\"alg\":\"EdDSA\",\"scopes\":\"submissions.read\","
				     "\"created_at_us\":1000,\"revoked_at_us\":4000"));
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_client_add_get_list, setup, teardown),
		cmocka_unit_test_setup_teardown(test_client_id_taken_conflicts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_assertion_seen_once_then_purged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_token_by_hash, setup, teardown),
		cmocka_unit_test_setup_teardown(test_revoke_ends_tokens, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
