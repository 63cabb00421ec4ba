#ifndef GX_STORE_STORE_H
#define GX_STORE_STORE_H

/**
 * The store: every durable byte of guichetd goes through this interface.
 * One process-wide struct gx_store (thread-safe, opened once at start) and one
 * struct gx_store_conn per thread (never shared). Backends (SQLite, the
 * default, and PostgreSQL) implement a table of functions behind it; callers
 * only see the gx_store_* functions below. See docs/store.md.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/ids.h"
#include "store/spaces.h"

/** Outcome of one database operation (as in GNU Taler's exchange). */
enum gx_db_status {
	GX_DB_REFUSED = -4,     /* a durable write the group commit did not take (queue full or closing, out of
				 * memory): nothing was written; answered 503, try again later */
	GX_DB_CONFLICT = -3,    /* what the write relies on changed meanwhile (the client's conflict, not a
				 * fault): rolled back like an error, answered 409, counted as no store failure */
	GX_DB_HARD_ERROR = -2,  /* bug, constraint, disk: do not retry */
	GX_DB_SOFT_ERROR = -1,  /* busy / serialization failure: retry the transaction */
	GX_DB_NO_RESULTS = 0,
	GX_DB_ONE_RESULT = 1,
};

/** Result of the calls that are not a database operation (open, submit). */
enum gx_store_err {
	GX_STORE_OK = 0,
	GX_STORE_ERR = -1,            /* see the error message */
	GX_STORE_QUEUE_FULL = -2,     /* group-commit queue full: answer 503 */
	GX_STORE_CLOSED = -3,         /* the store is closing */
	GX_STORE_SCHEMA_NEWER = -4,   /* the database was migrated by a newer binary */
};

struct gx_store;        /* process-wide handle, thread-safe */
struct gx_store_conn;   /* used by one thread at a time (may be handed over), never concurrently */

/** Which schema (embedded migration set) a store holds: guichetd's, or one register's (registryd). */
enum gx_store_schema {
	GX_STORE_SCHEMA_PLATFORM = 0,  /* migrations of src/store/sql/ */
	GX_STORE_SCHEMA_REGISTRY = 1,  /* migrations of src/store/sql/registry/ */
};

/** How to open the store; strings are copied by gx_store_open. */
struct gx_store_config {
	const char *backend;                   /* "sqlite" or "postgresql" */
	enum gx_store_schema schema;           /* default PLATFORM; methods of the other schema fail hard */
	const char *sqlite_path;               /* database file */
	const char *pg_conninfo;               /* PostgreSQL: a libpq connection string (never logged) */
	const char *pg_override;               /* PostgreSQL: NULL, or a database name, or a connection string whose
						* parameters override pg_conninfo's (a register's own database) */
	int busy_timeout_ms;                   /* a lock is waited for this long (SQLite busy, PostgreSQL lock_timeout) */
	unsigned tx_max_attempts;              /* gx_store_run_tx gives up after this many */
	unsigned group_commit_max_batch;       /* items per commit; 1 = one fsync per write */
	unsigned group_commit_max_wait_us;     /* 0: commit as soon as the writer is free */
	unsigned group_commit_queue_cap;       /* submit returns GX_STORE_QUEUE_FULL beyond */
	unsigned wal_checkpoint_pages;         /* SQLite: the writer checkpoints the log past this many pages */
};

/** Fills cfg with the defaults (sqlite, platform schema, busy 2 s, 5 attempts, batch 256, wait 0, queue 8192,
 *  checkpoint past 8000 pages; PostgreSQL: "dbname=guichet"). */
void gx_store_config_defaults(struct gx_store_config *cfg);

struct gx_config;
/** The defaults, then the store's settings of c (store.*): what guichetd,
 *  registryd and guichetctl open. c's strings are borrowed. */
void gx_store_config_from(struct gx_store_config *cfg, const struct gx_config *c, enum gx_store_schema schema);

/**
 * Opens the backend and applies pending migrations, then starts the
 * group-commit writer. Returns GX_STORE_OK, GX_STORE_SCHEMA_NEWER or
 * GX_STORE_ERR; on error writes a message (no personal data) into err.
 */
int gx_store_open(const struct gx_store_config *cfg, struct gx_store **out, char *err, size_t err_size);

/** Commits everything submitted so far (done is called for each), stops the writer, frees the store. */
void gx_store_close(struct gx_store *store);

/** Opens a connection; one thread uses it at a time (e.g. one per event loop). NULL on failure. */
struct gx_store_conn *gx_store_conn_open(struct gx_store *store);
/** Closes conn, rolling back a transaction left open. */
void gx_store_conn_close(struct gx_store_conn *conn);

/* --- transactions ------------------------------------------------------- */

typedef enum gx_db_status (*gx_store_tx_fn)(struct gx_store_conn *conn, void *arg);

/**
 * Runs fn inside a transaction (write: BEGIN IMMEDIATE, else deferred BEGIN)
 * and commits when fn returns >= 0. A soft failure anywhere (begin, fn,
 * commit) rolls back and retries fn after a short backoff, at most
 * tx_max_attempts times; then GX_DB_SOFT_ERROR is returned. fn may run
 * more than once, so it must not have effects outside the transaction.
 */
