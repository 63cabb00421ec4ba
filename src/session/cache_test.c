/** The session cache (cache.h): its contract on one thread (copies in and
 *  out, last-seen only forward, removal from a shared bucket, the bound on
 *  entries), and its lock under concurrent readers and a writer.
 *
 *  The test build has ASan and UBSan but no ThreadSanitizer, so a race is
 *  not reported by a tool: the concurrent test makes one visible in the
 *  data instead. Every field of every entry is derived from (key,
 *  generation), so a read that mixes two writes does not add up; the
 *  writer's generations only grow, so a reader must never see one go back;
 *  last-seen and touched move together, so a half-applied "seen" shows.
 *  Reader threads only count what they find (cmocka's asserts are for the
 *  main thread) and the main thread judges, after checking that the
 *  readers really did overlap the writer (saw entries change, appear and
 *  disappear) so that the test cannot pass without having tried. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "session/cache.h"

/* Keys share buckets: the cache's bucket is taken from the hash's first
 * bytes, which repeat every KEY_BUCKETS keys, so chains are walked and
 * cut in the middle. */
#define KEYS 64
#define KEY_BUCKETS 4

static void key_of(int k, unsigned char hash[GX_SESSION_HASH_BYTES])
{
	memset(hash, 0xc3, GX_SESSION_HASH_BYTES);
	memset(hash, 0, 8);
	hash[0] = (unsigned char)(k % KEY_BUCKETS);
	hash[9] = (unsigned char)k;
	hash[GX_SESSION_HASH_BYTES - 1] = (unsigned char)(255 - k);
}

/* The complete entry of key k at generation g (g >= 1). */
static void entry_of(int k, long long g, struct gx_session_entry *e)
{
	memset(e, 0, sizeof(*e));
	key_of(k, e->row.id_hash);
	e->row.person_id = (long long)k << 32 | g;
	e->row.space_id = ~e->row.person_id;
	snprintf(e->row.csrf_token, sizeof(e->row.csrf_token), "csrf-%02d-%012lld-", k, g);
	for (size_t i = strlen(e->row.csrf_token); i + 1 < sizeof(e->row.csrf_token); i++)
		e->row.csrf_token[i] = (char)('a' + (size_t)(k + g + (long long)i) % 26);
	e->row.created_at_us = g * 1000 + k;
	e->row.expires_at_us = g * 1000 + k + 3600;
	e->row.in_space = (g + k) % 2 == 0;
	for (size_t i = 0; i + 1 < sizeof(e->row.person_name); i++)
		e->row.person_name[i] = (char)('A' + (size_t)(k * 7 + g + (long long)i) % 26);
	e->row.last_seen_at_us = g * 16;
	e->cached_at_us = g * 3 + k;
	e->touched_at_us = g * 16;
}

/* The generation e holds when it is the complete entry of key k at some
 * generation (last-seen and touched moved together by at most one "seen"),
 * or -1 when it is not: a torn read. */
static long long generation_of(int k, const struct gx_session_entry *e)
{
	long long g = e->row.person_id & 0xffffffffLL;
	if (g < 1 || (e->row.person_id >> 32) != k)
		return -1;
	struct gx_session_entry want;
	entry_of(k, g, &want);
	long long seen = e->row.last_seen_at_us;
	if ((seen != g * 16 && seen != g * 16 + 1) || e->touched_at_us != seen)
		return -1;
	want.row.last_seen_at_us = seen;
	want.touched_at_us = seen;
	return memcmp(&want, e, sizeof(want)) == 0 ? g : -1;
}

static int setup(void **state)
{
	return gx_session_cache_init();
}

static int teardown(void **state)
{
	gx_session_cache_free();
	return 0;
}

/* --- one thread: the contract --------------------------------------------- */

