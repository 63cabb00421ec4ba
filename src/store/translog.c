/** The transparency log's store methods: dispatch to the backend's table
 *  (translog_int.h), refused on a register's store; the rows' memory. */

#include "store/translog_int.h"

#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"

void gx_access_row_clear(struct gx_access_row *r)
{
	if (r == NULL)
		return;
	free(r->block);
	memset(r, 0, sizeof(*r));
	r->leaf_index = -1;
}

void gx_access_rows_clear(struct gx_access_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		gx_access_row_clear(&rows[i]);
}

int gx_access_row_set_strings(struct gx_access_row *r, const char *const cols[10], const size_t lens[10])
{
	size_t total = 0;
	for (int i = 0; i < 10; i++)
		total += cols[i] != NULL ? lens[i] + 1 : 0;
	char *block = malloc(total > 0 ? total : 1);
	if (block == NULL)
		return -1;
	const char **dst[10] = {&r->subject,	  &r->actor_kind,      &r->actor_id, &r->actor_role,
				&r->on_behalf_of, &r->source,	       &r->attributes_json, &r->purpose,
				&r->legal_basis,  &r->request_id};
	char *p = block;
	for (int i = 0; i < 10; i++) {
		if (cols[i] == NULL) {
			*dst[i] = NULL;
			continue;
		}
		memcpy(p, cols[i], lens[i]);
		p[lens[i]] = '\0';
		*dst[i] = p;
		p += lens[i] + 1;
	}
	free(r->block);
	r->block = block;
	return 0;
}

void gx_tlog_checkpoint_row_clear(struct gx_tlog_checkpoint_row *r)
{
	if (r == NULL)
		return;
	free(r->note);
	free(r->cosignatures);
	memset(r, 0, sizeof(*r));
}

unsigned long long gx_store_access_records_written_take(struct gx_store_conn *conn, long long *min_id,
							 long long *max_id)
{
	unsigned long long n = conn->records_written;
	*min_id = conn->records_min_id;
	*max_id = conn->records_max_id;
	conn->records_written = 0;
	return n;
}

void gx_store_set_precommit(struct gx_store *store, gx_store_precommit_fn fn, gx_store_postcommit_fn after, void *arg)
{
	store->precommit = fn;
	store->postcommit = after;
	store->precommit_arg = arg;
}

/* The log lives in the platform's schema only. */
static const struct gx_store_tlog_ops *ops(struct gx_store_conn *conn)
{
	if (conn->store != NULL && conn->store->cfg.schema != GX_STORE_SCHEMA_PLATFORM)
		return NULL;
	return conn->ops->tlog;
}

#define DISPATCH(method, ...)                                      \
	const struct gx_store_tlog_ops *o = ops(conn);             \
	return o != NULL ? o->method(conn, __VA_ARGS__) : GX_DB_HARD_ERROR

enum gx_db_status gx_store_tlog_head_lock(struct gx_store_conn *conn, uint64_t *size)
{
	DISPATCH(head_lock, size);
}

enum gx_db_status gx_store_tlog_unlogged(struct gx_store_conn *conn, long long min_id, long long max_id, size_t max,
					 struct gx_access_row *rows, size_t *n, bool *more)
{
	*n = 0;
	*more = false;
	DISPATCH(unlogged, min_id, max_id, max, rows, n, more);
}

enum gx_db_status gx_store_tlog_salt_put(struct gx_store_conn *conn, const char *subject,
					 const unsigned char salt[GX_TLOG_STORE_HASH], long long at_us,
					 unsigned char out[GX_TLOG_STORE_HASH])
{
	DISPATCH(salt_put, subject, salt, at_us, out);
}

enum gx_db_status gx_store_tlog_append(struct gx_store_conn *conn, uint64_t old_size, const long long *record_ids,
				       size_t n, const struct gx_tlog_node *nodes, size_t nnodes)
{
	if (old_size > (uint64_t)INT64_MAX - n)
		return GX_DB_HARD_ERROR;
	DISPATCH(append, old_size, record_ids, n, nodes, nnodes);
}

enum gx_db_status gx_store_tlog_size(struct gx_store_conn *conn, uint64_t *size)
{
	DISPATCH(size, size);
}

