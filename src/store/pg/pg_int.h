#ifndef GX_STORE_PG_INT_H
#define GX_STORE_PG_INT_H

/**
 * The PostgreSQL backend's private types: its connection (one libpq
 * connection, its statements prepared on first use) and the helpers every
 * method file uses. Constant SQL with $N placeholders, prepared once per
 * connection (PQprepare, named by statement id); never SQL built from strings.
 *
 * A lost connection: a statement found the connection dead (server
 * restarted, backend terminated). Inside a transaction, nothing of it was
 * committed: the transaction is over (tx_lost), the status is
 * GX_DB_SOFT_ERROR and the runner (or the group commit) runs it again; the
 * next BEGIN opens a new connection. Outside one, a read is run again once
 * on a new connection; a write, whose outcome is unknown, fails
 * (GX_DB_HARD_ERROR: answered 503). A COMMIT whose answer was lost fails the
 * same way: it may or may not have happened.
 */

#include "store/store_int.h"

#include <libpq-fe.h>

/** Every statement the backend prepares, once per connection, on first use. */
enum gx_pg_stmt_id {
	GX_PG_PING,
	GX_PG_SCHEMA_VERSION,
	GX_PG_ACCESS_RECORD_INSERT,
	GX_PG_ACCESS_RECORDS_COUNT,
	GX_PG_TLOG_HEAD_LOCK,
	GX_PG_TLOG_HEAD,
	GX_PG_TLOG_HEAD_SET,
	GX_PG_TLOG_UNLOGGED,
	GX_PG_TLOG_UNLOGGED_COUNT,
	GX_PG_TLOG_SALT_PUT,
	GX_PG_TLOG_SALT_GET,
	GX_PG_TLOG_LEAVES_PUT,
	GX_PG_TLOG_LEAF,
	GX_PG_TLOG_LEAVES,
	GX_PG_TLOG_NODES_PUT,
	GX_PG_TLOG_SUBTREE,
	GX_PG_TLOG_SUBTREES,
	GX_PG_TLOG_BY_LEAF,
	GX_PG_TLOG_RECORDS_OF,
	GX_PG_TLOG_ERASE,
	GX_PG_TLOG_CHECKPOINT_PUT,
	GX_PG_TLOG_CHECKPOINTS_ASC,
	GX_PG_TLOG_CHECKPOINTS_DESC,
	GX_PG_TLOG_CHECKPOINT_GET,
	GX_PG_TLOG_COSIGNATURE_PUT,
	GX_PG_FEEDBACK_INSERT,
	GX_PG_PERSON_UPSERT,
	GX_PG_PRIVATE_SPACE_INSERT,
	GX_PG_PRIVATE_SPACE_ID,
	GX_PG_OWNER_INSERT,
	GX_PG_PERSON_GET,
	GX_PG_MEMBERSHIP,
	GX_PG_SESSION_INSERT,
	GX_PG_SESSION_GET,
	GX_PG_SESSION_TOUCH,
	GX_PG_SESSION_DELETE,
	GX_PG_SESSIONS_PURGE,
	GX_PG_LOGINS_PURGE,
	GX_PG_LOGIN_PUT,
	GX_PG_LOGIN_TAKE,
	GX_PG_CHOICE_SET,
	GX_PG_CHOICES_DECLINED,
	GX_PG_CHOICES_BUMP,
	GX_PG_CHOICES_NAMES,
	GX_PG_DRAFT_INSERT,
	GX_PG_DRAFT_GET,
	GX_PG_DRAFT_SAVE,
	GX_PG_DRAFT_DELETE,
	GX_PG_REFERENCE_BUMP,
	GX_PG_SUBMISSION_INSERT,
	GX_PG_SUBMISSION_INSERT_ID,
	GX_PG_SUBMISSION_IDS,
	GX_PG_SUBMISSION_GET,
	GX_PG_EVENT_INSERT,
	GX_PG_TIMELINE,
	GX_PG_ATTACHMENT_PUT,
	GX_PG_ATTACHMENT_GET,
	GX_PG_ATTACHMENTS_MISSING,
	GX_PG_ATTACHMENTS_SUBMIT,
	GX_PG_ATTACHMENTS_DROP_UNNAMED,
	GX_PG_ATTACHMENTS_OF_DRAFT,
	GX_PG_ATTACHMENTS_OF_SUBMISSION,
	GX_PG_ATTACHMENT_DELETE,
	GX_PG_DRAFT_ATTACHMENTS_DELETE,
	GX_PG_REGISTRY_PUT,
	GX_PG_REGISTRY_GET,
	GX_PG_REGISTRY_ACCESS_INSERT,
	GX_PG_REGISTRY_ACCESS_COUNT,
	GX_PG_REGISTRY_ACCESS_OF,
	GX_PG_REGISTRY_RECORDS_COUNT,
	GX_PG_SELF_SET,
	GX_PG_SELF_DELETE,
	GX_PG_SELF_ALL,
	GX_PG_AGENT_SET,
	GX_PG_AGENT_REMOVE,
	GX_PG_AGENT_ROLE,
	GX_PG_AGENTS_LIST,
	GX_PG_AGENT_ORGS,
	GX_PG_AGENT_OF,
	GX_PG_SPACE_OWNER,
	GX_PG_CASE_OPEN,
	GX_PG_CASE_GET,
	GX_PG_CASE_UPDATE,
	GX_PG_INBOX,
	GX_PG_INBOX_REFERENCE,
	GX_PG_INBOX_ASSIGNEE,
	GX_PG_INBOX_UNASSIGNED,
	GX_PG_INBOX_STATUS,
	GX_PG_INBOX_PROCEDURE,
	GX_PG_INBOX_TURN,
	GX_PG_INBOX_COUNTS,
	GX_PG_CASE_LOG_INSERT,
	GX_PG_CASE_LOG,
	GX_PG_EVENT_APPEND,
	GX_PG_ORG_EVENT_INSERT,
	GX_PG_ORG_EVENTS,
	GX_PG_IDEM_GET,
	GX_PG_IDEM_PUT,
	GX_PG_CONSENT_PUT,
	GX_PG_CONSENT_GET,
	GX_PG_CONSENT_REVOKE,
	GX_PG_CLIENT_ADD,
	GX_PG_CLIENT_GET,
	GX_PG_CLIENT_REVOKE,
	GX_PG_CLIENT_TOKENS_DROP,
	GX_PG_CLIENTS_LIST,
	GX_PG_ASSERTION_SEEN,
	GX_PG_TOKEN_INSERT,
	GX_PG_TOKEN_GET,
	GX_PG_ASSERTIONS_PURGE,
	GX_PG_TOKENS_PURGE,
	GX_PG_SPACE_ACCESS,
	GX_PG_SPACES_OF,
	GX_PG_COMPANY_SPACE,
	GX_PG_COMPANY_SPACE_CREATE,
	GX_PG_PERSON_ENSURE,
	GX_PG_GUARDIANSHIP_PUT,
	GX_PG_MEMBER_PUT,
	GX_PG_MEMBER_REMOVE,
	GX_PG_MEMBER_ROLE,
	GX_PG_SPACE_ADMINS,
	GX_PG_SPACE_ACTORS,
	GX_PG_MEMBERS_LIST,
	GX_PG_INVITATION_CREATE,
	GX_PG_INVITATION_GET,
	GX_PG_INVITATION_SETTLE,
	GX_PG_INVITATIONS_OF_SPACE,
	GX_PG_INVITATIONS_FOR,
	GX_PG_MANDATE_CREATE,
	GX_PG_MANDATE_GET,
	GX_PG_MANDATE_ACCEPT,
	GX_PG_MANDATE_REVOKE,
	GX_PG_MANDATES_OF_SPACE,
	GX_PG_MANDATES_FOR,
	GX_PG_MANDATE_OPEN,
	GX_PG_SPACE_EVENT_APPEND,
	GX_PG_SPACE_EVENTS,
	GX_PG_SPACE_ACT_APPEND,
	GX_PG_SPACE_ACTS,
	GX_PG_SESSION_SPACE_SET,
	GX_PG_OVERVIEW_ALL,
	GX_PG_OVERVIEW_DRAFTS,
	GX_PG_OVERVIEW_ACTIVE,
	GX_PG_OVERVIEW_COMPLETED,
	GX_PG_OVERVIEW_ACTION,
	GX_PG_OVERVIEW_COUNTS,
	GX_PG_OVERVIEW_COUNTS_SCOPED,
	GX_PG_OPERATOR_SET,
	GX_PG_OPERATOR_REMOVE,
	GX_PG_OPERATOR_IS,
	GX_PG_OPERATORS_LIST,
	GX_PG_SAMPLE_PUT,
	GX_PG_SAMPLES_PURGE,
	GX_PG_SAMPLES_READ,
	GX_PG_ROLLUPS_READ,
	GX_PG_ROLLUPS_PURGE,
	GX_PG_ROLLUP,
	GX_PG_OPERATOR_GAUGES,
	GX_PG_STORE_SIZE,
	GX_PG_SEARCH_STATE,
	GX_PG_SEARCH_CLEAR,
	GX_PG_SEARCH_INSERT,
	GX_PG_SEARCH_STATE_SET,
	GX_PG_SEARCH_QUERY,
	GX_PG_SEARCH_ANALYZE,
	GX_PG_GUEST_REFERENCE,
	GX_PG_GUEST_SPACE,
	GX_PG_GUEST_PUT,
	GX_PG_GUEST_LIMIT_ADD,
	GX_PG_GUEST_LIMIT_FORGET,
	/* corrections (registry_corrections.c, corrections.c) */
	GX_PG_RC_INSERT,
	GX_PG_RC_EVIDENCE_INSERT,
	GX_PG_RC_GET,
	GX_PG_RC_BY_REQUEST,
	GX_PG_RC_LIST_OPEN,
	GX_PG_RC_LIST_DECIDED,
	GX_PG_RC_LIST_ALL,
	GX_PG_RC_SET_STATUS,
	GX_PG_RC_FEED_APPEND,
	GX_PG_RC_FEED,
	GX_PG_RC_EVIDENCE_GET,
	GX_PG_PC_INSERT,
	GX_PG_PC_EVIDENCE_INSERT,
	GX_PG_PC_FIRST_EVENT,
	GX_PG_PC_GET,
	GX_PG_PC_BY_KEY,
	GX_PG_PC_BY_REQUEST,
	GX_PG_PC_OF,
	GX_PG_PC_OUTBOX,
	GX_PG_PC_EVENTS,
	GX_PG_PC_EVENT_APPEND,
	GX_PG_PC_EVIDENCE_LIST,
	GX_PG_PC_EVIDENCE_GET,
	GX_PG_PC_CLAIM,
	GX_PG_PC_SENT,
	GX_PG_PC_WITHDRAW,
	GX_PG_PC_WITHDRAW_SENT,
	GX_PG_PC_DECIDED,
	GX_PG_PC_FEED_GET,
	GX_PG_PC_FEED_SET,
#include "store/pg/letterbox_stmts.h"
	GX_PG_STMT_COUNT
};

