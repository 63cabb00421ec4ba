/** Unit tests of the platform's side of the corrections protocol: a
 *  register's answers read strictly (a filing's state, a feed page). */

#include "sources/correction_client.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

static int state(const char *text, struct gx_correction_state *s)
{
	char why[128];
	return gx_correction_state_parse(text, strlen(text), s, why, sizeof(why));
}

static void test_state(void **st)
{
	(void)st;
	struct gx_correction_state s;
	assert_int_equal(state("{\"register\":\"persons\",\"id\":42,\"request_id\":\"cor_1\",\"status\":\"open\","
			       "\"received_at\":\"2026-03-02T10:00:00Z\",\"due\":\"2026-03-09\",\"overdue\":false}", &s), 0);
	assert_int_equal(s.id, 42);
	assert_string_equal(s.status, "open");
	assert_string_equal(s.due, "2026-03-09");
	assert_false(s.overdue);
	assert_int_equal(state("{\"id\":1,\"status\":\"accepted\",\"due\":\"2026-03-09\",\"overdue\":true,\"extra\":[1]}", &s), 0);
	assert_true(s.overdue);
	const char *bad[] = {"", "[]", "{\"id\":0,\"status\":\"open\",\"due\":\"2026-03-09\"}",
			     "{\"id\":\"1\",\"status\":\"open\",\"due\":\"2026-03-09\"}",
			     "{\"id\":1,\"status\":\"lost\",\"due\":\"2026-03-09\"}",
			     "{\"id\":1,\"status\":\"open\",\"due\":\"2026-3-9\"}",
			     "{\"id\":1,\"status\":\"open\",\"due\":\"2026-03-09\",\"overdue\":1}",
			     "{\"id\":1,\"id\":2,\"status\":\"open\",\"due\":\"2026-03-09\"}",
			     "{\"a\":[[[[[1]]]]]}"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(state(bad[i], &s), -1);
}

static int feed(const char *text, long long after, struct gx_correction_feed *f)
{
	char why[128];
	return gx_correction_feed_parse(text, strlen(text), after, f, why, sizeof(why));
}

static void test_feed(void **st)
{
	(void)st;
	struct gx_correction_feed f;
	assert_int_equal(feed("{\"register\":\"persons\",\"decisions\":["
			      "{\"seq\":4,\"id\":1,\"request_id\":\"cor_a\",\"status\":\"in_review\",\"at\":\"x\"},"
			      "{\"seq\":5,\"id\":1,\"request_id\":\"cor_a\",\"status\":\"accepted\",\"version\":5,\"as_of\":\"2026-03-02\"},"
			      "{\"seq\":7,\"id\":2,\"request_id\":\"cor_b\",\"status\":\"rejected\",\"reason\":\"no\"},"
			      "{\"seq\":8,\"id\":3,\"request_id\":\"cor_c\",\"status\":\"rerouted\",\"rerouted_to\":\"companies\"}"
			      "],\"last\":9}", 3, &f), 0);
	assert_int_equal(f.n, 4);
	assert_int_equal(f.last, 9);
	assert_string_equal(f.items[1].status, "accepted");
	assert_int_equal(f.items[1].version, 5);
	assert_string_equal(f.items[1].as_of, "2026-03-02");
	assert_string_equal(f.items[2].reason, "no");
	assert_string_equal(f.items[3].rerouted_to, "companies");
	assert_null(f.items[0].reason);
	gx_correction_feed_free(&f);
	assert_int_equal(feed("{\"decisions\":[],\"last\":3}", 3, &f), 0);
	assert_int_equal(f.n, 0);
	gx_correction_feed_free(&f);
	const char *bad[] = {
		"{\"decisions\":[],\"last\":2}",   /* last before after */
		"{\"decisions\":{},\"last\":3}",
		"{\"decisions\":[{\"seq\":3,\"id\":1,\"request_id\":\"a\",\"status\":\"in_review\"}],\"last\":3}",  /* not after */
		"{\"decisions\":[{\"seq\":5,\"id\":1,\"request_id\":\"a\",\"status\":\"in_review\"},"
		"{\"seq\":4,\"id\":1,\"request_id\":\"a\",\"status\":\"in_review\"}],\"last\":5}",                  /* not ascending */
		"{\"decisions\":[{\"seq\":6,\"id\":1,\"request_id\":\"a\",\"status\":\"in_review\"}],\"last\":5}",   /* beyond last */
		"{\"decisions\":[{\"seq\":4,\"id\":1,\"request_id\":\"a\",\"status\":\"open\"}],\"last\":5}",
		"{\"decisions\":[{\"seq\":4,\"id\":1,\"request_id\":\"a\",\"status\":\"rejected\"}],\"last\":5}",    /* no reason */
		"{\"decisions\":[{\"seq\":4,\"id\":1,\"request_id\":\"a\",\"status\":\"rerouted\"}],\"last\":5}",
		"{\"decisions\":[{\"seq\":4,\"id\":1,\"request_id\":\"a\",\"status\":\"accepted\",\"version\":0,\"as_of\":\"2026-01-01\"}],\"last\":5}",
		"{\"decisions\":[{\"seq\":4,\"id\":1,\"status\":\"in_review\"}],\"last\":5}",                         /* no request id */
		"{\"decisions\":[{\"seq\":4,\"id\":1,\"request_id\":7,\"status\":\"in_review\"}],\"last\":5}",
		"{\"decisions\":[1],\"last\":5}",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (feed(bad[i], 3, &f) != -1)
			fail_msg("accepted: %s", bad[i]);
		assert_null(f.root);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_state),
		cmocka_unit_test(test_feed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
