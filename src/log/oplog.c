#include "log/oplog.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/buf.h"

#define FLUSH_AT (32 * 1024)

static int log_fd = 2;
static bool own_fd;
static bool requests_on = true;
static pthread_mutex_t write_lock = PTHREAD_MUTEX_INITIALIZER;
static _Thread_local struct gx_buf pending;

static const char *const level_names[] = {"debug", "info", "warn", "error"};

int gx_oplog_open(const char *path, bool log_requests)
{
	requests_on = log_requests;
	if (strcmp(path, "-") == 0)
		return 0;
	int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
	if (fd < 0)
		return -1;
	log_fd = fd;
	own_fd = true;
	return 0;
}

void gx_oplog_close(void)
{
	gx_oplog_thread_exit();
	if (own_fd)
		close(log_fd);
	log_fd = 2;
	own_fd = false;
}

static void write_all(const char *p, size_t n)
{
	pthread_mutex_lock(&write_lock);
	while (n > 0) {
		ssize_t w = write(log_fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break; /* nowhere left to report it */
		p += w;
		n -= (size_t)w;
	}
	pthread_mutex_unlock(&write_lock);
}

void gx_oplog_flush(void)
{
	if (pending.len == 0)
		return;
	write_all(pending.data, pending.len);
	gx_buf_reset(&pending);
}

void gx_oplog_thread_exit(void)
{
	gx_oplog_flush();
	gx_buf_free(&pending);
}

static void append_time(struct gx_buf *b)
{
	struct timespec ts;
	struct tm tm;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	gx_buf_appendf(b, "{\"ts\":\"%04d-%02d-%02dT%02d:%02d:%02d.%06ldZ\"", tm.tm_year + 1900, tm.tm_mon + 1,
		       tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000);
}

/* Appends s as a JSON string (quoted, escaped). */
static void append_string(struct gx_buf *b, const char *s)
{
	gx_buf_append_char(b, '"');
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			gx_buf_appendf(b, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			gx_buf_appendf(b, "\\u%04x", c);
		else
			gx_buf_append_char(b, (char)c);
	}
	gx_buf_append_char(b, '"');
}

void gx_oplog_request(const char *request_id, const char *method, const char *route, int status,
		      uint64_t duration_ns)
{
	if (!requests_on)
		return;
	append_time(&pending);
	gx_buf_append_str(&pending, ",\"level\":\"info\",\"event\":\"request\",\"request_id\":");
	append_string(&pending, request_id);
	gx_buf_append_str(&pending, ",\"method\":");
	append_string(&pending, method);
	gx_buf_append_str(&pending, ",\"route\":");
	append_string(&pending, route);
	gx_buf_appendf(&pending, ",\"status\":%d,\"duration_ms\":%.3f}\n", status, (double)duration_ns / 1e6);
	if (pending.len >= FLUSH_AT)
		gx_oplog_flush();
}

void gx_oplog_event(enum gx_log_level level, const char *event, const char *request_id, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);

	struct gx_buf line = GX_BUF_INIT;
	append_time(&line);
	gx_buf_appendf(&line, ",\"level\":\"%s\",\"event\":", level_names[level]);
	append_string(&line, event);
	if (request_id != NULL) {
		gx_buf_append_str(&line, ",\"request_id\":");
		append_string(&line, request_id);
	}
	gx_buf_append_str(&line, ",\"msg\":");
	append_string(&line, msg);
	gx_buf_append_str(&line, "}\n");
	gx_oplog_flush(); /* keep this thread's lines in order */
	if (!line.failed)
		write_all(line.data, line.len);
	gx_buf_free(&line);
}