static void test_put_get_copies(void **state)
{
	unsigned char h[GX_SESSION_HASH_BYTES];
	struct gx_session_entry e, out;
	key_of(1, h);
	assert_false(gx_session_cache_get(h, &out));
	entry_of(1, 5, &e);
	gx_session_cache_put(&e);
	memset(&out, 0xa5, sizeof(out));
	assert_true(gx_session_cache_get(h, &out));
	assert_memory_equal(&out, &e, sizeof(e));
	/* A copy: changing either side changes nothing in the cache. */
	e.row.person_id = 99;
	out.row.space_id = 99;
	assert_true(gx_session_cache_get(h, &out));
	assert_int_equal(generation_of(1, &out), 5);
	/* Putting the same hash again replaces the entry. */
	entry_of(1, 6, &e);
	gx_session_cache_put(&e);
	assert_true(gx_session_cache_get(h, &out));
	assert_int_equal(generation_of(1, &out), 6);
	/* Another key in the same bucket is another entry. */
	unsigned char h2[GX_SESSION_HASH_BYTES];
	key_of(1 + KEY_BUCKETS, h2);
	assert_false(gx_session_cache_get(h2, &out));
	entry_of(1 + KEY_BUCKETS, 2, &e);
	gx_session_cache_put(&e);
	assert_true(gx_session_cache_get(h2, &out));
	assert_int_equal(generation_of(1 + KEY_BUCKETS, &out), 2);
	assert_true(gx_session_cache_get(h, &out));
	assert_int_equal(generation_of(1, &out), 6);
}

static void test_seen_only_forward(void **state)
{
	unsigned char h[GX_SESSION_HASH_BYTES];
	struct gx_session_entry e, out;
	key_of(3, h);
	/* Absent: nothing to move, and nothing is added. */
	gx_session_cache_seen(h, 1000, 1000);
	assert_false(gx_session_cache_get(h, &out));
	entry_of(3, 10, &e); /* last seen and touched: 160 */
	gx_session_cache_put(&e);
	gx_session_cache_seen(h, 170, 0); /* seen, not written to the store */
	assert_true(gx_session_cache_get(h, &out));
	assert_int_equal(out.row.last_seen_at_us, 170);
	assert_int_equal(out.touched_at_us, 160);
	gx_session_cache_seen(h, 150, 150); /* both earlier: neither goes back */
	assert_true(gx_session_cache_get(h, &out));
	assert_int_equal(out.row.last_seen_at_us, 170);
	assert_int_equal(out.touched_at_us, 160);
	gx_session_cache_seen(h, 180, 180);
	assert_true(gx_session_cache_get(h, &out));
	assert_int_equal(out.row.last_seen_at_us, 180);
	assert_int_equal(out.touched_at_us, 180);
	/* Nothing else changed. */
	out.row.last_seen_at_us = e.row.last_seen_at_us;
	out.touched_at_us = e.touched_at_us;
	assert_memory_equal(&out, &e, sizeof(e));
}

static void test_remove(void **state)
{
	unsigned char h[KEY_BUCKETS * 3][GX_SESSION_HASH_BYTES];
	struct gx_session_entry e, out;
	/* Three keys in each of KEY_BUCKETS buckets. */
	for (int k = 0; k < KEY_BUCKETS * 3; k++) {
		key_of(k, h[k]);
		entry_of(k, 1, &e);
		gx_session_cache_put(&e);
	}
	/* Removed from the head, the middle and the tail of chains. */
	for (int k = 0; k < KEY_BUCKETS * 3; k += 2)
		gx_session_cache_remove(h[k]);
	for (int k = 0; k < KEY_BUCKETS * 3; k++) {
		if (k % 2 == 0) {
			assert_false(gx_session_cache_get(h[k], &out));
		} else {
			assert_true(gx_session_cache_get(h[k], &out));
			assert_int_equal(generation_of(k, &out), 1);
		}
	}
	/* Absent or removed twice: nothing happens. */
	gx_session_cache_remove(h[0]);
	unsigned char other[GX_SESSION_HASH_BYTES];
	key_of(KEYS - 1, other);
	gx_session_cache_remove(other);
	assert_true(gx_session_cache_get(h[1], &out));
	/* A removed key can come back. */
	entry_of(0, 2, &e);
	gx_session_cache_put(&e);
	assert_true(gx_session_cache_get(h[0], &out));
	assert_int_equal(generation_of(0, &out), 2);
}

