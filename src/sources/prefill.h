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

#include "client/httpc.h"
#include "sources/answer.h"
#include "sources/registers.h"

struct gx_req;
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

struct gx_prefill {
	struct gx_req *r;
	const char *subject;        /* the person's national id */
	const char *purpose;        /* e.g. "my-data" or a procedure's id */
	const char *legal_basis;
	size_t n;
	struct gx_prefill_source *sources;
	size_t pending;
	bool failed_closed;         /* the access records could not be written: no values */
	void (*done)(struct gx_prefill *p, void *arg);
	void *arg;
};

/** Starts the lookups. declined(name) says whether the person said No to a
 *  register. done runs once, on the request's loop, after the access records
 *  are durable (or failed_closed). Memory comes from the request's pool; the
 *  answers are freed with the request. */
void gx_prefill_start(struct gx_req *r, const char *subject, const char *purpose, const char *legal_basis,
		      const struct gx_prefill_want *wants, size_t n, const bool *declined, unsigned deadline_ms,
		      void (*done)(struct gx_prefill *p, void *arg), void *arg);

#endif
