/* GET /api/org/v1/events?after=CURSOR&wait=SECONDS (scope submissions.read):
 * the organisation's events after the cursor (the seq of the last one
 * seen; 0 or none from the start), oldest first, at most 200, in commit
 * order; {"events": [...], "next": CURSOR}. When there is nothing new the
 * request waits, up to wait seconds (0–30, default 30), and answers as soon
 * as something comes: it looks again each second, so an event committed by
 * any guichetd of a cluster is seen within a second. */

#include "backoffice/api/events.h"

#include <stdlib.h>
#include <string.h>

#include "backoffice/api/reply.h"
#include "core/org_events.h"
#include "http/query.h"
#include "http/request.h"
#include "util/clock.h"

struct poll {
	struct gx_req *r;
	h2o_timeout_entry_t tick;
	long long after;
	long long deadline_us;  /* monotonic */
};

static void look(struct poll *p);

/* The client hung up (or the answer is written): no tick may come after. */
static void on_dispose(void *arg)
{
	struct poll *p = arg;
	if (h2o_timeout_is_linked(&p->tick))
		h2o_timeout_unlink(&p->tick);
}

static void on_tick(h2o_timeout_entry_t *entry)
{
	look(H2O_STRUCT_FROM_MEMBER(struct poll, tick, entry));
}

/* Answers what there is, or waits a second more. */
static void look(struct poll *p)
{
	struct gx_req *r = p->r;
	long long last = p->after;
	json_t *events = gx_org_events_read(gx_req_store(r), r->actor.client.org, p->after, GX_ORG_EVENTS_PAGE_MAX, &last);
	if (events == NULL) {
		gx_reply_problem(r, GX_ERR_INTERNAL, NULL, NULL);
		return;
	}
	if (json_array_size(events) == 0 && gx_mono_us() < p->deadline_us && !gx_req_server_stopping(r)) {
		json_decref(events);
		h2o_context_t *ctx = r->h2o->conn->ctx;
		h2o_timeout_link(ctx->loop, &ctx->one_sec_timeout, &p->tick);
		return;
	}
	gx_org_reply_taken(r, 200, json_pack("{s:o, s:I}", "events", events, "next", (json_int_t)last));
}

enum gx_outcome gx_org_api_events(struct gx_req *r)
{
	size_t qlen;
	const char *q = gx_query_of(r->h2o->path.base, r->h2o->path.len, &qlen);
	char after[24], wait[8];
	struct poll *p = h2o_mem_alloc_shared(&r->h2o->pool, sizeof(*p), on_dispose);
	*p = (struct poll){.r = r, .tick = {.cb = on_tick}};
	long n = gx_query_get(q, qlen, "after", after, sizeof(after));
	if (n == -2 || gx_org_events_cursor(n > 0 ? after : NULL, &p->after) != 0)
		return gx_reply_problem(r, GX_ERR_BAD_PARAMETER, "after", "the next of an earlier answer, or 0");
	long seconds = 30;
	n = gx_query_get(q, qlen, "wait", wait, sizeof(wait));
	char *end;
	if (n > 0)
		seconds = strtol(wait, &end, 10);
	if (n == -2 || (n > 0 && (*end != '\0' || seconds < 0 || seconds > 30)))
		return gx_reply_problem(r, GX_ERR_BAD_PARAMETER, "wait", "seconds to wait for news, 0 to 30");
	p->deadline_us = gx_mono_us() + seconds * 1000000LL;
	look(p);
	return GX_DONE;
}
