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
 * sent only after the SMTP server took it (as soon as the store can make
 * the mark durable: gx_store_run_tx_soon), and kept once per cause and
 * kind, so a retried write does not notify twice. A row taken again while
 * still held from an earlier take is an attempt cut off (maybe delivered):
 * sent again, logged by id and counted (maybe_sent). See docs/reliability.md.
 */

#include <stdbool.h>

#include "core/domain.h"
#include "mail/queue.h"
#include "store/letterbox.h"

/** Inside a delivery's write to space_id: tells its owner person_id (0:
 *  none, a company's space) the "document" notification now, a "reminder"
 *  reminder_days later (0: none), a "due" one due_reminder_days before
 *  due_date (NULL, or already past: none); and the "document" one to each
 *  person acting for the space whose decision lets them read its letter
 *  box (a company's members, a minor's parents, a mandatary whose mandate
 *  includes it). Reminders are the owner's only. */
enum gx_db_status gx_outbox_document(struct gx_store_conn *w, long long space_id, long long person_id,
				     const char *org, long long document_id, long long at_us, unsigned reminder_days,
				     const char *due_date, unsigned due_reminder_days);

/** Inside a case change's write: tells of a request for information
 *  ("request") or a decision ("decision") on a submission (timeline entry
 *  seq) the owner of its space, and each person acting for the space whose
 *  decision covers the submission's procedure (a company's members, a
 *  minor's parents, a mandatary in scope). A representative's row names the
 *  space; the sender asks the decision again when it sends, and skips the
 *  mail of someone who no longer acts for it. */
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
	unsigned maybe_sent;       /* rows taken again after an attempt cut off (maybe delivered) */
};
struct gx_mail_queue gx_outbox_queue(struct gx_outbox_queue *q);

/** The date of a due notification as the language writes it ("31/03/2026", "31.03.2026", "2026-03-31"). */
void gx_outbox_date(const char *iso, const char *lang, char *out, size_t cap);

#endif
