#include "core/agents.h"

#include <stdlib.h>
#include <string.h>

/* A JSON text the store made (malloc'ed), as a new value. */
static json_t *parsed(enum gx_db_status st, char *text)
{
	json_t *v = NULL;
	if (st >= 0 && text != NULL) {
		json_error_t err;
		v = json_loads(text, 0, &err);
	}
	free(text);
	return v;
}

json_t *gx_agent_orgs(struct gx_store_conn *db, struct gx_person_id person)
{
	char *text = NULL;
	enum gx_db_status st = gx_store_agent_orgs(db, person, &text);
	return parsed(st, text);
}

json_t *gx_org_agents(struct gx_store_conn *db, const char *org)
{
	char *text = NULL;
	enum gx_db_status st = gx_store_org_agents_list(db, org, &text);
	return parsed(st, text);
}

struct agent_change {
	const char *org, *national_id, *role;
	long long at_us;
	gx_durable_done_fn done;
	void *arg;
};

static enum gx_db_status write_agent(struct gx_store_conn *w, void *arg)
{
	struct agent_change *a = arg;
	if (a->role != NULL)
		return gx_store_org_agent_set(w, a->org, a->national_id, a->role, a->at_us);
	return gx_store_org_agent_remove(w, a->org, a->national_id);
}

static void on_agent_changed(void *arg, enum gx_db_status result)
{
	struct agent_change *a = arg;
	a->done(a->arg, result);
}

void gx_org_agent_change(const struct gx_core_ctx *c, const char *org, const char *national_id, const char *role,
			 gx_durable_done_fn done, void *arg)
{
	struct agent_change *a = gx_core_alloc(c, sizeof(*a));
	*a = (struct agent_change){.org = gx_core_strndup(c, org, strlen(org)),
				   .national_id = gx_core_strndup(c, national_id, strlen(national_id)),
				   .role = role != NULL ? gx_core_strndup(c, role, strlen(role)) : NULL,
				   .at_us = c->now_us, .done = done, .arg = arg};
	gx_durable_submit(c->durable, write_agent, a, on_agent_changed);
}
