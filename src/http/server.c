#include "http/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "client/httpc.h"
#include "http/multipart.h"
#include "http/durable.h"
#include "http/request.h"
#include "http/task.h"
#include "http/throttle.h"
#include "http/worker.h"
#include "log/oplog.h"
#include "store/store.h"
#include "util/clock.h"

const struct gx_config *gx_server_config(const struct gx_server *s)
{
	return s->config;
}

struct gx_store *gx_server_store(const struct gx_server *s)
{
	return s->store;
}

void gx_server_render_metrics(const struct gx_server *s, struct gx_buf *out)
{
	struct gx_store_durable_stats st;
	gx_store_durable_stats(s->store, &st);
	struct gx_metrics_store_stats ms = {st.batches, st.items, st.failed, st.queued, st.rejected_full};
	gx_metrics_render(&s->metrics, &ms, out);
	if (s->throttle == NULL)
		return;
	gx_buf_append_str(out, "# HELP guichet_http_throttled_total Requests answered 429 by a rate limit, by kind.\n"
			 "# TYPE guichet_http_throttled_total counter\n");
	for (int k = 0; k < GX_THROTTLE__COUNT; k++)
		gx_buf_appendf(out, "guichet_http_throttled_total{kind=\"%s\"} %llu\n", gx_throttle_kind_name((enum gx_throttle_kind)k),
			      (unsigned long long)gx_throttle_refused(s->throttle, (enum gx_throttle_kind)k));
}

static int open_listener(const struct gx_config *c, unsigned port, unsigned *bound_port)
{
	struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	if (inet_pton(AF_INET, c->listen_address, &addr.sin_addr) != 1) {
		gx_oplog_event(GX_LOG_ERROR, "listen_failed", NULL, "listen.address is not an IPv4 address");
		return -1;
	}
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	int on = 1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof(on));
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
	if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) != 0 || listen(fd, 1024) != 0) {
		gx_oplog_event(GX_LOG_ERROR, "listen_failed", NULL, "cannot listen on %s:%u: %s", c->listen_address,
			       port, strerror(errno));
		close(fd);
		return -1;
	}
	socklen_t len = sizeof(addr);
	getsockname(fd, (struct sockaddr *)&addr, &len);
	*bound_port = ntohs(addr.sin_port);
	return fd;
}

static void on_accept(h2o_socket_t *listener, const char *err)
{
	struct gx_worker *w = listener->data;
	if (err != NULL)
		return;
	/* Accept a bounded number per wake-up so one loop cannot starve the others. */
	for (int i = 0; i < 16; i++) {
		h2o_socket_t *sock = h2o_evloop_socket_accept(listener);
		if (sock == NULL)
			return;
		h2o_accept(&w->accept_ctx, sock);
	}
}

static void on_control(h2o_multithread_receiver_t *receiver, h2o_linklist_t *messages)
{
	struct gx_worker *w = H2O_STRUCT_FROM_MEMBER(struct gx_worker, control, receiver);
	while (!h2o_linklist_is_empty(messages))
		h2o_linklist_unlink(messages->next);
	if (w->stopping)
		return;
	w->stopping = true;
	if (w->listener != NULL) {
		h2o_socket_read_stop(w->listener);
		h2o_socket_close(w->listener);
		w->listener = NULL;
	}
	/* Keep-alive connections get "Connection: close" on their next answer.
	 * (Not h2o_context_request_shutdown: that arms HTTP/2 timers we do not use.) */
	w->ctx.shutdown_requested = 1;
}

/* Runs the loop until asked to stop, then until in-flight requests are done
 * (within the grace period), then closes idle keep-alive connections. */
static void run_loop(struct gx_worker *w)
{
	h2o_evloop_t *loop = w->ctx.loop;
	while (!w->stopping) {
		h2o_evloop_run(loop, INT32_MAX);
		gx_oplog_flush();
	}
	long long deadline = gx_mono_us() / 1000 + w->server->config->shutdown_grace_ms;
	while (w->in_flight > 0 && gx_mono_us() / 1000 < deadline) {
		h2o_evloop_run(loop, 10);
		gx_oplog_flush();
	}
	if (w->in_flight > 0)
		gx_oplog_event(GX_LOG_WARN, "shutdown_grace_exceeded", NULL, "%ld requests still in flight",
			       w->in_flight);
	/* Idle connections: make their read timeout expire now. */
	w->ctx.http1.req_timeout.timeout = 0;
	long long idle_deadline = gx_mono_us() / 1000 + 1000;
	while (!h2o_linklist_is_empty(&w->ctx.http1._conns) && gx_mono_us() / 1000 < idle_deadline) {
		h2o_evloop_run(loop, 10);
		gx_oplog_flush();
	}
}

/* On the worker's thread, after the store has drained: frees what the
 * worker's loop owned. Socket closes are deferred to the loop's next
 * turns, so it runs them before destroying the loop. */
