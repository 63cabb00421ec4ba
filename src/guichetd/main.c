/* guichetd: the platform. Reads its configuration, opens the store (applying
 * migrations), and serves HTTP until SIGTERM or SIGINT. */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "backoffice/routes.h"
#include "config/config.h"
#include "core/domain.h"
#include "core/mail_out.h"
#include "core/search.h"
#include "i18n/i18n.h"
#include "mail/mailer.h"
#include "site/site.h"
#include "http/server.h"
#include "log/oplog.h"
#include "portal/app.h"
#include "site/page.h"
#include "backoffice/api/openapi.h"
#include "portal/routes.h"
#include "oidc/rp.h"
#include "session/session.h"
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

/* The mail sent at once (core/mail_out.h): texts from the loaded catalogs,
 * the mailer of the mail.* settings, an in-memory queue and the sender's
 * thread. Mail stays off (and says so) when the settings cannot be used. */
struct mail_setup {
	struct gx_mail_texts *texts;
	struct gx_mailer *mailer;
	struct gx_mail_memqueue *queue;
	struct gx_mail_sender *sender;
	bool global;
};

static void mail_stop(struct mail_setup *m)
{
	gx_mail_out_set(NULL, NULL);
	gx_mail_sender_free(m->sender); /* stops its thread: a send under way ends first */
	gx_mail_memqueue_free(m->queue);
	gx_mailer_free(m->mailer);
	gx_mail_texts_free(m->texts);
	if (m->global)
		gx_mail_global_cleanup();
	*m = (struct mail_setup){0};
}

static void mail_start(const struct gx_config *c, struct mail_setup *m)
{
	static const enum gx_lang langs[] = {GX_LANG_FR, GX_LANG_DE, GX_LANG_EN, GX_LANG_LB};
	char err[512] = "";
	*m = (struct mail_setup){0};
	if (gx_mail_settings_check(&c->mail, err, sizeof(err)) != 0 || gx_mail_global_init() != 0)
		goto off;
	m->global = true;
	if ((m->texts = gx_mail_texts_new()) == NULL)
		goto off;
	for (size_t i = 0; i < sizeof(langs) / sizeof(langs[0]); i++)
		if (gx_mail_texts_add(m->texts, gx_lang_code(langs[i]), gx_i18n_catalog(gx_site.i18n, langs[i]), err,
				      sizeof(err)) != 0)
			goto off;
	if ((m->mailer = gx_mailer_new(&c->mail, err, sizeof(err))) == NULL ||
	    (m->queue = gx_mail_memqueue_new(1024)) == NULL ||
	    (m->sender = gx_mail_sender_new(&c->mail, m->texts, gx_mail_transport_smtp(m->mailer))) == NULL)
		goto off;
	struct gx_mail_queue q = gx_mail_memqueue_queue(m->queue);
	if (gx_mail_sender_start(m->sender, &q, 1, 1000) != 0)
		goto off;
	gx_mail_out_set(m->queue, m->sender);
	return;
off:
	gx_oplog_event(GX_LOG_ERROR, "mail_off", NULL, "mail cannot be sent: %s", err[0] ? err : "out of memory");
	mail_stop(m);
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
	struct gx_session_config sessions = {.idle_us = (long long)c.session_idle_s * 1000000,
					     .absolute_us = (long long)c.session_absolute_s * 1000000,
					     .cache_us = 5 * 1000000};
	struct gx_oidc_rp_config rp = {c.oidc_issuer, c.oidc_client_id, c.oidc_client_secret, c.oidc_redirect_uri,
				       c.oidc_post_logout_uri, c.oidc_scopes, c.oidc_national_id_claim};
	if (gx_sessions_init(&sessions) != 0 || gx_oidc_rp_init(&rp) != 0) {
		fprintf(stderr, "guichetd: cannot initialise sessions\n");
		return 1;
	}
	ensure_parent_dir(c.receipt_key_file);
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
	struct mail_setup mail;
	mail_start(&c, &mail);
	const struct gx_route_list backoffice = {gx_backoffice_routes, gx_backoffice_routes_count};
	struct gx_server_options opts = {.config = &c, .store = store, .routes = gx_routes, .nroutes = gx_routes_count,
					 .more_routes = &backoffice, .nmore_routes = 1, .error_page = gx_page_error,
					 .rate_limits = true};
	int rc = gx_server_run(&opts);
	mail_stop(&mail);
	gx_store_close(store);
	gx_backoffice_free();
	gx_app_free();
	gx_sessions_free();
	gx_oidc_rp_free();
	gx_oplog_event(GX_LOG_INFO, "exit", NULL, "guichetd exits with status %d", rc);
	gx_oplog_close();
	return rc;
}
