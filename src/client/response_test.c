/** Tests for the client's HTTP/1.1 response reader, fed the way a socket
 *  delivers: in pieces, with unconsumed bytes passed again. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/response.h"

static const struct gx_resp_limits lim = {.max_head = 256, .max_fields = 8, .max_body = 64};

/* Feeds s in pieces of step bytes; returns the final status and how many
 * bytes were left unused. eof: the peer closes after the last byte. */
static enum gx_resp_status feed(struct gx_resp *r, const char *s, size_t len, size_t step, int eof, size_t *left)
{
	char buf[4096];
	size_t have = 0, off = 0;
	enum gx_resp_status st = GX_RESP_MORE;
	while (off < len) {
		size_t n = len - off < step ? len - off : step;
		memcpy(buf + have, s + off, n);
		have += n;
		off += n;
		size_t used;
		st = gx_resp_feed(r, buf, have, &used);
		assert_true(used <= have);
		memmove(buf, buf + used, have - used);
		have -= used;
		if (st != GX_RESP_MORE)
			break;
	}
	if (st == GX_RESP_MORE && eof)
		st = gx_resp_eof(r);
	if (left != NULL)
		*left = have + (len - off);
	return st;
}

/* Runs s at several piece sizes; each must give want (and, when DONE, body). */
static void check(const char *s, int head_req, int eof, enum gx_resp_status want, const char *body)
{
	static const size_t steps[] = {1, 2, 3, 7, 4096};
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		struct gx_resp r;
		gx_resp_init(&r, &lim, head_req);
		enum gx_resp_status st = feed(&r, s, strlen(s), steps[i], eof, NULL);
		if (st != want)
			fail_msg("step %zu: got %d, want %d for \"%s\"", steps[i], st, want, s);
		if (want == GX_RESP_DONE && body != NULL) {
			assert_int_equal(r.body.len, strlen(body));
			assert_memory_equal(r.body.len > 0 ? r.body.data : "", body, strlen(body));
		}
		gx_resp_free(&r);
	}
}

static void test_content_length(void **state)
{
	check("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Type: text/plain\r\n\r\nhello", 0, 0, GX_RESP_DONE,
	      "hello");
	check("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", 0, 0, GX_RESP_DONE, "");
	check("HTTP/1.1 200\r\ncontent-length:  3 \r\n\r\nabc", 0, 0, GX_RESP_DONE, "abc");
	check("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc", 0, 0, GX_RESP_DONE, "abc");
	check("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", 0, 1, GX_RESP_BAD, NULL);
	check("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", 0, 0, GX_RESP_BAD, NULL);
	check("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", 0, 0, GX_RESP_BAD, NULL);
	check("HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n", 0, 0, GX_RESP_BAD, NULL);
	check("HTTP/1.1 200 OK\r\nContent-Length: 65\r\n\r\n", 0, 0, GX_RESP_TOO_LARGE, NULL);
	check("HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n", 0, 0, GX_RESP_BAD, NULL);
	check("HTTP/1.1 200 OK\r\nContent-Length: 64\r\n\r\n"
	      "0123456789012345678901234567890123456789012345678901234567890123",
	      0, 0, GX_RESP_DONE, NULL);
}

static void test_keep_alive_and_fields(void **state)
{
	struct gx_resp r;
	gx_resp_init(&r, &lim, 0);
	const char *s = "HTTP/1.1 404 Not Found\r\nX-A: 1\r\nContent-Length: 2\r\n\r\nnoEXTRA";
	size_t left;
	assert_int_equal(feed(&r, s, strlen(s), 4096, 0, &left), GX_RESP_DONE);
	assert_int_equal(left, 5);  /* bytes after the response are not taken */
	assert_int_equal(r.status, 404);
	assert_true(r.keep_alive);
	const struct gx_httpc_field *f = gx_resp_field(r.fields, r.num_fields, "x-a");
	assert_non_null(f);
	assert_memory_equal(f->value, "1", 1);
	gx_resp_free(&r);

	gx_resp_init(&r, &lim, 0);
	s = "HTTP/1.1 200 OK\r\nConnection: keep-alive, Close\r\nContent-Length: 0\r\n\r\n";
	assert_int_equal(feed(&r, s, strlen(s), 4096, 0, NULL), GX_RESP_DONE);
	assert_false(r.keep_alive);
	gx_resp_free(&r);

	gx_resp_init(&r, &lim, 0);
	s = "HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n";
	assert_int_equal(feed(&r, s, strlen(s), 4096, 0, NULL), GX_RESP_DONE);
	assert_false(r.keep_alive);
	gx_resp_free(&r);
}

