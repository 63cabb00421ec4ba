#ifndef GX_STORE_STORE_INT_H
#define GX_STORE_STORE_INT_H

/**
 * What a backend implements: the table of functions behind store.h. Adding a
 * store method means one entry here, one dispatch function in store.c and one
 * file per backend (see docs/store.md).
 */

#include "store/store.h"
#include "store/operators.h"

#include <pthread.h>

struct gx_group_commit;
struct gx_store_tlog_ops;
struct gx_store_correction_ops;           /* corrections_int.h */
struct gx_store_registry_correction_ops;
struct gx_store_lb_ops;

/** The part of every connection the dispatch layer reads; backends embed it first. */
struct gx_store_conn {
	struct gx_store *store;
	const struct gx_store_ops *ops;
	/* The access records this connection wrote since the last
	 * gx_store_access_records_written_take: how many, and their ids' range. */
	unsigned long long records_written;
	long long records_min_id, records_max_id;
};

struct gx_store_ops {
	const char *name;
	/** Opens the database and applies migrations; *state is the backend's process-wide state. */
	int (*open)(const struct gx_store_config *cfg, void **state, char *err, size_t err_size);
	void (*close)(void *state);
	/** writer: the group-commit connection. The caller fills base. */
	struct gx_store_conn *(*conn_open)(void *state, bool writer);
	void (*conn_close)(struct gx_store_conn *conn);
	/** The writer, after each batch was acknowledged: housekeeping (SQLite checkpoints). */
	void (*between_batches)(struct gx_store_conn *writer);

	/** Optional: true when conn's last transaction ended without COMMIT in a
	 *  way that makes running it again safe (the connection was lost before
	 *  COMMIT, or COMMIT failed with a serialization failure): the group
	 *  commit then runs the batch again. NULL: never. */
	bool (*tx_lost)(struct gx_store_conn *conn);

	enum gx_db_status (*tx_begin)(struct gx_store_conn *conn, bool write);
	enum gx_db_status (*tx_commit)(struct gx_store_conn *conn);
	void (*tx_rollback)(struct gx_store_conn *conn);
	bool (*in_tx)(struct gx_store_conn *conn);
	/** true: the group commit runs a batch without a savepoint per item first
	 *  (each costs a round trip, and many subtransactions locking one row
	 *  make PostgreSQL build ever longer multixacts), and again with them
	 *  when an item fails; false: always with them (SQLite, where they are free). */
	bool optimistic_batches;
	/** true: one writer at a time holds the whole database (SQLite's write
	 *  lock), so a write that must not wait behind the group commit's
	 *  batches joins them (gx_store_run_tx_soon); false: writers lock rows. */
	bool one_writer;
	/** Optional: a backend that sends a batch's statements ahead of their
	 *  answers (PostgreSQL's pipeline) reads them here, before COMMIT of a
	 *  batch without savepoints; <0 when one failed: the batch runs again
	 *  with savepoints. NULL: nothing is ever sent ahead. */
	enum gx_db_status (*flush)(struct gx_store_conn *conn);
	/** One savepoint level at a time (group commit wraps each item in one). */
	enum gx_db_status (*savepoint)(struct gx_store_conn *conn);
	enum gx_db_status (*savepoint_release)(struct gx_store_conn *conn);
	enum gx_db_status (*savepoint_rollback)(struct gx_store_conn *conn);

	enum gx_db_status (*ping)(struct gx_store_conn *conn);
	/** Optional: see gx_store_conn_unreachable; NULL: never. */
	uint64_t (*unreachable)(struct gx_store_conn *conn);
	int (*schema_ready)(struct gx_store_conn *conn);

	enum gx_db_status (*access_record_append)(struct gx_store_conn *conn, const struct gx_access_record *rec,
						  long long *id);
	enum gx_db_status (*access_records_count)(struct gx_store_conn *conn, const char *subject, long long *out);
	/** The transparency log's methods (translog_int.h). */
	const struct gx_store_tlog_ops *tlog;

