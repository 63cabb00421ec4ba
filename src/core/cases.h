#ifndef GX_CORE_CASES_H
#define GX_CORE_CASES_H

/**
 * Cases: an organisation's work on the submissions of its procedures. An
 * agent (in the back office's pages) or the organisation's case system (a
 * machine client) reads its inbox and a case, assigns it, keeps internal
 * notes, moves it through its procedure's statuses (a final one with a
 * decision), and asks the person for more information; the person answers.
 *
 * Every change is made at the revision the actor read (else CONFLICT:
 * someone else moved the case; nothing changed), is an entry of the
 * submission's timeline that the person sees (with the organisation and the
 * actor's function, never a name), and may carry an idempotency key that
 * makes a retried write give the first answer without a second effect.
 */

#include <jansson.h>
#include <stdbool.h>

#include "core/ctx.h"

/** Who acts for an organisation. */
struct gx_org_actor {
	const char *org;
	const char *agent;      /* an agent's national id; NULL for a client */
	const char *client;     /* a machine client's id; NULL for an agent */
	const char *role;       /* "handler", "supervisor", "admin", or "client": the function the person is shown */
	bool supervisor;        /* may assign cases to other agents */
};

/** An idempotency key of a machine client's write: the same key and request
 *  give the first answer again, without a second effect; another request
 *  with the key is refused. */
struct gx_idempotency {
	const char *client;
	const char *key;
	char request_hash[65];  /* hex SHA-256 of what identifies the request (method, path, body) */
};

/** Reads the case of submission id if it is org's: GX_DB_ONE_RESULT,
 *  GX_DB_NO_RESULTS (none, or another organisation's) or an error. */
enum gx_db_status gx_case_read(struct gx_store_conn *db, const char *org, long long id, struct gx_case *out);

/** The submission of case id (read after gx_case_read said it is the
 *  organisation's): GX_DB_ONE_RESULT (clear it), or an error. */
enum gx_db_status gx_case_submission(struct gx_store_conn *db, long long id, struct gx_submission *out);

/** The organisation's internal log of case id, oldest first: [{seq, at_us,
 *  kind, author, detail}] (new reference; NULL on a store error). */
json_t *gx_case_log_list(struct gx_store_conn *db, long long id);

/** The person's reuse consent of submission id: GX_DB_ONE_RESULT (clear it
 *  with gx_reuse_consent_clear), GX_DB_NO_RESULTS when the procedure asked
 *  none, or an error. */
enum gx_db_status gx_case_consent(struct gx_store_conn *db, long long id, struct gx_reuse_consent *out);

/** What changing a case ended with, for its one completion. */
struct gx_case_changed {
	/* OK; NOT_FOUND; INVALID (why says what: a transition the procedure
	 * does not allow, a final status without a decision, an assignee who is
	 * not an agent, a request while one is open …); CONFLICT (the case is no
	 * longer at the revision read, or an idempotency key reused with another
	 * request: key_reused); UNAVAILABLE; FAULT */
	enum gx_core_status status;
	const char *why;          /* INVALID: a constant English sentence naming the fault */
	const char *field;        /* INVALID: the member at fault ("status", "assignee", …), or NULL */
	bool key_reused;          /* CONFLICT because of the idempotency key */
	bool replayed;            /* OK: the answer of an earlier request with the same key */
	int http_status;          /* OK: 200 or 201 as first answered */
	const char *body;         /* OK: the answer's JSON text (the same for a replay) */
	const struct gx_case *kase;  /* OK and not replayed: the case after the change */
};
typedef void (*gx_case_changed_fn)(void *arg, const struct gx_case_changed *r);

/** A change asked of a case. */
struct gx_case_order {
	long long submission_id;
	long long revision;              /* the revision read; 0: do not check (notes) */
	const struct gx_idempotency *idem;  /* may be NULL */
};

/** Assigns the case to the agent with national id assignee (NULL:
 *  unassigns). A handler may take a case for themselves (or give up their
 *  own); a supervisor may assign it to any agent of the organisation. */
void gx_case_assign(const struct gx_core_ctx *c, const struct gx_org_actor *who, const struct gx_case_order *o,
		    const char *assignee, gx_case_changed_fn done, void *arg);

/** Adds an internal note (never shown to the person). */
void gx_case_note(const struct gx_core_ctx *c, const struct gx_org_actor *who, const struct gx_case_order *o,
		  const char *text, gx_case_changed_fn done, void *arg);

/** A decision that ends a case: a text, and optionally a PDF. */
struct gx_case_decision {
	const char *text;
	const char *pdf;          /* bytes, or NULL */
	size_t pdf_len;
	const char *pdf_name;
};

/** Moves the case to status to, if its procedure allows it from the
 *  current one. message_json ({fr, de, en}, or NULL) is shown to the person;
 *  a final status needs decision (its text is shown to the person, its PDF
 *  is downloadable by the space's members). */
void gx_case_move(const struct gx_core_ctx *c, const struct gx_org_actor *who, const struct gx_case_order *o,
		  const char *to, const char *message_json, const struct gx_case_decision *decision, gx_case_changed_fn done,
		  void *arg);

/** Asks the person a question (text), optionally for files (files_wanted
 *  > 0): the case becomes the person's turn until they answer. Not on a
 *  final case, nor while another request is open. */
void gx_case_request(const struct gx_core_ctx *c, const struct gx_org_actor *who, const struct gx_case_order *o,
		     const char *question, int files_wanted, gx_case_changed_fn done, void *arg);

/** A file of a person's answer. */
struct gx_answer_file {
	const char *name;
	size_t name_len;
	const char *bytes;
	size_t len;
};

/** The person (c->person, a member of space) answers the open request
 *  request_seq of their submission with text and files: stored with a
 *  signed receipt, the case back to the organisation's turn, the
 *  organisation told on its event feed. INVALID for no text and no file,
 *  fewer files than asked, a file that is not a PDF, PNG or JPEG, or more
 *  than 10 MiB; NOT_FOUND when the request is not the open one. */
void gx_case_answer(const struct gx_core_ctx *c, struct gx_space_id space, struct gx_submission_id id, int request_seq,
		    const char *text, const struct gx_answer_file *files, size_t nfiles, gx_case_changed_fn done,
		    void *arg);

/** The person revokes the organisation's reuse of their register data for
 *  submission id (of space): no fetch is allowed from then on; the
 *  organisation is told on its event feed. NOT_FOUND when there is no
 *  consent given and not yet revoked. */
void gx_case_consent_revoke(const struct gx_core_ctx *c, struct gx_space_id space, struct gx_submission_id id,
			    gx_case_changed_fn done, void *arg);

/** The status of a timeline's actor for the person: {"kind", "org", "role"}
 *  as JSON text (malloc'ed). */
char *gx_org_actor_json(const struct gx_org_actor *who);

#endif
