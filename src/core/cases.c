/* Cases (cases.h): every change is one durable write that reads the case
 * inside the transaction, checks the revision and the rules there (so two
 * agents cannot both win), then changes the case and appends the timeline
 * entry, the log entry and the event the change makes, and stores the
 * answer under the idempotency key when there is one. A refusal writes
 * nothing. */

#include "core/cases.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/attachments.h"
#include "core/case_turn.h"
#include "core/lb_fold.h"
#include "core/letterbox.h"
#include "core/outbox.h"
#include "procedures/definition.h"
#include "receipts/receipt.h"

#define QUESTION_MAX 4000
#define NOTE_MAX 4000
#define ANSWER_MAX 8000
#define DECISION_MAX 8000
#define FILES_WANTED_MAX 5
#define ANSWER_FILES_MAX 10
#define ANSWER_FILE_BYTES (10u << 20)

enum gx_db_status gx_case_read(struct gx_store_conn *db, const char *org, long long id, struct gx_case *out)
{
	memset(out, 0, sizeof(*out));
	if (id <= 0)
		return GX_DB_NO_RESULTS;
	enum gx_db_status st = gx_store_case_get(db, id, out);
	if (st == GX_DB_ONE_RESULT && org != NULL && strcmp(out->org, org) != 0)
		return GX_DB_NO_RESULTS;
	return st;
}

enum gx_db_status gx_case_submission(struct gx_store_conn *db, long long id, struct gx_submission *out)
{
	memset(out, 0, sizeof(*out));
	enum gx_db_status st = gx_store_submission_get(db, id, out);
	return st == GX_DB_NO_RESULTS ? GX_DB_HARD_ERROR : st; /* a case without its submission */
}

json_t *gx_case_log_list(struct gx_store_conn *db, long long id)
{
	char *text = NULL;
	json_t *log = NULL;
	if (gx_store_case_log(db, id, &text) >= 0 && text != NULL) {
		json_error_t err;
		log = json_loads(text, 0, &err);
	}
	free(text);
	return log;
}

enum gx_db_status gx_case_consent(struct gx_store_conn *db, long long id, struct gx_reuse_consent *out)
{
	return gx_store_consent_get(db, id, out);
}

/* The JSON text of o (taken), or NULL. */
static char *text_of(json_t *o)
{
	char *text = o != NULL ? json_dumps(o, JSON_COMPACT) : NULL;
	json_decref(o);
	return text;
}

char *gx_org_actor_json(const struct gx_org_actor *who)
{
	return text_of(json_pack("{s:s, s:s, s:s}", "kind", who->agent != NULL ? "agent" : "client", "org", who->org,
				 "role", who->role));
}

/* --- the one write every change goes through ------------------------------------------------ */

enum op { OP_ASSIGN, OP_NOTE, OP_MOVE, OP_REQUEST, OP_ANSWER, OP_REVOKE };

struct change {
	enum op op;
	const struct gx_core_ctx *c;
	struct gx_org_actor who;          /* the organisation's ops */
	struct gx_case_order o;
	struct gx_idempotency idem;
	bool has_idem;
	long long space_id;               /* the person's ops: the space acted in */
	long long at_us;
	/* the op's input (pool memory) */
	const char *assignee, *text, *to, *message_json;
	struct gx_case_decision decision;
	int files_wanted, request_seq;
	struct gx_attachment *files;      /* answer or decision files, checked before the write */
	size_t nfiles;
	const char *lb_title, *lb_folded; /* a decision's PDF in the letter box: its title */
	/* what the write found and did (reset at each run of it) */
	struct gx_case_changed r;
	struct gx_case kase;
	int seq;                          /* the timeline entry made */
	char *body;                       /* malloc'ed */
	gx_case_changed_fn done;
	void *arg;
};

/* A refusal: nothing is written. */
static enum gx_db_status refuse(struct change *ch, enum gx_core_status status, const char *field, const char *why)
{
	ch->r.status = status;
	ch->r.field = field;
	ch->r.why = why;
	return GX_DB_NO_RESULTS;
}

