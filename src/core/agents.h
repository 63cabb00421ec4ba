#ifndef GX_CORE_AGENTS_H
#define GX_CORE_AGENTS_H

/** The agents of organisations: who may work an organisation's cases, in
 *  which role (handler, supervisor, admin: each including the one before). */

#include <jansson.h>

#include "core/ctx.h"

/** The organisations the person is an agent of, [{org, role}] (new reference; NULL on a store error). */
json_t *gx_agent_orgs(struct gx_store_conn *db, struct gx_person_id person);

/** org's agents, [{national_id, role, given_name, family_name}] (new reference; NULL on a store error). */
json_t *gx_org_agents(struct gx_store_conn *db, const char *org);

/** Makes the person with national_id an agent of org with role ("handler",
 *  "supervisor", "admin"), or removes them when role is NULL; done(arg,
 *  result) runs exactly once (GX_DB_NO_RESULTS: there was no such agent to
 *  remove). The caller checked the national id and the role's name. */
void gx_org_agent_change(const struct gx_core_ctx *c, const char *org, const char *national_id, const char *role,
			 gx_durable_done_fn done, void *arg);

#endif
