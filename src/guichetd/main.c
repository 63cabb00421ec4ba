/* guichetd: the platform. Reads its configuration, opens the store (applying
 * migrations), and serves HTTP until SIGTERM or SIGINT. */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backoffice/routes.h"
#include "core/sampling.h"
#include "config/config.h"
#include "core/checkpointer.h"
#include "core/domain.h"
#include "core/search.h"
#include "core/translog_writer.h"
#include "guichetd/background.h"
#include "http/server.h"
#include "log/oplog.h"
#include "portal/app.h"
#include "site/page.h"
#include "backoffice/api/openapi.h"
#include "portal/routes.h"
#include "portal/tasks.h"
#include "oidc/rp.h"
#include "operator/metrics.h"
#include "operator/routes.h"
#include "session/session.h"
#include "store/operators.h"
#include "store/store.h"
#include "util/clock.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: guichetd [--config FILE] [--threads N] [--port N]\n"
		   "Settings come from FILE (see etc/guichet.conf), then GUICHET_* environment\n"
		   "variables, then these flags. Defaults serve the demo on 127.0.0.1:8080.\n");
}

static int parse_args(int argc, char **argv, struct gx_config *c)
{
	struct gx_config_error err;
	const char *config_file = NULL;
	const char *threads = NULL, *port = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			usage(stdout);
			exit(0);
		}
		if (i + 1 >= argc)
			goto bad;
		if (strcmp(argv[i], "--config") == 0)
			config_file = argv[++i];
		else if (strcmp(argv[i], "--threads") == 0)
			threads = argv[++i];
		else if (strcmp(argv[i], "--port") == 0)
			port = argv[++i];
		else
			goto bad;
	}
	gx_config_defaults(c);
	if ((config_file != NULL && gx_config_load_file(c, config_file, &err) != 0) ||
	    gx_config_apply_env(c, &err) != 0 ||
	    (threads != NULL && gx_config_set(c, "server.threads", threads, &err) != 0) ||
	    (port != NULL && gx_config_set(c, "listen.port", port, &err) != 0) || gx_config_validate(c, &err) != 0) {
		fprintf(stderr, "guichetd: configuration: %s: %s\n", err.where, err.message);
		return -1;
	}
	return 0;
bad:
	usage(stderr);
	return -1;
}

/* Creates the database's folder when it is missing (the demo's var/). */
static void ensure_parent_dir(const char *path)
{
	char dir[512];
	snprintf(dir, sizeof(dir), "%s", path);
	char *slash = strrchr(dir, '/');
	if (slash == NULL || slash == dir)
		return;
	*slash = '\0';
	if (mkdir(dir, 0750) != 0 && errno != EEXIST)
		fprintf(stderr, "guichetd: cannot create %s: %s\n", dir, strerror(errno));
}

/* The operator dashboard's sampling thread (docs/dashboard.md), named by
 * operator.instance or else the host. *off: operator.sample_interval_s is 0. */
static struct gx_sampling *start_sampling(const struct gx_config *c, struct gx_store *store, bool *off)
{
	char instance[GX_SAMPLE_INSTANCE_MAX], err[256];
	*off = c->operator_sample_interval_s == 0;
	if (*off) {
		gx_oplog_event(GX_LOG_INFO, "sampling_off", NULL, "operator.sample_interval_s is 0: no dashboard rows");
		return NULL;
	}
	snprintf(instance, sizeof(instance), "%s", c->operator_instance);
	if (instance[0] == '\0' && gethostname(instance, sizeof(instance) - 1) != 0)
		snprintf(instance, sizeof(instance), "guichetd");
	instance[sizeof(instance) - 1] = '\0';
	struct gx_sampling_config sc = {c->operator_sample_interval_s, c->operator_retention_days,
					c->operator_minute_retention_hours, instance, c->operator_probe_timeout_ms};
	struct gx_sampling *s = gx_sampling_start(&sc, store, &gx_domain, err, sizeof(err));
	if (s == NULL) {
		gx_oplog_event(GX_LOG_ERROR, "sampling_failed", NULL, "%s", err);
		fprintf(stderr, "guichetd: %s\n", err);
	}
	return s;
}

/* The procedure search's rows from the loaded definitions, when they
 * changed (core/search.h). A failure is logged, not fatal: the search then
 * reads the rows a previous start wrote. */
static void index_catalogue(struct gx_store *store)
{
	struct gx_store_conn *conn = gx_store_conn_open(store);
	bool changed = false;
	enum gx_db_status s = conn != NULL ? gx_search_index(conn, gx_domain.procedures, gx_wall_us(), &changed)
					   : GX_DB_HARD_ERROR;
	if (s < 0)
		gx_oplog_event(GX_LOG_ERROR, "search_index_failed", NULL, "the procedure search could not be refreshed");
	else
		gx_oplog_event(GX_LOG_INFO, "search_indexed", NULL, "%zu procedures%s",
			       gx_procedure_catalog_count(gx_domain.procedures), changed ? ", rows written" : ", unchanged");
	if (conn != NULL)
		gx_store_conn_close(conn);
}