/** Process-wide: how to connect. */
struct gx_pg_state {
	char *conninfo;
	char *override;            /* NULL, or a database name or connection string overriding conninfo's */
	enum gx_store_schema schema;
	int lock_timeout_ms;
};

/** How many submission ids the writer takes at a time (one round trip). */
#define GX_PG_ID_BLOCK 64

struct gx_pg_conn {
	struct gx_store_conn base;  /* first: the dispatch layer casts */
	struct gx_pg_state *state;
	PGconn *pg;
	bool prepared[GX_PG_STMT_COUNT];
	bool release_pending;       /* the item savepoint's RELEASE travels with the next command */
	bool tx_open;               /* BEGIN succeeded and neither COMMIT nor ROLLBACK came since */
	uint64_t unreachable;       /* statements failed for want of the database (gx_store_conn_unreachable) */
	bool tx_lost;               /* see gx_store_ops.tx_lost */
	bool writer;                /* the group-commit writer's: its batches take the writers' lock (conn.c) */
	bool ahead_ok;              /* in the writer's batch without savepoints: writes may be sent ahead (ahead.c) */
	int ahead;                  /* statements sent ahead whose answers were not read yet */
	bool ahead_failed;          /* one of them failed or changed no row */
	long long ids[GX_PG_ID_BLOCK];  /* the writer's next submission ids (procedures.c), nids of them */
	int nids;
};