/* The answer of a change: the case as it now is, with what the op made. */
static char *case_body(const struct change *ch)
{
	const struct gx_case *k = &ch->kase;
	json_t *b = json_pack("{s:I, s:s, s:I, s:s, s:s, s:b, s:s?}", "submission", (json_int_t)k->submission_id,
			      "reference", k->reference, "revision", (json_int_t)k->revision, "status", k->status,
			      "turn", k->turn, "final", k->final, "assignee", k->assignee[0] != '\0' ? k->assignee : NULL);
	if (b != NULL && (ch->op == OP_NOTE || ch->op == OP_REQUEST || ch->op == OP_ANSWER))
		json_object_set_new(b, ch->op == OP_NOTE ? "note" : "request",
				    json_integer(ch->op == OP_ANSWER ? ch->request_seq : ch->seq));
	return text_of(b);
}

/* Appends the op's timeline entry (the person's ops have no organisation actor). */
static enum gx_db_status add_event(struct gx_store_conn *w, struct change *ch, const char *kind, const char *status,
				   const char *detail)
{
	bool person = ch->op == OP_ANSWER || ch->op == OP_REVOKE;
	char *actor = person ? NULL : gx_org_actor_json(&ch->who);
	if (!person && actor == NULL)
		return GX_DB_HARD_ERROR;
	struct gx_event e = {.submission_id = ch->kase.submission_id, .at_us = ch->at_us, .kind = kind,
			     .status = status, .message_json = ch->message_json,
			     .actor_json = person ? "{\"kind\":\"person\"}" : actor, .detail_json = detail};
	enum gx_db_status st = gx_store_event_append(w, &e, &ch->seq);
	free(actor);
	return st;
}

/* Stores the op's files (answer or decision) against the timeline entry just made. */
static enum gx_db_status add_files(struct gx_store_conn *w, struct change *ch, long long space_id)
{
	for (size_t i = 0; i < ch->nfiles; i++) {
		struct gx_attachment *a = &ch->files[i];
		a->space_id = space_id;
		a->submission_id = ch->kase.submission_id;
		a->event_seq = ch->seq;
		enum gx_db_status st = gx_store_attachment_put(w, a);
		if (st < 0)
			return st;
	}
	return GX_DB_ONE_RESULT;
}

static enum gx_db_status update(struct gx_store_conn *w, struct change *ch, struct gx_case_change *cc)
{
	cc->at_us = ch->at_us;
	enum gx_db_status st = gx_store_case_update(w, ch->kase.submission_id, ch->kase.revision, cc);
	if (st < 0)
		return st;
	return gx_store_case_get(w, ch->kase.submission_id, &ch->kase);
}

static enum gx_db_status do_assign(struct gx_store_conn *w, struct change *ch)
{
	const char *self = ch->who.agent, *cur = ch->kase.assignee;
	bool mine = self != NULL && (cur[0] == '\0' || strcmp(cur, self) == 0);
	if (ch->assignee == NULL ? !(ch->who.supervisor || (self != NULL && strcmp(cur, self) == 0))
	    : (self != NULL && strcmp(ch->assignee, self) == 0) ? !(mine || ch->who.supervisor)
								 : !ch->who.supervisor)
		return refuse(ch, GX_CORE_INVALID, "assignee",
			      "a handler may take an unassigned case or give up their own; a supervisor assigns to others");
	if (ch->assignee != NULL) {
		char role[16];
		enum gx_db_status st = gx_store_org_agent_of(w, ch->kase.org, ch->assignee, role);
		if (st < 0)
			return st;
		if (st == GX_DB_NO_RESULTS)
			return refuse(ch, GX_CORE_INVALID, "assignee", "not an agent of this organisation");
	}
	char *detail = text_of(json_pack("{s:s?}", "to", ch->assignee));
	if (detail == NULL)
		return GX_DB_HARD_ERROR;
	const char *author = self != NULL ? self : ch->who.client;
	enum gx_db_status st =
		gx_store_case_log_append(w, ch->kase.submission_id, ch->at_us, "assigned", author, detail, NULL);
	free(detail);
	if (st < 0)
		return st;
	struct gx_case_change cc = {.assignee = ch->assignee != NULL ? ch->assignee : "", .final = -1,
				    .open_request = -1};
	return update(w, ch, &cc);
}

