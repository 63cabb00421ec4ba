#include "session/cache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define NBUCKETS 65536  /* a power of two */
#define MAX_ENTRIES (1 << 20)

struct node {
	struct node *next;
	struct gx_session_entry e;
};

static struct node **buckets;
static size_t count;
static size_t max_entries = MAX_ENTRIES;
static pthread_rwlock_t lock = PTHREAD_RWLOCK_INITIALIZER;

/* The key is already a SHA-256: its first bytes are as good as any hash. */
static size_t slot(const unsigned char *hash)
{
	size_t h;
	memcpy(&h, hash, sizeof(h));
	return h & (NBUCKETS - 1);
}

int gx_session_cache_init_bounded(size_t max)
{
	buckets = calloc(NBUCKETS, sizeof(*buckets));
	count = 0;
	max_entries = max;
	return buckets != NULL ? 0 : -1;
}

int gx_session_cache_init(void)
{
	return gx_session_cache_init_bounded(MAX_ENTRIES);
}

static void clear_all(void)
{
	for (size_t i = 0; i < NBUCKETS; i++) {
		struct node *n = buckets[i];
		while (n != NULL) {
			struct node *next = n->next;
			free(n);
			n = next;
		}
		buckets[i] = NULL;
	}
	count = 0;
}

void gx_session_cache_free(void)
{
	if (buckets == NULL)
		return;
	clear_all();
	free(buckets);
	buckets = NULL;
}

static struct node *find(const unsigned char *hash)
{
	for (struct node *n = buckets[slot(hash)]; n != NULL; n = n->next)
		if (memcmp(n->e.row.id_hash, hash, GX_SESSION_HASH_BYTES) == 0)
			return n;
	return NULL;
}

bool gx_session_cache_get(const unsigned char *hash, struct gx_session_entry *out)
{
	pthread_rwlock_rdlock(&lock);
	struct node *n = find(hash);
	if (n != NULL)
		*out = n->e;
	pthread_rwlock_unlock(&lock);
	return n != NULL;
}

void gx_session_cache_put(const struct gx_session_entry *e)
{
	pthread_rwlock_wrlock(&lock);
	struct node *n = find(e->row.id_hash);
	if (n == NULL) {
		/* A bound on memory: past it, start over (entries are re-read from the store). */
		if (count >= max_entries)
			clear_all();
		n = malloc(sizeof(*n));
		if (n != NULL) {
			size_t s = slot(e->row.id_hash);
			n->next = buckets[s];
			buckets[s] = n;
			count++;
		}
	}
	if (n != NULL)
		n->e = *e;
	pthread_rwlock_unlock(&lock);
}

void gx_session_cache_seen(const unsigned char *hash, long long last_seen_us, long long touched_at_us)
{
	pthread_rwlock_wrlock(&lock);
	struct node *n = find(hash);
	if (n != NULL) {
		if (last_seen_us > n->e.row.last_seen_at_us)
			n->e.row.last_seen_at_us = last_seen_us;
		if (touched_at_us > n->e.touched_at_us)
			n->e.touched_at_us = touched_at_us;
	}
	pthread_rwlock_unlock(&lock);
}

void gx_session_cache_remove(const unsigned char *hash)
{
	pthread_rwlock_wrlock(&lock);
	struct node **p = &buckets[slot(hash)];
	while (*p != NULL) {
		if (memcmp((*p)->e.row.id_hash, hash, GX_SESSION_HASH_BYTES) == 0) {
			struct node *dead = *p;
			*p = dead->next;
			free(dead);
			count--;
			break;
		}
		p = &(*p)->next;
	}
	pthread_rwlock_unlock(&lock);
}

size_t gx_session_cache_choices(long long person_id, const struct gx_declined_names *declined)
{
	size_t n = 0;
	pthread_rwlock_wrlock(&lock);
	for (size_t i = 0; buckets != NULL && i < NBUCKETS; i++)
		for (struct node *x = buckets[i]; x != NULL; x = x->next) {
			struct gx_declined_names *d = &x->e.declined;
			if (x->e.row.person_id != person_id || d->version > declined->version ||
			    (d->version == declined->version && d->complete))
				continue;
			*d = *declined;
			n++;
		}
	pthread_rwlock_unlock(&lock);
	return n;
}
