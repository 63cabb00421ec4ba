/* The corrections' sync (correction_sync.h): the outbox, then the feeds. */

#include "core/correction_sync.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/httpc.h"
#include "core/corrections.h"
#include "log/oplog.h"
#include "sources/correction_client.h"
#include "store/corrections.h"

#define OUTBOX_BATCH 20
#define LEGAL_BASIS "GDPR Art. 16: the person's right to rectification"

struct sync {
	struct gx_core_ctx c;
	struct gx_correction_sync_config cfg;
	json_t *outbox;         /* [{id, outbox, attempts}] */
	size_t next;            /* the outbox row being worked */
	size_t reg;             /* the register whose feed is being read */
	void (*done)(void *arg);
	void *arg;
};

/* The request being sent, and what is written once the register answered. */
struct sending {
	struct sync *s;
	long long id;
	bool withdraw;          /* a withdrawal (the register knows the request) */
	json_t *row;            /* the request's row */
	char national_id[14];
	const struct gx_register *reg;
	char *body;
	struct gx_store_evidence files[GX_EVIDENCE_FILES_MAX];
	size_t nfiles;
	/* the answer */
	struct gx_correction_state state;
	int http_status;
	char attrs[GX_REGISTER_ATTRIBUTE_MAX + 8];
};

long long gx_correction_backoff_us(const struct gx_correction_sync_config *cfg, long long attempts)
{
	long long ms = cfg->retry_initial_ms > 0 ? cfg->retry_initial_ms : 1000;
	for (long long i = 0; i < attempts && ms < (long long)cfg->retry_max_ms; i++)
		ms *= 2;
	if (ms > (long long)cfg->retry_max_ms)
		ms = cfg->retry_max_ms;
	return ms * 1000;
}

static void step_outbox(struct sync *s);
static void step_feed(struct sync *s);

static void sending_free(struct sending *x)
{
	json_decref(x->row);
	free(x->body);
	for (size_t i = 0; i < x->nfiles; i++)
		free(x->files[i].data);
	free(x);
}

/* The next row of the outbox (this one is done, whatever came of it). */
static void next_row(struct sending *x)
{
	struct sync *s = x->s;
	sending_free(x);
	s->next++;
	step_outbox(s);
}