	enum gx_db_status (*feedback_append)(struct gx_store_conn *conn, const struct gx_feedback *fb, long long *id);
	enum gx_db_status (*search_refresh)(struct gx_store_conn *conn, const struct gx_search_doc *docs, size_t n,
					    const char *fingerprint, long long now_us, bool *changed);
	enum gx_db_status (*guest_reference)(struct gx_store_conn *conn, const unsigned char token_hash[32], char *ref,
					     size_t ref_size);
	enum gx_db_status (*guest_space_create)(struct gx_store_conn *conn, long long now_us, long long *space_id);
	enum gx_db_status (*guest_submission_put)(struct gx_store_conn *conn, long long submission_id,
						  const unsigned char token_hash[32], long long now_us);
	enum gx_db_status (*guest_limit_add)(struct gx_store_conn *conn, const unsigned char key_hash[32],
					     long long window_start_us, long long forget_before_us, long long *count);
	long (*search)(struct gx_store_conn *conn, const char *lang, const struct gx_search_group *groups, size_t ngroups,
		       struct gx_search_hit *out, size_t max);

	enum gx_db_status (*person_login)(struct gx_store_conn *conn, const struct gx_person_login *in,
					  long long *person_id, long long *private_space_id);
	enum gx_db_status (*person_get)(struct gx_store_conn *conn, long long person_id, struct gx_person *out);
	enum gx_db_status (*space_owner)(struct gx_store_conn *conn, long long space_id, struct gx_person *out);
	enum gx_db_status (*membership)(struct gx_store_conn *conn, struct gx_space_id space, struct gx_person_id person,
					struct gx_membership *out);
	enum gx_db_status (*session_insert)(struct gx_store_conn *conn, const struct gx_session_row *row,
					    const char *id_token);
	enum gx_db_status (*session_get)(struct gx_store_conn *conn, const unsigned char *id_hash,
					 struct gx_session_row *out);
	enum gx_db_status (*session_touch)(struct gx_store_conn *conn, const unsigned char *id_hash,
					   long long last_seen_at_us);
	enum gx_db_status (*session_delete)(struct gx_store_conn *conn, const unsigned char *id_hash, char *id_token,
					    size_t id_token_size);
	enum gx_db_status (*sessions_purge)(struct gx_store_conn *conn, long long now_us, long long idle_before_us,
					    long long login_before_us);
	enum gx_db_status (*login_state_put)(struct gx_store_conn *conn, const struct gx_login_state *in);
	enum gx_db_status (*login_state_take)(struct gx_store_conn *conn, const char *state, struct gx_login_state *out);
	enum gx_db_status (*prefill_choice_set)(struct gx_store_conn *conn, long long person_id, const char *reg,
						bool allowed, long long at_us);
	enum gx_db_status (*prefill_declined)(struct gx_store_conn *conn, long long person_id,
					      const char *const *registers, size_t n, bool *declined);
	enum gx_db_status (*prefill_declined_names)(struct gx_store_conn *conn, long long person_id,
						    struct gx_declined_names *out);
	enum gx_db_status (*draft_create)(struct gx_store_conn *conn, const struct gx_draft *d, long long *id);
	enum gx_db_status (*draft_get)(struct gx_store_conn *conn, long long id, struct gx_draft *out);
	enum gx_db_status (*draft_save)(struct gx_store_conn *conn, long long id, const char *data_json, int step,
					long long at_us);
	enum gx_db_status (*draft_delete)(struct gx_store_conn *conn, long long id);
	enum gx_db_status (*reference_next)(struct gx_store_conn *conn, int year, long long *seq);
	enum gx_db_status (*submission_insert)(struct gx_store_conn *conn, const struct gx_submission *s, long long *id);
	enum gx_db_status (*submission_get)(struct gx_store_conn *conn, long long id, struct gx_submission *out);
	enum gx_db_status (*submission_event)(struct gx_store_conn *conn, long long submission_id, long long at_us,
					      const char *status, const char *message_json);
	enum gx_db_status (*submission_timeline)(struct gx_store_conn *conn, long long submission_id, char **out);
	enum gx_db_status (*attachment_put)(struct gx_store_conn *conn, const struct gx_attachment *a);
	enum gx_db_status (*attachment_get)(struct gx_store_conn *conn, const char *id, bool with_data,
					    struct gx_attachment *out);
	enum gx_db_status (*attachments_submit)(struct gx_store_conn *conn, long long draft_id, long long submission_id,
						const char *ids_json, char *missing, size_t missing_len);
	enum gx_db_status (*attachments_list)(struct gx_store_conn *conn, enum gx_attachment_owner owner,
					      long long owner_id, char **out);
	enum gx_db_status (*attachment_delete)(struct gx_store_conn *conn, const char *id, long long draft_id);
	enum gx_db_status (*draft_attachments_delete)(struct gx_store_conn *conn, long long draft_id);
	enum gx_db_status (*org_agent_set)(struct gx_store_conn *conn, const char *org, const char *national_id,
					   const char *role, long long at_us);
	enum gx_db_status (*org_agent_remove)(struct gx_store_conn *conn, const char *org, const char *national_id);
	enum gx_db_status (*agent_role)(struct gx_store_conn *conn, const char *org, struct gx_person_id person,
					char role[16]);
	enum gx_db_status (*org_agents_list)(struct gx_store_conn *conn, const char *org, char **out);
	enum gx_db_status (*agent_orgs)(struct gx_store_conn *conn, struct gx_person_id person, char **out);
	enum gx_db_status (*org_agent_of)(struct gx_store_conn *conn, const char *org, const char *national_id,
					  char role[16]);
	enum gx_db_status (*case_open)(struct gx_store_conn *conn, const struct gx_case *c);
	enum gx_db_status (*case_get)(struct gx_store_conn *conn, long long submission_id, struct gx_case *out);
	enum gx_db_status (*case_update)(struct gx_store_conn *conn, long long submission_id, long long expect,
				       const struct gx_case_change *ch);
	enum gx_db_status (*inbox)(struct gx_store_conn *conn, const struct gx_inbox_query *q, struct gx_case *rows,
				 size_t limit, size_t *n, bool *more);
	enum gx_db_status (*inbox_counts)(struct gx_store_conn *conn, const char *org, char **out);
	enum gx_db_status (*case_log_append)(struct gx_store_conn *conn, long long submission_id, long long at_us,
					   const char *kind, const char *author, const char *detail_json, int *seq);
	enum gx_db_status (*case_log)(struct gx_store_conn *conn, long long submission_id, char **out);
	enum gx_db_status (*event_append)(struct gx_store_conn *conn, const struct gx_event *e, int *seq);
	enum gx_db_status (*org_event_append)(struct gx_store_conn *conn, const char *org, long long at_us,
					    const char *kind, long long submission_id, const char *data_json,
					    long long *seq);
	enum gx_db_status (*org_events)(struct gx_store_conn *conn, const char *org, long long after, size_t limit,
				      char **out, long long *last);
	enum gx_db_status (*idempotent_get)(struct gx_store_conn *conn, const char *client, const char *key,
					  struct gx_idempotent *out);
	enum gx_db_status (*idempotent_put)(struct gx_store_conn *conn, const char *client, const char *key,
					  const char *request_hash, int status, const char *body, long long at_us);
	enum gx_db_status (*consent_put)(struct gx_store_conn *conn, const struct gx_reuse_consent *c);
	enum gx_db_status (*consent_get)(struct gx_store_conn *conn, long long submission_id,
				       struct gx_reuse_consent *out);
	enum gx_db_status (*consent_revoke)(struct gx_store_conn *conn, long long submission_id, long long at_us);
	enum gx_db_status (*org_client_add)(struct gx_store_conn *conn, const struct gx_org_client *c);
	enum gx_db_status (*org_client_get)(struct gx_store_conn *conn, const char *client_id, struct gx_org_client *out);
	enum gx_db_status (*org_client_revoke)(struct gx_store_conn *conn, const char *org, const char *client_id,
					       long long at_us);
	enum gx_db_status (*org_clients_list)(struct gx_store_conn *conn, const char *org, char **out);
	enum gx_db_status (*client_assertion_record)(struct gx_store_conn *conn, const char *client_id, const char *jti,
						     long long expires_at_us);
	enum gx_db_status (*client_token_insert)(struct gx_store_conn *conn, const struct gx_client_token *t);
	enum gx_db_status (*client_token_get)(struct gx_store_conn *conn, const unsigned char *hash,
					      struct gx_client_token *out);
	enum gx_db_status (*clients_purge)(struct gx_store_conn *conn, long long now_us);
	enum gx_db_status (*space_overview)(struct gx_store_conn *conn, const struct gx_overview_query *q, size_t limit,
					    struct gx_space_item *items, size_t *n, bool *more);
	enum gx_db_status (*space_counts)(struct gx_store_conn *conn, long long space_id, const char *procedures_json,
					  struct gx_overview_counts *out);
	const struct gx_store_spaces_ops *spaces;   /* store/spaces.h */
	enum gx_db_status (*self_declared_set)(struct gx_store_conn *conn, long long person_id, const char *attribute,
					       const char *value, long long at_us);
	enum gx_db_status (*self_declared_all)(struct gx_store_conn *conn, long long person_id, char **json_out);

