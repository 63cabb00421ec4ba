#ifndef GX_STORE_SQLITE_INT_H
#define GX_STORE_SQLITE_INT_H

/** The SQLite backend's private types: its connection and its statement cache. */

#include "store/store_int.h"

#include <sqlite3.h>

/** Every statement the backend prepares, once per connection, on first use. */
enum gx_sqlite_stmt_id {
	GX_SQLITE_BEGIN,
	GX_SQLITE_BEGIN_IMMEDIATE,
	GX_SQLITE_COMMIT,
	GX_SQLITE_ROLLBACK,
	GX_SQLITE_SAVEPOINT,
	GX_SQLITE_RELEASE,
	GX_SQLITE_ROLLBACK_TO,
	GX_SQLITE_PING,
	GX_SQLITE_SCHEMA_VERSION,
	GX_SQLITE_ACCESS_RECORD_INSERT,
	GX_SQLITE_ACCESS_RECORDS_COUNT,
	GX_SQLITE_TLOG_HEAD,
	GX_SQLITE_TLOG_HEAD_SET,
	GX_SQLITE_TLOG_UNLOGGED,
	GX_SQLITE_TLOG_UNLOGGED_COUNT,
	GX_SQLITE_TLOG_SALT_PUT,
	GX_SQLITE_TLOG_SALT_GET,
	GX_SQLITE_TLOG_LEAF_PUT,
	GX_SQLITE_TLOG_LEAF,
	GX_SQLITE_TLOG_LEAVES,
	GX_SQLITE_TLOG_NODE_PUT,
	GX_SQLITE_TLOG_NODES_PUT16,
	GX_SQLITE_TLOG_SUBTREE,
	GX_SQLITE_TLOG_SUBTREES,
	GX_SQLITE_TLOG_BY_LEAF,
	GX_SQLITE_TLOG_RECORDS_OF,
	GX_SQLITE_TLOG_ERASE_RECORDS,
	GX_SQLITE_TLOG_ERASE_SALT,
	GX_SQLITE_TLOG_CHECKPOINT_PUT,
	GX_SQLITE_TLOG_CHECKPOINTS_ASC,
	GX_SQLITE_TLOG_CHECKPOINTS_DESC,
	GX_SQLITE_TLOG_CHECKPOINT_GET,
	GX_SQLITE_TLOG_COSIGNATURE_PUT,
	GX_SQLITE_FEEDBACK_INSERT,
	GX_SQLITE_PERSON_UPSERT,
	GX_SQLITE_PERSON_ID,
	GX_SQLITE_PRIVATE_SPACE_INSERT,
	GX_SQLITE_PRIVATE_SPACE_ID,
	GX_SQLITE_OWNER_INSERT,
	GX_SQLITE_PERSON_GET,
	GX_SQLITE_MEMBERSHIP,
	GX_SQLITE_SESSION_INSERT,
	GX_SQLITE_SESSION_GET,
	GX_SQLITE_SESSION_TOUCH,
	GX_SQLITE_SESSION_TOKEN,
	GX_SQLITE_SESSION_DELETE,
	GX_SQLITE_SESSIONS_PURGE,
	GX_SQLITE_LOGINS_PURGE,
	GX_SQLITE_LOGIN_PUT,
	GX_SQLITE_LOGIN_GET,
	GX_SQLITE_LOGIN_DELETE,
	GX_SQLITE_CHOICE_SET,
	GX_SQLITE_CHOICES_DECLINED,
	GX_SQLITE_CHOICES_BUMP,
	GX_SQLITE_CHOICES_NAMES,
	GX_SQLITE_DRAFT_INSERT,
	GX_SQLITE_DRAFT_GET,
	GX_SQLITE_DRAFT_SAVE,
	GX_SQLITE_DRAFT_DELETE,
	GX_SQLITE_REFERENCE_BUMP,
	GX_SQLITE_SUBMISSION_INSERT,
	GX_SQLITE_SUBMISSION_GET,
	GX_SQLITE_EVENT_INSERT,
	GX_SQLITE_TIMELINE,
	GX_SQLITE_ATTACHMENT_PUT,
	GX_SQLITE_ATTACHMENT_GET,
	GX_SQLITE_ATTACHMENTS_SUBMIT,
	GX_SQLITE_ATTACHMENTS_MISSING,
	GX_SQLITE_ATTACHMENTS_DROP_UNNAMED,
	GX_SQLITE_ATTACHMENTS_OF_DRAFT,
	GX_SQLITE_ATTACHMENTS_OF_SUBMISSION,
	GX_SQLITE_ATTACHMENT_DELETE,
	GX_SQLITE_DRAFT_ATTACHMENTS_DELETE,
	GX_SQLITE_REGISTRY_PUT,
	GX_SQLITE_REGISTRY_GET,
	GX_SQLITE_REGISTRY_ACCESS_INSERT,
	GX_SQLITE_REGISTRY_ACCESS_COUNT,
	GX_SQLITE_REGISTRY_ACCESS_OF,
	GX_SQLITE_REGISTRY_RECORDS_COUNT,
	GX_SQLITE_SELF_SET,
	GX_SQLITE_SELF_DELETE,
	GX_SQLITE_SELF_ALL,
	GX_SQLITE_AGENT_SET,
	GX_SQLITE_AGENT_REMOVE,
	GX_SQLITE_AGENT_ROLE,
	GX_SQLITE_AGENTS_LIST,
	GX_SQLITE_AGENT_ORGS,
	GX_SQLITE_AGENT_OF,
	GX_SQLITE_SPACE_OWNER,
	GX_SQLITE_CASE_OPEN,
	GX_SQLITE_CASE_GET,
	GX_SQLITE_CASE_UPDATE,
	GX_SQLITE_CASE_SET_STATUS,
	GX_SQLITE_CASE_SET_TURN,
	GX_SQLITE_CASE_SET_ASSIGNEE,
	GX_SQLITE_INBOX,
	GX_SQLITE_INBOX_REFERENCE,
	GX_SQLITE_INBOX_ASSIGNEE,
	GX_SQLITE_INBOX_UNASSIGNED,
	GX_SQLITE_INBOX_STATUS,
	GX_SQLITE_INBOX_PROCEDURE,
	GX_SQLITE_INBOX_TURN,
	GX_SQLITE_INBOX_COUNTS,
	GX_SQLITE_CASE_LOG_INSERT,
	GX_SQLITE_CASE_LOG,
	GX_SQLITE_EVENT_APPEND,
	GX_SQLITE_ORG_EVENT_COUNTER,
	GX_SQLITE_ORG_EVENT_INSERT,
	GX_SQLITE_ORG_EVENTS,
	GX_SQLITE_IDEM_GET,
	GX_SQLITE_IDEM_PUT,
	GX_SQLITE_CONSENT_PUT,
	GX_SQLITE_CONSENT_GET,
	GX_SQLITE_CONSENT_REVOKE,
	GX_SQLITE_CLIENT_ADD,
	GX_SQLITE_CLIENT_GET,
	GX_SQLITE_CLIENT_REVOKE,
	GX_SQLITE_CLIENT_TOKENS_DROP,
	GX_SQLITE_CLIENTS_LIST,
	GX_SQLITE_ASSERTION_SEEN,
	GX_SQLITE_TOKEN_INSERT,
	GX_SQLITE_TOKEN_GET,
	GX_SQLITE_ASSERTIONS_PURGE,
	GX_SQLITE_TOKENS_PURGE,
	GX_SQLITE_SPACE_ACCESS,
	GX_SQLITE_SPACES_OF,
	GX_SQLITE_COMPANY_SPACE,
	GX_SQLITE_COMPANY_SPACE_CREATE,
	GX_SQLITE_PERSON_ENSURE,
	GX_SQLITE_GUARDIANSHIP_PUT,
	GX_SQLITE_MEMBER_PUT,
	GX_SQLITE_MEMBER_REMOVE,
	GX_SQLITE_MEMBER_ROLE,
	GX_SQLITE_SPACE_ADMINS,
	GX_SQLITE_SPACE_ACTORS,
	GX_SQLITE_MEMBERS_LIST,
	GX_SQLITE_INVITATION_CREATE,
	GX_SQLITE_INVITATION_GET,
	GX_SQLITE_INVITATION_SETTLE,
	GX_SQLITE_INVITATIONS_OF_SPACE,
	GX_SQLITE_INVITATIONS_FOR,
	GX_SQLITE_MANDATE_CREATE,
	GX_SQLITE_MANDATE_GET,
	GX_SQLITE_MANDATE_ACCEPT,
	GX_SQLITE_MANDATE_REVOKE,
	GX_SQLITE_MANDATES_OF_SPACE,
	GX_SQLITE_MANDATES_FOR,
	GX_SQLITE_MANDATE_OPEN,
	GX_SQLITE_SPACE_EVENT_APPEND,
	GX_SQLITE_SPACE_EVENTS,
	GX_SQLITE_SPACE_ACT_APPEND,
	GX_SQLITE_SPACE_ACTS,
	GX_SQLITE_SESSION_SPACE_SET,
	GX_SQLITE_OVERVIEW_ALL,
	GX_SQLITE_OVERVIEW_DRAFTS,
	GX_SQLITE_OVERVIEW_ACTIVE,
	GX_SQLITE_OVERVIEW_COMPLETED,
	GX_SQLITE_OVERVIEW_ACTION,
	GX_SQLITE_OVERVIEW_COUNTS,
	GX_SQLITE_OVERVIEW_COUNTS_SCOPED,
	GX_SQLITE_OPERATOR_SET,
	GX_SQLITE_OPERATOR_REMOVE,
	GX_SQLITE_OPERATOR_IS,
	GX_SQLITE_OPERATORS_LIST,
	GX_SQLITE_SAMPLE_PUT,
	GX_SQLITE_SAMPLES_PURGE,
	GX_SQLITE_SAMPLES_READ,
	GX_SQLITE_ROLLUPS_READ,
	GX_SQLITE_ROLLUPS_PURGE,
	GX_SQLITE_ROLLUP,
	GX_SQLITE_OPERATOR_GAUGES,
	GX_SQLITE_SEARCH_STATE,
	GX_SQLITE_SEARCH_CLEAR,
	GX_SQLITE_SEARCH_INSERT,
	GX_SQLITE_SEARCH_REBUILD,
	GX_SQLITE_SEARCH_STATE_SET,
	GX_SQLITE_SEARCH_QUERY,
	GX_SQLITE_GUEST_REFERENCE,
	GX_SQLITE_GUEST_SPACE,
	GX_SQLITE_GUEST_PUT,
	GX_SQLITE_GUEST_LIMIT_ADD,
	GX_SQLITE_GUEST_LIMIT_FORGET,
	GX_SQLITE_SEARCH_COUNT,
	/* corrections (registry_corrections.c, corrections.c) */
	GX_SQLITE_RC_INSERT,
	GX_SQLITE_RC_EVIDENCE_INSERT,
	GX_SQLITE_RC_GET,
	GX_SQLITE_RC_BY_REQUEST,
	GX_SQLITE_RC_LIST_OPEN,
	GX_SQLITE_RC_LIST_DECIDED,
	GX_SQLITE_RC_LIST_ALL,
	GX_SQLITE_RC_SET_STATUS,
	GX_SQLITE_RC_FEED_COUNTER,
	GX_SQLITE_RC_FEED_INSERT,
	GX_SQLITE_RC_FEED,
	GX_SQLITE_RC_EVIDENCE_GET,
	GX_SQLITE_PC_INSERT,
	GX_SQLITE_PC_EVIDENCE_INSERT,
	GX_SQLITE_PC_FIRST_EVENT,
	GX_SQLITE_PC_GET,
	GX_SQLITE_PC_BY_KEY,
	GX_SQLITE_PC_BY_REQUEST,
	GX_SQLITE_PC_OF,
	GX_SQLITE_PC_OUTBOX,
	GX_SQLITE_PC_EVENTS,
	GX_SQLITE_PC_EVENT_APPEND,
	GX_SQLITE_PC_EVIDENCE_LIST,
	GX_SQLITE_PC_EVIDENCE_GET,
	GX_SQLITE_PC_CLAIM,
	GX_SQLITE_PC_SENT,
	GX_SQLITE_PC_WITHDRAW,
	GX_SQLITE_PC_WITHDRAW_SENT,
	GX_SQLITE_PC_DECIDED,
	GX_SQLITE_PC_FEED_GET,
	GX_SQLITE_PC_FEED_SET,
#include "store/sqlite/letterbox_stmts.h"
	GX_SQLITE_STMT_COUNT
};