static const char *str(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static struct gx_access_record access_of(struct sending *x, const char *purpose, long long at_us)
{
	snprintf(x->attrs, sizeof(x->attrs), "[\"%s\"]", str(x->row, "attribute"));
	return (struct gx_access_record){.subject = x->national_id, .at_us = at_us, .actor_kind = "platform",
					 .actor_id = "guichet", .on_behalf_of = x->national_id, .source = x->reg->name,
					 .attributes_json = x->attrs, .purpose = purpose, .legal_basis = LEGAL_BASIS,
					 .request_id = str(x->row, "request_id")};
}

/* The register took the request: its number and due date, the timeline, the access record. */
static enum gx_db_status write_sent(struct gx_store_conn *w, void *arg)
{
	struct sending *x = arg;
	long long now = x->s->c.now_us;
	struct gx_correction_change ch = {.kind = GX_CC_SENT, .id = x->id, .register_id = x->state.id,
					  .due = x->state.due, .at_us = now};
	enum gx_db_status st = gx_store_correction_change(w, &ch);
	if (st < 0)
		return st;
	char detail[64];
	snprintf(detail, sizeof(detail), "{\"due\":\"%s\"}", x->state.due);
	if ((st = gx_store_correction_event_append(w, x->id, now, "sent", detail, false, NULL)) < 0)
		return st;
	struct gx_access_record rec = access_of(x, "correction.file", now);
	return gx_store_access_record_append(w, &rec);
}

/* The register was told of the withdrawal (or had decided already). */
static enum gx_db_status write_withdrawn(struct gx_store_conn *w, void *arg)
{
	struct sending *x = arg;
	struct gx_correction_change ch = {.kind = GX_CC_WITHDRAW_SENT, .id = x->id, .at_us = x->s->c.now_us};
	enum gx_db_status st = gx_store_correction_change(w, &ch);
	if (st < 0 || x->http_status != 200)
		return st;
	struct gx_access_record rec = access_of(x, "correction.withdraw", x->s->c.now_us);
	return gx_store_access_record_append(w, &rec);
}

/* The register refused the request (4xx): the person is told, nothing is sent again. */
static enum gx_db_status write_refused(struct gx_store_conn *w, void *arg)
{
	struct sending *x = arg;
	long long now = x->s->c.now_us;
	char decision[64];
	snprintf(decision, sizeof(decision), "{\"refused\":%d}", x->http_status);
	struct gx_correction_change ch = {.kind = GX_CC_DECIDED, .id = x->id, .status = "rejected",
					  .decision_json = decision, .at_us = now};
	enum gx_db_status st = gx_store_correction_change(w, &ch);
	if (st <= 0)
		return st;
	return gx_store_correction_event_append(w, x->id, now, "rejected", decision, true, NULL);
}

static void on_written(void *arg, enum gx_db_status result)
{
	struct sending *x = arg;
	if (result < 0)
		gx_oplog_event(GX_LOG_ERROR, "correction_not_recorded", x->s->c.request_id,
			       "correction %lld: what the register answered could not be recorded", x->id);
	next_row(x);
}

static void on_answer(void *arg, const struct gx_httpc_response *res)
{
	struct sending *x = arg;
	struct sync *s = x->s;
	char why[128] = "";
	x->http_status = res->error == GX_HTTPC_OK ? res->status : 0;
	gx_store_write_fn write = NULL;
	if (res->error != GX_HTTPC_OK || res->status >= 500 || res->status == 401 || res->status == 429) {
		/* Down, overloaded, or our key refused: kept, sent again after the backoff. */
		gx_oplog_event(GX_LOG_WARN, "correction_not_sent", s->c.request_id, "correction %lld to %s: %s %d", x->id,
			       x->reg->name, gx_httpc_error_name(res->error), x->http_status);
	} else if (x->withdraw) {
		/* 200 withdrawn; 409 decided already (its decision comes on the feed); 404 never reached it. */
		if (res->status == 200 || res->status == 409 || res->status == 404)
			write = write_withdrawn;
	} else if (res->status == 200 || res->status == 201) {
		if (gx_correction_state_parse(res->body.base, res->body.len, &x->state, why, sizeof(why)) == 0)
			write = write_sent;
		else
			gx_oplog_event(GX_LOG_WARN, "correction_bad_answer", s->c.request_id, "correction %lld: %s", x->id, why);
	} else {
		gx_oplog_event(GX_LOG_WARN, "correction_refused", s->c.request_id, "correction %lld: the register answered %d",
			       x->id, res->status);
		write = write_refused;
	}
	if (write == NULL) {
		next_row(x);
		return;
	}
	gx_durable_submit(s->c.durable, write, x, on_written);
}

/* The filing's body: the person's national id, the row, the files' bytes. */
static int build_filing(struct sending *x)
{
	char *text = NULL;
	if (gx_store_correction_evidence_list(x->s->c.db, x->id, &text) < 0)
		return -1;
	json_error_t e;
	json_t *list = json_loads(text, 0, &e);
	free(text);
	struct gx_correction_out_file out[GX_EVIDENCE_FILES_MAX];
	size_t i;
	json_t *f;
	json_array_foreach(list, i, f) {
		if (x->nfiles == GX_EVIDENCE_FILES_MAX ||
		    gx_store_correction_evidence_get(x->s->c.db, x->id, (int)json_integer_value(json_object_get(f, "seq")),
						     &x->files[x->nfiles]) != GX_DB_ONE_RESULT) {
			json_decref(list);
			return -1;
		}
		out[x->nfiles] = (struct gx_correction_out_file){x->files[x->nfiles].name, x->files[x->nfiles].data,
								 (size_t)x->files[x->nfiles].size};
		x->nfiles++;
	}
	json_decref(list);
	const json_t *current = json_object_get(x->row, "current_value");
	struct gx_correction_out o = {
		.request_id = str(x->row, "request_id"), .subject_type = x->reg->subject_key, .subject = x->national_id,
		.attribute = str(x->row, "attribute"), .current_value = json_string_value(current),
		.current_version = json_integer_value(json_object_get(x->row, "current_version")),
		.proposed = str(x->row, "proposed"), .explanation = str(x->row, "explanation"), .organisation = "guichet",
		.on_behalf_of = x->national_id, .files = out, .nfiles = x->nfiles};
	x->body = gx_correction_filing_body(&o);
	return x->body != NULL ? 0 : -1;
}

static void send_row(struct sending *x)
{
	struct sync *s = x->s;
	char *text = NULL;
	struct gx_person p;
	if (gx_store_correction_get(s->c.db, 0, x->id, &text) != GX_DB_ONE_RESULT) {
		next_row(x);
		return;
	}
	json_error_t e;
	x->row = json_loads(text, 0, &e);
	free(text);
	x->reg = x->row != NULL ? gx_registers_find(&s->c.domain->registers, str(x->row, "register")) : NULL;
	if (x->reg == NULL || gx_store_person_get(s->c.db, json_integer_value(json_object_get(x->row, "person_id")), &p) !=
				      GX_DB_ONE_RESULT) {
		gx_oplog_event(GX_LOG_ERROR, "correction_unsendable", s->c.request_id,
			       "correction %lld: its register or person is not known here", x->id);
		next_row(x);
		return;
	}
	memcpy(x->national_id, p.national_id, sizeof(x->national_id));
	/* A withdrawal goes to a register that knows the request; else the request goes first. */
	json_t *register_id = json_object_get(x->row, "register_id");
	x->withdraw = strcmp(str(x->row, "outbox"), "withdraw") == 0 && json_is_integer(register_id);
	char url[700], auth[300];
	if (x->withdraw)
		snprintf(url, sizeof(url), "%s/v1/corrections/%lld/withdraw", x->reg->url,
			 (long long)json_integer_value(register_id));
	else
		snprintf(url, sizeof(url), "%s/v1/corrections", x->reg->url);
	snprintf(auth, sizeof(auth), "Bearer %s", x->reg->key);
	if (!x->withdraw && build_filing(x) != 0) {
		gx_oplog_event(GX_LOG_ERROR, "correction_unsendable", s->c.request_id, "correction %lld: cannot be read", x->id);
		next_row(x);
		return;
	}
	struct gx_httpc_header headers[] = {
		{"authorization", auth},
		{"content-type", "application/json"},
		{"accept", "application/json"},
	};
	struct gx_httpc_request req = {.method = "POST", .url = url, .headers = headers, .num_headers = 3,
				       .body = h2o_iovec_init(x->body != NULL ? x->body : "", x->body != NULL ? strlen(x->body) : 0),
				       .deadline_ms = s->cfg.deadline_ms, .max_response_bytes = GX_CORRECTION_ANSWER_MAX_BYTES};
	if (gx_httpc_start(s->c.httpc, &req, on_answer, x) == NULL)
		next_row(x);
}

static void on_claimed(void *arg, enum gx_db_status result)
{
	struct sending *x = arg;
	if (result != GX_DB_ONE_RESULT) {
		next_row(x); /* another instance took it, or the store failed: a later run */
		return;
	}
	send_row(x);
}

static enum gx_db_status write_claim(struct gx_store_conn *w, void *arg)
{
	struct sending *x = arg;
	long long attempts = 0;
	json_t *row = json_array_get(x->s->outbox, x->s->next);
	attempts = json_integer_value(json_object_get(row, "attempts"));
	struct gx_correction_change ch = {.kind = GX_CC_CLAIM, .id = x->id,
					  .next_at_us = x->s->c.now_us + gx_correction_backoff_us(&x->s->cfg, attempts),
					  .at_us = x->s->c.now_us};
	return gx_store_correction_change(w, &ch);
}

static bool stopping(const struct sync *s)
{
	return s->cfg.stopping != NULL && s->cfg.stopping(s->cfg.stopping_arg);
}

static void step_outbox(struct sync *s)
{
	if (stopping(s))
		s->next = json_array_size(s->outbox);
	if (s->next >= json_array_size(s->outbox)) {
		s->reg = 0;
		step_feed(s);
		return;
	}
	struct sending *x = calloc(1, sizeof(*x));
	if (x == NULL) {
		s->next = json_array_size(s->outbox);
		step_feed(s);
		return;
	}
	x->s = s;
	x->id = json_integer_value(json_object_get(json_array_get(s->outbox, s->next), "id"));
	gx_durable_submit(s->c.durable, write_claim, x, on_claimed);
}

/* --- the feeds ----------------------------------------------------------------------------------- */

struct reading {
	struct sync *s;
	const struct gx_register *reg;
	long long after;
	struct gx_correction_feed feed;
};

static void next_register(struct reading *rd)
{
	struct sync *s = rd->s;
	gx_correction_feed_free(&rd->feed);
	free(rd);
	s->reg++;
	step_feed(s);
}

/* Each decision applied to its request, its timeline entry (to notify the
 * person of a final one), the access record of the read; then the position. */
static enum gx_db_status write_decisions(struct gx_store_conn *w, void *arg)
{
	struct reading *rd = arg;
	long long now = rd->s->c.now_us;
	for (size_t i = 0; i < rd->feed.n; i++) {
		const struct gx_correction_decision *d = &rd->feed.items[i];
		char *text = NULL;
		enum gx_db_status st = gx_store_correction_by_request(w, d->request_id, &text);
		if (st < 0)
			return st;
		json_error_t e;
		json_t *row = st == GX_DB_ONE_RESULT ? json_loads(text, 0, &e) : NULL;
		free(text);
		if (row == NULL || strcmp(str(row, "register"), rd->reg->name) != 0) {
			json_decref(row);
			continue; /* not a request of this platform to this register */
		}
		long long id = json_integer_value(json_object_get(row, "id"));
		bool echo = strcmp(d->status, "withdrawn") == 0 && strcmp(str(row, "status"), "withdrawn") == 0;
		json_t *decision = json_object();
		if (d->reason != NULL)
			json_object_set_new(decision, "reason", json_string(d->reason));
		if (d->rerouted_to != NULL)
			json_object_set_new(decision, "rerouted_to", json_string(d->rerouted_to));
		if (d->version > 0) {
			json_object_set_new(decision, "version", json_integer(d->version));
			json_object_set_new(decision, "as_of", json_string(d->as_of));
		}
		char *dtext = json_dumps(decision, JSON_COMPACT | JSON_SORT_KEYS);
		json_decref(decision);
		bool final = strcmp(d->status, "in_review") != 0 && strcmp(d->status, "withdrawn") != 0;
		struct gx_correction_change ch = {.kind = GX_CC_DECIDED, .id = id, .status = d->status,
						  .decision_json = final ? dtext : NULL, .at_us = now};
		st = dtext != NULL ? gx_store_correction_change(w, &ch) : GX_DB_HARD_ERROR;
		if (st == GX_DB_ONE_RESULT && !echo)
			st = gx_store_correction_event_append(w, id, now, d->status, dtext, final, NULL);
		free(dtext);
		if (st >= 0) {
			struct gx_person p;
			st = gx_store_person_get(w, json_integer_value(json_object_get(row, "person_id")), &p);
			char attrs[GX_REGISTER_ATTRIBUTE_MAX + 8];
			snprintf(attrs, sizeof(attrs), "[\"%s\"]", str(row, "attribute"));
			struct gx_access_record rec = {.subject = p.national_id, .at_us = now, .actor_kind = "platform",
						       .actor_id = "guichet", .on_behalf_of = p.national_id,
						       .source = rd->reg->name, .attributes_json = attrs,
						       .purpose = "correction.decision", .legal_basis = LEGAL_BASIS,
						       .request_id = str(row, "request_id")};
			if (st == GX_DB_ONE_RESULT)
				st = gx_store_access_record_append(w, &rec);
		}
		json_decref(row);
		if (st < 0)
			return st;
	}
	return gx_store_correction_feed_set(w, rd->reg->name, rd->feed.last);
}

static void on_decisions_written(void *arg, enum gx_db_status result)
{
	struct reading *rd = arg;
	if (result < 0)
		gx_oplog_event(GX_LOG_ERROR, "correction_decisions_not_recorded", rd->s->c.request_id,
			       "register %s: decisions read but not recorded; read again later", rd->reg->name);
	else if (rd->feed.n > 0)
		gx_oplog_event(GX_LOG_INFO, "correction_decisions", rd->s->c.request_id, "register %s: %zu decisions",
			       rd->reg->name, rd->feed.n);
	next_register(rd);
}

static void on_feed(void *arg, const struct gx_httpc_response *res)
{
	struct reading *rd = arg;
	char why[128];
	if (res->error != GX_HTTPC_OK || res->status != 200) {
		next_register(rd); /* down, or a register without corrections (404): a later run */
		return;
	}
	if (gx_correction_feed_parse(res->body.base, res->body.len, rd->after, &rd->feed, why, sizeof(why)) != 0) {
		gx_oplog_event(GX_LOG_WARN, "correction_bad_feed", rd->s->c.request_id, "register %s: %s", rd->reg->name, why);
		next_register(rd);
		return;
	}
	if (rd->feed.n == 0 && rd->feed.last == rd->after) {
		next_register(rd);
		return;
	}
	gx_durable_submit(rd->s->c.durable, write_decisions, rd, on_decisions_written);
}

static void step_feed(struct sync *s)
{
	const struct gx_registers *regs = &s->c.domain->registers;
	if (stopping(s))
		s->reg = regs->count;
	if (s->reg >= regs->count) {
		json_decref(s->outbox);
		s->outbox = NULL;
		s->done(s->arg);
		return;
	}
	struct reading *rd = calloc(1, sizeof(*rd));
	if (rd == NULL) {
		s->reg = regs->count;
		step_feed(s);
		return;
	}
	rd->s = s;
	rd->reg = &regs->items[s->reg];
	if (gx_store_correction_feed_get(s->c.db, rd->reg->name, &rd->after) < 0) {
		next_register(rd);
		return;
	}
	char url[700], auth[300];
	snprintf(url, sizeof(url), "%s/v1/corrections/decisions?after=%lld&limit=%d", rd->reg->url, rd->after,
		 GX_CORRECTION_FEED_PAGE);
	snprintf(auth, sizeof(auth), "Bearer %s", rd->reg->key);
	struct gx_httpc_header headers[] = {{"authorization", auth}, {"accept", "application/json"}};
	/* A page of decisions is small: the registers' own deadline, as a lookup's. */
	unsigned deadline = regs->deadline_ms > 0 && regs->deadline_ms < s->cfg.deadline_ms ? regs->deadline_ms
											      : s->cfg.deadline_ms;
	struct gx_httpc_request req = {.method = "GET", .url = url, .headers = headers, .num_headers = 2,
				       .deadline_ms = deadline, .max_response_bytes = GX_CORRECTION_ANSWER_MAX_BYTES};
	if (gx_httpc_start(s->c.httpc, &req, on_feed, rd) == NULL)
		next_register(rd);
}

void gx_corrections_sync(const struct gx_core_ctx *c, const struct gx_correction_sync_config *cfg,
			 void (*done)(void *arg), void *arg)
{
	struct sync *s = gx_core_alloc(c, sizeof(*s));
	*s = (struct sync){.c = *c, .cfg = *cfg, .done = done, .arg = arg};
	char *text = NULL;
	if (gx_store_corrections_outbox(c->db, c->now_us, OUTBOX_BATCH, &text) >= 0) {
		json_error_t e;
		s->outbox = json_loads(text, 0, &e);
	}
	free(text);
	if (!json_is_array(s->outbox)) {
		json_decref(s->outbox);
		s->outbox = json_array();
	}
	step_outbox(s);
}
