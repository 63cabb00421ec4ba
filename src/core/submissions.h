#ifndef GX_CORE_SUBMISSIONS_H
#define GX_CORE_SUBMISSIONS_H

/** Submissions: a draft checked on the server against its procedure's
 *  definition and, when every answer holds, stored immutably in one
 *  transaction with the year's next reference and a signed receipt, its
 *  files handed over and the draft gone. Read back with their timeline. */

#include <jansson.h>

#include "core/ctx.h"

/** How a submit ended, for its one completion. */
struct gx_submitted {
	/* OK; NOT_FOUND (no such draft in the space); INVALID (errors: every
	 * fault at once, each {field, code, message}); CONFLICT (errors NULL:
	 * the draft was submitted meanwhile; errors [{field, code:
	 * "files_changed"}]: a file the answers name left the draft meanwhile,
	 * field its file field's pointer, "" when none names it; nothing was
	 * stored and the draft is kept); UNAVAILABLE; FAULT */
	enum gx_core_status status;
	const json_t *errors;                /* borrowed for the call */
	struct gx_submission_id id;
	const struct gx_submission *submission;  /* OK: what was stored, receipt and signature included */
};
typedef void (*gx_submitted_fn)(void *arg, const struct gx_submitted *s);

/** Checks draft (of space) with the messages in lang ("fr", "de", "en")
 *  and submits it; done runs exactly once. */
void gx_submission_submit(const struct gx_core_ctx *c, struct gx_space_id space, struct gx_draft_id draft,
			  const char *lang, gx_submitted_fn done, void *arg);

/** Reads submission id if it lives in space: GX_DB_ONE_RESULT (clear out
 *  with gx_submission_clear), GX_DB_NO_RESULTS or an error. */
enum gx_db_status gx_submission_read(const struct gx_core_ctx *c, struct gx_space_id space, struct gx_submission_id id,
				     struct gx_submission *out);

/** The timeline of submission id, oldest first: [{at_us, status, message}]
 *  (message: a JSON text of {fr, de, en} or null). New reference; NULL on
 *  a store error. */
json_t *gx_submission_timeline(struct gx_store_conn *db, struct gx_submission_id id);

/** The platform's receipt-signing public key as a JWK text (constant). */
const char *gx_submission_receipt_key(void);

#endif
