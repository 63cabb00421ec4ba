/* The transactional outbox (outbox.h): rows written with their cause, and
 * the queue the mail sender takes them from. */

#include "core/outbox.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "procedures/catalog.h"
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

enum gx_db_status gx_outbox_document(struct gx_store_conn *w, long long person_id, const char *org,
				     long long document_id, long long at_us, unsigned reminder_days, const char *due_date,
				     unsigned due_reminder_days)
{
	struct gx_outbox_entry e = {.person_id = person_id, .kind = "document", .org = org, .document_id = document_id,
				    .created_at_us = at_us, .due_at_us = at_us};
	enum gx_db_status st = gx_store_outbox_add(w, &e);
	if (st < 0)
		return st;
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
	gx_submission_clear(&s);
	if ((st = gx_store_lb_space_person(w, space, &person)) <= 0)
		return st < 0 ? st : GX_DB_ONE_RESULT; /* a space without a person: nobody to tell */
	struct gx_outbox_entry e = {.person_id = person, .kind = kind, .org = org, .submission_id = submission_id,
				    .event_seq = seq, .created_at_us = at_us, .due_at_us = at_us};
	st = gx_store_outbox_add(w, &e);
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

static bool kind_of(const char *name, enum gx_mail_kind *out)
{
	return gx_mail_kind_from_name(name, out) == 0 &&
	       (*out == GX_MAIL_DOCUMENT || *out == GX_MAIL_REMINDER || *out == GX_MAIL_DUE || *out == GX_MAIL_REQUEST ||
		*out == GX_MAIL_DECISION);
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
		enum gx_mail_kind kind;
		bool reminder = strcmp(d->kind, "reminder") == 0 || strcmp(d->kind, "due") == 0;
		/* Nothing to say, or nobody to say it to: ended without a mail. */
		if (d->address[0] == '\0' || d->document_gone || (reminder && d->document_read) ||
		    !kind_of(d->kind, &kind)) {
			struct ending e = {.id = d->id, .state = "skipped", .at_us = now_us};
			if (end(q, &e) != 0)
				return -1;
			q->skipped++;
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
	return end(ctx, &e);
}

static int mark_retry(void *ctx, struct gx_mail_id id, long long at_us)
{
	struct ending e = {.id = (long long)id.value, .due_us = at_us};
	return end(ctx, &e);
}

static int mark_failed(void *ctx, struct gx_mail_id id, unsigned smtp_code)
{
	struct ending e = {.id = (long long)id.value, .state = "failed", .code = smtp_code, .at_us = gx_wall_us()};
	return end(ctx, &e);
}

struct gx_mail_queue gx_outbox_queue(struct gx_outbox_queue *q)
{
	return (struct gx_mail_queue){.next_due = next_due, .mark_sent = mark_sent, .mark_retry = mark_retry,
				      .mark_failed = mark_failed, .ctx = q};
}
