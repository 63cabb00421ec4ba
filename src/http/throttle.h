#ifndef GX_HTTP_THROTTLE_H
#define GX_HTTP_THROTTLE_H

/**
 * Rate limits (limits.rate.*, docs/configuration.md): token buckets per
 * source address (every request), per address on the login and /verify
 * paths (stricter), per session and per organisation API client. A
 * request over a limit is answered 429 problem JSON (or the error page)
 * with Retry-After, before its handler runs. The buckets live in one
 * fixed-size table shared by the worker threads (keys hashed with a
 * secret key, so a client cannot aim collisions); each guichetd keeps its
 * own (docs/operations.md says what that means behind a load balancer).
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "http/handler.h"

enum gx_throttle_kind {
	GX_THROTTLE_ADDRESS = 0,
	GX_THROTTLE_LOGIN,
	GX_THROTTLE_VERIFY,
	GX_THROTTLE_SESSION,
	GX_THROTTLE_CLIENT,
	GX_THROTTLE__COUNT
};

struct gx_throttle_limit {
	double per_s;   /* tokens a second; 0: no limit of this kind */
	double burst;   /* the bucket's size */
};

struct gx_throttle;
struct gx_config;

/** The limits of c (limits.rate.*); NULL when every limit is off or memory is short (*failed then true). */
struct gx_throttle *gx_throttle_new(const struct gx_config *c, bool *failed);
void gx_throttle_free(struct gx_throttle *t);

/** Takes one token from kind's bucket of key at now_us: 0 when taken, else
 *  the seconds to wait (Retry-After). A kind without limit always gives 0. */
unsigned gx_throttle_take(struct gx_throttle *t, enum gx_throttle_kind kind, const void *key, size_t len,
			  int64_t now_us);

/** Requests refused so far, of kind (for /metrics). */
uint64_t gx_throttle_refused(const struct gx_throttle *t, enum gx_throttle_kind kind);
const char *gx_throttle_kind_name(enum gx_throttle_kind kind);

/** Before the actor is known: the source address's limits (its path's
 *  stricter one too). After the gate: the session's or the client's.
 *  GX_DONE when the request may go on; otherwise 429 was queued. */
enum gx_outcome gx_throttle_request(struct gx_req *r);
/** The client's address as text, as the limits see it: the peer's, or the
 *  last address of X-Forwarded-For when limits.rate.trust_forwarded_for
 *  says a proxy in front adds it (whether or not any limit is on); an IPv6
 *  peer as its /64 ("2001:db8:1:2::/64"). "" when unknown. For limits kept
 *  elsewhere (procedures without login count theirs in the store). */
void gx_throttle_client_text(struct gx_req *r, char *out, size_t cap);
enum gx_outcome gx_throttle_actor(struct gx_req *r);

#endif
