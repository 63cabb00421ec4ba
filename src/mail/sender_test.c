/** Tests of the sender over the in-memory queue with a fake transport:
 *  marked sent only after delivery; retried with backoff after a transient
 *  failure, the same bytes each time; failed for good after a permanent one
 *  or when out of attempts; a lost mark is recorded before anything else
 *  and the message not sent again, unless the mark is given up (then it
 *  comes back: at least once, the same Message-ID); each message is marked
 *  before the next is sent; the thread drains its queues and stops. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "mail/mail_testutil.h"
#include "mail/memqueue.h"
#include "mail/sender.h"
#include "util/clock.h"

#define S 1000000LL
#define NOW (1709632800LL * S)

/* The fake SMTP server: answers each send from a script, keeps what it got. */
struct fake {
	struct gx_mail_result script[16];
	size_t nscript, sends;
	char *got[16];
	char to[16][64];
	unsigned attempt[16];
};

static void fake_send(void *ctx, const char *to, const char *message, size_t len, unsigned attempt,
		      struct gx_mail_result *out)
{
	struct fake *f = ctx;
	size_t i = f->sends++;
	assert_true(i < 16);
	f->got[i] = strndup(message, len);
	snprintf(f->to[i], sizeof(f->to[i]), "%s", to);
	f->attempt[i] = attempt;
	*out = i < f->nscript ? f->script[i] : (struct gx_mail_result){.outcome = GX_MAIL_DELIVERED, .smtp_code = 250};
}

static void fake_free(struct fake *f)
{
	for (size_t i = 0; i < f->sends && i < 16; i++)
		free(f->got[i]);
}

static const struct gx_mail_result DOWN = {
	.outcome = GX_MAIL_TRANSIENT, .cause = GX_MAIL_CAUSE_CONNECT, .retry_after_ms = 30000};
static const struct gx_mail_result LATER = {.outcome = GX_MAIL_TRANSIENT, .cause = GX_MAIL_CAUSE_REPLY,
					    .phase = GX_SMTP_RCPT, .smtp_code = 451, .retry_after_ms = 60000};
static const struct gx_mail_result NO_SUCH_USER = {.outcome = GX_MAIL_PERMANENT, .cause = GX_MAIL_CAUSE_REPLY,
						   .phase = GX_SMTP_RCPT, .smtp_code = 550,
						   .status = {5, 1, 1}, .has_status = true};

struct env {
	struct gx_mail_texts *texts;
	struct gx_config_mail cfg;
	struct fake fake;
	struct gx_mail_sender *sender;
	struct gx_mail_memqueue *mq;
	struct gx_mail_queue q;
};

static int setup(void **state)
{
	struct env *e = calloc(1, sizeof(*e));
	e->texts = gx_mail_texts_new();
	const char *langs[] = {"fr", "de", "en"};
	for (int i = 0; i < 3; i++) {
		char path[32], err[200];
		snprintf(path, sizeof(path), "i18n/%s.json", langs[i]);
		json_t *c = json_load_file(path, 0, NULL);
		assert_non_null(c);
		assert_int_equal(gx_mail_texts_add(e->texts, langs[i], c, err, sizeof(err)), 0);
		json_decref(c);
	}
	struct gx_config c;
	gx_config_defaults(&c);
	e->cfg = c.mail;
	e->cfg.max_attempts = 3;
	e->sender = gx_mail_sender_new(&e->cfg, e->texts, (struct gx_mail_transport){fake_send, &e->fake});
	assert_non_null(e->sender);
	e->mq = gx_mail_memqueue_new(8);
	e->q = gx_mail_memqueue_queue(e->mq);
	*state = e;
	return 0;
}

static int teardown(void **state)
{
	struct env *e = *state;
	gx_mail_sender_free(e->sender);
	gx_mail_memqueue_free(e->mq);
	gx_mail_texts_free(e->texts);
	fake_free(&e->fake);
	free(e);
	return 0;
}

static struct gx_mail_item document(uint64_t id)
{
	struct gx_mail_item it = {.id = {id}, .created_us = NOW, .kind = GX_MAIL_DOCUMENT};
	strcpy(it.lang, "de");
	strcpy(it.to, "person@example.org");
	strcpy(it.organisation, "Gemeinde Mersch");
	strcpy(it.title, "Grundsteuerbescheid 2024");
	return it;
}

