/* registryd: the reference authentic source. Serves one register (its
 * description, its own database, its clients) over the source protocol until
 * SIGTERM or SIGINT. See docs/registryd.md. */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sodium.h>

#include "config/config.h"
#include "http/server.h"
#include "log/oplog.h"
#include "registryd/main/main.h"
#include "registryd/registryd.h"
#include "registryd/seed.h"
#include "store/store.h"
#include "tmpl/mustache.h"

struct args {
	const char *register_path, *db_path, *clients_path, *seed_path;
	const char *port, *threads;
	const char *templates_dir, *i18n_dir;
};

static void usage(FILE *f)
{
	fprintf(f, "usage: registryd --register FILE --db DB --clients FILE [--port N] [--threads N]\n"
		   "                 [--templates DIR] [--i18n DIR]   (the operator page's: templates, i18n)\n"
		   "       registryd --register FILE --db DB --seed-json RECORDS.json\n"
		   "       registryd corrections list|show|take-up|accept|reject|reroute … (registryd corrections --help)\n"
		   "Serves one register over the source protocol (docs/source-protocol.md).\n"
		   "DB: the register's SQLite file; with store.backend = postgresql its database's name, or a\n"
		   "connection string whose parameters override store.postgresql.conninfo's.\n"
		   "GUICHET_* environment variables set listen, log, limits and the store as for guichetd.\n");
}

static int parse_args(int argc, char **argv, struct args *a)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			usage(stdout);
			exit(0);
		}
		if (i + 1 >= argc)
			goto bad;
		const char *v = argv[++i];
		if (strcmp(argv[i - 1], "--register") == 0)
			a->register_path = v;
		else if (strcmp(argv[i - 1], "--db") == 0)
			a->db_path = v;
		else if (strcmp(argv[i - 1], "--clients") == 0)
			a->clients_path = v;
		else if (strcmp(argv[i - 1], "--seed-json") == 0)
			a->seed_path = v;
		else if (strcmp(argv[i - 1], "--port") == 0)
			a->port = v;
		else if (strcmp(argv[i - 1], "--threads") == 0)
			a->threads = v;
		else if (strcmp(argv[i - 1], "--templates") == 0)
			a->templates_dir = v;
		else if (strcmp(argv[i - 1], "--i18n") == 0)
			a->i18n_dir = v;
		else
			goto bad;
	}
	if (a->register_path == NULL || a->db_path == NULL || (a->clients_path == NULL && a->seed_path == NULL))
		goto bad;
	return 0;
bad:
	usage(stderr);
	return -1;
}

int gx_registryd_configure(const char *db_path, const char *threads, const char *port, struct gx_config *c)
{
	struct gx_config_error err;
	gx_config_defaults(c);
	if (gx_config_apply_env(c, &err) != 0 ||
	    (threads != NULL && gx_config_set(c, "server.threads", threads, &err) != 0) ||
	    (port != NULL && gx_config_set(c, "listen.port", port, &err) != 0) ||
	    (strcmp(c->store_backend, "postgresql") != 0 && gx_config_set(c, "store.sqlite.path", db_path, &err) != 0)) {
		fprintf(stderr, "registryd: configuration: %s: %s\n", err.where, err.message);
		return -1;
	}
	/* The lookup's body is parsed under the JSON limit; only a correction
	 * request (with its evidence) may reach limits.upload_body. */
	if (gx_config_validate(c, &err) != 0) {
		fprintf(stderr, "registryd: configuration: %s: %s\n", err.where, err.message);
		return -1;
	}
	return 0;
}

/* Creates the database's folder when it is missing (var/registers/). */
static void ensure_parent_dir(const char *path)
{
	char dir[512];
	if (snprintf(dir, sizeof(dir), "%s", path) >= (int)sizeof(dir))
		return;
	char *slash = strrchr(dir, '/');
	if (slash == NULL || slash == dir)
		return;
	*slash = '\0';
	if (mkdir(dir, 0750) != 0 && errno != EEXIST)
		fprintf(stderr, "registryd: cannot create %s: %s\n", dir, strerror(errno));
}

int gx_registryd_open_store(const struct gx_config *c, const char *db_path, struct gx_store **store, char *err,
			    size_t err_size)
{
	struct gx_store_config sc;
	gx_store_config_from(&sc, c, GX_STORE_SCHEMA_REGISTRY);
	if (strcmp(c->store_backend, "postgresql") == 0)
		sc.pg_override = db_path; /* the register's own database, on the configured server */
	else
		ensure_parent_dir(c->sqlite_path);
	return gx_store_open(&sc, store, err, err_size) == GX_STORE_OK ? 0 : -1;
}

