/* Submissions (submissions.h): the check on the server, then the one
 * transaction that makes a draft a submission. */

#include "core/submissions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/acts.h"
#include "core/activity.h"
#include "core/attachments.h"
#include "core/auto_cert.h"
#include "core/drafts.h"
#include "core/submission_file.h"
#include "procedures/definition.h"
#include "procedures/file_place.h"
#include "procedures/reuse.h"
#include "procedures/validate.h"
#include "receipts/receipt.h"
#include "log/oplog.h"
#include "util/local_time.h"

struct submitting {
	const struct gx_core_ctx *c;
	struct gx_submitted result;
	const struct gx_procedure *procedure;
	struct gx_submission s;
	long long draft_id;
	json_t *named;         /* {attachment id: its value's pointer} of the answers; NULL: no file field */
	char *ids_json;        /* the same ids as a JSON array text, checked again in the transaction */
	char missing[48];      /* one of them the draft no longer has, when the files changed meanwhile */
	struct gx_reuse_consent consent;  /* the person's answer to the definition's reuse (submission_id 0: none) */
	bool has_consent;
	long long id;
	struct gx_activity *activity;  /* counts it once stored (the operators' figures) */
	gx_submitted_fn done;
	void *arg;
};

/* The one completion: answers, then frees what the submit held. */
static void submitted(struct submitting *sub, enum gx_core_status status, json_t *errors)
{
	sub->result.status = status;
	sub->result.errors = errors;
	sub->result.id = GX_ID(gx_submission_id, status == GX_CORE_OK ? sub->id : 0);
	sub->result.submission = status == GX_CORE_OK ? &sub->s : NULL;
	if (status == GX_CORE_OK)
		gx_activity_submitted(sub->activity, sub->s.organisation);
	sub->done(sub->arg, &sub->result);
	json_decref(errors);
	json_decref(sub->named);
	free(sub->ids_json);
	gx_reuse_consent_clear(&sub->consent);
	gx_submission_clear(&sub->s);
}

/* In one transaction: the year's next reference, the signed receipt, the
 * immutable submission and its first event, and the draft gone. */
static enum gx_db_status write_submission(struct gx_store_conn *w, void *arg)
{
	struct submitting *sub = arg;
	/* The draft goes first: a second submit of the same draft (a double
	 * click, a retry) finds it gone and changes nothing. */
	enum gx_db_status st = gx_store_draft_delete(w, sub->draft_id);
	if (st <= 0)
		return st;
	if ((st = gx_submission_file(w, &sub->s, gx_procedure_statuses(sub->procedure), &sub->id)) < 0)
		return st;
	if (sub->has_consent) {
		sub->consent.submission_id = sub->id;
		if ((st = gx_store_consent_put(w, &sub->consent)) < 0)
			return st;
	}
	/* Who on behalf of whom: submitted by the acting person for the space's. */
	if ((st = gx_act_record(w, sub->c, "submitted", sub->s.procedure_id, sub->id, NULL)) < 0)
		return st;
	/* The files the answers name become the submission's, if each is still
	 * the draft's: one removed since the check is a conflict, and this
	 * savepoint is rolled back (nothing stored). */
	if (sub->ids_json == NULL)
		return GX_DB_ONE_RESULT;
	return gx_store_attachments_submit(w, sub->draft_id, sub->id, sub->ids_json, sub->missing, sizeof(sub->missing));
}

/* An automatic certificate came to its end: issued, or left to the
 * organisation (logged without any value); the submission stands either way. */
static void on_certificate(void *arg, const struct gx_auto_cert_done *r)
{
	struct submitting *sub = arg;
	if (r->status != GX_CORE_OK)
		gx_oplog_event(GX_LOG_WARN, "certificate_not_issued", sub->c->request_id,
			       "submission %lld stays with its organisation: %s", sub->id, r->why);
	submitted(sub, GX_CORE_OK, NULL);
}