static enum gx_db_status do_note(struct gx_store_conn *w, struct change *ch)
{
	char *detail = text_of(json_pack("{s:s}", "text", ch->text));
	if (detail == NULL)
		return GX_DB_HARD_ERROR;
	const char *author = ch->who.agent != NULL ? ch->who.agent : ch->who.client;
	enum gx_db_status st =
		gx_store_case_log_append(w, ch->kase.submission_id, ch->at_us, "note", author, detail, &ch->seq);
	free(detail);
	return st < 0 ? st : GX_DB_ONE_RESULT;
}

/* A decision's PDF goes to the person's letter box too, as the
 * organisation's "decision" (always delivered: the person submitted
 * online), without a notification of its own: the decision's tells of it. */
static enum gx_db_status deliver_decision(struct gx_store_conn *w, struct change *ch, long long space)
{
	const struct gx_lb_type *type = gx_lb_type_find(&ch->c->domain->letterbox, ch->kase.org, GX_LB_DECISION);
	long long person = 0, id;
	enum gx_db_status st = gx_store_lb_space_person(w, space, &person);
	if (st <= 0 || type == NULL || ch->lb_title == NULL)
		return st < 0 ? st : GX_DB_ONE_RESULT;
	const struct gx_attachment *a = &ch->files[0];
	struct gx_lb_delivery d = {.space_id = space, .org = ch->kase.org, .doc_type = GX_LB_DECISION,
				   .title = ch->lb_title, .notice_title = ch->lb_title, .file_name = a->name,
				   .bytes = a->data, .len = (size_t)a->size, .submission_id = ch->kase.submission_id,
				   .sender = ch->who.client != NULL ? ch->who.client : ch->who.role, .quiet = true};
	return gx_lb_deliver_in(w, &d, type, person, ch->at_us, ch->lb_folded, a->sha256, &id);
}

static enum gx_db_status do_move(struct gx_store_conn *w, struct change *ch, const struct gx_procedure *p)
{
	const struct gx_status_table *table = gx_procedure_statuses(p);
	if (!gx_status_transition_allowed(table, ch->kase.status, ch->to))
		return refuse(ch, GX_CORE_INVALID, "status", "the procedure does not allow this status from the current one");
	bool final = gx_status_final(table, ch->to);
	if (final && (ch->decision.text == NULL || ch->decision.text[0] == '\0'))
		return refuse(ch, GX_CORE_INVALID, "decision", "a final status needs the decision's text");
	if (!final && (ch->decision.text != NULL || ch->nfiles > 0))
		return refuse(ch, GX_CORE_INVALID, "decision", "only a final status carries a decision");
	char *detail = NULL;
	if (final) {
		json_t *d = json_pack("{s:s}", "text", ch->decision.text);
		if (d != NULL && ch->nfiles > 0)
			json_object_set_new(d, "file", json_string(ch->files[0].id));
		if ((detail = text_of(d)) == NULL)
			return GX_DB_HARD_ERROR;
	}
	enum gx_db_status st = add_event(w, ch, final ? "decision" : "status", ch->to, detail);
	free(detail);
	if (st < 0)
		return st;
	if (ch->nfiles > 0) {
		struct gx_submission s;
		if ((st = gx_store_submission_get(w, ch->kase.submission_id, &s)) <= 0)
			return st < 0 ? st : GX_DB_HARD_ERROR;
		long long space = s.space_id;
		gx_submission_clear(&s);
		if ((st = add_files(w, ch, space)) < 0 || (st = deliver_decision(w, ch, space)) < 0)
			return st;
	}
	if (final && (st = gx_outbox_case(w, ch->kase.submission_id, ch->seq, "decision", ch->kase.org, ch->at_us)) < 0)
		return st;
	struct gx_case_change cc = {.status = ch->to,
				    .turn = gx_case_turn(table, ch->to, final ? 0 : ch->kase.open_request),
				    .final = final, .open_request = final ? 0 : -1};
	return update(w, ch, &cc);
}

