#ifndef GX_CORE_SUBMISSION_FILE_H
#define GX_CORE_SUBMISSION_FILE_H

/** Filing a submission, the part every way in shares (a person's draft, a
 *  procedure without login): inside the caller's write transaction. */

#include "procedures/statuses.h"
#include "store/store.h"

/** On w: the year's next reference (Luxembourg's year of s->submitted_at_us)
 *  into s->reference, the signed receipt into s->receipt_json and
 *  s->signature, the immutable submission (its id into *id), and the
 *  organisation's case at the first status of statuses. A store error, or
 *  GX_DB_HARD_ERROR when the receipt cannot be built or signed. */
enum gx_db_status gx_submission_file(struct gx_store_conn *w, struct gx_submission *s,
				     const struct gx_status_table *statuses, long long *id);

#endif
