#ifndef GX_BACKOFFICE_PAGES_AGENTS_H
#define GX_BACKOFFICE_PAGES_AGENTS_H

/** An organisation's agents, for its administrators (agents.c). */

#include "http/handler.h"

enum gx_outcome gx_bo_agents(struct gx_req *r);         /* GET  /backoffice/orgs/{org}/agents */
enum gx_outcome gx_bo_agents_change(struct gx_req *r);  /* POST /backoffice/orgs/{org}/agents */

#endif
