#include "portal/api/reply.h"

#include <stdio.h>

#include "core/spaces.h"
#include "http/request.h"

void gx_api_reply_taken(struct gx_req *r, int status, json_t *body)
{
	if (body == NULL || gx_reply_json(r, status, body) != GX_DONE)
		gx_reply_problem(r, GX_ERR_INTERNAL, NULL, NULL);
	json_decref(body);
}

enum gx_outcome gx_api_core_failure(struct gx_req *r, enum gx_core_status status, const char *detail)
{
	switch (status) {
	case GX_CORE_NOT_FOUND:
		return gx_reply_problem(r, GX_ERR_NOT_FOUND, NULL, NULL);
	case GX_CORE_WITHHELD:
		return gx_reply_problem(r, GX_ERR_UNAVAILABLE, NULL, "the access to your data could not be recorded");
	case GX_CORE_UNAVAILABLE:
		return gx_reply_problem(r, GX_ERR_UNAVAILABLE, NULL, detail);
	default:
		return gx_reply_problem(r, GX_ERR_INTERNAL, NULL, NULL);
	}
}

void gx_api_space_reply(struct gx_req *r, const struct gx_space_result *res, int status, json_t *body)
{
	char pointer[64];
	switch (res->status) {
	case GX_CORE_OK:
		gx_api_reply_taken(r, status, body);
		return;
	case GX_CORE_INVALID:
		snprintf(pointer, sizeof(pointer), "/%s", res->field != NULL ? res->field : "");
		gx_reply_problem(r, GX_ERR_INVALID_FIELD, pointer, res->reason);
		break;
	case GX_CORE_FORBIDDEN:
		gx_reply_problem(r, GX_ERR_FORBIDDEN, NULL, res->reason);
		break;
	case GX_CORE_CONFLICT:
		gx_reply_problem(r, GX_ERR_CONFLICT, NULL, res->reason);
		break;
	default:
		gx_api_core_failure(r, res->status, res->reason);
		break;
	}
	json_decref(body);
}
