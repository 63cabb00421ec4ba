/** The sender (sender.h). */

#include "mail/sender.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log/oplog.h"
#include "util/buf.h"
#include "util/clock.h"

#define QUEUES_MAX 4
#define OWED_MAX 8          /* queues a "sent" mark may be owed to (one mark each) */
#define OWED_TRIES_MAX 20   /* then the mark is given up: the item may come back (at least once) */

/* A message the server took (250) whose "sent" the queue did not record:
 * recorded before anything else is taken from that queue, never sent again
 * by this sender. */
struct owed {
	const void *queue;   /* the queue's ctx; NULL: a free slot */
	struct gx_mail_id id;
	unsigned tries;
};

struct gx_mail_sender {
	char from[GX_MAIL_ADDRESS_MAX + 1];
	char from_name[GX_MAIL_FROM_NAME_MAX + 1];
	unsigned max_attempts;
	const struct gx_mail_texts *texts;
	struct gx_mail_transport transport;
	struct owed owed[OWED_MAX];   /* used by the one thread that steps */

	/* the thread */
	pthread_t thread;
	bool running;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool stop, woken;
	struct gx_mail_queue queues[QUEUES_MAX];
	size_t nqueues;
	unsigned poll_ms;
};

static void smtp_send(void *ctx, const char *to, const char *message, size_t len, unsigned attempt,
		      struct gx_mail_result *out)
{
	gx_mailer_send(ctx, to, message, len, attempt, out);
}

struct gx_mail_transport gx_mail_transport_smtp(struct gx_mailer *m)
{
	return (struct gx_mail_transport){.send = smtp_send, .ctx = m};
}

struct gx_mail_sender *gx_mail_sender_new(const struct gx_config_mail *cfg, const struct gx_mail_texts *texts,
					  struct gx_mail_transport transport)
{
	if (strlen(cfg->from) >= sizeof(((struct gx_mail_sender *)0)->from) ||
	    strlen(cfg->from_name) >= sizeof(((struct gx_mail_sender *)0)->from_name))
		return NULL;
	struct gx_mail_sender *s = calloc(1, sizeof(*s));
	if (s == NULL)
		return NULL;
	strcpy(s->from, cfg->from);
	strcpy(s->from_name, cfg->from_name);
	s->max_attempts = cfg->max_attempts > 0 ? cfg->max_attempts : 1;
	s->texts = texts;
	s->transport = transport;
	pthread_mutex_init(&s->lock, NULL);
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&s->cond, &ca);
	pthread_condattr_destroy(&ca);
	return s;
}

/* The item as a message in out; -1 with *fault when it cannot be made. */
static int make_message(struct gx_mail_sender *s, const struct gx_mail_item *it, struct gx_buf *out,
			enum gx_mail_fault *fault)
{
	struct gx_buf subject = GX_BUF_INIT, body = GX_BUF_INIT;
	struct gx_mail_params p = gx_mail_item_params(it);
	int rc = gx_mail_texts_compose(s->texts, it->lang, it->kind, &p, &subject, &body, fault);
	if (rc == 0) {
		struct gx_mail_message m = {
			.from = s->from,
			.from_name = s->from_name,
			.to = it->to,
			.subject = gx_buf_cstr(&subject),
			.body = gx_buf_cstr(&body),
			.lang = gx_mail_texts_lang(s->texts, it->lang),
			.date_us = it->created_us,
			.id = it->id,
		};
		rc = gx_mail_message_build(&m, out, fault);
	}
	if (body.data != NULL)
		sodium_memzero(body.data, body.cap);
	gx_buf_free(&subject);
	gx_buf_free(&body);
	return rc;
}

static struct owed *owed_of(struct gx_mail_sender *s, const void *queue)
{
	for (size_t i = 0; i < OWED_MAX; i++)
		if (s->owed[i].queue == queue)
			return &s->owed[i];
	return NULL;
}

/* Records the mark owed to q, if any: 0 when none is owed (any more), -1
 * while it still cannot be recorded (nothing else is taken from q meanwhile). */
static int pay_owed(struct gx_mail_sender *s, const struct gx_mail_queue *q)
{
	struct owed *o = owed_of(s, q->ctx);
	if (o == NULL)
		return 0;
	if (q->mark_sent(q->ctx, o->id) == 0) {
		gx_oplog_event(GX_LOG_INFO, "mail", NULL, "notification %llu: delivered, recorded now",
			       (unsigned long long)o->id.value);
		*o = (struct owed){0};
		return 0;
	}
	if (++o->tries < OWED_TRIES_MAX)
		return -1;
	gx_oplog_event(GX_LOG_ERROR, "mail", NULL,
		       "notification %llu: delivered, but the queue could not record it; it may be sent again",
		       (unsigned long long)o->id.value);
	*o = (struct owed){0};
	return 0;
}

