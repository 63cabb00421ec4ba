#ifndef GX_CORE_OUTBOX_H
#define GX_CORE_OUTBOX_H

/**
 * The transactional outbox: the notifications a change makes are written
 * in the change's own transaction (a row naming its cause, never a text
 * or an address), and the mail sender (mail/sender.h) takes them from the
 * store through the queue below, on its own thread with its own store
 * connection. What a mail says is read when it is sent: the person's
 * verified address (none: skipped), their language, the document's
 * non-sensitive title; a reminder of a document read meanwhile is
 * skipped. A row is held (leased) by one sender while it is sent, marked
 * sent only after the SMTP server took it, and kept once per cause and
 * kind, so a retried write does not notify twice. See docs/letterbox.md.
 */

#include <stdbool.h>

#include "core/domain.h"
#include "mail/queue.h"
#include "store/letterbox.h"

/** Inside a delivery's write: the "document" notification now, a
 *  "reminder" reminder_days later (0: none), a "due" one due_reminder_days
 *  before due_date (NULL, or already past: none). */
enum gx_db_status gx_outbox_document(struct gx_store_conn *w, long long person_id, const char *org,
				     long long document_id, long long at_us, unsigned reminder_days, const char *due_date,
				     unsigned due_reminder_days);

/** Inside a case change's write: tells the person of a request for
 *  information ("request") or a decision ("decision") on their submission
 *  (timeline entry seq). */
enum gx_db_status gx_outbox_case(struct gx_store_conn *w, long long submission_id, int seq, const char *kind,
				 const char *org, long long at_us);

/** Who is woken after a commit that queued notifications (guichetd: the
 *  sender's thread). Set once at start; NULL: nobody (tests, guichetctl). */
void gx_outbox_set_waker(void (*wake)(void *arg), void *arg);
/** Wakes the sender (from any thread). */
void gx_outbox_wake(void);

/** The outbox as the sender's queue. db is the sender thread's own store
 *  connection; a taken row is held lease_ms (longer than one send can
 *  take: mail.timeout_ms and a margin), so that another sender leaves it
 *  alone and a sender that died gives it back then. */
struct gx_outbox_queue {
	struct gx_store_conn *db;
	const struct gx_domain *domain;
	long long lease_us;
	unsigned skipped;          /* rows ended without a mail (no verified address, read, purged) */
};
struct gx_mail_queue gx_outbox_queue(struct gx_outbox_queue *q);

/** The date of a due notification as the language writes it ("31/03/2026", "31.03.2026", "2026-03-31"). */
void gx_outbox_date(const char *iso, const char *lang, char *out, size_t cap);

#endif
