/* `registryd corrections …`: the register's operators work its queue of
 * correction requests from the command line, on its database
 * (docs/registryd.md):
 *
 *   registryd corrections list    --register FILE --db DB [--which open|decided|all] [--json]
 *   registryd corrections show    ID --register FILE --db DB
 *   registryd corrections take-up ID --register FILE --db DB --operator NAME
 *   registryd corrections accept  ID --register FILE --db DB --operator NAME
 *   registryd corrections reject  ID --register FILE --db DB --operator NAME --reason TEXT
 *   registryd corrections reroute ID --register FILE --db DB --operator NAME --to REGISTER
 *
 * Exit status: 0 done, 1 refused (no such request, already decided, no
 * record) or a store failure, 2 a usage or settings error. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "log/oplog.h"
#include "registryd/correction_decide.h"
#include "registryd/main/main.h"
#include "store/corrections.h"
#include "util/clock.h"
#include "util/local_time.h"

struct cmd {
	const char *verb, *register_path, *db_path, *which, *operator_name, *reason, *to;
	long long id;
	bool json;
};

static void usage(FILE *f)
{
	fprintf(f, "usage: registryd corrections list    --register FILE --db DB [--which open|decided|all] [--json]\n"
		   "       registryd corrections show    ID --register FILE --db DB\n"
		   "       registryd corrections take-up ID --register FILE --db DB --operator NAME\n"
		   "       registryd corrections accept  ID --register FILE --db DB --operator NAME\n"
		   "       registryd corrections reject  ID --register FILE --db DB --operator NAME --reason TEXT\n"
		   "       registryd corrections reroute ID --register FILE --db DB --operator NAME --to REGISTER\n"
		   "Works the register's queue of correction requests (docs/registryd.md). An acceptance\n"
		   "changes the record (version + 1, as of today) in the same transaction.\n");
}

static int parse(int argc, char **argv, struct cmd *c)
{
	if (argc < 2)
		return -1;
	c->verb = argv[1];
	c->which = "open";
	int i = 2;
	if (strcmp(c->verb, "list") != 0) {
		char *end;
		if (argc < 3 || (c->id = strtoll(argv[2], &end, 10)) <= 0 || *end != '\0')
			return -1;
		i = 3;
	}
	for (; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0) {
			c->json = true;
			continue;
		}
		if (i + 1 >= argc)
			return -1;
		const char *v = argv[++i];
		if (strcmp(argv[i - 1], "--register") == 0)
			c->register_path = v;
		else if (strcmp(argv[i - 1], "--db") == 0)
			c->db_path = v;
		else if (strcmp(argv[i - 1], "--which") == 0)
			c->which = v;
		else if (strcmp(argv[i - 1], "--operator") == 0)
			c->operator_name = v;
		else if (strcmp(argv[i - 1], "--reason") == 0)
			c->reason = v;
		else if (strcmp(argv[i - 1], "--to") == 0)
			c->to = v;
		else
			return -1;
	}
	return c->register_path != NULL && c->db_path != NULL ? 0 : -1;
}

static void print_row(const json_t *row, const char *today)
{
	const char *status = json_string_value(json_object_get(row, "status"));
	const char *due = json_string_value(json_object_get(row, "due"));
	char received[24];
	gx_local_time_format(json_integer_value(json_object_get(row, "received_at_us")), received, sizeof(received), true);
	printf("%-6lld %-10s %-22s due %s%s  %s  %s\n", (long long)json_integer_value(json_object_get(row, "id")),
	       status != NULL ? status : "", received, due != NULL ? due : "",
	       gx_correction_overdue(status, due, today) ? " OVERDUE" : "",
	       json_string_value(json_object_get(row, "attribute")), json_string_value(json_object_get(row, "subject")));
}

static int list(struct gx_store_conn *conn, const struct cmd *c)
{
	if (strcmp(c->which, "open") != 0 && strcmp(c->which, "decided") != 0 && strcmp(c->which, "all") != 0) {
		fprintf(stderr, "registryd corrections: --which is open, decided or all\n");
		return 2;
	}
	char *text = NULL;
	if (gx_store_registry_corrections_list(conn, c->which, 1000, &text) < 0) {
		fprintf(stderr, "registryd corrections: the queue cannot be read\n");
		return 1;
	}
	json_error_t e;
	json_t *rows = json_loads(text, 0, &e);
	char today[11];
	gx_local_today(today);
	size_t i;
	json_t *row;
	if (c->json) {
		/* each row with its overdue flag */
		json_array_foreach(rows, i, row) {
			json_object_set_new(row, "overdue",
					    json_boolean(gx_correction_overdue(json_string_value(json_object_get(row, "status")),
									       json_string_value(json_object_get(row, "due")),
									       today)));
		}
		char *out = json_dumps(rows, JSON_COMPACT);
		printf("%s\n", out != NULL ? out : "[]");
		free(out);
	} else {
		json_array_foreach(rows, i, row) print_row(row, today);
		if (json_array_size(rows) == 0)
			printf("no correction requests (%s)\n", c->which);
	}
	json_decref(rows);
	free(text);
	return 0;
}

