#ifndef GX_CTL_ORG_CMD_H
#define GX_CTL_ORG_CMD_H

/** guichetctl org's parts: the agents (org_cmd.c) and the machine clients
 *  (org_clients_cmd.c). Each subcommand takes the arguments after its name
 *  and returns the exit status (0 ok, 1 failure, 2 usage error). */

#include <stdbool.h>

struct gx_config;

/** True when org is one of the procedures' organisations (organisations.json
 *  of paths.procedures); says why on stderr when they cannot be read. */
bool gx_ctl_org_known(const struct gx_config *c, const char *org);

/** org clients keygen|add|list|remove */
int gx_ctl_org_clients(int argc, char **argv);
/** org client-assertion */
int gx_ctl_org_client_assertion(int argc, char **argv);

#endif
