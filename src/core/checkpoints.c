#include "core/checkpoints.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/translog_store.h"
#include "translog/proof.h"

int gx_checkpoint_sign_round(struct gx_store_conn *conn, const struct gx_transparency *t, long long now_us,
			     uint64_t *size, char *err, size_t errlen)
{
	struct gx_tlog_checkpoint_row latest = {0};
	struct gx_tlog_frontier f;
	int rc = -1;
	uint64_t n;

	if (!t->can_sign) {
		snprintf(err, errlen, "no signing key");
		return -1;
	}
	if (gx_store_tlog_size(conn, &n) != GX_DB_ONE_RESULT) {
		snprintf(err, errlen, "the tree's size cannot be read");
		return -1;
	}
	enum gx_db_status st = gx_store_tlog_checkpoint_latest(conn, &latest);
	if (st < 0) {
		snprintf(err, errlen, "the latest checkpoint cannot be read");
		return -1;
	}
	if (st == GX_DB_ONE_RESULT && n <= latest.size) {
		rc = 0;
		goto done;
	}
	if (gx_tlog_store_frontier(conn, n, &f) != 0) {
		snprintf(err, errlen, "the subtrees of the tree of %llu leaves cannot be read", (unsigned long long)n);
		goto done;
	}
	struct gx_checkpoint c = {.size = n};
	gx_tlog_frontier_root(&f, &c.root);
	if (st == GX_DB_ONE_RESULT) {
		struct gx_tlog_store_reader r;
		struct gx_tlog_hashes h = gx_tlog_store_reader_init(&r, conn, NULL, 0);
		struct gx_tlog_proof proof;
		struct gx_tlog_hash old_root;
		memcpy(old_root.b, latest.root, sizeof(old_root.b));
		if (gx_tlog_consistency_prove(&h, latest.size, n, &proof) != 0 ||
		    !gx_tlog_consistency_verify(latest.size, n, &old_root, &c.root, &proof)) {
			snprintf(err, errlen, "the stored tree of %llu leaves is not consistent with the checkpoint of %llu:"
					      " not signing (run guichetctl translog verify)",
				 (unsigned long long)n, (unsigned long long)latest.size);
			goto done;
		}
	}
	snprintf(c.origin, sizeof(c.origin), "%s", t->log_key.name);
	char text[GX_CHECKPOINT_TEXT_MAX], line[512];
	long len = gx_checkpoint_format(&c, text, sizeof(text));
	long line_len = len > 0 ? gx_note_sign_line(&t->signer, 0, text, (size_t)len, line, sizeof(line)) : -1;
	if (line_len < 0) {
		snprintf(err, errlen, "the checkpoint cannot be signed");
		goto done;
	}
	char note[sizeof(text) + 1 + sizeof(line)];
	snprintf(note, sizeof(note), "%s\n%s", text, line);
	struct gx_tlog_checkpoint_row row = {.size = n, .note = note, .signed_at_us = now_us};
	memcpy(row.root, c.root.b, sizeof(row.root));
	st = gx_store_tlog_checkpoint_put(conn, &row);
	if (st < 0) {
		snprintf(err, errlen, "the checkpoint cannot be stored");
		goto done;
	}
	*size = n;
	rc = st == GX_DB_ONE_RESULT ? 1 : 0; /* 0: another guichetd signed this size first */
done:
	gx_tlog_checkpoint_row_clear(&latest);
	return rc;
}

void gx_checkpoint_view_clear(struct gx_checkpoint_view *v)
{
	free(v->note);
	memset(v, 0, sizeof(*v));
}

/* The last checkpoint opened, to skip verifying the same signatures again
 * on every request: a stored checkpoint only changes by gaining
 * cosignatures, and the cache holds the exact bytes it checked. */
static pthread_mutex_t cache_mu = PTHREAD_MUTEX_INITIALIZER;
static struct {
	const struct gx_transparency *t;
	char *bytes;             /* row root || note || cosignatures, as checked */
	size_t len;
	struct gx_checkpoint_view view;
} cache;

static char *row_bytes(const struct gx_tlog_checkpoint_row *row, size_t *len)
{
	size_t a = strlen(row->note), b = row->cosignatures != NULL ? strlen(row->cosignatures) : 0;
	char *p = malloc(sizeof(row->size) + sizeof(row->root) + a + b + 1);
	if (p == NULL)
		return NULL;
	memcpy(p, &row->size, sizeof(row->size));
	memcpy(p + sizeof(row->size), row->root, sizeof(row->root));
	memcpy(p + sizeof(row->size) + sizeof(row->root), row->note, a);
	memcpy(p + sizeof(row->size) + sizeof(row->root) + a, b > 0 ? row->cosignatures : "", b);
	*len = sizeof(row->size) + sizeof(row->root) + a + b;
	return p;
}

static int view_copy(const struct gx_checkpoint_view *from, struct gx_checkpoint_view *to)
{
	*to = *from;
	to->note = strdup(from->note);
	return to->note != NULL ? 0 : -1;
}