struct gx_sqlite_state {
	char *path;
	enum gx_store_schema schema;
	int busy_timeout_ms;
	unsigned checkpoint_pages;
};

struct gx_sqlite_conn {
	struct gx_store_conn base;  /* first: the dispatch layer casts */
	sqlite3 *db;
	sqlite3_stmt *stmts[GX_SQLITE_STMT_COUNT];
	int wal_pages;              /* the writer's: pages in the log (checkpoint.c) */
	unsigned checkpoint_pages;  /* the writer's: checkpoint past this; 0 for others */
};

static inline struct gx_sqlite_conn *gx_sqlite_conn(struct gx_store_conn *conn)
{
	return (struct gx_sqlite_conn *)conn;
}

/** Maps an SQLite result code: BUSY/LOCKED are soft, other errors hard, OK/ROW/DONE >= 0. */
enum gx_db_status gx_sqlite_status(int rc);
/** Statements that failed on the disk (EIO, ENOSPC) on the calling thread: gx_store_conn_unreachable. */
uint64_t gx_sqlite_io_failures(struct gx_store_conn *conn);

/** Opens a handle with the platform's pragmas (WAL, busy timeout, synchronous=FULL). */
int gx_sqlite_open_db(const char *path, int busy_timeout_ms, sqlite3 **out, char *err, size_t err_size);

