#include "core/ctx.h"

#include <string.h>

#include "procedures/catalog.h"
#include "procedures/definition.h"

const struct gx_procedure *gx_core_procedure(const struct gx_core_ctx *c, const char *id)
{
	if (id == NULL || c->domain->procedures == NULL)
		return NULL;
	return gx_procedure_catalog_find(c->domain->procedures, id);
}

void *gx_core_alloc(const struct gx_core_ctx *c, size_t n)
{
	void *p = h2o_mem_alloc_pool(c->pool, n > 0 ? n : 1);
	memset(p, 0, n > 0 ? n : 1);
	return p;
}

char *gx_core_strndup(const struct gx_core_ctx *c, const char *s, size_t len)
{
	char *out = h2o_mem_alloc_pool(c->pool, len + 1);
	memcpy(out, s, len);
	out[len] = '\0';
	return out;
}

enum gx_core_status gx_core_status_of(enum gx_db_status result)
{
	if (result >= 0)
		return GX_CORE_OK;
	return result == GX_DB_CONFLICT ? GX_CORE_CONFLICT : GX_CORE_UNAVAILABLE;
}

bool gx_core_allows(const struct gx_core_ctx *c, const char *procedure_id)
{
	const struct gx_procedure *p = gx_core_procedure(c, procedure_id);
	return gx_access_allows(c->access, procedure_id, p != NULL ? gx_procedure_organisation(p) : NULL);
}