static enum gx_db_status do_request(struct gx_store_conn *w, struct change *ch)
{
	if (ch->kase.final)
		return refuse(ch, GX_CORE_INVALID, "question", "the case is closed");
	if (ch->kase.open_request > 0)
		return refuse(ch, GX_CORE_INVALID, "question", "a request to the person is still open");
	char *detail = text_of(json_pack("{s:s, s:i}", "question", ch->text, "files", ch->files_wanted));
	if (detail == NULL)
		return GX_DB_HARD_ERROR;
	enum gx_db_status st = add_event(w, ch, "request", ch->kase.status, detail);
	free(detail);
	if (st < 0 || (st = gx_outbox_case(w, ch->kase.submission_id, ch->seq, "request", ch->kase.org, ch->at_us)) < 0)
		return st;
	struct gx_case_change cc = {.turn = "person", .final = -1, .open_request = ch->seq};
	return update(w, ch, &cc);
}

/* The files an open request asked for, from its timeline entry. */
static enum gx_db_status files_asked(struct gx_store_conn *w, long long id, int seq, int *wanted)
{
	char *text = NULL;
	enum gx_db_status st = gx_store_submission_timeline(w, id, &text);
	if (st < 0)
		return st;
	json_error_t err;
	json_t *events = json_loads(text != NULL ? text : "[]", 0, &err);
	free(text);
	size_t i;
	json_t *e;
	*wanted = 0;
	json_array_foreach(events, i, e) {
		if (json_integer_value(json_object_get(e, "seq")) == seq)
			*wanted = (int)json_integer_value(json_object_get(json_object_get(e, "detail"), "files"));
	}
	json_decref(events);
	return GX_DB_ONE_RESULT;
}

/* The submission of the case if it is in the space acted in. */
static enum gx_db_status own_submission(struct gx_store_conn *w, struct change *ch, struct gx_submission *s)
{
	enum gx_db_status st = gx_store_submission_get(w, ch->kase.submission_id, s);
	if (st == GX_DB_ONE_RESULT && s->space_id != ch->space_id) {
		gx_submission_clear(s);
		return GX_DB_NO_RESULTS;
	}
	return st;
}

static enum gx_db_status do_answer(struct gx_store_conn *w, struct change *ch)
{
	if (ch->kase.open_request <= 0 || ch->kase.open_request != ch->request_seq)
		return refuse(ch, GX_CORE_NOT_FOUND, NULL, "no such open request");
	int wanted;
	enum gx_db_status st = files_asked(w, ch->kase.submission_id, ch->request_seq, &wanted);
	if (st < 0)
		return st;
	if ((int)ch->nfiles < wanted)
		return refuse(ch, GX_CORE_INVALID, "files", "the organisation asked for more files");
	/* What was answered, and its signed receipt. */
	json_t *files = json_array();
	for (size_t i = 0; i < ch->nfiles; i++)
		json_array_append_new(files, json_pack("{s:s, s:s}", "name", ch->files[i].name, "sha256",
						       ch->files[i].sha256));
	char *answer = text_of(json_pack("{s:i, s:s, s:o}", "request", ch->request_seq, "text",
					 ch->text != NULL ? ch->text : "", "files", files));
	char *receipt = answer != NULL ? gx_receipt_build_answer(ch->kase.reference, ch->request_seq, ch->kase.org,
								   ch->at_us, answer)
				       : NULL;
	char signature[100];
	json_t *ids = json_array();
	for (size_t i = 0; i < ch->nfiles; i++)
		json_array_append_new(ids, json_string(ch->files[i].id));
	char *detail = receipt != NULL && gx_receipt_sign(receipt, strlen(receipt), signature, sizeof(signature)) == 0
			       ? text_of(json_pack("{s:i, s:s, s:O, s:s, s:s}", "request", ch->request_seq, "text",
						   ch->text != NULL ? ch->text : "", "files", ids, "receipt", receipt,
						   "signature", signature))
			       : NULL;
	json_decref(ids);
	free(answer);
	free(receipt);
	if (detail == NULL)
		return GX_DB_HARD_ERROR;
	st = add_event(w, ch, "answer", ch->kase.status, detail);
	free(detail);
	if (st < 0 || (st = add_files(w, ch, ch->space_id)) < 0)
		return st;
	char *data = text_of(json_pack("{s:s, s:i}", "reference", ch->kase.reference, "request", ch->request_seq));
	if (data == NULL)
		return GX_DB_HARD_ERROR;
	st = gx_store_org_event_append(w, ch->kase.org, ch->at_us, "request.answered", ch->kase.submission_id, data,
				       NULL);
	free(data);
	if (st < 0)
		return st;
	/* Answered: the organisation has something to read, whatever the status. */
	struct gx_case_change cc = {.turn = "organisation", .final = -1, .open_request = 0};
	return update(w, ch, &cc);
}

