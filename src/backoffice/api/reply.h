#ifndef GX_BACKOFFICE_API_REPLY_H
#define GX_BACKOFFICE_API_REPLY_H

/** What the organisation API's handlers share: a case as JSON, its ETag and
 *  the If-Match a change must carry, the Idempotency-Key of a write, and
 *  the problem for an operation that did not succeed. */

#include <jansson.h>
#include <stdbool.h>

#include "core/cases.h"
#include "http/handler.h"

/** Sends body (taken) with status, or a 500 when it is NULL. */
void gx_org_reply_taken(struct gx_req *r, int status, json_t *body);

/** The case as the API shows it: {id, reference, procedure, status, turn,
 *  final, assignee, open_request, revision, submitted_at_us, updated_at_us}. New reference. */
json_t *gx_org_case_json(const struct gx_case *k);

/** Adds ETag: "REVISION". */
void gx_org_set_etag(struct gx_req *r, long long revision);

/** The revision named by the If-Match header: > 0; 0 after answering 428
 *  when it is missing, or 412 when it is not an ETag of ours (*out set). */
long long gx_org_if_match(struct gx_req *r, enum gx_outcome *out);

/** The request's Idempotency-Key (1 to 64 printable ASCII characters) with
 *  the hash of what identifies the request (method, path, body), into idem
 *  for the acting client; 0, or -1 after answering 400 when missing or bad. */
int gx_org_idempotency(struct gx_req *r, struct gx_idempotency *idem, enum gx_outcome *out);

/** Answers a case change: the stored answer (a replay says so in
 *  Idempotency-Replayed: true), or the problem for its refusal. */
void gx_org_reply_changed(struct gx_req *r, const struct gx_case_changed *res);

/** The problem for a core status that is not OK (404, 403, 409, 422, 503, 500). */
enum gx_outcome gx_org_core_failure(struct gx_req *r, enum gx_core_status status, const char *field, const char *why);

#endif
