#include "portal/api/openapi.h"

#include "http/request.h"
#include "portal/app.h"

enum gx_outcome gx_api_openapi(struct gx_req *r)
{
	if (gx_app.openapi.bytes == NULL)
		return gx_reply_problem(r, GX_ERR_NOT_FOUND, NULL, NULL);
	return gx_reply_bytes(r, 200, "application/json", gx_app.openapi.bytes, gx_app.openapi.len);
}