enum gx_db_status gx_store_run_tx(struct gx_store_conn *conn, bool write, gx_store_tx_fn fn, void *arg);

/**
 * A short write that must be durable as soon as it can be, from a thread
 * that may block (never an event loop): the mail sender's mark after the
 * SMTP server's 250, whose delay is the window for a second copy. Where
 * one writer at a time holds the database (SQLite), fn joins the group
 * commit's next batch and this waits for its COMMIT: a transaction of its
 * own would wait for the write lock behind the writer's batches, SQLite's
 * busy handler sleeping up to 100 ms between tries while the writer takes
 * the lock again and again. Elsewhere (PostgreSQL: row locks) fn runs on
 * conn at once, as gx_store_run_tx(conn, true, …). fn may run more than
 * once. When the group commit does not take it (full, closing), it runs on conn.
 */
enum gx_db_status gx_store_run_tx_soon(struct gx_store_conn *conn, gx_store_tx_fn fn, void *arg);

/** Low-level transaction control; prefer gx_store_run_tx. */
enum gx_db_status gx_store_tx_begin(struct gx_store_conn *conn, bool write);
enum gx_db_status gx_store_tx_commit(struct gx_store_conn *conn);
void gx_store_tx_rollback(struct gx_store_conn *conn);

/** True while conn has a transaction open. */
bool gx_store_conn_in_tx(struct gx_store_conn *conn);
/** Rolls back a transaction left open; returns true when there was one (a bug to log). */
bool gx_store_conn_rollback_if_open(struct gx_store_conn *conn);

/* --- health --------------------------------------------------------------- */

/** A round trip to the database: GX_DB_ONE_RESULT when it answers (PostgreSQL: the primary). */
enum gx_db_status gx_store_ping(struct gx_store_conn *conn);
/** How many statements on conn failed because the database could not be
 *  reached (PostgreSQL: a connection lost with the outcome unknown, or no new
 *  one) or could not be written (SQLite: the disk failed it, EIO or ENOSPC;
 *  counted per thread, and such a statement's status is GX_DB_REFUSED). A
 *  request during which it grew is answered 503 (passing), not 500 (a bug). */
uint64_t gx_store_conn_unreachable(struct gx_store_conn *conn);
/** 1 when every migration this binary knows is applied, 0 when not, -1 on error. */
int gx_store_schema_ready(struct gx_store_conn *conn);

/* --- group commit ----------------------------------------------------------- */

/** Runs on the writer thread inside the batch transaction (in its own savepoint). */
typedef enum gx_db_status (*gx_store_write_fn)(struct gx_store_conn *writer, void *arg);
/**
 * Runs on the writer thread after the batch's COMMIT returned (result >= 0:
 * durable), or with a negative status when the item or its batch failed.
 * Must not block; it may submit again.
 */
typedef void (*gx_store_done_fn)(void *arg, enum gx_db_status result);

/**
 * Queues a durable write without blocking. Returns GX_STORE_OK (done will
 * be called exactly once), GX_STORE_QUEUE_FULL or GX_STORE_CLOSED (done will
 * not be called).
 */
int gx_store_durable_submit(struct gx_store *store, gx_store_write_fn write, gx_store_done_fn done, void *arg);

/** Waits until the queue is empty and no batch is in flight (at shutdown, once submitters stopped). */
void gx_store_durable_drain(struct gx_store *store);

/** The upper bounds of batch_sizes' buckets but the last (which has no bound). */
#define GX_STORE_BATCH_BUCKETS 10
extern const unsigned gx_store_batch_bounds[GX_STORE_BATCH_BUCKETS - 1];

/** Counters since open; a consistent snapshot. */
struct gx_store_durable_stats {
	uint64_t batches;        /* batch transactions committed */
	uint64_t items;          /* items committed (durable, done called with >= 0) */
	uint64_t failed;         /* items reported with an error */
	uint64_t queued;         /* items waiting now (a gauge) */
	uint64_t rejected_full;  /* submits refused with GX_STORE_QUEUE_FULL */
	uint64_t largest_batch;
	uint64_t batch_sizes[GX_STORE_BATCH_BUCKETS];  /* committed batches by size: <= 1, 2, 4 … 256, more */
	uint64_t batch_peak;     /* the largest batch since the last gx_store_durable_peaks_take */
	uint64_t queue_peak;     /* the most items waiting at once since then */
};

void gx_store_durable_stats(struct gx_store *store, struct gx_store_durable_stats *out);
/** The same, and starts the peaks again from nothing (the operator
 *  dashboard's sampler: one reader, or each sees only part of the peaks). */
void gx_store_durable_peaks_take(struct gx_store *store, struct gx_store_durable_stats *out);

/* --- access log ------------------------------------------------------------- */

/** One read of a subject's data from one source. Values are never stored, only attribute names. */
struct gx_access_record {
	const char *subject;          /* opaque id of the person or company read */
	long long at_us;              /* microseconds since the epoch */
	const char *actor_kind;       /* "platform" or "organisation" */
	const char *actor_id;
	const char *actor_role;       /* the agent's function ("handler", "client"), never a name; may be NULL */
	const char *on_behalf_of;     /* may be NULL */
	const char *source;           /* the register */
	const char *attributes_json;  /* JSON array of attribute names */
	const char *purpose;
	const char *legal_basis;      /* may be NULL */
	const char *request_id;
};