static inline struct gx_pg_conn *gx_pg_conn(struct gx_store_conn *conn)
{
	return (struct gx_pg_conn *)conn;
}

/** Whether a statement only reads: outside a transaction, a read that found
 *  the connection dead runs again once on a new connection; a write does not.
 *  GX_PG_WRITE_AHEAD: a write whose caller needs no row back and that always
 *  changes at least one row when all is well: in the writer's batch it is
 *  sent ahead (ahead.c) and answers GX_DB_ONE_RESULT at once; elsewhere it is
 *  a GX_PG_WRITE. */
enum gx_pg_access { GX_PG_WRITE = 0, GX_PG_READ = 1, GX_PG_WRITE_AHEAD = 2 };

/** At most this many statements wait in the pipeline before their answers are read. */
#define GX_PG_AHEAD_MAX 64

#define GX_PG_MAX_PARAMS 24

/** A statement's parameters, text unless bytes; values are borrowed. */
struct gx_pg_params {
	int n;
	const char *values[GX_PG_MAX_PARAMS];
	int lengths[GX_PG_MAX_PARAMS];
	int formats[GX_PG_MAX_PARAMS];
	char ints[GX_PG_MAX_PARAMS][24];
};

void gx_pg_param_text(struct gx_pg_params *p, const char *s);  /* NULL: SQL NULL */
void gx_pg_param_int(struct gx_pg_params *p, long long v);
void gx_pg_param_bool(struct gx_pg_params *p, bool v);
void gx_pg_param_bytes(struct gx_pg_params *p, const void *data, size_t len);

