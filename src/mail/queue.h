#ifndef GX_MAIL_QUEUE_H
#define GX_MAIL_QUEUE_H

/** Where the sender takes notifications from: an abstract queue.
 *
 *  The platform's queue is the outbox table, written in the same
 *  transaction as what it notifies of (a document, a request, a decision),
 *  so that a notification exists exactly when its cause does and survives
 *  any crash. memqueue.h is an in-memory queue for tests and for what may
 *  be lost in a crash (a verification code: the person asks for another).
 *
 *  The sender calls these from its own thread, one at a time. The rules
 *  that give "never twice, nothing lost" (docs/mail.md):
 *   - next_due returns an item until it is marked sent or failed: an item
 *     whose mark was lost comes back, and is tried again;
 *   - mark_sent is called only after the server accepted the message (250
 *     after its end), never before: a crash in between sends it again, with
 *     the same Message-ID (SMTP cannot do better than at-least-once);
 *   - with several senders (several guichetd) an item must be given to one
 *     at a time: the outbox leases it (a "locked until" column) in next_due. */

#include <stdint.h>

#include "mail/address.h"
#include "mail/message.h"
#include "mail/texts.h"

/** One notification: who it goes to and what it says. The address is the
 *  person's verified one; the texts are filled in at send time. */
struct gx_mail_item {
	struct gx_mail_id id;
	unsigned attempts;          /* attempts already made: 0 for a new item */
	long long created_us;       /* when it was queued (wall clock): its Date header */
	enum gx_mail_kind kind;
	char lang[4];               /* "fr", "de", "en", "lb" */
	char to[GX_MAIL_ADDRESS_MAX + 1];
	char organisation[GX_MAIL_PARAM_MAX + 1];
	char title[GX_MAIL_PARAM_MAX + 1];
	char date[48];
	char code[8];               /* verification codes only (in memory, never stored) */
	char minutes[8];
	char reference[24];         /* receipts only */
};

struct gx_mail_queue {
	/** Fills *item with an item due at now_us (its due time passed, neither
	 *  sent nor failed) and returns 1; 0 when none is due; -1 on error. */
	int (*next_due)(void *ctx, long long now_us, struct gx_mail_item *item);
	/** The server accepted id. 0, or -1 when it could not be recorded. */
	int (*mark_sent)(void *ctx, struct gx_mail_id id);
	/** id failed for now: one more attempt made, due again at at_us. */
	int (*mark_retry)(void *ctx, struct gx_mail_id id, long long at_us);
	/** id will never be sent: refused for good (smtp_code, 0 when there is
	 *  none: a message that could not be built), or out of attempts. */
	int (*mark_failed)(void *ctx, struct gx_mail_id id, unsigned smtp_code);
	void *ctx;
};

/** The params of an item (pointers into it). */
struct gx_mail_params gx_mail_item_params(const struct gx_mail_item *item);

#endif
