#ifndef GX_PORTAL_APP_H
#define GX_PORTAL_APP_H

/** What the portal loads once at start and shares, read-only, with every
 *  worker thread: page templates, message catalogs, static assets. */

#include "config/config.h"
#include "core/ctx.h"

struct gx_req;
struct gx_tmpl_set;
struct gx_i18n;
struct gx_static;
struct gx_procedure;
struct gx_procedure_catalog;

struct gx_app {
	struct gx_tmpl_set *tmpl;
	struct gx_i18n *i18n;
	struct gx_static *assets;
	const char *css_url;   /* the hashed URL of guichet.css */
	char csp[600];         /* every page's Content-Security-Policy */
	char *openapi;         /* the OpenAPI document's bytes */
	size_t openapi_len;
	struct gx_domain domain;  /* the registers, procedures and receipt key, for core */
};

extern struct gx_app gx_app;

/** Loads templates, catalogs and assets from the configured folders and
 *  checks them against each other (every template's keys exist in every
 *  language). Returns -1 with a message naming the file on any error. */
int gx_app_load(const struct gx_config *c, char *err, size_t errlen);
void gx_app_free(void);

const struct gx_static *gx_app_assets(void);
/** The procedure with this id, or NULL. */
const struct gx_procedure *gx_app_procedure(const char *id);

/** The context core's operations run in for this request: its loop's
 *  store connection, group commit and HTTP client, its pool and id, the
 *  time now, and the logged-in person acting (request memory). */
const struct gx_core_ctx *gx_app_ctx(struct gx_req *r);

#endif
