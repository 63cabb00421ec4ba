#ifndef GX_STORE_TRANSLOG_H
#define GX_STORE_TRANSLOG_H

/**
 * The transparency log's storage (docs/transparency.md, migration 0018):
 * the access records read back (a person's, the log writer's, the
 * verifier's), each person's salt, the tree's complete subtrees and its
 * size, the signed checkpoints and their witnesses' cosignatures. The store
 * only stores: hashing, proofs and signatures are translog's and core's.
 * Hashes are 32 raw bytes here (the store does not know translog's types).
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

#define GX_TLOG_STORE_HASH 32

/** An access record as stored. Its strings live in one block owned by the
 *  row (free with gx_access_row_clear); optional ones are NULL. */
struct gx_access_row {
	long long id;
	long long leaf_index;        /* -1 while not in the log */
	long long at_us;
	const char *subject, *actor_kind, *actor_id, *actor_role, *on_behalf_of, *source, *attributes_json, *purpose,
		*legal_basis, *request_id;
	bool has_salt;               /* salt is the subject's (when the query reads it) */
	unsigned char salt[GX_TLOG_STORE_HASH];
	char *block;
};
void gx_access_row_clear(struct gx_access_row *r);
void gx_access_rows_clear(struct gx_access_row *rows, size_t n);

/** Fills r's strings from the 10 columns in the order of struct
 *  gx_access_row (subject .. request_id; NULL for SQL NULL), copied into
 *  one block. 0, or -1 when out of memory. For the backends. */
int gx_access_row_set_strings(struct gx_access_row *r, const char *const cols[10], const size_t lens[10]);

/* --- appending: the group-commit writer, inside the batch transaction ------------ */

/** The tree's size, taking the right to append (PostgreSQL: the head row is
 *  locked until the transaction ends, so writers take turns). */
enum gx_db_status gx_store_tlog_head_lock(struct gx_store_conn *conn, uint64_t *size);
/** How many access records conn wrote since the last call, and the range
 *  of their ids (the group commit's writer: a batch that wrote none has
 *  nothing to log; one that did finds its records in that range). */
unsigned long long gx_store_access_records_written_take(struct gx_store_conn *conn, long long *min_id,
							 long long *max_id);
/** Up to max records with ids in [min_id, max_id] that are not in the log
 *  yet, oldest first, with their subject's salt when it has one. *more:
 *  there were more. */
enum gx_db_status gx_store_tlog_unlogged(struct gx_store_conn *conn, long long min_id, long long max_id, size_t max,
					 struct gx_access_row *rows, size_t *n, bool *more);
/** Stores salt as subject's unless it has one; the subject's salt (the
 *  stored one) into out. */
enum gx_db_status gx_store_tlog_salt_put(struct gx_store_conn *conn, const char *subject,
					 const unsigned char salt[GX_TLOG_STORE_HASH], long long at_us,
					 unsigned char out[GX_TLOG_STORE_HASH]);

/** A complete subtree: the 2^level leaves from index * 2^level on. */
struct gx_tlog_node {
	unsigned level;
	uint64_t index;
	unsigned char hash[GX_TLOG_STORE_HASH];
};

/** Appends n records to a tree of old_size leaves: record_ids[i] becomes
 *  leaf old_size + i, the nodes (the subtrees the appends completed, the
 *  leaves among them at level 0) are inserted, the size becomes old_size + n. GX_DB_CONFLICT (nothing
 *  changed) when the size is no longer old_size. record_ids NULL: n leaves
 *  that have no record (bulk loading: a benchmark's tree). */
enum gx_db_status gx_store_tlog_append(struct gx_store_conn *conn, uint64_t old_size, const long long *record_ids,
				       size_t n, const struct gx_tlog_node *nodes, size_t nnodes);

/* --- reading the tree ---------------------------------------------------------- */

enum gx_db_status gx_store_tlog_size(struct gx_store_conn *conn, uint64_t *size);
/** The hash of subtree (level, index): GX_DB_NO_RESULTS when there is none. */
enum gx_db_status gx_store_tlog_subtree(struct gx_store_conn *conn, unsigned level, uint64_t index,
					unsigned char hash[GX_TLOG_STORE_HASH]);
/** Up to max subtrees of level from index from on, by index (gaps show as
 *  skipped indexes): for reading a whole level in order. */
enum gx_db_status gx_store_tlog_subtrees(struct gx_store_conn *conn, unsigned level, uint64_t from, size_t max,
					 struct gx_tlog_node *out, size_t *n);