static int show(struct gx_store_conn *conn, const struct cmd *c)
{
	char *text = NULL;
	enum gx_db_status st = gx_store_registry_correction_get(conn, c->id, NULL, &text);
	if (st <= 0) {
		fprintf(stderr, "registryd corrections: %s\n", st < 0 ? "the queue cannot be read" : "no such request");
		return 1;
	}
	json_error_t e;
	json_t *row = json_loads(text, 0, &e);
	free(text);
	char today[11];
	gx_local_today(today);
	json_object_set_new(row, "overdue",
			    json_boolean(gx_correction_overdue(json_string_value(json_object_get(row, "status")),
							       json_string_value(json_object_get(row, "due")), today)));
	char *out = json_dumps(row, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	printf("%s\n", out != NULL ? out : "{}");
	free(out);
	json_decref(row);
	return 0;
}

static int move(struct gx_store_conn *conn, const struct gx_register_description *d, const struct cmd *c)
{
	int action = strcmp(c->verb, "take-up") == 0 ? GX_CORRECTION_TAKE_UP : gx_correction_action_from(c->verb);
	if (action < 0 || action == GX_CORRECTION_WITHDRAW || c->operator_name == NULL) {
		usage(stderr);
		return 2;
	}
	struct gx_correction_move m = {.d = d, .action = action, .id = c->id, .by = c->operator_name,
				       .reason = c->reason, .reroute_to = c->to, .at_us = gx_wall_us()};
	enum gx_db_status st = gx_store_run_tx(conn, true, gx_correction_move_tx, &m);
	if (st < 0 && st != GX_DB_CONFLICT) {
		fprintf(stderr, "registryd corrections: the store failed; nothing changed\n");
		return 1;
	}
	switch (m.result) {
	case GX_CORRECTION_DONE:
		if (m.action == GX_CORRECTION_ACCEPT)
			printf("correction %lld accepted: the record is at version %lld as of %s\n", m.id, m.version,
			       m.as_of);
		else
			printf("correction %lld: %s\n", m.id, m.status);
		gx_oplog_event(GX_LOG_INFO, "correction_moved", NULL, "correction %lld: %s by an operator", m.id, m.status);
		return 0;
	case GX_CORRECTION_UNKNOWN:
		fprintf(stderr, "registryd corrections: no request %lld\n", c->id);
		return 1;
	case GX_CORRECTION_DECIDED:
		fprintf(stderr, "registryd corrections: request %lld is %s already; nothing changed\n", c->id, m.status);
		return 1;
	case GX_CORRECTION_NO_RECORD:
		fprintf(stderr, "registryd corrections: the register holds no record of its subject; nothing changed\n");
		return 1;
	case GX_CORRECTION_BAD_INPUT:
	default:
		fprintf(stderr, "registryd corrections: %s\n",
			action == GX_CORRECTION_REJECT	   ? "a rejection needs --reason (1 to 2000 bytes)"
			: action == GX_CORRECTION_REROUTE ? "--to names another register ([a-z0-9_])"
							  : "refused");
		return 2;
	}
}

int gx_registryd_corrections_cmd(int argc, char **argv)
{
	struct cmd c = {0};
	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		usage(stdout);
		return 0;
	}
	if (parse(argc, argv, &c) != 0) {
		usage(stderr);
		return 2;
	}
	struct gx_config cfg;
	if (gx_registryd_configure(c.db_path, NULL, NULL, &cfg) != 0)
		return 2;
	if (sodium_init() < 0 || gx_oplog_open(cfg.log_path, cfg.log_requests) != 0) {
		fprintf(stderr, "registryd corrections: cannot start (libsodium, or the log %s)\n", cfg.log_path);
		return 2;
	}
	struct gx_register_description *d = NULL;
	struct gx_store *store = NULL;
	struct gx_store_conn *conn = NULL;
	char err[512];
	int rc = 2;
	if (gx_register_description_load(c.register_path, &d, err, sizeof(err)) != 0 ||
	    gx_registryd_open_store(&cfg, c.db_path, &store, err, sizeof(err)) != 0) {
		fprintf(stderr, "registryd corrections: %s\n", err);
		goto out;
	}
	if ((conn = gx_store_conn_open(store)) == NULL) {
		fprintf(stderr, "registryd corrections: cannot open a store connection\n");
		rc = 1;
		goto out;
	}
	rc = strcmp(c.verb, "list") == 0 ? list(conn, &c) : strcmp(c.verb, "show") == 0 ? show(conn, &c) : move(conn, d, &c);
out:
	gx_store_conn_close(conn);
	gx_store_close(store);
	gx_register_description_free(d);
	gx_oplog_close();
	return rc;
}
