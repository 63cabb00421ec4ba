/** Tests of the one-time verification code: six uniform digits; stored
 *  only as a keyed, salted hash bound to what it verifies; expiry, the
 *  attempt limit and how often a code may be mailed. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "mail/code.h"

#define S 1000000LL
#define NOW (1709632800LL * S)

static const uint8_t KEY[GX_MAIL_CODE_KEY_BYTES] = "0123456789abcdef0123456789abcde";
static const char BIND[] = "person:1985031410148\0person@example.org";

static void test_generate_uniform(void **state)
{
	assert_true(sodium_init() >= 0);
	unsigned counts[10][GX_MAIL_CODE_DIGITS] = {{0}};
	char code[GX_MAIL_CODE_DIGITS + 1], prev[GX_MAIL_CODE_DIGITS + 1] = "";
	int same = 0;
	const int n = 20000;
	for (int i = 0; i < n; i++) {
		gx_mail_code_generate(code);
		assert_int_equal(strlen(code), GX_MAIL_CODE_DIGITS);
		for (int d = 0; d < GX_MAIL_CODE_DIGITS; d++) {
			assert_true(code[d] >= '0' && code[d] <= '9');
			counts[code[d] - '0'][d]++;
		}
		same += strcmp(code, prev) == 0;
		memcpy(prev, code, sizeof(code));
	}
	/* each digit at each place about n/10 times: a chi-square over the 60
	 * cells far below what a biased generator (a "% 1000000" on a byte
	 * source, say, or a fixed leading digit) would give */
	double chi = 0;
	for (int v = 0; v < 10; v++)
		for (int d = 0; d < GX_MAIL_CODE_DIGITS; d++) {
			double e = n / 10.0, x = counts[v][d] - e;
			chi += x * x / e;
		}
	assert_true(chi < 150.0); /* 54 degrees of freedom: p < 1e-9 beyond */
	assert_true(same < 3);
}

static void test_stored_never_in_clear(void **state)
{
	struct gx_mail_code_policy p = GX_MAIL_CODE_POLICY_DEFAULT;
	struct gx_mail_code_record rec, rec2;
	char code[GX_MAIL_CODE_DIGITS + 1], code2[GX_MAIL_CODE_DIGITS + 1];
	assert_int_equal(gx_mail_code_issue(NULL, KEY, BIND, sizeof(BIND), NOW, &p, code, &rec), 0);
	/* the record holds neither the code nor its digits in a row */
	assert_null(memmem(&rec, sizeof(rec), code, GX_MAIL_CODE_DIGITS));
	/* the hash is the keyed one, over this salt and binding */
	uint8_t h[GX_MAIL_CODE_HASH_BYTES];
	gx_mail_code_hash(KEY, rec.salt, BIND, sizeof(BIND), code, h);
	assert_memory_equal(h, rec.hash, sizeof(h));
	uint8_t other_key[GX_MAIL_CODE_KEY_BYTES] = {1};
	gx_mail_code_hash(other_key, rec.salt, BIND, sizeof(BIND), code, h);
	assert_memory_not_equal(h, rec.hash, sizeof(h));
	/* the same code issued twice is stored differently (a fresh salt) */
	assert_int_equal(gx_mail_code_issue(NULL, KEY, BIND, sizeof(BIND), NOW, &p, code2, &rec2), 0);
	assert_memory_not_equal(rec.salt, rec2.salt, sizeof(rec.salt));
	uint8_t h1[GX_MAIL_CODE_HASH_BYTES], h2[GX_MAIL_CODE_HASH_BYTES];
	gx_mail_code_hash(KEY, rec.salt, BIND, sizeof(BIND), "123456", h1);
	gx_mail_code_hash(KEY, rec2.salt, BIND, sizeof(BIND), "123456", h2);
	assert_memory_not_equal(h1, h2, sizeof(h1));
	assert_true(rec.expires_us == NOW + 900 * S);
}