/** The cached statement id of c, prepared from sql the first time; NULL on error. */
sqlite3_stmt *gx_sqlite_stmt(struct gx_sqlite_conn *c, enum gx_sqlite_stmt_id id, const char *sql);

/** Resets st after a single-row step that returned rc: GX_DB_ONE_RESULT for a
 *  row, GX_DB_NO_RESULTS for none, else the error. */
enum gx_db_status gx_sqlite_finish(sqlite3_stmt *st, int rc);
/** Copies column col's text into out (NUL-terminated, cut to size); "" for NULL. */
void gx_sqlite_copy_text(sqlite3_stmt *st, int col, char *out, size_t size);
/** Column col's text, malloc'ed ("" for NULL); NULL when out of memory. */
char *gx_sqlite_dup_text(sqlite3_stmt *st, int col);

/** Steps st to completion and resets it; returns the status of the last step. */
enum gx_db_status gx_sqlite_run(sqlite3_stmt *st);

/** Makes c the group-commit writer: no checkpoint inside COMMIT; the log's
 *  size is tracked for gx_sqlite_between_batches (checkpoint.c). */
void gx_sqlite_writer_attach(struct gx_sqlite_conn *c, unsigned checkpoint_pages);
int gx_sqlite_wal_hook(void *arg, sqlite3 *db, const char *name, int pages);
/** Called by the writer after a batch was acknowledged: checkpoints when due. */
void gx_sqlite_between_batches(struct gx_store_conn *conn);