static enum gx_db_status do_revoke(struct gx_store_conn *w, struct change *ch)
{
	enum gx_db_status st = gx_store_consent_revoke(w, ch->kase.submission_id, ch->at_us);
	if (st < 0)
		return st;
	if (st == GX_DB_NO_RESULTS)
		return refuse(ch, GX_CORE_NOT_FOUND, NULL, "no consent in force");
	if ((st = add_event(w, ch, "consent_revoked", ch->kase.status, NULL)) < 0)
		return st;
	char *data = text_of(json_pack("{s:s}", "reference", ch->kase.reference));
	if (data == NULL)
		return GX_DB_HARD_ERROR;
	st = gx_store_org_event_append(w, ch->kase.org, ch->at_us, "consent.revoked", ch->kase.submission_id, data, NULL);
	free(data);
	return st < 0 ? st : GX_DB_ONE_RESULT;
}

/* Replays the answer stored under the idempotency key: GX_DB_ONE_RESULT
 * (replayed or refused, nothing more to do), GX_DB_NO_RESULTS (a new key). */
static enum gx_db_status replay(struct gx_store_conn *w, struct change *ch)
{
	struct gx_idempotent prev;
	enum gx_db_status st = gx_store_idempotent_get(w, ch->idem.client, ch->idem.key, &prev);
	if (st <= 0)
		return st;
	if (strcmp(prev.request_hash, ch->idem.request_hash) != 0) {
		free(prev.body);
		ch->r.key_reused = true;
		refuse(ch, GX_CORE_CONFLICT, NULL, "this Idempotency-Key was used for another request");
		return GX_DB_ONE_RESULT;
	}
	ch->r.replayed = true;
	ch->r.http_status = prev.status;
	ch->body = prev.body;
	return GX_DB_ONE_RESULT;
}