/** Inserts rec (inside the caller's transaction if one is open): GX_DB_ONE_RESULT on success. */
enum gx_db_status gx_store_access_record_append(struct gx_store_conn *conn, const struct gx_access_record *rec);
/** Counts subject's access records into *out. */
enum gx_db_status gx_store_access_records_count(struct gx_store_conn *conn, const char *subject, long long *out);

/* --- the procedure search (0020_catalogue.sql) --------------------------------- */

/** One procedure in one language as the search reads it: texts folded
 *  (util/fold.h). Borrowed. */
struct gx_search_doc {
	const char *procedure_id;
	const char *lang;       /* "fr", "de", "en", "lb" */
	const char *title;
	const char *keywords;
	const char *body;
};

/** Replaces every row of the search with docs, unless fingerprint is the
 *  one the rows were made from (then nothing is written and *changed is
 *  false). Run inside a write transaction (gx_store_run_tx). */
enum gx_db_status gx_store_search_refresh(struct gx_store_conn *conn, const struct gx_search_doc *docs, size_t n,
					  const char *fingerprint, long long now_us, bool *changed);

#define GX_SEARCH_WORD_MAX 64     /* bytes of a folded word */
#define GX_SEARCH_GROUPS_MAX 10   /* words of a query */
#define GX_SEARCH_TERMS_MAX 8     /* a word and the words it may be a typo of */

/** A folded word ([a-z0-9], or letters of another script); with prefix,
 *  longer words starting with it match too. */
struct gx_search_term {
	const char *word;
	bool prefix;
};

/** One word of a query: any of its terms matches it. */
struct gx_search_group {
	const struct gx_search_term *terms;
	size_t nterms;
};

struct gx_search_hit {
	char procedure_id[65];
	double score;           /* higher is better (each backend its own scale) */
};

/** The procedures whose texts in lang hold a term of every group (1 to
 *  GX_SEARCH_GROUPS_MAX groups of 1 to GX_SEARCH_TERMS_MAX terms), best first
 *  (title over keywords over the rest), at most max into out. Returns how
 *  many were found (possibly more than max: only max are written), or a
 *  negative status. SQLite: FTS5 with bm25; PostgreSQL: a tsquery with
 *  ts_rank over weighted vectors. */
long gx_store_search(struct gx_store_conn *conn, const char *lang, const struct gx_search_group *groups,
		     size_t ngroups, struct gx_search_hit *out, size_t max);

/* --- procedures submitted without logging in (0020_catalogue.sql) ------------- */

/** The reference of the submission made with the form token whose SHA-256
 *  is token_hash: GX_DB_ONE_RESULT with ref (at least 32 bytes), or NO_RESULTS. */
enum gx_db_status gx_store_guest_reference(struct gx_store_conn *conn, const unsigned char token_hash[32], char *ref,
					   size_t ref_size);

/** A space of its own for one submission made without logging in: no
 *  owner, no member. *space_id receives it. */
enum gx_db_status gx_store_guest_space_create(struct gx_store_conn *conn, long long now_us, long long *space_id);

/** Records that submission_id was made without logging in, with its form
 *  token's hash; GX_DB_CONFLICT when that token made one already. */
enum gx_db_status gx_store_guest_submission_put(struct gx_store_conn *conn, long long submission_id,
						const unsigned char token_hash[32], long long now_us);

/** Counts one more use of key_hash in the window starting at
 *  window_start_us; *count the uses so far, this one included. Removes
 *  the counts of windows that started before forget_before_us. */
enum gx_db_status gx_store_guest_limit_add(struct gx_store_conn *conn, const unsigned char key_hash[32],
					   long long window_start_us, long long forget_before_us, long long *count);

/* --- page feedback ------------------------------------------------------------ */

/** "Was this page useful?": anonymous, with an optional free-text comment
 *  (which may contain anything a person typed: stored, never logged). */
struct gx_feedback {
	long long at_us;
	const char *page;      /* the page's path */
	bool useful;
	const char *comment;   /* may be NULL */
};

/** Inserts fb; *id receives the new row's id. GX_DB_ONE_RESULT on success. */
enum gx_db_status gx_store_feedback_append(struct gx_store_conn *conn, const struct gx_feedback *fb, long long *id);

/* --- persons, spaces, sessions ------------------------------------------------ */

/** What a login tells about the person (from the identity provider). */
struct gx_person_login {
	const char *national_id;   /* 13 digits */
	const char *given_name;
	const char *family_name;
	long long at_us;
};

struct gx_person {
	long long id;
	char national_id[14];
	char given_name[128];
	char family_name[128];
	long long choices_version;   /* moves on with every change of their prefill choices */
};

/** Creates the person at their first login (else refreshes their names) and
 *  makes sure they own a private space. Inside the caller's transaction. */
enum gx_db_status gx_store_person_login(struct gx_store_conn *conn, const struct gx_person_login *in,
					long long *person_id, long long *private_space_id);
enum gx_db_status gx_store_person_get(struct gx_store_conn *conn, long long person_id, struct gx_person *out);
/** The person a space belongs to (its owner: the private space's person). */
enum gx_db_status gx_store_space_owner(struct gx_store_conn *conn, long long space_id, struct gx_person *out);

