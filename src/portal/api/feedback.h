#ifndef GX_PORTAL_API_FEEDBACK_H
#define GX_PORTAL_API_FEEDBACK_H

/** "Was this page useful?": anyone may tell the operators, with an optional
 *  comment. Stored durably (group commit); answered 201 once committed. */

#include "http/handler.h"
#include "json/spec.h"

extern const struct gx_json_field gx_feedback_spec[];

enum gx_outcome gx_api_feedback(struct gx_req *r);

#endif
