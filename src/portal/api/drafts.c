/* Drafts and submissions of procedures, over the API:
 *
 *   POST   /api/v1/spaces/{space}/drafts                   open a procedure: a draft prefilled from the
 *                                                           registers (each value with its provenance)
 *   GET    /api/v1/spaces/{space}/drafts/{draft}            resume it
 *   PUT    /api/v1/spaces/{space}/drafts/{draft}            save a step
 *   DELETE /api/v1/spaces/{space}/drafts/{draft}
 *   POST   /api/v1/spaces/{space}/drafts/{draft}/submit     validate everything on the server; 422 with every
 *                                                           error at once, or 201 once the submission, its
 *                                                           reference and its signed receipt are durable
 *   GET    /api/v1/spaces/{space}/submissions/{submission}  the submission, its receipt and timeline
 *
 * The authorization layer has decided on the space; a draft or submission
 * of another space answers 404 here as if it did not exist. */

#include "portal/api/drafts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/clock.h"
#include "http/durable.h"
#include "http/request.h"
#include "i18n/i18n.h"
#include "json/write.h"
#include "portal/app.h"
#include "portal/attachments.h"
#include "portal/pages/page.h"
#include "portal/draft_prefill.h"
#include "procedures/definition.h"
#include "procedures/file_place.h"
#include "procedures/validate.h"
#include "receipts/receipt.h"
#include "sources/prefill.h"
#include "store/store.h"
#include "util/local_time.h"

#define MAX_SOURCES 16
#define MAX_ATTRIBUTES 64

static void add_json_reply(struct gx_req *r, int status, json_t *body)
{
	if (body == NULL || gx_reply_json(r, status, body) != GX_DONE)
		gx_reply_problem(r, GX_ERR_INTERNAL, NULL, NULL);
	json_decref(body);
}

/* --- opening a procedure: the prefilled draft ---------------------------------------- */

struct opening {
	const struct gx_procedure *procedure;
	struct gx_person person;
	struct gx_prefill_want wants[MAX_SOURCES];
	const char *attributes[MAX_SOURCES][MAX_ATTRIBUTES];
	bool declined[MAX_SOURCES];
	size_t nwants;
	struct gx_draft draft;
	json_t *data, *provenance, *sources;
	char *data_json, *provenance_json;
	long long id;
	long long space_id;
	gx_draft_opened_fn done;
	void *arg;
};

/* Every field (outside groups) that names a register attribute. */
static void collect_wants(struct opening *o, const json_t *steps)
{
	size_t i, j;
	json_t *step, *field;
	json_array_foreach(steps, i, step) {
		json_array_foreach(json_object_get(step, "fields"), j, field) {
			json_t *prefill = json_object_get(field, "prefill");
			const char *source = json_string_value(json_object_get(prefill, "source"));
			const char *attribute = json_string_value(json_object_get(prefill, "attribute"));
			const struct gx_register *reg = source != NULL ? gx_registers_find(&gx_app.registers, source) : NULL;
			if (reg == NULL || attribute == NULL)
				continue;
			size_t w = 0;
			while (w < o->nwants && o->wants[w].reg != reg)
				w++;
			if (w == o->nwants) {
				if (o->nwants == MAX_SOURCES)
					continue;
				o->wants[o->nwants++] = (struct gx_prefill_want){reg, o->attributes[w], 0};
			}
			struct gx_prefill_want *want = &o->wants[w];
			bool seen = false;
			for (size_t k = 0; k < want->nattributes; k++)
				seen |= strcmp(want->attributes[k], attribute) == 0;
			if (!seen && want->nattributes < MAX_ATTRIBUTES)
				o->attributes[w][want->nattributes++] = attribute;
		}
	}
}

static enum gx_db_status write_draft(struct gx_store_conn *w, void *arg)
{
	struct opening *o = arg;
	return gx_store_draft_create(w, &o->draft, &o->id);
}

static void on_draft_created(struct gx_req *r, void *arg, enum gx_db_status result)
{
	struct opening *o = arg;
	free(o->data_json);
	free(o->provenance_json);
	if (result < 0) {
		json_decref(o->data);
		json_decref(o->provenance);
		json_decref(o->sources);
		gx_reply_problem(r, GX_ERR_UNAVAILABLE, NULL, "the draft could not be stored; try again");
		return;
	}
	o->done(r, o->arg, o->procedure, o->id, o->data, o->provenance, o->sources);
	json_decref(o->data);
	json_decref(o->provenance);
	json_decref(o->sources);
}