static struct gx_mail_status status(struct env *e, uint64_t id)
{
	struct gx_mail_status st;
	assert_int_equal(gx_mail_memqueue_status(e->mq, (struct gx_mail_id){id}, &st), 0);
	return st;
}

static void test_delivered(void **state)
{
	struct env *e = *state;
	struct gx_mail_item it = document(7);
	assert_int_equal(gx_mail_memqueue_push(e->mq, &it, NOW), 0);
	struct gx_mail_attempt a;
	/* nothing is due before its time */
	assert_int_equal(gx_mail_sender_step(e->sender, &e->q, NOW - 1, &a), 0);
	assert_int_equal(e->fake.sends, 0);
	assert_int_equal(gx_mail_sender_step(e->sender, &e->q, NOW, &a), 1);
	assert_int_equal(a.result.outcome, GX_MAIL_DELIVERED);
	assert_int_equal(a.attempt, 1);
	assert_true(a.recorded);
	assert_int_equal(status(e, 7).state, GX_MAIL_SENT);
	assert_int_equal(status(e, 7).attempts, 1);
	/* what went out: to the address, in German, the texts filled */
	assert_int_equal(e->fake.sends, 1);
	assert_string_equal(e->fake.to[0], "person@example.org");
	assert_int_equal(e->fake.attempt[0], 1);
	char *lang = tu_header(e->fake.got[0], "Content-Language"), *body = tu_qp_body(e->fake.got[0]);
	assert_string_equal(lang, "de");
	assert_non_null(strstr(body, "Sie haben ein neues Dokument von Gemeinde Mersch in Ihrem Guichet-Postfach: "
				     "Grundsteuerbescheid 2024"));
	free(lang);
	free(body);
	/* sent once: never again */
	assert_int_equal(gx_mail_sender_step(e->sender, &e->q, NOW + 3600 * S, &a), 0);
	assert_int_equal(e->fake.sends, 1);
	char line[320];
	gx_mail_attempt_describe(&a, line, sizeof(line));
	assert_string_equal(line, "notification 7 attempt 1: delivered (SMTP 250)");
}

static void test_transient_then_delivered(void **state)
{
	struct env *e = *state;
	e->fake.script[0] = DOWN;
	e->fake.script[1] = LATER;
	e->fake.nscript = 2;
	struct gx_mail_item it = document(8);
	assert_int_equal(gx_mail_memqueue_push(e->mq, &it, NOW), 0);
	struct gx_mail_attempt a;
	assert_int_equal(gx_mail_sender_step(e->sender, &e->q, NOW, &a), 1);
	assert_int_equal(a.result.outcome, GX_MAIL_TRANSIENT);
	assert_false(a.gave_up);
	struct gx_mail_status st = status(e, 8);
	assert_int_equal(st.state, GX_MAIL_PENDING);
	assert_int_equal(st.attempts, 1);
	assert_true(st.due_us == NOW + 30000 * 1000LL);
	char line[320];
	gx_mail_attempt_describe(&a, line, sizeof(line));
	assert_string_equal(line, "notification 8 attempt 1: transient (connect); retry in 30.000 s");
	/* not before the backoff is over */
	assert_int_equal(gx_mail_sender_step(e->sender, &e->q, NOW + 29 * S, &a), 0);
	assert_int_equal(gx_mail_sender_step(e->sender, &e->q, NOW + 30 * S, &a), 1);
	assert_int_equal(a.attempt, 2);
	assert_int_equal(a.result.smtp_code, 451);
	gx_mail_attempt_describe(&a, line, sizeof(line));
	assert_string_equal(line, "notification 8 attempt 2: transient (reply, after rcpt: SMTP 451); retry in 60.000 s");
	assert_int_equal(gx_mail_sender_step(e->sender, &e->q, NOW + 90 * S, &a), 1);
	assert_int_equal(a.attempt, 3);
	assert_int_equal(a.result.outcome, GX_MAIL_DELIVERED);
	assert_int_equal(status(e, 8).state, GX_MAIL_SENT);
	/* the three attempts sent the same bytes: Date and Message-ID too */
	assert_int_equal(e->fake.sends, 3);
	assert_string_equal(e->fake.got[0], e->fake.got[1]);
	assert_string_equal(e->fake.got[0], e->fake.got[2]);
	assert_int_equal(e->fake.attempt[2], 3);
}

