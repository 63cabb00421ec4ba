#ifndef GX_LOG_OPLOG_H
#define GX_LOG_OPLOG_H

/** The operational log: one JSON object per line (time, level, event and
 *  fields chosen by the code: request id, route pattern, status, duration).
 *  It never carries personal data: callers pass route patterns, not paths,
 *  and constant messages, never values a person submitted.
 *
 *  Process-wide; each thread buffers its lines and writes them with one
 *  write(2) at gx_oplog_flush (the event loops flush after every turn) or
 *  when the buffer fills. Messages logged with gx_oplog_event are written at once. */

#include <stdbool.h>
#include <stdint.h>

enum gx_log_level { GX_LOG_DEBUG, GX_LOG_INFO, GX_LOG_WARN, GX_LOG_ERROR };

/** Opens the log: "-" is standard error. Returns -1 if the file cannot be opened. */
int gx_oplog_open(const char *path, bool log_requests);
void gx_oplog_close(void);

/** One finished request. method should be the route's (constant) method. */
void gx_oplog_request(const char *request_id, const char *method, const char *route, int status,
		      uint64_t duration_ns);

/** A named event with a free-text message (no personal data) and optional
 *  request id (NULL when none). */
void gx_oplog_event(enum gx_log_level level, const char *event, const char *request_id, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/** Writes this thread's buffered lines. */
void gx_oplog_flush(void);

/** Flushes and frees this thread's buffer; call before a thread ends. */
void gx_oplog_thread_exit(void);

#endif