/* Whether the submission is decided by the platform itself (auto_cert.h). */
static bool automatic(struct submitting *sub)
{
	json_error_t err;
	json_t *answers = json_loads(sub->s.data_json, 0, &err);
	bool wanted = answers != NULL && gx_auto_cert_wanted(sub->procedure, answers);
	json_decref(answers);
	return wanted;
}

static void on_written(void *arg, enum gx_db_status result)
{
	struct submitting *sub = arg;
	if (result == GX_DB_ONE_RESULT && automatic(sub)) {
		gx_auto_cert_issue(sub->c, sub->procedure, &sub->s, sub->id, on_certificate, sub);
		return;
	}
	if (result == GX_DB_CONFLICT) {
		/* The files changed between the check and the write: bound to the
		 * file field that named the missing file. */
		const char *pointer = json_string_value(json_object_get(sub->named, sub->missing));
		json_t *errors = json_pack("[{s:s, s:s}]", "field", pointer != NULL ? pointer : "", "code",
					   "files_changed");
		submitted(sub, errors != NULL ? GX_CORE_CONFLICT : GX_CORE_FAULT, errors);
	} else if (result == GX_DB_NO_RESULTS) {
		submitted(sub, GX_CORE_CONFLICT, NULL); /* submitted meanwhile */
	} else {
		submitted(sub, result < 0 ? GX_CORE_UNAVAILABLE : GX_CORE_OK, NULL);
	}
}

/* The attachment ids the answers name, as a JSON array text (malloc'ed). */
static char *ids_text(const json_t *named)
{
	json_t *list = json_array();
	const char *id;
	json_t *at;
	json_object_foreach((json_t *)named, id, at) json_array_append_new(list, json_string(id));
	char *text = json_dumps(list, JSON_COMPACT);
	json_decref(list);
	return text;
}

/* The person's answer to the definition's reuse, as the consent the
 * organisation's fetches are checked against (core/reuse.c): what it may
 * fetch, why, and until when. 0, or -1 when it could not be made. */
static int consent_of(struct submitting *sub, const json_t *definition, const json_t *answers)
{
	const json_t *reuse = json_object_get(definition, "reuse");
	if (reuse == NULL)
		return 0;
	struct gx_reuse_consent *c = &sub->consent;
	snprintf(c->org, sizeof(c->org), "%s", sub->s.organisation);
	c->granted = json_is_true(json_object_get(answers, GX_REUSE_CONSENT));
	c->registers_json = json_dumps(json_object_get(reuse, "registers"), JSON_COMPACT);
	c->purpose_json = json_dumps(json_object_get(reuse, "purpose"), JSON_COMPACT);
	c->legal_basis_json = json_dumps(json_object_get(reuse, "legal_basis"), JSON_COMPACT);
	long long days = json_integer_value(json_object_get(reuse, "validity_days"));
	c->expires_at_us = sub->s.submitted_at_us + days * 86400LL * 1000000LL;
	sub->has_consent = true;
	return c->registers_json != NULL && c->purpose_json != NULL && c->legal_basis_json != NULL ? 0 : -1;
}

/* The draft's files as the validator checks the answers' ids against: {id: field}. */
static json_t *uploaded_files(struct gx_store_conn *db, const struct gx_procedure *p, long long draft_id)
{
	if (!gx_procedure_has_files(p))
		return json_object(); /* no file field: no need to ask the store */
	json_t *files = gx_attachments_list(db, GX_ATTACHMENTS_OF_DRAFT, draft_id);
	json_t *uploaded = files != NULL ? gx_attachments_by_id(files) : NULL;
	json_decref(files);
	return uploaded;
}

