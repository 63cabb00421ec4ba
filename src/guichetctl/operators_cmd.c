/* guichetctl operators: who may open the operator dashboard (/operator,
 * docs/dashboard.md):
 *
 *   guichetctl operators add NATIONAL_ID [--config FILE]
 *   guichetctl operators remove NATIONAL_ID [--config FILE]
 *   guichetctl operators list [--config FILE]
 *
 * A person is named by national identification number, before or after
 * their first login. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guichetctl/commands.h"
#include "guichetctl/store_open.h"
#include "store/operators.h"
#include "util/clock.h"
#include "util/national_id.h"

static int usage(void)
{
	fprintf(stderr, "usage: guichetctl operators add NATIONAL_ID [--config FILE]\n"
			"       guichetctl operators remove NATIONAL_ID [--config FILE]\n"
			"       guichetctl operators list [--config FILE]\n");
	return 2;
}

struct change {
	const char *national_id;
	bool add;
};

static enum gx_db_status write_change(struct gx_store_conn *conn, void *arg)
{
	struct change *ch = arg;
	if (ch->add)
		return gx_store_operator_set(conn, ch->national_id, gx_wall_us());
	return gx_store_operator_remove(conn, ch->national_id);
}

int gx_ctl_operators(int argc, char **argv)
{
	const char *config_file = NULL, *pos[2] = {0};
	size_t npos = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--config") == 0 && i + 1 < argc)
			config_file = argv[++i];
		else if (argv[i][0] == '-' || npos == 2)
			return usage();
		else
			pos[npos++] = argv[i];
	}
	bool add = npos == 2 && strcmp(pos[0], "add") == 0, remove = npos == 2 && strcmp(pos[0], "remove") == 0,
	     list = npos == 1 && strcmp(pos[0], "list") == 0;
	if (!add && !remove && !list)
		return usage();
	if (!list && !gx_national_id_valid(pos[1])) {
		fprintf(stderr, "guichetctl: %s is not a national identification number\n", pos[1]);
		return 2;
	}
	struct gx_config c;
	struct gx_store *store;
	if (gx_ctl_store_open(config_file, &c, &store) != 0)
		return 1;
	int rc = 1;
	struct gx_store_conn *conn = gx_store_conn_open(store);
	if (conn == NULL) {
		fprintf(stderr, "guichetctl: the store cannot be reached\n");
		goto out;
	}
	if (list) {
		char *text = NULL;
		if (gx_store_operators_list(conn, &text) >= 0) {
			printf("%s\n", text);
			rc = 0;
		} else {
			fprintf(stderr, "guichetctl: the store could not be read\n");
		}
		free(text);
		goto out;
	}
	struct change ch = {pos[1], add};
	enum gx_db_status st = gx_store_run_tx(conn, true, write_change, &ch);
	if (st < 0)
		fprintf(stderr, "guichetctl: the store could not be written\n");
	else if (st == GX_DB_NO_RESULTS)
		fprintf(stderr, "guichetctl: %s is not a platform operator\n", pos[1]);
	else
		rc = 0;
out:
	if (conn != NULL)
		gx_store_conn_close(conn);
	gx_store_close(store);
	return rc;
}
