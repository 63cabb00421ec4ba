/** The in-memory queue (memqueue.h). */

#include "mail/memqueue.h"

#include <pthread.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

struct slot {
	bool used;
	enum gx_mail_state state;
	long long due_us;
	unsigned smtp_code;
	struct gx_mail_item item;
};

struct gx_mail_memqueue {
	pthread_mutex_t lock;
	size_t cap;
	struct slot slots[];
};

struct gx_mail_memqueue *gx_mail_memqueue_new(size_t cap)
{
	if (cap == 0 || cap > (1u << 20))
		return NULL;
	struct gx_mail_memqueue *q = calloc(1, sizeof(*q) + cap * sizeof(struct slot));
	if (q == NULL)
		return NULL;
	q->cap = cap;
	pthread_mutex_init(&q->lock, NULL);
	return q;
}

void gx_mail_memqueue_free(struct gx_mail_memqueue *q)
{
	if (q == NULL)
		return;
	pthread_mutex_destroy(&q->lock);
	sodium_memzero(q->slots, q->cap * sizeof(struct slot));
	free(q);
}

static struct slot *find(struct gx_mail_memqueue *q, struct gx_mail_id id)
{
	for (size_t i = 0; i < q->cap; i++)
		if (q->slots[i].used && q->slots[i].item.id.value == id.value)
			return &q->slots[i];
	return NULL;
}

#define TERMINATED(a) (memchr((a), '\0', sizeof(a)) != NULL)

static bool item_ok(const struct gx_mail_item *it)
{
	return TERMINATED(it->lang) && TERMINATED(it->to) && TERMINATED(it->organisation) && TERMINATED(it->title) &&
	       TERMINATED(it->date) && TERMINATED(it->code) && TERMINATED(it->minutes);
}

int gx_mail_memqueue_push(struct gx_mail_memqueue *q, const struct gx_mail_item *item, long long due_us)
{
	if (!item_ok(item))
		return -1;
	int rc = -1;
	pthread_mutex_lock(&q->lock);
	struct slot *free_slot = NULL, *done = NULL;
	if (find(q, item->id) != NULL)
		goto out;
	for (size_t i = 0; i < q->cap && free_slot == NULL; i++) {
		if (!q->slots[i].used)
			free_slot = &q->slots[i];
		else if (q->slots[i].state != GX_MAIL_PENDING && done == NULL)
			done = &q->slots[i];
	}
	struct slot *s = free_slot != NULL ? free_slot : done;
	if (s != NULL) {
		*s = (struct slot){.used = true, .state = GX_MAIL_PENDING, .due_us = due_us, .item = *item};
		rc = 0;
	}
out:
	pthread_mutex_unlock(&q->lock);
	return rc;
}

static int next_due(void *ctx, long long now_us, struct gx_mail_item *item)
{
	struct gx_mail_memqueue *q = ctx;
	pthread_mutex_lock(&q->lock);
	struct slot *best = NULL;
	for (size_t i = 0; i < q->cap; i++) {
		struct slot *s = &q->slots[i];
		if (s->used && s->state == GX_MAIL_PENDING && s->due_us <= now_us && (best == NULL || s->due_us < best->due_us))
			best = s;
	}
	if (best != NULL)
		*item = best->item;
	pthread_mutex_unlock(&q->lock);
	return best != NULL ? 1 : 0;
}

/* Ends id's life in the queue: its contents wiped, its outcome kept. */
static int finish(struct gx_mail_memqueue *q, struct gx_mail_id id, enum gx_mail_state state, unsigned code)
{
	pthread_mutex_lock(&q->lock);
	struct slot *s = find(q, id);
	if (s != NULL && s->state == GX_MAIL_PENDING) {
		unsigned attempts = s->item.attempts + 1;
		sodium_memzero(&s->item, sizeof(s->item));
		s->item.id = id;
		s->item.attempts = attempts;
		s->state = state;
		s->smtp_code = code;
	}
	pthread_mutex_unlock(&q->lock);
	return s != NULL ? 0 : -1;
}

static int mark_sent(void *ctx, struct gx_mail_id id)
{
	return finish(ctx, id, GX_MAIL_SENT, 0);
}

static int mark_failed(void *ctx, struct gx_mail_id id, unsigned smtp_code)
{
	return finish(ctx, id, GX_MAIL_FAILED, smtp_code);
}

static int mark_retry(void *ctx, struct gx_mail_id id, long long at_us)
{
	struct gx_mail_memqueue *q = ctx;
	pthread_mutex_lock(&q->lock);
	struct slot *s = find(q, id);
	if (s != NULL && s->state == GX_MAIL_PENDING) {
		s->item.attempts++;
		s->due_us = at_us;
	}
	pthread_mutex_unlock(&q->lock);
	return s != NULL ? 0 : -1;
}

struct gx_mail_queue gx_mail_memqueue_queue(struct gx_mail_memqueue *q)
{
	return (struct gx_mail_queue){
		.next_due = next_due,
		.mark_sent = mark_sent,
		.mark_retry = mark_retry,
		.mark_failed = mark_failed,
		.ctx = q,
	};
}

int gx_mail_memqueue_status(struct gx_mail_memqueue *q, struct gx_mail_id id, struct gx_mail_status *out)
{
	pthread_mutex_lock(&q->lock);
	struct slot *s = find(q, id);
	if (s != NULL)
		*out = (struct gx_mail_status){
			.state = s->state, .attempts = s->item.attempts, .smtp_code = s->smtp_code, .due_us = s->due_us};
	pthread_mutex_unlock(&q->lock);
	return s != NULL ? 0 : -1;
}

long long gx_mail_memqueue_next_at(struct gx_mail_memqueue *q)
{
	long long at = -1;
	pthread_mutex_lock(&q->lock);
	for (size_t i = 0; i < q->cap; i++) {
		const struct slot *s = &q->slots[i];
		if (s->used && s->state == GX_MAIL_PENDING && (at < 0 || s->due_us < at))
			at = s->due_us;
	}
	pthread_mutex_unlock(&q->lock);
	return at;
}