/** Connects with the backend's session settings; NULL after writing why into err. */
PGconn *gx_pg_connect(const struct gx_pg_state *s, char *err, size_t err_size);

/**
 * Runs statement id (sql, prepared on this connection the first time) with
 * p, results in text (result_format 0) or binary (1). GX_DB_ONE_RESULT when
 * it returned or changed at least one row, GX_DB_NO_RESULTS when none, else
 * the error (see the file comment for a lost connection). When res is not
 * NULL and the status is >= 0, *res holds the result (PQclear it).
 */
enum gx_db_status gx_pg_run(struct gx_pg_conn *c, enum gx_pg_stmt_id id, const char *sql, enum gx_pg_access access,
			    const struct gx_pg_params *p, int result_format, PGresult **res);

/** Maps a failed result: serialization failure, deadlock, lock timeout soft; the rest hard. */
enum gx_db_status gx_pg_status(const PGresult *r);
/** A successful result: GX_DB_ONE_RESULT when it returned or changed a row, else GX_DB_NO_RESULTS. */
enum gx_db_status gx_pg_rows(const PGresult *r);

/* Statements sent ahead (ahead.c). */
/** Sends prepared statement name without waiting: GX_DB_ONE_RESULT, or a failure. */
enum gx_db_status gx_pg_ahead_send(struct gx_pg_conn *c, const char *name, const struct gx_pg_params *p);
/** Runs prepared statement name behind what was sent ahead, in one round trip:
 *  its status and result as gx_pg_run's, or GX_DB_HARD_ERROR when one sent
 *  ahead failed or changed no row. */
enum gx_db_status gx_pg_ahead_with(struct gx_pg_conn *c, const char *name, const struct gx_pg_params *p,
				   int result_format, PGresult **res);
/** Reads the answers of what was sent ahead: <0 when one failed or changed
 *  no row, or the connection died (then GX_DB_SOFT_ERROR, tx_lost). */
enum gx_db_status gx_pg_ahead_drain(struct gx_pg_conn *c);
/** gx_store_ops.flush: the same after the batch's items; nothing goes ahead after it. */
enum gx_db_status gx_pg_flush(struct gx_store_conn *conn);

/** Column col of row 0 .. as a number (0 for NULL); text format. */
long long gx_pg_int(const PGresult *r, int row, int col);
/** Copies a text value into out (NUL-terminated, cut to size); "" for NULL. */
void gx_pg_copy_text(const PGresult *r, int row, int col, char *out, size_t size);
/** A text value, malloc'ed ("" for NULL); NULL when out of memory. */
char *gx_pg_dup_text(const PGresult *r, int row, int col);
/** An int8 of a binary-format result. */
long long gx_pg_int8_binary(const PGresult *r, int row, int col);

/** How each column of a row becomes a JSON member. */
enum gx_pg_json_kind {
	GX_PG_JSON_STRING,   /* a JSON string, null for NULL */
	GX_PG_JSON_NUMBER,   /* an integer, null for NULL */
	GX_PG_JSON_RAW,      /* JSON text stored as is (minified), null for NULL */
};
struct gx_pg_json_member {
	const char *key;
	enum gx_pg_json_kind kind;
};

/** The rows of r as a JSON array of objects, one member per column, written
 *  exactly as SQLite's json_group_array(json_object(...)) does (compact,
 *  members in order, non-ASCII as is): malloc'ed, NULL when out of memory. */
char *gx_pg_json_rows(const PGresult *r, const struct gx_pg_json_member *members, int n);
/** Row row of r as one such JSON object (malloc'ed; NULL when out of memory). */
char *gx_pg_json_row(const PGresult *r, int row, const struct gx_pg_json_member *members, int n);

