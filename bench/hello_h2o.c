/*
 * hello_h2o: the benchmark baseline. A bare libh2o (evloop) HTTP/1.1 server
 * that answers GET /hello with a fixed JSON body, and nothing else.
 *
 *   hello_h2o --port P [--threads N]
 *
 * Binds 127.0.0.1:P. Each of the N threads owns one h2o evloop and its own
 * listening socket on the same port (SO_REUSEPORT; the kernel spreads the
 * connections). No routing framework, no logging, no per-request work beyond
 * what libh2o itself does: this is what libh2o alone can do, and guichetd's
 * hello endpoint is measured as a ratio of it (see docs/performance.md).
 *
 * SIGTERM / SIGINT: the main thread (the only one with those signals
 * unblocked, via sigwait) wakes every loop through h2o's inter-thread queue,
 * the loops stop and close their listeners, the threads are joined, and the
 * process exits with status 0. Open keep-alive connections are not drained:
 * process exit reclaims them.
 */
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <arpa/inet.h>

#include <h2o.h>

#define MAX_THREADS 256

static const char HELLO_BODY[] = "{\"message\":\"Hello, World!\"}";

typedef struct {
    pthread_t tid;
    int listen_fd;
    h2o_context_t ctx;
    h2o_accept_ctx_t accept_ctx;
    h2o_socket_t *listener;
    h2o_multithread_receiver_t stop_receiver;
    h2o_multithread_message_t stop_message;
    atomic_int stop;
} worker_t;

static h2o_globalconf_t g_config;
static pthread_barrier_t g_ready;

static int on_hello(h2o_handler_t *self, h2o_req_t *req)
{
    if (!h2o_memis(req->method.base, req->method.len, H2O_STRLIT("GET"))) {
        h2o_send_error_405(req, "Method Not Allowed", "method not allowed", 0);
        return 0;
    }
    req->res.status = 200;
    req->res.content_length = sizeof(HELLO_BODY) - 1; /* else h2o 2.2 sends it chunked */
    req->res.reason = "OK";
    h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CONTENT_TYPE, NULL, H2O_STRLIT("application/json"));
    h2o_send_inline(req, HELLO_BODY, sizeof(HELLO_BODY) - 1);
    return 0;
}

static void on_accept(h2o_socket_t *listener, const char *err)
{
    if (err != NULL)
        return;
    h2o_socket_t *sock = h2o_evloop_socket_accept(listener);
    if (sock == NULL)
        return;
    h2o_accept(listener->data, sock);
}

static void on_stop_message(h2o_multithread_receiver_t *receiver, h2o_linklist_t *messages)
{
    worker_t *w = (worker_t *)((char *)receiver - offsetof(worker_t, stop_receiver));
    while (!h2o_linklist_is_empty(messages))
        h2o_linklist_unlink(messages->next);
    atomic_store(&w->stop, 1);
}

static void *worker_main(void *arg)
{
    worker_t *w = arg;

    h2o_context_init(&w->ctx, h2o_evloop_create(), &g_config);
    w->accept_ctx.ctx = &w->ctx;
    w->accept_ctx.hosts = g_config.hosts;
    h2o_multithread_register_receiver(w->ctx.queue, &w->stop_receiver, on_stop_message);

    w->listener = h2o_evloop_socket_create(w->ctx.loop, w->listen_fd, H2O_SOCKET_FLAG_DONT_READ);
    w->listener->data = &w->accept_ctx;
    h2o_socket_read_start(w->listener, on_accept);

    pthread_barrier_wait(&g_ready);

    while (!atomic_load(&w->stop)) {
        if (h2o_evloop_run(w->ctx.loop, INT32_MAX) != 0 && errno != EINTR) {
            perror("hello_h2o: h2o_evloop_run");
            break;
        }
    }

    h2o_socket_read_stop(w->listener);
    h2o_socket_close(w->listener); /* closes listen_fd */
    h2o_multithread_unregister_receiver(w->ctx.queue, &w->stop_receiver);
    return NULL;
}