int main(int argc, char **argv)
{
	struct gx_config c;
	if (parse_args(argc, argv, &c) != 0)
		return 2;
	if (gx_oplog_open(c.log_path, c.log_requests) != 0) {
		fprintf(stderr, "guichetd: cannot open log %s: %s\n", c.log_path, strerror(errno));
		return 1;
	}

	char err[256];
	if (c.clock_offset_s > 0) {
		gx_clock_set_offset_us((long long)c.clock_offset_s * 1000000);
		gx_oplog_event(GX_LOG_WARN, "clock_offset", NULL, "testing.clock_offset_s = %u: the platform's clock runs ahead",
			       c.clock_offset_s);
	}
	struct gx_session_config sessions = {.idle_us = (long long)c.session_idle_s * 1000000,
					     .absolute_us = (long long)c.session_absolute_s * 1000000,
					     .cache_us = (long long)c.session_cache_ms * 1000};
	struct gx_oidc_rp_config rp = {c.oidc_issuer, c.oidc_client_id, c.oidc_client_secret, c.oidc_redirect_uri,
				       c.oidc_post_logout_uri, c.oidc_scopes, c.oidc_national_id_claim};
	if (gx_sessions_init(&sessions) != 0 || gx_oidc_rp_init(&rp) != 0) {
		fprintf(stderr, "guichetd: cannot initialise sessions\n");
		return 1;
	}
	ensure_parent_dir(c.receipt_key_file);
	ensure_parent_dir(c.translog_key_file);
	if (gx_app_load(&c, err, sizeof(err)) != 0 || gx_backoffice_load(&c, err, sizeof(err)) != 0) {
		gx_app_free();
		gx_oplog_event(GX_LOG_ERROR, "pages_failed", NULL, "%s", err);
		fprintf(stderr, "guichetd: %s\n", err);
		gx_oplog_close();
		return 1;
	}

	struct gx_store_config sc;
	gx_store_config_from(&sc, &c, GX_STORE_SCHEMA_PLATFORM);
	if (strcmp(c.store_backend, "sqlite") == 0)
		ensure_parent_dir(c.sqlite_path);

	struct gx_store *store = NULL;
	if (gx_store_open(&sc, &store, err, sizeof(err)) != GX_STORE_OK) {
		gx_oplog_event(GX_LOG_ERROR, "store_open_failed", NULL, "%s", err);
		gx_backoffice_free();
		gx_app_free();
		gx_oplog_close();
		return 1;
	}
	index_catalogue(store);
	/* Every access record becomes a leaf of the transparency log in the
	 * transaction that writes it; checkpoints are signed beside. */
	static struct gx_tlog_writer tlog_writer;
	gx_tlog_writer_init(&tlog_writer);
	gx_tlog_writer_attach(&tlog_writer, store);
	struct gx_checkpointer *checkpointer = gx_checkpointer_start(store, &gx_domain.transparency, err, sizeof(err));
	if (checkpointer == NULL) {
		gx_oplog_event(GX_LOG_ERROR, "checkpointer_failed", NULL, "%s", err);
		gx_store_close(store);
		gx_backoffice_free();
		gx_app_free();
		gx_oplog_close();
		return 1;
	}
	if (gx_background_start(&c, store, err, sizeof(err)) != 0) {
		gx_oplog_event(GX_LOG_ERROR, "background_failed", NULL, "%s", err);
		fprintf(stderr, "guichetd: %s\n", err);
		gx_checkpointer_stop(checkpointer);
		gx_store_close(store);
		gx_backoffice_free();
		gx_app_free();
		gx_oplog_close();
		return 1;
	}
	bool sampling_off;
	struct gx_sampling *sampling = start_sampling(&c, store, &sampling_off);
	if (sampling == NULL && !sampling_off) {
		gx_background_stop();
		gx_checkpointer_stop(checkpointer);
		gx_store_close(store);
		gx_backoffice_free();
		gx_app_free();
		gx_oplog_close();
		return 1;
	}
	const struct gx_route_list more[] = {{gx_backoffice_routes, gx_backoffice_routes_count},
					     {gx_operator_routes, gx_operator_routes_count}};
	struct gx_server_options opts = {.config = &c, .store = store, .routes = gx_routes, .nroutes = gx_routes_count,
					 .more_routes = more, .nmore_routes = 2, .error_page = gx_page_error,
					 .rate_limits = true, .more_metrics = gx_dashboard_metrics};
	opts.tasks = gx_portal_tasks(&c, &opts.ntasks);
	int rc = gx_server_run(&opts);
	gx_sampling_stop(sampling);
	gx_store_durable_drain(store); /* then the checkpointer's last round signs what was logged */
	gx_checkpointer_stop(checkpointer);
	gx_background_stop();
	gx_store_close(store);
	gx_backoffice_free();
	gx_app_free();
	gx_sessions_free();
	gx_oidc_rp_free();
	gx_oplog_event(GX_LOG_INFO, "exit", NULL, "guichetd exits with status %d", rc);
	gx_oplog_close();
	return rc;
}