static void test_bound_starts_over(void **state)
{
	gx_session_cache_free();
	assert_int_equal(gx_session_cache_init_bounded(4), 0);
	unsigned char h[6][GX_SESSION_HASH_BYTES];
	struct gx_session_entry e, out;
	for (int k = 0; k < 6; k++)
		key_of(k, h[k]);
	for (int k = 0; k < 4; k++) {
		entry_of(k, 1, &e);
		gx_session_cache_put(&e);
	}
	for (int k = 0; k < 4; k++)
		assert_true(gx_session_cache_get(h[k], &out));
	/* Full: replacing an entry keeps the others. */
	entry_of(2, 2, &e);
	gx_session_cache_put(&e);
	for (int k = 0; k < 4; k++)
		assert_true(gx_session_cache_get(h[k], &out));
	assert_true(gx_session_cache_get(h[2], &out));
	assert_int_equal(generation_of(2, &out), 2);
	/* A removal makes room. */
	gx_session_cache_remove(h[0]);
	entry_of(4, 1, &e);
	gx_session_cache_put(&e);
	for (int k = 1; k < 5; k++)
		assert_true(gx_session_cache_get(h[k], &out));
	/* Full, and a new key: the cache starts over with it alone. */
	entry_of(5, 1, &e);
	gx_session_cache_put(&e);
	for (int k = 0; k < 5; k++)
		assert_false(gx_session_cache_get(h[k], &out));
	assert_true(gx_session_cache_get(h[5], &out));
	assert_int_equal(generation_of(5, &out), 1);
	/* Freed twice is harmless; a new cache is empty. */
	gx_session_cache_free();
	gx_session_cache_free();
	assert_int_equal(gx_session_cache_init(), 0);
	assert_false(gx_session_cache_get(h[5], &out));
}

/* --- readers and a writer --------------------------------------------------- */

#define READERS 3
#define MIN_ROUNDS 300
#define MAX_SECONDS 20
/* Fewer than KEYS: the writer's puts keep hitting the bound, so the
 * cache empties itself under the readers too. */
#define BOUND 48

struct reader {
	pthread_t thread;
	unsigned seed;
	long long last[KEYS];          /* the newest generation seen per key */
	_Atomic long long reads, hits, misses, changes;
	_Atomic long long torn, backwards;
	char first_bad[160];           /* written by this reader only, read after join */
};

static atomic_bool stop;
static _Atomic long long rounds;

static void *reader_main(void *arg)
{
	struct reader *r = arg;
	unsigned char h[GX_SESSION_HASH_BYTES];
	struct gx_session_entry out;
	while (!atomic_load(&stop)) {
		int k = (int)(rand_r(&r->seed) % KEYS);
		key_of(k, h);
		memset(&out, 0xa5, sizeof(out));
		/* glibc's rwlock prefers readers: without a pause now and then,
		 * readers that never stop keep the writer out for long. */
		if (atomic_fetch_add(&r->reads, 1) % 128 == 127)
			sched_yield();
		if (!gx_session_cache_get(h, &out)) {
			atomic_fetch_add(&r->misses, 1);
			continue;
		}
		atomic_fetch_add(&r->hits, 1);
		long long g = generation_of(k, &out);
		if (g < 0) {
			if (atomic_fetch_add(&r->torn, 1) == 0 && atomic_load(&r->backwards) == 0)
				snprintf(r->first_bad, sizeof(r->first_bad),
					 "key %d: a mixed entry (person_id %llx, last seen %lld, touched %lld)", k,
					 (unsigned long long)out.row.person_id, out.row.last_seen_at_us, out.touched_at_us);
			continue;
		}
		if (g < r->last[k]) {
			if (atomic_fetch_add(&r->backwards, 1) == 0 && atomic_load(&r->torn) == 0)
				snprintf(r->first_bad, sizeof(r->first_bad), "key %d: generation %lld after %lld", k, g,
					 r->last[k]);
		} else if (g > r->last[k]) {
			if (r->last[k] > 0)
				atomic_fetch_add(&r->changes, 1);
			r->last[k] = g;
		}
	}
	return NULL;
}

