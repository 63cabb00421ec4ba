#ifndef GX_SESSION_CACHE_H
#define GX_SESSION_CACHE_H

/** Internal to src/session: the process-wide session cache (a hash table
 *  under a reader-writer lock). */

#include <stdbool.h>
#include <stddef.h>

#include "store/store.h"

struct gx_session_entry {
	struct gx_session_row row;
	struct gx_declined_names declined;  /* the person's No's, read with the row or set since */
	long long cached_at_us;
	long long touched_at_us;   /* last time last_seen was written to the store */
};

/** Every entry is copied in and out under the lock: a reader gets either
 *  the entry before a writer's change or after it, never a mix. */
int gx_session_cache_init(void);
/** The same with room for max_entries (gx_session_cache_init: 2^20); when
 *  it is full, putting a new entry first empties the cache (entries are
 *  re-read from the store). For tests of that bound. */
int gx_session_cache_init_bounded(size_t max_entries);
void gx_session_cache_free(void);
/** Copies the entry for hash into out; false when absent. */
bool gx_session_cache_get(const unsigned char *hash, struct gx_session_entry *out);
void gx_session_cache_put(const struct gx_session_entry *e);
/** Moves the entry's last-seen time forward. */
void gx_session_cache_seen(const unsigned char *hash, long long last_seen_us, long long touched_at_us);
void gx_session_cache_remove(const unsigned char *hash);
/** Puts declined in every entry of the person that holds an older version
 *  of their choices (or none complete at that version); returns how many
 *  entries took it. Walks the whole cache under the write lock: for a
 *  person's choice, which is rare. */
size_t gx_session_cache_choices(long long person_id, const struct gx_declined_names *declined);

#endif