void gx_submission_submit(const struct gx_core_ctx *c, struct gx_space_id space, struct gx_draft_id draft,
			  const char *lang, gx_submitted_fn done, void *arg)
{
	struct submitting *sub = gx_core_alloc(c, sizeof(*sub));
	sub->c = c;
	sub->done = done;
	sub->arg = arg;
	sub->activity = c->domain != NULL ? c->domain->activity : NULL;
	struct gx_draft d;
	enum gx_db_status st = gx_draft_load(c, space, draft, &d);
	if (st <= 0) {
		submitted(sub, st < 0 ? GX_CORE_UNAVAILABLE : GX_CORE_NOT_FOUND, NULL);
		return;
	}
	sub->draft_id = d.id;
	long long started_by = d.started_by;
	const struct gx_procedure *p = gx_core_procedure(c, d.procedure_id);
	json_error_t jerr;
	json_t *data = json_loads(d.data_json != NULL ? d.data_json : "{}", 0, &jerr);
	json_t *uploaded = p != NULL ? uploaded_files(c->db, p, d.id) : NULL;
	gx_draft_clear(&d);
	if (p == NULL || data == NULL || uploaded == NULL) {
		json_decref(data);
		json_decref(uploaded);
		submitted(sub, GX_CORE_FAULT, NULL);
		return;
	}
	char today[11];
	gx_local_date(c->now_us, today);
	json_t *normalised = NULL;
	json_t *errors = gx_submission_validate(gx_procedure_json(p), data, uploaded, lang, today, &normalised);
	json_decref(uploaded);
	json_decref(data);
	if (errors == NULL || json_array_size(errors) > 0) {
		json_decref(normalised);
		submitted(sub, errors != NULL ? GX_CORE_INVALID : GX_CORE_FAULT, errors);
		return;
	}
	json_decref(errors);
	/* The files the answers name, checked again inside the transaction. */
	if (gx_procedure_has_files(p)) {
		sub->named = gx_file_ids(gx_procedure_json(p), normalised);
		sub->ids_json = sub->named != NULL ? ids_text(sub->named) : NULL;
		if (sub->ids_json == NULL) {
			json_decref(normalised);
			submitted(sub, GX_CORE_FAULT, NULL);
			return;
		}
	}
	/* The answers were checked against the definition loaded now: that is
	 * the version the submission keeps, even if the draft was opened under
	 * an earlier one. */
	sub->procedure = p;
	sub->s = (struct gx_submission){.space_id = space.v, .procedure_version = gx_procedure_version(p),
					.submitted_at_us = c->now_us, .started_by = started_by,
					.submitted_by = c->person.v};
	snprintf(sub->s.procedure_id, sizeof(sub->s.procedure_id), "%s", gx_procedure_id(p));
	snprintf(sub->s.organisation, sizeof(sub->s.organisation), "%s", gx_procedure_organisation(p));
	sub->s.data_json = json_dumps(normalised, JSON_COMPACT | JSON_SORT_KEYS);
	int consent = consent_of(sub, gx_procedure_json(p), normalised);
	json_decref(normalised);
	if (sub->s.data_json == NULL || consent != 0) {
		submitted(sub, GX_CORE_FAULT, NULL);
		return;
	}
	gx_durable_submit(c->durable, write_submission, sub, on_written);
}

enum gx_db_status gx_submission_read(const struct gx_core_ctx *c, struct gx_space_id space, struct gx_submission_id id,
				     struct gx_submission *out)
{
	memset(out, 0, sizeof(*out));
	if (id.v <= 0)
		return GX_DB_NO_RESULTS;
	enum gx_db_status st = gx_store_submission_get(c->db, id.v, out);
	/* Another space's, or a procedure outside the acting person's scope here: hidden. */
	if (st == GX_DB_ONE_RESULT && (out->space_id != space.v || !gx_access_allows(c->access, out->procedure_id,
										   out->organisation))) {
		gx_submission_clear(out);
		return GX_DB_NO_RESULTS;
	}
	return st;
}

json_t *gx_submission_timeline(struct gx_store_conn *db, struct gx_submission_id id)
{
	char *text = NULL;
	if (gx_store_submission_timeline(db, id.v, &text) < 0)
		return NULL;
	json_error_t err;
	json_t *timeline = json_loads(text != NULL ? text : "[]", 0, &err);
	free(text);
	return timeline;
}

const char *gx_submission_receipt_key(void)
{
	return gx_receipts_public_jwk();
}
