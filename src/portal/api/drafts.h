#ifndef GX_PORTAL_DRAFTS_H
#define GX_PORTAL_DRAFTS_H

/** Drafts and submissions of procedures over the API (drafts.c). */

#include "http/handler.h"
#include "json/spec.h"
#include "store/store.h"

struct gx_procedure;

/** The draft named by the path parameters "draft" and "space" (a draft of
 *  another space is GX_DB_NO_RESULTS). Clear it with gx_draft_clear. */
enum gx_db_status gx_draft_load(struct gx_req *r, struct gx_draft *d);

/** Called once the prefilled draft is durable; the JSON values are borrowed. */
typedef void (*gx_draft_opened_fn)(struct gx_req *r, void *arg, const struct gx_procedure *p, long long id,
				   json_t *data, json_t *provenance, json_t *sources);
/** Opens procedure p in space_id for the logged-in person: asks the registers,
 *  stores the prefilled draft (group commit), then calls done. Failures are
 *  answered here (a problem). Shared by the API and the pages. */
enum gx_outcome gx_draft_open_start(struct gx_req *r, const struct gx_procedure *p, long long space_id,
				    gx_draft_opened_fn done, void *arg);

/** The draft of the path was not submitted: errors (stolen) is every fault
 *  at once, each {field, code, message} with its message in the page's
 *  language. status 422: the answers do not pass the server's check; 409:
 *  a file the answers name was removed from the draft while it was being
 *  submitted (code files_changed, bound to its file field; nothing was
 *  stored, the draft is kept). Must answer. */
typedef enum gx_outcome (*gx_draft_invalid_fn)(struct gx_req *r, void *arg, int status, json_t *errors);
/** The submission s (borrowed) with this id is durable. Must answer. */
typedef void (*gx_draft_submitted_fn)(struct gx_req *r, void *arg, long long id, const struct gx_submission *s);
/** Validates the draft of the path and, when valid, stores the submission,
 *  its reference and signed receipt and deletes the draft (one transaction). */
enum gx_outcome gx_draft_submit_start(struct gx_req *r, gx_draft_invalid_fn invalid, gx_draft_submitted_fn done,
				      void *arg);

extern const struct gx_json_field gx_draft_open_spec[];
extern const struct gx_json_field gx_draft_save_spec[];

enum gx_outcome gx_draft_open(struct gx_req *r);
enum gx_outcome gx_draft_get(struct gx_req *r);
enum gx_outcome gx_draft_save(struct gx_req *r);
enum gx_outcome gx_draft_delete(struct gx_req *r);
enum gx_outcome gx_draft_submit(struct gx_req *r);
enum gx_outcome gx_submission_get(struct gx_req *r);
/** GET /api/v1/receipts/key: the platform's receipt-signing public key (JWK). */
enum gx_outcome gx_receipts_key(struct gx_req *r);

#endif
