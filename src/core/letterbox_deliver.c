/* Delivering a document (letterbox.h): everything that can be checked
 * without the store is checked first (a refusal writes nothing); then one
 * durable write reads the recipient, the opt-in and the submission, and
 * stores the document with its notifications and the idempotency key's
 * answer. The sender's view of a document is built here too. */

#include "core/letterbox.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/attachments.h"
#include "core/lb_fold.h"
#include "core/outbox.h"
#include "util/calendar.h"
#include "util/national_id.h"

#define DAY_US (86400LL * 1000000LL)

struct gx_lb_settings gx_lb_settings = {.max_bytes = 10u << 20, .due_reminder_days = 3};

bool gx_lb_date_ok(const char *s)
{
	int y, m, d;
	char tail;
	return s != NULL && strlen(s) == 10 && s[4] == '-' && s[7] == '-' &&
	       sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 && gx_cal_date_valid(y, m, d);
}

json_t *gx_lb_document_json(const struct gx_lb_document *d)
{
	const char *status = d->confirmed_at_us > 0 ? "confirmed" : d->read_at_us > 0 ? "read" : "delivered";
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:I, s:s, s:I, s:s?, s:b, s:o, s:s, s:o, s:o}", "id",
			      (json_int_t)d->id, "type", d->doc_type, "title", d->title, "notification_title",
			      d->notice_title, "file_name", d->file_name, "content_type", d->content_type, "size",
			      (json_int_t)d->size, "sha256", d->sha256, "delivered_at_us", (json_int_t)d->delivered_at_us,
			      "due_date", d->due_date[0] != '\0' ? d->due_date : NULL, "confirmation_required",
			      d->confirmation_required, "submission",
			      d->submission_id > 0 ? json_integer(d->submission_id) : json_null(), "status", status,
			      "read_at_us", d->read_at_us > 0 ? json_integer(d->read_at_us) : json_null(),
			      "confirmed_at_us", d->confirmed_at_us > 0 ? json_integer(d->confirmed_at_us) : json_null());
	return o;
}

json_t *gx_lb_org_document(struct gx_store_conn *db, const char *org, long long id, enum gx_db_status *st)
{
	struct gx_lb_document d;
	if ((*st = gx_store_lb_get(db, id, &d)) < 0)
		return NULL;
	if (*st == GX_DB_ONE_RESULT) {
		if (strcmp(d.org, org) != 0) {
			*st = GX_DB_NO_RESULTS;
			return NULL;
		}
		return gx_lb_document_json(&d);
	}
	struct gx_lb_tombstone t;
	if ((*st = gx_store_lb_tombstone_get(db, id, &t)) <= 0)
		return NULL;
	if (strcmp(t.org, org) != 0) {
		*st = GX_DB_NO_RESULTS;
		return NULL;
	}
	return json_pack("{s:I, s:s, s:s, s:I, s:s, s:o, s:o, s:I}", "id", (json_int_t)t.id, "type", t.doc_type, "sha256",
			 t.sha256, "delivered_at_us", (json_int_t)t.delivered_at_us, "status", "purged", "read_at_us",
			 t.read_at_us > 0 ? json_integer(t.read_at_us) : json_null(), "confirmed_at_us",
			 t.confirmed_at_us > 0 ? json_integer(t.confirmed_at_us) : json_null(), "purged_at_us",
			 (json_int_t)t.purged_at_us);
}

enum gx_db_status gx_lb_deliver_in(struct gx_store_conn *w, const struct gx_lb_delivery *d,
				   const struct gx_lb_type *type, long long person_id, long long at_us,
				   const char *title_folded, const char *sha256, long long *id)
{
	struct gx_lb_document doc = {.space_id = d->space_id, .size = (long long)d->len, .delivered_at_us = at_us,
				     .expires_at_us = at_us + (long long)type->retention_days * DAY_US,
				     .confirmation_required = d->confirmation_required,
				     .submission_id = d->submission_id, .title_folded = title_folded, .data = d->bytes};
	snprintf(doc.org, sizeof(doc.org), "%s", d->org);
	snprintf(doc.doc_type, sizeof(doc.doc_type), "%s", d->doc_type);
	snprintf(doc.title, sizeof(doc.title), "%s", d->title);
	snprintf(doc.notice_title, sizeof(doc.notice_title), "%s", d->notice_title);
	gx_attachment_clean_name(d->file_name != NULL ? d->file_name : "document.pdf",
				 d->file_name != NULL ? strlen(d->file_name) : 12, doc.file_name);
	if (doc.file_name[0] == '\0')
		snprintf(doc.file_name, sizeof(doc.file_name), "document.pdf");
	snprintf(doc.content_type, sizeof(doc.content_type), "application/pdf");
	snprintf(doc.sha256, sizeof(doc.sha256), "%s", sha256);
	snprintf(doc.due_date, sizeof(doc.due_date), "%s", d->due_date != NULL ? d->due_date : "");
	snprintf(doc.sender, sizeof(doc.sender), "%s", d->sender != NULL ? d->sender : "platform");
	enum gx_db_status st = gx_store_lb_insert(w, &doc);
	if (st < 0)
		return st;
	*id = doc.id;
	if (d->quiet)
		return GX_DB_ONE_RESULT;
	return gx_outbox_document(w, person_id, d->org, doc.id, at_us, type->reminder_days, d->due_date,
				  gx_lb_settings.due_reminder_days);
}