static long long now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

/* Readers have seen entries change, and come and go, many times over. */
static bool readers_have_overlapped(struct reader *rs)
{
	for (int i = 0; i < READERS; i++)
		if (atomic_load(&rs[i].changes) < 50 || atomic_load(&rs[i].misses) < 50 || atomic_load(&rs[i].hits) < 50)
			return false;
	return true;
}

static void test_readers_never_see_a_torn_entry(void **state)
{
	gx_session_cache_free();
	assert_int_equal(gx_session_cache_init_bounded(BOUND), 0);
	static struct reader rs[READERS];
	memset(rs, 0, sizeof(rs));
	atomic_store(&stop, false);
	atomic_store(&rounds, 0);
	for (int i = 0; i < READERS; i++) {
		rs[i].seed = 12345u + (unsigned)i;
		assert_int_equal(pthread_create(&rs[i].thread, NULL, reader_main, &rs[i]), 0);
	}
	/* The writer (this thread): each round puts every key at a new
	 * generation, marks some seen, and invalidates others; puts of keys
	 * that were removed find the cache full and empty it. */
	unsigned char h[GX_SESSION_HASH_BYTES];
	struct gx_session_entry e;
	long long deadline = now_s() + MAX_SECONDS;
	long long g;
	for (g = 1; g < MIN_ROUNDS || (!readers_have_overlapped(rs) && now_s() < deadline); g++) {
		for (int k = 0; k < KEYS; k++) {
			key_of(k, h);
			if ((k + g) % 5 == 0) {
				gx_session_cache_remove(h);
				continue;
			}
			entry_of(k, g, &e);
			gx_session_cache_put(&e);
			if ((k + g) % 3 == 0)
				gx_session_cache_seen(h, g * 16 + 1, g * 16 + 1);
		}
		atomic_store(&rounds, g);
	}
	atomic_store(&stop, true);
	for (int i = 0; i < READERS; i++)
		assert_int_equal(pthread_join(rs[i].thread, NULL), 0);
	if (getenv("TRACE") != NULL) /* how much the readers saw */
		for (int i = 0; i < READERS; i++)
			print_message("rounds %lld reader %d: %lld reads, %lld hits, %lld misses, %lld changes\n", g - 1, i,
				      atomic_load(&rs[i].reads), atomic_load(&rs[i].hits), atomic_load(&rs[i].misses),
				      atomic_load(&rs[i].changes));

	for (int i = 0; i < READERS; i++) {
		struct reader *r = &rs[i];
		if (atomic_load(&r->torn) > 0 || atomic_load(&r->backwards) > 0)
			fail_msg("reader %d: %lld torn reads, %lld going back, of %lld: first: %s", i,
				 atomic_load(&r->torn), atomic_load(&r->backwards), atomic_load(&r->reads), r->first_bad);
	}
	if (!readers_have_overlapped(rs)) {
		for (int i = 0; i < READERS; i++)
			print_message("reader %d: %lld reads, %lld hits, %lld misses, %lld changes\n", i,
				      atomic_load(&rs[i].reads), atomic_load(&rs[i].hits), atomic_load(&rs[i].misses),
				      atomic_load(&rs[i].changes));
		fail_msg("the readers did not overlap the writer's %lld rounds in %d s: the test proved nothing", g - 1,
			 MAX_SECONDS);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_put_get_copies, setup, teardown),
		cmocka_unit_test_setup_teardown(test_seen_only_forward, setup, teardown),
		cmocka_unit_test_setup_teardown(test_remove, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bound_starts_over, setup, teardown),
		cmocka_unit_test_setup_teardown(test_readers_never_see_a_torn_entry, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
