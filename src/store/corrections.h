#ifndef GX_STORE_CORRECTIONS_H
#define GX_STORE_CORRECTIONS_H

/**
 * Corrections in the store: a register's queue of correction requests
 * (schema REGISTRY, registryd) and a person's requests as the platform
 * keeps them (schema PLATFORM, guichetd). Rows are read back as JSON text
 * (malloc'ed; the caller frees), written alike by both backends. Values
 * are personal data: never logged. See docs/store.md and
 * docs/source-protocol.md.
 */

#include <stdbool.h>
#include <stddef.h>

#include "store/store.h"

/* --- a register's queue (schema REGISTRY) ------------------------------------------ */

/** A request as the register files it. Strings are borrowed. */
struct gx_registry_correction_new {
	const char *client;          /* the client key's name */
	const char *request_id;      /* the client's id: unique per client */
	const char *request_hash;    /* SHA-256 of the body, 64 hex */
	const char *subject_type;
	const char *subject;
	const char *attribute;
	const char *request_json;    /* the filing without the evidence's bytes (a JSON object) */
	long long received_at_us;
	const char *due;             /* YYYY-MM-DD */
};

/** One file of a request. put: strings and data borrowed; get: data malloc'ed (free it). */
struct gx_store_evidence {
	int seq;                     /* 1, 2, … in the order filed */
	char name[256];
	char content_type[32];
	long long size;
	char sha256[65];
	void *data;
};

/** Files c with its n files: *id its number. GX_DB_CONFLICT, having stored
 *  nothing, when the client already filed this request id. */
enum gx_db_status gx_store_registry_correction_insert(struct gx_store_conn *conn,
						      const struct gx_registry_correction_new *c,
						      const struct gx_store_evidence *files, size_t n, long long *id);

/** The request id as a JSON object text into *out: {id, client, request_id,
 *  request_hash, subject_type, subject, attribute, status, received_at_us,
 *  due, decided_at_us, request, decision} (request and decision as JSON,
 *  decided_at_us and decision null while undecided). client: only that
 *  client's (NULL: any). GX_DB_NO_RESULTS when none. */
enum gx_db_status gx_store_registry_correction_get(struct gx_store_conn *conn, long long id, const char *client,
						   char **out);
/** The same, by the client's request id. */
enum gx_db_status gx_store_registry_correction_by_request(struct gx_store_conn *conn, const char *client,
							  const char *request_id, char **out);

/** Up to limit requests, oldest first, as a JSON array text into *out:
 *  [{id, client, subject_type, subject, attribute, status, received_at_us,
 *  due, decided_at_us}]. which: "open" (open or in review), "decided" or
 *  "all". */
enum gx_db_status gx_store_registry_corrections_list(struct gx_store_conn *conn, const char *which, size_t limit,
						     char **out);

/** Moves request id to status ("in_review", "accepted", "rejected",
 *  "rerouted", "withdrawn") with its decision (JSON text; NULL for
 *  in_review) at at_us. Only an undecided request moves, and only an open
 *  one to in_review: GX_DB_NO_RESULTS otherwise (nothing changed). */
enum gx_db_status gx_store_registry_correction_set_status(struct gx_store_conn *conn, long long id,
							  const char *status, const char *decision_json,
							  long long at_us);

/** Puts an event of request id on its client's feed with the client's next
 *  number (commit order): kind is the new status, data_json what the client
 *  reads of it. *seq (may be NULL) receives the number. */
enum gx_db_status gx_store_registry_correction_feed_append(struct gx_store_conn *conn, const char *client,
							   long long id, long long at_us, const char *kind,
							   const char *data_json, long long *seq);

/** Up to limit events of client's feed after number after, oldest first, as
 *  a JSON array text into *out: [{seq, at_us, kind, data, id, request_id,
 *  subject_type, subject, attribute}]; *last the highest number given
 *  (after when none). */
enum gx_db_status gx_store_registry_correction_feed(struct gx_store_conn *conn, const char *client, long long after,
						    size_t limit, char **out, long long *last);

/** File seq of request id, with its bytes (out->data to free). */
enum gx_db_status gx_store_registry_evidence_get(struct gx_store_conn *conn, long long id, int seq,
						 struct gx_store_evidence *out);

/* --- a person's requests (schema PLATFORM) --------------------------------------------- */

/** A request as the platform keeps it. Strings are borrowed. */
struct gx_correction_new {
	long long person_id;
	const char *client_key;      /* the person's idempotency key */
	const char *request_hash;    /* SHA-256 of what was asked, 64 hex */
	const char *request_id;      /* "cor_" + 32 hex: what the register knows it by */
	const char *reference;       /* 2026-GX-000123 */
	const char *register_name, *attribute;
	const char *current_value;   /* NULL: there was none */
	long long current_version;
	const char *proposed, *explanation;
	const char *receipt_json, *signature;
	long long at_us;
};