/* --- a delivery over the organisation API ---------------------------------------------- */

struct delivering {
	const struct gx_core_ctx *c;
	struct gx_lb_delivery d;        /* strings copied into the pool */
	struct gx_idempotency idem;
	bool has_idem;
	const struct gx_lb_type *type;
	char *folded;
	char sha256[65];
	struct gx_lb_delivered r;
	char *body;                     /* malloc'ed */
	gx_lb_delivered_fn done;
	void *arg;
};

static enum gx_db_status refuse(struct delivering *dv, const char *field, const char *why)
{
	dv->r.status = GX_CORE_INVALID;
	dv->r.field = field;
	dv->r.why = why;
	return GX_DB_NO_RESULTS;
}

/* The submission named must be the recipient's, to this organisation. */
static enum gx_db_status check_submission(struct gx_store_conn *w, struct delivering *dv)
{
	struct gx_submission s;
	enum gx_db_status st = gx_store_submission_get(w, dv->d.submission_id, &s);
	if (st < 0)
		return st;
	bool ok = st == GX_DB_ONE_RESULT && s.space_id == dv->d.space_id && strcmp(s.organisation, dv->d.org) == 0;
	if (st == GX_DB_ONE_RESULT)
		gx_submission_clear(&s);
	return ok ? GX_DB_ONE_RESULT : refuse(dv, "submission", "not a submission of this person to this organisation");
}

static enum gx_db_status write_delivery(struct gx_store_conn *w, void *arg)
{
	struct delivering *dv = arg;
	free(dv->body);
	dv->body = NULL;
	dv->r = (struct gx_lb_delivered){.status = GX_CORE_OK};
	enum gx_db_status st;
	if (dv->has_idem) {
		struct gx_idempotent prev;
		if ((st = gx_store_idempotent_get(w, dv->idem.client, dv->idem.key, &prev)) < 0)
			return st;
		if (st == GX_DB_ONE_RESULT) {
			if (strcmp(prev.request_hash, dv->idem.request_hash) != 0) {
				free(prev.body);
				dv->r = (struct gx_lb_delivered){.status = GX_CORE_CONFLICT, .key_reused = true,
								 .why = "this Idempotency-Key was used for another request"};
				return GX_DB_NO_RESULTS;
			}
			dv->r.replayed = true;
			dv->r.http_status = prev.status;
			dv->body = prev.body;
			return GX_DB_ONE_RESULT;
		}
	}
	long long person = 0;
	if (dv->d.national_id != NULL) {
		if ((st = gx_store_lb_recipient(w, dv->d.national_id, &person, &dv->d.space_id)) < 0)
			return st;
	} else if ((st = gx_store_lb_space_person(w, dv->d.space_id, &person)) < 0) {
		return st;
	}
	if (st == GX_DB_NO_RESULTS) {
		/* never logged in: no letter box, and no choice of electronic delivery */
		dv->r = (struct gx_lb_delivered){.status = GX_CORE_CONFLICT, .not_opted_in = true};
		return GX_DB_NO_RESULTS;
	}
	if (dv->d.submission_id > 0 && (st = check_submission(w, dv)) <= 0)
		return st;
	if (!dv->type->decision) {
		if ((st = gx_store_lb_optin_get(w, dv->d.space_id, dv->d.org, dv->d.doc_type)) < 0)
			return st;
		if (st == GX_DB_NO_RESULTS) {
			dv->r = (struct gx_lb_delivered){.status = GX_CORE_CONFLICT, .not_opted_in = true};
			return GX_DB_NO_RESULTS;
		}
	}
	long long id;
	if ((st = gx_lb_deliver_in(w, &dv->d, dv->type, person, dv->c->now_us, dv->folded, dv->sha256, &id)) < 0)
		return st;
	struct gx_lb_document doc;
	if ((st = gx_store_lb_get(w, id, &doc)) <= 0)
		return st < 0 ? st : GX_DB_HARD_ERROR;
	json_t *body = gx_lb_document_json(&doc);
	dv->body = body != NULL ? json_dumps(body, JSON_COMPACT) : NULL;
	json_decref(body);
	if (dv->body == NULL)
		return GX_DB_HARD_ERROR;
	dv->r.id = id;
	dv->r.http_status = 201;
	if (dv->has_idem)
		return gx_store_idempotent_put(w, dv->idem.client, dv->idem.key, dv->idem.request_hash, 201, dv->body,
					       dv->c->now_us);
	return GX_DB_ONE_RESULT;
}