static void on_prefilled(struct gx_prefill *pf, void *arg)
{
	struct opening *o = arg;
	struct gx_req *r = pf->r;
	if (r->replied)
		return;
	if (pf->failed_closed) {
		gx_reply_problem(r, GX_ERR_UNAVAILABLE, NULL, "the access to your data could not be recorded");
		return;
	}
	o->data = json_object();
	o->provenance = json_object();
	o->sources = json_array();
	for (size_t i = 0; i < pf->n; i++)
		json_array_append_new(o->sources, json_pack("{s:s, s:s}", "register", pf->sources[i].reg->name, "status",
							    gx_source_status_name(pf->sources[i].status)));
	/* The registers' values and what the person declared themselves
	 * (draft_prefill.c): authentic values win unless "prefer": "self". */
	if (gx_draft_prefill(gx_req_store(r), r->actor.session.person_id, gx_procedure_json(o->procedure), pf, o->data,
			     o->provenance) != 0) {
		json_decref(o->data);
		json_decref(o->provenance);
		json_decref(o->sources);
		gx_reply_problem(r, GX_ERR_INTERNAL, NULL, NULL);
		return;
	}
	o->data_json = json_dumps(o->data, JSON_COMPACT);
	o->provenance_json = json_dumps(o->provenance, JSON_COMPACT);
	o->draft = (struct gx_draft){.space_id = r->actor.session.space_id,
				     .procedure_version = gx_procedure_version(o->procedure),
				     .data_json = o->data_json, .provenance_json = o->provenance_json,
				     .created_at_us = gx_wall_us()};
	o->draft.space_id = o->space_id;
	snprintf(o->draft.procedure_id, sizeof(o->draft.procedure_id), "%s", gx_procedure_id(o->procedure));
	if (o->data_json == NULL || o->provenance_json == NULL) {
		free(o->data_json);
		free(o->provenance_json);
		gx_reply_problem(r, GX_ERR_INTERNAL, NULL, NULL);
		return;
	}
	gx_req_durable(r, write_draft, o, on_draft_created);
}

const struct gx_json_field gx_draft_open_spec[] = {
	{.name = "procedure", .kind = GX_JSON_STRING, .required = true, .min_len = 1, .max_len = 64},
	{.name = NULL},
};

enum gx_outcome gx_draft_open_start(struct gx_req *r, const struct gx_procedure *procedure, long long space_id,
				    gx_draft_opened_fn done, void *arg)
{
	struct opening *o = gx_req_alloc(r, sizeof(*o));
	memset(o, 0, sizeof(*o));
	o->procedure = procedure;
	o->space_id = space_id;
	o->done = done;
	o->arg = arg;
	struct gx_store_conn *db = gx_req_store(r);
	if (gx_store_person_get(db, r->actor.session.person_id, &o->person) != GX_DB_ONE_RESULT)
		return GX_SERVER_FAULT;
	collect_wants(o, json_object_get(gx_procedure_json(o->procedure), "steps"));
	char declined[MAX_SOURCES][GX_REGISTER_NAME_MAX];
	size_t ndeclined = 0;
	if (gx_store_prefill_declined(db, r->actor.session.person_id, declined, MAX_SOURCES, &ndeclined) < 0)
		return GX_SERVER_FAULT;
	for (size_t i = 0; i < o->nwants; i++)
		for (size_t j = 0; j < ndeclined; j++)
			if (o->wants[i].reg->choice && strcmp(declined[j], o->wants[i].reg->name) == 0)
				o->declined[i] = true;
	gx_prefill_start(r, o->person.national_id, gx_procedure_id(o->procedure), "the procedure's legal basis",
			 o->wants, o->nwants, o->declined, gx_app.registers.deadline_ms, on_prefilled, o);
	return GX_DONE;
}

static void on_opened_api(struct gx_req *r, void *arg, const struct gx_procedure *p, long long id, json_t *data,
			  json_t *provenance, json_t *sources)
{
	(void)arg;
	add_json_reply(r, 201,
		       json_pack("{s:I, s:s, s:i, s:O, s:O, s:O}", "id", (json_int_t)id, "procedure", gx_procedure_id(p),
				 "version", gx_procedure_version(p), "data", data, "provenance", provenance, "sources",
				 sources));
}

