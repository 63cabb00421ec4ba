#ifndef GX_SESSION_SESSION_H
#define GX_SESSION_SESSION_H

/** Server-side sessions. The browser holds only a random id (256 bits) in the
 *  __Host-guichet cookie; the store keeps its SHA-256 with the person, the
 *  active space, the CSRF token and the timestamps. A process-wide cache in
 *  front of the store makes the lookup on every request cost a hash and a
 *  read-locked probe; entries are re-read from the store after a few seconds
 *  so that a logout on another instance takes effect. */

#include <stdbool.h>
#include <stddef.h>

#include "store/store.h"

#define GX_SESSION_COOKIE "__Host-guichet"
#define GX_SESSION_ID_CHARS 43   /* base64url of 32 random bytes */

struct gx_session {
	unsigned char id_hash[GX_SESSION_HASH_BYTES];
	long long person_id;
	long long space_id;
	char csrf_token[64];
	bool in_space;          /* owner of space_id (their private space) when the session was read: a relation
				 * that never ends, so trusted as long as the session; any other is asked each time */
	char person_name[258];  /* for the header */
	struct gx_declined_names declined; /* the person's No's to prefilling, at a version of their choices: read
					    * with the session, and set anew when they change a choice through
					    * this process; prefill uses them only while that version is still the
					    * person's (core/choices.h), so a change elsewhere counts at once */
};

struct gx_session_config {
	long long idle_us;
	long long absolute_us;
	long long cache_us;    /* how long a cached entry is trusted before the store is asked again */
};

int gx_sessions_init(const struct gx_session_config *cfg);
void gx_sessions_free(void);

/** Looks up the session named by a Cookie header. Returns 1 and fills out
 *  when it exists and has not expired (its idle clock restarts), 0 when there
 *  is none, -1 when the store failed. Expired sessions are deleted. */
int gx_session_find(struct gx_store *store, struct gx_store_conn *conn, const char *cookie_header, size_t len,
		    long long now_us, struct gx_session *out);

/** A fresh session for a person: fills row (insert it durably) and the
 *  cookie's value (NUL-terminated). */
void gx_session_new(long long person_id, long long space_id, long long now_us, struct gx_session_row *row,
		    char cookie_value[GX_SESSION_ID_CHARS + 1]);

/** The person changed a prefill choice through this process (durably):
 *  every session of theirs in this process's cache takes their No's as
 *  they are now (declined, read in the transaction that changed them).
 *  Sessions in other processes keep their older version until their
 *  entry is re-read (cache_us); until then prefill there sees the
 *  person's version has moved and reads their No's from the store. */
void gx_session_choices_changed(long long person_id, const struct gx_declined_names *declined);

/** Forgets a session in this process's cache (after deleting it from the store). */
void gx_session_forget(const unsigned char id_hash[GX_SESSION_HASH_BYTES]);

/** The Set-Cookie value for a new session id, and the one that deletes it. */
int gx_session_cookie(char *out, size_t outlen, const char *cookie_value);
int gx_session_cookie_clear(char *out, size_t outlen);

/** The SHA-256 of a cookie value. */
void gx_session_hash(const char *cookie_value, size_t len, unsigned char out[GX_SESSION_HASH_BYTES]);

/** Constant-time comparison of a submitted CSRF token with the session's. */
bool gx_session_csrf_ok(const struct gx_session *s, const char *token, size_t len);

#endif
