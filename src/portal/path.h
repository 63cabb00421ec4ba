#ifndef GX_PORTAL_PATH_H
#define GX_PORTAL_PATH_H

/** The ids a route's path names ({space}, {draft}, {submission}), typed;
 *  v is 0 when the parameter is absent or not a valid id (core then finds
 *  nothing: 404). */

#include "http/request.h"
#include "core/ctx.h"

static inline struct gx_space_id gx_path_space(struct gx_req *r)
{
	return GX_ID(gx_space_id, gx_req_param_id(r, "space"));
}

static inline struct gx_draft_id gx_path_draft(struct gx_req *r)
{
	return GX_ID(gx_draft_id, gx_req_param_id(r, "draft"));
}

static inline struct gx_submission_id gx_path_submission(struct gx_req *r)
{
	return GX_ID(gx_submission_id, gx_req_param_id(r, "submission"));
}

#endif