enum gx_outcome gx_draft_open(struct gx_req *r)
{
	const struct gx_procedure *p = gx_app_procedure(json_string_value(json_object_get(r->json, "procedure")));
	if (p == NULL)
		return gx_reply_problem(r, GX_ERR_INVALID_FIELD, "/procedure", "no procedure has this id");
	return gx_draft_open_start(r, p, gx_req_param_id(r, "space"), on_opened_api, NULL);
}

/* --- resume, save, delete --------------------------------------------------------------- */

/* The draft named in the path, if it lives in the path's space. */
enum gx_db_status gx_draft_load(struct gx_req *r, struct gx_draft *d)
{
	memset(d, 0, sizeof(*d));
	long long id = gx_req_param_id(r, "draft");
	if (id <= 0)
		return GX_DB_NO_RESULTS;
	enum gx_db_status s = gx_store_draft_get(gx_req_store(r), id, d);
	if (s == GX_DB_ONE_RESULT && d->space_id != gx_req_param_id(r, "space")) {
		gx_draft_clear(d);
		return GX_DB_NO_RESULTS;
	}
	return s;
}

enum gx_outcome gx_draft_get(struct gx_req *r)
{
	struct gx_draft d;
	enum gx_db_status s = gx_draft_load(r, &d);
	if (s < 0)
		return GX_SERVER_FAULT;
	if (s == GX_DB_NO_RESULTS)
		return gx_reply_problem(r, GX_ERR_NOT_FOUND, NULL, NULL);
	json_error_t err;
	json_t *body = json_pack("{s:I, s:s, s:i, s:i, s:o, s:o}", "id", (json_int_t)d.id, "procedure",
				 d.procedure_id, "version", d.procedure_version, "step", d.step, "data",
				 json_loads(d.data_json, 0, &err), "provenance", json_loads(d.provenance_json, 0, &err));
	gx_draft_clear(&d);
	add_json_reply(r, 200, body);
	return GX_DONE;
}

struct save {
	long long id;
	char *data_json;
	int step;
	bool remove;
};

static enum gx_db_status write_save(struct gx_store_conn *w, void *arg)
{
	struct save *s = arg;
	if (s->remove)
		return gx_store_draft_delete(w, s->id);
	return gx_store_draft_save(w, s->id, s->data_json, s->step, gx_wall_us());
}

static void on_saved(struct gx_req *r, void *arg, enum gx_db_status result)
{
	struct save *s = arg;
	free(s->data_json);
	if (result < 0) {
		gx_reply_problem(r, GX_ERR_UNAVAILABLE, NULL, "the draft could not be saved; try again");
		return;
	}
	if (result == GX_DB_NO_RESULTS) {
		gx_reply_problem(r, GX_ERR_NOT_FOUND, NULL, NULL);
		return;
	}
	if (s->remove) {
		gx_reply_bytes(r, 204, "application/json", "", 0);
		return;
	}
	add_json_reply(r, 200, json_pack("{s:I, s:i}", "id", (json_int_t)s->id, "step", s->step));
}

const struct gx_json_field gx_draft_save_spec[] = {
	{.name = "data", .kind = GX_JSON_FREE_OBJECT, .required = true},
	{.name = "step", .kind = GX_JSON_INTEGER, .required = true, .min = 0, .max = 20},
	{.name = NULL},
};

enum gx_outcome gx_draft_save(struct gx_req *r)
{
	struct gx_draft d;
	enum gx_db_status st = gx_draft_load(r, &d);
	if (st < 0)
		return GX_SERVER_FAULT;
	gx_draft_clear(&d);
	if (st == GX_DB_NO_RESULTS)
		return gx_reply_problem(r, GX_ERR_NOT_FOUND, NULL, NULL);
	struct save *s = gx_req_alloc(r, sizeof(*s));
	*s = (struct save){.id = d.id, .step = (int)json_integer_value(json_object_get(r->json, "step"))};
	s->data_json = json_dumps(json_object_get(r->json, "data"), JSON_COMPACT);
	if (s->data_json == NULL)
		return GX_SERVER_FAULT;
	return gx_req_durable(r, write_save, s, on_saved);
}

