#ifndef GX_PORTAL_PAGES_DRAFTS_H
#define GX_PORTAL_PAGES_DRAFTS_H

/** The HTML pages of a procedure being filled in (drafts.c): opening it,
 *  its steps as forms, the review and submit. All work without JavaScript.
 *  The catalogue is procedures.c, the receipt submissions.c, the space's
 *  overview overview.c. */

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "http/handler.h"

/* POST /procedures/{procedure}/start */
enum gx_outcome gx_page_draft_start(struct gx_req *r);
/* GET /spaces/{space}/drafts/{draft}: 303 to where the person left it */
enum gx_outcome gx_page_draft_resume(struct gx_req *r);
/* GET and POST /spaces/{space}/drafts/{draft}/steps/{n} */
enum gx_outcome gx_page_draft_step(struct gx_req *r);
enum gx_outcome gx_page_draft_step_save(struct gx_req *r);
/* Step (0-based) of the draft of the path as a form, answered with status:
 * errors (may be NULL) are shown when they are this step's; with_check adds
 * the server check's errors of this step. For the pages that end on a step
 * (a refused upload, a step whose answers do not hold). */
enum gx_outcome gx_page_draft_step_reply(struct gx_req *r, size_t step, const json_t *errors, bool with_check, int status);
/* GET /spaces/{space}/drafts/{draft}/review */
enum gx_outcome gx_page_draft_review(struct gx_req *r);
/* POST /spaces/{space}/drafts/{draft}/submit-form */
enum gx_outcome gx_page_draft_submit(struct gx_req *r);
/* POST /spaces/{space}/drafts/{draft}/delete */
enum gx_outcome gx_page_draft_delete(struct gx_req *r);

#endif