/** A person's place in a space. */
struct gx_membership {
	char role[16];   /* "owner", "administrator", "member" */
	char kind[16];   /* the space's: "private", "professional" */
};

/** The person's membership of the space; GX_DB_NO_RESULTS when none. */
enum gx_db_status gx_store_membership(struct gx_store_conn *conn, struct gx_space_id space, struct gx_person_id person,
				      struct gx_membership *out);

#define GX_SESSION_HASH_BYTES 32

struct gx_session_row {
	unsigned char id_hash[GX_SESSION_HASH_BYTES];  /* SHA-256 of the cookie's id */
	long long person_id;
	long long space_id;          /* the active space */
	char csrf_token[64];
	long long created_at_us;
	long long last_seen_at_us;
	long long expires_at_us;     /* absolute limit */
	/* Read with the session, for the pages and the authorization layer: */
	bool in_space;               /* the person owns the active space (their private space: a relation that never ends) */
	char person_name[258];       /* "given family", for the header */
};

/** id_token may be NULL. */
enum gx_db_status gx_store_session_insert(struct gx_store_conn *conn, const struct gx_session_row *row,
					  const char *id_token);
enum gx_db_status gx_store_session_get(struct gx_store_conn *conn, const unsigned char id_hash[GX_SESSION_HASH_BYTES],
				       struct gx_session_row *out);
enum gx_db_status gx_store_session_touch(struct gx_store_conn *conn,
					 const unsigned char id_hash[GX_SESSION_HASH_BYTES], long long last_seen_at_us);
/** Deletes the session; copies its ID token into id_token (may be NULL) when it fits. */
enum gx_db_status gx_store_session_delete(struct gx_store_conn *conn,
					  const unsigned char id_hash[GX_SESSION_HASH_BYTES], char *id_token,
					  size_t id_token_size);
/** Deletes sessions past their absolute limit or idle since idle_before_us,
 *  and logins older than login_before_us. */
enum gx_db_status gx_store_sessions_purge(struct gx_store_conn *conn, long long now_us, long long idle_before_us,
					  long long login_before_us);

struct gx_login_state {
	char state[64];
	char nonce[64];
	char code_verifier[130];
	char return_to[512];
	long long created_at_us;
};

enum gx_db_status gx_store_login_state_put(struct gx_store_conn *conn, const struct gx_login_state *in);
/** Reads and deletes (a login answer is used once). */
enum gx_db_status gx_store_login_state_take(struct gx_store_conn *conn, const char *state, struct gx_login_state *out);

/* --- prefill choices ------------------------------------------------------------ */

/** Records the person's Yes (allowed) or No to prefilling from a register,
 *  and moves their choices_version on (gx_person): inside the caller's
 *  transaction, so the two change together. */
enum gx_db_status gx_store_prefill_choice_set(struct gx_store_conn *conn, long long person_id, const char *reg,
					      bool allowed, long long at_us);
/** Which of the n registers named in registers the person said No to:
 *  declined[i] for registers[i]. Every choice the person made is read, so no
 *  No can be missed however many there are. */
enum gx_db_status gx_store_prefill_declined(struct gx_store_conn *conn, long long person_id,
					    const char *const *registers, size_t n, bool *declined);

#define GX_DECLINED_NAMES_MAX 8    /* the No's a session keeps; a person with more is read from the store */
#define GX_DECLINED_NAME_SIZE 33   /* a register's name up to 32 bytes and its NUL; a longer one (names may have 64) is read from the store */

/** A person's No's at one version of their choices (persons.choices_version),
 *  as a session keeps them. Zeroed, it is incomplete: nothing may be
 *  concluded from it. */
struct gx_declined_names {
	long long version;   /* the choices_version they were read at */
	bool complete;       /* names holds every No; false when there were more (or longer) than fit */
	size_t n;
	char names[GX_DECLINED_NAMES_MAX][GX_DECLINED_NAME_SIZE];
};

/** The person's No's and the version of their choices, read in one
 *  statement; GX_DB_NO_RESULTS when there is no such person. */
enum gx_db_status gx_store_prefill_declined_names(struct gx_store_conn *conn, long long person_id,
						  struct gx_declined_names *out);

/* --- drafts and submissions --------------------------------------------------- */

#define GX_STORE_PROCEDURE_ID_MAX 65

struct gx_draft {
	long long id;
	long long space_id;
	char procedure_id[GX_STORE_PROCEDURE_ID_MAX];
	int procedure_version;
	char *data_json;         /* malloc'ed: gx_draft_clear */
	char *provenance_json;   /* malloc'ed */
	int step;
	long long created_at_us;
	long long updated_at_us;
	long long started_by;    /* the person who opened it (0: unknown) */
};
void gx_draft_clear(struct gx_draft *d);

enum gx_db_status gx_store_draft_create(struct gx_store_conn *conn, const struct gx_draft *d, long long *id);
enum gx_db_status gx_store_draft_get(struct gx_store_conn *conn, long long id, struct gx_draft *out);
/** Saves a step: GX_DB_NO_RESULTS when the draft is gone. */
enum gx_db_status gx_store_draft_save(struct gx_store_conn *conn, long long id, const char *data_json, int step,
				      long long at_us);