enum gx_outcome gx_draft_delete(struct gx_req *r)
{
	struct gx_draft d;
	enum gx_db_status st = gx_draft_load(r, &d);
	if (st < 0)
		return GX_SERVER_FAULT;
	gx_draft_clear(&d);
	if (st == GX_DB_NO_RESULTS)
		return gx_reply_problem(r, GX_ERR_NOT_FOUND, NULL, NULL);
	struct save *s = gx_req_alloc(r, sizeof(*s));
	*s = (struct save){.id = d.id, .remove = true};
	return gx_req_durable(r, write_save, s, on_saved);
}

/* --- submit ------------------------------------------------------------------------------- */

struct submitting {
	struct gx_draft draft;
	struct gx_submission s;
	char *data_json;
	const char *ids_json;  /* the attachment ids the answers name, a JSON array (request memory);
	                        * NULL when the procedure has no file field */
	char missing[48];      /* one of them the draft no longer has, when the files changed meanwhile */
	long long id;
	gx_draft_invalid_fn invalid;
	gx_draft_submitted_fn done;
	void *arg;
};

/* In one transaction: the year's next reference, the signed receipt, the
 * immutable submission and its first event, and the draft gone. */
static enum gx_db_status write_submission(struct gx_store_conn *w, void *arg)
{
	struct submitting *sub = arg;
	/* The draft goes first: a second submit of the same draft (a double
	 * click, a retry) finds it gone and changes nothing. */
	enum gx_db_status st = gx_store_draft_delete(w, sub->draft.id);
	if (st <= 0)
		return st;
	/* The year of the reference is Luxembourg's: on 31 December from 23:00 UTC it is already the next. */
	char day[11];
	int year = gx_local_date(sub->s.submitted_at_us, day);
	long long seq;
	if ((st = gx_store_reference_next(w, year, &seq)) < 0)
		return st;
	snprintf(sub->s.reference, sizeof(sub->s.reference), "%04d-GX-%06lld", year, seq);
	free(sub->s.receipt_json);
	sub->s.receipt_json = gx_receipt_build(sub->s.reference, sub->s.procedure_id, sub->s.procedure_version,
					       sub->s.organisation, sub->s.submitted_at_us, sub->s.data_json);
	if (sub->s.receipt_json == NULL ||
	    gx_receipt_sign(sub->s.receipt_json, strlen(sub->s.receipt_json), sub->s.signature, sizeof(sub->s.signature)) != 0)
		return GX_DB_HARD_ERROR;
	if ((st = gx_store_submission_insert(w, &sub->s, &sub->id)) < 0)
		return st;
	/* The files the answers name become the submission's, if each is still
	 * the draft's: one removed since the check is a conflict, and this
	 * savepoint is rolled back (nothing stored). */
	if (sub->ids_json == NULL)
		return GX_DB_ONE_RESULT;
	return gx_store_attachments_submit(w, sub->draft.id, sub->id, sub->ids_json, sub->missing, sizeof(sub->missing));
}

/* The files changed between the check and the write: the error, bound to
 * the file field that named the missing file ("" when none does), in the
 * page's language. New reference; NULL when out of memory. */
static json_t *files_changed(struct gx_req *r, const struct submitting *sub)
{
	const struct gx_procedure *p = gx_app_procedure(sub->s.procedure_id);
	json_error_t err;
	json_t *data = json_loads(sub->s.data_json, 0, &err);
	json_t *ids = p != NULL && data != NULL ? gx_file_ids(gx_procedure_json(p), data) : NULL;
	const char *pointer = json_string_value(json_object_get(ids, sub->missing));
	const char *message = gx_i18n_get(gx_app.i18n, gx_page_lang(r), "proc.files_changed");
	json_t *errors = json_pack("[{s:s, s:s, s:s}]", "field", pointer != NULL ? pointer : "", "code", "files_changed",
				   "message", message != NULL ? message : "The files changed: check them and submit again.");
	json_decref(ids);
	json_decref(data);
	return errors;
}