/** Runs a read and answers its rows as gx_pg_json_rows does (*out malloc'ed). */
enum gx_db_status gx_pg_json_list(struct gx_pg_conn *c, enum gx_pg_stmt_id id, const char *sql,
				  const struct gx_pg_params *p, const struct gx_pg_json_member *members, int n, char **out);

/** Applies schema's embedded migrations (PostgreSQL's dialect) on pg. */
int gx_pg_migrate(PGconn *pg, enum gx_store_schema schema, char *err, size_t err_size);

/* The backend's functions, one file per concern. */
struct gx_store_conn *gx_pg_conn_open(void *state, bool writer);
void gx_pg_conn_close(struct gx_store_conn *conn);
bool gx_pg_tx_lost(struct gx_store_conn *conn);
uint64_t gx_pg_unreachable(struct gx_store_conn *conn);
enum gx_db_status gx_pg_tx_begin(struct gx_store_conn *conn, bool write);
enum gx_db_status gx_pg_tx_commit(struct gx_store_conn *conn);
void gx_pg_tx_rollback(struct gx_store_conn *conn);
bool gx_pg_in_tx(struct gx_store_conn *conn);
enum gx_db_status gx_pg_savepoint(struct gx_store_conn *conn);
enum gx_db_status gx_pg_savepoint_release(struct gx_store_conn *conn);
enum gx_db_status gx_pg_savepoint_rollback(struct gx_store_conn *conn);
enum gx_db_status gx_pg_ping(struct gx_store_conn *conn);
int gx_pg_schema_ready(struct gx_store_conn *conn);
enum gx_db_status gx_pg_access_record_append(struct gx_store_conn *conn, const struct gx_access_record *rec,
					     long long *id);
enum gx_db_status gx_pg_access_records_count(struct gx_store_conn *conn, const char *subject, long long *out);
enum gx_db_status gx_pg_search_refresh(struct gx_store_conn *conn, const struct gx_search_doc *docs, size_t n,
				       const char *fingerprint, long long now_us, bool *changed);
enum gx_db_status gx_pg_guest_reference(struct gx_store_conn *conn, const unsigned char token_hash[32], char *ref,
					  size_t ref_size);
enum gx_db_status gx_pg_guest_space_create(struct gx_store_conn *conn, long long now_us, long long *space_id);
enum gx_db_status gx_pg_guest_submission_put(struct gx_store_conn *conn, long long submission_id,
					   const unsigned char token_hash[32], long long now_us);
enum gx_db_status gx_pg_guest_limit_add(struct gx_store_conn *conn, const unsigned char key_hash[32],
				      long long window_start_us, long long forget_before_us, long long *count);
long gx_pg_search(struct gx_store_conn *conn, const char *lang, const struct gx_search_group *groups, size_t ngroups,
		  struct gx_search_hit *out, size_t max);
enum gx_db_status gx_pg_feedback_append(struct gx_store_conn *conn, const struct gx_feedback *fb, long long *id);
enum gx_db_status gx_pg_person_login(struct gx_store_conn *conn, const struct gx_person_login *in, long long *person_id,
				     long long *private_space_id);
enum gx_db_status gx_pg_person_get(struct gx_store_conn *conn, long long person_id, struct gx_person *out);
enum gx_db_status gx_pg_membership(struct gx_store_conn *conn, struct gx_space_id space, struct gx_person_id person,
				   struct gx_membership *out);
enum gx_db_status gx_pg_session_insert(struct gx_store_conn *conn, const struct gx_session_row *row,
				       const char *id_token);
enum gx_db_status gx_pg_session_get(struct gx_store_conn *conn, const unsigned char *id_hash,
				    struct gx_session_row *out);
enum gx_db_status gx_pg_session_touch(struct gx_store_conn *conn, const unsigned char *id_hash,
				      long long last_seen_at_us);
enum gx_db_status gx_pg_session_delete(struct gx_store_conn *conn, const unsigned char *id_hash, char *id_token,
				       size_t id_token_size);
enum gx_db_status gx_pg_sessions_purge(struct gx_store_conn *conn, long long now_us, long long idle_before_us,
				       long long login_before_us);
enum gx_db_status gx_pg_login_state_put(struct gx_store_conn *conn, const struct gx_login_state *in);
enum gx_db_status gx_pg_login_state_take(struct gx_store_conn *conn, const char *state, struct gx_login_state *out);
enum gx_db_status gx_pg_prefill_choice_set(struct gx_store_conn *conn, long long person_id, const char *reg,
					   bool allowed, long long at_us);
