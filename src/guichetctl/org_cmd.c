/* guichetctl org: an organisation's agents, and (org_clients_cmd.c) its
 * API clients:
 *
 *   guichetctl org agents add ORG NATIONAL_ID --role handler|supervisor|admin [--config FILE]
 *   guichetctl org agents remove ORG NATIONAL_ID [--config FILE]
 *   guichetctl org agents list ORG [--config FILE]
 *
 * The organisation must be one of the procedures' organisations
 * (procedures/organisations.json, or paths.procedures of the settings). */

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "authz/authz.h"
#include "guichetctl/commands.h"
#include "guichetctl/org_cmd.h"
#include "guichetctl/store_open.h"
#include "procedures/catalog.h"
#include "util/clock.h"
#include "util/national_id.h"

static int usage(void)
{
	fprintf(stderr, "usage: guichetctl org agents add ORG NATIONAL_ID --role handler|supervisor|admin [--config FILE]\n"
			"       guichetctl org agents remove ORG NATIONAL_ID [--config FILE]\n"
			"       guichetctl org agents list ORG [--config FILE]\n"
			"       guichetctl org clients keygen|add|list|remove ... (guichetctl org clients, for more)\n"
			"       guichetctl org client-assertion --key PRIVATE_FILE --client ID [--audience URL] [--config FILE]\n");
	return 2;
}

bool gx_ctl_org_known(const struct gx_config *c, const char *org)
{
	struct gx_procedure_env env;
	char err[512];
	bool known = false;
	if (gx_procedure_env_load(c->procedures_dir, NULL, &env, err, sizeof(err)) != 0)
		fprintf(stderr, "guichetctl: %s\n", err);
	else
		for (size_t i = 0; i < env.ctx.norganisations; i++)
			known |= strcmp(env.org_ids[i], org) == 0;
	gx_procedure_env_clear(&env);
	return known;
}

struct agent_change {
	const char *org, *national_id, *role;  /* role NULL: remove */
};

static enum gx_db_status write_agent(struct gx_store_conn *conn, void *arg)
{
	struct agent_change *a = arg;
	if (a->role != NULL)
		return gx_store_org_agent_set(conn, a->org, a->national_id, a->role, gx_wall_us());
	return gx_store_org_agent_remove(conn, a->org, a->national_id);
}

static int agents(int argc, char **argv)
{
	const char *config_file = NULL, *role = NULL, *pos[3] = {0};
	size_t npos = 0;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--config") == 0 && i + 1 < argc)
			config_file = argv[++i];
		else if (strcmp(argv[i], "--role") == 0 && i + 1 < argc)
			role = argv[++i];
		else if (argv[i][0] == '-' || npos == 3)
			return usage();
		else
			pos[npos++] = argv[i];
	}
	bool add = npos == 3 && strcmp(pos[0], "add") == 0, remove = npos == 3 && strcmp(pos[0], "remove") == 0,
	     list = npos == 2 && strcmp(pos[0], "list") == 0;
	if (!add && !remove && !list)
		return usage();
	if (add && gx_agent_role_from_name(role) == GX_ROLE_NONE) {
		fprintf(stderr, "guichetctl: --role must be handler, supervisor or admin\n");
		return 2;
	}
	if (!list && !gx_national_id_valid(pos[2])) {
		fprintf(stderr, "guichetctl: %s is not a national identification number\n", pos[2]);
		return 2;
	}
	struct gx_config c;
	struct gx_store *store;
	if (gx_ctl_store_open(config_file, &c, &store) != 0)
		return 1;
	int rc = 1;
	struct gx_store_conn *conn = gx_store_conn_open(store);
	if (conn == NULL)
		goto out;
	if (!gx_ctl_org_known(&c, pos[1])) {
		fprintf(stderr, "guichetctl: no organisation %s in %s/organisations.json\n", pos[1], c.procedures_dir);
		goto out;
	}
	if (list) {
		char *text = NULL;
		if (gx_store_org_agents_list(conn, pos[1], &text) >= 0) {
			printf("%s\n", text);
			rc = 0;
		}
		free(text);
		goto out;
	}
	struct agent_change a = {pos[1], pos[2], add ? role : NULL};
	enum gx_db_status st = gx_store_run_tx(conn, true, write_agent, &a);
	if (st < 0)
		fprintf(stderr, "guichetctl: the store could not be written\n");
	else if (st == GX_DB_NO_RESULTS)
		fprintf(stderr, "guichetctl: %s is not an agent of %s\n", pos[2], pos[1]);
	else
		rc = 0;
out:
	if (conn != NULL)
		gx_store_conn_close(conn);
	gx_store_close(store);
	return rc;
}

struct subcommand {
	const char *name;
	int (*run)(int argc, char **argv);
};

static const struct subcommand subcommands[] = {
	{"agents", agents},
	{"clients", gx_ctl_org_clients},
	{"client-assertion", gx_ctl_org_client_assertion},
};

int gx_ctl_org(int argc, char **argv)
{
	for (size_t i = 0; argc >= 2 && i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
		if (strcmp(argv[1], subcommands[i].name) == 0)
			return subcommands[i].run(argc - 2, argv + 2);
	return usage();
}