static enum gx_db_status write_change(struct gx_store_conn *w, void *arg)
{
	struct change *ch = arg;
	free(ch->body);
	ch->body = NULL;
	ch->r = (struct gx_case_changed){.status = GX_CORE_OK};
	enum gx_db_status st;
	if (ch->has_idem) {
		/* A key seen before: its first answer, or a refusal; nothing is written. */
		if ((st = replay(w, ch)) < 0)
			return st;
		if (st == GX_DB_ONE_RESULT)
			return ch->r.status == GX_CORE_OK ? GX_DB_ONE_RESULT : GX_DB_NO_RESULTS;
	}
	bool person = ch->op == OP_ANSWER || ch->op == OP_REVOKE;
	if ((st = gx_store_case_get(w, ch->o.submission_id, &ch->kase)) < 0)
		return st;
	if (st == GX_DB_NO_RESULTS || (!person && strcmp(ch->kase.org, ch->who.org) != 0))
		return refuse(ch, GX_CORE_NOT_FOUND, NULL, NULL);
	if (person) {
		struct gx_submission s;
		if ((st = own_submission(w, ch, &s)) <= 0)
			return st < 0 ? st : refuse(ch, GX_CORE_NOT_FOUND, NULL, NULL);
		gx_submission_clear(&s);
	}
	if (ch->o.revision > 0 && ch->kase.revision != ch->o.revision)
		return GX_DB_CONFLICT;
	const struct gx_procedure *p = gx_core_procedure(ch->c, ch->kase.procedure_id);
	if (p == NULL)
		return GX_DB_HARD_ERROR;
	switch (ch->op) {
	case OP_ASSIGN:
		st = do_assign(w, ch);
		break;
	case OP_NOTE:
		st = do_note(w, ch);
		break;
	case OP_MOVE:
		st = do_move(w, ch, p);
		break;
	case OP_REQUEST:
		st = do_request(w, ch);
		break;
	case OP_ANSWER:
		st = do_answer(w, ch);
		break;
	case OP_REVOKE:
		st = do_revoke(w, ch);
		break;
	}
	if (st <= 0)
		return st;
	ch->r.http_status = ch->op == OP_NOTE || ch->op == OP_REQUEST || ch->op == OP_ANSWER ? 201 : 200;
	if ((ch->body = case_body(ch)) == NULL)
		return GX_DB_HARD_ERROR;
	if (ch->has_idem)
		return gx_store_idempotent_put(w, ch->idem.client, ch->idem.key, ch->idem.request_hash, ch->r.http_status,
					       ch->body, ch->at_us);
	return GX_DB_ONE_RESULT;
}

/* The one completion. */
static void on_changed(void *arg, enum gx_db_status result)
{
	struct change *ch = arg;
	if (result == GX_DB_CONFLICT)
		ch->r = (struct gx_case_changed){.status = GX_CORE_CONFLICT, .why = "the case changed meanwhile"};
	else if (result < 0)
		ch->r = (struct gx_case_changed){.status = GX_CORE_UNAVAILABLE};
	if (ch->r.status == GX_CORE_OK) {
		ch->r.body = ch->body;
		ch->r.kase = ch->r.replayed ? NULL : &ch->kase;
		if (!ch->r.replayed && (ch->op == OP_MOVE || ch->op == OP_REQUEST))
			gx_outbox_wake();
	}
	ch->done(ch->arg, &ch->r);
	free(ch->body);
	ch->body = NULL;
}

static struct change *change_new(const struct gx_core_ctx *c, enum op op, const struct gx_org_actor *who,
				 const struct gx_case_order *o, gx_case_changed_fn done, void *arg)
{
	struct change *ch = gx_core_alloc(c, sizeof(*ch));
	ch->op = op;
	ch->c = c;
	if (who != NULL)
		ch->who = *who;
	if (o != NULL) {
		ch->o = *o;
		if (o->idem != NULL) {
			ch->idem = *o->idem;
			ch->has_idem = true;
		}
	}
	ch->at_us = c->now_us;
	ch->done = done;
	ch->arg = arg;
	return ch;
}

/* Refused before any write: the one completion, at once. */
static void refused(struct change *ch, enum gx_core_status status, const char *field, const char *why)
{
	refuse(ch, status, field, why);
	ch->done(ch->arg, &ch->r);
}

/* A text the person or an agent typed: 1 to max bytes. */
static bool text_ok(const char *s, size_t max)
{
	return s != NULL && s[0] != '\0' && strlen(s) <= max;
}

void gx_case_assign(const struct gx_core_ctx *c, const struct gx_org_actor *who, const struct gx_case_order *o,
		    const char *assignee, gx_case_changed_fn done, void *arg)
{
	struct change *ch = change_new(c, OP_ASSIGN, who, o, done, arg);
	ch->assignee = assignee != NULL ? gx_core_strndup(c, assignee, strlen(assignee)) : NULL;
	gx_durable_submit(c->durable, write_change, ch, on_changed);
}