/* Remembers that q owes id its mark; false when there is no room. */
static bool owe(struct gx_mail_sender *s, const struct gx_mail_queue *q, struct gx_mail_id id)
{
	struct owed *o = q->ctx != NULL ? owed_of(s, NULL) : NULL; /* a NULL ctx cannot be told from a free slot */
	if (o == NULL)
		return false;
	*o = (struct owed){.queue = q->ctx, .id = id};
	return true;
}

int gx_mail_sender_step(struct gx_mail_sender *s, const struct gx_mail_queue *q, long long now_us,
			struct gx_mail_attempt *a)
{
	if (pay_owed(s, q) != 0)
		return -1;
	struct gx_mail_item it;
	int got = q->next_due(q->ctx, now_us, &it);
	if (got <= 0)
		return got < 0 ? -1 : 0;
	memset(a, 0, sizeof(*a));
	a->id = it.id;
	a->attempt = it.attempts + 1;

	struct gx_buf msg = GX_BUF_INIT;
	if (make_message(s, &it, &msg, &a->fault) != 0) {
		a->result.outcome = GX_MAIL_PERMANENT;
		a->result.cause = a->fault == GX_MAIL_FAULT_MEMORY ? GX_MAIL_CAUSE_LOCAL : GX_MAIL_CAUSE_MESSAGE;
		if (a->fault == GX_MAIL_FAULT_MEMORY)
			a->result.outcome = GX_MAIL_TRANSIENT, a->result.retry_after_ms = 1000;
	} else {
		s->transport.send(s->transport.ctx, it.to, msg.data, msg.len, a->attempt, &a->result);
	}
	if (msg.data != NULL)
		sodium_memzero(msg.data, msg.cap);
	gx_buf_free(&msg);
	sodium_memzero(&it, sizeof(it));

	int marked = -1;
	switch (a->result.outcome) {
	case GX_MAIL_DELIVERED: {
		/* The window for a second copy is from the 250 to here: nothing
		 * else is done before the mark is durable. */
		long long t0 = gx_mono_us();
		marked = q->mark_sent(q->ctx, a->id);
		a->mark_us = gx_mono_us() - t0;
		if (marked != 0)
			a->owed = owe(s, q, a->id);
		break;
	}
	case GX_MAIL_PERMANENT:
		marked = q->mark_failed(q->ctx, a->id, a->result.smtp_code);
		break;
	case GX_MAIL_TRANSIENT:
		if (a->attempt >= s->max_attempts) {
			a->gave_up = true;
			marked = q->mark_failed(q->ctx, a->id, a->result.smtp_code);
		} else {
			marked = q->mark_retry(q->ctx, a->id, now_us + a->result.retry_after_ms * 1000);
		}
		break;
	}
	a->recorded = marked == 0;
	return 1;
}

void gx_mail_attempt_describe(const struct gx_mail_attempt *a, char *out, size_t cap)
{
	const struct gx_mail_result *r = &a->result;
	char why[96];
	if (r->outcome == GX_MAIL_DELIVERED && r->has_status)
		snprintf(why, sizeof(why), "SMTP %u %u.%u.%u", r->smtp_code, r->status[0], r->status[1], r->status[2]);
	else if (r->outcome == GX_MAIL_DELIVERED)
		snprintf(why, sizeof(why), "SMTP %u", r->smtp_code);
	else if (r->cause == GX_MAIL_CAUSE_MESSAGE || (r->cause == GX_MAIL_CAUSE_LOCAL && a->fault != GX_MAIL_FAULT_NONE))
		snprintf(why, sizeof(why), "%s: %s", gx_mail_cause_name(r->cause), gx_mail_fault_name(a->fault));
	else if (r->smtp_code != 0 && r->has_status)
		snprintf(why, sizeof(why), "%s, after %s: SMTP %u %u.%u.%u", gx_mail_cause_name(r->cause),
			 gx_smtp_phase_name(r->phase), r->smtp_code, r->status[0], r->status[1], r->status[2]);
	else if (r->smtp_code != 0)
		snprintf(why, sizeof(why), "%s, after %s: SMTP %u", gx_mail_cause_name(r->cause),
			 gx_smtp_phase_name(r->phase), r->smtp_code);
	else if (r->phase != GX_SMTP_CONNECT)
		snprintf(why, sizeof(why), "%s, after %s", gx_mail_cause_name(r->cause), gx_smtp_phase_name(r->phase));
	else
		snprintf(why, sizeof(why), "%s", gx_mail_cause_name(r->cause));
	char next[64] = "";
	if (r->outcome == GX_MAIL_TRANSIENT && a->gave_up)
		snprintf(next, sizeof(next), "; out of attempts, marked failed");
	else if (r->outcome == GX_MAIL_TRANSIENT)
		snprintf(next, sizeof(next), "; retry in %lld.%03lld s", r->retry_after_ms / 1000,
			 r->retry_after_ms % 1000);
	const char *unrecorded = a->owed ? "; the queue did not record it yet: it will, before the next send"
					 : "; the queue did not record it: it will come back";
	snprintf(out, cap, "notification %llu attempt %u: %s (%s)%s%s", (unsigned long long)a->id.value, a->attempt,
		 gx_mail_outcome_name(r->outcome), why, next, a->recorded ? "" : unrecorded);
}