enum gx_db_status gx_store_draft_delete(struct gx_store_conn *conn, long long id);

/** The next number of the year's sequence (1, 2, …), inside the caller's transaction. */
enum gx_db_status gx_store_reference_next(struct gx_store_conn *conn, int year, long long *seq);

struct gx_submission {
	long long id;
	long long space_id;
	char reference[32];
	char procedure_id[GX_STORE_PROCEDURE_ID_MAX];
	int procedure_version;
	char organisation[65];
	char *data_json;       /* malloc'ed: gx_submission_clear */
	char *receipt_json;    /* malloc'ed */
	char signature[100];
	long long submitted_at_us;
	long long started_by;    /* who opened its draft, and who submitted it (0: unknown) */
	long long submitted_by;
};
void gx_submission_clear(struct gx_submission *s);

/** Inserts an (immutable) submission and its first event, "submitted". */
enum gx_db_status gx_store_submission_insert(struct gx_store_conn *conn, const struct gx_submission *s, long long *id);
enum gx_db_status gx_store_submission_get(struct gx_store_conn *conn, long long id, struct gx_submission *out);
/** Appends a status to the timeline (message: JSON {fr, de, en} or NULL). */
enum gx_db_status gx_store_submission_event(struct gx_store_conn *conn, long long submission_id, long long at_us,
					    const char *status, const char *message_json);
/** The timeline as a JSON array text [{at_us, status, message}] (malloc'ed into *out). */
enum gx_db_status gx_store_submission_timeline(struct gx_store_conn *conn, long long submission_id, char **out);

/** One line of a space's overview: a draft or a submission with its latest status. */
struct gx_space_item {
	bool draft;
	long long id;
	char procedure_id[GX_STORE_PROCEDURE_ID_MAX];
	int procedure_version;
	char reference[32];      /* "" for a draft */
	char status[GX_STORE_PROCEDURE_ID_MAX];
	char organisation[GX_STORE_PROCEDURE_ID_MAX]; /* "" for a draft */
	long long created_at_us, updated_at_us;
	bool action_needed;      /* an organisation waits for the person's answer */
	long long started_by, submitted_by;            /* persons; 0: unknown (before issue 15) or not yet */
	char started_by_name[258], submitted_by_name[258];  /* "given family"; "" when unknown */
};

/** Which page of a space's overview: the filter ("all", "drafts",
 *  "active": submitted, not completed or rejected, "completed": completed or
 *  rejected, "action": waiting for the person), the procedures the reader
 *  may see, and the last item of the previous page (keyset paging: each
 *  page is a range scan from there, however deep). */
struct gx_overview_query {
	long long space_id;
	const char *filter;
	const char *procedures_json;   /* NULL: every procedure; else a JSON array of the ids shown */
	long long after_at_us;         /* the previous page's last item: its updated_at_us, */
	long long after_id;            /* its id (0: the first page) */
	bool after_draft;              /* and whether it was a draft */
};

/** What a space holds, newest first (updated_at_us, then id, drafts
 *  before submissions on a tie): up to limit items after the query's
 *  position into items[], their number into *n; *more says whether more follow. */
enum gx_db_status gx_store_space_overview(struct gx_store_conn *conn, const struct gx_overview_query *q, size_t limit,
					  struct gx_space_item *items, size_t *n, bool *more);

/** How many items each filter of the overview holds. */
struct gx_overview_counts {
	long long all, drafts, active, completed, action;
};
/** The counts of a space (procedures_json as in the query): kept per kind,
 *  status and "action needed" by the store, so reading them does not count
 *  the space's items; a reader limited to some procedures has theirs counted. */
enum gx_db_status gx_store_space_counts(struct gx_store_conn *conn, long long space_id, const char *procedures_json,
					struct gx_overview_counts *out);

/* --- self-declared data ----------------------------------------------------- */

/** Sets the value the person declared for attribute (one of
 *  gx_procedure_self_attributes, checked by the caller), or deletes it when
 *  value is NULL (GX_DB_NO_RESULTS when there was none). */
enum gx_db_status gx_store_self_declared_set(struct gx_store_conn *conn, long long person_id, const char *attribute,
					     const char *value, long long at_us);
/** Everything the person declared, as a JSON object text (malloc'ed into
 *  *json_out, "{}" when nothing): {attribute: {"value": "…", "updated_at_us": N}}. */
enum gx_db_status gx_store_self_declared_all(struct gx_store_conn *conn, long long person_id, char **json_out);

/* --- attachments ------------------------------------------------------------------ */

#define GX_ATTACHMENT_NAME_MAX 256

enum gx_attachment_kind {
	GX_ATTACHMENT_FORM,      /* a file field's, from the draft to the submission */
	GX_ATTACHMENT_ANSWER,    /* the person's answer to a request for information */
	GX_ATTACHMENT_DECISION,  /* an organisation's decision */
};

