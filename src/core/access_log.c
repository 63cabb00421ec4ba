#include "core/access_log.h"

#include <stdlib.h>
#include <string.h>

#include "core/access_record.h"
#include "core/checkpoints.h"
#include "core/translog_store.h"
#include "translog/bundle.h"
#include "translog/proof.h"

/* Subtrees kept while proving a page's records (their upper levels are shared). */
#define PROOF_CACHE 1024

enum gx_core_status gx_access_log_subject(const struct gx_core_ctx *c, char out[14])
{
	struct gx_person p;
	enum gx_db_status st = gx_store_person_get(c->db, c->person.v, &p);
	if (st != GX_DB_ONE_RESULT)
		return st < 0 ? GX_CORE_UNAVAILABLE : GX_CORE_NOT_FOUND;
	memcpy(out, p.national_id, 14);
	return GX_CORE_OK;
}

void gx_access_log_page_free(struct gx_access_log_page *p)
{
	for (size_t i = 0; i < p->n; i++)
		gx_access_row_clear(&p->entries[i].row);
	free(p->entries);
	memset(p, 0, sizeof(*p));
}

/* Whether row's record, with salt, is at its leaf of the checkpoint's tree. */
static enum gx_access_proof prove(const struct gx_access_row *row, const unsigned char *salt,
				  const struct gx_checkpoint_view *cp, const struct gx_tlog_hashes *h)
{
	if (row->leaf_index < 0 || (uint64_t)row->leaf_index >= cp->c.size)
		return GX_ACCESS_PENDING;
	struct gx_tlog_hash leaf;
	struct gx_tlog_proof proof;
	if (salt == NULL || gx_access_record_leaf(row, salt, &leaf) != 0 ||
	    gx_tlog_inclusion_prove(h, (uint64_t)row->leaf_index, cp->c.size, &proof) != 0 ||
	    !gx_tlog_inclusion_verify((uint64_t)row->leaf_index, cp->c.size, &leaf, &proof, &cp->c.root))
		return GX_ACCESS_FAILED;
	return GX_ACCESS_PROVEN;
}

static enum gx_core_status read_page(const struct gx_core_ctx *c, const struct gx_access_log_filter *f,
				     struct gx_access_log_page *out);

/* One read transaction for everything a page reads: one snapshot, and one
 * lock instead of one per statement (SQLite). */
enum gx_core_status gx_access_log_read(const struct gx_core_ctx *c, const struct gx_access_log_filter *f,
				       struct gx_access_log_page *out)
{
	memset(out, 0, sizeof(*out));
	if (gx_store_tx_begin(c->db, false) < 0)
		return GX_CORE_UNAVAILABLE;
	enum gx_core_status st = read_page(c, f, out);
	gx_store_tx_rollback(c->db); /* nothing was written */
	return st;
}

static enum gx_core_status read_page(const struct gx_core_ctx *c, const struct gx_access_log_filter *f,
				     struct gx_access_log_page *out)
{
	char subject[14];
	memset(out, 0, sizeof(*out));
	enum gx_core_status cs = gx_access_log_subject(c, subject);
	if (cs != GX_CORE_OK)
		return cs;
	size_t limit = f->limit == 0 || f->limit > GX_ACCESS_LOG_PAGE_MAX ? GX_ACCESS_LOG_PAGE_MAX : f->limit;
	struct gx_access_row *rows = calloc(limit, sizeof(*rows));
	out->entries = calloc(limit, sizeof(*out->entries));
	if (rows == NULL || out->entries == NULL) {
		free(rows);
		gx_access_log_page_free(out);
		return GX_CORE_FAULT;
	}
	struct gx_access_query q = {.subject = subject, .source = f->source, .actor_id = f->actor_id,
				    .from_us = f->from_us, .to_us = f->to_us, .before_at_us = f->before_at_us,
				    .before_id = f->before_id};
	size_t n = 0;
	if (gx_store_access_records_of(c->db, &q, rows, limit, &n, &out->more) < 0) {
		free(rows);
		gx_access_log_page_free(out);
		return GX_CORE_UNAVAILABLE;
	}
	for (size_t i = 0; i < n; i++)
		out->entries[i].row = rows[i]; /* the blocks move over */
	out->n = n;
	free(rows);

	struct gx_checkpoint_view cp;
	enum gx_db_status st = gx_checkpoint_best(c->db, &c->domain->transparency, &cp);
	if (st < 0) {
		gx_access_log_page_free(out);
		return GX_CORE_UNAVAILABLE;
	}
	out->quorum = c->domain->transparency.quorum;
	unsigned char salt[32];
	bool have_salt = n > 0 && gx_store_tlog_salt_get(c->db, subject, salt) == GX_DB_ONE_RESULT;
	if (st == GX_DB_ONE_RESULT) {
		out->have_checkpoint = true;
		out->checkpoint_size = cp.c.size;
		out->cosigned = cp.cosigned;
		out->witnessed = cp.witnessed;
		struct gx_tlog_store_reader r;
		struct gx_tlog_node *cache = malloc(PROOF_CACHE * sizeof(*cache));
		struct gx_tlog_hashes h = gx_tlog_store_reader_init(&r, c->db, cache, cache != NULL ? PROOF_CACHE : 0);
		for (size_t i = 0; i < n; i++)
			out->entries[i].proof = prove(&out->entries[i].row, have_salt ? salt : NULL, &cp, &h);
		free(cache);
		gx_checkpoint_view_clear(&cp);
	} else {
		for (size_t i = 0; i < n; i++)
			out->entries[i].proof = GX_ACCESS_PENDING;
	}
	return GX_CORE_OK;
}

/* --- the bundle ------------------------------------------------------------------------ */

