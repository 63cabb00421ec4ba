/* The prefill engine against a register served by a thread of this test:
 * a register the person said No to is never asked; each register asked
 * is asked only for the attributes wanted; one access record per register
 * that answered is durable before done runs; when the record cannot be
 * written (the group commit refuses) the engine fails closed, and done
 * still runs exactly once. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sources/prefill.h"
#include "store/durable_testutil.h"
#include "store/store_testutil.h"

/* --- a register: answers every lookup with the same values ------------------------- */

struct fake_register {
	int lfd;
	uint16_t port;
	pthread_t thread;
	int lookups;           /* requests answered */
	char last_body[2048];  /* the last request's body */
};

static const char answer[] =
	"{\"register\": \"persons\", \"request_id\": \"x\", \"values\": {"
	"\"family_name\": {\"value\": \"Muller\", \"as_of\": \"2026-01-03\", \"version\": 4}}, \"errors\": {}}";

static void *serve(void *arg)
{
	struct fake_register *f = arg;
	for (;;) {
		int fd = accept(f->lfd, NULL, NULL);
		if (fd < 0)
			return NULL;
		char buf[8192];
		size_t got = 0;
		ssize_t n;
		char *body = NULL;
		long len = -1;
		while ((n = read(fd, buf + got, sizeof(buf) - 1 - got)) > 0) {
			got += (size_t)n;
			buf[got] = '\0';
			char *end = strstr(buf, "\r\n\r\n");
			char *cl = strcasestr(buf, "content-length:");
			if (end != NULL && cl != NULL) {
				len = strtol(cl + 15, NULL, 10);
				body = end + 4;
				if ((long)(got - (size_t)(body - buf)) >= len)
					break;
			}
		}
		if (body != NULL && len >= 0)
			snprintf(f->last_body, sizeof(f->last_body), "%.*s", (int)len, body);
		char head[256];
		int h = snprintf(head, sizeof(head),
				 "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n"
				 "Connection: close\r\n\r\n",
				 sizeof(answer) - 1);
		if (write(fd, head, (size_t)h) < 0 || write(fd, answer, sizeof(answer) - 1) < 0)
			perror("write");
		__atomic_add_fetch(&f->lookups, 1, __ATOMIC_SEQ_CST);
		close(fd);
	}
}

static void register_start(struct fake_register *f)
{
	memset(f, 0, sizeof(*f));
	f->lfd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t alen = sizeof(a);
	assert_int_equal(bind(f->lfd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(f->lfd, 16), 0);
	assert_int_equal(getsockname(f->lfd, (struct sockaddr *)&a, &alen), 0);
	f->port = ntohs(a.sin_port);
	assert_int_equal(pthread_create(&f->thread, NULL, serve, f), 0);
}

static void register_stop(struct fake_register *f)
{
	shutdown(f->lfd, SHUT_RDWR);
	close(f->lfd);
	pthread_join(f->thread, NULL);
}

/* --- the fixture --------------------------------------------------------------------- */

static struct gx_test_db tdb;
static struct gx_store *store;
static struct gx_store_conn *reader, *writer;
static struct gx_test_durable port;
static struct fake_register reg_server;
static h2o_evloop_t *loop;
static struct gx_httpc *httpc;
static h2o_mem_pool_t pool;
static char url[64];
static struct gx_register persons, vehicles;

static int setup(void **state)
{
	store = gx_test_store_open(&tdb);
	reader = gx_store_conn_open(store);
	writer = gx_store_conn_open(store);
	gx_test_durable_init(&port, writer);
	register_start(&reg_server);
	snprintf(url, sizeof(url), "http://127.0.0.1:%u", reg_server.port);
	persons = (struct gx_register){.name = "persons", .url = url, .key = "k", .subject_key = "national_id"};
	vehicles = (struct gx_register){.name = "vehicles", .url = url, .key = "k", .subject_key = "national_id"};
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
	register_stop(&reg_server);
	gx_store_conn_close(reader);
	gx_store_conn_close(writer);
	gx_store_close(store);
	gx_test_db_remove(&tdb);
	return 0;
}

struct outcome {
	int calls;
	struct gx_prefill *pf;
};

static void on_done(struct gx_prefill *pf, void *arg)
{
	struct outcome *o = arg;
	o->calls++;
	o->pf = pf;
}

static const char *const names[] = {"family_name"};

/* Runs a lookup of persons and vehicles (declined as given) until done. */
static void run(const bool declined[2], struct outcome *o)
{
	struct gx_prefill_want wants[] = {{&persons, names, 1, NULL}, {&vehicles, names, 1, NULL}};
	struct gx_prefill_env env = {.httpc = httpc, .durable = &port.port, .pool = &pool, .request_id = "req-1"};
	struct gx_prefill_ask ask = {.subject = "1985031410148", .actor_kind = "platform", .actor_id = "guichet",
				     .on_behalf_of = "1985031410148", .purpose = "test", .legal_basis = "test"};
	gx_prefill_start(&env, &ask, wants, 2, declined, 2000, on_done, o);
	for (int i = 0; i < 500 && o->calls == 0; i++)
		h2o_evloop_run(loop, 10);
	assert_int_equal(o->calls, 1);
}

static long long records(void)
{
	long long n = -1;
	assert_true(gx_store_access_records_count(reader, "1985031410148", &n) >= 0);
	return n;
}

static void test_declined_register_not_asked(void **state)
{
	struct outcome o = {0};
	run((bool[]){false, true}, &o);
	assert_false(o.pf->failed_closed);
	assert_int_equal(o.pf->sources[0].status, GX_SOURCE_OK);
	assert_int_equal(o.pf->sources[1].status, GX_SOURCE_DECLINED);
	assert_int_equal(__atomic_load_n(&reg_server.lookups, __ATOMIC_SEQ_CST), 1);
	/* Asked for the attribute wanted, for the person, by the platform. */
	assert_non_null(strstr(reg_server.last_body, "\"attributes\":[\"family_name\"]"));
	assert_non_null(strstr(reg_server.last_body, "\"value\":\"1985031410148\""));
	assert_string_equal(json_string_value(o.pf->sources[0].answer.values[0].value), "Muller");
	/* One record, for the register that answered, before done. */
	assert_int_equal(port.submits, 1);
	assert_int_equal(records(), 1);
}

static void test_all_declined_asks_nothing(void **state)
{
	struct outcome o = {0};
	run((bool[]){true, true}, &o);
	assert_int_equal(__atomic_load_n(&reg_server.lookups, __ATOMIC_SEQ_CST), 0);
	assert_int_equal(port.submits, 0);
	assert_int_equal(records(), 0);
}

static void test_fails_closed_when_records_refused(void **state)
{
	port.refuse = true;
	struct outcome o = {0};
	run((bool[]){false, false}, &o);
	assert_int_equal(__atomic_load_n(&reg_server.lookups, __ATOMIC_SEQ_CST), 2);
	assert_true(o.pf->failed_closed);
	assert_int_equal(port.submits, 1);
	assert_int_equal(port.completions, 1);
	assert_int_equal(records(), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_declined_register_not_asked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_all_declined_asks_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fails_closed_when_records_refused, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