/** Applies schema's embedded migrations on db; GX_STORE_OK, GX_STORE_SCHEMA_NEWER or GX_STORE_ERR. */
int gx_sqlite_migrate(sqlite3 *db, enum gx_store_schema schema, char *err, size_t err_size);

/* The backend's functions, one file per concern. */
struct gx_store_conn *gx_sqlite_conn_open(void *state, bool writer);
void gx_sqlite_conn_close(struct gx_store_conn *conn);
enum gx_db_status gx_sqlite_tx_begin(struct gx_store_conn *conn, bool write);
enum gx_db_status gx_sqlite_tx_commit(struct gx_store_conn *conn);
void gx_sqlite_tx_rollback(struct gx_store_conn *conn);
bool gx_sqlite_in_tx(struct gx_store_conn *conn);
enum gx_db_status gx_sqlite_savepoint(struct gx_store_conn *conn);
enum gx_db_status gx_sqlite_savepoint_release(struct gx_store_conn *conn);
enum gx_db_status gx_sqlite_savepoint_rollback(struct gx_store_conn *conn);
enum gx_db_status gx_sqlite_ping(struct gx_store_conn *conn);
int gx_sqlite_schema_ready(struct gx_store_conn *conn);
enum gx_db_status gx_sqlite_access_record_append(struct gx_store_conn *conn, const struct gx_access_record *rec,
						 long long *id);