static int open_listener(uint16_t port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        perror("hello_h2o: socket");
        return -1;
    }
    int on = 1;
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) != 0 ||
        setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof(on)) != 0) {
        perror("hello_h2o: setsockopt");
        close(fd);
        return -1;
    }
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) != 0) {
        fprintf(stderr, "hello_h2o: bind 127.0.0.1:%u: %s\n", (unsigned)port, strerror(errno));
        close(fd);
        return -1;
    }
    if (listen(fd, SOMAXCONN) != 0) {
        perror("hello_h2o: listen");
        close(fd);
        return -1;
    }
    return fd;
}

static void usage(FILE *out)
{
    fprintf(out, "usage: hello_h2o --port P [--threads N]\n"
                 "  Serves GET /hello on 127.0.0.1:P with N event-loop threads (default 1).\n");
}

static int parse_long(const char *s, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

int main(int argc, char **argv)
{
    long port = -1, nthreads = 1;

    for (int i = 1; i < argc; ++i) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(argv[i], "--port") == 0 && i + 1 < argc) {
            if (parse_long(argv[++i], 1, 65535, &port) != 0) {
                fprintf(stderr, "hello_h2o: bad --port: %s\n", argv[i]);
                return 2;
            }
        } else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc) {
            if (parse_long(argv[++i], 1, MAX_THREADS, &nthreads) != 0) {
                fprintf(stderr, "hello_h2o: bad --threads (1..%d): %s\n", MAX_THREADS, argv[i]);
                return 2;
            }
        } else {
            usage(stderr);
            return 2;
        }
    }
    if (port < 0) {
        usage(stderr);
        return 2;
    }

    /* Signals are handled by sigwait in the main thread only; the workers
     * inherit this mask. SIGPIPE is ignored: a peer closing mid-write is
     * reported to h2o as a write error. */
    signal(SIGTERM, SIG_DFL); /* a shell may start us with SIGINT ignored */
    signal(SIGINT, SIG_DFL);
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGTERM);
    sigaddset(&sigs, SIGINT);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    signal(SIGPIPE, SIG_IGN);

    h2o_config_init(&g_config);
    h2o_hostconf_t *host = h2o_config_register_host(&g_config, h2o_iovec_init(H2O_STRLIT("default")), 65535);
    h2o_pathconf_t *path = h2o_config_register_path(host, "/hello", 0);
    h2o_handler_t *handler = h2o_create_handler(path, sizeof(*handler));
    handler->on_req = on_hello;

    static worker_t workers[MAX_THREADS];
    for (long i = 0; i < nthreads; ++i) {
        if ((workers[i].listen_fd = open_listener((uint16_t)port)) < 0)
            return 1;
    }

    pthread_barrier_init(&g_ready, NULL, (unsigned)nthreads + 1);
    for (long i = 0; i < nthreads; ++i) {
        int rc = pthread_create(&workers[i].tid, NULL, worker_main, &workers[i]);
        if (rc != 0) {
            fprintf(stderr, "hello_h2o: pthread_create: %s\n", strerror(rc));
            return 1;
        }
    }
    pthread_barrier_wait(&g_ready);
    fprintf(stderr, "hello_h2o: listening on 127.0.0.1:%ld, %ld thread(s)\n", port, nthreads);

    int sig = 0;
    while (sigwait(&sigs, &sig) != 0)
        ;

    for (long i = 0; i < nthreads; ++i) {
        h2o_multithread_send_message(&workers[i].stop_receiver, &workers[i].stop_message);
    }
    for (long i = 0; i < nthreads; ++i)
        pthread_join(workers[i].tid, NULL);
    pthread_barrier_destroy(&g_ready);

    fprintf(stderr, "hello_h2o: stopped (%s)\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
    return 0;
}
