#ifndef GX_STORE_LETTERBOX_H
#define GX_STORE_LETTERBOX_H

/**
 * The store's letter box (issue 13): documents delivered to a space, the
 * opt-in per document type, the receipts, tombstones of purged documents;
 * the mail outbox, e-mail verification records and issued certificates.
 * The same interface as store.h (statuses, connections, transactions),
 * kept apart so that the letter box is one concern of the store: each
 * backend implements struct gx_store_lb_ops (letterbox_int.h). Migrations
 * 0016_letterbox and 0017_outbox. See docs/letterbox.md.
 */

#include <stdbool.h>
#include <stddef.h>

#include "store/store.h"

#define GX_LB_TEXT_MAX 65           /* ids: organisations, types, clients */
#define GX_LB_TITLE_MAX 200         /* bytes of a document's title */
#define GX_LB_NOTICE_MAX 160        /* bytes of its non-sensitive notification title */
#define GX_LB_FILE_NAME_MAX 256
#define GX_LB_SEARCH_WORDS 4        /* words of a search, each in the title */

/** A delivered document (its metadata; the bytes are apart). */
struct gx_lb_document {
	long long id;
	long long space_id;
	char org[GX_LB_TEXT_MAX];
	char doc_type[GX_LB_TEXT_MAX];
	char title[GX_LB_TITLE_MAX + 1];
	char notice_title[GX_LB_NOTICE_MAX + 1];
	char file_name[GX_LB_FILE_NAME_MAX];
	char content_type[32];
	long long size;
	char sha256[65];
	char due_date[11];              /* YYYY-MM-DD, "" for none */
	bool confirmation_required;
	long long submission_id;        /* 0: none */
	char sender[GX_LB_TEXT_MAX];
	long long delivered_at_us, expires_at_us;
	long long read_at_us;           /* 0: not opened yet */
	long long confirmed_at_us;      /* 0: not confirmed */
	bool archived;
	/* insert only (borrowed): */
	const char *title_folded;
	const void *data;
};

/** The person with this national id and their private space: GX_DB_ONE_RESULT,
 *  or GX_DB_NO_RESULTS when they never logged in (no letter box yet). */
enum gx_db_status gx_store_lb_recipient(struct gx_store_conn *conn, const char *national_id, long long *person_id,
					long long *space_id);
/** The person owning space (its owner): GX_DB_ONE_RESULT or GX_DB_NO_RESULTS. */
enum gx_db_status gx_store_lb_space_person(struct gx_store_conn *conn, long long space_id, long long *person_id);

/** GX_DB_ONE_RESULT when the space opted in to org's doc_type, else GX_DB_NO_RESULTS. */
enum gx_db_status gx_store_lb_optin_get(struct gx_store_conn *conn, long long space_id, const char *org,
					const char *doc_type);
/** Opts the space in (on) or out of org's doc_type; idempotent. */
enum gx_db_status gx_store_lb_optin_set(struct gx_store_conn *conn, long long space_id, const char *org,
					const char *doc_type, bool on, long long at_us);
/** The space's opt-ins as a JSON array text (malloc'ed): [{org, type, at_us}], by org and type. */
enum gx_db_status gx_store_lb_optins(struct gx_store_conn *conn, long long space_id, char **out);

/** Stores document d with its bytes (d->data, d->size); d->id receives its id. */
enum gx_db_status gx_store_lb_insert(struct gx_store_conn *conn, struct gx_lb_document *d);
/** The document's metadata: GX_DB_ONE_RESULT or GX_DB_NO_RESULTS. */
enum gx_db_status gx_store_lb_get(struct gx_store_conn *conn, long long id, struct gx_lb_document *out);
/** The document's bytes (malloc'ed into *data, free it). */
enum gx_db_status gx_store_lb_content(struct gx_store_conn *conn, long long id, void **data, size_t *len);
/** Records the first opening: GX_DB_ONE_RESULT when this was it, GX_DB_NO_RESULTS when it was opened before. */
enum gx_db_status gx_store_lb_mark_read(struct gx_store_conn *conn, long long id, long long at_us);
/** Records the confirmation: GX_DB_ONE_RESULT when new, GX_DB_NO_RESULTS when confirmed before. */
enum gx_db_status gx_store_lb_confirm(struct gx_store_conn *conn, long long id, long long at_us);
/** Moves the document to the archive (or back): GX_DB_NO_RESULTS when it is gone. */
enum gx_db_status gx_store_lb_archive(struct gx_store_conn *conn, long long id, bool archived);

/** A page of a letter box: unread first, then newest first. */
struct gx_lb_query {
	long long space_id;
	const char *org;            /* NULL: any */
	const char *doc_type;       /* NULL: any */
	int unread;                 /* -1: any; 1: unread only; 0: read only */
	bool archived;              /* the archive, or the letter box */
	const char *words[GX_LB_SEARCH_WORDS];  /* folded words the folded title must each contain (NULL: none) */
	long long offset;
};
/** Up to limit documents into rows[] (their number into *n); *more says
 *  whether more match after them. */
enum gx_db_status gx_store_lb_list(struct gx_store_conn *conn, const struct gx_lb_query *q,
				   struct gx_lb_document *rows, size_t limit, size_t *n, bool *more);