static void test_check(void **state)
{
	struct gx_mail_code_policy p = GX_MAIL_CODE_POLICY_DEFAULT;
	struct gx_mail_code_record rec;
	char code[GX_MAIL_CODE_DIGITS + 1];
	assert_int_equal(gx_mail_code_issue(NULL, KEY, BIND, sizeof(BIND), NOW, &p, code, &rec), 0);
	char wrong[GX_MAIL_CODE_DIGITS + 1];
	memcpy(wrong, code, sizeof(code));
	wrong[5] = wrong[5] == '9' ? '0' : (char)(wrong[5] + 1);

	/* malformed input counts no guess */
	struct gx_mail_code_record r = rec;
	assert_int_equal(gx_mail_code_check(&r, KEY, BIND, sizeof(BIND), "12345", 5, NOW, &p), GX_MAIL_CODE_MALFORMED);
	assert_int_equal(gx_mail_code_check(&r, KEY, BIND, sizeof(BIND), "1234567", 7, NOW, &p), GX_MAIL_CODE_MALFORMED);
	assert_int_equal(gx_mail_code_check(&r, KEY, BIND, sizeof(BIND), "12a456", 6, NOW, &p), GX_MAIL_CODE_MALFORMED);
	assert_int_equal(gx_mail_code_check(&r, KEY, BIND, sizeof(BIND), NULL, 0, NOW, &p), GX_MAIL_CODE_MALFORMED);
	assert_int_equal(r.attempts, 0);
	/* a wrong guess counts one */
	assert_int_equal(gx_mail_code_check(&r, KEY, BIND, sizeof(BIND), wrong, 6, NOW, &p), GX_MAIL_CODE_WRONG);
	assert_int_equal(r.attempts, 1);
	/* the right code, typed with a space and a hyphen as people do */
	char typed[16];
	snprintf(typed, sizeof(typed), " %.3s-%.3s ", code, code + 3);
	assert_int_equal(gx_mail_code_check(&r, KEY, BIND, sizeof(BIND), typed, strlen(typed), NOW + 60 * S, &p),
			 GX_MAIL_CODE_OK);
	assert_true(r.used);
	/* used once: never again */
	assert_int_equal(gx_mail_code_check(&r, KEY, BIND, sizeof(BIND), code, 6, NOW + 61 * S, &p), GX_MAIL_CODE_LOCKED);

	/* another binding (another address): the right digits do not verify it */
	r = rec;
	static const char OTHER[] = "person:1985031410148\0other@example.org";
	assert_int_equal(gx_mail_code_check(&r, KEY, OTHER, sizeof(OTHER), code, 6, NOW, &p), GX_MAIL_CODE_WRONG);
	/* another key neither */
	r = rec;
	uint8_t key2[GX_MAIL_CODE_KEY_BYTES] = {7};
	assert_int_equal(gx_mail_code_check(&r, key2, BIND, sizeof(BIND), code, 6, NOW, &p), GX_MAIL_CODE_WRONG);

	/* expiry: works until just before expires_us */
	r = rec;
	assert_int_equal(gx_mail_code_check(&r, KEY, BIND, sizeof(BIND), code, 6, rec.expires_us - 1, &p), GX_MAIL_CODE_OK);
	r = rec;
	assert_int_equal(gx_mail_code_check(&r, KEY, BIND, sizeof(BIND), code, 6, rec.expires_us, &p), GX_MAIL_CODE_EXPIRED);
	assert_int_equal(gx_mail_code_check(&r, KEY, BIND, sizeof(BIND), code, 6, NOW - 1, &p), GX_MAIL_CODE_EXPIRED);
	assert_int_equal(r.attempts, 0);

	/* five wrong guesses lock it: then even the right code is refused */
	r = rec;
	for (unsigned i = 0; i < p.max_attempts; i++)
		assert_int_equal(gx_mail_code_check(&r, KEY, BIND, sizeof(BIND), wrong, 6, NOW, &p), GX_MAIL_CODE_WRONG);
	assert_int_equal(gx_mail_code_check(&r, KEY, BIND, sizeof(BIND), code, 6, NOW, &p), GX_MAIL_CODE_LOCKED);
	assert_int_equal(r.attempts, p.max_attempts);
	assert_string_equal(gx_mail_code_verdict_name(GX_MAIL_CODE_LOCKED), "locked");
}

static void test_issue_rate(void **state)
{
	struct gx_mail_code_policy p = GX_MAIL_CODE_POLICY_DEFAULT;
	struct gx_mail_code_record last, next;
	char code[GX_MAIL_CODE_DIGITS + 1];
	assert_true(gx_mail_code_may_issue(NULL, NOW, &p));
	assert_int_equal(gx_mail_code_issue(NULL, KEY, BIND, sizeof(BIND), NOW, &p, code, &last), 0);
	assert_int_equal(last.day_count, 1);
	/* not again within a minute */
	assert_false(gx_mail_code_may_issue(&last, NOW + 59 * S, &p));
	assert_int_equal(gx_mail_code_issue(&last, KEY, BIND, sizeof(BIND), NOW + 59 * S, &p, code, &next), -1);
	/* five a day */
	long long t = NOW;
	for (int i = 2; i <= 5; i++) {
		t += 60 * S;
		assert_int_equal(gx_mail_code_issue(&last, KEY, BIND, sizeof(BIND), t, &p, code, &next), 0);
		assert_int_equal(next.day_count, (unsigned)i);
		assert_true(next.day_start_us == NOW);
		last = next;
	}
	t += 3600 * S;
	assert_false(gx_mail_code_may_issue(&last, t, &p));
	/* the next day counts afresh */
	t = NOW + 24 * 3600 * S;
	assert_true(gx_mail_code_may_issue(&last, t, &p));
	assert_int_equal(gx_mail_code_issue(&last, KEY, BIND, sizeof(BIND), t, &p, code, &next), 0);
	assert_int_equal(next.day_count, 1);
	assert_true(next.day_start_us == t);
	/* a new code replaces the old one: its guesses start from zero */
	assert_int_equal(next.attempts, 0);
	assert_false(next.used);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_generate_uniform),
		cmocka_unit_test(test_stored_never_in_clear),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_issue_rate),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