static void on_submitted(struct gx_req *r, void *arg, enum gx_db_status result)
{
	struct submitting *sub = arg;
	if (result == GX_DB_CONFLICT) {
		json_t *errors = files_changed(r, sub);
		gx_submission_clear(&sub->s);
		if (errors == NULL || sub->invalid(r, sub->arg, 409, errors) == GX_SERVER_FAULT)
			if (!r->replied)
				gx_reply_problem(r, GX_ERR_INTERNAL, NULL, NULL);
		return;
	}
	if (result < 0) {
		gx_submission_clear(&sub->s);
		gx_reply_problem(r, GX_ERR_UNAVAILABLE, NULL, "the submission could not be stored; nothing was sent");
		return;
	}
	if (result == GX_DB_NO_RESULTS) {
		gx_submission_clear(&sub->s);
		gx_reply_problem(r, GX_ERR_CONFLICT, NULL, "this draft has already been submitted");
		return;
	}
	sub->done(r, sub->arg, sub->id, &sub->s);
	gx_submission_clear(&sub->s);
}

static void on_submitted_api(struct gx_req *r, void *arg, long long id, const struct gx_submission *s)
{
	(void)arg;
	/* Written in one pass: the receipt is our own canonical JSON text
	 * (receipts/receipt.c), so it goes in as it is, and again as a string. */
	struct gx_buf b = GX_BUF_INIT;
	gx_buf_append_char(&b, '{');
	gx_json_write_key(&b, "id", 1);
	gx_json_write_int(&b, id);
	gx_json_write_key(&b, "reference", 0);
	gx_json_write_cstr(&b, s->reference);
	gx_json_write_key(&b, "receipt", 0);
	gx_buf_append_str(&b, s->receipt_json);
	gx_json_write_key(&b, "receipt_text", 0);
	gx_json_write_cstr(&b, s->receipt_json);
	gx_json_write_key(&b, "signature", 0);
	gx_json_write_cstr(&b, s->signature);
	gx_json_write_key(&b, "receipt_key", 0);
	gx_json_write_cstr(&b, "/api/v1/receipts/key");
	gx_buf_append_char(&b, '}');
	if (gx_reply_json_text(r, 201, &b) != GX_DONE)
		gx_reply_problem(r, GX_ERR_INTERNAL, NULL, NULL);
}

static enum gx_outcome on_invalid_api(struct gx_req *r, void *arg, int status, json_t *errors)
{
	(void)arg;
	if (status == 409)
		return gx_reply_problem_errors(r, GX_ERR_CONFLICT,
					       "the files of this draft changed while it was being submitted; nothing was "
					       "stored: check them and submit again",
					       errors);
	return gx_reply_problem_errors(r, GX_ERR_VALIDATION, "the form has errors; each names its field", errors);
}

enum gx_outcome gx_draft_submit(struct gx_req *r)
{
	return gx_draft_submit_start(r, on_invalid_api, on_submitted_api, NULL);
}

/* The attachment ids the answers name, as a JSON array text in request memory. */
static const char *named_file_ids(struct gx_req *r, const struct gx_procedure *p, const json_t *answers)
{
	json_t *ids = gx_file_ids(gx_procedure_json(p), answers);
	json_t *id_list = json_array();
	const char *id;
	json_t *at;
	json_object_foreach(ids, id, at) json_array_append_new(id_list, json_string(id));
	char *text = ids != NULL ? json_dumps(id_list, JSON_COMPACT) : NULL;
	json_decref(ids);
	json_decref(id_list);
	if (text == NULL)
		return NULL;
	size_t n = strlen(text) + 1;
	char *copy = gx_req_alloc(r, n);
	memcpy(copy, text, n);
	free(text);
	return copy;
}