static void dispose_worker(struct gx_worker *w)
{
	h2o_evloop_t *loop = w->ctx.loop;
	gx_store_conn_close(w->db);
	/* A task's run still waiting on the client (past the grace period) is
	 * cancelled here and ends on its stopping path; then the tasks go. */
	if (w->httpc != NULL)
		gx_httpc_free(w->httpc);
	for (size_t i = 0; w->tasks != NULL && i < w->server->ntasks; i++)
		gx_http_task_stop(w->tasks[i]);
	free(w->tasks);
	gx_http_discard_durable_messages(&w->durable);
	h2o_multithread_unregister_receiver(w->queue, &w->durable);
	h2o_multithread_unregister_receiver(w->queue, &w->control);
	h2o_multithread_destroy_queue(w->queue);
	h2o_multithread_queue_t *ctx_queue = w->ctx.queue;
	h2o_context_dispose(&w->ctx);
	for (int i = 0; i < 3; i++)
		h2o_evloop_run(loop, 0);
	h2o_evloop_destroy(loop);
	/* h2o 2.2's evloop build does not free a destroyed queue's memory. */
	free(w->queue);
	free(ctx_queue);
	/* Nor the thread's recycled socket buffers: a singly linked list whose
	 * first word is the next pointer (lib/common/memory.c). */
	h2o_mem_recycle_t *bin = &h2o_socket_buffer_prototype.allocator;
	while (bin->_link != NULL) {
		void **chunk = (void **)bin->_link;
		bin->_link = *chunk;
		bin->cnt--;
		free(chunk);
	}
}

static void *worker_main(void *arg)
{
	struct gx_worker *w = arg;
	struct gx_server *s = w->server;
	h2o_evloop_t *loop = h2o_evloop_create();
	h2o_context_init(&w->ctx, loop, &s->h2o);
	w->accept_ctx = (h2o_accept_ctx_t){.ctx = &w->ctx, .hosts = s->h2o.hosts};
	w->queue = h2o_multithread_create_queue(loop);
	h2o_multithread_register_receiver(w->queue, &w->control, on_control);
	h2o_multithread_register_receiver(w->queue, &w->durable, gx_http_on_durable_messages);
	gx_http_durable_init(w);
	w->httpc = gx_httpc_new(loop, NULL);
	w->listener = h2o_evloop_socket_create(loop, w->listen_fd, H2O_SOCKET_FLAG_DONT_READ);
	w->listener->data = w;
	h2o_socket_read_start(w->listener, on_accept);
	if (w->index == 0 && s->ntasks > 0 && (w->tasks = calloc(s->ntasks, sizeof(*w->tasks))) != NULL)
		for (size_t i = 0; i < s->ntasks; i++)
			w->tasks[i] = gx_http_task_start(w, &s->tasks[i]);

	run_loop(w);
	/* The loop stays alive until the store has drained: completions of
	 * writes still queued are delivered to this worker's queue. */
	pthread_barrier_wait(&s->stopped);
	pthread_barrier_wait(&s->drained);
	dispose_worker(w);
	gx_oplog_thread_exit();
	return NULL;
}

static unsigned default_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 && n < 256 ? (unsigned)n : 1;
}

/* Table t of the options: 0 is routes, then each of more_routes. */
static struct gx_route_list table_of(const struct gx_server_options *o, size_t t)
{
	if (t == 0)
		return (struct gx_route_list){o->routes, o->nroutes};
	return o->more_routes[t - 1];
}

static int setup_h2o(struct gx_server *s, const struct gx_server_options *o)
{
	const struct gx_config *c = o->config;
	h2o_config_init(&s->h2o);
	s->h2o.server_name = h2o_iovec_init(H2O_STRLIT("guichet"));
	s->h2o.http1.upgrade_to_http2 = 0;
	s->h2o.http1.req_timeout = c->read_timeout_ms;
	s->h2o.http2.idle_timeout = c->idle_timeout_ms;

	/* h2o reads a whole body before routing: cap it by the largest body any
	 * route accepts, so an oversized one is refused before it is read. */
	size_t max_body = 0;
	for (size_t t = 0; t <= o->nmore_routes; t++) {
		const struct gx_route_list l = table_of(o, t);
		for (size_t i = 0; i < l.count; i++) {
			enum gx_body b = l.routes[i].body;
			if ((b == GX_BODY_JSON || b == GX_BODY_FORM) && c->json_body_max > max_body)
				max_body = c->json_body_max;
			if (b == GX_BODY_UPLOAD && c->upload_body_max > max_body)
				max_body = c->upload_body_max;
			if (b == GX_BODY_MULTIPART && c->upload_body_max + GX_MULTIPART_ENVELOPE_MAX > max_body)
				max_body = c->upload_body_max + GX_MULTIPART_ENVELOPE_MAX;
		}
	}
	s->h2o.max_request_entity_size = max_body > 0 ? max_body : 1;

	h2o_hostconf_t *host = h2o_config_register_host(&s->h2o, h2o_iovec_init(H2O_STRLIT("default")), 65535);
	h2o_pathconf_t *path = h2o_config_register_path(host, "/", 0);
	h2o_handler_t *handler = h2o_create_handler(path, sizeof(*handler));
	handler->on_req = gx_http_on_req;
	gx_http_register_error_filter(path, s);
	gx_http_register_error_filter(&host->fallback_path, s);

	char err[256];
	for (size_t t = 0; t <= o->nmore_routes; t++) {
		const struct gx_route_list l = table_of(o, t);
		for (size_t i = 0; i < l.count; i++) {
			if (gx_route_add(&s->routes, l.routes[i].method, l.routes[i].pattern, &l.routes[i], err,
					 sizeof(err)) != 0) {
				gx_oplog_event(GX_LOG_ERROR, "bad_route", NULL, "%s", err);
				return -1;
			}
		}
	}
	return 0;
}

