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
struct gx_registry_evidence {
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
						      const struct gx_registry_evidence *files, size_t n, long long *id);

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
						 struct gx_registry_evidence *out);

#endif
