#include "core/register_reads.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/httpc.h"
#include "core/access_log.h"
#include "log/oplog.h"

struct fetch {
	const struct gx_core_ctx *c;
	struct gx_register_logs logs;
	size_t pending;
	gx_register_logs_done_fn done;
	void *arg;
};

struct one {
	struct fetch *f;
	struct gx_register_log *log;
};

static void dispose(void *p)
{
	struct fetch *f = p;
	for (size_t i = 0; i < f->logs.n; i++)
		gx_register_reads_free(&f->logs.logs[i].reads);
}

static int by_text(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Marks each register read whose request id one of the person's records
 * carries: the platform's records around the reads' times, read once. */
static int match(struct fetch *f)
{
	const struct gx_core_ctx *c = f->c;
	long long lo = 0, hi = 0;
	size_t total = 0;
	for (size_t i = 0; i < f->logs.n; i++) {
		struct gx_register_log *log = &f->logs.logs[i];
		log->in_platform = gx_core_alloc(c, (log->reads.n > 0 ? log->reads.n : 1) * sizeof(bool));
		for (size_t j = 0; j < log->reads.n; j++) {
			long long at = log->reads.v[j].at_us;
			lo = total == 0 || at < lo ? at : lo;
			hi = total == 0 || at > hi ? at : hi;
			total++;
		}
	}
	if (total == 0)
		return 0;
	char subject[14];
	if (gx_access_log_subject(c, subject) != GX_CORE_OK)
		return -1;
	/* The platform writes its record just after the register answered: a minute either side. */
	enum { MAX_RECORDS = 20000, CHUNK = 200 };
	const char **ids = gx_core_alloc(c, MAX_RECORDS * sizeof(*ids));
	size_t nids = 0;
	struct gx_access_query q = {.subject = subject, .from_us = lo - 60000000LL, .to_us = hi + 60000000LL};
	struct gx_access_row rows[CHUNK];
	bool more = true;
	while (more && nids < MAX_RECORDS) {
		size_t n = 0;
		if (gx_store_access_records_of(c->db, &q, rows, CHUNK, &n, &more) < 0)
			return -1;
		for (size_t i = 0; i < n && nids < MAX_RECORDS; i++)
			ids[nids++] = gx_core_strndup(c, rows[i].request_id, strlen(rows[i].request_id));
		if (n > 0) {
			q.before_at_us = rows[n - 1].at_us;
			q.before_id = rows[n - 1].id;
		}
		gx_access_rows_clear(rows, n);
	}
	qsort(ids, nids, sizeof(*ids), by_text);
	for (size_t i = 0; i < f->logs.n; i++) {
		struct gx_register_log *log = &f->logs.logs[i];
		for (size_t j = 0; j < log->reads.n; j++)
			log->in_platform[j] = bsearch(&log->reads.v[j].request_id, ids, nids, sizeof(*ids), by_text) != NULL;
	}
	return 0;
}

static void finish(struct fetch *f)
{
	f->done(f->arg, match(f) == 0 ? &f->logs : NULL);
}

static void on_answer(void *arg, const struct gx_httpc_response *res)
{
	struct one *o = arg;
	struct gx_register_log *log = o->log;
	char why[160];
	if (res->error == GX_HTTPC_TIMEOUT)
		log->status = GX_SOURCE_TIMEOUT;
	else if (res->error != GX_HTTPC_OK || res->status >= 500)
		log->status = GX_SOURCE_UNAVAILABLE;
	else if (res->status != 200)
		log->status = GX_SOURCE_REFUSED;
	else if (gx_register_reads_parse(res->body.base, res->body.len, log->reg->name, &log->reads, why,
					 sizeof(why)) != 0)
		log->status = GX_SOURCE_BAD_ANSWER;
	else
		log->status = GX_SOURCE_OK;
	if (log->status != GX_SOURCE_OK)
		gx_oplog_event(GX_LOG_WARN, "register_log_failed", o->f->c->request_id, "register %s: %s",
			       log->reg->name, gx_source_status_name(log->status));
	if (--o->f->pending == 0)
		finish(o->f);
}

void gx_register_logs_fetch(const struct gx_core_ctx *c, gx_register_logs_done_fn done, void *arg)
{
	char subject[14];
	if (gx_access_log_subject(c, subject) != GX_CORE_OK) {
		done(arg, NULL);
		return;
	}
	const struct gx_registers *regs = &c->domain->registers;
	struct fetch *f = h2o_mem_alloc_shared(c->pool, sizeof(*f), dispose);
	*f = (struct fetch){.c = c, .done = done, .arg = arg};
	f->logs.logs = gx_core_alloc(c, (regs->count > 0 ? regs->count : 1) * sizeof(*f->logs.logs));
	for (size_t i = 0; i < regs->count; i++)
		if (strcmp(regs->items[i].subject_key, "national_id") == 0)
			f->logs.logs[f->logs.n++] = (struct gx_register_log){.reg = &regs->items[i],
									     .status = GX_SOURCE_UNAVAILABLE};
	if (f->logs.n == 0) {
		done(arg, &f->logs);
		return;
	}
	f->pending = f->logs.n + 1; /* one more while starting: done runs after the loop at the earliest */
	/* A national id is digits only: nothing to encode in the query. */
	if (strspn(subject, "0123456789") != strlen(subject)) {
		done(arg, NULL);
		return;
	}
	for (size_t i = 0; i < f->logs.n; i++) {
		struct gx_register_log *log = &f->logs.logs[i];
		char url[700], auth[300];
		snprintf(url, sizeof(url), "%s/v1/access-log?subject=%s&subject_type=national_id&limit=500", log->reg->url,
			 subject);
		snprintf(auth, sizeof(auth), "Bearer %s", log->reg->key);
		struct gx_httpc_header headers[] = {{"authorization", auth}, {"accept", "application/json"}};
		struct gx_httpc_request req = {.method = "GET", .url = url, .headers = headers, .num_headers = 2,
					       .deadline_ms = regs->deadline_ms,
					       .max_response_bytes = GX_ACCESS_LOG_ANSWER_MAX_BYTES};
		struct one *o = gx_core_alloc(c, sizeof(*o));
		*o = (struct one){f, log};
		if (gx_httpc_start(c->httpc, &req, on_answer, o) == NULL)
			f->pending--; /* no memory: stays unavailable */
	}
	if (--f->pending == 0)
		finish(f);
}

const struct gx_register_read *gx_register_log_find(const struct gx_register_log *log, const char *request_id)
{
	if (log->status != GX_SOURCE_OK)
		return NULL;
	for (size_t i = 0; i < log->reads.n; i++)
		if (strcmp(log->reads.v[i].request_id, request_id) == 0)
			return &log->reads.v[i];
	return NULL;
}
