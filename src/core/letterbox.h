#ifndef GX_CORE_LETTERBOX_H
#define GX_CORE_LETTERBOX_H

/**
 * The digital letter box: organisations deliver official documents (PDF)
 * to a person's space, by national id; the person chooses per document
 * type to receive them electronically, reads them (the first opening is the
 * organisation's read receipt), confirms receipt where asked, archives
 * them. Each delivery writes, in the same transaction, the notifications
 * of the outbox (outbox.h): the new document, a reminder while it is
 * unread, one before its due date. Documents are immutable; retention
 * purges them (lb_purge.h) and leaves tombstones. See docs/letterbox.md.
 *
 * Titles and documents are personal data: never logged.
 */

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/cases.h"
#include "core/ctx.h"
#include "store/letterbox.h"

/** Set once at start (from letterbox.* settings). */
struct gx_lb_settings {
	size_t max_bytes;             /* the largest document (default 10 MiB) */
	unsigned due_reminder_days;   /* a reminder this many days before a due date; 0: none */
};
extern struct gx_lb_settings gx_lb_settings;

/** A document to deliver. Strings and bytes are borrowed until done. */
struct gx_lb_delivery {
	const char *national_id;       /* the recipient; or NULL with space_id (the platform's own deliveries) */
	long long space_id;
	const char *org;
	const char *doc_type;
	const char *title;             /* 1 to 200 bytes */
	const char *notice_title;      /* 1 to 160 bytes, no line break: what a notification may say */
	const char *file_name;         /* may be NULL: "document.pdf" */
	const void *bytes;
	size_t len;
	const char *due_date;          /* YYYY-MM-DD or NULL */
	bool confirmation_required;
	long long submission_id;       /* 0: none; else a submission of the recipient to org */
	const char *sender;            /* the client's id, or "platform" */
	bool quiet;                    /* gx_lb_deliver_in: no "document" notification (the caller tells of it) */
	const char *sha256;            /* gx_lb_deliver: the bytes' hex SHA-256 when already known, or NULL */
};

/** How a delivery ended, for its one completion. */
struct gx_lb_delivered {
	/* OK; INVALID (field and why; too_large: over the size cap, 413;
	 * unsupported_type: not a PDF, 415); CONFLICT (not_opted_in: the person
	 * did not choose this type electronically, or has no letter box — post
	 * it on paper; key_reused: the idempotency key was used for another
	 * request); UNAVAILABLE; FAULT. Nothing is stored unless OK. */
	enum gx_core_status status;
	const char *field, *why;
	bool too_large, unsupported_type, not_opted_in, key_reused;
	bool replayed;                 /* OK: the first answer under this idempotency key */
	int http_status;               /* OK: 201 */
	const char *body;              /* OK: the document's JSON (gx_lb_document_json) */
	long long id;                  /* OK and not replayed: the document */
};
typedef void (*gx_lb_delivered_fn)(void *arg, const struct gx_lb_delivered *r);

/** Checks and delivers d, once per idempotency key (idem may be NULL):
 *  the document, its notifications and the key's answer in one durable
 *  write. A decision (type "decision") must name the person's submission
 *  to org and is delivered without their opt-in. */
void gx_lb_deliver(const struct gx_core_ctx *c, const struct gx_lb_delivery *d, const struct gx_idempotency *idem,
		   gx_lb_delivered_fn done, void *arg);

/** Inside a durable write (the back office's decisions, the automatic
 *  certificates): stores d (checked by the caller: a PDF of a known type,
 *  its folded title and SHA-256 computed before the write) for person_id's
 *  space d->space_id, with its notifications; *id receives it. */
enum gx_db_status gx_lb_deliver_in(struct gx_store_conn *w, const struct gx_lb_delivery *d,
				   const struct gx_lb_type *type, long long person_id, long long at_us,
				   const char *title_folded, const char *sha256, long long *id);

/** The document as its sender sees it: {id, type, title, notification_title,
 *  file_name, content_type, size, sha256, delivered_at_us, due_date,
 *  confirmation_required, submission, status (delivered, read, confirmed),
 *  read_at_us, confirmed_at_us}. New reference. */
json_t *gx_lb_document_json(const struct gx_lb_document *d);

/** The sender's view of document id if it is org's: the document, or what
 *  is left of it (status "purged", with its hash and dates). NULL with
 *  *st NO_RESULTS when there is none, or an error. */
json_t *gx_lb_org_document(struct gx_store_conn *db, const char *org, long long id, enum gx_db_status *st);

/* --- the person's side ---------------------------------------------------------------- */

/** A document of space: GX_DB_ONE_RESULT, or GX_DB_NO_RESULTS (none, or another space's). */
enum gx_db_status gx_lb_read(struct gx_store_conn *db, struct gx_space_id space, long long id,
			     struct gx_lb_document *out);

/** What a letter box page asks for; q is what the person typed (folded here). */
struct gx_lb_filter {
	const char *org, *doc_type, *q;
	int unread;                   /* -1 any, 1 unread, 0 read */
	bool archived;
	long long page;               /* from 1 */
};
/** A page of the letter box (limit documents at most) into rows, *n, *more. */
enum gx_db_status gx_lb_list(struct gx_store_conn *db, struct gx_space_id space, const struct gx_lb_filter *f,
			     struct gx_lb_document *rows, size_t limit, size_t *n, bool *more);
enum gx_db_status gx_lb_unread(struct gx_store_conn *db, struct gx_space_id space, long long *n);

/** The outcome of a person's action on a document. */
struct gx_lb_done {
	enum gx_core_status status;   /* OK, NOT_FOUND, INVALID (why), UNAVAILABLE, FAULT */
	const char *why;
	const struct gx_lb_document *doc;  /* OK: the document as it now is */
	const void *bytes;            /* gx_lb_open: the file */
	size_t len;
};
typedef void (*gx_lb_done_fn)(void *arg, const struct gx_lb_done *r);

/** Opens (downloads) document id of space: the first opening is recorded
 *  and put on the sender's event feed (letterbox.read) before the bytes
 *  are handed over. */
void gx_lb_open(const struct gx_core_ctx *c, struct gx_space_id space, long long id, gx_lb_done_fn done, void *arg);
/** Confirms receipt (only where the sender asked for it): recorded once,
 *  and put on the sender's feed (letterbox.confirmed). */
void gx_lb_confirm(const struct gx_core_ctx *c, struct gx_space_id space, long long id, gx_lb_done_fn done, void *arg);
/** Moves the document to the archive, or back. */
void gx_lb_archive(const struct gx_core_ctx *c, struct gx_space_id space, long long id, bool archived,
		   gx_lb_done_fn done, void *arg);

/** The space's choices: for every declared type (by organisation, in the
 *  file's order): [{org, type, titles: {fr, de, en}, electronic}]. New reference. */
json_t *gx_lb_optins_view(struct gx_store_conn *db, const struct gx_domain *domain, struct gx_space_id space);
/** A choice: receive org's doc_type electronically (on) or on paper. */
struct gx_lb_choice {
	const char *org, *doc_type;
	bool on;
};
/** Stores n choices in one write. INVALID (nothing stored) when one names
 *  a type that is not declared (or "decision"). */
void gx_lb_optins_save(const struct gx_core_ctx *c, struct gx_space_id space, const struct gx_lb_choice *choices,
		       size_t n, gx_lb_done_fn done, void *arg);

/** A due date: YYYY-MM-DD of a real day. */
bool gx_lb_date_ok(const char *s);

#endif