void gx_case_note(const struct gx_core_ctx *c, const struct gx_org_actor *who, const struct gx_case_order *o,
		  const char *text, gx_case_changed_fn done, void *arg)
{
	struct change *ch = change_new(c, OP_NOTE, who, o, done, arg);
	if (!text_ok(text, NOTE_MAX)) {
		refused(ch, GX_CORE_INVALID, "text", "a note of 1 to 4000 bytes");
		return;
	}
	ch->text = gx_core_strndup(c, text, strlen(text));
	ch->o.revision = 0; /* a note does not change the case */
	gx_durable_submit(c->durable, write_change, ch, on_changed);
}

/* Prepares file f for storage (id, type from its bytes, digest, name);
 * false when it is not a PDF (or, for answers, a PNG or JPEG) or too big. */
static bool prepare_file(const struct gx_core_ctx *c, struct gx_attachment *a, enum gx_attachment_kind kind,
			 const char *field, const char *name, size_t name_len, const char *bytes, size_t len)
{
	const char *type = gx_sniff_type((const unsigned char *)bytes, len);
	if (type == NULL || len == 0 || len > ANSWER_FILE_BYTES ||
	    (kind == GX_ATTACHMENT_DECISION && strcmp(type, "application/pdf") != 0) || strcmp(type, "image/tiff") == 0)
		return false;
	unsigned char raw[16], digest[crypto_hash_sha256_BYTES];
	randombytes_buf(raw, sizeof(raw));
	memcpy(a->id, "att_", 4);
	sodium_bin2hex(a->id + 4, sizeof(a->id) - 4, raw, sizeof(raw));
	crypto_hash_sha256(digest, (const unsigned char *)bytes, len);
	sodium_bin2hex(a->sha256, sizeof(a->sha256), digest, sizeof(digest));
	snprintf(a->field, sizeof(a->field), "%s", field);
	snprintf(a->content_type, sizeof(a->content_type), "%s", type);
	gx_attachment_clean_name(name, name != NULL ? name_len : 0, a->name);
	a->kind = kind;
	a->size = (long long)len;
	a->data = bytes;
	a->created_at_us = c->now_us;
	return true;
}

/* The title a decision's PDF has in the letter box: its procedure's (in
 * French, the platform's first language) and the reference. Read before
 * the write; without it the PDF stays on the procedure's page only. */
static void decision_title(const struct gx_core_ctx *c, struct change *ch, long long submission_id)
{
	struct gx_case k;
	if (gx_store_case_get(c->db, submission_id, &k) != GX_DB_ONE_RESULT)
		return;
	const struct gx_procedure *p = gx_core_procedure(c, k.procedure_id);
	const char *title = p != NULL ? json_string_value(json_object_get(json_object_get(gx_procedure_json(p), "titles"),
									  "fr"))
				      : NULL;
	char text[GX_LB_NOTICE_MAX + 1];
	int n = snprintf(text, sizeof(text), "%s %s", title != NULL ? title : k.procedure_id, k.reference);
	if (n <= 0 || (size_t)n >= sizeof(text) || !gx_lb_text_ok(text, (size_t)n, 1, GX_LB_NOTICE_MAX))
		n = snprintf(text, sizeof(text), "%s", k.reference);
	ch->lb_title = gx_core_strndup(c, text, (size_t)n);
	char *folded = gx_core_alloc(c, (size_t)n + 1);
	gx_lb_fold(text, (size_t)n, folded, (size_t)n + 1);
	ch->lb_folded = folded;
}

