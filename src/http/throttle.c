/* Rate limits: a table of token buckets keyed by a keyed hash of (kind,
 * key), in groups of eight slots under striped locks; a key not in its
 * group takes an empty slot or the one idle longest. */

#include "http/throttle.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "config/config.h"
#include "http/request.h"
#include "http/server.h"
#include "http/worker.h"
#include "util/clock.h"
#include "util/token_bucket.h"

#define GROUP 8
#define LOCKS 64

struct slot {
	uint64_t key;            /* 0: empty */
	struct gx_token_bucket bucket;
};

struct gx_throttle {
	struct gx_throttle_limit limits[GX_THROTTLE__COUNT];
	bool trust_forwarded_for;
	unsigned char hash_key[crypto_shorthash_KEYBYTES];
	size_t ngroups;          /* a power of two */
	struct slot *slots;      /* ngroups * GROUP */
	pthread_mutex_t locks[LOCKS];
	_Atomic uint64_t refused[GX_THROTTLE__COUNT];
};

static const char *const kind_names[GX_THROTTLE__COUNT] = {"address", "login", "verify", "session", "client"};

const char *gx_throttle_kind_name(enum gx_throttle_kind kind)
{
	return (unsigned)kind < GX_THROTTLE__COUNT ? kind_names[kind] : "?";
}

struct gx_throttle *gx_throttle_new(const struct gx_config *c, bool *failed)
{
	*failed = false;
	const struct gx_throttle_limit limits[GX_THROTTLE__COUNT] = {
		[GX_THROTTLE_ADDRESS] = {c->rate_address_per_s, c->rate_address_burst},
		[GX_THROTTLE_LOGIN] = {c->rate_login_per_min / 60.0, c->rate_login_burst},
		[GX_THROTTLE_VERIFY] = {c->rate_verify_per_min / 60.0, c->rate_verify_burst},
		[GX_THROTTLE_SESSION] = {c->rate_session_per_s, c->rate_session_burst},
		[GX_THROTTLE_CLIENT] = {c->rate_client_per_s, c->rate_client_burst},
	};
	bool any = false;
	for (int k = 0; k < GX_THROTTLE__COUNT; k++)
		any |= limits[k].per_s > 0;
	if (!any)
		return NULL;
	struct gx_throttle *t = calloc(1, sizeof(*t));
	size_t groups = 1;
	while (groups * GROUP < c->rate_table_slots)
		groups <<= 1;
	if (t == NULL || sodium_init() < 0 || (t->slots = calloc(groups * GROUP, sizeof(*t->slots))) == NULL) {
		free(t);
		*failed = true;
		return NULL;
	}
	memcpy(t->limits, limits, sizeof(limits));
	t->trust_forwarded_for = c->rate_trust_forwarded_for;
	t->ngroups = groups;
	randombytes_buf(t->hash_key, sizeof(t->hash_key));
	for (int i = 0; i < LOCKS; i++)
		pthread_mutex_init(&t->locks[i], NULL);
	return t;
}

void gx_throttle_free(struct gx_throttle *t)
{
	if (t == NULL)
		return;
	for (int i = 0; i < LOCKS; i++)
		pthread_mutex_destroy(&t->locks[i]);
	free(t->slots);
	free(t);
}

uint64_t gx_throttle_refused(const struct gx_throttle *t, enum gx_throttle_kind kind)
{
	return t == NULL ? 0 : atomic_load_explicit(&t->refused[kind], memory_order_relaxed);
}

static uint64_t key_of(const struct gx_throttle *t, enum gx_throttle_kind kind, const void *key, size_t len)
{
	unsigned char out[crypto_shorthash_BYTES];
	/* libsodium's shorthash is not incremental: the kind and the key in one buffer. */
	unsigned char buf[256];
	size_t n = len < sizeof(buf) - 1 ? len : sizeof(buf) - 1;
	buf[0] = (unsigned char)kind;
	memcpy(buf + 1, key, n);
	crypto_shorthash(out, buf, n + 1, t->hash_key);
	uint64_t h;
	memcpy(&h, out, sizeof(h));
	return h | 1; /* never 0, the empty slot's mark */
}