enum gx_db_status gx_sqlite_access_records_count(struct gx_store_conn *conn, const char *subject, long long *out);
enum gx_db_status gx_sqlite_search_refresh(struct gx_store_conn *conn, const struct gx_search_doc *docs, size_t n,
					   const char *fingerprint, long long now_us, bool *changed);
enum gx_db_status gx_sqlite_guest_reference(struct gx_store_conn *conn, const unsigned char token_hash[32], char *ref,
					  size_t ref_size);
enum gx_db_status gx_sqlite_guest_space_create(struct gx_store_conn *conn, long long now_us, long long *space_id);
enum gx_db_status gx_sqlite_guest_submission_put(struct gx_store_conn *conn, long long submission_id,
					   const unsigned char token_hash[32], long long now_us);
enum gx_db_status gx_sqlite_guest_limit_add(struct gx_store_conn *conn, const unsigned char key_hash[32],
				      long long window_start_us, long long forget_before_us, long long *count);
long gx_sqlite_search(struct gx_store_conn *conn, const char *lang, const struct gx_search_group *groups, size_t ngroups,
		      struct gx_search_hit *out, size_t max);
enum gx_db_status gx_sqlite_feedback_append(struct gx_store_conn *conn, const struct gx_feedback *fb, long long *id);
enum gx_db_status gx_sqlite_person_login(struct gx_store_conn *conn, const struct gx_person_login *in,
					 long long *person_id, long long *private_space_id);
enum gx_db_status gx_sqlite_person_get(struct gx_store_conn *conn, long long person_id, struct gx_person *out);
enum gx_db_status gx_sqlite_space_owner(struct gx_store_conn *conn, long long space_id, struct gx_person *out);
enum gx_db_status gx_sqlite_membership(struct gx_store_conn *conn, struct gx_space_id space, struct gx_person_id person,
				       struct gx_membership *out);
enum gx_db_status gx_sqlite_session_insert(struct gx_store_conn *conn, const struct gx_session_row *row,
					   const char *id_token);
enum gx_db_status gx_sqlite_session_get(struct gx_store_conn *conn, const unsigned char *id_hash,
					struct gx_session_row *out);
enum gx_db_status gx_sqlite_session_touch(struct gx_store_conn *conn, const unsigned char *id_hash,
					  long long last_seen_at_us);
enum gx_db_status gx_sqlite_session_delete(struct gx_store_conn *conn, const unsigned char *id_hash, char *id_token,
					   size_t id_token_size);
enum gx_db_status gx_sqlite_sessions_purge(struct gx_store_conn *conn, long long now_us, long long idle_before_us,
					   long long login_before_us);
enum gx_db_status gx_sqlite_login_state_put(struct gx_store_conn *conn, const struct gx_login_state *in);
enum gx_db_status gx_sqlite_login_state_take(struct gx_store_conn *conn, const char *state,
					     struct gx_login_state *out);
enum gx_db_status gx_sqlite_prefill_choice_set(struct gx_store_conn *conn, long long person_id, const char *reg,
					       bool allowed, long long at_us);
enum gx_db_status gx_sqlite_draft_create(struct gx_store_conn *conn, const struct gx_draft *d, long long *id);
enum gx_db_status gx_sqlite_draft_get(struct gx_store_conn *conn, long long id, struct gx_draft *out);
enum gx_db_status gx_sqlite_draft_save(struct gx_store_conn *conn, long long id, const char *data_json, int step,
				       long long at_us);
enum gx_db_status gx_sqlite_draft_delete(struct gx_store_conn *conn, long long id);
enum gx_db_status gx_sqlite_reference_next(struct gx_store_conn *conn, int year, long long *seq);
enum gx_db_status gx_sqlite_submission_insert(struct gx_store_conn *conn, const struct gx_submission *s, long long *id);
enum gx_db_status gx_sqlite_submission_get(struct gx_store_conn *conn, long long id, struct gx_submission *out);
enum gx_db_status gx_sqlite_submission_event(struct gx_store_conn *conn, long long submission_id, long long at_us,
					     const char *status, const char *message_json);
enum gx_db_status gx_sqlite_attachment_put(struct gx_store_conn *conn, const struct gx_attachment *a);
enum gx_db_status gx_sqlite_attachment_get(struct gx_store_conn *conn, const char *id, bool with_data,
					   struct gx_attachment *out);
