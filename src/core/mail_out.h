#ifndef GX_CORE_MAIL_OUT_H
#define GX_CORE_MAIL_OUT_H

/** What the platform mails at once, from an event loop: the receipt of a
 *  procedure submitted without logging in, to the address the person
 *  gave. The item goes to an in-memory queue that the mail library's
 *  sender thread drains (docs/mail.md): the one of the verification codes
 *  (guichetd/background.c sets both up at start).
 *  In memory, so a crash between the submission's commit and the send
 *  loses that copy: the receipt was shown on the page, with its reference,
 *  before. (Notifications that must survive a crash go through the
 *  outbox, written with what they tell of.) */

#include <stdbool.h>
#include <stdint.h>

#include "mail/memqueue.h"
#include "mail/sender.h"

/** The queue and the sender (borrowed, set once before the loops start;
 *  NULL: mail is off). */
void gx_mail_out_set(struct gx_mail_memqueue *q, struct gx_mail_sender *s);

/** Whether mail is on. */
bool gx_mail_out_on(void);

/** Queues item (copied) due now and wakes the sender: 0, or -1 when mail is
 *  off or the queue took nothing (full). Thread-safe. */
int gx_mail_out_push(const struct gx_mail_item *item);

/** The notification id of a guest submission's receipt: apart from every
 *  other kind's (its Message-ID derives from it). */
uint64_t gx_mail_out_receipt_id(long long submission_id);

#endif
