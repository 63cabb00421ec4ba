#include "core/translog_writer.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "core/access_record.h"
#include "core/translog_store.h"
#include "log/oplog.h"
#include "util/clock.h"

/* Records read and appended at a time: a batch holds at most the group
 * commit's batch of items, each with a few records. */
#define CHUNK 256

void gx_tlog_writer_init(struct gx_tlog_writer *w)
{
	memset(w, 0, sizeof(*w));
}

struct nodes {
	struct gx_tlog_node *v;
	size_t n, cap;
	bool failed;
};

static void keep_node(void *ctx, unsigned level, uint64_t index, const struct gx_tlog_hash *hash)
{
	struct nodes *ns = ctx;
	if (ns->n == ns->cap) {
		size_t cap = ns->cap ? ns->cap * 2 : 2 * CHUNK + 64;
		struct gx_tlog_node *v = realloc(ns->v, cap * sizeof(*v));
		if (v == NULL) {
			ns->failed = true;
			return;
		}
		ns->v = v;
		ns->cap = cap;
	}
	struct gx_tlog_node *x = &ns->v[ns->n++];
	x->level = level;
	x->index = index;
	memcpy(x->hash, hash->b, GX_TLOG_HASH_LEN);
}

/* The subject's salt: the row's, one given earlier in this chunk, or a new
 * random one stored now (the stored one wins a race). */
static enum gx_db_status salt_of(struct gx_store_conn *conn, struct gx_access_row *rows, size_t i)
{
	struct gx_access_row *r = &rows[i];
	if (r->has_salt)
		return GX_DB_ONE_RESULT;
	for (size_t j = 0; j < i; j++) {
		if (rows[j].has_salt && strcmp(rows[j].subject, r->subject) == 0) {
			memcpy(r->salt, rows[j].salt, sizeof(r->salt));
			r->has_salt = true;
			return GX_DB_ONE_RESULT;
		}
	}
	unsigned char fresh[32];
	randombytes_buf(fresh, sizeof(fresh));
	enum gx_db_status st = gx_store_tlog_salt_put(conn, r->subject, fresh, gx_wall_us(), r->salt);
	sodium_memzero(fresh, sizeof(fresh));
	if (st >= 0)
		r->has_salt = true;
	return st;
}

enum gx_db_status gx_tlog_writer_precommit(struct gx_store_conn *conn, void *arg)
{
	struct gx_tlog_writer *w = arg;
	struct gx_access_row rows[CHUNK];
	long long ids[CHUNK];
	struct nodes ns = {0};
	enum gx_db_status st;
	uint64_t size;

	w->pending_set = false;
	/* A batch without access records (submissions, consents, ...) has nothing to log. */
	long long min_id, max_id;
	if (gx_store_access_records_written_take(conn, &min_id, &max_id) == 0) {
		w->pending = w->committed;
		w->pending_set = w->known;
		return GX_DB_ONE_RESULT;
	}
	if ((st = gx_store_tlog_head_lock(conn, &size)) < 0)
		return st;
	if (!w->known || w->committed.size != size) {
		if (gx_tlog_store_frontier(conn, size, &w->committed) != 0) {
			w->known = false;
			gx_oplog_event(GX_LOG_ERROR, "translog_frontier_failed", NULL,
				       "the log's subtrees of size %llu cannot be read", (unsigned long long)size);
			return GX_DB_HARD_ERROR;
		}
		w->known = true;
	}
	w->pending = w->committed;
	for (;;) {
		size_t n = 0;
		bool more = false;
		if ((st = gx_store_tlog_unlogged(conn, min_id, max_id, CHUNK, rows, &n, &more)) < 0)
			break;
		if (n == 0) {
			st = GX_DB_ONE_RESULT;
			break;
		}
		uint64_t before = w->pending.size;
		ns.n = 0;
		for (size_t i = 0; i < n && st >= 0; i++) {
			struct gx_tlog_hash leaf;
			if ((st = salt_of(conn, rows, i)) < 0)
				break;
			if (gx_access_record_leaf(&rows[i], rows[i].salt, &leaf) != 0 ||
			    gx_tlog_frontier_append(&w->pending, &leaf, keep_node, &ns) != 0 || ns.failed) {
				st = GX_DB_HARD_ERROR;
				gx_oplog_event(GX_LOG_ERROR, "translog_record_refused", NULL,
					       "access record %lld cannot become a leaf", rows[i].id);
				break;
			}
			ids[i] = rows[i].id;
		}
		if (st >= 0)
			st = gx_store_tlog_append(conn, before, ids, n, ns.v, ns.n);
		gx_access_rows_clear(rows, n);
		if (st == GX_DB_CONFLICT)
			st = GX_DB_SOFT_ERROR; /* we hold the head: cannot happen; run the batch again */
		if (st < 0 || !more)
			break;
	}
	free(ns.v);
	if (st < 0)
		return st;
	w->pending_set = true;
	return GX_DB_ONE_RESULT;
}

void gx_tlog_writer_postcommit(void *arg, bool committed)
{
	struct gx_tlog_writer *w = arg;
	if (committed && w->pending_set)
		w->committed = w->pending;
	w->pending_set = false;
}

void gx_tlog_writer_attach(struct gx_tlog_writer *w, struct gx_store *store)
{
	gx_store_set_precommit(store, gx_tlog_writer_precommit, gx_tlog_writer_postcommit, w);
}