enum gx_db_status gx_sqlite_attachments_submit(struct gx_store_conn *conn, long long draft_id, long long submission_id,
					       const char *ids_json, char *missing, size_t missing_len);
enum gx_db_status gx_sqlite_attachments_list(struct gx_store_conn *conn, enum gx_attachment_owner owner,
					     long long owner_id, char **out);
enum gx_db_status gx_sqlite_attachment_delete(struct gx_store_conn *conn, const char *id, long long draft_id);
enum gx_db_status gx_sqlite_draft_attachments_delete(struct gx_store_conn *conn, long long draft_id);
enum gx_db_status gx_sqlite_space_overview(struct gx_store_conn *conn, const struct gx_overview_query *q, size_t limit, struct gx_space_item *items, size_t *n, bool *more);
enum gx_db_status gx_sqlite_submission_timeline(struct gx_store_conn *conn, long long submission_id, char **out);
enum gx_db_status gx_sqlite_prefill_declined(struct gx_store_conn *conn, long long person_id,
					     const char *const *registers, size_t n, bool *declined);
enum gx_db_status gx_sqlite_prefill_declined_names(struct gx_store_conn *conn, long long person_id,
						 struct gx_declined_names *out);
enum gx_db_status gx_sqlite_registry_put(struct gx_store_conn *conn, const char *key_type, const char *key,
					 const char *data_json, const char *as_of, long long version);
enum gx_db_status gx_sqlite_registry_get(struct gx_store_conn *conn, const char *key_type, const char *key,
					 struct gx_registry_record *out);
enum gx_db_status gx_sqlite_registry_access_append(struct gx_store_conn *conn, const struct gx_registry_access *a);
enum gx_db_status gx_sqlite_registry_access_count(struct gx_store_conn *conn, long long *out);
enum gx_db_status gx_sqlite_registry_access_of(struct gx_store_conn *conn, const char *subject_type,
					       const char *subject, size_t limit, char **out, bool *more);
enum gx_db_status gx_sqlite_registry_records_count(struct gx_store_conn *conn, long long *out);
enum gx_db_status gx_sqlite_self_declared_set(struct gx_store_conn *conn, long long person_id, const char *attribute,
					      const char *value, long long at_us);
enum gx_db_status gx_sqlite_self_declared_all(struct gx_store_conn *conn, long long person_id, char **json_out);

/* agents.c */
enum gx_db_status gx_sqlite_org_agent_set(struct gx_store_conn *conn, const char *org, const char *national_id,
					  const char *role, long long at_us);
enum gx_db_status gx_sqlite_org_agent_remove(struct gx_store_conn *conn, const char *org, const char *national_id);
enum gx_db_status gx_sqlite_agent_role(struct gx_store_conn *conn, const char *org, struct gx_person_id person,
				       char role[16]);
enum gx_db_status gx_sqlite_org_agents_list(struct gx_store_conn *conn, const char *org, char **out);
enum gx_db_status gx_sqlite_agent_orgs(struct gx_store_conn *conn, struct gx_person_id person, char **out);
enum gx_db_status gx_sqlite_org_agent_of(struct gx_store_conn *conn, const char *org, const char *national_id,
					 char role[16]);

/* cases.c */
enum gx_db_status gx_sqlite_case_open(struct gx_store_conn *conn, const struct gx_case *c);
enum gx_db_status gx_sqlite_case_get(struct gx_store_conn *conn, long long submission_id, struct gx_case *out);
enum gx_db_status gx_sqlite_case_update(struct gx_store_conn *conn, long long submission_id, long long expect,
				       const struct gx_case_change *ch);
enum gx_db_status gx_sqlite_inbox(struct gx_store_conn *conn, const struct gx_inbox_query *q, struct gx_case *rows,
				 size_t limit, size_t *n, bool *more);
enum gx_db_status gx_sqlite_inbox_counts(struct gx_store_conn *conn, const char *org, char **out);
enum gx_db_status gx_sqlite_case_log_append(struct gx_store_conn *conn, long long submission_id, long long at_us,
					   const char *kind, const char *author, const char *detail_json, int *seq);
enum gx_db_status gx_sqlite_case_log(struct gx_store_conn *conn, long long submission_id, char **out);
enum gx_db_status gx_sqlite_event_append(struct gx_store_conn *conn, const struct gx_event *e, int *seq);
enum gx_db_status gx_sqlite_org_event_append(struct gx_store_conn *conn, const char *org, long long at_us,
					    const char *kind, long long submission_id, const char *data_json,
					    long long *seq);
