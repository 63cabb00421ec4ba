/* Mail sent at once through the sender's in-memory queue (mail_out.h). */

#include "core/mail_out.h"

static struct gx_mail_memqueue *queue;
static struct gx_mail_sender *sender;

void gx_mail_out_set(struct gx_mail_memqueue *q, struct gx_mail_sender *s)
{
	queue = q;
	sender = s;
}

bool gx_mail_out_on(void)
{
	return queue != NULL && sender != NULL;
}

int gx_mail_out_push(const struct gx_mail_item *item)
{
	if (!gx_mail_out_on() || gx_mail_memqueue_push(queue, item, item->created_us) != 0)
		return -1;
	gx_mail_sender_wake(sender);
	return 0;
}

uint64_t gx_mail_out_receipt_id(long long submission_id)
{
	return (UINT64_C(0x5245) << 48) | ((uint64_t)submission_id & UINT64_C(0xFFFFFFFFFFFF)); /* "RE" */
}