void gx_case_move(const struct gx_core_ctx *c, const struct gx_org_actor *who, const struct gx_case_order *o,
		  const char *to, const char *message_json, const struct gx_case_decision *decision, gx_case_changed_fn done,
		  void *arg)
{
	struct change *ch = change_new(c, OP_MOVE, who, o, done, arg);
	if (to == NULL || to[0] == '\0' || strlen(to) >= GX_CASE_TEXT_MAX) {
		refused(ch, GX_CORE_INVALID, "status", "name the status");
		return;
	}
	ch->to = gx_core_strndup(c, to, strlen(to));
	ch->message_json = message_json != NULL ? gx_core_strndup(c, message_json, strlen(message_json)) : NULL;
	if (decision != NULL && decision->text != NULL) {
		if (!text_ok(decision->text, DECISION_MAX)) {
			refused(ch, GX_CORE_INVALID, "decision", "a decision of 1 to 8000 bytes");
			return;
		}
		ch->decision.text = gx_core_strndup(c, decision->text, strlen(decision->text));
	}
	if (decision != NULL && decision->pdf != NULL) {
		ch->files = gx_core_alloc(c, sizeof(*ch->files));
		if (!prepare_file(c, &ch->files[0], GX_ATTACHMENT_DECISION, "decision", decision->pdf_name,
				  decision->pdf_name != NULL ? strlen(decision->pdf_name) : 0, decision->pdf,
				  decision->pdf_len)) {
			refused(ch, GX_CORE_INVALID, "file", "the decision's file must be a PDF of at most 10 MiB");
			return;
		}
		ch->nfiles = 1;
		decision_title(c, ch, o->submission_id);
	}
	gx_durable_submit(c->durable, write_change, ch, on_changed);
}

void gx_case_request(const struct gx_core_ctx *c, const struct gx_org_actor *who, const struct gx_case_order *o,
		     const char *question, int files_wanted, gx_case_changed_fn done, void *arg)
{
	struct change *ch = change_new(c, OP_REQUEST, who, o, done, arg);
	if (!text_ok(question, QUESTION_MAX)) {
		refused(ch, GX_CORE_INVALID, "question", "a question of 1 to 4000 bytes");
		return;
	}
	if (files_wanted < 0 || files_wanted > FILES_WANTED_MAX) {
		refused(ch, GX_CORE_INVALID, "files", "ask for 0 to 5 files");
		return;
	}
	ch->text = gx_core_strndup(c, question, strlen(question));
	ch->files_wanted = files_wanted;
	gx_durable_submit(c->durable, write_change, ch, on_changed);
}

void gx_case_answer(const struct gx_core_ctx *c, struct gx_space_id space, struct gx_submission_id id, int request_seq,
		    const char *text, const struct gx_answer_file *files, size_t nfiles, gx_case_changed_fn done,
		    void *arg)
{
	struct gx_case_order o = {.submission_id = id.v};
	struct change *ch = change_new(c, OP_ANSWER, NULL, &o, done, arg);
	ch->space_id = space.v;
	ch->request_seq = request_seq;
	bool has_text = text != NULL && text[0] != '\0';
	if ((has_text && strlen(text) > ANSWER_MAX) || (!has_text && nfiles == 0)) {
		refused(ch, GX_CORE_INVALID, "text", "write an answer of at most 8000 bytes, or add a file");
		return;
	}
	if (nfiles > ANSWER_FILES_MAX) {
		refused(ch, GX_CORE_INVALID, "files", "at most 10 files");
		return;
	}
	ch->text = has_text ? gx_core_strndup(c, text, strlen(text)) : NULL;
	ch->files = gx_core_alloc(c, (nfiles > 0 ? nfiles : 1) * sizeof(*ch->files));
	for (size_t i = 0; i < nfiles; i++) {
		if (!prepare_file(c, &ch->files[i], GX_ATTACHMENT_ANSWER, "answer", files[i].name, files[i].name_len,
				  files[i].bytes, files[i].len)) {
			refused(ch, GX_CORE_INVALID, "files", "each file must be a PDF, PNG or JPEG of at most 10 MiB");
			return;
		}
	}
	ch->nfiles = nfiles;
	gx_durable_submit(c->durable, write_change, ch, on_changed);
}

void gx_case_consent_revoke(const struct gx_core_ctx *c, struct gx_space_id space, struct gx_submission_id id,
			    gx_case_changed_fn done, void *arg)
{
	struct gx_case_order o = {.submission_id = id.v};
	struct change *ch = change_new(c, OP_REVOKE, NULL, &o, done, arg);
	ch->space_id = space.v;
	gx_durable_submit(c->durable, write_change, ch, on_changed);
}