enum gx_db_status gx_pg_prefill_declined(struct gx_store_conn *conn, long long person_id,
					 const char *const *registers, size_t n, bool *declined);
enum gx_db_status gx_pg_prefill_declined_names(struct gx_store_conn *conn, long long person_id,
						 struct gx_declined_names *out);
enum gx_db_status gx_pg_draft_create(struct gx_store_conn *conn, const struct gx_draft *d, long long *id);
enum gx_db_status gx_pg_draft_get(struct gx_store_conn *conn, long long id, struct gx_draft *out);
enum gx_db_status gx_pg_draft_save(struct gx_store_conn *conn, long long id, const char *data_json, int step,
				   long long at_us);
enum gx_db_status gx_pg_draft_delete(struct gx_store_conn *conn, long long id);
enum gx_db_status gx_pg_reference_next(struct gx_store_conn *conn, int year, long long *seq);
enum gx_db_status gx_pg_submission_insert(struct gx_store_conn *conn, const struct gx_submission *s, long long *id);
enum gx_db_status gx_pg_submission_get(struct gx_store_conn *conn, long long id, struct gx_submission *out);
enum gx_db_status gx_pg_submission_event(struct gx_store_conn *conn, long long submission_id, long long at_us,
					 const char *status, const char *message_json);
enum gx_db_status gx_pg_submission_timeline(struct gx_store_conn *conn, long long submission_id, char **out);
enum gx_db_status gx_pg_space_overview(struct gx_store_conn *conn, const struct gx_overview_query *q, size_t limit, struct gx_space_item *items, size_t *n, bool *more);
enum gx_db_status gx_pg_attachment_put(struct gx_store_conn *conn, const struct gx_attachment *a);
enum gx_db_status gx_pg_attachment_get(struct gx_store_conn *conn, const char *id, bool with_data,
				       struct gx_attachment *out);
enum gx_db_status gx_pg_attachments_submit(struct gx_store_conn *conn, long long draft_id, long long submission_id,
					   const char *ids_json, char *missing, size_t missing_len);
enum gx_db_status gx_pg_attachments_list(struct gx_store_conn *conn, enum gx_attachment_owner owner,
					 long long owner_id, char **out);
enum gx_db_status gx_pg_attachment_delete(struct gx_store_conn *conn, const char *id, long long draft_id);
enum gx_db_status gx_pg_draft_attachments_delete(struct gx_store_conn *conn, long long draft_id);
enum gx_db_status gx_pg_self_declared_set(struct gx_store_conn *conn, long long person_id, const char *attribute,
					  const char *value, long long at_us);
enum gx_db_status gx_pg_self_declared_all(struct gx_store_conn *conn, long long person_id, char **json_out);
enum gx_db_status gx_pg_org_agent_set(struct gx_store_conn *conn, const char *org, const char *national_id,
				      const char *role, long long at_us);
enum gx_db_status gx_pg_org_agent_remove(struct gx_store_conn *conn, const char *org, const char *national_id);
enum gx_db_status gx_pg_agent_role(struct gx_store_conn *conn, const char *org, struct gx_person_id person,
				   char role[16]);
enum gx_db_status gx_pg_org_agents_list(struct gx_store_conn *conn, const char *org, char **out);
enum gx_db_status gx_pg_agent_orgs(struct gx_store_conn *conn, struct gx_person_id person, char **out);
enum gx_db_status gx_pg_org_agent_of(struct gx_store_conn *conn, const char *org, const char *national_id,
				     char role[16]);
enum gx_db_status gx_pg_space_owner(struct gx_store_conn *conn, long long space_id, struct gx_person *out);

/* cases.c */
enum gx_db_status gx_pg_case_open(struct gx_store_conn *conn, const struct gx_case *c);
enum gx_db_status gx_pg_case_get(struct gx_store_conn *conn, long long submission_id, struct gx_case *out);
enum gx_db_status gx_pg_case_update(struct gx_store_conn *conn, long long submission_id, long long expect,
				    const struct gx_case_change *ch);
enum gx_db_status gx_pg_inbox(struct gx_store_conn *conn, const struct gx_inbox_query *q, struct gx_case *rows,
			      size_t limit, size_t *n, bool *more);
enum gx_db_status gx_pg_inbox_counts(struct gx_store_conn *conn, const char *org, char **out);
enum gx_db_status gx_pg_case_log_append(struct gx_store_conn *conn, long long submission_id, long long at_us,
					const char *kind, const char *author, const char *detail_json, int *seq);