/** How many documents of the space are unread (archive excluded). */
enum gx_db_status gx_store_lb_unread_count(struct gx_store_conn *conn, long long space_id, long long *n);

/** What is left of a purged document. */
struct gx_lb_tombstone {
	long long id, space_id;
	char org[GX_LB_TEXT_MAX];
	char doc_type[GX_LB_TEXT_MAX];
	char sha256[65];
	long long delivered_at_us, read_at_us, confirmed_at_us, purged_at_us;
};
enum gx_db_status gx_store_lb_tombstone_get(struct gx_store_conn *conn, long long id, struct gx_lb_tombstone *out);
/** Purges up to limit documents whose retention ended before now_us: each
 *  becomes a tombstone, its bytes and row deleted. *purged: how many. */
enum gx_db_status gx_store_lb_purge(struct gx_store_conn *conn, long long now_us, size_t limit, size_t *purged);

/* --- the mail outbox ---------------------------------------------------------------- */

/** One notification to send, named by its cause. */
struct gx_outbox_entry {
	long long person_id;
	const char *kind;            /* "document", "reminder", "due", "request", "decision" */
	const char *org;
	long long document_id;       /* 0 unless document, reminder, due */
	long long submission_id;     /* 0 unless request, decision */
	int event_seq;               /* 0 unless request, decision */
	long long created_at_us, due_at_us;
	long long space_id;          /* the space person_id acts for (a representative); 0: their own */
};
/** Queues e; GX_DB_NO_RESULTS when the same cause and kind is already
 *  queued for the same person (kept once). */
enum gx_db_status gx_store_outbox_add(struct gx_store_conn *conn, const struct gx_outbox_entry *e);

/** A due notification, with what the sender needs to write it (read at send time). */
struct gx_outbox_due {
	long long id;
	unsigned attempts;
	long long created_at_us;
	char kind[16];
	char org[GX_LB_TEXT_MAX];
	long long document_id;
	char address[256];           /* the person's verified address; "" when they have none */
	char lang[4];                /* their preferred language; "" when they declared none */
	char notice_title[GX_LB_NOTICE_MAX + 1];  /* the document's; "" when none or gone */
	char due_date[11];
	bool document_gone;          /* a document kind whose document was purged */
	bool document_read;          /* the document was opened */
	long long person_id;         /* to whom */
	long long space_id;          /* the space they act for (a representative); 0: their own */
	long long submission_id;     /* request, decision: the submission; else 0 */
	bool cut_off;                /* an earlier attempt took it and never ended (its sender stopped between
				      * taking it and recording the outcome): it may have been delivered */
};
/** Inside a write transaction: takes the oldest notification due at now_us
 *  that no sender holds, and holds it until lease_until_us. The hold, once
 *  committed, is the durable record that an attempt started: only an
 *  outcome (finish, retry) lets it go, so a row found still held from an
 *  earlier take is an attempt cut off (out->cut_off).
 *  GX_DB_ONE_RESULT with *out, or GX_DB_NO_RESULTS when none is due. */
enum gx_db_status gx_store_outbox_take(struct gx_store_conn *conn, long long now_us, long long lease_until_us,
				       struct gx_outbox_due *out);
/** Ends notification id: state "sent", "failed" (smtp_code) or "skipped". */
enum gx_db_status gx_store_outbox_finish(struct gx_store_conn *conn, long long id, const char *state,
					 unsigned smtp_code, long long at_us);
/** One more attempt made; due again at due_at_us, no longer held. */
enum gx_db_status gx_store_outbox_retry(struct gx_store_conn *conn, long long id, long long due_at_us);
/** The outbox rows of a document or of a submission (document_id or
 *  submission_id, the other 0), as a JSON array text (malloc'ed): [{id, kind,
 *  state, attempts, due_at_us}], by id. For tests and operators. */
enum gx_db_status gx_store_outbox_of(struct gx_store_conn *conn, long long document_id, long long submission_id,
				     char **out);

/* --- e-mail verification ------------------------------------------------------------ */

#define GX_EMAIL_SALT_BYTES 16
#define GX_EMAIL_HASH_BYTES 32

/** The record of the code last mailed to a person (mail/code.h's, stored). */
struct gx_email_code_row {
	long long person_id;
	char address[256];
	unsigned char salt[GX_EMAIL_SALT_BYTES];
	unsigned char hash[GX_EMAIL_HASH_BYTES];
	long long issued_us, expires_us;
	unsigned attempts;
	bool used;
	long long day_start_us;
	unsigned day_count;
	long long verified_at_us;    /* 0: address not verified */
};
enum gx_db_status gx_store_email_code_get(struct gx_store_conn *conn, long long person_id,
					  struct gx_email_code_row *out);
enum gx_db_status gx_store_email_code_put(struct gx_store_conn *conn, const struct gx_email_code_row *row);

/* --- issued certificates ------------------------------------------------------------ */

struct gx_cert_row {
	char code[20];               /* canonical: XXXX-XXXX-XXXX-XXXX */
	char *statement;             /* put: borrowed; get: malloc'ed (free it) */
	char signature[100];
	long long submission_id, space_id, document_id, issued_at_us;
};
enum gx_db_status gx_store_cert_put(struct gx_store_conn *conn, const struct gx_cert_row *row);
enum gx_db_status gx_store_cert_get(struct gx_store_conn *conn, const char *code, struct gx_cert_row *out);

#endif
