#ifndef GX_MAIL_MEMQUEUE_H
#define GX_MAIL_MEMQUEUE_H

/** A queue of notifications in memory (queue.h), for tests, guichetctl
 *  mail test, and what may be lost in a crash: verification codes, which
 *  must not be stored in clear anywhere (code.h), and which the person
 *  asks for again.
 *
 *  Bounded (cap items); safe to use from several threads (one mutex). An
 *  item's texts and code are wiped once it is sent or failed; its id,
 *  state, attempts and code stay until the slot is needed again. */

#include <stddef.h>

#include "mail/queue.h"

struct gx_mail_memqueue;

struct gx_mail_memqueue *gx_mail_memqueue_new(size_t cap);
void gx_mail_memqueue_free(struct gx_mail_memqueue *q);

/** Queues a copy of item, due at due_us. Returns 0, or -1 when the queue
 *  is full of pending items, the id is already queued, or the item's
 *  strings are not NUL-terminated within their arrays. */
int gx_mail_memqueue_push(struct gx_mail_memqueue *q, const struct gx_mail_item *item, long long due_us);

/** The queue interface over q (borrowing q). */
struct gx_mail_queue gx_mail_memqueue_queue(struct gx_mail_memqueue *q);

enum gx_mail_state { GX_MAIL_PENDING, GX_MAIL_SENT, GX_MAIL_FAILED };

struct gx_mail_status {
	enum gx_mail_state state;
	unsigned attempts;
	unsigned smtp_code;    /* failed: the code it was marked with */
	long long due_us;      /* pending: when it is due */
};

/** Where id stands: 0, or -1 when it is not (or no longer) in the queue. */
int gx_mail_memqueue_status(struct gx_mail_memqueue *q, struct gx_mail_id id, struct gx_mail_status *out);

/** The earliest due time of a pending item, -1 when none is pending: how
 *  long a sender with nothing to do may sleep. */
long long gx_mail_memqueue_next_at(struct gx_mail_memqueue *q);

#endif