struct gx_attachment {
	char id[40];              /* "att_" + 32 hex */
	long long space_id;
	long long draft_id;       /* a form file while its draft exists; else 0 */
	long long submission_id;  /* put: an answer's or a decision's submission (draft_id 0) */
	enum gx_attachment_kind kind;
	int event_seq;            /* an answer's or decision's timeline entry */
	char field[200];          /* the field's definition path: "rabies_certificate", "invoices.invoice" */
	char name[GX_ATTACHMENT_NAME_MAX]; /* the file's name as the person knew it; may be "" */
	char content_type[32];
	long long size;
	char sha256[65];
	const void *data;         /* put: borrowed; get: malloc'ed (gx_attachment_clear) */
	long long created_at_us;
};
void gx_attachment_clear(struct gx_attachment *a);

enum gx_db_status gx_store_attachment_put(struct gx_store_conn *conn, const struct gx_attachment *a);
/** with_data: also read the bytes. */
enum gx_db_status gx_store_attachment_get(struct gx_store_conn *conn, const char *id, bool with_data,
					  struct gx_attachment *out);
/** Inside the submit transaction: hands the attachments of draft draft_id
 *  that its submitted answers name (ids_json: a JSON array of attachment
 *  ids) over to submission submission_id, and deletes the draft's others
 *  (files its answers no longer name). GX_DB_ONE_RESULT when done;
 *  GX_DB_CONFLICT, having changed nothing, when a named id is not (or no
 *  longer) one of the draft's: it is copied into missing (cut to fit). */
enum gx_db_status gx_store_attachments_submit(struct gx_store_conn *conn, long long draft_id, long long submission_id,
					      const char *ids_json, char *missing, size_t missing_len);

enum gx_attachment_owner { GX_ATTACHMENTS_OF_DRAFT, GX_ATTACHMENTS_OF_SUBMISSION };
/** The attachments of a draft or of a submission, oldest first, as a JSON
 *  array text (malloc'ed into *out): [{id, field, name, content_type, size}]. */
enum gx_db_status gx_store_attachments_list(struct gx_store_conn *conn, enum gx_attachment_owner owner,
					    long long owner_id, char **out);
/** Removes attachment id if it belongs to draft draft_id (GX_DB_NO_RESULTS otherwise). */
enum gx_db_status gx_store_attachment_delete(struct gx_store_conn *conn, const char *id, long long draft_id);
/** Removes every file of draft draft_id (when the draft is deleted): GX_DB_NO_RESULTS when it had none. */
enum gx_db_status gx_store_draft_attachments_delete(struct gx_store_conn *conn, long long draft_id);

/* --- cases: the organisations' side of submissions ------------------------------ */

#define GX_CASE_TEXT_MAX 65   /* ids, statuses, references, national ids */

struct gx_case {
	long long submission_id;
	char org[GX_CASE_TEXT_MAX];
	char procedure_id[GX_CASE_TEXT_MAX];
	char reference[32];
	char status[GX_CASE_TEXT_MAX];
	char turn[16];                   /* "organisation" or "person" */
	bool final;
	char assignee[GX_CASE_TEXT_MAX]; /* an agent's national id; "" when none */
	int open_request;                /* the timeline seq of the request awaiting an answer; 0 when none */
	long long revision;
	long long submitted_at_us, updated_at_us;
};

/** Makes submission c->submission_id a case of c->org (status, turn and
 *  final from its definition; revision 1) and puts "submission.new" on the
 *  organisation's event feed. Inside the submit transaction. */
enum gx_db_status gx_store_case_open(struct gx_store_conn *conn, const struct gx_case *c);
enum gx_db_status gx_store_case_get(struct gx_store_conn *conn, long long submission_id, struct gx_case *out);

/** A change of a case: what is not NULL (or >= 0) is set; revision + 1.
 *  Applied only when the case is at revision expect: GX_DB_CONFLICT when it
 *  moved meanwhile (nothing changed). */
struct gx_case_change {
	const char *status;     /* with turn and final */
	const char *turn;
	int final;              /* -1: unchanged */
	const char *assignee;   /* "" unassigns */
	int open_request;       /* -1: unchanged; 0: none */
	long long at_us;
};
enum gx_db_status gx_store_case_update(struct gx_store_conn *conn, long long submission_id, long long expect,
				       const struct gx_case_change *ch);

/** One page of an organisation's inbox, newest first: the cases matching
 *  every filter given (NULL or 0: any), after the keyset position
 *  (after_at_us, after_id) when after_id > 0. Up to limit rows into rows[],
 *  their number into *n; *more says whether there were more. */
struct gx_inbox_query {
	const char *org;
	const char *procedure;
	const char *status;
	const char *turn;
	const char *assignee;      /* a national id, or "-" for none */
	const char *reference;     /* exactly this one */
	long long from_us, to_us;  /* submitted within [from, to); 0: open */
	long long after_at_us, after_id;
};
enum gx_db_status gx_store_inbox(struct gx_store_conn *conn, const struct gx_inbox_query *q, struct gx_case *rows,
				 size_t limit, size_t *n, bool *more);
/** {status: count} of an organisation's cases (malloc'ed JSON text into *out). */
enum gx_db_status gx_store_inbox_counts(struct gx_store_conn *conn, const char *org, char **out);

/** An entry of the organisation's internal log of a case (never shown to the person). */
enum gx_db_status gx_store_case_log_append(struct gx_store_conn *conn, long long submission_id, long long at_us,
					   const char *kind, const char *author, const char *detail_json, int *seq);