static void make_id_prefix(char out[8])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char r[3] = {0};
	FILE *f = fopen("/dev/urandom", "rb");
	if (f != NULL) {
		if (fread(r, 1, sizeof(r), f) != sizeof(r))
			memset(r, 0, sizeof(r));
		fclose(f);
	}
	for (int i = 0; i < 3; i++) {
		out[2 * i] = hex[r[i] >> 4];
		out[2 * i + 1] = hex[r[i] & 15];
	}
	out[6] = '\0';
}

int gx_server_run(const struct gx_server_options *o)
{
	static struct gx_server server;
	struct gx_server *s = &server;
	const struct gx_config *c = o->config;
	int rc = 1;

	*s = (struct gx_server){.config = c, .store = o->store, .error_page = o->error_page, .tasks = o->tasks,
				.ntasks = o->ntasks};
	s->nworkers = c->threads > 0 ? c->threads : default_threads();
	make_id_prefix(s->id_prefix);
	if (setup_h2o(s, o) != 0)
		goto out_conf;
	if (gx_metrics_init(&s->metrics, &s->routes, s->nworkers) != 0)
		goto out_conf;
	bool throttle_failed = false;
	if (o->rate_limits && (s->throttle = gx_throttle_new(c, &throttle_failed)) == NULL && throttle_failed)
		goto out_metrics;
	s->workers = calloc(s->nworkers, sizeof(*s->workers));
	if (s->workers == NULL)
		goto out_metrics;

	unsigned port = c->listen_port;
	for (unsigned i = 0; i < s->nworkers; i++) {
		s->workers[i] = (struct gx_worker){.index = i, .server = s, .metrics = &s->metrics.shards[i]};
		s->workers[i].listen_fd = open_listener(c, port, &port);
		if (s->workers[i].listen_fd < 0) {
			for (unsigned j = 0; j < i; j++)
				close(s->workers[j].listen_fd);
			goto out_workers;
		}
		s->workers[i].db = gx_store_conn_open(s->store);
		if (s->workers[i].db == NULL) {
			gx_oplog_event(GX_LOG_ERROR, "store_failed", NULL, "cannot open a store connection");
			for (unsigned j = 0; j <= i; j++)
				close(s->workers[j].listen_fd);
			for (unsigned j = 0; j < i; j++)
				gx_store_conn_close(s->workers[j].db);
			goto out_workers;
		}
	}

	/* Signals go to this thread only, through sigwait. */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	pthread_barrier_init(&s->stopped, NULL, s->nworkers + 1);
	pthread_barrier_init(&s->drained, NULL, s->nworkers + 1);
	for (unsigned i = 0; i < s->nworkers; i++)
		pthread_create(&s->workers[i].thread, NULL, worker_main, &s->workers[i]);
	gx_oplog_event(GX_LOG_INFO, "listening", NULL, "http://%s:%u/ with %u worker threads", c->listen_address,
		       port, s->nworkers);

	int sig = 0;
	sigwait(&set, &sig);
	gx_oplog_event(GX_LOG_INFO, "shutdown", NULL, "signal %d: finishing in-flight requests", sig);
	for (unsigned i = 0; i < s->nworkers; i++)
		h2o_multithread_send_message(&s->workers[i].control, &s->workers[i].stop_message);
	pthread_barrier_wait(&s->stopped);
	gx_store_durable_drain(s->store);
	pthread_barrier_wait(&s->drained);
	for (unsigned i = 0; i < s->nworkers; i++)
		pthread_join(s->workers[i].thread, NULL);
	pthread_barrier_destroy(&s->stopped);
	pthread_barrier_destroy(&s->drained);
	gx_oplog_event(GX_LOG_INFO, "stopped", NULL, "all workers stopped");
	rc = 0;
out_workers:
	free(s->workers);
out_metrics:
	gx_throttle_free(s->throttle);
	gx_metrics_free(&s->metrics);
out_conf:
	gx_route_table_free(&s->routes);
	h2o_config_dispose(&s->h2o);
	return rc;
}