enum gx_db_status gx_pg_case_log(struct gx_store_conn *conn, long long submission_id, char **out);
enum gx_db_status gx_pg_event_append(struct gx_store_conn *conn, const struct gx_event *e, int *seq);
enum gx_db_status gx_pg_org_event_append(struct gx_store_conn *conn, const char *org, long long at_us,
					 const char *kind, long long submission_id, const char *data_json,
					 long long *seq);
enum gx_db_status gx_pg_org_events(struct gx_store_conn *conn, const char *org, long long after, size_t limit,
				   char **out, long long *last);
enum gx_db_status gx_pg_idempotent_get(struct gx_store_conn *conn, const char *client, const char *key,
				       struct gx_idempotent *out);
enum gx_db_status gx_pg_idempotent_put(struct gx_store_conn *conn, const char *client, const char *key,
				       const char *request_hash, int status, const char *body, long long at_us);
enum gx_db_status gx_pg_consent_put(struct gx_store_conn *conn, const struct gx_reuse_consent *c);
enum gx_db_status gx_pg_consent_get(struct gx_store_conn *conn, long long submission_id,
				    struct gx_reuse_consent *out);
enum gx_db_status gx_pg_consent_revoke(struct gx_store_conn *conn, long long submission_id, long long at_us);

/* clients.c */
enum gx_db_status gx_pg_org_client_add(struct gx_store_conn *conn, const struct gx_org_client *c);
enum gx_db_status gx_pg_org_client_get(struct gx_store_conn *conn, const char *client_id, struct gx_org_client *out);
enum gx_db_status gx_pg_org_client_revoke(struct gx_store_conn *conn, const char *org, const char *client_id,
					  long long at_us);
enum gx_db_status gx_pg_org_clients_list(struct gx_store_conn *conn, const char *org, char **out);
enum gx_db_status gx_pg_client_assertion_record(struct gx_store_conn *conn, const char *client_id, const char *jti,
						long long expires_at_us);
enum gx_db_status gx_pg_client_token_insert(struct gx_store_conn *conn, const struct gx_client_token *t);
enum gx_db_status gx_pg_client_token_get(struct gx_store_conn *conn, const unsigned char *hash,
					 struct gx_client_token *out);
enum gx_db_status gx_pg_clients_purge(struct gx_store_conn *conn, long long now_us);
enum gx_db_status gx_pg_registry_put(struct gx_store_conn *conn, const char *key_type, const char *key,
				     const char *data_json, const char *as_of, long long version);
enum gx_db_status gx_pg_registry_get(struct gx_store_conn *conn, const char *key_type, const char *key,
				     struct gx_registry_record *out);
enum gx_db_status gx_pg_registry_access_append(struct gx_store_conn *conn, const struct gx_registry_access *a);
enum gx_db_status gx_pg_registry_access_count(struct gx_store_conn *conn, long long *out);
enum gx_db_status gx_pg_registry_access_of(struct gx_store_conn *conn, const char *subject_type, const char *subject,
					   size_t limit, char **out, bool *more);
enum gx_db_status gx_pg_registry_records_count(struct gx_store_conn *conn, long long *out);

/* store/spaces.h, and the overview */
enum gx_db_status gx_pg_space_access(struct gx_store_conn *conn, struct gx_space_id space, struct gx_person_id person,
				     long long now_us, struct gx_space_row *out, struct gx_space_relation *rels,
				     size_t max, size_t *n);
enum gx_db_status gx_pg_spaces_of(struct gx_store_conn *conn, struct gx_person_id person, long long now_us, char **out);
enum gx_db_status gx_pg_company_space(struct gx_store_conn *conn, const char *company_number, long long *id);
enum gx_db_status gx_pg_company_space_create(struct gx_store_conn *conn, const char *company_number, const char *name,
					     long long at_us, long long *id);
enum gx_db_status gx_pg_person_ensure(struct gx_store_conn *conn, const char *national_id, const char *given_name,
				      const char *family_name, long long at_us, long long *person, long long *space);
enum gx_db_status gx_pg_guardianship_put(struct gx_store_conn *conn, struct gx_person_id parent,
					 struct gx_space_id child_space, long long adult_at_us, long long at_us);
enum gx_db_status gx_pg_member_put(struct gx_store_conn *conn, struct gx_space_id space, struct gx_person_id person,
				   const char *role, const char *procedures_json, long long at_us);
enum gx_db_status gx_pg_member_remove(struct gx_store_conn *conn, struct gx_space_id space, struct gx_person_id person);
enum gx_db_status gx_pg_member_role(struct gx_store_conn *conn, struct gx_space_id space, struct gx_person_id person,
				    char *role);