static enum gx_log_level r_level(const struct gx_mail_attempt *a)
{
	if (a->result.outcome == GX_MAIL_DELIVERED && a->recorded)
		return GX_LOG_INFO;
	if (a->result.outcome == GX_MAIL_TRANSIENT && !a->gave_up && a->recorded)
		return GX_LOG_WARN;
	return GX_LOG_ERROR;
}

static void log_attempt(const struct gx_mail_attempt *a)
{
	char line[320];
	gx_mail_attempt_describe(a, line, sizeof(line));
	enum gx_log_level level = r_level(a);
	if (a->result.outcome == GX_MAIL_DELIVERED && a->recorded)
		gx_oplog_event(level, "mail", NULL, "%s; recorded %lld.%03lld ms after the 250", line, a->mark_us / 1000,
			       a->mark_us % 1000);
	else
		gx_oplog_event(level, "mail", NULL, "%s", line);
}

static void *run(void *arg)
{
	struct gx_mail_sender *s = arg;
	pthread_mutex_lock(&s->lock);
	while (!s->stop) {
		pthread_mutex_unlock(&s->lock);
		bool tried = false, failed = false;
		for (size_t i = 0; i < s->nqueues; i++) {
			struct gx_mail_attempt a;
			int r = gx_mail_sender_step(s, &s->queues[i], gx_wall_us(), &a);
			if (r > 0) {
				tried = true;
				log_attempt(&a);
			} else if (r < 0) {
				failed = true;
				gx_oplog_event(GX_LOG_ERROR, "mail", NULL, "queue %zu could not be read; trying again", i);
			}
		}
		pthread_mutex_lock(&s->lock);
		if (s->stop || (tried && !failed))
			continue; /* drain what is due before sleeping */
		if (!s->woken) {
			struct timespec ts;
			clock_gettime(CLOCK_MONOTONIC, &ts);
			long long ns = ts.tv_nsec + (long long)(s->poll_ms % 1000) * 1000000;
			ts.tv_sec += s->poll_ms / 1000 + ns / 1000000000;
			ts.tv_nsec = ns % 1000000000;
			pthread_cond_timedwait(&s->cond, &s->lock, &ts);
		}
		s->woken = false;
	}
	pthread_mutex_unlock(&s->lock);
	gx_oplog_thread_exit();
	return NULL;
}

int gx_mail_sender_start(struct gx_mail_sender *s, const struct gx_mail_queue *queues, size_t n, unsigned poll_ms)
{
	if (s->running || n == 0 || n > QUEUES_MAX)
		return -1;
	memcpy(s->queues, queues, n * sizeof(*queues));
	s->nqueues = n;
	s->poll_ms = poll_ms > 0 ? poll_ms : 1000;
	s->stop = false;
	s->woken = false;
	if (pthread_create(&s->thread, NULL, run, s) != 0)
		return -1;
	s->running = true;
	return 0;
}

void gx_mail_sender_wake(struct gx_mail_sender *s)
{
	pthread_mutex_lock(&s->lock);
	s->woken = true;
	pthread_cond_signal(&s->cond);
	pthread_mutex_unlock(&s->lock);
}

void gx_mail_sender_stop(struct gx_mail_sender *s)
{
	if (!s->running)
		return;
	pthread_mutex_lock(&s->lock);
	s->stop = true;
	pthread_cond_signal(&s->cond);
	pthread_mutex_unlock(&s->lock);
	pthread_join(s->thread, NULL);
	s->running = false;
}

void gx_mail_sender_free(struct gx_mail_sender *s)
{
	if (s == NULL)
		return;
	gx_mail_sender_stop(s);
	pthread_cond_destroy(&s->cond);
	pthread_mutex_destroy(&s->lock);
	free(s);
}