static int view_open(const struct gx_tlog_checkpoint_row *row, const struct gx_transparency *t,
		     struct gx_checkpoint_view *out, char *err, size_t errlen);

void gx_checkpoint_cache_clear(void)
{
	pthread_mutex_lock(&cache_mu);
	free(cache.bytes);
	free(cache.view.note);
	memset(&cache, 0, sizeof(cache));
	pthread_mutex_unlock(&cache_mu);
}

int gx_checkpoint_view_open(const struct gx_tlog_checkpoint_row *row, const struct gx_transparency *t,
			    struct gx_checkpoint_view *out, char *err, size_t errlen)
{
	size_t len;
	char *bytes = row_bytes(row, &len);
	if (bytes == NULL)
		return view_open(row, t, out, err, errlen);
	pthread_mutex_lock(&cache_mu);
	bool hit = cache.t == t && cache.len == len && memcmp(cache.bytes, bytes, len) == 0;
	int rc = hit ? view_copy(&cache.view, out) : -1;
	pthread_mutex_unlock(&cache_mu);
	if (hit && rc == 0) {
		free(bytes);
		return 0;
	}
	rc = view_open(row, t, out, err, errlen);
	if (rc != 0) {
		free(bytes);
		return rc;
	}
	struct gx_checkpoint_view copy;
	if (view_copy(out, &copy) != 0) {
		free(bytes);
		return 0;
	}
	pthread_mutex_lock(&cache_mu);
	free(cache.bytes);
	free(cache.view.note);
	cache.t = t;
	cache.bytes = bytes;
	cache.len = len;
	cache.view = copy;
	pthread_mutex_unlock(&cache_mu);
	return 0;
}

static int view_open(const struct gx_tlog_checkpoint_row *row, const struct gx_transparency *t,
		     struct gx_checkpoint_view *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof(*out));
	size_t a = strlen(row->note), b = strlen(row->cosignatures != NULL ? row->cosignatures : "");
	out->note = malloc(a + b + 1);
	struct gx_note *n = malloc(sizeof(*n));
	if (out->note == NULL || n == NULL) {
		free(n);
		snprintf(err, errlen, "out of memory");
		gx_checkpoint_view_clear(out);
		return -1;
	}
	memcpy(out->note, row->note, a);
	memcpy(out->note + a, row->cosignatures != NULL ? row->cosignatures : "", b + 1);
	int rc = -1;
	if (gx_checkpoint_open(out->note, a + b, &t->log_key, n, &out->c, err, errlen) != 0)
		goto done;
	if (out->c.size != row->size || memcmp(out->c.root.b, row->root, sizeof(row->root)) != 0) {
		snprintf(err, errlen, "checkpoint %llu: its note says another size or root than its row",
			 (unsigned long long)row->size);
		goto done;
	}
	int cosigned = t->nwitnesses > 0 ? gx_note_verify(n, t->witnesses, t->nwitnesses, NULL, NULL, err, errlen) : 0;
	if (cosigned < 0)
		goto done;
	out->cosigned = (size_t)cosigned;
	out->witnessed = t->quorum > 0 && out->cosigned >= t->quorum;
	rc = 0;
done:
	free(n);
	if (rc != 0)
		gx_checkpoint_view_clear(out);
	return rc;
}

enum gx_db_status gx_checkpoint_best(struct gx_store_conn *conn, const struct gx_transparency *t,
				     struct gx_checkpoint_view *out)
{
	enum { RECENT = 32 };
	struct gx_tlog_checkpoint_row rows[RECENT];
	size_t n = 0;
	memset(out, 0, sizeof(*out));
	enum gx_db_status st = gx_store_tlog_checkpoints(conn, false, UINT64_MAX, RECENT, rows, &n);
	if (st < 0 || n == 0)
		return st < 0 ? st : GX_DB_NO_RESULTS;
	st = GX_DB_HARD_ERROR;
	bool have_latest = false;
	struct gx_checkpoint_view latest = {0};
	for (size_t i = 0; i < n; i++) {
		struct gx_checkpoint_view v;
		char err[200];
		if (gx_checkpoint_view_open(&rows[i], t, &v, err, sizeof(err)) != 0)
			break; /* a damaged checkpoint: do not prove against it or anything older */
		if (v.witnessed || t->quorum == 0) {
			*out = v;
			st = GX_DB_ONE_RESULT;
			break;
		}
		if (!have_latest) {
			latest = v;
			have_latest = true;
		} else {
			gx_checkpoint_view_clear(&v);
		}
	}
	if (st == GX_DB_ONE_RESULT) {
		gx_checkpoint_view_clear(&latest);
	} else if (have_latest) {
		*out = latest;
		st = GX_DB_ONE_RESULT;
	}
	for (size_t i = 0; i < n; i++)
		gx_tlog_checkpoint_row_clear(&rows[i]);
	return st;
}