/** The log oldest first: [{seq, at_us, kind, author, detail}] (malloc'ed JSON text). */
enum gx_db_status gx_store_case_log(struct gx_store_conn *conn, long long submission_id, char **out);

/** An entry of a submission's timeline (what the person sees). */
struct gx_event {
	long long submission_id;
	long long at_us;
	const char *kind;          /* "status", "request", "answer", "decision", "consent_used", "consent_revoked" */
	const char *status;        /* the status after it */
	const char *message_json;  /* {fr, de, en} shown to the person, or NULL */
	const char *actor_json;    /* {kind, org?, role?}: never a name; NULL for the platform */
	const char *detail_json;   /* what the kind carries, or NULL */
};
/** Appends e; *seq (may be NULL) receives its number in the timeline. */
enum gx_db_status gx_store_event_append(struct gx_store_conn *conn, const struct gx_event *e, int *seq);

/** Puts an event on org's feed with the next number (commit order); *seq may be NULL. */
enum gx_db_status gx_store_org_event_append(struct gx_store_conn *conn, const char *org, long long at_us,
					    const char *kind, long long submission_id, const char *data_json,
					    long long *seq);
/** Up to limit events of org after seq after, oldest first: [{seq, at_us,
 *  kind, submission, data}] (malloc'ed JSON text); *last the highest seq given (after when none). */
enum gx_db_status gx_store_org_events(struct gx_store_conn *conn, const char *org, long long after, size_t limit,
				      char **out, long long *last);

/** A stored answer to a retried write. */
struct gx_idempotent {
	char request_hash[65];
	int status;
	char *body;   /* malloc'ed: free it */
};
/** The answer stored for (client, key): GX_DB_ONE_RESULT, or GX_DB_NO_RESULTS. */
enum gx_db_status gx_store_idempotent_get(struct gx_store_conn *conn, const char *client, const char *key,
					  struct gx_idempotent *out);
/** Stores it; GX_DB_CONFLICT when the key was taken meanwhile (nothing stored). */
enum gx_db_status gx_store_idempotent_put(struct gx_store_conn *conn, const char *client, const char *key,
					  const char *request_hash, int status, const char *body, long long at_us);

/** The person's answer to a procedure's reuse question. */
struct gx_reuse_consent {
	long long submission_id;
	char org[GX_CASE_TEXT_MAX];
	bool granted;
	char *registers_json;    /* [{source, attributes}]; malloc'ed on get */
	char *purpose_json;      /* {fr, de, en} */
	char *legal_basis_json;
	long long expires_at_us;
	long long revoked_at_us; /* 0: not revoked */
};
void gx_reuse_consent_clear(struct gx_reuse_consent *c);
enum gx_db_status gx_store_consent_put(struct gx_store_conn *conn, const struct gx_reuse_consent *c);
enum gx_db_status gx_store_consent_get(struct gx_store_conn *conn, long long submission_id,
				       struct gx_reuse_consent *out);
/** GX_DB_NO_RESULTS when it was not granted or already revoked. */
enum gx_db_status gx_store_consent_revoke(struct gx_store_conn *conn, long long submission_id, long long at_us);

/* --- organisations' agents ------------------------------------------------------- */

/** Makes the person with national_id an agent of org with role ("handler",
 *  "supervisor" or "admin"), or changes their role. */
enum gx_db_status gx_store_org_agent_set(struct gx_store_conn *conn, const char *org, const char *national_id,
					 const char *role, long long at_us);
/** GX_DB_NO_RESULTS when they were not an agent of org. */
enum gx_db_status gx_store_org_agent_remove(struct gx_store_conn *conn, const char *org, const char *national_id);
/** The role of the person in org ("handler", …); GX_DB_NO_RESULTS when they are not its agent. */
enum gx_db_status gx_store_agent_role(struct gx_store_conn *conn, const char *org, struct gx_person_id person,
				      char role[16]);
/** The role in org of the agent with national_id; GX_DB_NO_RESULTS when they are not its agent. */
enum gx_db_status gx_store_org_agent_of(struct gx_store_conn *conn, const char *org, const char *national_id,
					char role[16]);
/** org's agents as a JSON array text (malloc'ed into *out), by national id:
 *  [{national_id, role, given_name, family_name}] (names null before their first login). */
enum gx_db_status gx_store_org_agents_list(struct gx_store_conn *conn, const char *org, char **out);
/** The organisations the person is an agent of: [{org, role}] (malloc'ed into *out). */
enum gx_db_status gx_store_agent_orgs(struct gx_store_conn *conn, struct gx_person_id person, char **out);

/* --- organisations' machine clients --------------------------------------------- */

#define GX_STORE_CLIENT_ID_MAX 65       /* 64 bytes and the NUL */
#define GX_STORE_CLIENT_SCOPES_MAX 128  /* space-separated scope names */
#define GX_STORE_TOKEN_HASH_BYTES 32

/** An organisation's machine client (its case system) and its public key. */
struct gx_org_client {
	char client_id[GX_STORE_CLIENT_ID_MAX];
	char org[GX_STORE_CLIENT_ID_MAX];
	char *jwk;                  /* the public JWK text: add: borrowed; get: malloc'ed (gx_org_client_clear) */
	char alg[8];                /* "EdDSA" or "ES256" */
	char scopes[GX_STORE_CLIENT_SCOPES_MAX];  /* "submissions.read registers.read"; "" for none */
	long long created_at_us;
	long long revoked_at_us;    /* 0 while it may get tokens */
};
void gx_org_client_clear(struct gx_org_client *c);