static void test_permanent(void **state)
{
	struct env *e = *state;
	e->fake.script[0] = NO_SUCH_USER;
	e->fake.nscript = 1;
	struct gx_mail_item it = document(9);
	gx_mail_memqueue_push(e->mq, &it, NOW);
	struct gx_mail_attempt a;
	assert_int_equal(gx_mail_sender_step(e->sender, &e->q, NOW, &a), 1);
	assert_int_equal(a.result.outcome, GX_MAIL_PERMANENT);
	struct gx_mail_status st = status(e, 9);
	assert_int_equal(st.state, GX_MAIL_FAILED);
	assert_int_equal(st.smtp_code, 550);
	char line[320];
	gx_mail_attempt_describe(&a, line, sizeof(line));
	assert_string_equal(line, "notification 9 attempt 1: permanent (reply, after rcpt: SMTP 550 5.1.1)");
	assert_null(strstr(line, "@"));
	assert_int_equal(gx_mail_sender_step(e->sender, &e->q, NOW + 86400 * S, &a), 0);
	assert_int_equal(e->fake.sends, 1);
}

static void test_out_of_attempts(void **state)
{
	struct env *e = *state;
	for (int i = 0; i < 3; i++)
		e->fake.script[i] = LATER;
	e->fake.nscript = 3;
	struct gx_mail_item it = document(10);
	gx_mail_memqueue_push(e->mq, &it, NOW);
	struct gx_mail_attempt a;
	long long t = NOW;
	for (int i = 1; i <= 3; i++) {
		assert_int_equal(gx_mail_sender_step(e->sender, &e->q, t, &a), 1);
		assert_int_equal(a.attempt, (unsigned)i);
		assert_int_equal(a.gave_up, i == 3);
		t += 3600 * S;
	}
	struct gx_mail_status st = status(e, 10);
	assert_int_equal(st.state, GX_MAIL_FAILED);
	assert_int_equal(st.smtp_code, 451);
	assert_int_equal(st.attempts, 3);
	char line[320];
	gx_mail_attempt_describe(&a, line, sizeof(line));
	assert_string_equal(line,
			    "notification 10 attempt 3: transient (reply, after rcpt: SMTP 451); out of attempts, marked failed");
	assert_int_equal(gx_mail_sender_step(e->sender, &e->q, t + 86400 * S, &a), 0);
}

static void test_unbuildable_is_permanent(void **state)
{
	struct env *e = *state;
	struct gx_mail_item it = document(11);
	strcpy(it.to, "not an address");
	gx_mail_memqueue_push(e->mq, &it, NOW);
	it = document(12);
	strcpy(it.title, "two\nlines");
	gx_mail_memqueue_push(e->mq, &it, NOW + 1);
	struct gx_mail_attempt a;
	char line[320];
	assert_int_equal(gx_mail_sender_step(e->sender, &e->q, NOW + 1, &a), 1);
	assert_int_equal(a.result.outcome, GX_MAIL_PERMANENT);
	assert_int_equal(a.fault, GX_MAIL_FAULT_TO);
	gx_mail_attempt_describe(&a, line, sizeof(line));
	assert_string_equal(line, "notification 11 attempt 1: permanent (message: to)");
	assert_int_equal(gx_mail_sender_step(e->sender, &e->q, NOW + 1, &a), 1);
	assert_int_equal(a.fault, GX_MAIL_FAULT_PARAM);
	assert_int_equal(status(e, 11).state, GX_MAIL_FAILED);
	assert_int_equal(status(e, 12).state, GX_MAIL_FAILED);
	assert_int_equal(status(e, 12).smtp_code, 0);
	assert_int_equal(e->fake.sends, 0);
}

/* A queue whose first mark_sent is lost (the store was down, or the
 * process died right after the server's 250). */
struct lossy {
	struct gx_mail_queue inner;
	int lose;
};

