#include "core/translog_store.h"

#include <string.h>

#define EMPTY_LEVEL 0xffffffffu

static size_t slot_of(const struct gx_tlog_store_reader *r, unsigned level, uint64_t index)
{
	uint64_t h = (index * 0x9e3779b97f4a7c15ull) ^ ((uint64_t)level * 0xc2b2ae3d27d4eb4full);
	return (size_t)(h >> 17) & (r->cache_cap - 1);
}

static int read_subtree(void *ctx, unsigned level, uint64_t index, struct gx_tlog_hash *out)
{
	struct gx_tlog_store_reader *r = ctx;
	struct gx_tlog_node *slot = NULL;
	if (r->cache != NULL) {
		slot = &r->cache[slot_of(r, level, index)];
		if (slot->level == level && slot->index == index) {
			memcpy(out->b, slot->hash, GX_TLOG_HASH_LEN);
			return 0;
		}
	}
	enum gx_db_status st = gx_store_tlog_subtree(r->conn, level, index, out->b);
	if (st != GX_DB_ONE_RESULT) {
		r->failed = st < 0 ? st : GX_DB_HARD_ERROR; /* a missing subtree: the tree is damaged */
		return -1;
	}
	if (slot != NULL) {
		slot->level = level;
		slot->index = index;
		memcpy(slot->hash, out->b, GX_TLOG_HASH_LEN);
	}
	return 0;
}

struct gx_tlog_hashes gx_tlog_store_reader_init(struct gx_tlog_store_reader *r, struct gx_store_conn *conn,
						struct gx_tlog_node *cache, size_t cap)
{
	r->conn = conn;
	r->failed = 0;
	r->cache = cap > 0 && (cap & (cap - 1)) == 0 ? cache : NULL;
	r->cache_cap = r->cache != NULL ? cap : 0;
	for (size_t i = 0; i < r->cache_cap; i++)
		r->cache[i].level = EMPTY_LEVEL;
	struct gx_tlog_hashes h = {read_subtree, r};
	return h;
}

int gx_tlog_store_frontier(struct gx_store_conn *conn, uint64_t size, struct gx_tlog_frontier *out)
{
	if (size == UINT64_MAX && gx_store_tlog_size(conn, &size) != GX_DB_ONE_RESULT)
		return -1;
	struct gx_tlog_store_reader r;
	struct gx_tlog_hashes h = gx_tlog_store_reader_init(&r, conn, NULL, 0);
	return gx_tlog_frontier_load(out, size, &h);
}
