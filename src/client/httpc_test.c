/** Tests for the asynchronous HTTP client, against small servers written
 *  with plain blocking sockets in helper threads of this test (one thread
 *  per connection, so delays overlap), and an h2o evloop run in the test's
 *  own thread until the callbacks have fired. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "client/httpc.h"

/* --- test servers ---------------------------------------------------------- */

enum mode {
	M_ECHO,            /* 200, the raw request as the body; keep-alive */
	M_DELAY,           /* waits delay_ms, then 200 "ok"; keep-alive */
	M_HANG,            /* reads the request, never answers */
	M_BIG_CL,          /* Content-Length: 64 MiB, then sends it */
	M_BIG_CHUNKED,     /* chunked, 64 MiB in 64 KiB chunks */
	M_CHUNKED,         /* chunked "hello world" with a trailer */
	M_BAD_STATUS,      /* a malformed status line */
	M_CLOSE_MID,       /* Content-Length: 100, 9 bytes, close */
	M_CLOSE_MID_CHUNKED, /* one whole chunk, then close */
	M_ONE_PER_CONN,    /* answers a connection's first request (keep-alive),
	                    * closes on its second without a word */
};

#define BIG (64u * 1024 * 1024)
#define MAX_CONNS 32

struct tsrv {
	int lfd;
	uint16_t port;
	enum mode mode;
	int delay_ms;
	int stop[2];
	pthread_t thread;
	pthread_mutex_t mu;
	int conns, reqs, closed;
	size_t sent;
	char last[4096];
	pthread_t cthreads[MAX_CONNS];
	int ncthreads;
};

struct tconn {
	struct tsrv *s;
	int fd;
};

/* Waits until fd is readable (0), the server stops (-1) or ms passes (1). */
static int wait_fd(struct tsrv *s, int fd, int ms)
{
	struct pollfd p[2] = {{.fd = fd, .events = POLLIN}, {.fd = s->stop[0], .events = POLLIN}};
	int n = poll(p, fd >= 0 ? 2 : 1, ms);
	if (fd < 0) {
		p[1] = p[0];
		p[0].revents = 0;
	}
	if (n == 0)
		return 1;
	if (p[1].revents != 0)
		return -1;
	return 0;
}

static void send_all(struct tsrv *s, int fd, const char *d, size_t n)
{
	while (n > 0) {
		ssize_t w = send(fd, d, n, MSG_NOSIGNAL);
		if (w <= 0)
			return;
		pthread_mutex_lock(&s->mu);
		s->sent += (size_t)w;
		pthread_mutex_unlock(&s->mu);
		d += w;
		n -= (size_t)w;
	}
}

static int send_big(struct tsrv *s, int fd, int chunked)
{
	static char block[65536 + 16];
	size_t hdr = 0;
	if (chunked) {
		hdr = (size_t)sprintf(block, "10000\r\n");
		memset(block + hdr, 'x', 65536);
		memcpy(block + hdr + 65536, "\r\n", 2);
	} else {
		memset(block, 'x', 65536);
	}
	size_t bl = chunked ? hdr + 65536 + 2 : 65536;
	for (size_t done = 0; done < BIG; done += 65536) {
		ssize_t w = 0;
		size_t off = 0;
		while (off < bl && (w = send(fd, block + off, bl - off, MSG_NOSIGNAL)) > 0) {
			off += (size_t)w;
			pthread_mutex_lock(&s->mu);
			s->sent += (size_t)w;
			pthread_mutex_unlock(&s->mu);
		}
		if (w <= 0)
			return -1;
	}
	return 0;
}

/* Reads one request (head and Content-Length body) into buf; its length,
 * 0 on close, -1 on stop. */
static ssize_t read_request(struct tsrv *s, int fd, char *buf, size_t cap)
{
	size_t len = 0;
	for (;;) {
		char *e = len > 0 ? strstr(buf, "\r\n\r\n") : NULL;
		if (e != NULL) {
			size_t head = (size_t)(e - buf) + 4, body = 0;
			char *cl = strcasestr(buf, "content-length:");
			if (cl != NULL && cl < e)
				body = strtoul(cl + 15, NULL, 10);
			if (len >= head + body)
				return (ssize_t)len;
		}
		if (len + 1 >= cap || wait_fd(s, fd, -1) != 0)
			return -1;
		ssize_t r = recv(fd, buf + len, cap - 1 - len, 0);
		if (r <= 0)
			return 0;
		len += (size_t)r;
		buf[len] = '\0';
	}
}

