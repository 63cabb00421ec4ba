/* GET /api/org/v1/openapi.json: the organisation API described in OpenAPI
 * 3.1 (api/org-openapi.json, loaded at start: gx_backoffice_load). */

#include "backoffice/api/openapi.h"

#include "http/request.h"
#include "site/document.h"

static struct gx_document document;

int gx_backoffice_load(const struct gx_config *c, char *err, size_t errlen)
{
	return gx_document_load(c->org_openapi_file, &document, err, errlen);
}

void gx_backoffice_free(void)
{
	gx_document_free(&document);
}

enum gx_outcome gx_org_api_openapi(struct gx_req *r)
{
	if (document.bytes == NULL)
		return gx_reply_problem(r, GX_ERR_NOT_FOUND, NULL, NULL);
	return gx_reply_bytes(r, 200, "application/json", document.bytes, document.len);
}