	/* the operator dashboard (store/operators.h) */
	enum gx_db_status (*operator_set)(struct gx_store_conn *conn, const char *national_id, long long at_us);
	enum gx_db_status (*operator_remove)(struct gx_store_conn *conn, const char *national_id);
	enum gx_db_status (*operator_is)(struct gx_store_conn *conn, struct gx_person_id person);
	enum gx_db_status (*operators_list)(struct gx_store_conn *conn, char **out);
	enum gx_db_status (*samples_put)(struct gx_store_conn *conn, const struct gx_sample *samples, size_t n);
	enum gx_db_status (*samples_purge)(struct gx_store_conn *conn, long long samples_before_s,
					   long long rollups_before_s, long long *deleted);
	enum gx_db_status (*samples_rollup)(struct gx_store_conn *conn, const char *instance, long long hour_s);
	enum gx_db_status (*samples_read)(struct gx_store_conn *conn, const struct gx_sample_query *q,
					  struct gx_sample_bucket *out, size_t max, size_t *n, bool *more);
	enum gx_db_status (*store_size)(struct gx_store_conn *conn, long long *bytes);
	enum gx_db_status (*operator_gauges)(struct gx_store_conn *conn, long long now_us, struct gx_store_gauges *out);
	/* the letter box, the outbox, e-mail verification, certificates (store/letterbox_int.h) */
	const struct gx_store_lb_ops *lb;