static void *conn_main(void *p)
{
	struct tconn *tc = p;
	struct tsrv *s = tc->s;
	int fd = tc->fd;
	free(tc);
	char req[4096], out[8192];
	for (int nth = 0;; nth++) {
		ssize_t n = read_request(s, fd, req, sizeof(req));
		if (n <= 0)
			break;
		pthread_mutex_lock(&s->mu);
		s->reqs++;
		memcpy(s->last, req, (size_t)n + 1);
		pthread_mutex_unlock(&s->mu);
		int m;
		switch (s->mode) {
		case M_ECHO:
			m = snprintf(out, sizeof(out), "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %zd\r\n\r\n%s", n, req);
			send_all(s, fd, out, (size_t)m);
			continue;
		case M_DELAY:
			if (wait_fd(s, -1, s->delay_ms) < 0)
				goto out;
			send_all(s, fd, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", 40);
			continue;
		case M_HANG:
			while (wait_fd(s, fd, -1) == 0) {
				if (recv(fd, out, sizeof(out), 0) <= 0)
					goto out;
			}
			goto out;
		case M_BIG_CL:
			m = snprintf(out, sizeof(out), "HTTP/1.1 200 OK\r\nContent-Length: %u\r\n\r\n", BIG);
			send_all(s, fd, out, (size_t)m);
			send_big(s, fd, 0);
			goto out;
		case M_BIG_CHUNKED:
			m = snprintf(out, sizeof(out), "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
			send_all(s, fd, out, (size_t)m);
			send_big(s, fd, 1);
			goto out;
		case M_CHUNKED: {
			static const char r[] = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
						"5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n";
			send_all(s, fd, r, sizeof(r) - 1);
			continue;
		}
		case M_BAD_STATUS: {
			static const char r[] = "HTTP/1.1 2x0 OK\r\nContent-Length: 0\r\n\r\n";
			send_all(s, fd, r, sizeof(r) - 1);
			continue;
		}
		case M_CLOSE_MID: {
			static const char r[] = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly-part";
			send_all(s, fd, r, sizeof(r) - 1);
			goto out;
		}
		case M_ONE_PER_CONN:
			if (nth > 0)
				goto out;
			send_all(s, fd, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", 40);
			continue;
		case M_CLOSE_MID_CHUNKED: {
			static const char r[] = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n";
			send_all(s, fd, r, sizeof(r) - 1);
			goto out;
		}
		}
	}
out:
	close(fd);
	pthread_mutex_lock(&s->mu);
	s->closed++;
	pthread_mutex_unlock(&s->mu);
	return NULL;
}

static void *server_main(void *p)
{
	struct tsrv *s = p;
	while (wait_fd(s, s->lfd, -1) == 0) {
		int fd = accept(s->lfd, NULL, NULL);
		if (fd < 0)
			continue;
		struct timeval tv = {.tv_sec = 3};
		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
		pthread_mutex_lock(&s->mu);
		int full = s->ncthreads == MAX_CONNS;
		if (!full)
			s->conns++;
		pthread_mutex_unlock(&s->mu);
		struct tconn *tc = malloc(sizeof(*tc));
		if (full || tc == NULL) {
			free(tc);
			close(fd);
			continue;
		}
		*tc = (struct tconn){s, fd};
		pthread_create(&s->cthreads[s->ncthreads++], NULL, conn_main, tc);
	}
	for (int i = 0; i < s->ncthreads; i++)
		pthread_join(s->cthreads[i], NULL);
	return NULL;
}

static struct tsrv *srv_start(enum mode mode)
{
	struct tsrv *s = calloc(1, sizeof(*s));
	assert_non_null(s);
	s->mode = mode;
	s->delay_ms = 300;
	pthread_mutex_init(&s->mu, NULL);
	assert_int_equal(pipe(s->stop), 0);
	s->lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof(a);
	assert_int_equal(bind(s->lfd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(s->lfd, 64), 0);
	getsockname(s->lfd, (struct sockaddr *)&a, &len);
	s->port = ntohs(a.sin_port);
	pthread_create(&s->thread, NULL, server_main, s);
	return s;
}

/* Stops the server and waits for all its threads. */
static void srv_stop(struct tsrv *s)
{
	close(s->stop[1]);
	pthread_join(s->thread, NULL);
	close(s->stop[0]);
	close(s->lfd);
	pthread_mutex_destroy(&s->mu);
	free(s);
}

static int srv_get(struct tsrv *s, int *field)
{
	pthread_mutex_lock(&s->mu);
	int v = *field;
	pthread_mutex_unlock(&s->mu);
	return v;
}

/* --- loop and results ---------------------------------------------------- */

struct result {
	int called;
	enum gx_httpc_error error;
	int status;
	char body[4096];
	size_t body_len;
	char content_type[64];
	uint64_t elapsed_us;
	uint64_t at_ms;
};

static uint64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void on_done(void *arg, const struct gx_httpc_response *res)
{
	struct result *r = arg;
	r->called++;
	r->error = res->error;
	r->status = res->status;
	r->elapsed_us = res->elapsed_us;
	r->at_ms = now_ms();
	r->body_len = res->body.len;
	size_t n = res->body.len < sizeof(r->body) - 1 ? res->body.len : sizeof(r->body) - 1;
	memcpy(r->body, res->body.base, n);
	r->body[n] = '\0';
	const struct gx_httpc_field *ct = gx_httpc_header(res, "content-type");
	if (ct != NULL && ct->value_len < sizeof(r->content_type)) {
		memcpy(r->content_type, ct->value, ct->value_len);
		r->content_type[ct->value_len] = '\0';
	}
}

struct fixture {
	h2o_evloop_t *loop;
	struct gx_httpc *c;
};

static struct fixture fx;

static int setup_cfg(const struct gx_httpc_config *cfg)
{
	fx.loop = h2o_evloop_create();
	fx.c = gx_httpc_new(fx.loop, cfg);
	return fx.c != NULL ? 0 : -1;
}

static int setup(void **state)
{
	return setup_cfg(NULL);
}

static int teardown(void **state)
{
	gx_httpc_free(fx.c);
	for (int i = 0; i < 3; i++)
		h2o_evloop_run(fx.loop, 0);
	h2o_evloop_destroy(fx.loop);
	fx = (struct fixture){0};
	return 0;
}

/* Runs the loop until every result in rs has been called, or max_ms. */
static void run_until(struct result *rs, size_t n, int max_ms)
{
	uint64_t end = now_ms() + (uint64_t)max_ms;
	for (;;) {
		size_t done = 0;
		for (size_t i = 0; i < n; i++)
			done += rs[i].called > 0;
		if (done == n || now_ms() >= end)
			return;
		h2o_evloop_run(fx.loop, 10);
	}
}

static void run_for(int ms)
{
	uint64_t end = now_ms() + (uint64_t)ms;
	while (now_ms() < end)
		h2o_evloop_run(fx.loop, 10);
}

static char *url_of(struct tsrv *s, const char *path)
{
	static char buf[8][128];
	static int i;
	char *u = buf[i++ % 8];
	snprintf(u, 128, "http://127.0.0.1:%u%s", s->port, path);
	return u;
}

static void wait_server(struct tsrv *s, int *field, int want)
{
	uint64_t end = now_ms() + 2000;
	while (srv_get(s, field) < want && now_ms() < end)
		h2o_evloop_run(fx.loop, 10);
}

/* --- tests --------------------------------------------------------------- */

static void test_get_and_post(void **state)
{
	struct tsrv *s = srv_start(M_ECHO);
	struct gx_httpc_header h[] = {{"X-Test", "yes"}, {"Accept", "application/json"}};
	struct gx_httpc_request get = {.method = "GET", .url = url_of(s, "/hello?q=1#frag"), .headers = h,
				       .num_headers = 2};
	struct result r[2] = {{0}};
	assert_non_null(gx_httpc_start(fx.c, &get, on_done, &r[0]));
	char url[128];
	snprintf(url, sizeof(url), "http://localhost:%u/submit", s->port);
	struct gx_httpc_header ph[] = {{"Content-Type", "application/json"}};
	struct gx_httpc_request post = {.method = "POST", .url = url, .headers = ph, .num_headers = 1,
					.body = h2o_iovec_init(H2O_STRLIT("{\"a\":1}"))};
	assert_non_null(gx_httpc_start(fx.c, &post, on_done, &r[1]));
	run_until(r, 2, 3000);

	assert_int_equal(r[0].called, 1);
	assert_int_equal(r[0].error, GX_HTTPC_OK);
	assert_int_equal(r[0].status, 200);
	assert_string_equal(r[0].content_type, "text/plain");
	assert_non_null(strstr(r[0].body, "GET /hello?q=1 HTTP/1.1\r\n"));
	assert_non_null(strstr(r[0].body, "X-Test: yes\r\n"));
	assert_non_null(strstr(r[0].body, "Accept: application/json\r\n"));
	char host[64];
	snprintf(host, sizeof(host), "Host: 127.0.0.1:%u\r\n", s->port);
	assert_non_null(strstr(r[0].body, host));
	assert_null(strstr(r[0].body, "frag"));
	assert_null(strstr(r[0].body, "Content-Length"));

	assert_int_equal(r[1].called, 1);
	assert_int_equal(r[1].error, GX_HTTPC_OK);
	assert_non_null(strstr(r[1].body, "POST /submit HTTP/1.1\r\n"));
	assert_non_null(strstr(r[1].body, "Content-Type: application/json\r\n"));
	assert_non_null(strstr(r[1].body, "Content-Length: 7\r\n"));
	assert_non_null(strstr(r[1].body, "\r\n\r\n{\"a\":1}"));
	srv_stop(s);
}

static void test_concurrent(void **state)
{
	struct tsrv *s[4];
	struct result r[4] = {{0}};
	uint64_t t0 = now_ms();
	for (int i = 0; i < 4; i++) {
		s[i] = srv_start(M_DELAY);
		struct gx_httpc_request req = {.method = "GET", .url = url_of(s[i], "/slow")};
		assert_non_null(gx_httpc_start(fx.c, &req, on_done, &r[i]));
	}
	run_until(r, 4, 5000);
	uint64_t total = now_ms() - t0;
	for (int i = 0; i < 4; i++) {
		assert_int_equal(r[i].error, GX_HTTPC_OK);
		assert_string_equal(r[i].body, "ok");
		srv_stop(s[i]);
	}
	print_message("4 requests of 300 ms each took %llu ms\n", (unsigned long long)total);
	assert_true(total >= 300);
	assert_true(total < 2 * 300);  /* overlapped, not 1200 */
}

static void test_keepalive_reuse(void **state)
{
	struct tsrv *s = srv_start(M_ECHO);
	struct gx_httpc_request req = {.method = "GET", .url = url_of(s, "/one")};
	struct result r[2] = {{0}};
	gx_httpc_start(fx.c, &req, on_done, &r[0]);
	run_until(&r[0], 1, 3000);
	req.url = url_of(s, "/two");
	gx_httpc_start(fx.c, &req, on_done, &r[1]);
	run_until(&r[1], 1, 3000);
	assert_int_equal(r[0].error, GX_HTTPC_OK);
	assert_int_equal(r[1].error, GX_HTTPC_OK);
	assert_non_null(strstr(r[1].body, "GET /two "));
	assert_int_equal(srv_get(s, &s->reqs), 2);
	assert_int_equal(srv_get(s, &s->conns), 1);
	struct gx_httpc_stats st;
	gx_httpc_get_stats(fx.c, &st);
	assert_int_equal(st.connections_opened, 1);
	assert_int_equal(st.connections_reused, 1);
	assert_int_equal(st.in_flight, 0);
	srv_stop(s);
}

/* The server closed the idle pooled connection: the next request still
 * succeeds, on a new connection. */
static void test_pooled_connection_closed_by_server(void **state)
{
	struct tsrv *s = srv_start(M_ECHO);
	struct gx_httpc_request req = {.method = "GET", .url = url_of(s, "/one")};
	struct result r[2] = {{0}};
	gx_httpc_start(fx.c, &req, on_done, &r[0]);
	run_until(&r[0], 1, 3000);
	uint16_t port = s->port;
	srv_stop(s);  /* closes the connection the client pooled */
	s = srv_start(M_ECHO);
	(void)port;
	req.url = url_of(s, "/two");
	gx_httpc_start(fx.c, &req, on_done, &r[1]);
	run_until(&r[1], 1, 3000);
	assert_int_equal(r[1].error, GX_HTTPC_OK);
	srv_stop(s);
}

/* The server drops a reused connection when the request arrives (as when
 * its idle timer fires while the request is on its way): the request is sent
 * again, once, on a new connection. */
static void test_retry_on_dropped_reused_connection(void **state)
{
	struct tsrv *s = srv_start(M_ONE_PER_CONN);
	struct gx_httpc_request req = {.method = "GET", .url = url_of(s, "/r")};
	struct result r[2] = {{0}};
	gx_httpc_start(fx.c, &req, on_done, &r[0]);
	run_until(&r[0], 1, 3000);
	gx_httpc_start(fx.c, &req, on_done, &r[1]);
	run_until(&r[1], 1, 3000);
	assert_int_equal(r[0].error, GX_HTTPC_OK);
	assert_int_equal(r[1].error, GX_HTTPC_OK);
	assert_int_equal(srv_get(s, &s->conns), 2);
	assert_int_equal(srv_get(s, &s->reqs), 3);  /* the dropped one, then the retry */
	struct gx_httpc_stats st;
	gx_httpc_get_stats(fx.c, &st);
	assert_int_equal(st.connections_reused, 1);
	assert_int_equal(st.connections_opened, 2);
	srv_stop(s);
}

static void test_deadline(void **state)
{
	struct tsrv *s = srv_start(M_HANG);
	struct gx_httpc_request req = {.method = "GET", .url = url_of(s, "/hang"), .deadline_ms = 200};
	struct result r = {0};
	uint64_t t0 = now_ms();
	gx_httpc_start(fx.c, &req, on_done, &r);
	run_until(&r, 1, 3000);
	assert_int_equal(r.called, 1);
	assert_int_equal(r.error, GX_HTTPC_TIMEOUT);
	uint64_t took = r.at_ms - t0;
	assert_true(took >= 190 && took < 1000);
	/* the connection was closed, not pooled */
	wait_server(s, &s->closed, 1);
	assert_int_equal(srv_get(s, &s->closed), 1);
	struct result r2 = {0};
	gx_httpc_start(fx.c, &req, on_done, &r2);
	run_until(&r2, 1, 3000);
	assert_int_equal(r2.error, GX_HTTPC_TIMEOUT);
	assert_int_equal(srv_get(s, &s->conns), 2);
	srv_stop(s);
}

static void test_refused(void **state)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof(a);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	getsockname(fd, (struct sockaddr *)&a, &len);
	close(fd);  /* nothing listens there now */
	char url[64];
	snprintf(url, sizeof(url), "http://127.0.0.1:%u/", ntohs(a.sin_port));
	struct gx_httpc_request req = {.method = "GET", .url = url};
	struct result r = {0};
	gx_httpc_start(fx.c, &req, on_done, &r);
	run_until(&r, 1, 3000);
	assert_int_equal(r.called, 1);
	assert_int_equal(r.error, GX_HTTPC_CONNECT_FAILED);
}

static void check_too_large(enum mode mode)
{
	struct tsrv *s = srv_start(mode);
	struct gx_httpc_request req = {.method = "GET", .url = url_of(s, "/big"), .max_response_bytes = 1024};
	struct result r = {0};
	gx_httpc_start(fx.c, &req, on_done, &r);
	run_until(&r, 1, 3000);
	assert_int_equal(r.called, 1);
	assert_int_equal(r.error, GX_HTTPC_TOO_LARGE);
	assert_int_equal(r.body_len, 0);
	wait_server(s, &s->closed, 1);
	pthread_mutex_lock(&s->mu);
	size_t sent = s->closed > 0 ? s->sent : 0;
	pthread_mutex_unlock(&s->mu);
	srv_stop(s);
	print_message("server managed to send %zu of %u bytes\n", sent, BIG);
	assert_true(sent > 0 && sent < BIG / 2);  /* the client stopped reading early */
}

static void test_too_large_content_length(void **state)
{
	check_too_large(M_BIG_CL);
}

static void test_too_large_chunked(void **state)
{
	check_too_large(M_BIG_CHUNKED);
}

static void test_chunked(void **state)
{
	struct tsrv *s = srv_start(M_CHUNKED);
	struct gx_httpc_request req = {.method = "GET", .url = url_of(s, "/c")};
	struct result r[2] = {{0}};
	gx_httpc_start(fx.c, &req, on_done, &r[0]);
	run_until(&r[0], 1, 3000);
	assert_int_equal(r[0].error, GX_HTTPC_OK);
	assert_string_equal(r[0].body, "hello world");
	/* exactly at the cap is fine */
	req.max_response_bytes = 11;
	gx_httpc_start(fx.c, &req, on_done, &r[1]);
	run_until(&r[1], 1, 3000);
	assert_int_equal(r[1].error, GX_HTTPC_OK);
	assert_int_equal(srv_get(s, &s->conns), 1);
	srv_stop(s);
}

static void expect_error(enum mode mode, enum gx_httpc_error want)
{
	struct tsrv *s = srv_start(mode);
	struct gx_httpc_request req = {.method = "GET", .url = url_of(s, "/x")};
	struct result r = {0};
	gx_httpc_start(fx.c, &req, on_done, &r);
	run_until(&r, 1, 3000);
	assert_int_equal(r.called, 1);
	assert_int_equal(r.error, want);
	assert_int_equal(r.status, 0);
	wait_server(s, &s->closed, 1);
	assert_int_equal(srv_get(s, &s->closed), 1);  /* not kept for reuse */
	srv_stop(s);
}

static void test_bad_status(void **state)
{
	expect_error(M_BAD_STATUS, GX_HTTPC_BAD_RESPONSE);
}

static void test_close_mid_body(void **state)
{
	expect_error(M_CLOSE_MID, GX_HTTPC_BAD_RESPONSE);
}

static void test_close_mid_chunked(void **state)
{
	expect_error(M_CLOSE_MID_CHUNKED, GX_HTTPC_BAD_RESPONSE);
}

static void test_cancel(void **state)
{
	struct tsrv *s = srv_start(M_HANG);
	struct gx_httpc_request req = {.method = "GET", .url = url_of(s, "/hang"), .deadline_ms = 300};
	struct result r = {0};
	struct gx_httpc_call *call = gx_httpc_start(fx.c, &req, on_done, &r);
	wait_server(s, &s->reqs, 1);
	gx_httpc_cancel(call);
	run_for(400);  /* past the deadline */
	assert_int_equal(r.called, 0);
	wait_server(s, &s->closed, 1);
	assert_int_equal(srv_get(s, &s->closed), 1);
	struct gx_httpc_stats st;
	gx_httpc_get_stats(fx.c, &st);
	assert_int_equal(st.in_flight, 0);
	/* cancelling before the connection exists */
	call = gx_httpc_start(fx.c, &req, on_done, &r);
	gx_httpc_cancel(call);
	run_for(50);
	assert_int_equal(r.called, 0);
	srv_stop(s);
}

static int setup_one_conn(void **state)
{
	struct gx_httpc_config cfg = {.max_conns_per_origin = 1};
	return setup_cfg(&cfg);
}

static void test_free_in_flight(void **state)
{
	struct tsrv *s = srv_start(M_HANG);
	struct gx_httpc_request req = {.method = "GET", .url = url_of(s, "/hang")};
	struct result r[3] = {{0}};
	for (int i = 0; i < 3; i++)
		assert_non_null(gx_httpc_start(fx.c, &req, on_done, &r[i]));  /* two wait: one connection */
	wait_server(s, &s->reqs, 1);
	run_for(50);
	assert_int_equal(srv_get(s, &s->conns), 1);
	assert_int_equal(r[0].called + r[1].called + r[2].called, 0);
	struct gx_httpc_request bad = {.method = "GET", .url = "ftp://x/"};
	struct result rb = {0};
	gx_httpc_start(fx.c, &bad, on_done, &rb);  /* its error is not delivered yet */
	gx_httpc_free(fx.c);
	fx.c = NULL;
	for (int i = 0; i < 3; i++) {
		assert_int_equal(r[i].called, 1);
		assert_int_equal(r[i].error, GX_HTTPC_CANCELLED);
	}
	assert_int_equal(rb.called, 1);
	assert_int_equal(rb.error, GX_HTTPC_CANCELLED);
	run_for(20);
	wait_server(s, &s->closed, 1);
	assert_int_equal(srv_get(s, &s->closed), 1);
	srv_stop(s);
}

static void test_per_origin_limit(void **state)
{
	struct tsrv *s = srv_start(M_DELAY);
	s->delay_ms = 100;
	struct gx_httpc_request req = {.method = "GET", .url = url_of(s, "/q")};
	struct result r[3] = {{0}};
	uint64_t t0 = now_ms();
	for (int i = 0; i < 3; i++)
		gx_httpc_start(fx.c, &req, on_done, &r[i]);
	run_until(r, 3, 3000);
	for (int i = 0; i < 3; i++)
		assert_int_equal(r[i].error, GX_HTTPC_OK);
	assert_true(now_ms() - t0 >= 300);  /* one after the other */
	assert_int_equal(srv_get(s, &s->conns), 1);
	srv_stop(s);
}

static void test_refused_before_start(void **state)
{
	static const char *const bad_urls[] = {"https://127.0.0.1/", "http://example.org/", "http://127.0.0.1:0/",
					       "http://user@127.0.0.1/", "not a url", "http://127.0.0.1/a b"};
	struct result r[8] = {{0}};
	size_t n = sizeof(bad_urls) / sizeof(bad_urls[0]);
	for (size_t i = 0; i < n; i++) {
		struct gx_httpc_request req = {.method = "GET", .url = bad_urls[i]};
		assert_non_null(gx_httpc_start(fx.c, &req, on_done, &r[i]));
		assert_int_equal(r[i].called, 0);  /* never inside start */
	}
	struct gx_httpc_header inj[] = {{"X-A", "b\r\nX-Injected: 1"}};
	struct gx_httpc_request req = {.method = "GET", .url = "http://127.0.0.1:9/", .headers = inj, .num_headers = 1};
	gx_httpc_start(fx.c, &req, on_done, &r[n]);
	struct gx_httpc_header host[] = {{"Host", "evil"}};
	req = (struct gx_httpc_request){.method = "G T", .url = "http://127.0.0.1:9/", .headers = host,
					.num_headers = 1};
	gx_httpc_start(fx.c, &req, on_done, &r[n + 1]);
	assert_int_equal(r[n].called + r[n + 1].called, 0);
	run_until(r, n + 2, 1000);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(r[i].called, 1);
		assert_int_equal(r[i].error, GX_HTTPC_BAD_URL);
	}
	assert_int_equal(r[n].error, GX_HTTPC_BAD_REQUEST);
	assert_int_equal(r[n + 1].error, GX_HTTPC_BAD_REQUEST);
}

static void test_error_names(void **state)
{
	assert_string_equal(gx_httpc_error_name(GX_HTTPC_OK), "ok");
	assert_string_equal(gx_httpc_error_name(GX_HTTPC_TIMEOUT), "timeout");
	assert_string_equal(gx_httpc_error_name(GX_HTTPC_TOO_LARGE), "too_large");
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_get_and_post, setup, teardown),
		cmocka_unit_test_setup_teardown(test_concurrent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_keepalive_reuse, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pooled_connection_closed_by_server, setup, teardown),
		cmocka_unit_test_setup_teardown(test_retry_on_dropped_reused_connection, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deadline, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_too_large_content_length, setup, teardown),
		cmocka_unit_test_setup_teardown(test_too_large_chunked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_chunked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_status, setup, teardown),
		cmocka_unit_test_setup_teardown(test_close_mid_body, setup, teardown),
		cmocka_unit_test_setup_teardown(test_close_mid_chunked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cancel, setup, teardown),
		cmocka_unit_test_setup_teardown(test_free_in_flight, setup_one_conn, teardown),
		cmocka_unit_test_setup_teardown(test_per_origin_limit, setup_one_conn, teardown),
		cmocka_unit_test_setup_teardown(test_refused_before_start, setup, teardown),
		cmocka_unit_test(test_error_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