static int lossy_next(void *ctx, long long now, struct gx_mail_item *it)
{
	struct lossy *l = ctx;
	return l->inner.next_due(l->inner.ctx, now, it);
}
static int lossy_sent(void *ctx, struct gx_mail_id id)
{
	struct lossy *l = ctx;
	if (l->lose > 0) {
		l->lose--;
		return -1;
	}
	return l->inner.mark_sent(l->inner.ctx, id);
}
static int lossy_retry(void *ctx, struct gx_mail_id id, long long at)
{
	struct lossy *l = ctx;
	return l->inner.mark_retry(l->inner.ctx, id, at);
}
static int lossy_failed(void *ctx, struct gx_mail_id id, unsigned code)
{
	struct lossy *l = ctx;
	return l->inner.mark_failed(l->inner.ctx, id, code);
}

static void test_lost_mark_recorded_not_sent_again(void **state)
{
	struct env *e = *state;
	struct lossy l = {.inner = e->q, .lose = 1};
	struct gx_mail_queue q = {lossy_next, lossy_sent, lossy_retry, lossy_failed, &l};
	struct gx_mail_item it = document(13);
	gx_mail_memqueue_push(e->mq, &it, NOW);
	struct gx_mail_attempt a;
	assert_int_equal(gx_mail_sender_step(e->sender, &q, NOW, &a), 1);
	assert_int_equal(a.result.outcome, GX_MAIL_DELIVERED);
	assert_false(a.recorded);
	assert_true(a.owed);
	char line[320];
	gx_mail_attempt_describe(&a, line, sizeof(line));
	assert_non_null(strstr(line, "the queue did not record it yet: it will, before the next send"));
	assert_int_equal(status(e, 13).state, GX_MAIL_PENDING);
	/* the next step records it first, and does not send it again */
	assert_int_equal(gx_mail_sender_step(e->sender, &q, NOW, &a), 0);
	assert_int_equal(status(e, 13).state, GX_MAIL_SENT);
	assert_int_equal(e->fake.sends, 1);
}

static void test_owed_mark_holds_the_queue(void **state)
{
	struct env *e = *state;
	struct lossy l = {.inner = e->q, .lose = 3}; /* the store is down for three marks */
	struct gx_mail_queue q = {lossy_next, lossy_sent, lossy_retry, lossy_failed, &l};
	struct gx_mail_item it = document(14);
	gx_mail_memqueue_push(e->mq, &it, NOW);
	it = document(15);
	gx_mail_memqueue_push(e->mq, &it, NOW + 1);
	struct gx_mail_attempt a;
	assert_int_equal(gx_mail_sender_step(e->sender, &q, NOW + 1, &a), 1);
	assert_int_equal(a.id.value, 14);
	assert_true(a.owed);
	/* nothing else is taken from the queue while its mark is owed */
	assert_int_equal(gx_mail_sender_step(e->sender, &q, NOW + 1, &a), -1);
	assert_int_equal(gx_mail_sender_step(e->sender, &q, NOW + 1, &a), -1);
	assert_int_equal(e->fake.sends, 1);
	assert_int_equal(status(e, 14).state, GX_MAIL_PENDING);
	/* the store is back: 14 is recorded, 15 goes */
	assert_int_equal(gx_mail_sender_step(e->sender, &q, NOW + 1, &a), 1);
	assert_int_equal(a.id.value, 15);
	assert_true(a.recorded);
	assert_int_equal(status(e, 14).state, GX_MAIL_SENT);
	assert_int_equal(status(e, 15).state, GX_MAIL_SENT);
	assert_int_equal(e->fake.sends, 2);
	/* another queue is not held by this one's mark */
	struct gx_mail_memqueue *other = gx_mail_memqueue_new(2);
	struct gx_mail_queue oq = gx_mail_memqueue_queue(other);
	l.lose = 1;
	it = document(16);
	gx_mail_memqueue_push(e->mq, &it, NOW + 2);
	it = document(17);
	gx_mail_memqueue_push(other, &it, NOW + 2);
	assert_int_equal(gx_mail_sender_step(e->sender, &q, NOW + 2, &a), 1);
	assert_true(a.owed);
	assert_int_equal(gx_mail_sender_step(e->sender, &oq, NOW + 2, &a), 1);
	assert_int_equal(a.id.value, 17);
	assert_true(a.recorded);
	assert_int_equal(gx_mail_sender_step(e->sender, &q, NOW + 2, &a), 0);
	assert_int_equal(status(e, 16).state, GX_MAIL_SENT);
	assert_int_equal(e->fake.sends, 4);
	gx_mail_memqueue_free(other);
}