/** Up to max records in the log from leaf from on, by leaf, with salts. */
enum gx_db_status gx_store_tlog_records_by_leaf(struct gx_store_conn *conn, uint64_t from, size_t max,
						struct gx_access_row *rows, size_t *n);
/** How many records are not in the log (no leaf has their id). */
enum gx_db_status gx_store_tlog_unlogged_count(struct gx_store_conn *conn, long long *n);

/* --- checkpoints and cosignatures ---------------------------------------------- */

struct gx_tlog_checkpoint_row {
	uint64_t size;
	unsigned char root[GX_TLOG_STORE_HASH];
	long long signed_at_us;
	char *note;          /* the signed note (the log's signature only); malloc'ed on reads */
	char *cosignatures;  /* reads: the witnesses' signature lines, each ending in '\n' ("" for none), malloc'ed */
};
void gx_tlog_checkpoint_row_clear(struct gx_tlog_checkpoint_row *r);

/** Stores a signed checkpoint: GX_DB_ONE_RESULT, or GX_DB_NO_RESULTS when
 *  one of that size exists (another instance signed it first). */
enum gx_db_status gx_store_tlog_checkpoint_put(struct gx_store_conn *conn, const struct gx_tlog_checkpoint_row *c);
/** The largest checkpoint, with its cosignatures: GX_DB_NO_RESULTS when none. */
enum gx_db_status gx_store_tlog_checkpoint_latest(struct gx_store_conn *conn, struct gx_tlog_checkpoint_row *out);
/** The checkpoint of this size, with its cosignatures. */
enum gx_db_status gx_store_tlog_checkpoint_get(struct gx_store_conn *conn, uint64_t size,
					       struct gx_tlog_checkpoint_row *out);
/** Up to max checkpoints with their cosignatures: ascending, those of size
 *  >= from, smallest first; else those of size <= from, largest first
 *  (UINT64_MAX: from the newest). */
enum gx_db_status gx_store_tlog_checkpoints(struct gx_store_conn *conn, bool ascending, uint64_t from, size_t max,
					    struct gx_tlog_checkpoint_row *out, size_t *n);
/** Keeps a witness's cosignature line of checkpoint size (a later one from
 *  the same key replaces it). */
enum gx_db_status gx_store_tlog_cosignature_put(struct gx_store_conn *conn, uint64_t size, const char *key_name,
						uint32_t key_id, const char *line, long long at_us);

/* --- a person's records ----------------------------------------------------------- */

/** Which of a subject's records, newest first: every filter given (NULL or
 *  0: any), after the keyset position (before_at_us, before_id) when
 *  before_id > 0 (the last row of the previous page). */
struct gx_access_query {
	const char *subject;
	const char *source;        /* a register */
	const char *actor_id;      /* an organisation, or "guichet" */
	long long from_us, to_us;  /* at within [from, to); 0: open */
	long long before_at_us, before_id;
};
enum gx_db_status gx_store_access_records_of(struct gx_store_conn *conn, const struct gx_access_query *q,
					     struct gx_access_row *rows, size_t limit, size_t *n, bool *more);
/** The subject's salt: GX_DB_NO_RESULTS when it has none (no record logged, or erased). */
enum gx_db_status gx_store_tlog_salt_get(struct gx_store_conn *conn, const char *subject,
					 unsigned char salt[GX_TLOG_STORE_HASH]);
/** Erases a subject's access records and salt (retention, or by law); the
 *  tree keeps their leaves. *n (may be NULL): records deleted. */
enum gx_db_status gx_store_access_records_erase(struct gx_store_conn *conn, const char *subject, long long *n);

/* --- the group commit's last step ----------------------------------------------------- */

/** Runs in every group-commit batch after its items and before COMMIT, on
 *  the writer's connection (core's log writer appends the batch's records to
 *  the tree). A negative status fails the batch; GX_DB_SOFT_ERROR runs it
 *  again (the items too, from the start). */
typedef enum gx_db_status (*gx_store_precommit_fn)(struct gx_store_conn *writer, void *arg);
/** Then, on the writer thread, once per batch: whether its COMMIT succeeded
 *  (what precommit kept aside becomes true, or is forgotten). */
typedef void (*gx_store_postcommit_fn)(void *arg, bool committed);
/** Sets them (NULL: none) before the first durable write is submitted. */
void gx_store_set_precommit(struct gx_store *store, gx_store_precommit_fn fn, gx_store_postcommit_fn after, void *arg);

#endif
