#include "portal/app.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/request.h"
#include "http/static_files.h"
#include "i18n/i18n.h"
#include "tmpl/mustache.h"
#include "util/clock.h"

struct gx_app gx_app;

const struct gx_static *gx_app_assets(void)
{
	return gx_app.assets;
}

const struct gx_procedure *gx_app_procedure(const char *id)
{
	return id != NULL && gx_app.domain.procedures != NULL ? gx_procedure_catalog_find(gx_app.domain.procedures, id)
								: NULL;
}

const struct gx_core_ctx *gx_app_ctx(struct gx_req *r)
{
	struct gx_core_ctx *c = gx_req_alloc(r, sizeof(*c));
	*c = (struct gx_core_ctx){.domain = &gx_app.domain, .db = gx_req_store(r), .durable = gx_req_durable_port(r),
				  .httpc = gx_req_httpc(r), .pool = &r->h2o->pool, .request_id = r->id,
				  .now_us = gx_wall_us(), .person = GX_ID(gx_person_id, r->actor.session.person_id)};
	return c;
}

/* "scheme://host[:port]" of an absolute URL, or "" */
static void origin_of(const char *url, char *out, size_t size)
{
	const char *p = strstr(url, "://");
	size_t n = 0;
	if (p != NULL) {
		p += 3;
		while (p[n] != '\0' && p[n] != '/' && p[n] != '?' && p[n] != '#')
			n++;
		n += (size_t)(p - url);
	}
	snprintf(out, size, "%.*s", (int)n, url);
}

/* Forms post to guichetd, but the logout form's answer is a redirect to the
 * identity provider, and browsers check form-action on every redirect. */
static void build_csp(const struct gx_config *c)
{
	char idp[300];
	origin_of(c->oidc_issuer, idp, sizeof(idp));
	snprintf(gx_app.csp, sizeof(gx_app.csp),
		 "default-src 'none'; style-src 'self'; img-src 'self'; font-src 'self'; form-action 'self'%s%s; "
		 "frame-ancestors 'none'; base-uri 'none'",
		 idp[0] != '\0' ? " " : "", idp);
}

static const char *status_label_missing(const char *status, void *i18n)
{
	char key[96];
	snprintf(key, sizeof(key), "proc.status.%s", status);
	return gx_i18n_missing(i18n, key);
}

/* The pages name every status of every procedure (proc.status.<status>):
 * a status without a label in some language stops the start, as a
 * template's missing key does. */
static int check_status_labels(const char *dir, char *err, size_t errlen)
{
	const struct gx_procedure_catalog *cat = gx_app.domain.procedures;
	char why[256];
	for (size_t i = 0; i < gx_procedure_catalog_count(cat); i++) {
		const struct gx_procedure *p = gx_procedure_catalog_at(cat, i);
		if (gx_status_labels_check(gx_procedure_statuses(p), status_label_missing, gx_app.i18n, "proc.status", why,
					   sizeof(why)) != 0) {
			snprintf(err, errlen, "%s/%s.json: %s", dir, gx_procedure_id(p), why);
			return -1;
		}
	}
	return 0;
}

/* The document is served as it is, but must at least be JSON. */
static int load_openapi(const char *path, char *err, size_t errlen)
{
	json_error_t jerr;
	json_t *doc = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (doc == NULL) {
		snprintf(err, errlen, "%s:%d: %s", path, jerr.line, jerr.text);
		return -1;
	}
	gx_app.openapi = json_dumps(doc, JSON_COMPACT);
	json_decref(doc);
	if (gx_app.openapi == NULL) {
		snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	gx_app.openapi_len = strlen(gx_app.openapi);
	return 0;
}

int gx_app_load(const struct gx_config *c, char *err, size_t errlen)
{
	build_csp(c);
	struct gx_tmpl_error terr;
	gx_app.tmpl = gx_tmpl_set_new();
	if (gx_app.tmpl == NULL) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	if (gx_tmpl_set_load_dir(gx_app.tmpl, c->templates_dir, &terr) != 0) {
		snprintf(err, errlen, "%s:%u: %s", terr.file, terr.line, terr.message);
		goto fail;
	}
	static const char *const required[] = {"layout", "start", "accessibility", "privacy", "error"};
	for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++) {
		if (!gx_tmpl_set_has(gx_app.tmpl, required[i])) {
			snprintf(err, errlen, "%s: missing template %s.mustache", c->templates_dir, required[i]);
			goto fail;
		}
	}
	if (gx_i18n_load(c->i18n_dir, &gx_app.i18n, err, errlen) != 0)
		goto fail;
	if (gx_i18n_check_templates(gx_app.i18n, c->templates_dir, err, errlen) != 0)
		goto fail;
	if (gx_static_load(c->assets_dir, &gx_app.assets, err, errlen) != 0)
		goto fail;
	struct gx_domain_files files = {.registers = c->registers_file, .procedures_dir = c->procedures_dir,
					.descriptions_dir = c->register_descriptions_dir,
					.receipt_key = c->receipt_key_file};
	if (gx_domain_load(&gx_app.domain, &files, err, errlen) != 0 ||
	    check_status_labels(c->procedures_dir, err, errlen) != 0)
		goto fail;
	if (load_openapi(c->openapi_file, err, errlen) != 0)
		goto fail;
	gx_app.css_url = gx_static_url(gx_app.assets, "guichet.css");
	if (gx_app.css_url == NULL) {
		snprintf(err, errlen, "%s: guichet.css is missing (make builds it)", c->assets_dir);
		goto fail;
	}
	return 0;
fail:
	gx_app_free();
	return -1;
}

void gx_app_free(void)
{
	if (gx_app.tmpl != NULL)
		gx_tmpl_set_free(gx_app.tmpl);
	if (gx_app.i18n != NULL)
		gx_i18n_free(gx_app.i18n);
	if (gx_app.assets != NULL)
		gx_static_free(gx_app.assets);
	gx_domain_free(&gx_app.domain);
	free(gx_app.openapi);
	gx_app = (struct gx_app){0};
}