static void test_mark_given_up_sends_again_with_same_id(void **state)
{
	struct env *e = *state;
	struct lossy l = {.inner = e->q, .lose = 1000}; /* the store stays down */
	struct gx_mail_queue q = {lossy_next, lossy_sent, lossy_retry, lossy_failed, &l};
	struct gx_mail_item it = document(18);
	gx_mail_memqueue_push(e->mq, &it, NOW);
	struct gx_mail_attempt a;
	assert_int_equal(gx_mail_sender_step(e->sender, &q, NOW, &a), 1);
	assert_true(a.owed);
	int held = 0;
	while (gx_mail_sender_step(e->sender, &q, NOW, &a) == -1)
		held++;
	/* after a bounded wait the mark is given up, and the item comes back:
	 * at least once, never silently lost, the same Message-ID */
	assert_true(held > 0 && held < 100);
	assert_int_equal(e->fake.sends, 2);
	char *m1 = tu_header(e->fake.got[0], "Message-ID"), *m2 = tu_header(e->fake.got[1], "Message-ID");
	assert_string_equal(m1, m2);
	free(m1);
	free(m2);
	l.lose = 0;
	assert_int_equal(gx_mail_sender_step(e->sender, &q, NOW, &a), 0); /* the second one's mark is paid */
	assert_int_equal(status(e, 18).state, GX_MAIL_SENT);
}

/* Each message is marked right after its own 250, before the next is sent. */
struct watching {
	struct env *e;
	uint64_t sent_before[16];
	size_t n;
};

static void watching_send(void *ctx, const char *to, const char *message, size_t len, unsigned attempt,
			  struct gx_mail_result *out)
{
	struct watching *w = ctx;
	for (size_t i = 0; i < w->n; i++)
		assert_int_equal(status(w->e, w->sent_before[i]).state, GX_MAIL_SENT);
	fake_send(&w->e->fake, to, message, len, attempt, out);
}

static void test_each_marked_before_the_next_send(void **state)
{
	struct env *e = *state;
	struct watching w = {.e = e};
	struct gx_mail_sender *s = gx_mail_sender_new(&e->cfg, e->texts, (struct gx_mail_transport){watching_send, &w});
	for (uint64_t id = 30; id < 34; id++) {
		struct gx_mail_item it = document(id);
		gx_mail_memqueue_push(e->mq, &it, NOW + (long long)id);
	}
	struct gx_mail_attempt a;
	while (gx_mail_sender_step(s, &e->q, NOW + 100, &a) == 1) {
		assert_true(a.recorded);
		assert_true(a.mark_us >= 0);
		w.sent_before[w.n++] = a.id.value;
	}
	assert_int_equal(w.n, 4);
	assert_int_equal(e->fake.sends, 4);
	gx_mail_sender_free(s);
}

static int broken_next(void *ctx, long long now, struct gx_mail_item *it)
{
	return -1;
}

static void test_queue_error(void **state)
{
	struct env *e = *state;
	struct gx_mail_queue q = e->q;
	q.next_due = broken_next;
	struct gx_mail_attempt a;
	assert_int_equal(gx_mail_sender_step(e->sender, &q, NOW, &a), -1);
	assert_int_equal(e->fake.sends, 0);
}

static void test_memqueue(void **state)
{
	struct env *e = *state;
	struct gx_mail_item it = document(1);
	assert_true(gx_mail_memqueue_next_at(e->mq) == -1);
	assert_int_equal(gx_mail_memqueue_push(e->mq, &it, NOW + 5), 0);
	assert_int_equal(gx_mail_memqueue_push(e->mq, &it, NOW), -1); /* the id is queued already */
	for (uint64_t id = 2; id <= 8; id++) {
		it = document(id);
		assert_int_equal(gx_mail_memqueue_push(e->mq, &it, NOW + 10 - (long long)id), 0);
	}
	it = document(9);
	assert_int_equal(gx_mail_memqueue_push(e->mq, &it, NOW), -1); /* full of pending items */
	assert_true(gx_mail_memqueue_next_at(e->mq) == NOW + 2);
	/* the earliest due first */
	struct gx_mail_item got;
	assert_int_equal(e->q.next_due(e->q.ctx, NOW + 100, &got), 1);
	assert_int_equal(got.id.value, 8);
	assert_int_equal(e->q.mark_sent(e->q.ctx, got.id), 0);
	/* a finished slot is taken again when needed */
	assert_int_equal(gx_mail_memqueue_push(e->mq, &it, NOW), 0);
	struct gx_mail_status st;
	assert_int_equal(gx_mail_memqueue_status(e->mq, (struct gx_mail_id){8}, &st), -1);
	/* an unterminated string is refused */
	it = document(20);
	memset(it.title, 'x', sizeof(it.title));
	it.id.value = 21;
	assert_int_equal(e->q.mark_sent(e->q.ctx, (struct gx_mail_id){999}), -1);
	assert_int_equal(gx_mail_memqueue_push(e->mq, &it, NOW), -1);
}