	/* schema REGISTRY; the dispatch layer refuses them on a platform store */
	enum gx_db_status (*registry_put)(struct gx_store_conn *conn, const char *key_type, const char *key,
					  const char *data_json, const char *as_of, long long version);
	enum gx_db_status (*registry_get)(struct gx_store_conn *conn, const char *key_type, const char *key,
					  struct gx_registry_record *out);
	enum gx_db_status (*registry_access_append)(struct gx_store_conn *conn, const struct gx_registry_access *a);
	enum gx_db_status (*registry_access_count)(struct gx_store_conn *conn, long long *out);
	enum gx_db_status (*registry_access_of)(struct gx_store_conn *conn, const char *subject_type, const char *subject,
					       size_t limit, char **out, bool *more);
	enum gx_db_status (*registry_records_count)(struct gx_store_conn *conn, long long *out);

	/* corrections (corrections_int.h): a person's (PLATFORM), a register's queue (REGISTRY) */
	const struct gx_store_correction_ops *corrections;
	const struct gx_store_registry_correction_ops *registry_corrections;
};

struct gx_store {
	const struct gx_store_ops *ops;
	void *state;                  /* the backend's */
	struct gx_store_config cfg;   /* strings below are owned copies */
	char *backend_name;
	char *sqlite_path;
	char *pg_conninfo;
	char *pg_override;
	struct gx_group_commit *gc;
	/* Run by the writer in each batch before COMMIT (store/translog.h); set before the first submit. */
	enum gx_db_status (*precommit)(struct gx_store_conn *writer, void *arg);
	void (*postcommit)(void *arg, bool committed);
	void *precommit_arg;
};

extern const struct gx_store_ops gx_store_sqlite_ops;
extern const struct gx_store_ops gx_store_pg_ops;

/** Adds a (kind, status, action needed) count of space_item_counts to the
 *  overview's filters it belongs to (both backends read them alike). */
void gx_overview_counts_add(struct gx_overview_counts *c, const char *kind, const char *status, bool action,
			    long long n);
/** The kind the keyset compares with: items of the previous page's last
 *  (updated_at_us, id) whose kind sorts after it. "" on the first page. */
const char *gx_overview_after_kind(const struct gx_overview_query *q);

/** Sleeps a short, growing, jittered time before retry number attempt (0-based). */
void gx_store_backoff(unsigned attempt);

/** The body of a store method that hands conn and its arguments to the
 *  backend's method of that name (a hard error when it has none). */
#define GX_STORE_DISPATCH(name, ...)                          \
	do {                                                  \
		if (conn->ops->name == NULL)                  \
			return GX_DB_HARD_ERROR;              \
		return conn->ops->name(conn, __VA_ARGS__);    \
	} while (0)

#endif
