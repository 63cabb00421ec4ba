#include "core/translog_verify.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/access_record.h"
#include "core/checkpoints.h"
#include "translog/frontier.h"

#define NODES_CHUNK 512
#define ROWS_CHUNK 256
#define CHECKPOINTS_CHUNK 32

/* One level of stored subtrees, read in index order a chunk at a time. */
struct level_stream {
	struct gx_tlog_node buf[NODES_CHUNK];
	size_t n, at;
	uint64_t next_from;
	bool done;
};

struct verifier {
	struct gx_store_conn *conn;
	const struct gx_transparency *t;
	struct gx_tlog_verify_report *rep;
	struct level_stream *levels[64];
	struct gx_access_row rows[ROWS_CHUNK];
	size_t nrows, row_at;
	uint64_t rows_from;
	bool rows_done;
	struct gx_tlog_checkpoint_row cps[CHECKPOINTS_CHUNK];
	size_t ncps, cp_at;
	uint64_t cps_from;
	bool cps_done;
	int status; /* 0 so far, 1 a failure found, -1 a read failed */
};

static void failf(struct verifier *v, long long index, long long checkpoint, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void failf(struct verifier *v, long long index, long long checkpoint, const char *fmt, ...)
{
	if (v->status != 0)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(v->rep->reason, sizeof(v->rep->reason), fmt, ap);
	va_end(ap);
	v->rep->bad_index = index;
	v->rep->bad_checkpoint = checkpoint;
	v->status = 1;
}

static void read_failed(struct verifier *v, const char *what)
{
	if (v->status != 0)
		return;
	snprintf(v->rep->reason, sizeof(v->rep->reason), "the store cannot be read (%s)", what);
	v->status = -1;
}

/* The next stored subtree of level, or NULL when there is none. */
static const struct gx_tlog_node *level_next(struct verifier *v, unsigned level, bool take)
{
	struct level_stream *s = v->levels[level];
	if (s == NULL) {
		s = v->levels[level] = calloc(1, sizeof(*s));
		if (s == NULL) {
			read_failed(v, "out of memory");
			return NULL;
		}
	}
	if (s->at == s->n && !s->done) {
		size_t n = 0;
		if (gx_store_tlog_subtrees(v->conn, level, s->next_from, NODES_CHUNK, s->buf, &n) < 0) {
			read_failed(v, "subtrees");
			return NULL;
		}
		s->n = n;
		s->at = 0;
		s->done = n < NODES_CHUNK;
		if (n > 0)
			s->next_from = s->buf[n - 1].index + 1;
	}
	if (s->at == s->n)
		return NULL;
	return take ? &s->buf[s->at++] : &s->buf[s->at];
}

/* The record of leaf index, if it still exists (NULL otherwise). */
static const struct gx_access_row *record_of(struct verifier *v, uint64_t index)
{
	for (;;) {
		if (v->row_at == v->nrows) {
			gx_access_rows_clear(v->rows, v->nrows);
			v->nrows = v->row_at = 0;
			if (v->rows_done)
				return NULL;
			if (gx_store_tlog_records_by_leaf(v->conn, v->rows_from, ROWS_CHUNK, v->rows, &v->nrows) < 0) {
				read_failed(v, "records");
				return NULL;
			}
			v->rows_done = v->nrows < ROWS_CHUNK;
			if (v->nrows == 0)
				return NULL;
			v->rows_from = (uint64_t)v->rows[v->nrows - 1].leaf_index + 1;
		}
		const struct gx_access_row *r = &v->rows[v->row_at];
		if ((uint64_t)r->leaf_index > index)
			return NULL;
		v->row_at++;
		if ((uint64_t)r->leaf_index == index)
			return r;
	}
}

/* The next checkpoint, without taking it; NULL when there is none. */
static struct gx_tlog_checkpoint_row *checkpoint_peek(struct verifier *v)
{
	if (v->cp_at == v->ncps) {
		for (size_t i = 0; i < v->ncps; i++)
			gx_tlog_checkpoint_row_clear(&v->cps[i]);
		v->ncps = v->cp_at = 0;
		if (v->cps_done)
			return NULL;
		if (gx_store_tlog_checkpoints(v->conn, true, v->cps_from, CHECKPOINTS_CHUNK, v->cps, &v->ncps) < 0) {
			read_failed(v, "checkpoints");
			return NULL;
		}
		v->cps_done = v->ncps < CHECKPOINTS_CHUNK;
		if (v->ncps == 0)
			return NULL;
		v->cps_from = v->cps[v->ncps - 1].size + 1;
	}
	return &v->cps[v->cp_at];
}

/* Checks the checkpoints of size n against the root of the first n leaves. */
static void check_checkpoints(struct verifier *v, uint64_t n, const struct gx_tlog_hash *root, uint64_t *last_good)
{
	struct gx_tlog_checkpoint_row *row;
	while (v->status == 0 && (row = checkpoint_peek(v)) != NULL && row->size == n) {
		struct gx_checkpoint_view view;
		char err[200];
		if (gx_checkpoint_view_open(row, v->t, &view, err, sizeof(err)) != 0) {
			failf(v, (long long)*last_good, (long long)n, "checkpoint of size %llu: %s", (unsigned long long)n,
			      err);
			return;
		}
		bool same = gx_tlog_hash_equal(&view.c.root, root);
		gx_checkpoint_view_clear(&view);
		if (!same) {
			failf(v, (long long)*last_good, (long long)n,
			      "checkpoint of size %llu: its root is not the root of the first %llu leaves (the first leaf"
			      " that may differ is %llu)",
			      (unsigned long long)n, (unsigned long long)n, (unsigned long long)*last_good);
			return;
		}
		v->rep->checkpoints++;
		*last_good = n;
		v->cp_at++;
	}
}

/* Each subtree an append completes must be the stored one. */
static void on_subtree(void *ctx, unsigned level, uint64_t index, const struct gx_tlog_hash *hash)
{
	struct verifier *v = ctx;
	if (level == 0 || v->status != 0)
		return;
	uint64_t first = index << level, end = first + ((uint64_t)1 << level);
	const struct gx_tlog_node *x = level_next(v, level, false);
	if (v->status != 0)
		return;
	if (x == NULL || x->index != index) {
		failf(v, (long long)first, -1, "the subtree of leaves %llu to %llu (level %u, index %llu) is missing",
		      (unsigned long long)first, (unsigned long long)(end - 1), level, (unsigned long long)index);
		return;
	}
	level_next(v, level, true);
	if (memcmp(x->hash, hash->b, GX_TLOG_HASH_LEN) != 0)
		failf(v, (long long)first, -1,
		      "the stored subtree of leaves %llu to %llu (level %u, index %llu) is not the hash of those leaves",
		      (unsigned long long)first, (unsigned long long)(end - 1), level, (unsigned long long)index);
}

static void check_leaves(struct verifier *v)
{
	struct gx_tlog_verify_report *rep = v->rep;
	struct gx_tlog_frontier f;
	struct gx_tlog_hash root;
	uint64_t last_good = 0;
	gx_tlog_frontier_init(&f);
	gx_tlog_empty_root(&root);
	check_checkpoints(v, 0, &root, &last_good);
	for (uint64_t i = 0; i < rep->size && v->status == 0; i++) {
		const struct gx_tlog_node *leaf = level_next(v, 0, true);
		if (v->status != 0)
			return;
		if (leaf == NULL || leaf->index != i) {
			failf(v, (long long)i, -1, "leaf %llu is missing", (unsigned long long)i);
			return;
		}
		struct gx_tlog_hash h;
		memcpy(h.b, leaf->hash, sizeof(h.b));
		const struct gx_access_row *r = record_of(v, i);
		if (v->status != 0)
			return;
		if (r != NULL) {
			struct gx_tlog_hash want;
			if (!r->has_salt) {
				failf(v, (long long)i, -1, "the record of leaf %llu has no salt", (unsigned long long)i);
				return;
			}
			if (gx_access_record_leaf(r, r->salt, &want) != 0) {
				failf(v, (long long)i, -1, "the record of leaf %llu cannot be read as a record",
				      (unsigned long long)i);
				return;
			}
			if (!gx_tlog_hash_equal(&want, &h)) {
				failf(v, (long long)i, -1, "leaf %llu is not the hash of its record", (unsigned long long)i);
				return;
			}
			rep->records++;
		}
		gx_tlog_frontier_append(&f, &h, on_subtree, v);
		if (v->status != 0)
			return;
		rep->leaves++;
		gx_tlog_frontier_root(&f, &root);
		check_checkpoints(v, i + 1, &root, &last_good);
	}
	rep->root = root;
}

/* Nothing may be stored beyond the tree's size. */
static void check_beyond(struct verifier *v)
{
	uint64_t size = v->rep->size;
	const struct gx_tlog_node *x = level_next(v, 0, false);
	if (v->status == 0 && x != NULL) {
		failf(v, (long long)x->index, -1, "leaf %llu is beyond the tree's size of %llu (inserted)",
		      (unsigned long long)x->index, (unsigned long long)size);
		return;
	}
	for (unsigned level = 1; level < 64 && v->status == 0; level++) {
		x = level_next(v, level, false);
		if (v->status == 0 && x != NULL) {
			failf(v, (long long)(x->index << level), -1,
			      "a subtree of level %u, index %llu, is stored beyond the tree's size of %llu", level,
			      (unsigned long long)x->index, (unsigned long long)size);
			return;
		}
	}
	/* Every record up to the last leaf was taken: one left has a leaf beyond the size. */
	if (v->row_at == v->nrows && !v->rows_done) {
		gx_access_rows_clear(v->rows, v->nrows);
		v->nrows = v->row_at = 0;
		if (gx_store_tlog_records_by_leaf(v->conn, v->rows_from, ROWS_CHUNK, v->rows, &v->nrows) < 0) {
			read_failed(v, "records");
			return;
		}
	}
	if (v->row_at < v->nrows) {
		failf(v, v->rows[v->row_at].leaf_index, -1, "a record is at leaf %lld, beyond the tree's size of %llu",
		      v->rows[v->row_at].leaf_index, (unsigned long long)size);
		return;
	}
	struct gx_tlog_checkpoint_row *c = checkpoint_peek(v);
	if (v->status == 0 && c != NULL)
		failf(v, (long long)size, (long long)c->size, "checkpoint of size %llu is larger than the tree (%llu)",
		      (unsigned long long)c->size, (unsigned long long)size);
}

int gx_tlog_verify(struct gx_store_conn *conn, const struct gx_transparency *t, struct gx_tlog_verify_report *rep)
{
	struct verifier *v = calloc(1, sizeof(*v));
	memset(rep, 0, sizeof(*rep));
	rep->bad_index = rep->bad_checkpoint = -1;
	if (v == NULL) {
		snprintf(rep->reason, sizeof(rep->reason), "out of memory");
		return -1;
	}
	v->conn = conn;
	v->t = t;
	v->rep = rep;
	long long unlogged = 0;
	if (gx_store_tlog_size(conn, &rep->size) != GX_DB_ONE_RESULT)
		read_failed(v, "the tree's size");
	else if (gx_store_tlog_unlogged_count(conn, &unlogged) < 0)
		read_failed(v, "records outside the log");
	if (v->status == 0)
		check_leaves(v);
	if (v->status == 0)
		check_beyond(v);
	if (v->status == 0 && unlogged > 0)
		failf(v, (long long)rep->size, -1, "%lld access records are not in the log", unlogged);
	int status = v->status;
	for (unsigned i = 0; i < 64; i++)
		free(v->levels[i]);
	gx_access_rows_clear(v->rows, v->nrows);
	for (size_t i = 0; i < v->ncps; i++)
		gx_tlog_checkpoint_row_clear(&v->cps[i]);
	free(v);
	return status;
}
