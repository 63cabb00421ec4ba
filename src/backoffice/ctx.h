#ifndef GX_BACKOFFICE_CTX_H
#define GX_BACKOFFICE_CTX_H

/** Who acts in a back-office request, for core: an agent (a person whose
 *  role in the path's organisation the gate checked) or an organisation's
 *  machine client (its token's organisation and scopes). */

#include "core/cases.h"
#include "core/ctx.h"

struct gx_req;

struct gx_bo {
	const struct gx_core_ctx *c;
	struct gx_org_actor who;
};

/** The request's context (request memory); NULL when the agent cannot be
 *  read (a store fault: answer 500). */
const struct gx_bo *gx_bo_ctx(struct gx_req *r);

#endif