unsigned gx_throttle_take(struct gx_throttle *t, enum gx_throttle_kind kind, const void *key, size_t len,
			  int64_t now_us)
{
	if (t == NULL || (unsigned)kind >= GX_THROTTLE__COUNT || t->limits[kind].per_s <= 0)
		return 0;
	uint64_t h = key_of(t, kind, key, len);
	size_t group = (size_t)(h >> 32) & (t->ngroups - 1);
	struct slot *g = &t->slots[group * GROUP];
	pthread_mutex_t *lock = &t->locks[group % LOCKS];

	pthread_mutex_lock(lock);
	struct slot *s = NULL, *victim = NULL;
	for (int i = 0; i < GROUP && s == NULL; i++) {
		if (g[i].key == h)
			s = &g[i];
		else if (victim == NULL || (victim->key != 0 && (g[i].key == 0 || g[i].bucket.at_us < victim->bucket.at_us)))
			victim = &g[i]; /* the first empty slot, else the one idle longest */
	}
	if (s == NULL) {
		s = victim;
		*s = (struct slot){.key = h};
	}
	unsigned wait = gx_token_bucket_take(&s->bucket, now_us, t->limits[kind].per_s, t->limits[kind].burst);
	pthread_mutex_unlock(lock);
	if (wait > 0)
		atomic_fetch_add_explicit(&t->refused[kind], 1, memory_order_relaxed);
	return wait;
}

/* --- the request's side ---------------------------------------------------- */

static bool has_prefix(h2o_iovec_t path, const char *prefix)
{
	size_t n = strlen(prefix);
	return path.len >= n && memcmp(path.base, prefix, n) == 0 &&
	       (path.len == n || path.base[n] == '/' || path.base[n] == '?');
}

/* The paths that guess something (a login, a verification code) get a stricter limit too. */
static enum gx_throttle_kind path_kind(h2o_iovec_t path)
{
	if (has_prefix(path, "/login") || has_prefix(path, "/auth/callback") || has_prefix(path, "/api/org/v1/token"))
		return GX_THROTTLE_LOGIN;
	if (has_prefix(path, "/verify") || has_prefix(path, "/api/v1/verify"))
		return GX_THROTTLE_VERIFY;
	return GX_THROTTLE__COUNT;
}

/* The client's address: the peer's, or, when the operator said a proxy in
 * front sets it, the last address of X-Forwarded-For (the one that proxy
 * added). Returns its length in out. */
/* The last address of the request's X-Forwarded-For (the one the proxy in
 * front added), its length in *len; NULL when there is no such header. */
static const char *forwarded_for(h2o_req_t *req, size_t *len)
{
	ssize_t i = h2o_find_header_by_str(&req->headers, H2O_STRLIT("x-forwarded-for"), -1);
	if (i < 0)
		return NULL;
	h2o_iovec_t v = req->headers.entries[i].value;
	size_t start = v.len;
	while (start > 0 && v.base[start - 1] != ',')
		start--;
	while (start < v.len && v.base[start] == ' ')
		start++;
	*len = v.len - start;
	return v.base + start;
}

static size_t client_address(struct gx_req *r, const struct gx_throttle *t, char *out, size_t size)
{
	h2o_req_t *req = r->h2o;
	if (t->trust_forwarded_for) {
		size_t len;
		const char *f = forwarded_for(req, &len);
		if (f != NULL) {
			size_t n = len < size ? len : size;
			memcpy(out, f, n);
			return n;
		}
	}
	struct sockaddr_storage sa;
	socklen_t len = req->conn->callbacks->get_peername(req->conn, (struct sockaddr *)&sa);
	if (len == 0)
		return 0;
	if (sa.ss_family == AF_INET) {
		struct sockaddr_in *in = (struct sockaddr_in *)&sa;
		memcpy(out, &in->sin_addr, 4);
		return 4;
	}
	if (sa.ss_family == AF_INET6 && size >= 8) {
		/* An IPv6 client is limited by its /64: one host owns a whole one. */
		memcpy(out, &((struct sockaddr_in6 *)&sa)->sin6_addr, 8);
		return 8;
	}
	return 0;
}