enum gx_db_status gx_store_tlog_subtree(struct gx_store_conn *conn, unsigned level, uint64_t index,
					unsigned char hash[GX_TLOG_STORE_HASH])
{
	if (level > 63 || index > (uint64_t)INT64_MAX)
		return GX_DB_NO_RESULTS;
	DISPATCH(subtree, level, index, hash);
}

enum gx_db_status gx_store_tlog_subtrees(struct gx_store_conn *conn, unsigned level, uint64_t from, size_t max,
					 struct gx_tlog_node *out, size_t *n)
{
	*n = 0;
	if (level > 63 || from > (uint64_t)INT64_MAX)
		return GX_DB_NO_RESULTS;
	DISPATCH(subtrees, level, from, max, out, n);
}

enum gx_db_status gx_store_tlog_records_by_leaf(struct gx_store_conn *conn, uint64_t from, size_t max,
						struct gx_access_row *rows, size_t *n)
{
	*n = 0;
	if (from > (uint64_t)INT64_MAX)
		return GX_DB_NO_RESULTS;
	DISPATCH(records_by_leaf, from, max, rows, n);
}

enum gx_db_status gx_store_tlog_unlogged_count(struct gx_store_conn *conn, long long *n)
{
	DISPATCH(unlogged_count, n);
}

enum gx_db_status gx_store_tlog_checkpoint_put(struct gx_store_conn *conn, const struct gx_tlog_checkpoint_row *c)
{
	if (c->size > (uint64_t)INT64_MAX || c->note == NULL)
		return GX_DB_HARD_ERROR;
	DISPATCH(checkpoint_put, c);
}

enum gx_db_status gx_store_tlog_checkpoint_latest(struct gx_store_conn *conn, struct gx_tlog_checkpoint_row *out)
{
	size_t n = 0;
	const struct gx_store_tlog_ops *o = ops(conn);
	if (o == NULL)
		return GX_DB_HARD_ERROR;
	enum gx_db_status st = o->checkpoints(conn, false, (uint64_t)INT64_MAX, 1, out, &n);
	return st < 0 ? st : n == 1 ? GX_DB_ONE_RESULT : GX_DB_NO_RESULTS;
}

enum gx_db_status gx_store_tlog_checkpoint_get(struct gx_store_conn *conn, uint64_t size,
					       struct gx_tlog_checkpoint_row *out)
{
	if (size > (uint64_t)INT64_MAX)
		return GX_DB_NO_RESULTS;
	DISPATCH(checkpoint_get, size, out);
}

enum gx_db_status gx_store_tlog_checkpoints(struct gx_store_conn *conn, bool ascending, uint64_t from, size_t max,
					    struct gx_tlog_checkpoint_row *out, size_t *n)
{
	*n = 0;
	if (from > (uint64_t)INT64_MAX) {
		if (ascending)
			return GX_DB_NO_RESULTS;
		from = (uint64_t)INT64_MAX;
	}
	DISPATCH(checkpoints, ascending, from, max, out, n);
}

enum gx_db_status gx_store_tlog_cosignature_put(struct gx_store_conn *conn, uint64_t size, const char *key_name,
						uint32_t key_id, const char *line, long long at_us)
{
	if (size > (uint64_t)INT64_MAX)
		return GX_DB_HARD_ERROR;
	DISPATCH(cosignature_put, size, key_name, key_id, line, at_us);
}

enum gx_db_status gx_store_access_records_of(struct gx_store_conn *conn, const struct gx_access_query *q,
					     struct gx_access_row *rows, size_t limit, size_t *n, bool *more)
{
	*n = 0;
	*more = false;
	DISPATCH(records_of, q, rows, limit, n, more);
}

enum gx_db_status gx_store_tlog_salt_get(struct gx_store_conn *conn, const char *subject,
					 unsigned char salt[GX_TLOG_STORE_HASH])
{
	DISPATCH(salt_get, subject, salt);
}

enum gx_db_status gx_store_access_records_erase(struct gx_store_conn *conn, const char *subject, long long *n)
{
	long long ignored;
	DISPATCH(records_erase, subject, n != NULL ? n : &ignored);
}