/** Registers a client: GX_DB_ONE_RESULT, or GX_DB_CONFLICT when its id is taken (by any organisation). */
enum gx_db_status gx_store_org_client_add(struct gx_store_conn *conn, const struct gx_org_client *c);
/** The client with this id, revoked or not: GX_DB_ONE_RESULT or GX_DB_NO_RESULTS. */
enum gx_db_status gx_store_org_client_get(struct gx_store_conn *conn, const char *client_id, struct gx_org_client *out);
/** Revokes org's client and deletes its access tokens: GX_DB_ONE_RESULT, or
 *  GX_DB_NO_RESULTS when org has no such client or it was already revoked. */
enum gx_db_status gx_store_org_client_revoke(struct gx_store_conn *conn, const char *org, const char *client_id,
					     long long at_us);
/** org's clients as a JSON array text (malloc'ed into *out), by id:
 *  [{client_id, alg, scopes, created_at_us, revoked_at_us}] (scopes as
 *  stored, revoked_at_us null while active). */
enum gx_db_status gx_store_org_clients_list(struct gx_store_conn *conn, const char *org, char **out);

/** Records that the client's assertion jti was used, to keep until
 *  expires_at_us: GX_DB_ONE_RESULT, or GX_DB_CONFLICT when it was seen before. */
enum gx_db_status gx_store_client_assertion_record(struct gx_store_conn *conn, const char *client_id, const char *jti,
						   long long expires_at_us);

/** An access token, by the SHA-256 of its text. */
struct gx_client_token {
	unsigned char hash[GX_STORE_TOKEN_HASH_BYTES];
	char client_id[GX_STORE_CLIENT_ID_MAX];
	char org[GX_STORE_CLIENT_ID_MAX];
	char scopes[GX_STORE_CLIENT_SCOPES_MAX];
	long long issued_at_us;
	long long expires_at_us;
	bool revoked;               /* get: its client was revoked (or is gone) */
};

enum gx_db_status gx_store_client_token_insert(struct gx_store_conn *conn, const struct gx_client_token *t);
/** The token with this hash, expired or not: GX_DB_ONE_RESULT or GX_DB_NO_RESULTS. */
enum gx_db_status gx_store_client_token_get(struct gx_store_conn *conn, const unsigned char hash[GX_STORE_TOKEN_HASH_BYTES],
					    struct gx_client_token *out);
/** Deletes the assertion ids and the tokens that expired before now_us. */
enum gx_db_status gx_store_clients_purge(struct gx_store_conn *conn, long long now_us);

/* --- a register's records and access log (schema REGISTRY, registryd) -------- */

/** Inserts or replaces the record of (key_type, key); data_json is a JSON object
 *  (attribute name -> value), as_of YYYY-MM-DD. GX_DB_ONE_RESULT on success. */
enum gx_db_status gx_store_registry_put(struct gx_store_conn *conn, const char *key_type, const char *key,
					const char *data_json, const char *as_of, long long version);

struct gx_registry_record {
	char *data_json;   /* malloc'ed, caller frees */
	char as_of[11];    /* YYYY-MM-DD */
	long long version;
};

/** Reads the record of (key_type, key): GX_DB_ONE_RESULT (out filled, out->data_json to free),
 *  GX_DB_NO_RESULTS (out->data_json NULL) or an error. */
enum gx_db_status gx_store_registry_get(struct gx_store_conn *conn, const char *key_type, const char *key,
					struct gx_registry_record *out);

/** One lookup of one subject, as the register logs it: attribute names, never values. */
struct gx_registry_access {
	long long at_us;               /* microseconds since the epoch */
	const char *client;            /* the client key's name */
	const char *organisation;
	const char *on_behalf_of;      /* may be NULL */
	const char *subject_type;
	const char *subject;
	const char *attributes_json;   /* JSON array of attribute names */
	const char *procedure;         /* may be NULL */
	const char *legal_basis;       /* may be NULL */
	const char *request_id;
};

/** Inserts a (inside the caller's transaction if one is open): GX_DB_ONE_RESULT on success. */
enum gx_db_status gx_store_registry_access_append(struct gx_store_conn *conn, const struct gx_registry_access *a);
/** A subject's reads, newest first: up to limit rows (the platform's view
 *  of the register's half of the double entry) as a JSON array text
 *  (malloc'ed into *out): [{at_us, client, organisation, on_behalf_of,
 *  attributes, procedure, legal_basis, request_id}]; *more says whether
 *  there were more. */
enum gx_db_status gx_store_registry_access_of(struct gx_store_conn *conn, const char *subject_type,
					      const char *subject, size_t limit, char **out, bool *more);
/** Counts the register's access log rows into *out. */
enum gx_db_status gx_store_registry_access_count(struct gx_store_conn *conn, long long *out);
/** Counts the register's records into *out (guichetctl seed refuses a register that has some). */
enum gx_db_status gx_store_registry_records_count(struct gx_store_conn *conn, long long *out);

#endif