void gx_throttle_client_text(struct gx_req *r, char *out, size_t cap)
{
	h2o_req_t *req = r->h2o;
	const struct gx_config *c = gx_server_config(r->worker->server);
	if (cap == 0)
		return;
	out[0] = '\0';
	if (c != NULL && c->rate_trust_forwarded_for) {
		size_t len;
		const char *f = forwarded_for(req, &len);
		while (f != NULL && len > 0 && f[len - 1] == ' ')
			len--;
		if (f != NULL && len > 0) {
			size_t n = len < cap - 1 ? len : cap - 1;
			memcpy(out, f, n);
			out[n] = '\0';
			return;
		}
	}
	struct sockaddr_storage sa;
	if (req->conn == NULL || req->conn->callbacks->get_peername == NULL ||
	    req->conn->callbacks->get_peername(req->conn, (struct sockaddr *)&sa) == 0)
		return;
	if (sa.ss_family == AF_INET) {
		inet_ntop(AF_INET, &((struct sockaddr_in *)&sa)->sin_addr, out, (socklen_t)cap);
	} else if (sa.ss_family == AF_INET6) {
		/* As the buckets: an IPv6 client by its /64. */
		struct in6_addr a = ((struct sockaddr_in6 *)&sa)->sin6_addr;
		char text[INET6_ADDRSTRLEN];
		memset(a.s6_addr + 8, 0, 8);
		if (inet_ntop(AF_INET6, &a, text, sizeof(text)) != NULL)
			snprintf(out, cap, "%s/64", text);
	}
}

static enum gx_outcome too_many(struct gx_req *r, unsigned wait)
{
	char v[16];
	int n = snprintf(v, sizeof(v), "%u", wait);
	h2o_add_header(&r->h2o->pool, &r->h2o->res.headers, H2O_TOKEN_RETRY_AFTER, NULL,
		       h2o_strdup(&r->h2o->pool, v, (size_t)n).base, (size_t)n);
	return gx_reply_problem(r, GX_ERR_TOO_MANY_REQUESTS, NULL, NULL);
}

enum gx_outcome gx_throttle_request(struct gx_req *r)
{
	struct gx_throttle *t = r->worker->server->throttle;
	if (t == NULL)
		return GX_DONE;
	char addr[64];
	size_t n = client_address(r, t, addr, sizeof(addr));
	if (n == 0)
		return GX_DONE;
	int64_t now = gx_mono_us();
	unsigned wait = gx_throttle_take(t, GX_THROTTLE_ADDRESS, addr, n, now);
	enum gx_throttle_kind strict = path_kind(r->h2o->path);
	if (wait == 0 && strict != GX_THROTTLE__COUNT)
		wait = gx_throttle_take(t, strict, addr, n, now);
	return wait == 0 ? GX_DONE : too_many(r, wait);
}

enum gx_outcome gx_throttle_actor(struct gx_req *r)
{
	struct gx_throttle *t = r->worker->server->throttle;
	if (t == NULL)
		return GX_DONE;
	int64_t now = gx_mono_us();
	unsigned wait = 0;
	if (r->actor.kind == GX_ACTOR_CLIENT)
		wait = gx_throttle_take(t, GX_THROTTLE_CLIENT, r->actor.client.id, strlen(r->actor.client.id), now);
	else if (r->actor.kind != GX_ACTOR_ANONYMOUS)
		wait = gx_throttle_take(t, GX_THROTTLE_SESSION, r->actor.session.id_hash,
					sizeof(r->actor.session.id_hash), now);
	return wait == 0 ? GX_DONE : too_many(r, wait);
}