static void test_thread_drains_and_stops(void **state)
{
	struct env *e = *state;
	e->fake.script[0] = LATER; /* the first goes back for a while */
	e->fake.script[0].retry_after_ms = 200;
	e->fake.nscript = 1;
	struct gx_mail_memqueue *codes = gx_mail_memqueue_new(4);
	struct gx_mail_queue queues[2] = {e->q, gx_mail_memqueue_queue(codes)};
	assert_int_equal(gx_mail_sender_start(e->sender, queues, 2, 50), 0);
	assert_int_equal(gx_mail_sender_start(e->sender, queues, 2, 50), -1); /* once */
	long long now = gx_wall_us();
	for (uint64_t id = 1; id <= 3; id++) {
		struct gx_mail_item it = document(id);
		it.created_us = now;
		assert_int_equal(gx_mail_memqueue_push(e->mq, &it, now), 0);
	}
	struct gx_mail_item c = {.id = {100}, .created_us = now, .kind = GX_MAIL_CODE};
	strcpy(c.lang, "fr");
	strcpy(c.to, "person@example.org");
	strcpy(c.code, "482913");
	strcpy(c.minutes, "15");
	assert_int_equal(gx_mail_memqueue_push(codes, &c, now), 0);
	gx_mail_sender_wake(e->sender);
	/* all four sent within a few seconds */
	struct gx_mail_status st;
	for (int i = 0; i < 200; i++) {
		bool done = gx_mail_memqueue_next_at(e->mq) == -1 && gx_mail_memqueue_next_at(codes) == -1;
		if (done)
			break;
		struct timespec ts = {0, 20 * 1000000};
		nanosleep(&ts, NULL);
	}
	gx_mail_sender_stop(e->sender);
	for (uint64_t id = 1; id <= 3; id++) {
		assert_int_equal(gx_mail_memqueue_status(e->mq, (struct gx_mail_id){id}, &st), 0);
		assert_int_equal(st.state, GX_MAIL_SENT);
	}
	assert_int_equal(gx_mail_memqueue_status(codes, (struct gx_mail_id){100}, &st), 0);
	assert_int_equal(st.state, GX_MAIL_SENT);
	assert_int_equal(e->fake.sends, 5);
	/* the code reached the mail, and left the queue's memory */
	bool code_mailed = false;
	for (size_t i = 0; i < e->fake.sends; i++) {
		char *b = tu_qp_body(e->fake.got[i]);
		code_mailed |= strstr(b, "482913") != NULL;
		free(b);
	}
	assert_true(code_mailed);
	gx_mail_memqueue_free(codes);
	/* stopped twice is fine; a stopped sender can be freed */
	gx_mail_sender_stop(e->sender);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_delivered, setup, teardown),
		cmocka_unit_test_setup_teardown(test_transient_then_delivered, setup, teardown),
		cmocka_unit_test_setup_teardown(test_permanent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_out_of_attempts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unbuildable_is_permanent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lost_mark_recorded_not_sent_again, setup, teardown),
		cmocka_unit_test_setup_teardown(test_owed_mark_holds_the_queue, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mark_given_up_sends_again_with_same_id, setup, teardown),
		cmocka_unit_test_setup_teardown(test_each_marked_before_the_next_send, setup, teardown),
		cmocka_unit_test_setup_teardown(test_queue_error, setup, teardown),
		cmocka_unit_test_setup_teardown(test_memqueue, setup, teardown),
		cmocka_unit_test_setup_teardown(test_thread_drains_and_stops, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