/** Stores c with its n files (status pending, to be sent) and its first
 *  event, "filed"; *id its number. GX_DB_CONFLICT, having stored nothing,
 *  when the person already used client_key. */
enum gx_db_status gx_store_correction_insert(struct gx_store_conn *conn, const struct gx_correction_new *c,
					     const struct gx_store_evidence *files, size_t n, long long *id);

/** Request id of person_id (0: of anyone) as a JSON object text into *out:
 *  {id, person_id, client_key, request_hash, request_id, reference,
 *  register, attribute, current_value, current_version, proposed,
 *  explanation, receipt, signature, status, register_id, due, decision,
 *  outbox, attempts, next_attempt_at_us, created_at_us, updated_at_us}
 *  (receipt and decision as JSON; decision null while undecided). */
enum gx_db_status gx_store_correction_get(struct gx_store_conn *conn, long long person_id, long long id, char **out);
/** The same, by the person's idempotency key. */
enum gx_db_status gx_store_correction_by_key(struct gx_store_conn *conn, long long person_id, const char *client_key,
					     char **out);
/** The same, by the id the register knows it by. */
enum gx_db_status gx_store_correction_by_request(struct gx_store_conn *conn, const char *request_id, char **out);

/** Up to limit of the person's requests, newest first, as a JSON array text:
 *  [{id, reference, register, attribute, status, due, decision, created_at_us, updated_at_us}]. */
enum gx_db_status gx_store_corrections_of(struct gx_store_conn *conn, long long person_id, size_t limit, char **out);

/** Up to limit requests the register is still to be told of (filed, or
 *  withdrawn) whose next attempt is due at now_us, soonest first:
 *  [{id, outbox, attempts}]. */
enum gx_db_status gx_store_corrections_outbox(struct gx_store_conn *conn, long long now_us, size_t limit, char **out);

/** The request's timeline, oldest first: [{seq, at_us, kind, detail}]. */
enum gx_db_status gx_store_correction_events(struct gx_store_conn *conn, long long id, char **out);
/** Appends an event (kind: sent, in_review, accepted, rejected, rerouted,
 *  withdrawn; detail JSON or NULL; notify: the person is to be told); *seq
 *  (may be NULL) its number. */
enum gx_db_status gx_store_correction_event_append(struct gx_store_conn *conn, long long id, long long at_us,
						   const char *kind, const char *detail_json, bool notify, int *seq);

/** The request's files: [{seq, name, content_type, size, sha256}]. */
enum gx_db_status gx_store_correction_evidence_list(struct gx_store_conn *conn, long long id, char **out);
/** File seq of request id with its bytes (out->data to free). */
enum gx_db_status gx_store_correction_evidence_get(struct gx_store_conn *conn, long long id, int seq,
						   struct gx_store_evidence *out);

/** How a request moves; each applies only where it makes sense, else GX_DB_NO_RESULTS (nothing changed). */
enum gx_correction_change_kind {
	GX_CC_CLAIM,          /* the platform is about to tell the register: attempts + 1, next attempt at
				       * next_at_us; only when due at at_us (another instance may have claimed it) */
	GX_CC_SENT,           /* the register took it: register_id, due; pending becomes open; a request
				       * withdrawn meanwhile is now to be withdrawn there */
	GX_CC_WITHDRAW,       /* the person withdraws it while undecided (of person_id): the register is
				       * to be told unless it was never sent */
	GX_CC_WITHDRAW_SENT,  /* the register was told of the withdrawal (or had decided already) */
	GX_CC_DECIDED,        /* the register's move (status, decision): in_review only from pending or
				       * open; a final one unless one came already */
};
struct gx_correction_change {
	enum gx_correction_change_kind kind;
	long long id;
	long long person_id;          /* WITHDRAW */
	long long register_id;        /* SENT */
	const char *due;              /* SENT */
	const char *status;           /* DECIDED */
	const char *decision_json;    /* DECIDED: NULL keeps it */
	long long next_at_us;         /* CLAIM */
	long long at_us;
};
enum gx_db_status gx_store_correction_change(struct gx_store_conn *conn, const struct gx_correction_change *ch);

/** Where the platform is in a register's feed of decisions (0 before the first). */
enum gx_db_status gx_store_correction_feed_get(struct gx_store_conn *conn, const char *register_name, long long *last);
enum gx_db_status gx_store_correction_feed_set(struct gx_store_conn *conn, const char *register_name, long long last);

#endif