static void on_delivered(void *arg, enum gx_db_status result)
{
	struct delivering *dv = arg;
	if (result == GX_DB_CONFLICT && dv->has_idem) /* the key was taken meanwhile: the retry will replay */
		dv->r = (struct gx_lb_delivered){.status = GX_CORE_UNAVAILABLE};
	else if (result < 0)
		dv->r = (struct gx_lb_delivered){.status = GX_CORE_UNAVAILABLE};
	if (dv->r.status == GX_CORE_OK) {
		dv->r.body = dv->body;
		if (!dv->r.replayed)
			gx_outbox_wake();
	}
	dv->done(dv->arg, &dv->r);
	free(dv->body);
	dv->body = NULL;
}

/* A text for a title: 1 to max bytes, well-formed UTF-8 without control characters. */
static bool title_ok(const char *s, size_t max)
{
	return s != NULL && gx_lb_text_ok(s, strlen(s), 1, max);
}

static char *dup(const struct gx_core_ctx *c, const char *s)
{
	return s != NULL ? gx_core_strndup(c, s, strlen(s)) : NULL;
}

void gx_lb_deliver(const struct gx_core_ctx *c, const struct gx_lb_delivery *d, const struct gx_idempotency *idem,
		   gx_lb_delivered_fn done, void *arg)
{
	struct delivering *dv = gx_core_alloc(c, sizeof(*dv));
	dv->c = c;
	dv->done = done;
	dv->arg = arg;
	struct gx_lb_delivered *r = &dv->r;
	*r = (struct gx_lb_delivered){.status = GX_CORE_INVALID};
	const struct gx_lb_type *type = gx_lb_type_find(&c->domain->letterbox, d->org, d->doc_type);
	const char *mime = d->len > 0 ? gx_sniff_type(d->bytes, d->len) : NULL;
	if (d->national_id != NULL && !gx_national_id_valid(d->national_id))
		r->field = "recipient/national_id", r->why = "not a national identification number";
	else if (type == NULL)
		r->field = "type", r->why = "not a document type of this organisation";
	else if (!title_ok(d->title, GX_LB_TITLE_MAX))
		r->field = "title", r->why = "1 to 200 bytes of text";
	else if (!title_ok(d->notice_title, GX_LB_NOTICE_MAX))
		r->field = "notification_title", r->why = "1 to 160 bytes of text, without personal data";
	else if (d->due_date != NULL && !gx_lb_date_ok(d->due_date))
		r->field = "due_date", r->why = "a date YYYY-MM-DD";
	else if (type->decision && d->submission_id <= 0)
		r->field = "submission", r->why = "a decision names the submission it decides";
	else if (d->len == 0)
		r->field = "file", r->why = "the document is empty";
	else if (d->len > gx_lb_settings.max_bytes)
		r->field = "file", r->why = "the document is larger than the letter box takes", r->too_large = true;
	else if (mime == NULL || strcmp(mime, "application/pdf") != 0)
		r->field = "file", r->why = "a document must be a PDF", r->unsupported_type = true;
	if (r->field != NULL) {
		done(arg, r);
		return;
	}
	*r = (struct gx_lb_delivered){.status = GX_CORE_OK};
	dv->d = *d;
	dv->d.national_id = dup(c, d->national_id);
	dv->d.org = dup(c, d->org);
	dv->d.doc_type = dup(c, d->doc_type);
	dv->d.title = dup(c, d->title);
	dv->d.notice_title = dup(c, d->notice_title);
	dv->d.file_name = dup(c, d->file_name);
	dv->d.due_date = dup(c, d->due_date);
	dv->d.sender = dup(c, d->sender);
	dv->type = type;
	if (idem != NULL) {
		dv->idem = *idem;
		dv->idem.client = dup(c, idem->client);
		dv->idem.key = dup(c, idem->key);
		dv->has_idem = true;
	}
	size_t len = strlen(d->title);
	dv->folded = gx_core_alloc(c, len + 1);
	gx_lb_fold(d->title, len, dv->folded, len + 1);
	if (d->sha256 != NULL && strlen(d->sha256) == 64) {
		memcpy(dv->sha256, d->sha256, sizeof(dv->sha256));
	} else {
		unsigned char digest[crypto_hash_sha256_BYTES];
		crypto_hash_sha256(digest, d->bytes, d->len);
		sodium_bin2hex(dv->sha256, sizeof(dv->sha256), digest, sizeof(digest));
	}
	gx_durable_submit(c->durable, write_delivery, dv, on_delivered);
}
