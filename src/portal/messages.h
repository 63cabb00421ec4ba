#ifndef GX_PORTAL_MESSAGES_H
#define GX_PORTAL_MESSAGES_H

/** Messages the API and the pages both give, in the request's language. */

#include <jansson.h>

struct gx_req;

/** A copy of a refused submit's errors (core/submissions.h) in which each
 *  error without a message gets one: the files_changed text. New
 *  reference; NULL when out of memory. */
json_t *gx_portal_submit_errors(struct gx_req *r, const json_t *errors);

#endif
