#include "backoffice/pages/form_field.h"

#include <string.h>

#include "http/multipart.h"
#include "http/query.h"
#include "http/request.h"

const char *gx_bo_field(struct gx_req *r, const char *name)
{
	if (r->multipart != NULL) {
		const struct gx_multipart_part *p = gx_multipart_find(r->multipart, name);
		if (p == NULL || p->filename != NULL)
			return "";
		char *v = gx_req_alloc(r, p->len + 1);
		memcpy(v, p->data, p->len);
		v[p->len] = '\0';
		return strlen(v) == p->len && p->len <= GX_BO_FIELD_MAX ? v : NULL;
	}
	h2o_iovec_t body = r->h2o->entity;
	char *v = gx_req_alloc(r, GX_BO_FIELD_MAX + 1);
	long n = gx_query_get(body.base != NULL ? body.base : "", body.base != NULL ? body.len : 0, name, v,
			      GX_BO_FIELD_MAX + 1);
	if (n == -1)
		return "";
	return n < 0 ? NULL : v;
}