struct bundle_parts {
	struct gx_access_row *rows;
	json_t **records;
	struct gx_tlog_proof *proofs;
	struct gx_bundle_item *items;
	size_t n, cap;
};

static void parts_free(struct bundle_parts *b)
{
	for (size_t i = 0; i < b->n; i++) {
		gx_access_row_clear(&b->rows[i]);
		json_decref(b->records[i]);
	}
	free(b->rows);
	free(b->records);
	free(b->proofs);
	free(b->items);
}

static int parts_grow(struct bundle_parts *b, size_t need)
{
	if (need <= b->cap)
		return 0;
	size_t cap = b->cap ? b->cap * 2 : 256;
	while (cap < need)
		cap *= 2;
	void *r = realloc(b->rows, cap * sizeof(*b->rows));
	if (r != NULL)
		b->rows = r;
	void *j = realloc(b->records, cap * sizeof(*b->records));
	if (j != NULL)
		b->records = j;
	if (r == NULL || j == NULL)
		return -1;
	b->cap = cap;
	return 0;
}

static enum gx_core_status make_bundle(const struct gx_core_ctx *c, char **json, size_t *entries, size_t *pending);

enum gx_core_status gx_access_log_bundle(const struct gx_core_ctx *c, char **json, size_t *entries, size_t *pending)
{
	*json = NULL;
	*entries = *pending = 0;
	if (gx_store_tx_begin(c->db, false) < 0)
		return GX_CORE_UNAVAILABLE;
	enum gx_core_status st = make_bundle(c, json, entries, pending);
	gx_store_tx_rollback(c->db);
	return st;
}

static enum gx_core_status make_bundle(const struct gx_core_ctx *c, char **json, size_t *entries, size_t *pending)
{
	char subject[14];
	*json = NULL;
	*entries = *pending = 0;
	enum gx_core_status cs = gx_access_log_subject(c, subject);
	if (cs != GX_CORE_OK)
		return cs;
	unsigned char salt[32];
	enum gx_db_status st = gx_store_tlog_salt_get(c->db, subject, salt);
	if (st != GX_DB_ONE_RESULT)
		return st < 0 ? GX_CORE_UNAVAILABLE : GX_CORE_NOT_FOUND;
	struct gx_checkpoint_view cp;
	st = gx_checkpoint_best(c->db, &c->domain->transparency, &cp);
	if (st != GX_DB_ONE_RESULT)
		return st < 0 ? GX_CORE_UNAVAILABLE : GX_CORE_NOT_FOUND;

	struct bundle_parts b = {0};
	cs = GX_CORE_FAULT;
	struct gx_access_query q = {.subject = subject};
	enum { CHUNK = 500 };
	for (;;) {
		if (parts_grow(&b, b.n + CHUNK) != 0)
			goto done;
		size_t n = 0;
		bool more = false;
		if (gx_store_access_records_of(c->db, &q, b.rows + b.n, CHUNK, &n, &more) < 0) {
			cs = GX_CORE_UNAVAILABLE;
			goto done;
		}
		for (size_t i = 0; i < n; i++)
			b.records[b.n + i] = NULL;
		size_t kept = b.n;
		for (size_t i = b.n; i < b.n + n; i++) {
			struct gx_access_row *r = &b.rows[i];
			if (r->leaf_index < 0 || (uint64_t)r->leaf_index >= cp.c.size) {
				(*pending)++;
				gx_access_row_clear(r);
				continue;
			}
			if (kept != i) {
				b.rows[kept] = *r;
				memset(r, 0, sizeof(*r));
			}
			kept++;
		}
		struct gx_access_row *last = n > 0 ? &b.rows[b.n + n - 1] : NULL;
		if (last != NULL) {
			/* the keyset position is the last row read, kept or not */
			q.before_at_us = last->at_us;
			q.before_id = last->id;
		}
		b.n = kept;
		if (!more)
			break;
		if (b.n > GX_BUNDLE_MAX_ENTRIES)
			goto done;
	}
	if (b.n > GX_BUNDLE_MAX_ENTRIES)
		goto done;
	b.proofs = malloc((b.n > 0 ? b.n : 1) * sizeof(*b.proofs));
	b.items = malloc((b.n > 0 ? b.n : 1) * sizeof(*b.items));
	if (b.proofs == NULL || b.items == NULL)
		goto done;
	struct gx_tlog_store_reader r;
	struct gx_tlog_node *cache = malloc(PROOF_CACHE * sizeof(*cache));
	struct gx_tlog_hashes h = gx_tlog_store_reader_init(&r, c->db, cache, cache != NULL ? PROOF_CACHE : 0);
	/* Oldest first, as the log is. */
	for (size_t i = 0; i < b.n; i++) {
		const struct gx_access_row *row = &b.rows[b.n - 1 - i];
		b.records[i] = gx_access_record_json(row);
		if (b.records[i] == NULL ||
		    gx_tlog_inclusion_prove(&h, (uint64_t)row->leaf_index, cp.c.size, &b.proofs[i]) != 0) {
			free(cache);
			cs = r.failed < 0 && r.failed != GX_DB_HARD_ERROR ? GX_CORE_UNAVAILABLE : GX_CORE_FAULT;
			goto done;
		}
		b.items[i] = (struct gx_bundle_item){(uint64_t)row->leaf_index, b.records[i], &b.proofs[i]};
	}
	free(cache);
	*json = gx_bundle_write(cp.note, salt, b.items, b.n);
	if (*json == NULL)
		goto done;
	*entries = b.n;
	cs = GX_CORE_OK;
done:
	/* records[i] pairs with rows[n-1-i]; both are freed by index alone */
	parts_free(&b);
	gx_checkpoint_view_clear(&cp);
	return cs;
}