static void test_chunked(void **state)
{
	check("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6;a=b\r\n world\r\n0\r\n\r\n", 0, 0,
	      GX_RESP_DONE, "hello world");
	check("HTTP/1.1 200 OK\r\nTransfer-Encoding: Chunked\r\n\r\nA\r\n0123456789\r\n0\r\nT: 1\r\nU: 2\r\n\r\n", 0,
	      0, GX_RESP_DONE, "0123456789");
	/* cut at a chunk boundary: h2o 2.2.5 would call this complete */
	check("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n", 0, 1, GX_RESP_BAD, NULL);
	check("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXX", 0, 0, GX_RESP_BAD, NULL);
	check("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nz\r\n", 0, 0, GX_RESP_BAD, NULL);
	check("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5 x\r\n", 0, 0, GX_RESP_BAD, NULL);
	check("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffff\r\n", 0, 0, GX_RESP_BAD, NULL);
	check("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n41\r\n", 0, 0, GX_RESP_TOO_LARGE, NULL);
	check("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n20\r\n01234567890123456789012345678901\r\n"
	      "21\r\n",
	      0, 0, GX_RESP_TOO_LARGE, NULL);
	check("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 0, 0, GX_RESP_BAD, NULL);
	check("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n", 0, 0, GX_RESP_BAD, NULL);
	check("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nbad trailer\r\n\r\n", 0, 0, GX_RESP_BAD,
	      NULL);
}

static void test_until_close_and_no_body(void **state)
{
	check("HTTP/1.1 200 OK\r\n\r\nall of it", 0, 1, GX_RESP_DONE, "all of it");
	check("HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n", 0, 0, GX_RESP_DONE, "");
	check("HTTP/1.1 304 Not Modified\r\n\r\n", 0, 0, GX_RESP_DONE, "");
	check("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", 1, 0, GX_RESP_DONE, "");
	check("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early\r\nLink: x\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nz",
	      0, 0, GX_RESP_DONE, "z");
	check("HTTP/1.1 101 Switching\r\n\r\n", 0, 0, GX_RESP_BAD, NULL);
	check("", 0, 1, GX_RESP_BAD, NULL);
	check("HTTP/1.1 200 OK\r\nContent-", 0, 1, GX_RESP_BAD, NULL);
}

static void test_bad_heads(void **state)
{
	static const char *const bad[] = {
		"HTTP/1.1 2x0 OK\r\n\r\n", "HTTP/2.0 200 OK\r\n\r\n", "HTTP/1.1 099 Low\r\n\r\n", "HTTP/1.1 600 High\r\n\r\n",
		"HTTP/1.1 200OK\r\n\r\n", "garbage\r\n\r\n", "HTTP/1.1 200 OK\nX: y\r\n\r\n", "HTTP/1.1 200 OK\r\nX : y\r\n\r\n",
		"HTTP/1.1 200 OK\r\nX: y\r\n folded\r\n\r\n", "HTTP/1.1 200 OK\r\n: y\r\n\r\n", "HTTP/1.1 200 OK\r\nnocolon\r\n\r\n",
		("HTTP/1.1 200 OK\r\nX: a\x01" "b\r\n\r\n"), "HTTP/1.1 200 O\x7fK\r\n\r\n",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		check(bad[i], 0, 0, GX_RESP_BAD, NULL);
}

static void test_head_caps(void **state)
{
	/* more fields than max_fields */
	check("HTTP/1.1 200 OK\r\na: 1\r\nb: 1\r\nc: 1\r\nd: 1\r\ne: 1\r\nf: 1\r\ng: 1\r\nh: 1\r\ni: 1\r\n\r\n", 0, 0,
	      GX_RESP_TOO_LARGE, NULL);
	/* a head that never ends is refused at max_head, not buffered on */
	char big[1024];
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	memcpy(big, "HTTP/1.1 200 OK\r\nX: ", 20);
	struct gx_resp r;
	gx_resp_init(&r, &lim, 0);
	size_t used;
	assert_int_equal(gx_resp_feed(&r, big, 255, &used), GX_RESP_MORE);
	assert_int_equal(used, 0);
	assert_int_equal(gx_resp_feed(&r, big, 256, &used), GX_RESP_TOO_LARGE);
	assert_int_equal(gx_resp_feed(&r, "x", 1, &used), GX_RESP_TOO_LARGE);  /* sticky */
	assert_int_equal(gx_resp_eof(&r), GX_RESP_TOO_LARGE);
	gx_resp_free(&r);
	/* trailers are capped too */
	char tr[600];
	int n = snprintf(tr, sizeof(tr), "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n");
	while (n < 560)
		n += snprintf(tr + n, sizeof(tr) - (size_t)n, "Trailer-Field: 0123456789\r\n");
	check(tr, 0, 0, GX_RESP_TOO_LARGE, NULL);
}

static void test_until_close_cap(void **state)
{
	char s[200];
	int n = snprintf(s, sizeof(s), "HTTP/1.1 200 OK\r\n\r\n");
	memset(s + n, 'b', 65);
	s[n + 65] = '\0';
	check(s, 0, 1, GX_RESP_TOO_LARGE, NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_content_length),
		cmocka_unit_test(test_keep_alive_and_fields),
		cmocka_unit_test(test_chunked),
		cmocka_unit_test(test_until_close_and_no_body),
		cmocka_unit_test(test_bad_heads),
		cmocka_unit_test(test_head_caps),
		cmocka_unit_test(test_until_close_cap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
