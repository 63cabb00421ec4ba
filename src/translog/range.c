#include "translog/range_int.h"

void gx_tlog_range_reader_init(struct gx_tlog_range_reader *r, const struct gx_tlog_hashes *h, uint64_t size)
{
	r->h = h;
	r->size = size;
	r->edge_loaded = false;
	r->edge_count = 0;
}

static bool is_complete(uint64_t begin, uint64_t end, unsigned *level)
{
	uint64_t n = end - begin;
	if (n == 0 || (n & (n - 1)) != 0 || begin % n != 0)
		return false;
	unsigned l = 0;
	while (((uint64_t)1 << l) != n)
		l++;
	*level = l;
	return true;
}

/* Reads the frontier of the tree and folds it from the right: edge_suffix[i]
 * is then the hash of everything from the i-th frontier subtree on. */
static int load_edge(struct gx_tlog_range_reader *r)
{
	struct gx_tlog_hash sub[64];
	unsigned n = 0;
	uint64_t offset = 0;
	for (int level = 63; level >= 0; level--) {
		uint64_t span = (uint64_t)1 << level;
		if (!(r->size & span))
			continue;
		if (r->h->subtree(r->h->ctx, (unsigned)level, offset >> level, &sub[n]) != 0)
			return -1;
		r->edge_start[n++] = offset;
		offset += span;
	}
	for (unsigned i = n; i-- > 0;) {
		if (i == n - 1)
			r->edge_suffix[i] = sub[i];
		else
			gx_tlog_node_hash(&sub[i], &r->edge_suffix[i + 1], &r->edge_suffix[i]);
	}
	r->edge_count = n;
	r->edge_loaded = true;
	return 0;
}

int gx_tlog_range_hash(struct gx_tlog_range_reader *r, uint64_t begin, uint64_t end, struct gx_tlog_hash *out)
{
	unsigned level;
	if (begin >= end || end > r->size)
		return -1;
	if (is_complete(begin, end, &level))
		return r->h->subtree(r->h->ctx, level, begin >> level, out);
	if (end != r->size)
		return -1;
	if (!r->edge_loaded && load_edge(r) != 0)
		return -1;
	for (unsigned i = 0; i < r->edge_count; i++) {
		if (r->edge_start[i] == begin) {
			*out = r->edge_suffix[i];
			return 0;
		}
	}
	return -1;
}
