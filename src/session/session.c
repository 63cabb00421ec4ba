#include "session/session.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/cookie.h"
#include "session/cache.h"

static struct gx_session_config config;

#define SEEN_GRANULARITY_US 1000000LL    /* idle clock precision */
#define TOUCH_EVERY_US (60 * 1000000LL)  /* how often last_seen reaches the store */

int gx_sessions_init(const struct gx_session_config *cfg)
{
	if (sodium_init() < 0)
		return -1;
	config = *cfg;
	return gx_session_cache_init();
}

void gx_sessions_free(void)
{
	gx_session_cache_free();
}

void gx_session_hash(const char *cookie_value, size_t len, unsigned char out[GX_SESSION_HASH_BYTES])
{
	crypto_hash_sha256(out, (const unsigned char *)cookie_value, len);
}

static void random_b64(char *out, size_t out_size, size_t bytes)
{
	unsigned char raw[64];
	randombytes_buf(raw, bytes);
	sodium_bin2base64(out, out_size, raw, bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

void gx_session_new(long long person_id, long long space_id, long long now_us, struct gx_session_row *row,
		    char cookie_value[GX_SESSION_ID_CHARS + 1])
{
	random_b64(cookie_value, GX_SESSION_ID_CHARS + 1, 32);
	memset(row, 0, sizeof(*row));
	gx_session_hash(cookie_value, GX_SESSION_ID_CHARS, row->id_hash);
	row->person_id = person_id;
	row->space_id = space_id;
	random_b64(row->csrf_token, sizeof(row->csrf_token), 32);
	row->created_at_us = now_us;
	row->last_seen_at_us = now_us;
	row->expires_at_us = now_us + config.absolute_us;
}

static bool well_formed(const char *v, size_t len)
{
	if (len != GX_SESSION_ID_CHARS)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = v[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return false;
	}
	return true;
}

/* Writes last_seen to the store without making the request wait. */
struct touch {
	unsigned char hash[GX_SESSION_HASH_BYTES];
	long long at_us;
	bool delete;
};

static enum gx_db_status write_touch(struct gx_store_conn *w, void *arg)
{
	struct touch *t = arg;
	if (t->delete)
		return gx_store_session_delete(w, t->hash, NULL, 0);
	return gx_store_session_touch(w, t->hash, t->at_us);
}

static void touch_done(void *arg, enum gx_db_status result)
{
	free(arg);
}

static void queue_touch(struct gx_store *store, const unsigned char *hash, long long at_us, bool delete)
{
	struct touch *t = malloc(sizeof(*t));
	if (t == NULL)
		return;
	memcpy(t->hash, hash, GX_SESSION_HASH_BYTES);
	t->at_us = at_us;
	t->delete = delete;
	if (gx_store_durable_submit(store, write_touch, touch_done, t) != GX_STORE_OK)
		free(t); /* the next request tries again */
}

int gx_session_find(struct gx_store *store, struct gx_store_conn *conn, const char *cookie_header, size_t len,
		    long long now_us, struct gx_session *out)
{
	const char *value;
	size_t vlen;
	if (cookie_header == NULL || gx_cookie_get(cookie_header, len, GX_SESSION_COOKIE, &value, &vlen) != 0 ||
	    !well_formed(value, vlen))
		return 0;
	unsigned char hash[GX_SESSION_HASH_BYTES];
	gx_session_hash(value, vlen, hash);

	struct gx_session_entry e;
	if (!gx_session_cache_get(hash, &e) || now_us - e.cached_at_us > config.cache_us) {
		struct gx_session_row row;
		enum gx_db_status s = gx_store_session_get(conn, hash, &row);
		if (s < 0)
			return -1;
		if (s == GX_DB_NO_RESULTS) {
			gx_session_cache_remove(hash);
			return 0;
		}
		/* The person's No's with the version of their choices; when they
		 * cannot be read the session still holds, with none kept (prefill
		 * then reads them from the store). */
		struct gx_declined_names declined;
		if (gx_store_prefill_declined_names(conn, row.person_id, &declined) != GX_DB_ONE_RESULT)
			memset(&declined, 0, sizeof(declined));
		/* Keep what this process saw more recently than the store. */
		bool had = gx_session_cache_get(hash, &e);
		long long seen = had && e.row.last_seen_at_us > row.last_seen_at_us ? e.row.last_seen_at_us
										    : row.last_seen_at_us;
		if (had && e.declined.complete && e.declined.version > declined.version)
			declined = e.declined;
		e = (struct gx_session_entry){.row = row, .declined = declined, .cached_at_us = now_us,
					      .touched_at_us = had ? e.touched_at_us : row.last_seen_at_us};
		e.row.last_seen_at_us = seen;
		gx_session_cache_put(&e);
	}
	if (now_us >= e.row.expires_at_us || now_us - e.row.last_seen_at_us >= config.idle_us) {
		gx_session_cache_remove(hash);
		queue_touch(store, hash, now_us, true);
		return 0;
	}
	if (now_us - e.row.last_seen_at_us >= SEEN_GRANULARITY_US) {
		bool persist = now_us - e.touched_at_us >= TOUCH_EVERY_US;
		gx_session_cache_seen(hash, now_us, persist ? now_us : 0);
		if (persist)
			queue_touch(store, hash, now_us, false);
	}
	memcpy(out->id_hash, hash, sizeof(hash));
	out->person_id = e.row.person_id;
	out->space_id = e.row.space_id;
	memcpy(out->csrf_token, e.row.csrf_token, sizeof(out->csrf_token));
	out->in_space = e.row.in_space;
	memcpy(out->person_name, e.row.person_name, sizeof(out->person_name));
	out->declined = e.declined;
	return 1;
}

void gx_session_choices_changed(long long person_id, const struct gx_declined_names *declined)
{
	gx_session_cache_choices(person_id, declined);
}

void gx_session_forget(const unsigned char id_hash[GX_SESSION_HASH_BYTES])
{
	gx_session_cache_remove(id_hash);
}

int gx_session_cookie(char *out, size_t outlen, const char *cookie_value)
{
	struct gx_cookie_attrs a = {.max_age = -1, .path = "/", .http_only = true, .secure = true, .same_site = "Lax"};
	return gx_cookie_format(out, outlen, GX_SESSION_COOKIE, cookie_value, &a);
}

int gx_session_cookie_clear(char *out, size_t outlen)
{
	struct gx_cookie_attrs a = {.max_age = 0, .path = "/", .http_only = true, .secure = true, .same_site = "Lax"};
	return gx_cookie_format(out, outlen, GX_SESSION_COOKIE, "", &a);
}

bool gx_session_csrf_ok(const struct gx_session *s, const char *token, size_t len)
{
	size_t n = strlen(s->csrf_token);
	return token != NULL && len == n && n > 0 && sodium_memcmp(s->csrf_token, token, n) == 0;
}