enum gx_db_status gx_sqlite_org_events(struct gx_store_conn *conn, const char *org, long long after, size_t limit,
				      char **out, long long *last);
enum gx_db_status gx_sqlite_idempotent_get(struct gx_store_conn *conn, const char *client, const char *key,
					  struct gx_idempotent *out);
enum gx_db_status gx_sqlite_idempotent_put(struct gx_store_conn *conn, const char *client, const char *key,
					  const char *request_hash, int status, const char *body, long long at_us);
enum gx_db_status gx_sqlite_consent_put(struct gx_store_conn *conn, const struct gx_reuse_consent *c);
enum gx_db_status gx_sqlite_consent_get(struct gx_store_conn *conn, long long submission_id,
				       struct gx_reuse_consent *out);
enum gx_db_status gx_sqlite_consent_revoke(struct gx_store_conn *conn, long long submission_id, long long at_us);

/* clients.c */
enum gx_db_status gx_sqlite_org_client_add(struct gx_store_conn *conn, const struct gx_org_client *c);
enum gx_db_status gx_sqlite_org_client_get(struct gx_store_conn *conn, const char *client_id, struct gx_org_client *out);
enum gx_db_status gx_sqlite_org_client_revoke(struct gx_store_conn *conn, const char *org, const char *client_id,
					      long long at_us);
enum gx_db_status gx_sqlite_org_clients_list(struct gx_store_conn *conn, const char *org, char **out);
enum gx_db_status gx_sqlite_client_assertion_record(struct gx_store_conn *conn, const char *client_id, const char *jti,
						    long long expires_at_us);
enum gx_db_status gx_sqlite_client_token_insert(struct gx_store_conn *conn, const struct gx_client_token *t);
enum gx_db_status gx_sqlite_client_token_get(struct gx_store_conn *conn, const unsigned char *hash,
					     struct gx_client_token *out);
enum gx_db_status gx_sqlite_clients_purge(struct gx_store_conn *conn, long long now_us);

/* store/spaces.h, and the overview */
enum gx_db_status gx_sqlite_space_access(struct gx_store_conn *conn, struct gx_space_id space,
					 struct gx_person_id person, long long now_us, struct gx_space_row *out,
					 struct gx_space_relation *rels, size_t max, size_t *n);
enum gx_db_status gx_sqlite_spaces_of(struct gx_store_conn *conn, struct gx_person_id person, long long now_us,
				      char **out);
enum gx_db_status gx_sqlite_company_space(struct gx_store_conn *conn, const char *company_number, long long *id);
enum gx_db_status gx_sqlite_company_space_create(struct gx_store_conn *conn, const char *company_number,
						 const char *name, long long at_us, long long *id);
enum gx_db_status gx_sqlite_person_ensure(struct gx_store_conn *conn, const char *national_id, const char *given_name,
					  const char *family_name, long long at_us, long long *person,
					  long long *space);
enum gx_db_status gx_sqlite_guardianship_put(struct gx_store_conn *conn, struct gx_person_id parent,
					     struct gx_space_id child_space, long long adult_at_us, long long at_us);
enum gx_db_status gx_sqlite_member_put(struct gx_store_conn *conn, struct gx_space_id space, struct gx_person_id person,
				       const char *role, const char *procedures_json, long long at_us);
enum gx_db_status gx_sqlite_member_remove(struct gx_store_conn *conn, struct gx_space_id space,
					  struct gx_person_id person);
enum gx_db_status gx_sqlite_member_role(struct gx_store_conn *conn, struct gx_space_id space,
					struct gx_person_id person, char *role);
enum gx_db_status gx_sqlite_space_admins(struct gx_store_conn *conn, struct gx_space_id space, long long *n);
enum gx_db_status gx_sqlite_space_actors(struct gx_store_conn *conn, struct gx_space_id space, long long now_us,
					 long long **out, size_t *n);
enum gx_db_status gx_sqlite_members_list(struct gx_store_conn *conn, struct gx_space_id space, char **out);
enum gx_db_status gx_sqlite_invitation_create(struct gx_store_conn *conn, const struct gx_invitation *in,
					      long long *id);
