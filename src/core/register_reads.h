#ifndef GX_CORE_REGISTER_READS_H
#define GX_CORE_REGISTER_READS_H

/** The registers' half of the double entry: each register keeps its own
 *  log of every read of a person's data, and shows it to the platform (GET
 *  /v1/access-log, sources/access_log_answer.h). Asked of every register
 *  keyed by national id, at once, each within the registers' deadline, so
 *  the person sees beside the platform's records the register's, each
 *  platform record marked when its twin (the same request id) was found, and
 *  the reads that did not pass through Guichet. */

#include <stdbool.h>
#include <stddef.h>

#include "core/ctx.h"
#include "sources/access_log_answer.h"
#include "sources/prefill.h"

struct gx_register_log {
	const struct gx_register *reg;
	enum gx_source_status status;   /* OK: reads holds its answer */
	struct gx_register_reads reads;
	bool *in_platform;              /* per read: a record of the platform has its request id (it passed through Guichet) */
};

struct gx_register_logs {
	size_t n;
	struct gx_register_log *logs;   /* the request's pool; freed with it */
};

/** done runs exactly once, with every register's status and, for each
 *  read, whether the platform's log has its twin (logs NULL when the person
 *  or the platform's records could not be read). */
typedef void (*gx_register_logs_done_fn)(void *arg, const struct gx_register_logs *logs);

/** Asks every register keyed by national id for the acting person's reads. */
void gx_register_logs_fetch(const struct gx_core_ctx *c, gx_register_logs_done_fn done, void *arg);

/** The register log's read with this request id, or NULL. */
const struct gx_register_read *gx_register_log_find(const struct gx_register_log *log, const char *request_id);

#endif