enum gx_outcome gx_draft_submit_start(struct gx_req *r, gx_draft_invalid_fn invalid, gx_draft_submitted_fn done,
				      void *arg)
{
	struct submitting *sub = gx_req_alloc(r, sizeof(*sub));
	memset(sub, 0, sizeof(*sub));
	sub->invalid = invalid;
	sub->done = done;
	sub->arg = arg;
	enum gx_db_status st = gx_draft_load(r, &sub->draft);
	if (st < 0)
		return GX_SERVER_FAULT;
	if (st == GX_DB_NO_RESULTS)
		return gx_reply_problem(r, GX_ERR_NOT_FOUND, NULL, NULL);
	const struct gx_procedure *p = gx_app_procedure(sub->draft.procedure_id);
	json_error_t jerr;
	json_t *data = json_loads(sub->draft.data_json, 0, &jerr);
	if (p == NULL || data == NULL) {
		json_decref(data);
		gx_draft_clear(&sub->draft);
		return GX_SERVER_FAULT;
	}
	char today[11];
	gx_local_today(today);
	/* Each file id must be one of this draft's uploads, for its field (a
	 * procedure without file fields has none: no need to ask the store). */
	bool has_files = gx_procedure_has_files(p);
	json_t *files = has_files ? gx_attachments_load(r, GX_ATTACHMENTS_OF_DRAFT, sub->draft.id) : json_array();
	json_t *uploaded = files != NULL ? gx_attachments_by_id(files) : NULL;
	json_decref(files);
	if (uploaded == NULL) {
		json_decref(data);
		gx_draft_clear(&sub->draft);
		return GX_SERVER_FAULT;
	}
	json_t *normalised = NULL;
	json_t *errors = gx_submission_validate(gx_procedure_json(p), data, uploaded, gx_lang_code(gx_page_lang(r)),
						today, &normalised);
	json_decref(uploaded);
	json_decref(data);
	if (errors == NULL) {
		json_decref(normalised);
		gx_draft_clear(&sub->draft);
		return GX_SERVER_FAULT;
	}
	if (json_array_size(errors) > 0) {
		json_decref(normalised);
		gx_draft_clear(&sub->draft);
		return sub->invalid(r, sub->arg, 422, errors);
	}
	json_decref(errors);
	/* The files the answers name, checked again inside the transaction. */
	if (has_files && (sub->ids_json = named_file_ids(r, p, normalised)) == NULL) {
		json_decref(normalised);
		gx_draft_clear(&sub->draft);
		return GX_SERVER_FAULT;
	}
	/* The answers were checked against the definition loaded now: that is
	 * the version the submission keeps, even if the draft was opened under
	 * an earlier one. */
	sub->s = (struct gx_submission){.space_id = sub->draft.space_id, .procedure_version = gx_procedure_version(p),
					.submitted_at_us = gx_wall_us()};
	snprintf(sub->s.procedure_id, sizeof(sub->s.procedure_id), "%s", sub->draft.procedure_id);
	snprintf(sub->s.organisation, sizeof(sub->s.organisation), "%s", gx_procedure_organisation(p));
	sub->s.data_json = json_dumps(normalised, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(normalised);
	gx_draft_clear(&sub->draft);
	if (sub->s.data_json == NULL)
		return GX_SERVER_FAULT;
	sub->draft.id = gx_req_param_id(r, "draft");
	return gx_req_durable(r, write_submission, sub, on_submitted);
}

enum gx_outcome gx_submission_get(struct gx_req *r)
{
	long long id = gx_req_param_id(r, "submission");
	struct gx_submission s = {0};
	enum gx_db_status st = id > 0 ? gx_store_submission_get(gx_req_store(r), id, &s) : GX_DB_NO_RESULTS;
	if (st < 0)
		return GX_SERVER_FAULT;
	if (st == GX_DB_NO_RESULTS || s.space_id != gx_req_param_id(r, "space")) {
		gx_submission_clear(&s);
		return gx_reply_problem(r, GX_ERR_NOT_FOUND, NULL, NULL);
	}
	char *timeline = NULL;
	if (gx_store_submission_timeline(gx_req_store(r), id, &timeline) < 0) {
		gx_submission_clear(&s);
		return GX_SERVER_FAULT;
	}
	json_error_t err;
	json_t *body = json_pack("{s:I, s:s, s:s, s:i, s:s, s:o, s:o, s:s, s:s, s:o}", "id", (json_int_t)id, "reference",
				 s.reference, "procedure", s.procedure_id, "version", s.procedure_version, "organisation",
				 s.organisation, "data", json_loads(s.data_json, 0, &err), "receipt",
				 json_loads(s.receipt_json, 0, &err), "receipt_text", s.receipt_json, "signature",
				 s.signature, "timeline", json_loads(timeline, 0, &err));
	free(timeline);
	gx_submission_clear(&s);
	add_json_reply(r, 200, body);
	return GX_DONE;
}

enum gx_outcome gx_receipts_key(struct gx_req *r)
{
	const char *jwk = gx_receipts_public_jwk();
	return gx_reply_bytes(r, 200, "application/jwk+json", jwk, strlen(jwk));
}
