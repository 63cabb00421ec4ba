#ifndef GX_SOURCES_PREFILL_H
#define GX_SOURCES_PREFILL_H

/** The prefill engine: asks every register needed, at once, for only the
 *  attributes needed, each within a deadline, on the request's own loop.
 *  Registers the person said No to are not asked at all. Before any value is
 *  handed back, one access record per register that answered is committed
 *  (group commit); if they cannot be written, no value is returned (fail
 *  closed). Each register ends with a status, so a page can say which source
 *  could not be reached and let the person fill those fields in. */

#include <stdbool.h>
#include <stdint.h>

#include <h2o/memory.h>

#include "client/httpc.h"
#include "sources/answer.h"
#include "sources/registers.h"
#include "store/durable.h"

struct gx_prefill;

enum gx_source_status {
	GX_SOURCE_OK,
	GX_SOURCE_DECLINED,     /* the person said No: not asked */
	GX_SOURCE_UNAVAILABLE,  /* could not connect, or it answered 5xx */
	GX_SOURCE_TIMEOUT,
	GX_SOURCE_REFUSED,      /* it answered 4xx (our key, our request) */
	GX_SOURCE_BAD_ANSWER,   /* malformed, oversized, or not what was asked */
};

const char *gx_source_status_name(enum gx_source_status s);

struct gx_prefill_want {
	const struct gx_register *reg;
	const char *const *attributes;
	size_t nattributes;
	const char *subject;        /* asked about this subject instead of the ask's (a related person: a child
				     * of the person the platform acts for); NULL: the ask's subject */
};

struct gx_prefill_source {
	const struct gx_register *reg;
	const struct gx_prefill_want *want;
	enum gx_source_status status;
	struct gx_answer answer;   /* for GX_SOURCE_OK */
	uint64_t elapsed_us;
	char request_id[48];       /* sent to the register and kept in the access record */
	struct gx_prefill *owner;
};

/** Where the lookups run: the loop's HTTP client and group commit, and the
 *  pool the engine's memory (and the answers) live and die with. */
struct gx_prefill_env {
	struct gx_httpc *httpc;
	struct gx_durable *durable;
	h2o_mem_pool_t *pool;
	const char *request_id;     /* each register's request id is this, '-', its name */
};

/** Who reads whose data and why: what the access records (and the
 *  registers' own logs) keep. Strings are borrowed until done. */
struct gx_prefill_ask {
	const char *subject;        /* the key the registers are asked by: the person's national id */
	const char *subject_type;   /* its kind (a company's "rcs_number"); NULL: each register's subject_key */
	const char *actor_kind;     /* "platform" (for the person) or "organisation" */
	const char *actor_id;       /* "guichet", or the organisation's id */
	const char *actor_role;     /* the agent's function ("handler", "client"), never a name; NULL for the platform */
	const char *on_behalf_of;   /* the person the platform acts for; may be NULL */
	const char *purpose;        /* e.g. "my-data" or a procedure's id */
	const char *legal_basis;
};

struct gx_prefill {
	struct gx_prefill_env env;
	struct gx_prefill_ask ask;
	size_t n;
	struct gx_prefill_source *sources;
	size_t pending;
	bool failed_closed;         /* the access records could not be written: no values */
	struct gx_prefill *related; /* set by the caller: a second round about related subjects; may be NULL */
	void (*done)(struct gx_prefill *p, void *arg);
	void *arg;
};

/** Starts the lookups of wants[0..n) (declined[i]: the person said No to
 *  wants[i]'s register, which is then not asked). done runs exactly once, on
 *  the loop, after the access records are durable, or with failed_closed
 *  when they could not be written (then no answer may be used) — possibly
 *  before this returns, when nothing is to be asked. Memory comes from
 *  env->pool; the answers are freed with it. */
void gx_prefill_start(const struct gx_prefill_env *env, const struct gx_prefill_ask *ask,
		      const struct gx_prefill_want *wants, size_t n, const bool *declined, unsigned deadline_ms,
		      void (*done)(struct gx_prefill *p, void *arg), void *arg);

#endif