/* The operator page's templates and the catalogs' texts (fr, de, en). */
static int load_pages(const struct args *a, struct gx_registryd *app, struct gx_tmpl_set **set, char *err,
		      size_t err_size)
{
	static const char *const langs[GX_REGISTER_LANGS] = {"fr", "de", "en"};
	struct gx_tmpl_error terr;
	const char *dir = a->templates_dir != NULL ? a->templates_dir : "templates";
	memset(&terr, 0, sizeof(terr));
	*set = gx_tmpl_set_new();
	if (*set == NULL || gx_tmpl_set_load_dir(*set, dir, &terr) != 0 ||
	    !gx_tmpl_set_has(*set, "registry/corrections") || !gx_tmpl_set_has(*set, "registry/correction")) {
		snprintf(err, err_size, "%s: the operator page's templates: %s %s", dir, terr.file, terr.message);
		return -1;
	}
	for (int l = 0; l < GX_REGISTER_LANGS; l++) {
		char path[512];
		json_error_t e;
		snprintf(path, sizeof(path), "%s/%s.json", a->i18n_dir != NULL ? a->i18n_dir : "i18n", langs[l]);
		app->catalogs[l] = json_load_file(path, JSON_REJECT_DUPLICATES, &e);
		if (!json_is_object(json_object_get(app->catalogs[l], "registry"))) {
			snprintf(err, err_size, "%.300s: no \"registry\" texts (%.120s)", path, e.text);
			return -1;
		}
	}
	app->pages = *set;
	return 0;
}

static int seed(struct gx_store *store, const struct gx_register_description *d, const char *path)
{
	char err[512];
	size_t n = 0;
	struct gx_store_conn *conn = gx_store_conn_open(store);
	if (conn == NULL) {
		fprintf(stderr, "registryd: cannot open a store connection\n");
		return 1;
	}
	int rc = gx_registryd_seed_file(conn, d, path, &n, err, sizeof(err));
	gx_store_conn_close(conn);
	if (rc != 0) {
		fprintf(stderr, "registryd: seed: %s\n", err);
		return 1;
	}
	gx_oplog_event(GX_LOG_INFO, "seeded", NULL, "%zu records stored", n);
	return 0;
}

int main(int argc, char **argv)
{
	struct args a = {0};
	struct gx_config c;
	struct gx_register_description *d = NULL;
	struct gx_registry_clients clients = {0};
	struct gx_store *store = NULL;
	struct gx_tmpl_set *pages = NULL;
	char err[512];
	int rc = 1;

	if (argc > 1 && strcmp(argv[1], "corrections") == 0)
		return gx_registryd_corrections_cmd(argc - 1, argv + 1);
	if (parse_args(argc, argv, &a) != 0 || gx_registryd_configure(a.db_path, a.threads, a.port, &c) != 0)
		return 2;
	if (sodium_init() < 0) {
		fprintf(stderr, "registryd: libsodium cannot start\n");
		return 1;
	}
	if (gx_oplog_open(c.log_path, c.log_requests) != 0) {
		fprintf(stderr, "registryd: cannot open log %s: %s\n", c.log_path, strerror(errno));
		return 1;
	}
	if (gx_register_description_load(a.register_path, &d, err, sizeof(err)) != 0 ||
	    (a.clients_path != NULL && gx_registry_clients_load(a.clients_path, d, &clients, err, sizeof(err)) != 0)) {
		gx_oplog_event(GX_LOG_ERROR, "config_failed", NULL, "%s", err);
		fprintf(stderr, "registryd: %s\n", err);
		goto out;
	}

	if (gx_registryd_open_store(&c, a.db_path, &store, err, sizeof(err)) != 0) {
		gx_oplog_event(GX_LOG_ERROR, "store_open_failed", NULL, "%s", err);
		fprintf(stderr, "registryd: %s\n", err);
		goto out;
	}
	if (a.seed_path != NULL) {
		rc = seed(store, d, a.seed_path);
		goto out;
	}

	struct gx_registryd app = {.description = d, .clients = &clients};
	if (load_pages(&a, &app, &pages, err, sizeof(err)) != 0) {
		gx_oplog_event(GX_LOG_ERROR, "config_failed", NULL, "%s", err);
		fprintf(stderr, "registryd: %s\n", err);
		for (int l = 0; l < GX_REGISTER_LANGS; l++)
			json_decref(app.catalogs[l]);
		goto out;
	}
	if (gx_registryd_set(&app) != 0) {
		gx_registryd_unset();
		goto out;
	}
	gx_oplog_event(GX_LOG_INFO, "register", NULL, "serving register %s to %zu clients", d->name, clients.n);
	struct gx_server_options opts = {.config = &c, .store = store, .routes = gx_registryd_routes,
					 .nroutes = gx_registryd_routes_count, .error_page = NULL};
	rc = gx_server_run(&opts);
	gx_registryd_unset();
out:
	gx_tmpl_set_free(pages);
	gx_store_close(store);
	gx_registry_clients_free(&clients);
	gx_register_description_free(d);
	gx_oplog_event(GX_LOG_INFO, "exit", NULL, "registryd exits with status %d", rc);
	gx_oplog_close();
	return rc;
}
