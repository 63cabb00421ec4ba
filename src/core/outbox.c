/* The transactional outbox (outbox.h): rows written with their cause, and
 * the queue the mail sender takes them from. */

#include "core/outbox.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/access.h"
#include "core/activity.h"
#include "log/oplog.h"
#include "procedures/catalog.h"
#include "store/spaces.h"
#include "util/calendar.h"
#include "util/clock.h"
#include "util/local_time.h"

#define DAY_US (86400LL * 1000000LL)
#define SKIPS_PER_CALL 64

static void (*waker)(void *);
static void *waker_arg;

void gx_outbox_set_waker(void (*wake)(void *arg), void *arg)
{
	waker = wake;
	waker_arg = arg;
}

void gx_outbox_wake(void)
{
	if (waker != NULL)
		waker(waker_arg);
}

/* The day of YYYY-MM-DD (days since 1970), or -1. */
static int day_of(const char *iso)
{
	int y, m, d;
	char tail;
	if (iso == NULL || strlen(iso) != 10 || sscanf(iso, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
	    !gx_cal_date_valid(y, m, d))
		return -1;
	return gx_cal_days_from_civil(y, m, d);
}

/* Whether person, acting for space at at_us, may see what a notification of
 * kind tells of: the letter box for a document, the procedure (of org) for
 * a request or a decision. The one decision (core/access.h), asked now. */
static enum gx_db_status may_see(struct gx_store_conn *c, long long space, long long person, long long at_us,
				 const char *kind, const char *procedure_id, const char *org, bool *yes)
{
	struct gx_access a;
	*yes = false;
	enum gx_db_status st = gx_access_decide(c, GX_ID(gx_space_id, space), GX_ID(gx_person_id, person), at_us, &a);
	if (st < 0)
		return st;
	if (st == GX_DB_ONE_RESULT && a.via != GX_VIA_NONE && a.via != GX_VIA_OWNER)
		*yes = strcmp(kind, "document") == 0 ? a.letterbox : gx_access_allows(&a, procedure_id, org);
	return GX_DB_ONE_RESULT;
}

/* e told also to each person acting for space who may see it: one row
 * each, naming the space. */
static enum gx_db_status to_representatives(struct gx_store_conn *w, long long space, const struct gx_outbox_entry *e,
					    const char *procedure_id)
{
	long long *ids;
	size_t n;
	enum gx_db_status st = gx_store_space_actors(w, GX_ID(gx_space_id, space), e->created_at_us, &ids, &n);
	if (st < 0)
		return st;
	for (size_t i = 0; i < n && st >= 0; i++) {
		bool yes;
		if ((st = may_see(w, space, ids[i], e->created_at_us, e->kind, procedure_id, e->org, &yes)) < 0 || !yes)
			continue;
		struct gx_outbox_entry r = *e;
		r.person_id = ids[i];
		r.space_id = space;
		st = gx_store_outbox_add(w, &r);
	}
	free(ids);
	return st < 0 ? st : GX_DB_ONE_RESULT;
}

enum gx_db_status gx_outbox_document(struct gx_store_conn *w, long long space_id, long long person_id,
				     const char *org, long long document_id, long long at_us, unsigned reminder_days,
				     const char *due_date, unsigned due_reminder_days)
{
	struct gx_outbox_entry e = {.person_id = person_id, .kind = "document", .org = org, .document_id = document_id,
				    .created_at_us = at_us, .due_at_us = at_us};
	enum gx_db_status st = person_id > 0 ? gx_store_outbox_add(w, &e) : GX_DB_NO_RESULTS;
	if (st < 0 || (st = to_representatives(w, space_id, &e, NULL)) < 0)
		return st;
	if (person_id <= 0)
		return GX_DB_ONE_RESULT; /* reminders are the owner's */
	if (reminder_days > 0) {
		e.kind = "reminder";
		e.due_at_us = e.created_at_us = at_us + (long long)reminder_days * DAY_US;
		if ((st = gx_store_outbox_add(w, &e)) < 0)
			return st;
	}
	int day = day_of(due_date);
	if (day >= 0 && due_reminder_days > 0) {
		/* at 8:00 in Luxembourg, due_reminder_days before the day */
		long long when = gx_local_midnight_us(day - (long long)due_reminder_days) + 8 * 3600LL * 1000000LL;
		if (when > at_us) {
			e.kind = "due";
			e.due_at_us = e.created_at_us = when;
			if ((st = gx_store_outbox_add(w, &e)) < 0)
				return st;
		}
	}
	return GX_DB_ONE_RESULT;
}

enum gx_db_status gx_outbox_case(struct gx_store_conn *w, long long submission_id, int seq, const char *kind,
				 const char *org, long long at_us)
{
	struct gx_submission s;
	enum gx_db_status st = gx_store_submission_get(w, submission_id, &s);
	if (st <= 0)
		return st < 0 ? st : GX_DB_HARD_ERROR;
	long long space = s.space_id, person = 0;
	char procedure[GX_STORE_PROCEDURE_ID_MAX];
	snprintf(procedure, sizeof(procedure), "%s", s.procedure_id);
	gx_submission_clear(&s);
	if ((st = gx_store_lb_space_person(w, space, &person)) < 0)
		return st;
	struct gx_outbox_entry e = {.person_id = person, .kind = kind, .org = org, .submission_id = submission_id,
				    .event_seq = seq, .created_at_us = at_us, .due_at_us = at_us};
	/* the owner of a private space; a company's space has none */
	if (st == GX_DB_ONE_RESULT && (st = gx_store_outbox_add(w, &e)) < 0)
		return st;
	st = to_representatives(w, space, &e, procedure);
	return st < 0 ? st : GX_DB_ONE_RESULT;
}

void gx_outbox_date(const char *iso, const char *lang, char *out, size_t cap)
{
	int day = day_of(iso);
	if (day < 0) {
		snprintf(out, cap, "%s", iso != NULL ? iso : "");
		return;
	}
	int y, m, d;
	gx_cal_civil_from_days(day, &y, &m, &d);
	if (lang != NULL && strcmp(lang, "en") == 0)
		snprintf(out, cap, "%04d-%02d-%02d", y, m, d);
	else if (lang != NULL && (strcmp(lang, "de") == 0 || strcmp(lang, "lb") == 0))
		snprintf(out, cap, "%02d.%02d.%04d", d, m, y);
	else
		snprintf(out, cap, "%02d/%02d/%04d", d, m, y);
}

/* --- the sender's queue --------------------------------------------------------------- */

struct taking {
	struct gx_outbox_queue *q;
	long long now_us;
	struct gx_outbox_due due;
};

static enum gx_db_status take_tx(struct gx_store_conn *c, void *arg)
{
	struct taking *t = arg;
	return gx_store_outbox_take(c, t->now_us, t->now_us + t->q->lease_us, &t->due);
}

struct ending {
	long long id;
	const char *state;
	unsigned code;
	long long at_us;
	long long due_us;   /* retry: when */
};

static enum gx_db_status end_tx(struct gx_store_conn *c, void *arg)
{
	struct ending *e = arg;
	if (e->state == NULL)
		return gx_store_outbox_retry(c, e->id, e->due_us);
	return gx_store_outbox_finish(c, e->id, e->state, e->code, e->at_us);
}

static int end(struct gx_outbox_queue *q, struct ending *e)
{
	return gx_store_run_tx(q->db, true, end_tx, e) >= 0 ? 0 : -1;
}

/* "sent" as soon as the store can make it durable: until then a stop sends
 * the mail again (gx_store_run_tx_soon: on SQLite, the group commit's next
 * batch rather than a wait for the write lock behind its batches). */
static int end_soon(struct gx_outbox_queue *q, struct ending *e)
{
	return gx_store_run_tx_soon(q->db, end_tx, e) >= 0 ? 0 : -1;
}

/* The operators' count of how deliveries ended (core/activity.h). */
static void count(struct gx_outbox_queue *q, enum gx_outbox_outcome outcome)
{
	gx_activity_outbox(q->domain != NULL ? q->domain->activity : NULL, outcome);
}

/* The mail of an outbox row's kind; a representative's (for) are their own. */
static bool kind_of(const char *name, bool representative, enum gx_mail_kind *out)
{
	if (gx_mail_kind_from_name(name, out) != 0)
		return false;
	if (representative) {
		static const enum gx_mail_kind theirs[GX_MAIL_KIND__COUNT] = {
			[GX_MAIL_DOCUMENT] = GX_MAIL_FOR_DOCUMENT, [GX_MAIL_REQUEST] = GX_MAIL_FOR_REQUEST,
			[GX_MAIL_DECISION] = GX_MAIL_FOR_DECISION};
		if (*out != GX_MAIL_DOCUMENT && *out != GX_MAIL_REQUEST && *out != GX_MAIL_DECISION)
			return false; /* reminders are the owner's */
		*out = theirs[*out];
		return true;
	}
	return *out == GX_MAIL_DOCUMENT || *out == GX_MAIL_REMINDER || *out == GX_MAIL_DUE || *out == GX_MAIL_REQUEST ||
	       *out == GX_MAIL_DECISION;
}

/* Whether a representative's row is still theirs to read when it is sent:
 * the decision asked again now (a mandate revoked or ended since, a child
 * come of age, a member removed: no). 0, or -1 when the store failed. */
static int still_acts(struct gx_outbox_queue *q, const struct gx_outbox_due *d, long long now_us, bool *may)
{
	char procedure[GX_STORE_PROCEDURE_ID_MAX] = "";
	if (d->submission_id > 0) {
		struct gx_submission s = {0};
		enum gx_db_status st = gx_store_submission_get(q->db, d->submission_id, &s);
		if (st < 0)
			return -1;
		if (st == GX_DB_ONE_RESULT)
			snprintf(procedure, sizeof(procedure), "%s", s.procedure_id);
		gx_submission_clear(&s);
	}
	return may_see(q->db, d->space_id, d->person_id, now_us, d->kind, procedure, d->org, may) < 0 ? -1 : 0;
}

/* The organisation's name in lang, as the site writes it. */
static const char *org_title(const struct gx_domain *domain, const char *org, const char *lang)
{
	const json_t *titles = domain != NULL && domain->procedures != NULL
				       ? gx_procedure_catalog_organisation(domain->procedures, org)
				       : NULL;
	const char *key = lang != NULL && strcmp(lang, "lb") == 0 ? "de" : lang;
	const char *t = json_string_value(json_object_get(titles, key != NULL ? key : "fr"));
	if (t == NULL)
		t = json_string_value(json_object_get(titles, "fr"));
	return t != NULL ? t : org;
}

/* src into dst (cap bytes), cut to fit. */
static void copy_str(char *dst, size_t cap, const char *src)
{
	size_t n = strlen(src);
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

#define COPY(dst, src) copy_str((dst), sizeof(dst), (src))

static int next_due(void *ctx, long long now_us, struct gx_mail_item *item)
{
	struct gx_outbox_queue *q = ctx;
	for (int i = 0; i < SKIPS_PER_CALL; i++) {
		struct taking t = {.q = q, .now_us = now_us};
		enum gx_db_status st = gx_store_run_tx(q->db, true, take_tx, &t);
		if (st < 0)
			return -1;
		if (st == GX_DB_NO_RESULTS)
			return 0;
		const struct gx_outbox_due *d = &t.due;
		if (d->cut_off) {
			/* Taken before and never ended: maybe delivered (a stop
			 * between the server's 250 and the mark), maybe never sent.
			 * SMTP cannot tell which; a notification must not be lost,
			 * so it goes again (the same Message-ID). Counted. */
			q->maybe_sent++;
			count(q, GX_OUTBOX_MAYBE_SENT);
			gx_oplog_event(GX_LOG_WARN, "mail", NULL,
				       "notification %lld: an earlier attempt was cut off (maybe delivered); sending again",
				       d->id);
		}
		enum gx_mail_kind kind;
		bool reminder = strcmp(d->kind, "reminder") == 0 || strcmp(d->kind, "due") == 0;
		bool may = true;
		if (d->space_id > 0 && still_acts(q, d, now_us, &may) != 0)
			return -1;
		/* Nothing to say, or nobody to say it to (a representative who no
		 * longer acts for the space): ended without a mail. */
		if (!may || d->address[0] == '\0' || d->document_gone || (reminder && d->document_read) ||
		    !kind_of(d->kind, d->space_id > 0, &kind)) {
			struct ending e = {.id = d->id, .state = "skipped", .at_us = now_us};
			if (end(q, &e) != 0)
				return -1;
			q->skipped++;
			count(q, GX_OUTBOX_SKIPPED);
			continue;
		}
		memset(item, 0, sizeof(*item));
		item->id.value = (uint64_t)d->id;
		item->attempts = d->attempts;
		item->created_us = d->created_at_us;
		item->kind = kind;
		COPY(item->lang, d->lang[0] != '\0' ? d->lang : "fr");
		COPY(item->to, d->address);
		const char *org = org_title(q->domain, d->org, item->lang);
		if (strlen(org) > GX_MAIL_PARAM_MAX) /* cut at a character boundary */
			org = d->org;
		COPY(item->organisation, org);
		COPY(item->title, d->notice_title);
		if (kind == GX_MAIL_DUE)
			gx_outbox_date(d->due_date, item->lang, item->date, sizeof(item->date));
		return 1;
	}
	return 0; /* more may wait: the sender comes back at once after a send, else at its next poll */
}

static int mark_sent(void *ctx, struct gx_mail_id id)
{
	struct ending e = {.id = (long long)id.value, .state = "sent", .code = 250, .at_us = gx_wall_us()};
	int rc = end_soon(ctx, &e);
	if (rc == 0)
		count(ctx, GX_OUTBOX_SENT);
	return rc;
}

static int mark_retry(void *ctx, struct gx_mail_id id, long long at_us)
{
	struct ending e = {.id = (long long)id.value, .due_us = at_us};
	count(ctx, GX_OUTBOX_RETRY);
	return end(ctx, &e);
}

static int mark_failed(void *ctx, struct gx_mail_id id, unsigned smtp_code)
{
	struct ending e = {.id = (long long)id.value, .state = "failed", .code = smtp_code, .at_us = gx_wall_us()};
	count(ctx, GX_OUTBOX_FAILED);
	return end(ctx, &e);
}

struct gx_mail_queue gx_outbox_queue(struct gx_outbox_queue *q)
{
	return (struct gx_mail_queue){.next_due = next_due, .mark_sent = mark_sent, .mark_retry = mark_retry,
				      .mark_failed = mark_failed, .ctx = q};
}