enum gx_db_status gx_pg_space_admins(struct gx_store_conn *conn, struct gx_space_id space, long long *n);
enum gx_db_status gx_pg_space_actors(struct gx_store_conn *conn, struct gx_space_id space, long long now_us,
				     long long **out, size_t *n);
enum gx_db_status gx_pg_members_list(struct gx_store_conn *conn, struct gx_space_id space, char **out);
enum gx_db_status gx_pg_invitation_create(struct gx_store_conn *conn, const struct gx_invitation *in, long long *id);
enum gx_db_status gx_pg_invitation_get(struct gx_store_conn *conn, long long id, struct gx_invitation *out);
enum gx_db_status gx_pg_invitation_settle(struct gx_store_conn *conn, long long id, const char *state, long long at_us);
enum gx_db_status gx_pg_invitations_of_space(struct gx_store_conn *conn, struct gx_space_id space, long long now_us,
					     char **out);
enum gx_db_status gx_pg_invitations_for(struct gx_store_conn *conn, const char *national_id, long long now_us,
					char **out);
enum gx_db_status gx_pg_mandate_create(struct gx_store_conn *conn, const struct gx_mandate *m, long long *id);
enum gx_db_status gx_pg_mandate_get(struct gx_store_conn *conn, long long id, struct gx_mandate *out);
enum gx_db_status gx_pg_mandate_accept(struct gx_store_conn *conn, long long id, struct gx_person_id person,
				       long long at_us);
enum gx_db_status gx_pg_mandate_revoke(struct gx_store_conn *conn, long long id, struct gx_person_id by,
				       long long at_us);
enum gx_db_status gx_pg_mandates_of_space(struct gx_store_conn *conn, struct gx_space_id space, char **out);
enum gx_db_status gx_pg_mandates_for(struct gx_store_conn *conn, const char *national_id, char **out);
enum gx_db_status gx_pg_mandate_open_exists(struct gx_store_conn *conn, struct gx_space_id space,
					    const char *national_id, long long now_us, bool *exists);
enum gx_db_status gx_pg_space_event_append(struct gx_store_conn *conn, struct gx_space_id space, long long at_us,
					   const char *kind, struct gx_person_id actor, const char *detail_json);
enum gx_db_status gx_pg_space_events(struct gx_store_conn *conn, struct gx_space_id space, size_t limit, char **out);
enum gx_db_status gx_pg_space_act_append(struct gx_store_conn *conn, const struct gx_space_act *a);
enum gx_db_status gx_pg_space_acts(struct gx_store_conn *conn, struct gx_space_id space, size_t limit, char **out);
enum gx_db_status gx_pg_session_space_set(struct gx_store_conn *conn, const unsigned char *id_hash,
					  struct gx_space_id space);
enum gx_db_status gx_pg_space_counts(struct gx_store_conn *conn, long long space_id, const char *procedures_json,
				     struct gx_overview_counts *out);
/** The person's private space, made (with them its owner) when missing: *space_id. */
enum gx_db_status gx_pg_private_space_ensure(struct gx_pg_conn *c, long long person_id, long long at_us,
					     long long *space_id);
/* operators.c: the operator dashboard */
enum gx_db_status gx_pg_operator_set(struct gx_store_conn *conn, const char *national_id, long long at_us);
enum gx_db_status gx_pg_operator_remove(struct gx_store_conn *conn, const char *national_id);
enum gx_db_status gx_pg_operator_is(struct gx_store_conn *conn, struct gx_person_id person);
enum gx_db_status gx_pg_operators_list(struct gx_store_conn *conn, char **out);
enum gx_db_status gx_pg_samples_put(struct gx_store_conn *conn, const struct gx_sample *samples, size_t n);
enum gx_db_status gx_pg_samples_purge(struct gx_store_conn *conn, long long samples_before_s,
					 long long rollups_before_s, long long *deleted);
enum gx_db_status gx_pg_samples_rollup(struct gx_store_conn *conn, const char *instance, long long hour_s);
enum gx_db_status gx_pg_samples_read(struct gx_store_conn *conn, const struct gx_sample_query *q,
				     struct gx_sample_bucket *out, size_t max, size_t *n, bool *more);
enum gx_db_status gx_pg_store_size(struct gx_store_conn *conn, long long *bytes);
enum gx_db_status gx_pg_operator_gauges(struct gx_store_conn *conn, long long now_us, struct gx_store_gauges *out);

#endif