enum gx_db_status gx_sqlite_invitation_get(struct gx_store_conn *conn, long long id, struct gx_invitation *out);
enum gx_db_status gx_sqlite_invitation_settle(struct gx_store_conn *conn, long long id, const char *state,
					      long long at_us);
enum gx_db_status gx_sqlite_invitations_of_space(struct gx_store_conn *conn, struct gx_space_id space, long long now_us,
						 char **out);
enum gx_db_status gx_sqlite_invitations_for(struct gx_store_conn *conn, const char *national_id, long long now_us,
					    char **out);
enum gx_db_status gx_sqlite_mandate_create(struct gx_store_conn *conn, const struct gx_mandate *m, long long *id);
enum gx_db_status gx_sqlite_mandate_get(struct gx_store_conn *conn, long long id, struct gx_mandate *out);
enum gx_db_status gx_sqlite_mandate_accept(struct gx_store_conn *conn, long long id, struct gx_person_id person,
					   long long at_us);
enum gx_db_status gx_sqlite_mandate_revoke(struct gx_store_conn *conn, long long id, struct gx_person_id by,
					   long long at_us);
enum gx_db_status gx_sqlite_mandates_of_space(struct gx_store_conn *conn, struct gx_space_id space, char **out);
enum gx_db_status gx_sqlite_mandates_for(struct gx_store_conn *conn, const char *national_id, char **out);
enum gx_db_status gx_sqlite_mandate_open_exists(struct gx_store_conn *conn, struct gx_space_id space,
						const char *national_id, long long now_us, bool *exists);
enum gx_db_status gx_sqlite_space_event_append(struct gx_store_conn *conn, struct gx_space_id space, long long at_us,
					       const char *kind, struct gx_person_id actor, const char *detail_json);
enum gx_db_status gx_sqlite_space_events(struct gx_store_conn *conn, struct gx_space_id space, size_t limit,
					 char **out);
enum gx_db_status gx_sqlite_space_act_append(struct gx_store_conn *conn, const struct gx_space_act *a);
enum gx_db_status gx_sqlite_space_acts(struct gx_store_conn *conn, struct gx_space_id space, size_t limit, char **out);
enum gx_db_status gx_sqlite_session_space_set(struct gx_store_conn *conn, const unsigned char *id_hash,
					      struct gx_space_id space);
enum gx_db_status gx_sqlite_space_counts(struct gx_store_conn *conn, long long space_id, const char *procedures_json,
					 struct gx_overview_counts *out);
/** A one-row JSON text query (an aggregate): *out malloc'ed. */
enum gx_db_status gx_sqlite_json_one(sqlite3_stmt *st, char **out);
/** The person's private space, made (with them its owner) when missing: *space_id. */
enum gx_db_status gx_sqlite_private_space_ensure(struct gx_sqlite_conn *c, long long person_id, long long at_us,
						 long long *space_id);
/* operators.c: the operator dashboard */
enum gx_db_status gx_sqlite_operator_set(struct gx_store_conn *conn, const char *national_id, long long at_us);
enum gx_db_status gx_sqlite_operator_remove(struct gx_store_conn *conn, const char *national_id);
enum gx_db_status gx_sqlite_operator_is(struct gx_store_conn *conn, struct gx_person_id person);
enum gx_db_status gx_sqlite_operators_list(struct gx_store_conn *conn, char **out);
enum gx_db_status gx_sqlite_samples_put(struct gx_store_conn *conn, const struct gx_sample *samples, size_t n);
enum gx_db_status gx_sqlite_samples_purge(struct gx_store_conn *conn, long long samples_before_s,
					 long long rollups_before_s, long long *deleted);
enum gx_db_status gx_sqlite_samples_rollup(struct gx_store_conn *conn, const char *instance, long long hour_s);
enum gx_db_status gx_sqlite_samples_read(struct gx_store_conn *conn, const struct gx_sample_query *q,
					 struct gx_sample_bucket *out, size_t max, size_t *n, bool *more);
enum gx_db_status gx_sqlite_store_size(struct gx_store_conn *conn, long long *bytes);
enum gx_db_status gx_sqlite_operator_gauges(struct gx_store_conn *conn, long long now_us, struct gx_store_gauges *out);

#endif
