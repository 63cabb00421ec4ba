#ifndef GX_PORTAL_API_REPLY_H
#define GX_PORTAL_API_REPLY_H

/** Answers the API's handlers share. */

#include <jansson.h>

#include "core/ctx.h"
#include "http/handler.h"

/** Sends body (taken: decref'ed) as JSON with status, or a 500 problem when
 *  body is NULL (it could not be made) or could not be sent. */
void gx_api_reply_taken(struct gx_req *r, int status, json_t *body);

/** The problem for a core operation that did not succeed: 404 for
 *  NOT_FOUND, 503 for WITHHELD and for UNAVAILABLE (with detail), else 500. */
enum gx_outcome gx_api_core_failure(struct gx_req *r, enum gx_core_status status, const char *detail);

struct gx_space_result;
/** The answer to a write of core/spaces.h: status with body (taken) when it
 *  succeeded, else its problem: 400 naming the field at fault, 403, 404,
 *  409 with the reason, 503. */
void gx_api_space_reply(struct gx_req *r, const struct gx_space_result *res, int status, json_t *body);

#endif
