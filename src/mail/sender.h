#ifndef GX_MAIL_SENDER_H
#define GX_MAIL_SENDER_H

/** The sender: takes due notifications from queues (queue.h), makes each a
 *  message in the person's language (texts.h, message.h), sends it
 *  (mailer.h) and records what came of it in the queue:
 *
 *   delivered   mark_sent, only now (the server said 250 after the end),
 *               before anything else: one message per SMTP transaction,
 *               each marked on its own right after its own 250
 *   transient   mark_retry at now + the backoff, or mark_failed with the
 *               last code once mail.retry.max_attempts are used up
 *   permanent   mark_failed with the SMTP code (0: no message could be made)
 *
 *  It runs on its own thread (gx_mail_sender_start), because a send
 *  blocks; the event loops only queue and wake it. Each attempt is logged
 *  (event "mail") with the notification's id, the attempt, the outcome and
 *  the codes: never the address, the texts or the server's words.
 *
 *  gx_mail_sender_step is one attempt without the thread: the tests and
 *  guichetctl mail test drive it directly. */

#include <stdbool.h>
#include <stddef.h>

#include "config/config.h"
#include "mail/mailer.h"
#include "mail/queue.h"
#include "mail/texts.h"

/** How a message goes out: the mailer, or a test's fake. */
struct gx_mail_transport {
	void (*send)(void *ctx, const char *to, const char *message, size_t len, unsigned attempt,
		     struct gx_mail_result *out);
	void *ctx;
};

/** The transport over a mailer (borrowed). */
struct gx_mail_transport gx_mail_transport_smtp(struct gx_mailer *m);

struct gx_mail_sender;

/** A sender with copies of the From address, display name and retry
 *  settings of cfg (checked with gx_mail_settings_check); texts and the
 *  transport's context are borrowed and must outlive it. */
struct gx_mail_sender *gx_mail_sender_new(const struct gx_config_mail *cfg, const struct gx_mail_texts *texts,
					  struct gx_mail_transport transport);

/** What one attempt came to. */
struct gx_mail_attempt {
	struct gx_mail_id id;
	unsigned attempt;              /* this attempt's number, from 1 */
	struct gx_mail_result result;
	enum gx_mail_fault fault;      /* cause MESSAGE: the field that could not be made */
	bool gave_up;                  /* transient, but that was the last attempt allowed */
	bool recorded;                 /* the queue took the mark */
	bool owed;                     /* delivered, not recorded: the sender records it before its next
					* step on that queue, and never sends it again (else it comes back) */
	long long mark_us;             /* delivered: how long the mark took to be recorded (the window in
					* which a stop sends the message a second time) */
};

/** One line saying what a came to, codes only: "notification 42 attempt
 *  2: transient (reply, after rcpt: SMTP 451 4.3.0); retry in 61.250 s". */
void gx_mail_attempt_describe(const struct gx_mail_attempt *a, char *out, size_t cap);

/** Takes one due item from q at now_us and tries it once. Returns 1 with
 *  *a filled, 0 when nothing was due, -1 when the queue failed. A "sent"
 *  mark q could not record (a->owed) is tried again first, at each step on
 *  q, and nothing else is taken from q until it is recorded: a message the
 *  server took is not sent again by this sender because a later write
 *  failed (a stop before the mark is durable still sends it again). */
int gx_mail_sender_step(struct gx_mail_sender *s, const struct gx_mail_queue *q, long long now_us,
			struct gx_mail_attempt *a);

/** Starts the sender's thread over queues (n of them, copied): it drains
 *  every due item, then sleeps poll_ms or until woken. 0, or -1. */
int gx_mail_sender_start(struct gx_mail_sender *s, const struct gx_mail_queue *queues, size_t n, unsigned poll_ms);

/** Wakes the thread now (something was queued). Safe from any thread. */
void gx_mail_sender_wake(struct gx_mail_sender *s);

/** Stops the thread and waits for it: a send under way ends first (within
 *  mail.timeout_ms) and is recorded. */
void gx_mail_sender_stop(struct gx_mail_sender *s);

/** Stops the thread if it runs, and frees s. */
void gx_mail_sender_free(struct gx_mail_sender *s);

#endif
